"""The corpus is data the classifier is measured on: every case must be usable and sourced."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).parents[1] / "corpus"
LABELS = {"reachable", "restricted", "gated", "quota", "rate_limited", "auth", "not_found",
          "provider_error", "network", "unknown"}  # fmt: skip
FORMS = {"raw_json", "python_repr", "sdk_line", "js_object", "gateway_wrap", "log_line", "html",
         "text", "go", "dotnet", "swift", "java", "chat_app"}  # fmt: skip


def _score() -> Any:
    """tools/score.py, the command README gives, as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", CORPUS.parents[1] / "tools" / "score.py")
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score


def _cases(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (CORPUS / name).read_text().splitlines() if line.strip()]


def _figure(name: str) -> tuple[int, set[str], int]:
    """A split's figure as tools/score.py gives it: the cases read right, the case ids wrongly
    read `reachable`, and the number of cases."""
    score = _score()
    verdicts = [(c, score.read(c)) for c in _cases(name)]
    hits = sum(score.right(c["expected"], v) for c, v in verdicts)
    falsely = {
        c["case_id"]
        for c, v in verdicts
        if v[0] == "reachable" and c["expected"] not in ("reachable", "rate_limited")
    }
    return hits, falsely, len(verdicts)


def test_score_reads_every_corpus_file() -> None:
    """A corpus file tools/score.py does not list is a figure nobody computes."""
    assert sorted(_score().FILES) == sorted(p.name for p in CORPUS.glob("*.jsonl"))


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.jsonl")))
def test_every_case_is_sourced_and_labelled(name: str) -> None:
    cases = _cases(name)
    ids = [c["case_id"] for c in cases]
    assert len(ids) == len(set(ids)), "case ids repeat"
    for case in cases:
        # A URL, or (three of the first corpus's cases) a repository file at a commit.
        assert (
            case["source"].startswith("https://")
            or "@" in case["source"]
            or ("public code" in case["source"])
        ), case["case_id"]
        assert case["expected"] in LABELS, case["case_id"]
        assert isinstance(case["body"], str) and case["body"].strip(), case["case_id"]
        assert case["status"] is None or 0 <= case["status"] <= 599, case["case_id"]


def test_the_gathered_cases_cover_providers_and_forms() -> None:
    """Issue #15: at least 400 cases across at least 25 providers and every input form."""
    cases = _cases("corpus.jsonl") + _cases("cases-2026-12.jsonl")
    assert len(cases) >= 400
    assert len({c["provider"] for c in cases}) >= 25
    gathered = _cases("cases-2026-12.jsonl")
    assert {c["form"] for c in gathered} == FORMS
    assert all(c["source"].startswith("https://") for c in gathered)
    seen = {(c["source"], c["body"]) for c in _cases("corpus.jsonl")}
    assert not [c["case_id"] for c in gathered if (c["source"], c["body"]) in seen]


def test_the_development_set_is_read_as_readme_says_and_never_falsely_reachable() -> None:
    """README (Development) gives the classifier's figure on the gathered cases with the
    command that computes it (tools/score.py); this holds the floor of that figure, and the
    one mistake that must never happen: a `reachable` verdict for a case labelled otherwise."""
    score = _score()
    for name, floor in (("corpus.jsonl", 104), ("cases-2026-12.jsonl", 426)):
        hits = 0
        for case in _cases(name):
            verdict = score.read(case)
            hits += score.right(case["expected"], verdict)
            falsely = verdict[0] == "reachable" and case["expected"] not in (
                "reachable",
                "rate_limited",
            )
            assert not falsely, (case["case_id"], verdict)
        assert hits >= floor, (name, hits)


