"""Proxies and trust roots: --proxy, the environment's proxy, --no-env-proxy, --ca-bundle,
--trust os, against a real local CONNECT proxy and the HTTPS emulators."""

from __future__ import annotations

import sys
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
    ("mode", "name"),
    [
        ("auth", "proxy_auth_required"),
        ("refuse", "proxy_upstream_error"),
        ("forbid", "proxy_blocked"),
    ],
)
def test_a_refusing_proxy_is_named_as_the_proxy(
    run: Runner, world: World, mode: str, name: str
) -> None:
    with ConnectProxy(mode) as refusing:
        _, report = scan_json(run, world, "--proxy", refusing.url)
    assert failures(report) == {name}
    if mode == "forbid":  # G4: a policy proxy refusing the provider is a block on this network
        assert by_ref(report)["openai/gpt-5.5"] == "restricted/network_blocked"
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
    # E9: on Linux the OS store is OpenSSL's default paths, which SSL_CERT_FILE points at
    if sys.platform.startswith("linux"):
        _, os_trusted = scan_json(run, world, "--trust", "os")
        assert by_ref(os_trusted)["openai/gpt-5.5"] == "reachable/listed"


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
        ("api.example.com", ["127.0.0.1"], "127.0.0.1"),  # a blocker's hosts entry or sinkhole
        ("api.example.com", ["::1"], "::1"),
        ("api.openai.test", ["127.0.0.1"], None),  # special-use names: a deliberate local setup
        ("localhost", ["::1"], None),
        ("gateway.corp.internal.", ["127.0.0.2"], None),
        ("api.example.com", ["100.64.1.1"], "100.64.1.1"),  # CGNAT shared space
        ("api.example.com", ["fe80::1%eth0"], "fe80::1"),
        ("api.example.com", ["2606:4700::6812:6c0", "fd00::1"], "fd00::1"),
        ("10.0.0.5", ["10.0.0.5"], None),  # the registry named an IP: it means it
    ],
)
def test_suspicious_addresses(host: str, addresses: list[str], expected: str | None) -> None:
    from accesscheck.probe.dns import suspicious_address

    assert suspicious_address(host, addresses) == expected


def test_two_vantages_side_by_side_show_a_regional_restriction(
    run: Runner, world: World, tmp_path: Any
) -> None:
    import json
    import ssl

    from tests.emulator.server import Emulator, Scenario

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    world.ca.issue_cert("api.openai.test").configure_cert(context)
    real = world.emulators["openai"]
    # OpenAI as its edge answers in a region it does not serve
    with Emulator("openai", key=CANARY, scenario=Scenario(mode="geo"), ssl_context=context,
                  host_name="api.openai.test") as abroad, \
         ConnectProxy(routes={f"api.openai.test:{real.port}": abroad.port}) as exit_node:  # fmt: skip
        args = ("--vantage", "tokyo=direct", "--vantage", f"beijing={exit_node.url}",
                "-o", str(tmp_path / "both.json"))  # fmt: skip
        code, report = scan_json(run, world, *args)
        table = run("scan", "--registry", str(world.registry()), *args[:4], env=world.env)
    assert code == 0
    assert report["vantage"] is None
    assert [v["name"] for v in report["vantages"]] == ["tokyo", "beijing"]
    assert report["vantages"][1]["proxy"] == exit_node.url
    cells = {(r["vantage"], r["ref"]): f"{r['status']}/{r['reason']}" for r in report["results"]}
    assert cells[("tokyo", "openai/gpt-5.5")] == "reachable/listed"
    assert cells[("beijing", "openai/gpt-5.5")] == "restricted/geo_blocked"
    assert cells[("beijing", "anthropic/claude-opus-5-5")] == "reachable/listed"
    assert len(report["results"]) == 2 * len({ref for _, ref in cells})
    assert table.out.splitlines()[0].startswith("from tokyo: ")
    line = next(x for x in table.out.splitlines() if x.startswith("openai/gpt-5.5 "))
    assert line.endswith("restricted at beijing, reachable via tokyo")
    # the multi-vantage report merges like single ones
    merged = json.loads(run("merge", str(tmp_path / "both.json"), "-f", "json").out)
    assert [v["name"] for v in merged["vantages"]] == ["tokyo", "beijing"]
    regional = {m["ref"] for m in merged["models"] if m["spread"] == "regional"}
    assert "openai/gpt-5.5" in regional and "anthropic/claude-opus-5-5" not in regional


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vantage", "tokyo"], "--vantage 'tokyo': expected NAME=PROXY_URL (or NAME=direct)"),
        (["--vantage", "a=direct", "--vantage", "a=direct"], "each vantage needs its own name"),
        (["--vantage", "a=ftp://x:1"], "--vantage a: not a proxy URL"),
        (["--vantage", "a=direct", "-f", "junit"], "--format junit cannot show several vantages"),
        (["--vantage", "a=direct", "-o", "x.prom"], "x.prom: cannot tell the format from the name"),
        (["--vantage", "a=direct", "--baseline", "b.json"], "--vantage cannot be combined"),
    ],
)
def test_bad_vantages_are_usage_errors(run: Runner, args: list[str], message: str) -> None:
    result = run("scan", *args)
    assert result.code == 2 and message in result.err


