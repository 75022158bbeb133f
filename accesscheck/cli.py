"""Typer wiring only: parse options, call a stage, render, exit.

Every AccessCheckError is caught once, in `main`, and becomes one line on stderr and its
exit code; anything else is an internal error (exit 70), with a scrubbed traceback only
under --debug.
"""

from __future__ import annotations

import contextlib
import copy
import os
import signal
import sys
import threading
import traceback
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

# Only what building the CLI needs is imported here: --help and --version stay fast, and each
# command imports its stages when it runs (README "Performance").
from accesscheck import __version__
from accesscheck.choices import (
    DEFAULT_KEEP,
    NOTIFY_VARIABLE,
    PROXY_VARIABLE,
    DiffFormat,
    Endpoint,
    ExportTarget,
    Format,
    MatrixFormat,
    NotifyFormat,
    TextFormat,
    Trust,
)
from accesscheck.errors import (
    EXIT_INTERNAL,
    EXIT_SIGNALS,
    EXIT_USAGE,
    AccessCheckError,
    ConfigError,
)

if TYPE_CHECKING:
    from accesscheck import registry
    from accesscheck.check import ScanOptions
    from accesscheck.history import History
    from accesscheck.model import Change, Status
    from accesscheck.probe import Network


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # never print locals: they hold keys
    # Plain help text: rich-formatted help imports rich.markdown and markdown-it, which would
    # triple the start-up time of --help (README "Performance").
    rich_markup_mode=None,
    help="Which frontier AI models can you actually use, from where you stand, right now?",
)


_state = {"debug": False}


def _is_tty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _use_color(stream: object) -> bool:
    return _is_tty(stream) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _err(line: str) -> None:
    from accesscheck.keys import scrub

    sys.stderr.write(scrub(line) + "\n")


def _debug(line: str) -> None:
    if _state["debug"]:
        _err(f"debug: {line}")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"accesscheck {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Print each probe step on stderr (scrubbed).")
    ] = False,
) -> None:
    _state["debug"] = debug


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
    from accesscheck.probe import Network
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