@pytest.mark.parametrize(
    ("name", "prefixes"),
    [
        ("heldout-2026-12.jsonl", ("h1-",)),
        ("heldout-2026-12b.jsonl", ("h2a-", "h2b-")),
        ("heldout-2026-12c.jsonl", ("h3a-", "h3b-", "h3c-")),
        ("heldout-2026-12d.jsonl", ("h4a-", "h4b-", "h4c-")),
        ("heldout-2026-12e.jsonl", ("h5a-", "h5b-", "h5c-")),
        ("heldout-2026-12f.jsonl", ("h6a-", "h6b-", "h6c-")),
        ("heldout-2026-12g.jsonl", ("h7a-", "h7b-", "h7c-", "h7d-")),
        ("heldout-2026-12h.jsonl", ("h8a-", "h8b-", "h8c-")),
        ("heldout-2026-12i.jsonl", ("h9a-", "h9b-", "h9c-")),
        ("heldout-2026-12j.jsonl", ("h10a-", "h10b-", "h10c-", "h10d-", "h10e-")),
    ],
)
def test_the_held_out_split_is_apart_from_the_development_set(
    name: str, prefixes: tuple[str, ...]
) -> None:
    """Issue #15: at least 80 held-out cases, none whose text the rules were written from (nor
    one text twice). What came before a split is every file tools/score.py lists ahead of it:
    its list is in the order the files were gathered."""
    files = _score().FILES
    before = files[: files.index(name)]
    assert before[:2] == ("corpus.jsonl", "cases-2026-12.jsonl")
    held = _cases(name)
    assert len(held) >= 80
    assert all(
        c["case_id"].startswith(prefixes) and c["source"].startswith("https://") for c in held
    )
    assert {c["form"] for c in held} <= FORMS | {"yaml"}  # issue #15 names YAML among the forms
    seen = {c["body"].strip() for n in before for c in _cases(n)}
    assert not [c["case_id"] for c in held if c["body"].strip() in seen]
    assert len({c["body"].strip() for c in held}) == len(held)


def test_the_first_held_out_split_holds_its_development_figure() -> None:
    """The first held-out split was scored once, with the rules frozen (116/173, 7 false
    `reachable`: README, history); it has been development data since (issue #15, second round)
    and README gives its figure now: a change of the classifier that reads fewer of them right,
    or any of them wrongly `reachable`, fails here; one that reads more right raises this."""
    hits, falsely, total = _figure("heldout-2026-12.jsonl")
    assert total == 173
    assert hits >= 163, hits
    assert not falsely, falsely


def test_score_reads_a_split_given_by_its_path() -> None:
    """A new held-out split is scored where it lies (`tools/score.py path/to/split.jsonl`)."""
    import os

    relative = os.path.relpath(CORPUS / "heldout-2026-12.jsonl")  # from where it is run
    assert _score().cases(relative) == _cases("heldout-2026-12.jsonl")


def test_score_breaks_a_figure_down_by_the_gatherers_doubt() -> None:
    """`--by doubt` parts the cases whose label the thread left open from the rest."""
    score = _score()
    groups = Counter(score.group_of(c, "doubt") for c in _cases("heldout-2026-12b.jsonl"))
    doubted = sum(1 for c in _cases("heldout-2026-12b.jsonl") if c["note"].startswith("DOUBT:"))
    assert groups == {"doubt": doubted, "sure": 320 - doubted}
    assert doubted > 0
    assert score.group_of({"form": "html", "note": None}, "form") == "html"


def test_the_second_held_out_split_holds_the_figure_it_was_scored_at() -> None:
    """The second held-out split (h2a-, h2b-) was gathered while the rules of the second round
    were written, by sessions that saw neither them nor the code, and scored once after they
    were frozen: 232/320 with 3 answers wrongly `reachable` (README, Development). It has been
    development data since (issue #15, third round): rules were written from it and labels its
    threads contradict were corrected (each noted in the case). This holds its figure now, and
    no answer of it wrongly `reachable`: a change that reads fewer of them right, or any of them
    wrongly `reachable`, fails here; one that reads more right raises this."""
    hits, falsely, total = _figure("heldout-2026-12b.jsonl")
    assert total == 320
    assert hits >= 287, hits
    assert not falsely, falsely


