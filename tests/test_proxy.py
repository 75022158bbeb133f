"""Proxies and trust roots: --proxy, the environment's proxy, --no-env-proxy, --ca-bundle,
--trust os, against a real local CONNECT proxy and the HTTPS emulators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import test_scan
from tests.conftest import CANARY, Runner
from tests.emulator.proxy import ConnectProxy
from tests.test_scan import World, scan_json

fake_dns, world = test_scan.fake_dns, test_scan.world  # the HTTPS emulators' fixtures


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    with ConnectProxy() as running:
        yield running


def failures(report: dict[str, Any]) -> set[str]:
    return {r["failure"]["name"] if r["failure"] else "" for r in report["results"]}


def by_ref(report: dict[str, Any]) -> dict[str, str]:
    return {r["ref"]: f"{r['status']}/{r['reason']}" for r in report["results"]}


def test_a_scan_through_a_connect_proxy_sees_what_a_direct_one_does(
    run: Runner, world: World, proxy: ConnectProxy
) -> None:
    _, direct = scan_json(run, world)
    _, proxied = scan_json(run, world, "--proxy", proxy.url)
    assert by_ref(proxied) == by_ref(direct)
    assert by_ref(proxied)["openai/gpt-5.5"] == "reachable/listed"
    port = world.emulators["openai"].port
    assert f"api.openai.test:{port}" in proxy.connects()
    # the proxy saw only CONNECT heads: the key travelled inside the TLS tunnel
    assert all(head.startswith(b"CONNECT ") for head in proxy.heads)
    assert not any(CANARY.encode() in head for head in proxy.heads)
    assert proxied["vantage"]["proxy"] == proxy.url
    # through a proxy the proxy resolves names: no local DNS step was timed
    timings = {p["id"]: p["timings"]["dns_ms"] for p in proxied["providers"]}
    assert set(timings.values()) == {None}


def test_the_environment_proxy_is_used_unless_no_env_proxy(
    run: Runner, world: World, proxy: ConnectProxy
) -> None:
    env = {**world.env, "HTTPS_PROXY": proxy.url}
    _, report = scan_json(run, world, env=env)
    assert by_ref(report)["openai/gpt-5.5"] == "reachable/listed" and proxy.connects()
    seen = len(proxy.heads)
    _, report = scan_json(run, world, "--no-env-proxy", env=env)
    assert by_ref(report)["openai/gpt-5.5"] == "reachable/listed"
    assert len(proxy.heads) == seen and report["vantage"]["proxy"] is None


@pytest.mark.parametrize(
    ("mode", "name"), [("auth", "proxy_auth_required"), ("refuse", "proxy_error")]
)
def test_a_refusing_proxy_is_named_as_the_proxy(
    run: Runner, world: World, mode: str, name: str
) -> None:
    with ConnectProxy(mode) as refusing:
        _, report = scan_json(run, world, "--proxy", refusing.url)
    assert failures(report) == {name}
    layers = {r["failure"]["layer"] for r in report["results"]}
    assert layers == {"proxy"}
    assert not any(CANARY.encode() in head for head in refusing.heads)


def test_an_unreachable_proxy(run: Runner, world: World, closed_port: int) -> None:
    _, report = scan_json(run, world, "--proxy", f"http://127.0.0.1:{closed_port}")
    assert failures(report) == {"proxy_unreachable"}


def test_a_corporate_ca_bundle_works_without_turning_verification_off(
    run: Runner, world: World
) -> None:
    env = {k: v for k, v in world.env.items() if k != "SSL_CERT_FILE"}
    _, untrusted = scan_json(run, world, env=env)
    assert failures(untrusted) == {"tls_untrusted_ca"}
    _, trusted = scan_json(run, world, "--ca-bundle", str(world.bundle), env=env)
    assert by_ref(trusted)["openai/gpt-5.5"] == "reachable/listed"
    # the OS trust store does not hold the test CA: still verified, still refused
    _, os_store = scan_json(run, world, "--trust", "os", env=env)
    assert failures(os_store) == {"tls_untrusted_ca"}


@pytest.mark.parametrize(
    "bad",
    ["ftp://proxy.example:21", "proxy.example:3128", "http://", "http://fake-user:fake-pass@/"],
)
def test_a_bad_proxy_url_is_a_usage_error(run: Runner, bad: str) -> None:
    result = run("scan", "--proxy", bad)
    assert result.code == 2 and result.err.startswith(
        "accesscheck: error: --proxy: not a proxy URL"
    )
    assert "fake-pass" not in result.err


def test_a_missing_ca_bundle_is_a_usage_error(run: Runner, tmp_path: Any) -> None:
    result = run("scan", "--ca-bundle", str(tmp_path / "corp.pem"))
    assert result.code == 2
    assert (
        result.err
        == f"accesscheck: error: --ca-bundle={tmp_path / 'corp.pem'}: not a readable PEM certificate bundle\n"
    )


@pytest.mark.parametrize(
    ("address", "kind"),
    [("10.20.30.40", "private"), ("198.18.0.7", "fake-IP"), ("0.0.0.0", "unspecified")],
)
def test_a_public_name_resolving_to_a_bogon_is_a_suspicious_dns_answer(
    run: Runner, world: World, monkeypatch: pytest.MonkeyPatch, address: str, kind: str
) -> None:
    import socket

    resolve = socket.getaddrinfo

    def hijacked(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name == "api.anthropic.test":  # as a poisoned resolver would answer
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]
        return resolve(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hijacked)
    _, report = scan_json(run, world)
    anthropic = [r for r in report["results"] if r["provider"] == "anthropic"]
    assert {r["failure"]["name"] for r in anthropic} == {"dns_suspicious_answer"}, kind
    assert {f"{r['status']}/{r['reason']}" for r in anthropic} == {"restricted/network_blocked"}
    assert f"api.anthropic.test resolved to {address}" in anthropic[0]["detail"]
    assert by_ref(report)["openai/gpt-5.5"] == "reachable/listed"  # the others still answer


@pytest.mark.parametrize(
    ("host", "addresses", "expected"),
    [
        ("api.example.com", ["104.18.6.192"], None),
        ("api.example.com", ["127.0.0.1"], None),  # loopback: a deliberate hosts entry
        ("api.example.com", ["100.64.1.1"], "100.64.1.1"),  # CGNAT shared space
        ("api.example.com", ["fe80::1%eth0"], "fe80::1"),
        ("api.example.com", ["2606:4700::6812:6c0", "fd00::1"], "fd00::1"),
        ("10.0.0.5", ["10.0.0.5"], None),  # the registry named an IP: it means it
    ],
)
def test_suspicious_addresses(host: str, addresses: list[str], expected: str | None) -> None:
    from accesscheck.probe import suspicious_address

    assert suspicious_address(host, addresses) == expected