@app.command()
def scan(
    registry_path: RegistryOpt = None,
    output_format: FormatOpt = Format.TABLE,
    deep: DeepOpt = False,
    timeout: TimeoutOpt = 10.0,
    scan_timeout: ScanTimeoutOpt = 120.0,
    concurrency: ConcurrencyOpt = 4,
    require: RequireOpt = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="STATUS[,STATUS]",
            help="Exit 1 if any model has one of these statuses.",
        ),
    ] = "",
    allow: Annotated[
        list[str] | None,
        typer.Option(
            "--allow",
            metavar="REF:STATUS[:UNTIL]",
            help="Accept this status for these models (until a date). Repeatable.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", help="A previous JSON report: exit 1 only when access was lost since."
        ),
    ] = None,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Rewrite --baseline with this scan's report.")
    ] = False,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Also write the report here; the format comes from the name. Repeatable.",
        ),
    ] = None,
    history_path: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="Record the scan in this SQLite file [default: the user data dir].",
        ),
    ] = None,
    no_history: Annotated[
        bool, typer.Option("--no-history", help="Do not record this scan.")
    ] = False,
    keep: Annotated[
        str, typer.Option("--keep", metavar="DURATION", help="Drop recorded scans older than this.")
    ] = DEFAULT_KEEP,
    notify_urls: Annotated[
        list[str] | None,
        typer.Option(
            "--notify",
            metavar="URL",
            help="POST an alert here when a status changed since the last scan. Repeatable; "
            f"adds to the URLs in ${NOTIFY_VARIABLE}.",
        ),
    ] = None,
    notify_format: Annotated[
        NotifyFormat,
        typer.Option("--notify-format", help="Slack incoming-webhook or generic JSON."),
    ] = NotifyFormat.SLACK,
    proxy: ProxyOpt = None,
    no_env_proxy: NoEnvProxyOpt = False,
    ca_bundle: CaBundleOpt = None,
    trust: TrustOpt = Trust.CERTIFI,
    vantage: Annotated[
        list[str] | None,
        typer.Option(
            "--vantage",
            metavar="NAME=PROXY_URL",
            help="A vantage to scan from, side by side: NAME=PROXY_URL, NAME=env:VARIABLE (the "
            "proxy URL is in that variable) or NAME=direct. Repeatable.",
        ),
    ] = None,
    vantage_name: Annotated[
        str,
        typer.Option(
            "--vantage-name", metavar="NAME", help="Where this scan runs from [default: host name]."
        ),
    ] = "",
    min_providers: Annotated[
        list[str] | None,
        typer.Option(
            "--min-providers",
            metavar="SELECTOR=N",
            help="Exit 1 unless N independent providers are reachable for a tier and/or "
            "capabilities (frontier=3, frontier+coding=2). Repeatable.",
        ),
    ] = None,
    min_jurisdictions: Annotated[
        list[str] | None,
        typer.Option(
            "--min-jurisdictions",
            metavar="SELECTOR=N",
            help="Exit 1 unless those providers come from N jurisdictions. Repeatable.",
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            metavar="XX",
            help="Compare documented country lists for this country [default: the vantage's].",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Print each probe step on stderr (scrubbed).")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Table: one row per model, even when a provider or the whole network shares "
            "one verdict.",
        ),
    ] = False,
) -> None:
    """Probe every model of the registry from here and print what is reachable."""
    from rich.console import Console

    from accesscheck import outputs, registry
    from accesscheck.check import ScanOptions, run_scan
    from accesscheck.hedge import cli_rules
    from accesscheck.history import parse_duration
    from accesscheck.keys import padded
    from accesscheck.notify import webhooks_from
    from accesscheck.policy import load_baseline, parse_allow

    _state["debug"] = _state["debug"] or debug
    reg = registry.load(registry_path)
    if update_baseline and baseline is None:
        raise ConfigError("--update-baseline needs --baseline PATH")
    planned = outputs.plan(output or ())
    retention = parse_duration(keep, "--keep")
    webhooks, alerts = webhooks_from(notify_urls or (), os.environ)
    if webhooks and no_history:
        raise ConfigError(f"{alerts} compares with the previous recorded scan: drop --no-history")
    for name in padded((n for p in reg.providers for n in p.auth.env), os.environ):
        _err(f"accesscheck: warning: {name} has surrounding whitespace; it was stripped")
    options = ScanOptions(
        deep=deep,
        timeout=timeout,
        concurrency=concurrency,
        require=tuple(require or ()),
        fail_on=_fail_on(fail_on),
        allow=tuple(parse_allow(a) for a in allow or ()),
        baseline=load_baseline(baseline) if baseline is not None and baseline.exists() else None,
        baseline_path=str(baseline) if baseline is not None else None,
        environ=dict(os.environ),
        vantage_name=_name(vantage_name, "--vantage-name"),
        network=_network(proxy, no_env_proxy, ca_bundle, trust),
        debug=_debug,
        coverage=cli_rules(min_providers or (), min_jurisdictions or ()),
        country=_country(country),
        scan_timeout=scan_timeout,
    )
    if vantage:
        if baseline or webhooks or history_path:
            raise ConfigError(
                "--vantage cannot be combined with --baseline, --history or --notify"
                + (f" (set in {NOTIFY_VARIABLE})" if webhooks and not notify_urls else "")
            )
        _scan_vantages(reg, options, vantage, output_format, list(output or ()))
    if baseline is not None and options.baseline is None and not update_baseline:
        raise ConfigError(f"--baseline {baseline}: no such file (create it with --update-baseline)")
    history = None if no_history else _open_history(history_path)
    with contextlib.closing(history) if history else contextlib.nullcontext():
        if _is_tty(sys.stderr) and not _state["debug"]:  # progress only on a terminal
            with Console(file=sys.stderr).status(f"probing {len(reg.providers)} providers…"):
                report = run_scan(reg, options)
        else:
            report = run_scan(reg, options)
        changed: list[Change] = []
        if report.exit_code not in EXIT_SIGNALS:  # a partial scan is no news: not recorded
            report, changed = outputs.remember(report, history, retention, _err)
        outputs.write(report, planned)
    if update_baseline and baseline is not None:
        outputs.update_baseline(report, baseline)
    outputs.github_actions(report, os.environ, _err)
    outputs.show(report, output_format, sys.stdout, color=_use_color(sys.stdout), verbose=verbose)
    sys.stdout.flush()
    # Only now, with the report printed and written: a slow webhook never costs the report.
    outputs.alert(report, changed, webhooks, notify_format, options.network, _err)
    raise typer.Exit(report.exit_code)


