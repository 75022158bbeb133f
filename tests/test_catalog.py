"""`accesscheck discover --catalog`: models.dev and OpenRouter's public list against the
registry, offline against snapshots of their real shape (tests/emulator/catalogs/README.md)."""

from __future__ import annotations

import json
import os
import socket
import ssl
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from accesscheck import catalog, discover, registry
from accesscheck.choices import Catalog, TextFormat
from accesscheck.probe.network import Network
from accesscheck.report.catalog import RENDERERS
from tests import test_scan
from tests.conftest import CANARY, Run, Runner, provider_entry, write_registry
from tests.emulator.proxy import ConnectProxy
from tests.emulator.raw import RawServer, http_answer, private_ca, read_head
from tests.emulator.server import OK, Emulator, Scenario

SNAPSHOTS = Path(__file__).parent / "emulator" / "catalogs"
MODELS_DEV = (SNAPSHOTS / "models-dev-api.json").read_bytes()
OPENROUTER = (SNAPSHOTS / "openrouter-models.json").read_bytes()
OPENROUTER_PATH = "/api/v1/models"
fake_dns = test_scan.fake_dns  # provider-like names on loopback


def catalogue_server(
    pages: Mapping[str, bytes],
    status: str = "200 OK",
    content_type: str = "application/json",
    extra: Mapping[str, str] | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> RawServer:
    """A loopback server answering each request target with its page (404 for anything else)."""

    def behaviour(conn: socket.socket) -> None:
        head = read_head(conn)
        target = head.split(b" ", 2)[1].decode() if head.count(b" ") >= 2 else ""
        body = pages.get(target)
        if body is None:
            conn.sendall(http_answer("404 Not Found", {"content-length": "0"}, b""))
            return
        headers = {
            "content-type": content_type,
            "content-length": str(len(body)),
            "connection": "close",  # one request per connection, as the server handles it
            **(extra or {}),
        }
        conn.sendall(http_answer(status, headers, body))

    return RawServer(behaviour, read_request=False, ssl_context=ssl_context)


def models_dev(run: Runner, *args: str) -> tuple[str, Run]:
    with catalogue_server({"/api.json": MODELS_DEV}) as server:
        url = f"{server.url}/api.json"
        return url, run("discover", "--catalog", "models.dev", "--catalog-url", url, *args)


def test_models_dev_against_the_bundled_registry(run: Runner) -> None:
    url, result = models_dev(run, "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert (doc["catalog"], doc["url"], doc["registry"]) == ("models.dev", url, "builtin")
    by_id = {p["id"]: p for p in doc["providers"]}
    openai = by_id["openai"]
    assert (openai["listed_as"], openai["listed"]) == ("openai", 3)
    assert openai["new"] == ["gpt-4.1", "gpt-4o"]  # gpt-5.5 is in the registry
    assert "gpt-6-sol" in openai["missing"] and "gpt-5.5" not in openai["missing"]
    assert openai["dates"] == {
        "gpt-4.1": {"release_date": "2025-04-14"},
        "gpt-4o": {"release_date": "2024-05-13"},
    }
    anthropic = by_id["anthropic"]
    assert anthropic["new"] == ["claude-3-opus-20240229"]
    assert anthropic["dates"] == {
        "claude-3-opus-20240229": {"release_date": "2024-02-29", "status": "deprecated"}
    }
    assert by_id["openrouter"]["new"] == ["anthropic/claude-opus-4.8", "deepseek/deepseek-v4-flash"]
    # A registry provider the catalogue does not have is said, not compared; a catalogue
    # provider the registry lacks (llama) is not shown at all.
    assert by_id["ollama"]["listed_as"] is None and by_id["ollama"]["missing"] == []
    assert set(by_id) == {p.id for p in registry.load().providers}


def test_catalogue_text_report(run: Runner, tmp_path: Path) -> None:
    path = write_registry(tmp_path / "r.yaml", [
        provider_entry("openai", "openai", "https://api.openai.com/v1", ["gpt-5.5", "gpt-4-old"]),
        provider_entry("anthropic", "anthropic", "https://api.anthropic.com",
                       ["claude-opus-4-8", "claude-3-opus-20240229"]),
        provider_entry("acme", "openai", "https://api.acme.test/v1", ["a-1"]),
    ])  # fmt: skip
    url, result = models_dev(run, "-r", str(path))
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"models.dev ({url})",
        "openai: 3 models in models.dev (openai); 2 new, 1 no longer listed",
        "  + gpt-4.1  (in models.dev, not in the registry)  release_date: 2025-04-14",
        "  + gpt-4o  (in models.dev, not in the registry)  release_date: 2024-05-13",
        "  - gpt-4-old  (in the registry, not in models.dev)",
        "anthropic: 2 models in models.dev (anthropic); 0 new, 0 no longer listed",
        "  ! claude-3-opus-20240229  release_date: 2024-02-29, status: deprecated",
        "not in models.dev: acme",
    ]


def test_models_dev_yaml_extends_builtin_loads_and_scans(run: Runner, tmp_path: Path) -> None:
    scenario = Scenario(models={"gpt-5.5": OK, "gpt-4o": OK, "gpt-4.1": OK})
    with Emulator("openai", key=CANARY, scenario=scenario) as openai:
        mine = tmp_path / "mine.yaml"
        mine.write_text(
            "version: 1\nextends: builtin\nproviders:\n"
            f"  - id: openai\n    base_url: {openai.base_url}\n"
        )
        written = tmp_path / "catalogue.yaml"
        url, found = models_dev(run, "-r", str(mine), "-p", "openai", "--yaml", str(written))
        assert found.code == 0, found.err
        text = written.read_text()
        assert "extends: builtin" in text
        reg = registry.load(written)
        (entry,) = [p for p in reg.providers if p.id == "openai"]
        added = {m.id: m for m in entry.models if m.id in ("gpt-4o", "gpt-4.1")}
        assert set(added) == {"gpt-4o", "gpt-4.1"}
        for model in added.values():
            assert model.verified is False and model.source == url
        assert [(e.date, e.what, e.source) for e in added["gpt-4o"].events] == [
            ("2024-05-13", "released (models.dev release_date)", url)
        ]
        assert added["gpt-4o"].note == "listed by models.dev: release_date 2024-05-13"
        scan = run("scan", "-r", str(written), "--no-history", "-f", "json",
                   env={"OPENAI_API_KEY": CANARY})  # fmt: skip
    # The bundled providers are out of reach offline (tests resolve loopback only) and a
    # loopback emulator does not count as the network: exit 3. OpenAI's rows are the point.
    assert scan.code == 3, scan.err
    results = {r["ref"]: r for r in json.loads(scan.out)["results"]}
    for ref in ("openai/gpt-4o", "openai/gpt-4.1"):
        assert results[ref]["status"] == "reachable", results[ref]


def openrouter_pages() -> dict[str, bytes]:
    """The snapshot split over two pages joined by links.next, as OpenRouter pages by offset."""
    data = json.loads(OPENROUTER)["data"]
    following = f"{OPENROUTER_PATH}?offset=2&limit=2"
    return {
        OPENROUTER_PATH: json.dumps({"data": data[:2], "links": {"next": following}}).encode(),
        following: json.dumps({"data": data[2:], "links": {"next": None}}).encode(),
    }


def test_openrouter_pages_dates_and_yaml(run: Runner, tmp_path: Path) -> None:
    written = tmp_path / "openrouter.yaml"
    with catalogue_server(openrouter_pages()) as server:
        url = server.url + OPENROUTER_PATH
        result = run("discover", "--catalog", "openrouter", "--catalog-url", url, "-p",
                     "openrouter", "-f", "json", "--yaml", str(written))  # fmt: skip
    assert result.code == 0, result.err
    (openrouter,) = json.loads(result.out)["providers"]
    assert openrouter["listed"] == 4  # both pages
    assert openrouter["new"] == [
        "ai21/jamba-large-1.7",
        "deepseek/deepseek-v4-flash",
        "openai/gpt-5.5",
        "x-ai/grok-4",
    ]
    assert {"sakana/fugu-ultra", "~openai/gpt-sol-latest"} <= set(openrouter["missing"])
    assert openrouter["dates"]["x-ai/grok-4"] == {
        "created": "2025-07-09",
        "expiration_date": "2026-05-15",
    }
    text = written.read_text()
    assert "# 1 not written: whose model it is (upstream) is not known" in text
    reg = registry.load(written)
    (entry,) = [p for p in reg.providers if p.id == "openrouter"]
    added = {m.id: m for m in entry.models if not m.verified}
    # A gateway's model must say whose it is: ai21 is no provider or lab of the registry.
    assert set(added) == {"deepseek/deepseek-v4-flash", "openai/gpt-5.5", "x-ai/grok-4"}
    assert added["x-ai/grok-4"].upstream == ("xai",)
    assert [(e.date, e.what) for e in added["x-ai/grok-4"].events] == [
        ("2025-07-09", "added to openrouter (created)"),
        ("2026-05-15", "may be removed after this date (openrouter expiration_date)"),
    ]


def test_openrouter_compares_the_openrouter_provider_only(run: Runner) -> None:
    with catalogue_server({OPENROUTER_PATH: OPENROUTER}) as server:
        url = server.url + OPENROUTER_PATH
        whole = run("discover", "--catalog", "openrouter", "--catalog-url", url, "-f", "json")
        asked = run("discover", "--catalog", "openrouter", "--catalog-url", url, "-p", "groq")
    assert [p["id"] for p in json.loads(whole.out)["providers"]] == ["openrouter"]
    assert asked.out.splitlines() == [f"openrouter ({url})", "not in openrouter: groq"]


def test_a_list_that_never_ends_is_refused(run: Runner) -> None:
    endless = json.dumps({"data": [], "links": {"next": OPENROUTER_PATH}}).encode()
    with catalogue_server({OPENROUTER_PATH: endless}) as server:
        url = server.url + OPENROUTER_PATH
        result = run("discover", "--catalog", "openrouter", "--catalog-url", url)
    assert server.connections == catalog.MAX_PAGES
    assert (result.code, result.err) == (
        2,
        f"accesscheck: error: catalogue openrouter ({url}): more than 20 pages\n",
    )


def test_a_next_link_to_another_host_is_not_followed() -> None:
    listing = {"data": [], "links": {"next": "https://elsewhere.example/api/v1/models?offset=2"}}
    assert catalog._next_page("http://127.0.0.1:9/api/v1/models", listing) is None
    same = {"data": [], "links": {"next": "/api/v1/models?offset=2"}}
    assert catalog._next_page("http://127.0.0.1:9/api/v1/models", same) == (
        "http://127.0.0.1:9/api/v1/models?offset=2"
    )


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("which", "server", "code", "problem"),
    [
        ("models.dev", catalogue_server({}), 2, "answered HTTP 404, not the catalogue"),
        ("models.dev", catalogue_server({"/c": b"<html>Just a moment...</html>"},
                                        content_type="text/html"), 2, "not JSON"),
        ("models.dev", catalogue_server({"/c": OPENROUTER}), 2,
         "wrong shape: no provider has a models object"),
        ("models.dev", catalogue_server({"/c": b'{"openai": {"models": []}}'}), 2,
         "wrong shape: openai.models is not an object"),
        ("openrouter", catalogue_server({"/c": MODELS_DEV}), 2, "wrong shape: no data list"),
        ("openrouter", catalogue_server({"/c": b'{"data": [{"name": "x"}]}'}), 2,
         "wrong shape: a model without an id"),
        ("openrouter", catalogue_server({"/c": b"[]"}), 2, "wrong shape: no data list"),
        ("models.dev", catalogue_server({"/c": MODELS_DEV}, status="302 Found",
                                        extra={"location": "https://evil.example/"}), 2,
         "http_redirect: redirect to https://evil.example (not followed)"),
        ("openrouter", None, 3, "tcp_refused"),
    ],
)  # fmt: skip
def test_a_catalogue_that_cannot_be_used_is_one_line(
    run: Runner, which: str, server: RawServer | None, code: int, problem: str
) -> None:
    if server is None:
        url = f"http://127.0.0.1:{_refused_port()}/c"
        result = run("discover", "--catalog", which, "--catalog-url", url)
    else:
        with server:
            url = f"{server.url}/c"
            result = run("discover", "--catalog", which, "--catalog-url", url)
    assert result.code == code
    assert result.out == ""
    assert result.err.startswith(f"accesscheck: error: catalogue {which} ({url}): ")
    assert problem in result.err
    assert result.err.count("\n") == 1  # one line, no traceback


