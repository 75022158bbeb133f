"""Validation against the shipped JSON Schemas with check-jsonschema (issue #16): its own
command, run in-process (a child process per test would cost a second each), on files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from check_jsonschema.cli.main_command import main as check_jsonschema
from click.testing import CliRunner

from accesscheck.choices import SchemaName
from accesscheck.report import json as json_report

SCHEMAS = Path(__file__).parents[1] / "accesscheck" / "schemas"


def check(name: SchemaName, files: Iterable[Path]) -> tuple[bool, str]:
    """Whether every file is valid against the shipped schema, and check-jsonschema's words."""
    schema = SCHEMAS / f"{name.value}.schema.json"
    args = ["--schemafile", str(schema), *map(str, files)]
    done = CliRunner().invoke(check_jsonschema, args, catch_exceptions=False)
    return done.exit_code == 0, done.output


# Every JSON report written since the current test began (conftest clears and checks it).
WRITTEN: list[str] = []


def record_reports() -> None:
    """From now on, every JSON report the code writes (the streamed `chunks` and the
    multi-vantage `render_many`) is also appended to WRITTEN. Installed once, when the tests
    start, so that a module imported later (outputs.py binds render_many by name) binds the
    recording writer too; modules already loaded are patched wherever they bound one."""
    chunks, render_many = json_report.chunks, json_report.render_many

    def recorded_chunks(*args: Any, **kwargs: Any) -> Iterator[str]:
        pieces = []
        for piece in chunks(*args, **kwargs):
            pieces.append(piece)
            yield piece
        WRITTEN.append("".join(pieces))

    def recorded_render_many(*args: Any, **kwargs: Any) -> str:
        text = render_many(*args, **kwargs)
        WRITTEN.append(text)
        return text

    wrappers: list[tuple[Callable[..., Any], Callable[..., Any]]] = [
        (chunks, recorded_chunks),
        (render_many, recorded_render_many),
    ]
    for module in list(sys.modules.values()):
        if isinstance(module, ModuleType) and module.__name__.startswith("accesscheck"):
            for attr, value in list(vars(module).items()):
                for original, wrapper in wrappers:
                    if value is original:
                        setattr(module, attr, wrapper)


def is_report(text: object) -> bool:
    """Whether a child process's output is a JSON scan report (not another command's JSON)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str) or not text.lstrip().startswith("{"):
        return False
    try:
        doc = json.loads(text)
    except ValueError:
        return False
    tool = doc.get("tool") if isinstance(doc, dict) else None
    return (
        isinstance(tool, dict)
        and tool.get("name") == "accesscheck"
        and {"results", "providers", "summary"} <= doc.keys()
    )


def _written_by(command: object) -> list[Path]:
    """The report files an accesscheck command line names as its outputs: each `-o/--output`
    and, with --update-baseline, the --baseline it rewrites (its inputs are not its writing)."""
    if not isinstance(command, list | tuple) or "scan" not in command:
        return []
    words = [str(word) for word in command]
    outputs = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-o", "--output")]
    if "--update-baseline" in words:
        outputs += [words[i + 1] for i, w in enumerate(words[:-1]) if w == "--baseline"]
    return [Path(name) for name in outputs if name.endswith(".json")]


def record_child_reports() -> None:
    """The report an accesscheck child process prints (tests that run it with subprocess.run
    and capture its output) is appended to WRITTEN too: the child's writer is out of reach."""
    run = subprocess.run

    def recorded_run(*args: Any, **kwargs: Any) -> subprocess.CompletedProcess[Any]:
        done = run(*args, **kwargs)
        if is_report(done.stdout):
            out = done.stdout
            WRITTEN.append(out.decode("utf-8") if isinstance(out, bytes) else out)
        for path in _written_by(args[0] if args else kwargs.get("args")):
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
            if is_report(text):
                WRITTEN.append(text)
        return done

    subprocess.run = recorded_run  # type: ignore[assignment]


def check_written(directory: Path) -> None:
    """Validate the reports written since WRITTEN was cleared; fail with check-jsonschema's
    own words when one is not valid."""
    files = []
    for i, text in enumerate(WRITTEN):
        files.append(directory / f"report-{i}.json")
        files[-1].write_text(text, encoding="utf-8")
    WRITTEN.clear()
    if files:
        ok, output = check(SchemaName.REPORT, files)
        assert ok, f"a JSON report this test wrote does not match report.schema.json:\n{output}"
