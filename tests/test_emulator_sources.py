"""The emulator's answers are the real ones: every canned answer that cites a corpus case says
what that case says (its status, and its body up to the placeholders the emulator fills)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.emulator import canned, personalities
from tests.emulator.canned import Canned

CORPUS = {
    case["case_id"]: case
    for case in map(
        json.loads, (Path(__file__).parent / "corpus" / "corpus.jsonl").read_text().splitlines()
    )
}
_CASE = re.compile(r"\bc(\d{3})\b")
# Sources that say the canned body is not the case's whole body, verbatim.
_PARTIAL = re.compile(r"truncated|envelope|message,|shape|FACTS", re.IGNORECASE)


def _every_canned() -> list[tuple[str, Canned]]:
    found = [(name, value) for name, value in vars(canned).items() if isinstance(value, Canned)]
    for family, answers in personalities.PERSONALITIES.items():
        found += [(f"{family}.{condition}", value) for condition, value in answers.items()]
    for table in ("COHERE", "BEDROCK", "VERTEX", "VERTEX_ANTHROPIC"):
        found += [(f"{table}.{k}", v) for k, v in getattr(personalities, table, {}).items()]
    return found


def _cited() -> list[tuple[str, Canned, str]]:
    cited = []
    for name, answer in _every_canned():
        match = _CASE.search(answer.source)
        if match:
            cited.append((name, answer, f"c{match.group(1)}"))
    return cited


def _plain(body: str) -> str:
    """A body with the differences of rendering taken out: the corpus holds what people pasted
    (Python reprs, JavaScript object dumps, pretty-printed JSON), the emulator sends JSON."""
    for python, js in (("None", "null"), ("True", "true"), ("False", "false")):
        body = re.sub(rf"\b{python}\b", js, body)
    return re.sub(r"[\s'\"]+", "", body.replace("\\n", ""))


def _strings(doc: object) -> list[str]:
    """The texts of a JSON document (its string values long enough to be a message)."""
    match doc:
        case dict():
            return [t for value in doc.values() for t in _strings(value)]
        case list():
            return [t for value in doc for t in _strings(value)]
        case str() if len(doc) > 12:
            return [doc]
    return []


def _pattern(body: str) -> re.Pattern[str]:
    """The canned body as a pattern: its placeholders ({model}, {key}) stand for any text."""
    parts = re.split(r"(\{model\}|\{key\})", _plain(body))
    # A case cut short in its source ends without its closing brackets: compare up to there.
    parts[-1] = parts[-1].rstrip("}]")
    return re.compile("".join(".+?" if p in ("{model}", "{key}") else re.escape(p) for p in parts))


def test_the_emulator_cites_cases_for_most_answers() -> None:
    assert len(_cited()) >= 60


@pytest.mark.parametrize(("name", "answer", "case"), _cited(), ids=[c[0] for c in _cited()])
def test_a_cited_answer_is_the_case_it_cites(name: str, answer: Canned, case: str) -> None:
    assert case in CORPUS, f"{name} cites {case}, which the corpus does not hold"
    real = CORPUS[case]
    if real["status"]:
        assert answer.status == real["status"], f"{name}: status differs from {case}"
    if _PARTIAL.search(answer.source):
        return  # said to be partial: the status is checked, the body is not the whole case
    pasted = _plain(real["body"])
    if real["body"].lstrip().startswith(("{", "[")) or not answer.body.startswith("{"):
        assert _pattern(answer.body).search(pasted), f"{name}: body differs from {case}"
        return
    # The case is an SDK's rendering of the answer (botocore's "An error occurred (…)"): the
    # wire body is not in it, its texts are.
    for text in _strings(json.loads(answer.body)):
        assert _pattern(text).search(pasted), f"{name}: {text!r} is not in {case}"
