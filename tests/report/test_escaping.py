"""Provider text is inert in every Markdown and Slack output: a hostile error message can
neither format, plant a link, run HTML nor ping a team (issue #11)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from accesscheck import outputs
from accesscheck.merge import build, from_report
from accesscheck.model import Change, ChangeKind, Seen, Status, Vantage
from accesscheck.report import alerts, changes, markdown
from accesscheck.report.matrix import render_markdown as matrix_markdown
from tests.report.test_renderers import REPORT

HOSTILE = "*bold* _it_ [x](https://evil) `code` @team <!channel> <@U123> & | newline\n# second"
HOSTILE_REPORT = replace(
    REPORT,
    results=tuple(replace(r, detail=HOSTILE) for r in REPORT.results),
    vantage=Vantage(name="@here *office*"),
)
CHANGE = Change(
    "acme/big",
    ChangeKind.LOST,
    Seen(Status.REACHABLE, "listed"),
    Seen(Status.RESTRICTED, "x|y *b* <img src=x> @team"),
)
# Markup that would be live if unescaped: emphasis, a link, code, a mention, HTML, a new line.
LIVE = (
    re.compile(r"(?<!\\)\*bold(?<!\\)\*"),
    re.compile(r"(?<!\\)\[x(?<!\\)\]\("),
    re.compile(r"(?<!\\)`code"),
    re.compile(r"(?<![\w＠])@(team|here|channel)"),
    re.compile(r"(?<!\\)<[!@a-z]"),
    re.compile(r"(?<!\\)_it(?<!\\)_"),
)


def assert_inert(text: str) -> None:
    for pattern in LIVE:
        assert not pattern.search(text), f"{pattern.pattern} is live in:\n{text}"


def cells(row: str) -> list[str]:
    """A Markdown table row split on its unescaped pipes."""
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_the_markdown_report_escapes_provider_text() -> None:
    text = markdown.render(HOSTILE_REPORT)
    assert_inert(text)
    rows = [line for line in text.splitlines() if line.startswith("| big")]
    assert len(cells(rows[0])) == 5  # the pipe in the message did not add a column
    assert "＠team" in text and r"\& \|" in text
    assert not any(line.startswith("# second") for line in text.splitlines())


def test_the_changes_tables_escape_what_a_baseline_file_says() -> None:
    for text in (
        changes.render_markdown([CHANGE]),
        markdown.render(replace(HOSTILE_REPORT, baseline="b.json", changes=(CHANGE,))),
    ):
        assert_inert(text)
        row = next(line for line in text.splitlines() if line.startswith("| acme/big | lost"))
        assert len(cells(row)) == 4, row
        assert r"x\|y \*b\* \<img src=x\> ＠team" in row


def test_the_github_step_summary_is_the_escaped_markdown(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    environ = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    outputs.github_actions(HOSTILE_REPORT, environ, lambda _line: None)
    assert_inert(summary.read_text())


def test_the_merged_matrix_escapes_vantage_names() -> None:
    text = matrix_markdown(build([from_report(HOSTILE_REPORT)]))
    assert_inert(text)
    assert r"＠here \*office\*" in text


def test_slack_alerts_show_provider_text_without_formatting_links_or_mentions() -> None:
    """Slack documents exactly three escapes, & < > as entities
    (https://api.slack.com/reference/surfaces/formatting#escaping); mrkdwn markers have none,
    so they become visible look-alikes."""
    text = alerts.slack_message(HOSTILE_REPORT, [CHANGE])["text"]
    head, line = text.split("\n")  # the message's own newline made no new line
    assert head.startswith("*accesscheck*: 1 model(s) changed access, 1 lost")  # ours is live
    assert line.startswith("• lost `acme/big`: reachable/listed → ")
    detail = line.split(" — ", 1)[1]
    assert detail == (
        "∗bold∗ ＿it＿ [x](https://evil) ˋcodeˋ ＠team &lt;!channel&gt; &lt;＠U123&gt; "
        "&amp; | newline # second"
    )
    assert "x|y ∗b∗ &lt;img src=x&gt; ＠team" in line
    assert "<" not in text and ">" not in text and "&amp;lt;" not in text


def test_file_names_in_code_spans_are_verbatim_and_cannot_close_the_span() -> None:
    text = markdown.render(replace(REPORT, registry="my_reg*`x`\\y.yaml", baseline="b`.json"))
    assert "with registry ``my_reg*`x`\\y.yaml`` in" in text
    assert "## Changes since the baseline (``b`.json``)" in text