def test_a_catalogue_still_coming_at_the_deadline_says_so(run: Runner) -> None:
    def stall(conn: socket.socket) -> None:
        head = {"content-type": "application/json", "content-length": str(len(MODELS_DEV))}
        conn.sendall(http_answer("200 OK", head, MODELS_DEV[:100]))
        time.sleep(3)

    with RawServer(stall) as server:
        url = f"{server.url}/api.json"
        result = run("discover", "--catalog", "models.dev", "--catalog-url", url, "--timeout", "1")
    assert result.code == 3
    assert result.err == (
        f"accesscheck: error: catalogue models.dev ({url}): deadline_exceeded: deadline exceeded "
        "during http (a catalogue is megabytes: try a longer --timeout than 1s)\n"
    )


def test_a_catalogue_over_the_cap_is_refused(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "MAX_CATALOG_BYTES", 1024)
    with catalogue_server({"/api.json": MODELS_DEV}) as server:
        result = run("discover", "--catalog", "models.dev", "--catalog-url",
                     f"{server.url}/api.json")  # fmt: skip
    assert result.code == 2
    assert result.err.endswith("): larger than 1024 bytes\n")


def test_a_real_sized_catalogue_fits() -> None:
    # OpenRouter's list was 432 KB in May 2026, over the 256 KiB a provider's answer may be:
    # the catalogue gets the JSON reader's own bound.
    big = json.dumps({"data": [{"id": f"lab/model-{i}", "created": 1752087689,
                                "description": "x" * 1000} for i in range(600)]}).encode()  # fmt: skip
    assert len(big) > 512 * 1024
    with catalogue_server({OPENROUTER_PATH: big}) as server:
        listing = catalog.fetch(Catalog.OPENROUTER, server.url + OPENROUTER_PATH, timeout=10,
                                network=Network(env_proxy=False))  # fmt: skip
    assert len(listing.providers["openrouter"]) == 600


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--catalog-url", "https://mirror.example/api.json"],
         "--catalog-url: give --catalog too (models.dev or openrouter)"),
        (["--catalog", "models.dev", "--catalog-url", "http://mirror.example/api.json"],
         "--catalog-url: http:// is allowed only to loopback hosts (127.0.0.0/8, ::1, localhost)"),
        (["--catalog", "openrouter", "--catalog-url", "https://u:p@mirror.example/m"],
         "--catalog-url: credentials in a URL are not allowed"),
        (["--catalog", "openrouter", "--catalog-url", "https://mirror.example:99999/m"],
         "--catalog-url: URL port must be a number from 1 to 65535"),
        (["--catalog", "models.dev", "-p", "opneai"],
         "--provider 'opneai': not in the registry (did you mean 'openai'?)"),
    ],
)  # fmt: skip
def test_catalogue_usage_errors(run: Runner, args: list[str], error: str) -> None:
    result = run("discover", *args)
    assert (result.code, result.err) == (2, f"accesscheck: error: {error}\n")


