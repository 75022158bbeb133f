"""Reading reports for the gate (baseline, merge, export): every malformed file is one located
usage error, and the size cap sits exactly where it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accesscheck.errors import ConfigError
from accesscheck.gate import MAX_REPORT_BYTES, read_report


@pytest.mark.parametrize(
    "results",
    [[{"status": "reachable"}], [42], [["openai/gpt-5.5"]], [{"ref": 7, "status": "reachable"}]],
)
def test_a_result_without_a_ref_is_named(tmp_path: Path, results: list[object]) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"schema_version": 1, "results": results}))
    with pytest.raises(ConfigError, match=r"results\[0\] has no ref"):
        read_report(path)


def test_the_size_cap_is_exactly_sixteen_mebibytes(tmp_path: Path) -> None:
    doc = json.dumps({"schema_version": 1, "results": []}).encode()
    at_cap = tmp_path / "at.json"
    at_cap.write_bytes(doc + b" " * (MAX_REPORT_BYTES - len(doc)))
    assert read_report(at_cap) == ({"schema_version": 1, "results": []}, {})
    over = tmp_path / "over.json"
    over.write_bytes(doc + b" " * (MAX_REPORT_BYTES - len(doc) + 1))
    with pytest.raises(ConfigError, match="larger than 16 MiB"):
        read_report(over)
    assert MAX_REPORT_BYTES == 16 * 1024 * 1024  # README, accesscheck diff: "at most 16 MiB"
