"""The default human output: a rich table grouped by provider, then a one-line summary."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from accesscheck.keys import scrub
from accesscheck.model import ProviderOutcome, Reason, Report, Result, Status
from accesscheck.observation import Failure, FailureName, Layer, Rung
from accesscheck.report.hedging import blocks

STYLE = {
    Status.REACHABLE: "green",
    Status.RESTRICTED: "red",
    Status.GATED: "yellow",
    Status.UNAVAILABLE: "magenta",
    Status.UNKNOWN: "dim",
}
# Readable without colour: the status word itself carries the meaning, and a symbol helps
# scanning a long table.
MARK = {
    Status.REACHABLE: "✓",
    Status.RESTRICTED: "✗",
    Status.GATED: "⊘",
    Status.UNAVAILABLE: "–",
    Status.UNKNOWN: "?",
}


def summary_line(report: Report) -> str:
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Status if report.count(s))
    paid = (
        f"; {report.paid_calls} paid call{'s' if report.paid_calls != 1 else ''}"
        if report.deep
        else ""
    )
    return (
        f"{len(report.results)} models: {counts or 'none'}{paid}; "
        f"{report.duration_ms / 1000:.1f}s; exit {report.exit_code}"
    )


# ---- saying a shared verdict once (issue #11: offline, one sentence filled 70 rows)

# Rungs whose verdict is about the provider as a whole, not one model: when every model of a
# provider has the same one, a single line says it.
_PROVIDER_WIDE = frozenset({Rung.NETWORK, Rung.CONFIG, Rung.KEYLESS})

_PROXY_VARS = "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY (or --proxy)"


class Seen(StrEnum):
    """What a provider's network failure looked like, for the outage headline."""

    DNS = "dns"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    OTHER = "other"


# What was observed when no provider answered, by kind of failure: (all of them, some of them,
# what it usually means, what to check).
_OUTAGE: dict[Seen, tuple[str, str, str, str]] = {
    Seen.DNS: (
        "every host name failed to resolve",
        "host names did not resolve",
        "this machine is offline, or its DNS does not work (resolver, VPN) — the providers are "
        "not blocking you",
        f"the network connection and DNS (does any name resolve?); behind a proxy: {_PROXY_VARS}",
    ),
    Seen.REFUSED: (
        "every connection was refused",
        "connections were refused",
        "something on this machine or network refuses outgoing connections: a firewall, or a "
        "network that lets traffic out only through a proxy",
        f"the firewall, and whether this network needs a proxy: {_PROXY_VARS}",
    ),
    Seen.TIMEOUT: (
        "every connection timed out",
        "connections timed out",
        "outgoing traffic is dropped: no route out, a firewall, or a network that needs a proxy",
        f"the network connection, the firewall, and whether a proxy is needed: {_PROXY_VARS}",
    ),
    Seen.UNREACHABLE: (
        "the network is unreachable",
        "networks were unreachable",
        "this machine has no route out (no link, or no default route)",
        "the network connection (cable, Wi-Fi, VPN)",
    ),
    Seen.OTHER: (
        "no provider answered at the network level",
        "connections failed otherwise",
        "this machine's own network is down or filtered, not the providers",
        f"the network connection, DNS, and the proxy settings: {_PROXY_VARS}",
    ),
}
_TIMEOUTS = frozenset(
    {FailureName.TCP_TIMEOUT, FailureName.TLS_HANDSHAKE_TIMEOUT, FailureName.DEADLINE_EXCEEDED}
)


def _seen(failure: Failure | None) -> Seen:
    if failure is None:
        return Seen.OTHER
    if failure.layer is Layer.DNS:
        return Seen.DNS
    if failure.name is FailureName.TCP_REFUSED:
        return Seen.REFUSED
    if failure.name in _TIMEOUTS:
        return Seen.TIMEOUT
    if failure.name is FailureName.TCP_UNREACHABLE:
        return Seen.UNREACHABLE
    return Seen.OTHER


@dataclass(frozen=True)
class Outage:
    """No provider answered at the network level (`local_network_down`): what was observed,
    what it usually means, what to check — said once instead of in every row."""

    observed: str
    meaning: str
    check: str
    models: int
    providers: int

    def lines(self) -> tuple[str, ...]:
        return (
            f"No network: {self.observed} ({self.models} models of {self.providers} providers).",
            f"Usually: {self.meaning}.",
            f"Check: {self.check}.",
            "Every model's row: --verbose, or --format json.",
        )


def outage(report: Report) -> Outage | None:
    """The headline of a scan that reached no provider at all, or None."""
    down = [r for r in report.results if r.reason is Reason.LOCAL_NETWORK_DOWN]
    if not down:
        return None
    first = {r.provider: r.failure for r in reversed(down)}  # each provider's first failure
    kinds = Counter(_seen(f) for f in first.values())
    if len(kinds) == 1:
        (kind,) = kinds
        observed = _OUTAGE[kind][0]
    else:
        kind = Seen.OTHER
        some = ", ".join(f"{_OUTAGE[k][1]}: {kinds[k]}" for k in Seen if kinds[k])
        observed = f"no provider answered at the network level ({some})"
    _, _, meaning, check = _OUTAGE[kind]
    return Outage(observed, meaning, check, len(down), len(first))