_MATRIX_FORMATS = {
    Format.TABLE: MatrixFormat.TABLE,
    Format.MARKDOWN: MatrixFormat.MARKDOWN,
    Format.HTML: MatrixFormat.HTML,
}


def _scan_vantages(
    reg: registry.Registry,
    options: ScanOptions,
    specs: list[str],
    output_format: Format,
    output: list[Path],
) -> NoReturn:
    """--vantage: the same scan through each proxy concurrently, shown as a model × vantage
    matrix (JSON: one result per model and vantage). Not recorded in the history."""
    from accesscheck import outputs
    from accesscheck.check import combined_exit, run_vantages
    from accesscheck.files import write_atomically
    from accesscheck.keys import scrub
    from accesscheck.urls import check_proxy

    places = []
    for spec in specs:
        name, sep, url = spec.partition("=")
        if not sep or not url:
            raise ConfigError(f"--vantage {name!r}: expected NAME=PROXY_URL (or NAME=direct)")
        where = f"--vantage {_name(name, '--vantage')}"
        if url.startswith("env:"):  # the proxy's password stays out of the process list
            variable = url.removeprefix("env:")
            url = os.environ.get(variable, "").strip()
            if not url:
                raise ConfigError(f"{where}: the variable {variable!r} is not set")
            where = f"{where} ({variable})"
        if url != "direct":
            check_proxy(url, where)
        network = replace(
            options.network, proxy=None if url == "direct" else url, env_proxy=url != "direct"
        ).check()
        places.append(replace(options, vantage_name=_name(name, "--vantage"), network=network))
    names = [p.vantage_name for p in places]
    if len(set(names)) != len(names):
        raise ConfigError("--vantage: each vantage needs its own name")
    if output_format not in (Format.JSON, *_MATRIX_FORMATS):
        raise ConfigError(f"--format {output_format.value} cannot show several vantages")
    planned = outputs.plan_matrix(output)
    reports = run_vantages(reg, places)
    code = combined_exit(reports)
    render = outputs.vantage_renderer(reports, code)
    for path, fmt in planned:
        write_atomically(path, render(fmt))
    if output_format is Format.TABLE:
        for report in reports:
            sys.stdout.write(f"{scrub(str(report.vantage))}\n")
    sys.stdout.write(render(_MATRIX_FORMATS.get(output_format, MatrixFormat.JSON)))
    sys.stdout.flush()
    raise typer.Exit(code)


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


