"""Shared fixtures: a hermetic environment, canary keys, the emulator, and a CLI runner that
checks every output for the canary."""

from __future__ import annotations

import json
import secrets
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesscheck import cli
from tests.emulator.server import OK, Emulator, Scenario
from tests.schemacheck import (
    WRITTEN,
    check_written,
    record_child_reports,
    record_reports,
)

record_reports()  # before any test module imports the writers (issue #16)
record_child_reports()

# The repository root: tests in sub-packages import it rather than counting parents.
REPO = Path(__file__).resolve().parents[1]

CANARY = f"sk-CANARY-{secrets.token_hex(12)}"
ALL_KEY_VARS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY")
_CLEARED = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "SSLKEYLOGFILE",
    "ACCESSCHECK_REGISTRY",
    "ACCESSCHECK_NOTIFY",
    "ACCESSCHECK_PROXY",
    "NO_COLOR",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "GOOGLE_APPLICATION_CREDENTIALS",
    *ALL_KEY_VARS,
)


@pytest.fixture(autouse=True)
def hermetic(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """No developer proxy, CA bundle or real key may leak into a test (RELIABILITY.md G11),
    and scan history goes to the test's own directory, never the developer's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    if request.node.get_closest_marker("live"):
        return  # live tests use the real environment on purpose
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    # The AWS and gcloud credential chains read files: none of the developer's.
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws" / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws" / "config"))
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "no-gcloud"))


@pytest.fixture(autouse=True)
def reports_match_the_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every JSON report a test makes the code write (stdout, -o, a baseline, --vantage) is
    validated against the shipped report.schema.json with check-jsonschema when the test
    ends: no test writes an invalid report silently (issue #16). Of an accesscheck child
    process run with subprocess.run, the report it prints and the report files its command
    line names as outputs (-o, --update-baseline) are checked; a Popen's are not seen."""
    WRITTEN.clear()
    yield
    if WRITTEN:
        check_written(tmp_path_factory.mktemp("written-reports"))


_LOCAL_NAMES = ("localhost", "127.", "::1")


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Tests never touch the internet: a name that is not loopback (or a test's own fake
    name) does not resolve, and a connection to a non-loopback address is refused."""
    if request.node.get_closest_marker("live"):
        return
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if not name.startswith(_LOCAL_NAMES):
            raise socket.gaierror(
                socket.EAI_NONAME, "Name or service not known (tests are offline)"
            )
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    def connect(self: socket.socket, address: object) -> None:
        if isinstance(address, tuple) and not str(address[0]).startswith(_LOCAL_NAMES):
            raise ConnectionRefusedError(111, "tests are offline")
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)


@dataclass
class Run:
    code: int
    out: str
    err: str


Runner = Callable[..., Run]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run the real CLI entry point in-process; assert no canary reaches stdout or stderr."""

    def _run(
        *args: str,
        stdin: str | None = None,
        env: dict[str, str] | None = None,
        traceback: bool = False,
    ) -> Run:
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "argv", ["accesscheck", *args])
        if stdin is not None:
            import io

            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        capsys.readouterr()
        try:
            cli.main()
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 0
        else:  # pragma: no cover - main always exits
            code = 0
        captured = capsys.readouterr()
        assert CANARY not in captured.out, "canary key leaked to stdout"
        assert CANARY not in captured.err, "canary key leaked to stderr"
        assert ("Traceback" in captured.err) is traceback
        return Run(code, captured.out, captured.err)

    return _run


def write_registry(path: Path, providers: list[dict[str, object]]) -> Path:
    path.write_text(yaml.safe_dump({"version": 1, "providers": providers}, sort_keys=False))
    return path


def provider_entry(
    pid: str, api: str, base_url: str, models: list[str], env: str | None = None, **extra: object
) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": pid,
        "name": pid.title(),
        "api": api,
        "base_url": base_url,
        "auth": {"env": env or f"{pid.upper().replace('-', '_')}_API_KEY"},
        "hq": "US",
        "models": [{"id": m} for m in models],
    }
    entry.update(extra)
    return entry


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port with nothing listening on it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    yield port


def assert_no_canary_in(directory: Path) -> None:
    for file in directory.rglob("*"):
        if file.is_file():
            assert CANARY not in file.read_text(errors="replace"), f"canary leaked into {file}"


class Providers:
    """Emulators on demand, and a registry of exactly the providers a test asks for."""

    def __init__(self, stack: ExitStack, tmp_path: Path) -> None:
        self.stack = stack
        self.tmp_path = tmp_path
        self.entries: list[dict[str, Any]] = []
        self.env: dict[str, str] = {}

    def add(
        self,
        family: str,
        *,
        scenario: Scenario | None = None,
        key: str = CANARY,
        alternates: list[Emulator] | None = None,
        **extra: Any,
    ) -> Emulator:
        from tests.test_providers import FAMILIES

        dialect, models, lists = FAMILIES[family]
        emulator = self.stack.enter_context(
            Emulator(
                dialect,
                family=family,
                key=key,
                scenario=scenario or Scenario(models=dict.fromkeys(models, OK)),
            )
        )
        env = f"{family.upper().replace('-', '_')}_API_KEY"  # azure-foundry → AZURE_FOUNDRY_API_KEY
        entry = {
            "id": family,
            "name": family.title(),
            "api": dialect,
            "base_url": emulator.base_url,
            "auth": {"env": env},
            "hq": "US",
            "list_models": lists,
            "models": [{"id": m} for m in models],
        }
        if alternates:
            entry["alt_base_urls"] = [a.base_url for a in alternates]
        entry.update(extra)
        self.entries.append(entry)
        self.env[env] = CANARY
        return emulator

    def scan(
        self, run: Runner, *args: str
    ) -> tuple[int, dict[str, dict[str, Any]], dict[str, Any]]:
        path = write_registry(self.tmp_path / "providers.yaml", self.entries)
        result = run(
            "scan",
            "--registry",
            str(path),
            "--format",
            "json",
            "--timeout",
            "5",
            *args,
            env=self.env,
        )
        assert result.out, result.err
        report = json.loads(result.out)
        return result.code, {r["ref"]: r for r in report["results"]}, report


@pytest.fixture
def providers(tmp_path: Path) -> Iterator[Providers]:
    with ExitStack() as stack:
        yield Providers(stack, tmp_path)
