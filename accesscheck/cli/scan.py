"""`accesscheck scan`: options → ScanOptions, the scan, its outputs, the exit code; and the
same scan from several vantage points."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

# Only what building the CLI needs is imported here: --help and --version stay fast, and each
# command imports its stages when it runs (README "Performance").
from accesscheck.choices import (
    DEFAULT_KEEP,
    NOTIFY_VARIABLE,
    Format,
    MatrixFormat,
    NotifyFormat,
    Trust,
)
from accesscheck.errors import (
    EXIT_SIGNALS,
    ConfigError,
)

if TYPE_CHECKING:
    from accesscheck import registry
    from accesscheck.model import Change
    from accesscheck.scanner import ScanOptions

from accesscheck.cli.options import (
    CaBundleOpt,
    ConcurrencyOpt,
    DeepOpt,
    FormatOpt,
    NoEnvProxyOpt,
    ProxyOpt,
    RegistryOpt,
    RequireOpt,
    ScanTimeoutOpt,
    TimeoutOpt,
    TrustOpt,
    _country,
    _fail_on,
    _name,
    _network,
    _open_history,
)
from accesscheck.cli.root import _debug, _err, _is_tty, _state, _use_color, app


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
    from accesscheck.gate import load_baseline, parse_allow
    from accesscheck.hedge import cli_rules
    from accesscheck.history import parse_duration
    from accesscheck.keys import padded
    from accesscheck.notify import webhooks_from
    from accesscheck.scanner import ScanOptions, run_scan

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
    outputs.stale_registry(report, _err)
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
    from accesscheck.files import write_atomically
    from accesscheck.keys import scrub
    from accesscheck.probe.vantage import vantage_spec
    from accesscheck.scanner import combined_exit, run_vantages

    places = []
    for spec in specs:
        name, proxy = vantage_spec(spec, os.environ, lambda label: _name(label, "--vantage"))
        network = replace(options.network, proxy=proxy, env_proxy=proxy is not None).check()
        places.append(replace(options, vantage_name=name, network=network))
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
    outputs.stale_registry(reports[0], _err)  # one registry for every vantage: said once
    raise typer.Exit(code)