def test_the_third_held_out_split_holds_the_figure_it_was_scored_at() -> None:
    """The third held-out split (h3a-, h3b-, h3c-) was gathered while the third round's rules were
    written, by sessions that saw neither them nor the code, kept outside the repository until
    the rules were frozen (commit 95f9e30), and scored once: 230/317 with 1 answer wrongly
    `reachable` (h3c-097, README, Development). It is development data since round 4: rules are
    written from its misses, and this holds the figure they reached, so that a later change that
    reads fewer of them right, or more of them wrongly `reachable`, fails here. h3c-097 was
    relabelled on 2026-12-02 to the reading g2-071 and h3c-033 give the same words (noted in the
    case): no answer in it is wrongly `reachable` now."""
    hits, falsely, total = _figure("heldout-2026-12c.jsonl")
    assert total == 317
    assert hits >= 271, hits  # round 9 (r9-access): 270 -> 271
    assert not falsely, falsely


def test_the_fourth_held_out_split_holds_the_figure_it_was_scored_at() -> None:
    """The fourth held-out split (h4a-, h4b-, h4c-) was gathered while the fourth round's rules
    were written, by sessions that saw neither them nor the code, kept outside the repository
    until the rules were frozen (commit 084c62b), and scored once: 189/275 with 3 answers wrongly
    `reachable` (h4a-059, h4a-071, h4c-031: README, Development). Rules have been written from
    it since (a capacity of zero is a cap: h4a-059; round 5), and h4a-071 was relabelled to the
    reading its words have in c119 and h1-141 (2026-12-02, noted in the case); this holds the
    figure, so that a later change that reads fewer of them right, or more of them wrongly
    `reachable`, fails here. The one left (h4c-031) is on record, not allowed as a goal."""
    hits, falsely, total = _figure("heldout-2026-12d.jsonl")
    assert total == 275
    assert hits >= 235, hits  # round 7: 233 -> 235
    assert falsely <= {"h4c-031"}, falsely


def test_the_fifth_held_out_split_holds_the_figure_it_was_scored_at() -> None:
    """The fifth held-out split (h5a-, h5b-, h5c-) was gathered while the fifth round's rules were
    written, by sessions that saw neither them nor the code and labelled by the vocabulary (a
    request error is `unknown`), kept outside the repository until the rules were frozen (commit
    1345960), and scored once: 257/304 with 1 answer wrongly `reachable` (h5b-003: a gateway's
    200 whose body says its upstream connection was lost; README, Development). This holds the
    figure, so that a later change that reads fewer of them right, or more of them wrongly
    `reachable`, fails here; h5b-003 is on record, not allowed as a goal."""
    hits, falsely, total = _figure("heldout-2026-12e.jsonl")
    assert total == 304
    assert hits >= 288, hits  # round 6: 257 -> 288
    assert falsely <= {"h5b-003"}, falsely


def test_the_sixth_held_out_split_holds_the_figure_it_was_scored_at() -> None:
    """The sixth held-out split (h6a-, h6b-, h6c-) was gathered while the sixth round's rules were
    written from the fifth split's misses, by sessions that saw neither them nor the code and
    labelled by the vocabulary, kept outside the repository until the rules were frozen (commit
    62b923c), and scored once: 221/277 with 1 answer wrongly `reachable` (h6a-054: Gemini's
    free-tier 429 naming a per-minute and a per-day quota; README, Development). This holds the
    figure, so that a later change that reads fewer of them right, or more of them wrongly
    `reachable`, fails here. Nine labels its misses' review found against earlier labels of the
    same words were set to those (2026-12-02, each noted in its case; h6a-054 to c039's reading,
    so no answer in it is wrongly `reachable` now): 229 at the same rules."""
    hits, falsely, total = _figure("heldout-2026-12f.jsonl")
    assert total == 277
    assert hits >= 262, hits  # relabels 229, round 7 (r7-access, r7-flow) 262
    assert not falsely, falsely