def test_every_mapped_provider_is_a_bundled_provider() -> None:
    # The tables name registry ids: a renamed provider must fail here, not map to nothing.
    bundled = registry.load()
    providers = {p.id for p in bundled.providers}
    makers = providers | {lab.id for lab in bundled.labs}
    assert set(catalog.MODELS_DEV_PROVIDERS.values()) <= providers
    assert catalog.OPENROUTER_PROVIDER in providers
    assert set(discover.AUTHORS.values()) <= makers
    # One catalogue provider per registry provider: two would overwrite each other's list.
    assert len(set(catalog.MODELS_DEV_PROVIDERS.values())) == len(catalog.MODELS_DEV_PROVIDERS)


@pytest.mark.parametrize(
    ("model_id", "maker"),
    [
        ("x-ai/grok-4", "xai"),
        ("mistralai/mistral-large", "mistral"),
        ("MiniMaxAI/MiniMax-M3", "minimax"),
        ("anthropic.claude-opus-4-8", "anthropic"),
        ("eu.anthropic.claude-opus-4-8", "anthropic"),
        ("ai21/jamba-large-1.7", None),
        ("gpt-4o", None),
        ("gpt-4.1", None),
    ],
)
def test_author_of(model_id: str, maker: str | None) -> None:
    assert discover.author_of(model_id) == maker


