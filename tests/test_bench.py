"""The benchmark command runs (on its small size); its figures are not asserted here: timing
targets live in bench/, not in unit tests, because these machines are noisy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[1]


def test_the_benchmark_runs_on_a_small_size() -> None:
    done = subprocess.run([sys.executable, "bench/run.py", "--size", "small"], cwd=REPO,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("accesscheck benchmarks: 4 providers")
    for measure in ("scan / bare", "sequential / scan", "requests per model", "paid calls",
                    "peak RSS", "accesscheck --help", "accesscheck --version"):  # fmt: skip
        row = next((line for line in lines if measure in line), None)
        assert row is not None, f"no {measure!r} row in:\n{done.stdout}"
        assert row.rstrip().endswith(("met", "NOT MET")), row