def test_the_seventh_held_out_split_holds_the_figure_it_was_scored_at() -> None:
    """The seventh held-out split (h7a- to h7d-) was gathered while the seventh round's rules were
    written from the sixth split's misses, by four sessions that saw neither them nor the code and
    labelled by the vocabulary (a bare 429 is `unknown`), kept outside the repository until the
    rules were frozen (commit e6a18c5), and scored once: 179/263 with 1 answer wrongly `reachable`
    (h7b-008; README, Development). This holds the figure, so that a later change that reads fewer
    of them right, or more of them wrongly `reachable`, fails here; h7b-008 is on record, not
    allowed as a goal. Round 8 wrote rules from its misses: 238, none wrongly `reachable`."""
    hits, falsely, total = _figure("heldout-2026-12g.jsonl")
    assert total == 263
    # round 8 (r8-flow, r8-access): rules written from its misses; (r8-success): its
    # successes in other shapes, and h7b-008 (an exception's line at a 200)
    # round 10 (r10-flow): 238 -> 240 (LiteLLM's router throttle, Windsurf's model-provider error);
    # two D labels set to earlier labels of the same words (heldout-2026-12g-misses.md): 242
    assert hits >= 242, hits
    assert not falsely, falsely


def test_the_eighth_held_out_split_holds_the_figure_it_was_scored_at() -> None:
    """The eighth held-out split (h8a- to h8c-) was gathered while the eighth round's rules were
    written from the seventh split's misses, by three sessions that saw neither them nor the code
    and labelled by the vocabulary, kept outside the repository until the rules were frozen
    (commit 2ce4ec6), and scored once: 167/210 with no answer wrongly `reachable` (README,
    Development). This holds the figure, so that a later change that reads fewer of them right,
    or any of them wrongly `reachable`, fails here. Round 9 wrote rules from its misses: 195."""
    hits, falsely, total = _figure("heldout-2026-12h.jsonl")
    assert total == 210
    # round 9 (r9-flow, r9-access): 167 -> 195; seven D labels set to earlier labels of the
    # same words on 2026-12-02 (heldout-2026-12h-misses.md, Decided): 200
    assert hits >= 200, hits
    assert not falsely, falsely


def test_the_ninth_held_out_split_holds_the_figure_it_was_scored_at() -> None:
    """The ninth held-out split (h9a- to h9c-) was gathered while the ninth round's rules were
    written from the eighth split's misses, by three sessions that saw neither them nor the code
    and labelled by the vocabulary, kept outside the repository until the rules were frozen
    (commit df5e581), and scored once: 126/159 with 2 answers wrongly `reachable` (h9b-020,
    h9c-006; README, Development). This holds the figure, so that a later change that reads
    fewer of them right, or any of them wrongly `reachable`, fails here; the two are on record,
    and read right since (two rules written after the score)."""
    hits, falsely, total = _figure("heldout-2026-12i.jsonl")
    assert total == 159
    # after its score: its two false `reachable` read as the caps they are (test_round9_after_score)
    # round 10 (r10-flow): 130 -> 141; (r10-access): -> 146; merged: 157
    assert hits >= 157, hits
    assert not falsely, falsely


def test_the_tenth_held_out_split_holds_the_figure_it_was_scored_at() -> None:
    """The tenth held-out split (h10a- to h10e-) was gathered while the tenth round's rules were
    written from the ninth split's misses, by five sessions that saw neither them nor the code
    and labelled by the vocabulary, kept outside the repository until the rules were frozen
    (commit 81cc244), and scored once: 177/209 with no answer wrongly `reachable` (README,
    Development). This holds the figure, so that a later change that reads fewer of them right,
    or any of them wrongly `reachable`, fails here."""
    hits, falsely, total = _figure("heldout-2026-12j.jsonl")
    assert total == 209
    assert hits >= 177, hits
    assert not falsely, falsely