def test_every_discover_format_renders_a_catalogue() -> None:
    assert set(RENDERERS) == set(TextFormat)


@pytest.mark.live
@pytest.mark.skipif(
    os.environ.get("ACCESSCHECK_LIVE") != "1", reason="live tests are opt-in: ACCESSCHECK_LIVE=1"
)
@pytest.mark.parametrize("which", list(Catalog))
def test_live_catalogue(which: Catalog) -> None:
    """The real catalogues still read: their shape is the one this module parses."""
    listing = catalog.fetch(which, catalog.CATALOG_URLS[which], timeout=60, network=Network())
    compared = catalog.compare(registry.load().providers, listing)
    listed = {d.provider: d.listed for d in compared if d.listed_as is not None}
    assert listed.get("openrouter", 0) > 50
    if which is Catalog.MODELS_DEV:
        assert listed.get("openai", 0) > 5 and listed.get("anthropic", 0) > 5


def test_a_model_the_registry_could_not_load_is_left_out(tmp_path: Path) -> None:
    # Registry of its own: an OpenRouter gateway, OpenAI and DeepSeek, no xAI. x-ai/grok-4's
    # maker is known to the table but not to this registry, so its upstream would not load;
    # an id the registry's schema refuses is left out too. What remains loads.
    gateway = provider_entry("openrouter", "openai", "https://openrouter.ai/api/v1", [],
                             kind="gateway")  # fmt: skip
    gateway["models"] = [{"id": "openai/gpt-5.5", "upstream": ["openai"]}]
    openai = provider_entry("openai", "openai", "https://api.openai.com/v1", ["gpt-5.5"])
    deepseek = provider_entry("deepseek", "openai", "https://api.deepseek.com", ["deepseek-chat"])
    path = write_registry(tmp_path / "r.yaml", [gateway, openai, deepseek])
    reg = registry.load(path)
    page = json.loads(OPENROUTER)
    page["data"].append({"id": "openai/bad id", "created": 1752087689})
    listing = catalog.read(Catalog.OPENROUTER, "https://openrouter.ai/api/v1/models", [page])
    found = catalog.compare(reg.providers, listing)
    added, skipped = discover.loadable(catalog.additions(found, listing), reg)
    assert [m["id"] for m in added["openrouter"]] == ["deepseek/deepseek-v4-flash"]
    assert skipped == 3  # ai21 (unknown maker), openai/bad id (schema), x-ai (not here)
    written = tmp_path / "new.yaml"
    written.write_text(catalog.fragment_text(found, reg, listing, str(written)))
    assert {m.id for p in registry.load(written).providers for m in p.models} == {
        "openai/gpt-5.5",
        "deepseek/deepseek-v4-flash",
        "gpt-5.5",
        "deepseek-chat",
    }


