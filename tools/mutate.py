"""Mutation testing for the modules where a silent bug hurts most.

    python3 tools/mutate.py                 # every module below, its tests, the score
    python3 tools/mutate.py -m accesscheck/gate.py --list   # the mutants, not run
    python3 tools/mutate.py -j 2            # the same score, two modules at a time

Each mutant is one small change to a copy of the repository (a comparison flipped, `and` for
`or`, a `not` dropped, a boolean or number changed, one member left out of a constant set, one
rule left out of a rule table). The module's tests run against it; a failing test kills it. A
mutant that survives is either a gap in the tests or equivalent to the original (no input can
tell them apart): equivalent ones are listed, with the reason, in tools/mutation-equivalent.txt
and left out of the score. Exit 1 when a module scores below --target.

A small script rather than mutmut: mutmut runs the whole suite per mutant unless it can map
tests to functions, which our end-to-end tests (one CLI run touches every module) defeat; here
each module names the test files that are meant to guard it, and a mutant costs seconds.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# module → the tests that guard it (run with -x: the first failure kills the mutant)
MODULES: dict[str, list[str]] = {
    # the gate policy
    "accesscheck/gate.py": ["tests/test_gate.py", "tests/test_policy.py"],
    # key scrubbing (and the escaping of what servers send)
    "accesscheck/keys.py": ["tests/test_keys.py", "tests/test_scrub.py"],
    # the ladder's stop conditions
    "accesscheck/probe/ladder.py": [
        "tests/probe/test_ladder.py",
        "tests/test_providers.py",
        "tests/test_discover.py",
    ],
    # the report writers: atomic files, modes, refusing FIFOs and devices
    "accesscheck/files.py": ["tests/test_files.py", "tests/test_gate.py"],
    # the rule table
    "accesscheck/classify/rules.py": [
        "tests/classify/test_rules.py",
        "tests/classify/test_decide.py",
        "tests/classify/test_not_found_outage_network.py",
    ],
    # deadlines: one per request, shared by its one retry (the rest of the module: FUNCTIONS) ...
    "accesscheck/probe/transport.py": [
        "tests/test_deadlines.py",
        "tests/probe/test_transport.py::test_a_kept_alive_connection_the_server_dropped_is_sent_again_once",
        "tests/probe/test_transport.py::test_a_reset_on_a_fresh_connection_is_the_servers_and_is_not_sent_again",
        "tests/probe/test_transport.py::test_a_body_is_sent_as_json_and_a_bodiless_request_claims_no_type",
    ],
    # ... and the scan's, with the signals that stop it early
    "accesscheck/scanner.py": ["tests/test_deadlines.py", "tests/test_process.py"],
    # the JSON report writer
    "accesscheck/report/json.py": ["tests/report/test_renderers.py", "tests/probe/test_vantage.py"],
}
# Where only part of a module is meant, the functions (and what they contain) whose mutants run
# and count: the rest of probe/transport.py is body caps, redirects and naming failures, of
# scanner.py the report's assembly, each guarded by other tests and not scored here.
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "accesscheck/probe/transport.py": ("Prober.__init__", "Prober._send"),
    "accesscheck/scanner.py": ("Stop", "_cut_short", "_scan_all"),
}
EQUIVALENT = ROOT / "tools" / "mutation-equivalent.txt"

_FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int  # the n-th mutation point of the module, in walk order
    line: int
    what: str
    where: str  # the enclosing function or class, for the equivalence list
    nth: int = 0  # the same change in the same function, counted in walk order

    @property
    def key(self) -> str:
        return f"{self.module}:{self.where}:{self.what}@{self.nth}"


def _skipped_ids(tree: ast.AST) -> set[int]:
    """Docstrings, decorators and annotations: changing them changes no behaviour a test sees."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            for part in node.decorator_list:
                found.update(id(n) for n in ast.walk(part))
        if isinstance(node, ast.AnnAssign | ast.arg) and node.annotation is not None:
            found.update(id(n) for n in ast.walk(node.annotation))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            found.update(id(n) for n in ast.walk(node.returns))
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _scopes(tree: ast.AST) -> dict[int, str]:
    """id(node) → the qualified name of the function or class around it."""
    names: dict[int, str] = {}

    def visit(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{scope}.{child.name}" if scope else child.name
            names[id(child)] = inner or "<module>"
            visit(child, inner)

    visit(tree, "")
    return names


def _points(tree: ast.AST) -> Iterator[tuple[ast.AST, str, int]]:
    """(node, description, option) for every mutation the node allows, in a stable order."""
    skip = _skipped_ids(tree)
    for node in ast.walk(tree):
        if id(node) in skip or isinstance(node, ast.JoinedStr | ast.FormattedValue):
            continue
        if isinstance(node, ast.Compare):
            for n, op in enumerate(node.ops):
                if type(op) in _FLIP:
                    flipped = _FLIP[type(op)].__name__
                    yield node, f"{type(op).__name__}->{flipped}#{n}", n
        elif isinstance(node, ast.BoolOp):
            other = "Or" if isinstance(node.op, ast.And) else "And"
            yield node, f"{type(node.op).__name__}->{other}", 0
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, "drop not", 0
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                yield node, f"{node.value}->{not node.value}", 0
            elif isinstance(node.value, int) and not isinstance(node.value, bool):
                yield node, f"{node.value}->{node.value + 1}", 0
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add | ast.Sub):
            yield node, "+= -> -=" if isinstance(node.op, ast.Add) else "-= -> +=", 0
        elif (
            isinstance(node, ast.Set | ast.List | ast.Tuple)
            and len(node.elts) >= 2
            and all(isinstance(e, ast.Attribute | ast.Call | ast.Constant) for e in node.elts)
        ):
            # constant sets (_FINAL) and rule tables: leave one member out
            for n, element in enumerate(node.elts):
                label = ast.unparse(element)[:60].replace("\n", " ")
                yield node, f"drop [{n}] {label}", n


