"""The HTML report: self-contained, escaped, and drawn for real by headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from accesscheck import history
from accesscheck.model import Point, Seen, Status
from accesscheck.report import html
from tests.conftest import CANARY, Providers, Runner, assert_no_canary_in, write_registry
from tests.report.test_renderers import REPORT
from tests.test_gate import add_openai
from tests.test_history import _report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Page(HTMLParser):
    """Every tag with its attributes, and the text, as a browser's parser would see them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def assert_self_contained(page: Page) -> None:
    """Nothing the page could fetch: no script, no link, no external src/href; a CSP that
    forbids every fetch anyway."""
    assert not page.all("script") and not page.all("link") and not page.all("iframe")
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name in ("src", "href", "action", "poster", "data") and value:
                pytest.fail(f"<{tag} {name}={value!r}> loads something")
            if name == "style" and value and "url(" in value:
                pytest.fail(f"<{tag} style> loads something")
    csp = [a for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and str(csp[0]["content"]).startswith("default-src 'none';")


def test_hostile_strings_are_escaped_and_the_page_is_self_contained() -> None:
    hostile = '<script>alert(1)</script><img src="https://evil.example/x.png">"&'
    result = replace(REPORT.results[0], detail=hostile, model=hostile)
    text = html.render(replace(REPORT, results=(result, *REPORT.results[1:]), registry=hostile))
    page = Page(text)
    assert_self_contained(page)
    assert not page.all("img")
    assert text.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # model, detail, registry
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")


def test_the_timeline_draws_one_bar_per_recorded_verdict_in_its_colour() -> None:
    end = datetime(2026, 11, 27, 12, tzinfo=UTC)
    points = (
        Point(end - timedelta(days=3), Seen(Status.REACHABLE, "ok")),
        Point(end - timedelta(days=2), Seen(Status.RESTRICTED, "geo_blocked")),
        Point(end - timedelta(hours=1), Seen(Status.REACHABLE, "ok")),
    )
    svg = html.timeline_svg({"a/x": points, "a/<y>": points[:1]}, end)
    rects = [a for a in Page(svg).all("rect")]
    assert [r["data-status"] for r in rects] == [
        "reachable",  # a/<y> sorts first
        "reachable",
        "restricted",
        "reachable",
    ]
    assert [r["fill"] for r in rects[1:]] == ["#2e7d32", "#c62828", "#2e7d32"]
    # a bar lasts until the next scan, at most a day: the first a/x bar spans one day of seven
    width = float(str(rects[1]["width"]))
    assert width == pytest.approx(640 / 7, abs=0.2)
    assert "a/&lt;y&gt;" in svg


def test_scan_writes_an_html_report_with_the_recorded_timeline(
    run: Runner, providers: Providers, tmp_path: Path
) -> None:
    page_path = scan_with_a_week_of_history(run, providers, tmp_path)
    text = page_path.read_text()
    page = Page(text)
    assert_self_contained(page)
    samples = [a for a in page.all("rect") if a.get("class") == "sample"]
    # three models × (six recorded days + this scan)
    assert len(samples) == 21
    assert {a["data-status"] for a in samples} == {"reachable", "restricted", "gated"}
    assert "accesscheck: 2/3 models reachable" in "".join(page.text)
    assert_no_canary_in(tmp_path)


def scan_with_a_week_of_history(run: Runner, providers: Providers, tmp_path: Path) -> Path:
    add_openai(providers)
    db = tmp_path / "h.sqlite3"
    now = datetime.now(UTC)
    with history.History(db) as store:
        for day in range(6, 0, -1):
            at = (now - timedelta(days=day)).isoformat(timespec="seconds").replace("+00:00", "Z")
            bad = Status.RESTRICTED if day in (4, 3) else Status.REACHABLE
            statuses = {
                "openai/gpt-5.5": bad,
                "openai/gpt-6.2-sol": Status.REACHABLE,
                "openai/gpt-daybreak-blue-latest": Status.GATED,
            }
            store.record(_report(at, statuses), timedelta(days=90))
    registry = write_registry(tmp_path / "r.yaml", providers.entries)
    page_path = tmp_path / "accesscheck.html"
    result = run(
        "scan", "--registry", str(registry), "--history", str(db), "-o", str(page_path),
        env=providers.env,
    )  # fmt: skip
    assert result.code == 0, result.err
    return page_path


def _chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-dev-shm-usage", f"--user-data-dir={cwd / 'profile'}", *args],
        capture_output=True, timeout=120, check=False, cwd=cwd,
        env={**os.environ, "HOME": str(cwd)},
    )  # fmt: skip


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="headless Chromium not installed (apt-get install chromium); CI installs it",
)
def test_the_page_renders_in_headless_chromium(
    run: Runner, providers: Providers, tmp_path: Path
) -> None:
    page_path = scan_with_a_week_of_history(run, providers, tmp_path)
    dom = _chromium("--dump-dom", page_path.as_uri(), cwd=tmp_path)
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    rendered = Page(dom.stdout.decode())
    assert len([a for a in rendered.all("rect") if a.get("class") == "sample"]) == 21
    assert rendered.all("svg")[0]["id"] == "timeline"

    shot = tmp_path / "page.png"
    done = _chromium(
        f"--screenshot={shot}", "--window-size=1000,900", page_path.as_uri(), cwd=tmp_path
    )
    assert done.returncode == 0 and shot.is_file(), done.stderr.decode(errors="replace")[-2000:]
    from PIL import Image

    with Image.open(shot) as image:
        colours = {colour for _count, colour in image.convert("RGB").getcolors(1 << 20) or []}
    # the timeline's green, red and amber bars were painted
    for hex_colour in (
        html.COLORS[Status.REACHABLE],
        html.COLORS[Status.RESTRICTED],
        html.COLORS[Status.GATED],
    ):
        assert tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)) in colours
    assert CANARY.encode() not in shot.read_bytes()


def test_the_page_groups_like_the_table() -> None:
    # issue #11: a verdict a whole provider shares is one line; no network is one section.
    from accesscheck.model import Reason

    page = Page(html.render(REPORT))
    assert [a for a in page.all("p") if a.get("class") == "shared"]
    text = "".join(page.text)
    assert "All 2 models: ✗ restricted network_blocked (network)" in text
    assert len(page.all("table")) == 1  # Acme's table only: Far's rows are one line

    hostile = "<script>alert(1)</script>"
    down = tuple(
        replace(r, status=Status.UNKNOWN, reason=Reason.LOCAL_NETWORK_DOWN, detail=hostile)
        for r in REPORT.results
    )
    offline = html.render(replace(REPORT, results=down))
    page = Page(offline)
    assert_self_contained(page)
    assert [a for a in page.all("h2") if a.get("id") == "no-network"]
    assert not page.all("table") and hostile not in offline