@app.command()
def explain(
    provider: Annotated[
        str, typer.Option("--provider", "-p", metavar="ID", help="Provider id from the registry.")
    ],
    error: Annotated[
        str | None,
        typer.Argument(
            metavar="ERROR",
            help="The error or response text; default: --body-file, else stdin.",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        int | None,
        typer.Option(
            "--status",
            min=0,
            max=599,
            metavar="CODE",
            help="HTTP status (0: no response). Default: read from the text.",
        ),
    ] = None,
    body_file: Annotated[
        Path | None,
        typer.Option("--body-file", help="File holding the response (instead of ERROR or stdin)."),
    ] = None,
    endpoint: Annotated[
        Endpoint, typer.Option("--endpoint", help="Which call produced it.")
    ] = Endpoint.GENERATE,
    output_format: TextFormatOpt = TextFormat.TABLE,
    registry_path: RegistryOpt = None,
) -> None:
    """Classify a provider response pasted from a log (JSON, repr, SDK line or HTML)."""
    from accesscheck import registry
    from accesscheck.explainer import RENDERERS, explain_text, speaker

    family, dialect = speaker(provider, registry.load(registry_path))
    text = _read_input(error, body_file)
    result = explain_text(
        text, family=family, dialect=dialect, status=status, endpoint=endpoint.value
    )
    sys.stdout.write(RENDERERS[output_format](result))


def _read_input(error: str | None, body_file: Path | None) -> str:
    """The text to explain: the ERROR argument, --body-file, or stdin — never waiting silently
    on a terminal, and never explaining nothing."""
    from accesscheck.explainer import MAX_INPUT, pasted_text
    from accesscheck.files import read_bounded

    if error is not None and body_file is not None:
        raise ConfigError("explain: give the error as an argument or with --body-file, not both")
    if error is not None:
        where, raw = "the ERROR argument", error.encode("utf-8", errors="replace")
    elif body_file is not None:
        where, raw = str(body_file), read_bounded(body_file, MAX_INPUT, "response body")
    else:
        if _is_tty(sys.stdin):
            end = "Ctrl-Z then Enter" if sys.platform == "win32" else "Ctrl-D on an empty line"
            _err(f"Paste the error message or response body, then press {end}:")
        where, raw = "stdin", sys.stdin.buffer.read(MAX_INPUT + 1)
    return pasted_text(raw, where)


@app.command()
def providers(
    registry_path: RegistryOpt = None, output_format: TextFormatOpt = TextFormat.TABLE
) -> None:
    """What the registry holds: providers, models, key variables and whether each key is set."""
    from accesscheck import registry
    from accesscheck.inventory import RENDERERS, inventory

    doc = inventory(registry.load(registry_path), os.environ)
    sys.stdout.write(RENDERERS[output_format](doc))


@app.command()
def discover(
    provider: Annotated[
        list[str] | None,
        typer.Option("--provider", "-p", metavar="ID", help="Only this provider (repeatable)."),
    ] = None,
    registry_path: RegistryOpt = None,
    output_format: TextFormatOpt = TextFormat.TABLE,
    yaml_out: Annotated[
        Path | None,
        typer.Option(
            "--yaml", help="Write a registry file that adds the new models (it loads and scans)."
        ),
    ] = None,
    timeout: TimeoutOpt = 10.0,
    proxy: ProxyOpt = None,
    no_env_proxy: NoEnvProxyOpt = False,
    ca_bundle: CaBundleOpt = None,
    trust: TrustOpt = Trust.CERTIFI,
) -> None:
    """Compare each provider's own model list with the registry: new, gone, lifecycle."""
    from accesscheck import registry
    from accesscheck.discover import RENDERERS, fragment_text, run_discover
    from accesscheck.files import write_atomically

    reg = registry.load(registry_path)
    found = run_discover(
        reg,
        only=provider or (),
        environ=dict(os.environ),
        timeout=timeout,
        debug=_debug,
        network=_network(proxy, no_env_proxy, ca_bundle, trust),
    )
    if yaml_out is not None:
        write_atomically(yaml_out, fragment_text(found, reg, str(yaml_out)))
    sys.stdout.write(RENDERERS[output_format](found, reg))


@app.command()
def export(
    target: Annotated[
        ExportTarget,
        typer.Argument(help="litellm: a LiteLLM proxy config; env: the variables to set."),
    ],
    report_path: Annotated[
        Path | None,
        typer.Option("--report", help="Export from this JSON report instead of scanning now."),
    ] = None,
    registry_path: RegistryOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    deep: DeepOpt = False,
    timeout: TimeoutOpt = 10.0,
    concurrency: ConcurrencyOpt = 4,
    require: RequireOpt = None,
    proxy: ProxyOpt = None,
    no_env_proxy: NoEnvProxyOpt = False,
    ca_bundle: CaBundleOpt = None,
    trust: TrustOpt = Trust.CERTIFI,
) -> None:
    """Write a router config (or .env list) for the models a scan reached; keys stay in the
    environment. Scans first unless --report names a JSON report."""
    from accesscheck import registry
    from accesscheck.check import ScanOptions, run_scan
    from accesscheck.export import RENDERERS as EXPORTS
    from accesscheck.export import load_observed, observed, registry_for
    from accesscheck.files import write_atomically

    if report_path is not None:
        seen = load_observed(report_path)
        reg = registry_for(report_path, seen, registry_path, registry.load)
    else:
        reg = registry.load(registry_path)
        options = ScanOptions(
            deep=deep,
            timeout=timeout,
            concurrency=concurrency,
            require=tuple(require or ()),
            environ=dict(os.environ),
            network=_network(proxy, no_env_proxy, ca_bundle, trust),
            debug=_debug,
        )
        seen = observed(run_scan(reg, options))
    if not seen.reachable:
        _err("accesscheck: warning: no model was reachable: the export lists none")
    text = EXPORTS[target.value](reg, seen)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)