def test_a_public_model_list_is_discovered_without_a_key(run: Runner, tmp_path: Path) -> None:
    # OpenRouter serves its list to anyone: plain `discover` compares it with no key set, even
    # at a real catalogue's size; a provider that wants a key still says so.
    many = {f"vendor/model-{i:04d}-{'x' * 100}": OK for i in range(2000)}
    scenario = Scenario(models={"~openai/gpt-sol-latest": OK, **many})
    with (
        Emulator("openai", family="openrouter", key=CANARY, scenario=scenario) as gateway,
        Emulator("openai", key=CANARY) as openai,
    ):
        entry = provider_entry("openrouter", "openai", gateway.base_url, [], kind="gateway")
        entry["models"] = [{"id": "~openai/gpt-sol-latest", "upstream": ["openai"]},
                           {"id": "gone/model", "upstream": ["openai"]}]  # fmt: skip
        path = write_registry(tmp_path / "r.yaml", [
            entry, provider_entry("openai", "openai", openai.base_url, ["gpt-5.5"])
        ])  # fmt: skip
        result = run("discover", "-r", str(path), "-f", "json")
    assert result.code == 0, result.err
    by_id = {p["id"]: p for p in json.loads(result.out)["providers"]}
    listed = by_id["openrouter"]
    assert (listed["status"], listed["reason"]) == ("reachable", "listed")
    assert listed["listed"] == 2002  # and the list was over 256 KiB
    assert listed["missing"] == ["gone/model"]
    assert "listed-extra-model" in listed["new"]
    assert all("authorization" not in r.headers for r in gateway.requests)
    assert (by_id["openai"]["reason"], by_id["openai"]["detail"]) == (
        "no_credentials",
        "no key: set OPENAI_API_KEY",
    )