def _apply(node: ast.AST, what: str, option: int) -> None:
    if isinstance(node, ast.Compare):
        node.ops[option] = _FLIP[type(node.ops[option])]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.Constant):
        node.value = (not node.value) if isinstance(node.value, bool) else node.value + 1
    elif isinstance(node, ast.AugAssign):
        node.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
    elif isinstance(node, ast.Set | ast.List | ast.Tuple):
        del node.elts[option]
    else:  # pragma: no cover - _points yields only the kinds above
        raise AssertionError(what)


def _drop_not(tree: ast.AST, target: ast.UnaryOp) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, target.operand)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if item is target:
                        value[i] = target.operand


def _within(where: str, functions: tuple[str, ...] | None) -> bool:
    return functions is None or any(where == f or where.startswith(f"{f}.") for f in functions)


def mutants(
    module: str, functions: tuple[str, ...] | None = None, source: str | None = None
) -> list[Mutant]:
    """The module's mutants (only those inside `functions`, when given), numbered over the
    whole module so that --only N names the same mutant whatever the restriction. `source`:
    the module's text as copied for the run (default: as it is in the checkout now)."""
    tree = ast.parse((ROOT / module).read_text() if source is None else source)
    scopes = _scopes(tree)
    seen: dict[tuple[str, str], int] = {}
    found = []
    for n, (node, what, _) in enumerate(_points(tree)):
        where = scopes.get(id(node), "<module>")
        nth = seen[where, what] = seen.get((where, what), -1) + 1
        if _within(where, functions):
            found.append(Mutant(module, n, getattr(node, "lineno", 0), what, where, nth))
    return found


def mutated_source(source: str, index: int) -> str:
    """The module's text with mutant `index` planted."""
    tree = ast.parse(source)
    node, what, option = list(_points(tree))[index]
    if what == "drop not":
        assert isinstance(node, ast.UnaryOp)
        _drop_not(tree, node)
    else:
        _apply(node, what, option)
    return ast.unparse(copy.deepcopy(tree))