def shared(rows: Sequence[Result]) -> Result | None:
    """The verdict every model of a provider shares, when it was decided for the provider as
    a whole (network, config, keyless rung): then one line says it, not one row per model."""
    if len(rows) < 2 or rows[0].evidence not in _PROVIDER_WIDE:
        return None
    key = (rows[0].status, rows[0].reason, rows[0].evidence, rows[0].detail)
    return rows[0] if all((r.status, r.reason, r.evidence, r.detail) == key for r in rows) else None


def sections(report: Report, down: Outage | None) -> Iterator[tuple[ProviderOutcome, list[Result]]]:
    """Each provider with the rows still to show: all of them, or, when `down` (the outage
    headline) is shown, the ones it does not already say."""
    by_provider = {p.id: p for p in report.providers}
    for provider_id in dict.fromkeys(r.provider for r in report.results):
        rows = [
            r
            for r in report.results
            if r.provider == provider_id
            and (down is None or r.reason is not Reason.LOCAL_NETWORK_DOWN)
        ]
        if rows:
            yield by_provider[provider_id], rows


def _title(outcome: ProviderOutcome) -> str:
    where = f" ({outcome.hq})" if outcome.hq else ""
    key = (
        f"key from {outcome.key_env_used}"
        if outcome.key_set
        else f"no key ({' or '.join(outcome.key_env) or 'none needed'})"
    )
    # the endpoint may come from a variable: scrubbed like server text
    return scrub(
        f"{outcome.name}{where} — {outcome.base_url or 'no endpoint'}"
        + (" (custom endpoint)" if outcome.custom_endpoint else "")
        + f" — {key}"
    )


def _one_line(rows: Sequence[Result], verdict: Result) -> Text:
    required = [r.model for r in rows if r.required]
    line = Text(f"all {len(rows)} models")
    if required:
        line.append(f" (required: {', '.join(required)})")
    line.append(": ")
    line.append(f"{MARK[verdict.status]} {verdict.status.value}", style=STYLE[verdict.status])
    line.append(f" {verdict.reason.value} ({verdict.evidence.value}) — {scrub(verdict.detail)}")
    return line


def render(report: Report, *, color: bool, width: int | None = None, verbose: bool = False) -> str:
    """The table; as wide as the terminal (or $COLUMNS), 120 columns when not on one.

    Unless `verbose`, a verdict shared by a whole provider is one line, and when no provider
    answered at all one headline replaces those rows (JSON always has every row)."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    if report.vantage is not None:
        console.print(Text(f"Scanned {scrub(str(report.vantage))}", style="bold"))
    down = None if verbose else outage(report)
    if down is not None:
        head, *rest = down.lines()
        console.print(Text(head, style="bold red"))
        for line in rest:  # indented, also where a long line wraps
            console.print(Padding(Text(line), (0, 0, 0, 2), expand=False))
    for outcome, rows in sections(report, down):
        verdict = None if verbose else shared(rows)
        if verdict is not None:
            console.print(Text(_title(outcome)))
            console.print(Padding(_one_line(rows, verdict), (0, 0, 0, 2), expand=False))
            continue
        table = Table(
            title=Text(_title(outcome)),
            title_justify="left",
            expand=False,
            show_lines=False,
        )
        table.add_column("model")
        table.add_column("status")
        table.add_column("reason")
        table.add_column("evidence")
        table.add_column("latency", justify="right")
        table.add_column("detail", overflow="fold", max_width=60)
        previous = None
        for r in rows:
            status = Text(f"{MARK[r.status]} {r.status.value}", style=STYLE[r.status])
            latency = f"{r.latency_ms:.0f} ms" if r.latency_ms is not None else "—"
            model = f"{r.model} *" if r.required else r.model
            # A provider-wide verdict repeats its detail on every row: say it once.
            detail = "〃" if r.detail == previous else scrub(r.detail)
            previous = r.detail
            table.add_row(
                Text(model),
                status,
                Text(r.reason.value),
                Text(r.evidence.value),
                latency,
                Text(detail),
            )
        console.print(table)
    for change in report.changes:
        if change.kind.value != "lost":
            console.print(
                Text(
                    f"changed: {change.ref} {change.kind.value} ({change.before or '—'} → "
                    f"{change.after or '—'})"
                )
            )
    for block in blocks(report):
        console.print(Text(block.title, style="bold red" if block.failed else "bold"))
        for line in block.lines:
            console.print(Text(f"  {line}"))
    for allowed in report.allowed:
        console.print(Text(f"allowed: {scrub(allowed)}", style="yellow"))
    for failure in report.failures:
        console.print(Text(f"FAILED {scrub(failure.ref)} {scrub(failure.why)}", style="bold red"))
        console.print(Text(f"  evidence: {scrub(failure.evidence)}"))
    console.print(Text(summary_line(report)))
    return buffer.getvalue()
