"""The library entry point: run a scan, apply the policy, compute the exit code.

registry → probe ladder (per provider, concurrently) → classify → Report. The CLI only
parses options, calls `run_scan` and renders the Report.
"""

from __future__ import annotations

import asyncio
import fnmatch
import functools
import signal
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from accesscheck.classify import verdicts
from accesscheck.classify.decide import classify_failure
from accesscheck.errors import (
    EXIT_NETWORK_DOWN,
    EXIT_OK,
    EXIT_POLICY,
    ConfigError,
)
from accesscheck.gate import Allowance, judge, registry_allowances
from accesscheck.hedge import hedge
from accesscheck.model import ProviderOutcome, Reason, Report, Result, Seen, Status
from accesscheck.observation import Failure, FailureName, Layer, Rung, Timings
from accesscheck.probe.channel import ModelVerdict, ProviderScan, prepare
from accesscheck.probe.ladder import internal_error, start
from accesscheck.probe.network import Network
from accesscheck.probe.transport import Prober
from accesscheck.probe.vantage import locate, vantage
from accesscheck.registry import (
    BUILTIN,
    CoverageRule,
    Registry,
    age_on,
    bundled_text,
    load_text,
    ref_of,
)
from accesscheck.urls import is_loopback_host


@dataclass(frozen=True)
class ScanOptions:
    deep: bool = False
    timeout: float = 10.0
    concurrency: int = 4
    require: tuple[str, ...] = ()
    fail_on: frozenset[Status] = frozenset()
    allow: tuple[Allowance, ...] = ()  # from --allow; the registry's allow: list is added
    baseline: Mapping[str, Seen] | None = None
    baseline_path: str | None = None
    today: date | None = None  # allowance expiry, registry age; default: today (UTC)
    vantage_name: str = ""  # default: the host name
    network: Network = field(default_factory=Network)
    environ: Mapping[str, str] = field(default_factory=dict)
    debug: Callable[[str], None] = lambda _line: None
    scan_timeout: float = 120.0  # --scan-timeout: the whole scan's deadline, in seconds
    coverage: tuple[CoverageRule, ...] = ()  # --min-providers, added to the registry's rules
    country: str | None = None  # --country: judge documented countries for this one


def default_vantage_name() -> str:
    return socket.gethostname() or "unnamed"


def _is_loopback(base_url: str | None) -> bool:
    return bool(base_url) and is_loopback_host(urlsplit(base_url or "").hostname or "")


def required_refs(registry: Registry, patterns: Iterable[str]) -> set[str]:
    """Refs required by the registry (`required: true`) or by --require globs."""
    refs = [ref_of(p, m) for p, m in registry.refs()]
    required = {ref_of(p, m) for p, m in registry.refs() if m.required}
    for pattern in patterns:
        matched = fnmatch.filter(refs, pattern)
        if not matched:
            raise ConfigError(
                f"--require {pattern}: matches no model in the registry ({registry.source})"
            )
        required.update(matched)
    return required


