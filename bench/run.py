"""accesscheck benchmarks: one command, every figure measured side by side in one run.

    python3 bench/run.py              # the sizes of issue #7 (about two minutes)
    python3 bench/run.py --size small # a quick run (CI checks that this works)

Against the loopback emulator (tests/emulator/) with latency injected before every answer,
run in a child process so that serving does not share the scanner's interpreter:

1. a --deep scan of many models across providers, beside a bare asyncio + httpx loop that
   sends the very same requests (recorded by the emulator) at the same per-host concurrency —
   the practical floor for this stack — and beside a sequential loop of them;
2. the default (non-deep) scan of the same registry: requests per model and paid calls;
3. peak RSS of `accesscheck scan` over a much larger registry, in a child process;
4. start-up: `accesscheck --help` and `--version` beside `python -c "import typer, rich"`.

Prints one table of measured values, targets and ratios; exit 0 (the figures are reported,
not asserted: these machines are noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

KEY = "sk-bench-0123456789abcdef"  # a made-up key the emulators accept


@dataclass(frozen=True)
class Size:
    providers: int
    models: int  # per provider, for the speed runs
    big_models: int  # per provider, for the memory run
    latency_s: float
    concurrency: int = 4


SIZES = {
    # 100 ms: a quick real list call; invokes are slower still. A shorter latency would time
    # the emulators' own CPU (one Python process serving every provider), not the scanner.
    "full": Size(providers=20, models=50, big_models=500, latency_s=0.1),
    "small": Size(providers=4, models=10, big_models=50, latency_s=0.005),
}


# ---------------------------------------------------------------- the emulators' process


def _serve(size: Size, models: int, conn: Connection) -> None:
    """Start the emulators, send their base URLs, then answer "dump" (the recorded requests)
    and "clear" until "stop"."""
    from tests.emulator.server import OK, Emulator, Scenario

    ids = [f"model-{i:05d}" for i in range(models)]
    emulators = [
        Emulator(
            "openai",
            key=KEY,
            scenario=Scenario(
                models=dict.fromkeys(ids, OK), page_size=1000, latency_s=size.latency_s
            ),
        )
        for _ in range(size.providers)
    ]
    for emulator in emulators:
        emulator.__enter__()
    conn.send([e.base_url for e in emulators])
    while True:
        command = conn.recv()
        if command == "dump":
            conn.send([(e.origin, [(r.method, r.path, r.headers, r.body) for r in e.requests])
                       for e in emulators])  # fmt: skip
        elif command == "clear":
            for emulator in emulators:
                emulator.requests.clear()
            conn.send("ok")
        else:
            break
    for emulator in emulators:
        emulator.__exit__(None, None, None)


class Farm:
    """The emulators in a child process."""

    def __init__(self, size: Size, models: int) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("fork").Process(
            target=_serve, args=(size, models, child), daemon=True
        )
        self.process.start()
        self.base_urls: list[str] = self.conn.recv()

    def ask(self, command: str) -> Any:
        self.conn.send(command)
        return self.conn.recv()

    def close(self) -> None:
        self.conn.send("stop")
        self.process.join(timeout=10)


def registry_file(
    base_urls: list[str], models: int, directory: Path
) -> tuple[Path, dict[str, str]]:
    import yaml

    providers, env = [], {}
    for i, url in enumerate(base_urls):
        pid = f"p{i:02d}"
        env[f"P{i:02d}_API_KEY"] = KEY
        providers.append({
            "id": pid, "name": pid, "api": "openai", "family": "openai", "base_url": url,
            "auth": {"env": f"P{i:02d}_API_KEY"}, "hq": "US",
            "models": [{"id": f"model-{m:05d}"} for m in range(models)],
        })  # fmt: skip
    path = directory / f"registry-{len(base_urls)}x{models}.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "providers": providers}, sort_keys=False))
    return path, env


# ---------------------------------------------------------------- the three loops


def scan(path: Path, env: dict[str, str], *, deep: bool, concurrency: int) -> tuple[float, Any]:
    from accesscheck import registry
    from accesscheck.check import ScanOptions, run_scan

    reg = registry.load(str(path))
    options = ScanOptions(deep=deep, timeout=60, scan_timeout=3600, concurrency=concurrency,
                          environ=env)  # fmt: skip
    began = time.perf_counter()
    report = run_scan(reg, options)
    return time.perf_counter() - began, report


Request = tuple[str, str, dict[str, str], bytes]


def _replayed(headers: dict[str, str]) -> dict[str, str]:
    # What the client library sets itself is left to it, as it would be in a bare loop.
    own = {"host", "content-length", "connection", "accept-encoding", "user-agent", "accept"}
    return {k: v for k, v in headers.items() if k not in own}


async def _bare(recorded: list[tuple[str, list[Request]]], concurrency: int) -> tuple[float, int]:
    """The straightforward loop a user would write: one httpx client (one pool) per host, a
    semaphore per host. Returns the time and how many requests failed."""
    import httpx

    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    clients = {origin: httpx.AsyncClient(timeout=60, limits=limits) for origin, _ in recorded}
    gates = {origin: asyncio.Semaphore(concurrency) for origin, _ in recorded}
    failed = 0

    async def one(origin: str, request: Request) -> None:
        nonlocal failed
        method, path, headers, body = request
        async with gates[origin]:
            try:
                answer = await clients[origin].request(
                    method, origin + path, headers=_replayed(headers), content=body or None
                )
                await answer.aread()
            except httpx.HTTPError:
                failed += 1

    try:
        began = time.perf_counter()
        await asyncio.gather(*(one(o, r) for o, requests in recorded for r in requests))
        return time.perf_counter() - began, failed
    finally:
        for client in clients.values():
            await client.aclose()


def bare(recorded: list[tuple[str, list[Request]]], concurrency: int) -> tuple[float, int]:
    return asyncio.run(_bare(recorded, concurrency))


SAMPLE = 10  # the sequential loop sends 1 in SAMPLE of the requests and is scaled up


def sequential(recorded: list[tuple[str, list[Request]]]) -> float:
    """One request after another: 1 in SAMPLE of them, timed and scaled to all (a full
    sequential run at 100 ms each would take minutes and say nothing more)."""
    import httpx

    every = [(origin, r) for origin, requests in recorded for r in requests]
    sample = every[::SAMPLE]
    with httpx.Client(timeout=60) as client:
        began = time.perf_counter()
        for origin, (method, path, headers, body) in sample:
            client.request(method, origin + path, headers=_replayed(headers), content=body or None)
        return (time.perf_counter() - began) * len(every) / len(sample)


# ---------------------------------------------------------------- memory and start-up


def peak_rss_mb(path: Path, env: dict[str, str], data_dir: Path) -> tuple[float, int]:
    """Peak resident memory of one `accesscheck scan` process, and its exit code."""
    child = subprocess.Popen(
        [sys.executable, "-m", "accesscheck", "scan", "--registry", str(path), "--format", "json",
         "--no-history", "--timeout", "60"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO,
        env={**os.environ, **env, "XDG_DATA_HOME": str(data_dir)},
    )  # fmt: skip
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, child.returncode  # ru_maxrss is in KiB on Linux


def median_seconds(command: list[str], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=REPO)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def accesscheck_command() -> list[str]:
    script = Path(sys.executable).with_name("accesscheck")
    if script.exists():
        return [str(script)]
    found = shutil.which("accesscheck")
    return [found] if found else [sys.executable, "-m", "accesscheck"]


# ---------------------------------------------------------------- the run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    size = SIZES[parser.parse_args().size]
    rows: list[tuple[str, str, str, str]] = []
    total = size.providers * size.models
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        farm = Farm(size, size.models)
        try:
            path, env = registry_file(farm.base_urls, size.models, directory)
            scan(path, env, deep=False, concurrency=size.concurrency)  # warm-up: imports, sockets
            farm.ask("clear")
            deep_s, deep_report = scan(path, env, deep=True, concurrency=size.concurrency)
            recorded = farm.ask("dump")
            sent = sum(len(requests) for _, requests in recorded)
            farm.ask("clear")
            bare_s, _ = bare(recorded, size.concurrency)
            sequential_s = sequential(recorded)
            farm.ask("clear")
            plain_s, plain_report = scan(path, env, deep=False, concurrency=size.concurrency)
            plain_sent = sum(len(requests) for _, requests in farm.ask("dump"))
        finally:
            farm.close()
        rows += [
            (f"--deep scan, {total} models x {size.providers} providers", f"{deep_s:.2f} s",
             f"{sent} requests, {deep_report.paid_calls} paid", ""),
            ("bare asyncio + httpx, same requests", f"{bare_s:.2f} s", "", ""),
            ("sequential loop, same requests", f"{sequential_s:.2f} s",
             f"1 in {SAMPLE} sent, scaled", ""),
            ("  scan / bare", f"{deep_s / bare_s:.2f}x", "<= 1.2x", _ok(deep_s / bare_s <= 1.2)),
            ("  sequential / scan", f"{sequential_s / deep_s:.1f}x", ">= 20x",
             _ok(sequential_s / deep_s >= 20)),
            ("default scan, same registry", f"{plain_s:.2f} s", "", ""),
            ("  requests per model", f"{plain_sent / total:.3f}", "<= 0.1",
             _ok(plain_sent / total <= 0.1)),
            ("  paid calls", str(plain_report.paid_calls), "0", _ok(plain_report.paid_calls == 0)),
        ]  # fmt: skip
        big = size.providers * size.big_models
        farm = Farm(size, size.big_models)
        try:
            path, env = registry_file(farm.base_urls, size.big_models, directory)
            rss, code = peak_rss_mb(path, env, directory / "data")
        finally:
            farm.close()
        rows.append((f"peak RSS, default scan of {big} models", f"{rss:.0f} MB", "<= 150 MB",
                     _ok(rss <= 150 and code == 0)))  # fmt: skip
    base = median_seconds([sys.executable, "-c", "import typer, rich"])
    command = accesscheck_command()
    for flag in ("--help", "--version"):
        took = median_seconds([*command, flag])
        rows.append((f"accesscheck {flag} / import typer, rich", f"{took / base:.2f}x",
                     "<= 1.5x", _ok(took / base <= 1.5)))  # fmt: skip
    rows.append(("  (import typer, rich)", f"{base * 1000:.0f} ms", "", ""))
    _print(rows, size)
    return 0


def _ok(met: bool) -> str:
    return "met" if met else "NOT MET"


def _print(rows: list[tuple[str, str, str, str]], size: Size) -> None:
    print(f"accesscheck benchmarks: {size.providers} providers, {size.latency_s * 1000:.0f} ms "
          f"injected latency, concurrency {size.concurrency} per host, Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs")  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in (("measure", "value", "target", ""), *rows):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


if __name__ == "__main__":
    raise SystemExit(main())
