"""The other commands, each wiring only: explain, providers, discover, export, diff, merge,
history."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# Only what building the CLI needs is imported here: --help and --version stay fast, and each
# command imports its stages when it runs (README "Performance").
from accesscheck.choices import (
    Catalog,
    DiffFormat,
    Endpoint,
    ExportTarget,
    MatrixFormat,
    SchemaName,
    TextFormat,
    Trust,
)
from accesscheck.errors import (
    ConfigError,
)

if TYPE_CHECKING:
    pass

from accesscheck.cli.options import (
    CaBundleOpt,
    ConcurrencyOpt,
    DeepOpt,
    NoEnvProxyOpt,
    ProxyOpt,
    RegistryOpt,
    RequireOpt,
    TextFormatOpt,
    TimeoutOpt,
    TrustOpt,
    _network,
)
from accesscheck.cli.root import _debug, _err, _is_tty, app


@app.command()
def explain(
    provider: Annotated[
        str | None,
        typer.Option(
            "--provider",
            "-p",
            metavar="ID",
            help="Who answered (a hint): a registry id or provider family. Default: from the text.",
        ),
    ] = None,
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
    from accesscheck.classify.explain import explain_text, reading
    from accesscheck.report.explanation import RENDERERS

    loaded = registry.load(registry_path)
    text = _read_input(error, body_file)
    read_as = reading(provider, text, loaded)
    result = explain_text(
        text,
        family=read_as.family,
        dialect=read_as.dialect,
        status=status,
        endpoint=endpoint.value,
        read_as=read_as.why,
    )
    sys.stdout.write(RENDERERS[output_format](result))


def _read_input(error: str | None, body_file: Path | None) -> str:
    """The text to explain: the ERROR argument, --body-file, or stdin — never waiting silently
    on a terminal, and never explaining nothing."""
    from accesscheck.classify.explain import MAX_INPUT, pasted_text
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
    from accesscheck.report.inventory import RENDERERS, inventory

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
    catalog: Annotated[
        Catalog | None,
        typer.Option("--catalog", help="Compare a public catalogue instead (no key needed)."),
    ] = None,
    catalog_url: Annotated[
        str | None,
        typer.Option("--catalog-url", metavar="URL", help="Read the catalogue from a mirror."),
    ] = None,
) -> None:
    """Compare each provider's own model list with the registry: new, gone, lifecycle."""
    from accesscheck import registry
    from accesscheck.discover import fragment_text, run_discover
    from accesscheck.files import write_atomically
    from accesscheck.report.discovery import RENDERERS

    if catalog is None and catalog_url is not None:
        raise ConfigError("--catalog-url: give --catalog too (models.dev or openrouter)")
    reg = registry.load(registry_path)
    if catalog is not None:
        from accesscheck import catalog as catalogs
        from accesscheck.report.catalog import RENDERERS as CATALOG_RENDERERS

        network = _network(proxy, no_env_proxy, ca_bundle, trust)
        listing, diffs = catalogs.run_catalog(
            reg, catalog, url=catalog_url, only=provider or (), timeout=timeout, network=network
        )
        if yaml_out is not None:
            text = catalogs.fragment_text(diffs, reg, listing, str(yaml_out))
            write_atomically(yaml_out, text)
        sys.stdout.write(CATALOG_RENDERERS[output_format](diffs, listing, reg.source))
        return
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
    from accesscheck.export import load_observed, observed, registry_for
    from accesscheck.files import write_atomically
    from accesscheck.report.export import RENDERERS as EXPORTS
    from accesscheck.scanner import ScanOptions, run_scan

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
    text = EXPORTS[target](reg, seen)
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
    from accesscheck.gate import changes_between, load_baseline
    from accesscheck.model import ChangeKind
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


@app.command()
def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(help="registry: what a registry file may hold; report: the JSON report."),
    ],
) -> None:
    """Print a JSON Schema: the registry's (for editors) or the JSON report's (to validate)."""
    from accesscheck.schemas import shipped

    sys.stdout.write(shipped(name))
