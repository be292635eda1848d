"""Hostile input (issue 8): scripts in HTML, XML entity expansion in XLIFF/TMX, paths with `..`
in the config, deep nesting and pathological Markdown/HTML that made regexes quadratic."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.markup import analysable
from audit.suppress import find_markers

runner = CliRunner()

SCRIPTS = """<html><head><script>alert('head')</script></head><body>
<p>The minister spoke to reporters in Geneva on Monday after the talks.</p>
<p>NATO <ScRiPt src="https://evil.example/x.js"></ScRiPt> said the talks were useful.</p>
<p><img src=x onerror="alert(1)"> The council met for the first time in two years.</p>
<p>&lt;script&gt;alert('escaped')&lt;/script&gt; and <a href="javascript:alert(2)">a link</a>.</p>
<p>&lt;/textarea&gt;&lt;/style&gt;&lt;/title&gt;&lt;svg onload=alert(3)&gt; Officials declined to comment.</p>
</body></html>
"""


def test_scripts_in_html_input_are_escaped_in_the_html_report(tmp_path):
    src = tmp_path / "page.en.html"
    src.write_text(SCRIPTS, encoding="utf-8")
    out = tmp_path / "report.html"
    r = runner.invoke(app, ["audit", str(src), "-f", "html", "-o", str(out)])
    assert r.exit_code in (0, 1), r.stderr
    html = out.read_text(encoding="utf-8").lower().replace('<script id="tqa-filter">', "", 1)  # the report's own
    for tag in ("<script", "<img", "<svg onload", "<a href=\"javascript", "onerror=\"", "</textarea><"):
        assert tag not in html, tag
    assert "&lt;script" in html  # shown, as text


LOL = '<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
PAD = "<!-- " + "x" * 70000 + " -->\n"  # a DTD past any fixed-size head


def _xliff(dtd: str, ref: str, pad: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{pad}<!DOCTYPE xliff [{dtd}]>\n<xliff version="1.2"><file source-language="en" '
            f'target-language="ru"><body><trans-unit id="1"><source>Hello {ref} there</source>'
            "<target>Привет всем, как дела</target></trans-unit></body></file></xliff>\n")


def _tmx(dtd: str, ref: str, pad: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{pad}<!DOCTYPE tmx [{dtd}]>\n<tmx version="1.4"><header srclang="en"/><body><tu>'
            f'<tuv xml:lang="en"><seg>Hello {ref} there</seg></tuv><tuv xml:lang="ru"><seg>Привет всем, как дела</seg>'
            "</tuv></tu></body></tmx>\n")


@pytest.mark.parametrize("make, suffix", [(_xliff, "xlf"), (_tmx, "tmx")])
@pytest.mark.parametrize("dtd, ref", [(LOL, "&lol9;"), ('<!ENTITY x SYSTEM "file:///etc/passwd">', "&x;"),
                                      ('<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;', "")])
@pytest.mark.parametrize("pad", ["", PAD])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_entity_declarations_are_refused(tmp_path, make, suffix, dtd, ref, pad, encoding):
    f = tmp_path / f"bomb.{suffix}"
    f.write_bytes(make(dtd, ref, pad).encode(encoding))
    t = time.perf_counter()
    r = runner.invoke(app, ["audit", str(f), "-f", "json"])
    assert time.perf_counter() - t < 20  # refused before any expansion
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "refused" in lines[0] and "root:" not in r.output


@pytest.mark.parametrize("line", ['glossary = ["../../etc"]', "references = '../../outside'",
                                  'glossary = ["sub/../../../x"]'])
def test_config_paths_escaping_the_project_are_refused(tmp_path, monkeypatch, line):
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "tqa.toml").write_text(line + "\n", encoding="utf-8")
    (proj / "a.en.txt").write_text("The minister spoke in Geneva on Monday.\n", encoding="utf-8")
    monkeypatch.chdir(proj)
    r = runner.invoke(app, ["audit", "a.en.txt"])
    assert r.exit_code == 2
    assert "outside the project" in r.stderr and "Traceback" not in r.output


# Each of these took seconds to minutes before the regexes were made linear (issue 8);
# now each runs in milliseconds. The bound is loose: it fails only on quadratic behaviour.
PATHOLOGICAL = {
    "nested brackets": ("markdown", "[" * 20000 + "x" + "]" * 20000),
    "image openers": ("markdown", "![" * 20000),
    "emphasis openers": ("markdown", "*a " * 20000),
    "code spans": ("markdown", "`a " * 20000),
    "underscores": ("markdown", "_a " * 20000),
    "link then paren": ("markdown", "[a](" * 20000),
    "unclosed tags": ("html", "<a" * 20000),
    "unclosed declarations": ("html", "<!" * 20000),
    "unclosed instructions": ("html", "<?" * 20000),
    "unclosed scripts": ("html", "<script" * 20000),
    "deep divs": ("html", "<div>" * 50000 + "NATO met." + "</div>" * 50000),
    "deep quotes": ("markdown", ">" * 100000 + " NATO met.\n"),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_markup_is_linear_on_pathological_input(name):
    fmt, text = PATHOLOGICAL[name]
    t = time.perf_counter()
    out = analysable(text, fmt)
    assert time.perf_counter() - t < 1.5, name
    assert len(out) == len(text)


def test_unclosed_suppression_markers_are_linear():
    text = "<!-- tqa-ignore " * 20000
    t = time.perf_counter()
    assert find_markers(text) == []
    assert time.perf_counter() - t < 1.5


def test_links_and_emphasis_still_read_as_text():
    md = "See [the *NATO* site](https://nato.int/x_(y)) and **bold _talks_** today."
    out = analysable(md, "markdown")
    assert len(out) == len(md)
    assert " ".join(out.split()) == "See the NATO site and bold talks today."


@pytest.mark.parametrize("name, text, fmt", [
    ("long line", "The minister spoke. " + "a" * 100_000 + " " + "word " * 20_000, "text"),
    ("no line breaks", "NATO met in Brussels. " * 1000 + "The council met again.", "text"),
    ("many tiny paragraphs", "The minister spoke in Geneva on Monday.\n\n" + "a\n\n" * 20000, "text"),
    ("deep html", "<p>The minister spoke in Geneva.</p>" + "<div>" * 20000 + "NATO met." + "</div>" * 20000, "html"),
    ("deep markdown", "The minister spoke in Geneva.\n\n" + "> " * 20000 + "NATO met.\n\n" + "[" * 5000 + "]" * 5000, "markdown"),
])
def test_extreme_shapes_audit_and_render(refs, name, text, fmt):
    from audit.config import Settings
    from audit.document import build_document
    from audit.pipeline import audit_document
    from tests.test_properties_all import check_result

    doc = build_document(text, refs, lang="en", fmt=fmt)
    check_result(audit_document(doc, refs, Settings()), text)


def test_50_mb_input_is_refused_by_default_with_the_way_to_raise_the_limit(tmp_path, monkeypatch):
    monkeypatch.delenv("TQA_MAX_BYTES", raising=False)
    f = tmp_path / "huge.en.txt"
    with open(f, "wb") as h:  # sparse: the size is checked before anything is read
        h.write(b"The minister spoke. ")
        h.truncate(50 * 1024 * 1024)
    r = runner.invoke(app, ["audit", str(f)])
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "52428800 bytes is over the 20971520-byte limit" in lines[0]
    assert "--max-bytes" in lines[0] and "TQA_MAX_BYTES" in lines[0]