@app.command()
def diff(
    old: Annotated[
        Path, typer.Argument(help="The earlier JSON report (e.g. the committed baseline).")
    ],
    new: Annotated[Path, typer.Argument(help="The later JSON report.")],
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.TABLE,
) -> None:
    """What changed between two JSON reports; exit 1 if access was lost."""
    from accesscheck.model import ChangeKind
    from accesscheck.policy import changes_between, load_baseline
    from accesscheck.report import changes

    found = changes_between(load_baseline(old), load_baseline(new))
    sys.stdout.write(changes.RENDERERS[output_format](found))
    raise typer.Exit(1 if any(c.kind is ChangeKind.LOST for c in found) else 0)


@app.command()
def merge(
    reports: Annotated[
        list[Path], typer.Argument(metavar="REPORT.json", help="JSON reports from scans.")
    ],
    output_format: Annotated[
        MatrixFormat, typer.Option("--format", "-f", help="Output format.")
    ] = MatrixFormat.TABLE,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Also write the matrix here (.md, .json, .html). Repeatable.",
        ),
    ] = None,
) -> None:
    """Combine reports from several vantages (regions, offices, VPN exits) into one matrix."""
    from accesscheck import outputs
    from accesscheck.files import write_atomically
    from accesscheck.merge import build
    from accesscheck.merge import load as load_scan
    from accesscheck.report.matrix import RENDERERS as MATRIX_RENDERERS

    planned = outputs.plan_matrix(output or ())
    matrix = build([scan for path in reports for scan in load_scan(path)])
    for path, fmt in planned:
        write_atomically(path, MATRIX_RENDERERS[fmt](matrix))
    sys.stdout.write(MATRIX_RENDERERS[output_format](matrix))


@app.command("history")
def history_command(
    refs: Annotated[
        list[str] | None,
        typer.Argument(metavar="REF", help="Models (provider/model, globs allowed)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DURATION", help="Only changes this recent (e.g. 30d)."),
    ] = None,
    history_path: Annotated[
        Path | None,
        typer.Option("--history", help="The SQLite file scans were recorded in."),
    ] = None,
    output_format: TextFormatOpt = TextFormat.TABLE,
) -> None:
    """When each model's status changed, from the recorded scans: "when did we lose access?"."""
    from accesscheck.history import History, default_path, parse_duration, transitions
    from accesscheck.report import history as history_report

    window = parse_duration(since, "--since") if since is not None else None
    path = history_path or default_path()
    if not path.is_file():
        raise ConfigError(f"{path}: no history yet (accesscheck scan records one)")
    with History(path) as store:
        series = store.series(refs or ())
        span = store.span()
    if refs and not series:
        raise ConfigError(f"{path}: no recorded scan has a model matching {' '.join(refs)}")
    start = datetime.now(UTC) - window if window else None
    found = transitions(series, start)
    sys.stdout.write(history_report.RENDERERS[output_format](found, span, str(path)))


def _value_name(param: typer.core.TyperOption | typer.core.TyperArgument) -> str:
    """What --help shows for a value: the metavar given, the choices, PATH, or the name in
    capitals — never Typer's type names (`<list[str]>`, `<float range>`, `{target}`)."""
    if param.metavar:
        return param.metavar
    desc = param.type_descriptor
    if desc.is_choice and desc.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + "]"
    if desc.is_path:
        return "PATH"
    return (param.name or "value").upper()


class _PlainOption(typer.core.TyperOption):
    def display_type_rich(self, ctx: Any) -> str:
        return _value_name(self)


class _PlainArgument(typer.core.TyperArgument):
    def display_type_rich(self, ctx: Any) -> None:
        return None  # the name says it; the help text says what it holds

    def _rich_display_name(self) -> str:
        desc = self.type_descriptor
        if self.metavar or not (desc.is_choice and desc.choices):
            name = self.metavar or (self.name or "value").upper()
        else:  # the choices, without the brackets that would read as "optional"
            name = _value_name(self)[1:-1]
        return name + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self._rich_display_name()
        return name if self.required else f"[{name}]"