class Stop:
    """Why a scan stopped early: the signal that asked it to (SIGINT/SIGTERM), set by the
    handler run_scan installs, and the event the waiting scan watches."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self.event = asyncio.Event()

    def trigger(self, signum: int) -> None:
        self.signal = self.signal or signum
        self.event.set()


_CUT_SHORT = {Reason.TIMEOUT: verdicts.SCAN_DEADLINE, Reason.INTERRUPTED: verdicts.INTERRUPTED}


def _cut_short(scan: ProviderScan, reason: Reason) -> None:
    """Models a stopped climb had not decided get the reason it stopped."""
    failure = (
        Failure(FailureName.DEADLINE_EXCEEDED, Layer.HTTP, "the scan's total deadline passed")
        if reason is Reason.TIMEOUT
        else None
    )
    for model in scan.provider.models:
        scan.verdicts.setdefault(
            model.id, ModelVerdict(_CUT_SHORT[reason], Rung.NETWORK, failure=failure)
        )


async def _scan_all(
    registry: Registry, options: ScanOptions, stop: Stop
) -> tuple[list[ProviderScan], tuple[str | None, str | None]]:
    """Every provider's ladder at once, within the scan's total deadline; a signal or the
    deadline cancels the climbs still running and keeps what they had decided."""
    async with Prober(
        timeout=options.timeout, concurrency=options.concurrency, network=options.network
    ) as prober:
        located = asyncio.ensure_future(locate(registry, prober.fetch))
        scans, tasks = [], []
        for provider in registry.providers:
            scan, climbing = start(
                prepare(provider, options.environ, options.network),
                prober.fetch,
                deep=options.deep,
                debug=options.debug,
                concurrency=options.concurrency,
            )
            scans.append(scan)
            tasks.append(asyncio.ensure_future(climbing))
        stopped = asyncio.ensure_future(stop.event.wait())
        loop = asyncio.get_running_loop()
        deadline = loop.time() + options.scan_timeout
        late: set[asyncio.Future[Any]] = {*tasks, located}
        while late and not stop.event.is_set() and loop.time() < deadline:
            _, rest = await asyncio.wait(
                {*late, stopped},
                timeout=deadline - loop.time(),
                return_when=asyncio.FIRST_COMPLETED,
            )
            late = rest - {stopped}
        for task in (*late, stopped):
            task.cancel()
        await asyncio.gather(*late, stopped, return_exceptions=True)
        reason = Reason.INTERRUPTED if stop.signal else Reason.TIMEOUT
        for scan, task in zip(scans, tasks, strict=True):
            if task in late:
                _cut_short(scan, reason)
            elif (exc := task.exception()) is not None:
                _broken(scan, exc, options.debug)
        where: tuple[str | None, str | None] = (None, None)
        if located not in late and located.exception() is None:
            where = located.result()  # a trace that failed is no country, not a failed scan
        return scans, where


def _broken(scan: ProviderScan, exc: BaseException, debug: Callable[[str], None]) -> None:
    """A climb that raised (a bug): what it had decided stands, the rest is `unknown`."""
    verdict, failure = internal_error(exc)
    debug(
        f"{scan.provider.id}: internal error\n"
        + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    )
    for model in scan.provider.models:
        scan.verdicts.setdefault(model.id, ModelVerdict(verdict, Rung.NETWORK, failure=failure))


def _finalise_network(scans: list[ProviderScan]) -> bool:
    """Decide providers whose network failed; True when no remote provider answered at all."""
    remote = [s for s in scans if s.first is not None and not _is_loopback(s.endpoint)]
    answered = any(s.network_failure is None or not s.network_failure.silent for s in remote)
    for scan in scans:
        if scan.network_failure is None or scan.first is None:
            continue
        loopback = _is_loopback(scan.endpoint)
        verdict = classify_failure(
            scan.network_failure, others_answered=answered, loopback=loopback
        )
        for model in scan.provider.models:
            scan.verdicts.setdefault(
                model.id,
                ModelVerdict(
                    verdict, Rung.NETWORK, None, scan.first.timings.total_ms, scan.network_failure
                ),
            )
    return bool(remote) and not answered


def _bundled_endpoints(registry: Registry) -> dict[str, str | None]:
    """The bundled registry's base URLs by provider id, for a registry that is not it."""
    if registry.source == BUILTIN:
        return {}
    return _bundled_base_urls()


@functools.cache
def _bundled_base_urls() -> dict[str, str | None]:
    return {p.id: p.base_url for p in load_text(bundled_text(), BUILTIN).providers}


def _outcome(scan: ProviderScan, bundled: Mapping[str, str | None]) -> ProviderOutcome:
    provider = scan.provider
    first = scan.first
    return ProviderOutcome(
        id=provider.id,
        name=provider.name,
        api=provider.api,
        base_url=scan.endpoint or "",
        hq=provider.hq,
        key_env=provider.auth.env,
        key_env_used=scan.key.used,
        key_set=scan.key.is_set,
        network_answered=None
        if first is None
        else not (scan.network_failure and scan.network_failure.silent),
        timings=first.timings if first else Timings(),
        steps=tuple(scan.steps),
        paid_calls=scan.paid_calls,
        failure=scan.network_failure,
        custom_endpoint=provider.id in bundled and bundled[provider.id] != provider.base_url,
    )


def _results(scans: list[ProviderScan], required: set[str]) -> list[Result]:
    results = []
    for scan in scans:
        for model in scan.provider.models:
            mv = scan.verdicts[model.id]
            ref = ref_of(scan.provider, model)
            results.append(
                Result(
                    ref=ref,
                    provider=scan.provider.id,
                    model=model.id,
                    name=model.display_name,
                    status=mv.verdict.status,
                    reason=mv.verdict.reason,
                    evidence=mv.evidence,
                    rule=mv.verdict.rule,
                    detail=mv.verdict.detail,
                    remedy=mv.verdict.remedy,
                    http_status=mv.http_status,
                    error_code=mv.verdict.error_code,
                    latency_ms=mv.latency_ms,
                    failure=mv.failure,
                    required=ref in required,
                )
            )
    return results