def test_a_self_signed_server_certificate_is_named_and_gets_no_key(
    run: Runner, world: World
) -> None:
    import ssl

    import trustme

    from tests.emulator.server import Emulator, Scenario

    itself = trustme.CA()  # its own certificate as the server's: a self-signed leaf
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    itself.cert_pem.write_to_path(str(world.tmp_path / "self.pem"))
    itself.private_key_pem.write_to_path(str(world.tmp_path / "self.key"))
    context.load_cert_chain(world.tmp_path / "self.pem", world.tmp_path / "self.key")
    with Emulator("openai", key=CANARY, scenario=Scenario(), ssl_context=context,
                  host_name="api.openai.test") as appliance:  # fmt: skip
        world.overrides["openai"] = appliance.base_url
        _, report = scan_json(run, world)
    openai = [r for r in report["results"] if r["provider"] == "openai"]
    assert {r["failure"]["name"] for r in openai} == {"tls_self_signed"}
    assert "self-signed" in openai[0]["detail"]
    assert appliance.requests == []


def test_a_key_is_never_sent_over_plain_http_through_a_proxy(proxy: ConnectProxy) -> None:
    import asyncio

    from accesscheck.observation import Rung
    from accesscheck.probe.network import Network
    from accesscheck.probe.transport import Prober
    from accesscheck.providers.base import Request

    async def send(headers: dict[str, str]) -> Any:
        async with Prober(timeout=5, concurrency=1, network=Network(proxy=proxy.url)) as prober:
            return await prober.fetch(
                Rung.LIST, "http://127.0.0.1:9/v1", Request("GET", "/models"), headers
            )

    keyed = asyncio.run(send({"Authorization": f"Bearer {CANARY}"}))
    assert keyed.failure is not None and keyed.failure.name.value == "proxy_plaintext"
    assert proxy.heads == []  # nothing reached the proxy
    keyless = asyncio.run(send({}))  # nothing secret: it may go (our test proxy refuses it)
    assert keyless.failure is None and keyless.status == 502
    assert len(proxy.heads) == 1 and CANARY.encode() not in proxy.heads[0]