def _copy_repo(into: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)


def _run_tests(copy_root: Path, tests: list[str], timeout: float) -> str:
    env = {**os.environ, "PYTHONPATH": str(copy_root), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        done = subprocess.run(
            command, cwd=copy_root, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout"  # a mutant that hangs the tests is caught too
    return "survived" if done.returncode == 0 else "killed"


def _equivalent() -> dict[str, str]:
    if not EQUIVALENT.exists():
        return {}
    known = {}
    for line in EQUIVALENT.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.partition(" -- ")
            known[key.strip()] = reason.strip()
    return known


def run_module(
    module: str, functions: tuple[str, ...] | None, only: set[int] | None
) -> tuple[int, int, list[Mutant]]:
    tests = MODULES[module]
    equivalent = _equivalent()
    with tempfile.TemporaryDirectory(prefix="mutate-") as scratch:
        copy_root = Path(scratch)
        _copy_repo(copy_root)
        started = time.monotonic()
        # twice before giving up: a timing test can fail once on a loaded machine
        if not any(_run_tests(copy_root, tests, timeout=900) == "survived" for _ in range(2)):
            raise SystemExit(f"{module}: its tests fail without any mutant; fix them first")
        budget = max(30.0, 3 * (time.monotonic() - started))
        # Every mutant is planted in the text copied at the start, never the checkout's: editing
        # the module while its mutants run must not change what they are (it once did, unseen).
        original = (copy_root / module).read_text()
        killed, counted, survivors = 0, 0, []
        for mutant in mutants(module, functions, original):
            if only is not None and mutant.index not in only:
                continue
            if mutant.key in equivalent:
                continue
            (copy_root / module).write_text(mutated_source(original, mutant.index))
            outcome = _run_tests(copy_root, tests, budget)
            (copy_root / module).write_text(original)
            counted += 1
            if outcome == "survived":
                survivors.append(mutant)
                print(f"  survived {mutant.index} line {mutant.line}: {mutant.key}", flush=True)
            else:
                killed += 1
    return killed, counted, survivors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-m", "--module", action="append", choices=sorted(MODULES))
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--only", type=int, action="append", help="run only mutant N")
    parser.add_argument(
        "-f",
        "--function",
        action="append",
        help="only the mutants inside this function or class (Class.method; default: FUNCTIONS)",
    )
    parser.add_argument("--target", type=float, default=90.0, help="percent killed (default 90)")
    parser.add_argument(
        "-j", "--jobs", type=int, default=1, help="modules run at once (each in its own copy)"
    )
    args = parser.parse_args()
    modules = args.module or sorted(MODULES)

    def functions(module: str) -> tuple[str, ...] | None:
        return tuple(args.function) if args.function else FUNCTIONS.get(module)

    if args.list:
        for module in modules:
            for mutant in mutants(module, functions(module)):
                print(f"{mutant.index:4} line {mutant.line:4}: {mutant.key}")
        return 0
    only = set(args.only) if args.only else None

    def run(module: str) -> tuple[int, int]:
        print(f"{module}: {len(mutants(module, functions(module)))} mutants", flush=True)
        killed, counted, _ = run_module(module, functions(module), only)
        return killed, counted

    # modules are independent (each mutates its own scratch copy): -j runs several at once
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        scores = list(pool.map(run, modules))
    failed = False
    rows = []
    for module, (killed, counted) in zip(modules, scores, strict=True):
        score = 100.0 * killed / counted if counted else 100.0
        failed |= score < args.target
        part = " (part)" if functions(module) else ""
        rows.append(f"{module + part:34} {killed:4}/{counted:<4} killed  {score:5.1f} %")
    total_killed, total = sum(k for k, _ in scores), sum(c for _, c in scores)
    overall = 100.0 * total_killed / total if total else 100.0
    rows.append(f"{'in all':34} {total_killed:4}/{total:<4} killed  {overall:5.1f} %")
    print("\n".join(["", *rows]))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