def run_scan(registry: Registry, options: ScanOptions) -> Report:
    """Scan every model of the registry and judge the result against the policy. SIGINT or
    SIGTERM ends it early with what it had (exit code 130 or 143)."""
    return run_vantages(registry, [options])[0]


def run_vantages(registry: Registry, vantages: Sequence[ScanOptions]) -> list[Report]:
    """The same scan from several vantages (each its own proxy and name), concurrently."""

    reports: list[Report] = []

    # The reports leave through `reports`, not as the coroutine's result: on Python 3.11 and
    # early 3.12, asyncio.run computes the repr of its task's result twice while restoring the
    # SIGINT handler (python/cpython#112559): every Result of the scan as text, 40 MB and a
    # second at 50,000 models, the scan's peak memory (#12).
    async def scan_all() -> None:
        stop = Stop()
        with _signals(stop):
            reports.extend(
                await asyncio.gather(*(_scan_report(registry, o, stop) for o in vantages))
            )

    asyncio.run(scan_all())
    return reports


@contextmanager
def _signals(stop: Stop) -> Iterator[None]:
    """While the scan runs, SIGINT and SIGTERM stop it instead of killing it, so the partial
    report is still printed and written. Main thread and Unix only; elsewhere a no-op."""
    loop = asyncio.get_running_loop()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                previous[signum] = signal.getsignal(signum)
                loop.add_signal_handler(signum, stop.trigger, signum)
            except (NotImplementedError, RuntimeError, ValueError):
                previous.pop(signum, None)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            loop.remove_signal_handler(signum)
            signal.signal(signum, handler)


def combined_exit(reports: Sequence[Report]) -> int:
    """3 only when no vantage had a network; else 1 if any vantage failed the policy."""
    codes = {r.exit_code for r in reports}
    if codes == {EXIT_NETWORK_DOWN}:
        return EXIT_NETWORK_DOWN
    return EXIT_POLICY if EXIT_POLICY in codes else EXIT_OK


async def _scan_report(registry: Registry, options: ScanOptions, stop: Stop) -> Report:
    required = required_refs(registry, options.require)
    started = datetime.now(UTC)
    clock = time.monotonic()
    # Parsing the bundled registry takes tens of ms: done while the probes wait on the network.
    bundling = asyncio.ensure_future(asyncio.to_thread(_bundled_endpoints, registry))
    scans, located = await _scan_all(registry, options, stop)
    network_down = _finalise_network(scans)
    where = vantage(
        options.vantage_name or default_vantage_name(),
        options.network.proxy_for("https://provider.invalid/"),
        located,
    )
    country = options.country or where.country
    bundled = await bundling
    hedged = hedge(registry, _results(scans, required), options.coverage, country)
    results = list(hedged.results)
    allowances = (*options.allow, *registry_allowances(registry))
    today = options.today or started.date()
    judgement = judge(
        results,
        fail_on=options.fail_on,
        allowances=allowances,
        baseline=options.baseline,
        today=today,
    )
    failed = bool(judgement.failures) or not all(c.met for c in hedged.coverage)
    exit_code = EXIT_NETWORK_DOWN if network_down else EXIT_POLICY if failed else EXIT_OK
    if stop.signal:
        exit_code = 128 + stop.signal  # the shell's convention: 130 for SIGINT, 143 for SIGTERM
    return Report(
        started_at=started.isoformat(timespec="seconds").replace("+00:00", "Z"),
        duration_ms=round((time.monotonic() - clock) * 1000, 1),
        registry=registry.source,
        results=tuple(results),
        providers=tuple(_outcome(s, bundled) for s in scans),
        paid_calls=sum(s.paid_calls for s in scans),
        deep=options.deep,
        exit_code=exit_code,
        failures=judgement.failures,
        changes=judgement.changes,
        allowed=judgement.allowed,
        baseline=options.baseline_path,
        vantage=where,
        coverage=hedged.coverage,
        drift=hedged.drift,
        country=country,
        registry_age=age_on(registry, today),
    )