@pytest.mark.parametrize(
    ("environ", "url", "proxied"),
    [
        ({"HTTPS_PROXY": "http://p.example:1"}, "https://api.openai.com/v1", True),
        ({"ALL_PROXY": "http://p.example:1"}, "https://api.openai.com/v1", True),
        (
            {"HTTPS_PROXY": "http://p.example:1", "NO_PROXY": "openai.com"},
            "https://api.openai.com/v1",
            False,
        ),
        (
            {"HTTPS_PROXY": "http://p.example:1", "NO_PROXY": ".openai.com"},
            "https://api.openai.com/v1",
            False,
        ),
        (
            {"HTTPS_PROXY": "http://p.example:1", "NO_PROXY": "*"},
            "https://api.openai.com/v1",
            False,
        ),
        (
            {"HTTPS_PROXY": "http://p.example:1", "NO_PROXY": "api.openai.com:443"},
            "https://api.openai.com/v1",
            True,
        ),
        # G6: NO_PROXY=localhost does not cover 127.0.0.1 (both httpx and accesscheck proxy it)
        (
            {"HTTP_PROXY": "http://p.example:1", "NO_PROXY": "localhost"},
            "http://127.0.0.1:8000/v1",
            True,
        ),
        (
            {"HTTP_PROXY": "http://p.example:1", "NO_PROXY": "localhost"},
            "http://localhost:8000/v1",
            False,
        ),
        (
            {"HTTP_PROXY": "http://p.example:1", "NO_PROXY": "127.0.0.1"},
            "http://127.0.0.1:8000/v1",
            False,
        ),
        # G5: a CIDR in NO_PROXY is not honoured (documented in README)
        (
            {"HTTP_PROXY": "http://p.example:1", "NO_PROXY": "10.0.0.0/8"},
            "http://10.1.2.3:8000/v1",
            True,
        ),
    ],
)
def test_our_proxy_decision_agrees_with_httpx_routing(
    environ: dict[str, str], url: str, proxied: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The DNS step and the vantage's proxy come from Network.proxy_for; the request itself is
    routed by httpx. Pin both to the same answer (RELIABILITY G5, G6)."""
    import httpx

    from accesscheck.probe.network import Network

    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with httpx.Client(trust_env=True) as client:
        transport = client._transport_for_url(httpx.URL(url))  # private: this test pins it
        routed = type(getattr(transport, "_pool", transport)).__name__ != "ConnectionPool"
    assert routed is proxied
    assert (Network().proxy_for(url) is not None) is proxied


def test_discover_goes_through_the_proxy_too(
    run: Runner, world: World, proxy: ConnectProxy
) -> None:
    result = run("discover", "--registry", str(world.registry()), "--proxy", proxy.url,
                 "--format", "json", env=world.env)  # fmt: skip
    assert result.code == 0, result.err
    assert f"api.openai.test:{world.emulators['openai'].port}" in proxy.connects()
    assert not any(CANARY.encode() in head for head in proxy.heads)


def _loose_ca(tmp_path: Any, host: str, **checks: bool) -> tuple[Any, Any]:
    """A corporate CA of the kind Python 3.13's strict X.509 checks refuse: a leaf without an
    Authority Key Identifier, a CA without a Subject Key Identifier, or a CA whose Basic
    Constraints are not critical. Returns (CA bundle path, server SSL context)."""
    import datetime
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example Corp Root")])
    ca = (
        x509.CertificateBuilder(subject_name=ca_name, issuer_name=ca_name, serial_number=1)
        .not_valid_before(start)
        .not_valid_after(end)
        .public_key(ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), checks["bc_critical"])
        .add_extension(x509.KeyUsage(*[False] * 5, True, True, False, False), critical=True)
    )
    if checks["ca_ski"]:
        ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
        ca = ca.add_extension(ski, critical=False)
    leaf = (
        x509.CertificateBuilder(issuer_name=ca_name, serial_number=2)
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .not_valid_before(start)
        .not_valid_after(end)
        .public_key(key.public_key())
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
    )
    if checks["leaf_aki"]:
        aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key())
        leaf = leaf.add_extension(aki, critical=False)
    pem = serialization.Encoding.PEM
    bundle, chain = tmp_path / "loose-ca.pem", tmp_path / "loose-leaf.pem"
    bundle.write_bytes(ca.sign(ca_key, hashes.SHA256()).public_bytes(pem))
    chain.write_bytes(
        leaf.sign(ca_key, hashes.SHA256()).public_bytes(pem)
        + key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(chain)
    return bundle, context


@pytest.mark.parametrize(
    ("checks", "what"),
    [
        ({"leaf_aki": False, "ca_ski": True, "bc_critical": True}, "Authority Key Identifier"),
        ({"leaf_aki": True, "ca_ski": False, "bc_critical": True}, "Subject Key Identifier"),
        ({"leaf_aki": True, "ca_ski": True, "bc_critical": False}, "Basic Constraints"),
    ],
)
def test_e10_a_ca_that_strict_x509_refuses_works_with_trust_os(
    run: Runner, world: World, monkeypatch: pytest.MonkeyPatch, checks: dict[str, bool], what: str
) -> None:
    """Python 3.13+ sets VERIFY_X509_STRICT in ssl.create_default_context(); this machine may
    run an older Python, so the test sets the flag the way 3.13 does (a no-op there)."""
    import ssl

    from tests.emulator.server import Emulator

    bundle, context = _loose_ca(world.tmp_path, "api.openai.test", **checks)
    default_context = ssl.create_default_context

    def as_on_313(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made = default_context(*args, **kwargs)
        made.verify_flags |= ssl.VERIFY_X509_STRICT
        return made

    with Emulator("openai", key=CANARY, scenario=test_scan.scenarios()["openai"], ssl_context=context,
                  host_name="api.openai.test") as appliance:  # fmt: skip
        world.overrides["openai"] = appliance.base_url
        monkeypatch.setattr(ssl, "create_default_context", as_on_313)
        _, strict = scan_json(run, world, "--ca-bundle", str(bundle))
        assert appliance.requests == []  # refused before any request, so no key was sent
        _, os_store = scan_json(run, world, "--trust", "os", env={**world.env,
                                "SSL_CERT_FILE": str(bundle)})  # fmt: skip
    assert by_ref(strict)["openai/gpt-5.5"] == "unknown/unexpected_response"
    openai = [r for r in strict["results"] if r["provider"] == "openai"]
    assert {r["failure"]["name"] for r in openai} == {"tls_untrusted_ca"}
    assert what in openai[0]["detail"] and "--trust os" in openai[0]["detail"]
    if sys.platform.startswith("linux"):  # the OS store is OpenSSL's default paths here
        assert by_ref(os_store)["openai/gpt-5.5"] == "reachable/listed"


def test_the_vertex_token_mint_goes_through_the_proxy(
    world: World, proxy: ConnectProxy, fake_dns: dict[str, str]
) -> None:
    """Minting a Vertex OAuth token (a service-account JWT swapped at token_uri) obeys --proxy
    and --ca-bundle like every probe: CONNECT through the proxy, verified TLS inside it."""
    import ssl

    from google.auth.exceptions import TransportError

    from accesscheck.probe.google import GoogleAuthTransport
    from accesscheck.probe.network import Network
    from tests.emulator.server import Emulator, Scenario

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    world.ca.issue_cert("oauth2.googleapis.test").configure_cert(context)
    with Emulator("vertex", key="ya29.fake-minted", scenario=Scenario(), ssl_context=context,
                  host_name="oauth2.googleapis.test") as oauth:  # fmt: skip
        fake_dns["oauth2.googleapis.test"] = "127.0.0.1"
        transport = GoogleAuthTransport(5.0, Network(proxy=proxy.url, ca_bundle=str(world.bundle)))
        form = b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=x.y.z"
        answer = transport(f"{oauth.origin}/token", method="POST", body=form,
                           headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
        untrusted = GoogleAuthTransport(5.0, Network(proxy=proxy.url))
        with pytest.raises(TransportError):  # not trusted without --ca-bundle
            untrusted(f"{oauth.origin}/token", method="POST", body=form)
        transport.close()
        untrusted.close()
    assert answer.status == 200 and b"ya29.fake-minted" in answer.data
    assert proxy.connects() == [f"oauth2.googleapis.test:{oauth.port}"] * 2
    assert [r.path for r in oauth.requests] == ["/token"]  # the untrusted attempt sent nothing


def _dns_ms(report: dict[str, Any], provider: str) -> Any:
    return next(p["timings"]["dns_ms"] for p in report["providers"] if p["id"] == provider)


def test_no_proxy_with_a_leading_dot_is_read_as_httpx_reads_it(
    run: Runner, world: World, proxy: ConnectProxy
) -> None:
    """#11: NO_PROXY=.api.openai.test exempts only names under it (httpx, curl), so the request
    to api.openai.test goes through the proxy, and nothing derived from it says direct."""
    env = {**world.env, "HTTPS_PROXY": proxy.url, "NO_PROXY": ".api.openai.test"}
    _, report = scan_json(run, world, env=env)
    port = world.emulators["openai"].port
    assert f"api.openai.test:{port}" in proxy.connects()
    assert by_ref(report)["openai/gpt-5.5"] == "reachable/listed"
    assert _dns_ms(report, "openai") is None  # the proxy resolved the name, not this machine


def test_no_proxy_with_a_port_is_read_as_httpx_reads_it(
    run: Runner, world: World, proxy: ConnectProxy
) -> None:
    """#11: NO_PROXY=api.openai.test:<port> sends that host:port direct (httpx); the DNS step
    is this machine's, as for any direct request."""
    port = world.emulators["openai"].port
    env = {**world.env, "HTTPS_PROXY": proxy.url, "NO_PROXY": f"api.openai.test:{port}"}
    _, report = scan_json(run, world, env=env)
    assert f"api.openai.test:{port}" not in proxy.connects()
    assert proxy.connects()  # the other providers still went through the proxy
    assert by_ref(report)["openai/gpt-5.5"] == "reachable/listed"
    assert _dns_ms(report, "openai") is not None
