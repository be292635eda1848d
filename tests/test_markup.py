"""HTML and Markdown inputs: audited on their words, findings at the file's own offsets."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.markup import analysable

HTML = """<!doctype html>
<html><head><title>Talks</title><script>var s = "Anthony Blinken";</script></head>
<body><h1>Talks resume in Geneva</h1>
<p>US Secretary of State <b>Anthony Blinken</b> met Sergey Lavrov &amp; aides in Geneva on Friday.</p>
<p>The meeting of the Russia&nbsp;&mdash; NATO Council took place in Brussels.</p>
<p>Leave a Reply</p></body></html>
"""

MD = """# Talks resume in Geneva

US Secretary of State **Anthony Blinken** met [Sergey Lavrov](https://example.org/lavrov) in Geneva.

- Leave a Reply

```
Anthony Blinken in a code block is not prose
```
"""


@pytest.mark.parametrize("fmt,text", [("html", HTML), ("markdown", MD)])
def test_same_length_and_words_kept(fmt, text):
    out = analysable(text, fmt)
    assert len(out) == len(text)
    assert "Anthony Blinken" in out and "<b>" not in out and "**" not in out


def test_html_audit(tmp_path):
    f = tmp_path / "talks.en.html"
    f.write_text(HTML, encoding="utf-8")
    res = CliRunner().invoke(app, ["audit", str(f), "-f", "json", "--source-lang", "ru"])
    data = json.loads(res.stdout)
    assert data["document"]["format"] == "html"
    found = {(x["rule"], x["text"]) for x in data["findings"]}
    assert ("TERM001", "Anthony Blinken") in found
    assert ("BOIL001", "Leave a Reply") in found
    assert any(r == "TERM001" and t.startswith("Russia&nbsp;&mdash; NATO Council") for r, t in found)
    assert sum(1 for r, t in found if t == "Anthony Blinken") == 1  # not the one inside <script>
    for x in data["findings"]:
        assert HTML[x["span"]["start"] : x["span"]["end"]] == x["text"]


def test_markdown_audit(tmp_path):
    f = tmp_path / "talks.en.md"
    f.write_text(MD, encoding="utf-8")
    data = json.loads(CliRunner().invoke(app, ["audit", str(f), "-f", "json"]).stdout)
    found = [(x["rule"], x["text"]) for x in data["findings"]]
    assert found.count(("TERM001", "Anthony Blinken")) == 1  # the code block is not prose
    assert ("BOIL001", "Leave a Reply") in found
    assert data["segments"][0]["kind"] == "headline" and data["segments"][0]["text"] == "Talks resume in Geneva"