def test_the_catalogue_is_read_through_the_proxy_and_trust_roots_a_scan_uses(
    run: Runner, tmp_path: Path, fake_dns: dict[str, str]
) -> None:
    bundle = tmp_path / "ca.pem"
    context = private_ca("catalog.test", bundle)
    fake_dns["catalog.test"] = "127.0.0.1"
    with (
        catalogue_server({"/api.json": MODELS_DEV}, ssl_context=context) as server,
        ConnectProxy() as proxy,
    ):
        url = f"https://catalog.test:{server.port}/api.json"
        args = ("discover", "--catalog", "models.dev", "--catalog-url", url, "-p", "openai")
        through = run(*args, "--proxy", proxy.url, "--ca-bundle", str(bundle))
        assert proxy.connects() == [f"catalog.test:{server.port}"]
        untrusted = run(*args, "--no-env-proxy")  # certifi's roots do not know this CA
    assert through.code == 0, through.err
    assert "openai: 3 models in models.dev (openai)" in through.out
    assert untrusted.code == 3
    assert "tls_untrusted_ca" in untrusted.err and untrusted.err.count("\n") == 1


def test_ids_a_terminal_would_not_print_as_they_are_are_dropped() -> None:
    page = json.loads(OPENROUTER)
    page["data"] += [{"id": "evil/\x1b[31mred"}, {"id": "two/\nlines"}, {"id": "x/" + "y" * 199}]
    listing = catalog.read(Catalog.OPENROUTER, "https://openrouter.ai/api/v1/models", [page])
    assert sorted(listing.providers["openrouter"]) == [
        "ai21/jamba-large-1.7",
        "deepseek/deepseek-v4-flash",
        "openai/gpt-5.5",
        "x-ai/grok-4",
    ]
    doc = json.loads(MODELS_DEV)
    doc["openai"]["models"]["bad"] = {"id": "gpt\u202eevil", "release_date": "2025-01-01"}
    listing = catalog.read(Catalog.MODELS_DEV, "https://models.dev/api.json", [doc])
    assert sorted(listing.providers["openai"]) == ["gpt-4.1", "gpt-4o", "gpt-5.5"]


def test_discover_yaml_gives_a_gateways_new_models_their_upstream(
    run: Runner, tmp_path: Path
) -> None:
    # Plain discover reads OpenRouter's public list with no key: its new models go into the
    # --yaml file with the upstream their id names (a gateway's model needs one to load), and
    # the one whose maker this registry does not know is left out, said in the file.
    scenario = Scenario(models={"~openai/gpt-sol-latest": OK, "x-ai/grok-4": OK, "ai21/j": OK})
    with Emulator("openai", family="openrouter", key=CANARY, scenario=scenario) as gateway:
        entry = provider_entry("openrouter", "openai", gateway.base_url, [], kind="gateway")
        entry["models"] = [{"id": "~openai/gpt-sol-latest", "upstream": ["openai"]}]
        path = write_registry(tmp_path / "r.yaml", [
            entry, provider_entry("xai", "openai", "https://api.x.ai/v1", ["grok-4.7"]),
            provider_entry("openai", "openai", "https://api.openai.com/v1", ["gpt-5.5"]),
        ])  # fmt: skip
        written = tmp_path / "new.yaml"
        result = run("discover", "-r", str(path), "-p", "openrouter", "--yaml", str(written))
    assert result.code == 0, result.err
    text = written.read_text()
    # ai21/j, and the emulator's own listed-extra-model (no maker in its id)
    assert "# 2 not written: whose model it is (upstream) is not known" in text
    (openrouter,) = [p for p in registry.load(written).providers if p.id == "openrouter"]
    added = {m.id: m.upstream for m in openrouter.models if not m.verified}
    assert added == {"x-ai/grok-4": ("xai",)}


def test_a_yaml_file_the_loader_would_refuse_is_not_written(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thousands of catalogue-only models make a file over the registry's 1 MiB: refused before
    # it is written, not written and then refused by the scan that reads it. (The cap is
    # lowered to keep the test quick; the check is the same.)
    monkeypatch.setattr(discover, "MAX_REGISTRY_BYTES", 16 * 1024)
    many = {
        f"gpt-{i:03d}": {"id": f"gpt-{i:03d}", "release_date": "2025-01-01"} for i in range(100)
    }
    doc = {"openai": {"id": "openai", "models": many}}
    written = tmp_path / "big.yaml"
    with catalogue_server({"/api.json": json.dumps(doc).encode()}) as server:
        url = f"{server.url}/api.json"
        result = run("discover", "--catalog", "models.dev", "--catalog-url", url,
                     "--yaml", str(written))  # fmt: skip
    assert (result.code, result.err) == (
        2,
        f"accesscheck: error: {written}: would be larger than the 16 KiB a registry may be; "
        "narrow it with --provider\n",
    )
    assert not written.exists()