class _PlainHelp(typer.core.TyperCommand):
    """--help in plain words: values as PATH, SECONDS, [table|json]; a command's description
    whole in the command list, never cut with "..." (issue #11)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, typer.core.TyperOption):
                param.__class__ = _PlainOption
            elif isinstance(param, typer.core.TyperArgument):
                param.__class__ = _PlainArgument

    def get_short_help_str(self, limit: int = 45) -> str:
        words = (self.short_help or self.help or "").split("\n\n")[0].split()
        end = next((i for i, word in enumerate(words) if word.endswith(".")), len(words) - 1)
        return " ".join(words[: end + 1])


for _info in app.registered_commands:
    _info.cls = _PlainHelp


class Terminated(BaseException):
    """SIGTERM outside a scan (a scan handles it itself and keeps its partial report)."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


def _command(argv: list[str]) -> typer.core.TyperGroup:
    """The click command of `app`, built for the command asked for only, its flags coerced
    without pydantic (start-up, #12).

    typer builds every command's parameters from their annotations, about a third of the
    start-up, though one command runs: `app` with only that command registered behaves the
    same for it (the root takes flags only, so the first word that is not an option names the
    command). And typer builds a pydantic TypeAdapter to coerce any option whose value is not
    already a bool, an absent flag (None) included: the root's --help when a command's help is
    asked, so `accesscheck scan --help` imported pydantic, 2.7x the time of `import typer,
    rich`. A flag needs no adapter: click gives it a bool or nothing. Best effort: another
    typer keeps its own behaviour."""
    wanted = next((word for word in argv if not word.startswith("-")), None)
    named = typer.main.get_command_name
    chosen = [
        info
        for info in app.registered_commands
        if wanted and (info.name or named(getattr(info.callback, "__name__", ""))) == wanted
    ]
    only = app
    if chosen:
        only = copy.copy(app)
        only.registered_commands = chosen
    command = typer.main.get_command(only)
    try:
        from typer._coercion import PassThroughRuntimeParam
    except ImportError:  # pragma: no cover - a typer without the adapter layer
        return command  # type: ignore[return-value]
    commands = [command, *getattr(command, "commands", {}).values()]
    # click makes (and keeps) each command's --help option on first use, from a context
    helps = [c.get_help_option(c.context_class(c, info_name=c.name)) for c in commands]
    for param in (*helps, *(p for c in commands for p in c.params)):
        described = getattr(param, "type_descriptor", None)
        if described is None or described.annotation is not bool:
            continue
        if getattr(param, "_runtime_param", False) is None:
            param._runtime_param = PassThroughRuntimeParam(
                annotation=bool, parameter_info=described.parameter_info
            )
    return command  # type: ignore[return-value]


def main() -> NoReturn:
    """Console entry point: run the app, turn every error into one line and an exit code."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        code = _command(sys.argv[1:])(standalone_mode=False)
        _exit(code if isinstance(code, int) else 0)
    except typer.Exit as done:
        _exit(done.exit_code)
    except AccessCheckError as error:
        _err(f"accesscheck: error: {error}")
        _exit(error.exit_code)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        _err("accesscheck: interrupted")
        _exit(130)
    except Terminated:
        _err("accesscheck: terminated")
        _exit(143)
    except typer.Abort:
        _exit(130)
    except typer.TyperException as error:  # usage errors: bad option, missing argument
        show = getattr(error, "show", None)
        if show:
            show()
        _exit(getattr(error, "exit_code", EXIT_USAGE))
    except Exception as error:  # noqa: BLE001 - the last line of defence
        _err(f"accesscheck: internal error: {type(error).__name__} (run with --debug for details)")
        if _state["debug"]:
            _err("".join(traceback.format_exception(error)))
        _exit(EXIT_INTERNAL)


def _quiet_broken_pipe() -> NoReturn:
    # stdout's reader went away (`accesscheck scan | head -1`): exit quietly.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    _exit(0)


def _exit(code: int | None) -> NoReturn:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # from here on, a SIGTERM just ends us
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    sys.exit(code or 0)
