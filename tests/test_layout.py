"""The layout's invariants (ARCHITECTURE.md), checked on the source itself: where a verdict is
made, which package may import which library, how long a module may grow. ruff's banned-api
keeps the library walls file by file; this keeps them package by package, so a new module in
the wrong place fails here even before its per-file exemption is (wrongly) added."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "accesscheck"
MODULES = sorted(PACKAGE.rglob("*.py"))

# library → the packages (or modules) under accesscheck/ allowed to import it
WALLS = {
    "httpx": ("probe/",),
    "yaml": ("registry/",),
    "rich": ("report/", "cli/"),
}
MAX_LINES = 400
# Declarative tables, not logic: they grow a row per provider quirk and read best whole.
TABLES = {"classify/rules.py"}


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def _where(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_the_package_has_the_stages_of_the_pipeline() -> None:
    for package in ("cli", "registry", "providers", "probe", "classify", "report"):
        assert (PACKAGE / package / "__init__.py").is_file(), package


@pytest.mark.parametrize("library", sorted(WALLS))
def test_a_library_is_imported_only_behind_its_wall(library: str) -> None:
    allowed = WALLS[library]
    offenders = [
        _where(path)
        for path in MODULES
        if library in _imports(ast.parse(path.read_text(encoding="utf-8")))
        and not _where(path).startswith(allowed)
    ]
    assert not offenders, f"{library} imported outside {allowed}: {offenders}"


def test_only_classify_makes_a_verdict() -> None:
    """One place answers "why did this model get this status?": classify/ (decide.py for
    answers, verdicts.py for everything else)."""
    offenders = []
    for path in MODULES:
        if _where(path).startswith("classify/") or _where(path) == "model.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name == "Verdict":
                    offenders.append(f"{_where(path)}:{node.lineno}")
    assert not offenders, offenders


def test_no_module_outgrows_one_screenful_of_purpose() -> None:
    long = {
        _where(path): n
        for path in MODULES
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and _where(path) not in TABLES
    }
    assert not long, long


def test_the_wall_check_sees_an_import() -> None:
    """The checks above would pass on nothing: show the reader finds what they look for."""
    tree = ast.parse("import httpx\nfrom rich.table import Table\nfrom . import x\n")
    assert _imports(tree) == {"httpx", "rich"}


def test_every_format_dict_is_keyed_by_its_enum_and_complete() -> None:
    """Each command's renderers: one dict keyed by the command's format enum (choices.py), a
    renderer for every member (a new format fails here until it is rendered)."""
    from accesscheck import choices
    from accesscheck.report import (
        FORMATS,
        alerts,
        catalog,
        changes,
        discovery,
        explanation,
        inventory,
        matrix,
    )
    from accesscheck.report import export as export_report
    from accesscheck.report import history as history_report

    dicts = {
        "scan": (FORMATS, choices.Format),
        "explain": (explanation.RENDERERS, choices.TextFormat),
        "providers": (inventory.RENDERERS, choices.TextFormat),
        "discover": (discovery.RENDERERS, choices.TextFormat),
        "discover --catalog": (catalog.RENDERERS, choices.TextFormat),
        "diff": (changes.RENDERERS, choices.DiffFormat),
        "merge": (matrix.RENDERERS, choices.MatrixFormat),
        "history": (history_report.RENDERERS, choices.TextFormat),
        "export": (export_report.RENDERERS, choices.ExportTarget),
        "alerts": (alerts.MESSAGES, choices.NotifyFormat),
    }
    for name, (renderers, enum) in dicts.items():
        assert all(isinstance(key, enum) for key in renderers), name
        assert set(renderers) == set(enum), name
