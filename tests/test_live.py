"""Opt-in checks against the real providers (ACCESSCHECK_LIVE=1 and real keys). Skipped by default.

What a live call can establish, and so what these tests demand: every provider answers like its
API (never an unexpected response, never a network failure), and every generally available,
verified model of a provider whose key is set is `reachable`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from accesscheck.registry import load

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        os.environ.get("ACCESSCHECK_LIVE") != "1",
        reason="live tests are opt-in: ACCESSCHECK_LIVE=1",
    ),
]


def _scan(*args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "accesscheck", "scan", "--format", "json", "--no-history", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def test_bundled_registry_against_the_real_providers() -> None:
    code, report = _scan()
    assert code in (0, 1), f"exit {code}: 3 means no provider answered at all"
    for result in report["results"]:
        # A real provider's answer must be understood, and it must have answered.
        assert result["reason"] not in ("unexpected_response", "local_network_down"), result
        assert result["failure"] is None, result


def test_documented_models_of_providers_with_a_key_are_reachable() -> None:
    registry = load(None)
    keyed = {
        p.id
        for p in registry.providers
        if any(os.environ.get(name, "").strip() for name in p.auth.env)
    }
    if not keyed:
        pytest.fail("ACCESSCHECK_LIVE=1 but no provider key is set: set at least one")
    _, report = _scan("--deep")
    checked = 0
    for result in report["results"]:
        model = next(
            m
            for p in registry.providers
            if p.id == result["provider"]
            for m in p.models
            if m.id == result["model"]
        )
        if result["provider"] in keyed and model.stage == "ga" and model.verified:
            checked += 1
            assert result["status"] == "reachable", result
    assert checked, "no generally available, verified model of a keyed provider was scanned"
