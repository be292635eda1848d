"""The HTML report: self-contained, escaped, and really rendered by a browser.

The browser test opens the seed's report in headless Chromium (Debian's `chromium`, installed
by scripts/setup-browser.sh), takes a screenshot and reads the DOM back to check that every
finding is a highlighted span in the page. It skips when no Chromium is installed.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import pytest

from audit.config import Settings
from audit.pipeline import audit_path
from audit.report.html import render

MARK = re.compile(r'<mark class="f sev-(\w+)"[^>]*?data-f="([\d ]+)"[^>]*>(.*?)<span class="tip"', re.DOTALL)


def test_self_contained_and_escaped(refs, tmp_path):
    p = tmp_path / "evil.en.txt"
    p.write_text(
        'The talks were held within the Russia-NATO Council. <script>alert("x")</script> & "quotes"\n\n'
        "<img src=x onerror=alert(1)> Leave a Reply\n",
        encoding="utf-8",
    )
    out = render(audit_path(p, refs, Settings()))
    assert "<script" not in out.lower() and "<img" not in out.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "http://" not in out.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in out
    assert out.count('<mark class="f sev-major"') >= 1 and "<svg" in out


def test_marks_cover_every_finding(seed_result):
    out = render(seed_result)
    marks = MARK.findall(out)
    for i, f in enumerate(seed_result.findings, 1):
        pieces = [html.unescape(text) for sev, ids, text in marks if str(i) in ids.split()]
        assert "".join(pieces) == f.text, f
    assert {sev for sev, _, _ in marks} <= {"critical", "major", "minor"}
    assert f"{seed_result.score.quality:.2f}" in out


def test_metrics_chart_lines(seed_result):
    from dataclasses import replace

    from audit.model import Metric

    n = len(seed_result.document.segments)
    m = Metric("chrF", 61.0, "chrF2|test", tuple(None if i % 5 == 0 else 50.0 + i for i in range(n)))
    out = render(replace(seed_result, metrics=(m,)))
    assert "<polyline" in out and "chrF segment 3: 52.0" in out


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _browser(*args, profile) -> subprocess.CompletedProcess:
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (scripts/setup-browser.sh installs it)")
def test_seed_report_in_headless_chromium(seed_result, tmp_path):
    page = tmp_path / "seed.html"
    page.write_text(render(seed_result), encoding="utf-8")
    url = page.as_uri()
    shot = tmp_path / "seed.png"
    res = _browser(f"--screenshot={shot}", "--window-size=1200,1600", "--hide-scrollbars", url,
                   profile=tmp_path / "profile-1")
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", res.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    if os.environ.get("TQA_SCREENSHOT_DIR"):
        shutil.copy(shot, os.environ["TQA_SCREENSHOT_DIR"])
    dom = _browser("--dump-dom", url, profile=tmp_path / "profile-2").stdout
    assert "Translation quality report" in dom and "<script" not in dom
    marks = MARK.findall(dom)
    for i, f in enumerate(seed_result.findings, 1):
        pieces = [html.unescape(text) for sev, ids, text in marks if str(i) in ids.split()]
        assert "".join(pieces) == f.text, f"finding {i} ({f.rule} {f.text!r}) is not highlighted in the page"
    assert dom.count('class="f sev-major"') >= sum(1 for f in seed_result.findings if f.severity.label == "major")
