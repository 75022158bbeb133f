"""Options shared by several commands, declared once with Annotated, and the parsers that turn
their values into what the stages take (a bad value is one located line, exit 2)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# Only what building the CLI needs is imported here: --help and --version stay fast, and each
# command imports its stages when it runs (README "Performance").
from accesscheck.choices import (
    PROXY_VARIABLE,
    Format,
    TextFormat,
    Trust,
)
from accesscheck.errors import (
    ConfigError,
)

if TYPE_CHECKING:
    from accesscheck.history import History
    from accesscheck.model import Status
    from accesscheck.probe.network import Network

from accesscheck.cli.root import _err

RegistryOpt = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        "-r",
        help="Registry file (default: $ACCESSCHECK_REGISTRY, else the bundled one).",
        dir_okay=True,
        exists=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
# explain, providers, discover, history: each accepts only the formats it can produce.
TextFormatOpt = Annotated[TextFormat, typer.Option("--format", "-f", help="Output format.")]
DeepOpt = Annotated[
    bool, typer.Option("--deep", help="Make one minimal paid call per undecided model.")
]
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        max=600,
        metavar="SECONDS",
        help="Total deadline per request, in seconds.",
    ),
]
ScanTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--scan-timeout",
        min=1,
        max=3600,
        metavar="SECONDS",
        help="Total deadline for the whole scan, in seconds; undecided models then say so.",
    ),
]
ConcurrencyOpt = Annotated[
    int,
    typer.Option("--concurrency", min=1, max=64, metavar="N", help="Requests in flight per host."),
]
RequireOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--require",
        metavar="REF",
        help="A model (provider/model, globs allowed) that must be reachable. Repeatable.",
    ),
]
ProxyOpt = Annotated[
    str | None,
    typer.Option(
        "--proxy",
        metavar="URL",
        help=f"Send every request through this proxy [default: ${PROXY_VARIABLE}].",
    ),
]
NoEnvProxyOpt = Annotated[
    bool, typer.Option("--no-env-proxy", help="Ignore HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY.")
]
CaBundleOpt = Annotated[
    Path | None,
    typer.Option("--ca-bundle", help="Trust these PEM roots (a corporate CA) instead."),
]
TrustOpt = Annotated[
    Trust, typer.Option("--trust", help="Trust roots: certifi's, or the OS trust store.")
]


def _network(
    proxy: str | None, no_env_proxy: bool, ca_bundle: Path | None, trust: Trust
) -> Network:
    from accesscheck.probe.network import Network
    from accesscheck.urls import check_proxy

    # ACCESSCHECK_PROXY keeps the proxy's password out of the process list (`ps`); --proxy wins.
    if proxy is None and os.environ.get(PROXY_VARIABLE, "").strip():
        proxy = check_proxy(os.environ[PROXY_VARIABLE].strip(), PROXY_VARIABLE)
    return Network(
        proxy=proxy,
        env_proxy=not no_env_proxy,
        ca_bundle=str(ca_bundle) if ca_bundle else None,
        trust=trust,
    ).check()


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    from accesscheck.registry import is_country

    if not (len(value) == 2 and value.isascii() and is_country(value.upper())):
        raise ConfigError(f"--country {value!r}: an ISO 3166 alpha-2 code such as JP")
    return value.upper()


def _fail_on(value: str) -> frozenset[Status]:
    from accesscheck.model import Status

    statuses = set()
    for item in filter(None, (part.strip() for part in value.split(","))):
        try:
            statuses.add(Status(item))
        except ValueError:
            choices = ", ".join(s.value for s in Status)
            raise ConfigError(f"--fail-on {item!r}: not a status (one of {choices})") from None
    return frozenset(statuses)


def _name(value: str, option: str) -> str:
    """A label that fits on one line of every format: printable, at most 64 characters."""
    if len(value) > 64 or not value.isprintable():
        raise ConfigError(f"{option}: at most 64 printable characters")
    return value.strip()


def _open_history(path: Path | None) -> History | None:
    """The history file; one named with --history must open (exit 2 if not), the default one
    may not (a read-only home must not break a scan), which is a warning."""
    from accesscheck.history import History, default_path

    try:
        return History(path or default_path())
    except ConfigError as exc:
        if path is not None:
            raise
        _err(f"accesscheck: warning: {exc}; this scan is not recorded (--no-history to silence)")
        return None
