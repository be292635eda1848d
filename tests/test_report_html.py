"""The HTML report: Jinja2 templates with autoescape, and really rendered by a browser.

The page is read back with an HTML parser (the markup tqa wrote) and, when Chromium is installed
(Debian's `chromium`, scripts/setup-browser.sh), with the DOM the browser built after running the
page's filter script: every finding is highlighted, nested findings stay nested, source and
translation share a row, hostile text from the input stays text (in elements and attributes),
and filtering by severity, rule and file really hides rows and highlights. The browser test
writes a screenshot to its tmp dir and, when TQA_ARTEFACTS is set, copies it there. It skips
when no Chromium is installed.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.config import Settings
from audit.model import Finding, Severity, Span
from audit.report import renderer
from audit.report.html import TEMPLATES

render = renderer("html")  # a run, or one result (and its settings) as tqa audit's run of one

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "state-dept-nato-russia.en.txt"
OMISSION = Path(__file__).resolve().parent / "fixtures" / "bilingual" / "omission"
runner = CliRunner()

# Markup the input carries into the report: in the file name, a unit id, source and target text.
XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="ru" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="t1"><source>Вчера Энтони Блинкен встретился с Сергеем Лавровым в Женеве.</source><target>Yesterday Anthony Blinken met Sergey Lavrov in Geneva.</target></trans-unit>
      <trans-unit id="t2&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"><source>Погибли 15 человек: &lt;script&gt;alert(1)&lt;/script&gt; " onmouseover="alert(2)</source><target>16 people died: &lt;script&gt;alert(1)&lt;/script&gt; " onmouseover="alert(2)</target></trans-unit>
      <trans-unit id="t3"><source>Вчера Энтони Блинкен встретился с Сергеем Лавровым в Женеве.</source><target>Yesterday Anthony Blinken met Sergey Lavrov in Geneva.</target></trans-unit>
      <trans-unit id="t4"><source>В Киеве 25 января прошли переговоры.</source><target>В Киеве 26 января прошли переговоры.</target></trans-unit>
    </body>
  </file>
</xliff>
"""
XLIFF_NAME = 'evil"<iframe>x.xlf'
UNIT2 = 't2"><img src=x onerror=alert(3)>'
HOSTILE_TARGET = "16 people died: <script>alert(1)</script> \" onmouseover=\"alert(2)"
# Every element the templates write; input that became markup would add another (img, iframe, i).
ALLOWED = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h3", "p", "main", "form", "fieldset",
           "legend", "label", "input", "small", "span", "code", "button", "select", "option", "table", "thead",
           "tbody", "tr", "th", "td", "details", "summary", "div", "ul", "li", "figure", "figcaption", "svg",
           "rect", "line", "text", "polyline", "circle", "article", "mark", "b", "br", "a", "em", "del", "ins",
           "section", "footer", "script"}
VOID = {"br", "input", "meta", "hr", "img", "link", "wbr", "source", "area", "base", "col", "embed", "param", "track"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def ancestors(self):
        p = self.parent
        while p is not None:
            yield p
            p = p.parent

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        return [n for n in self.walk() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def text(self, tips: bool = False) -> str:
        """The text a reader sees in place: tooltips (shown on hover) left out unless `tips`."""
        out = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif tips or "tip" not in c.classes:
                out.append(c.text(tips))
        return "".join(out)


class Page(HTMLParser):
    """A small DOM of the page: enough to ask which element holds which text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v if v is not None else "" for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.cur))

    def handle_endtag(self, tag):
        node = self.cur
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)

    def find(self, *a, **k):
        return self.root.find(*a, **k)


def covered(page: Page, file: int) -> dict[int, str]:
    """Finding number → the text its <mark>s cover in file section `file`."""
    out: dict[int, str] = {}
    (section,) = page.find("details", id=f"file-{file}")
    for m in section.find("mark", cls="f"):
        i = int(m.attrs["data-f"])
        out[i] = out.get(i, "") + m.text()
    return out


def audit_html(tmp_path, *args: str, name: str = "report.html") -> tuple[str, Path]:
    out = tmp_path / name
    res = runner.invoke(app, [*args, "-f", "html", "-o", str(out)])
    assert res.exit_code in (0, 1), res.stderr
    return out.read_text(encoding="utf-8"), out


def audit_json(*args: str) -> dict:
    res = runner.invoke(app, [*args, "-f", "json"])
    assert res.exit_code in (0, 1), res.stderr
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def xliff(tmp_path_factory):
    d = tmp_path_factory.mktemp("xliff")
    p = d / XLIFF_NAME
    p.write_text(XLIFF, encoding="utf-8")
    return p


def assert_inert(page: Page, js_text: str | None = None):
    """Only the templates' own elements, no event-handler attribute, one script (ours), links
    only to the page itself, files or the web."""
    tags = {n.tag for n in page.root.walk()}
    assert tags <= ALLOWED, tags - ALLOWED
    for n in page.root.walk():
        assert not [k for k in n.attrs if k.startswith("on")], (n.tag, n.attrs)
        href = n.attrs.get("href")
        if href is not None:
            assert href.startswith("#") or urlsplit(href).scheme in ("file", "http", "https"), href
    scripts = page.find("script")
    assert len(scripts) == 1 and scripts[0].attrs.get("id") == "tqa-filter"
    if js_text is not None:
        assert scripts[0].text().strip() == js_text.strip()
    assert not page.find("link") and not [n for n in page.root.walk() if n.attrs.get("src")]


# --- the markup tqa writes ------------------------------------------------------------------------


def test_hostile_text_stays_text_in_elements_and_attributes(xliff, tmp_path, refs):
    html, _ = audit_html(tmp_path, "audit", str(xliff))
    page = Page(html)
    assert_inert(page, (TEMPLATES / "report.js").read_text(encoding="utf-8"))
    assert page.find("title")[0].text() == f"tqa report: {xliff}"
    assert page.find("summary")[0].text().startswith(str(xliff))
    # the unit id (a table cell) and the target (a table cell, around marks) come back as text
    assert any(td.text() == f"unit {UNIT2} (line 6)" for td in page.find("td"))
    (row,) = [tr for tr in page.find("tr", cls="pair") if tr.find("td", cls="num")[0].text().startswith(UNIT2)]
    assert row.find("td", cls="tgt")[0].text() == HOSTILE_TARGET
    assert row.find("td", cls="src")[0].text() == HOSTILE_TARGET.replace("16 people died", "Погибли 15 человек")
    # attributes: a finding whose message and suggestion are markup, and a rules-url that is
    p = tmp_path / "plain.en.txt"
    p.write_text("The talks were held within the Russia-NATO Council. <script>alert(\"x\")</script> & \"quotes\"\n",
                 encoding="utf-8")
    from audit.entry import audit_path

    r = audit_path(p, refs, Settings())
    evil = '"><img src=x onerror=alert(6)>'
    extra = Finding("TERM001", "terminology", Severity.MINOR, f"message {evil}", Span(0, 3), "The", None,
                    suggestion=f"sugg {evil}")
    r = replace(r, findings=r.findings + (extra,))
    url = 'https://example.org/r?x="><img src=y onerror=alert(7)>#{code_lower}'
    page = Page(render(r, settings=Settings(rules_url=url)))
    assert_inert(page)
    (m,) = [m for m in page.find("mark", cls="f") if m.attrs["data-f"] == str(len(r.findings))]
    assert m.attrs["data-sugg"] == f"sugg {evil}" and f"message {evil}" in m.attrs["aria-label"]
    hrefs = {a.attrs["href"] for a in page.find("a", cls="rule")}
    assert url.replace("{code_lower}", "term001") in hrefs
    assert '<script>alert("x")</script> & "quotes"' in page.find("article")[0].text()


def test_marks_cover_every_finding_and_nest(seed_result, xliff):
    page = Page(render(seed_result))
    got = covered(page, 1)
    for i, f in enumerate(seed_result.findings, 1):
        assert got.get(i, "") == f.text, f
        assert len(page.find(id=f"f1-{i}")) == 1 and page.find("a", href=f"#f1-{i}")
    assert f"{seed_result.score.quality:.2f}" in page.find("div", cls="score")[0].text()
    # the bilingual file: findings inside other findings are marks inside theirs
    result = audit_bilingual(xliff)
    page = Page(render(result))
    got = covered(page, 1)
    for i, f in enumerate(result.findings, 1):
        assert got.get(i, "") == f.text, f
    marks = page.find("mark", cls="f")
    by_rule = {}
    for m in marks:
        by_rule.setdefault(m.attrs["data-rule"], []).append(m)
    nested = [m for m in by_rule["TERM001"] if "DUP001" in {a.attrs.get("data-rule") for a in m.ancestors()}]
    assert nested, "the repeated sentence's TERM001 is not nested in its DUP001"
    (num3,) = by_rule["NUM003"]
    assert {"UNTR001", "NUM002"} <= {a.attrs.get("data-rule") for a in num3.ancestors()}
    # each mark carries its own severity class, and the text-only parts of it are its own
    assert all(f"sev-{m.attrs['data-sev']}" in m.classes for m in marks)


def audit_bilingual(path: Path):
    from audit.entry import audit
    from audit.references import load_references

    return audit(path, load_references(), Settings())


def test_source_beside_translation_and_reference_diff(tmp_path):
    work = tmp_path / "news"
    work.mkdir()
    for name in ("news.en.txt", "news.ru.txt"):
        shutil.copy(OMISSION / name, work / name)
    ref = work / "ref.en.txt"
    ref.write_text((OMISSION / "news.en.txt").read_text(encoding="utf-8").replace("Samara", "Samarra"), encoding="utf-8")
    args = ("audit", str(work / "news.en.txt"), "--source", str(work / "news.ru.txt"), "--reference", str(ref))
    data = audit_json(*args)
    html, _ = audit_html(tmp_path, *args)
    page = Page(html)
    head = [th.text() for th in page.find("table", cls="bitext")[0].find("th")]
    assert head == ["Unit", "Source (ru)", "Translation (en)"]
    rows = page.find("tr", cls="pair")
    pairs = data["bilingual"]["pairs"]
    assert len(rows) == len(pairs) + len(data["bilingual"]["unpaired_source"]) + len(data["bilingual"]["unpaired_target"])
    text = (work / "news.en.txt").read_text(encoding="utf-8")
    for p in pairs:
        (row,) = [r for r in rows if r.find("td", cls="num")[0].text() == p["id"]]
        assert row.find("td", cls="src")[0].text() == p["source"]
        assert row.find("td", cls="tgt")[0].text() == text[p["start"]:p["end"]]
    # the reference diff: the translation's word struck, the reference's inserted, in one cell
    (section,) = page.find("section", cls="refdiff")
    cells = [td for td in section.find("td", cls="diff") if td.find("del")]
    assert cells and all([d.text() for d in td.find("del")] == ["Samara"] * len(td.find("del")) for td in cells)
    assert all([i.text() for i in td.find("ins")] == ["Samarra"] * len(td.find("ins")) for td in cells)
    assert len(cells) == sum(1 for p in data["alignment"]["pairs"] if p["diff"])
    assert "ref-chrF" in section.text()


def test_rule_docs_links(seed_result):
    page = Page(render(seed_result))
    link = page.find("a", cls="rule")[0]
    code = link.text()
    assert link.attrs["href"] == (ROOT / "docs" / "rules.md").as_uri() + "#" + code.lower()
    assert f"## {code}" in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    page = Page(render(seed_result, settings=Settings(rules_url="https://example.org/rules/{code}")))
    assert {a.attrs["href"] for a in page.find("a", cls="rule")} >= {f"https://example.org/rules/{code}"}
    page = Page(render(seed_result, settings=Settings(rules_url="javascript:alert('{code}')")))
    assert not page.find("a", cls="rule")  # not a link a reviewer should click


def test_charts_have_axes_titles_and_one_metric_each(seed_result):
    from audit.model import Metric

    n = len(seed_result.document.segments)
    ms = (Metric("chrF", 61.0, "chrF2|test", tuple(None if i % 5 == 0 else 50.0 + i for i in range(n))),
          Metric("ref-TER", 40.0, "ter|test", tuple(150.0 if i == 2 else 20.0 for i in range(n))))
    page = Page(render(replace(seed_result, metrics=ms)))
    (pen,) = page.find("figure", cls="penalty")
    labels = [t.text() for t in pen.find("text")]
    assert "penalty" in labels and "segment (sentence) in text order" in labels
    caption = pen.find("figcaption")[0].text()
    assert all(s in caption for s in ("critical", "major", "minor"))
    assert len(pen.find("rect", cls="bar")) == len({f.segment for f in seed_result.findings if f.segment is not None})
    figs = page.find("figure", cls="metric")
    assert [f.find("figcaption")[0].find("b")[0].text() for f in figs] == ["chrF", "ref-TER"]
    for fig, m in zip(figs, ms):
        assert len(fig.find("polyline")) >= 1 and m.name in [t.text() for t in fig.find("text")]
        assert len(fig.find("circle")) == sum(v is not None for v in m.per_segment)
    assert "lower is better" in figs[1].text() and "higher is better" in figs[0].text()
    assert "150" in [t.text() for t in figs[1].find("text")]  # the axis grows past 100 for TER


# --- in a browser ---------------------------------------------------------------------------------


def keep_artefact(path: Path) -> None:
    """Copy a screenshot into $TQA_ARTEFACTS (the test run's artefacts) when it is set."""
    if os.environ.get("TQA_ARTEFACTS"):
        dest = Path(os.environ["TQA_ARTEFACTS"])
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, dest / path.name)


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


@pytest.fixture(scope="module")
def two_files(seed_result, xliff, tmp_path_factory):
    """A two-file report as `tqa gate -f html` writes it (the gate reads .xlf as text today, so
    the run is built here): the seed article, and the hostile XLIFF with its source."""
    from audit.runs import FileOutcome, Run

    results = [seed_result, audit_bilingual(xliff)]
    page = tmp_path_factory.mktemp("two-files") / "report.html"
    page.write_text(render(Run(tuple(FileOutcome(r.document.path, r) for r in results), Settings())),
                    encoding="utf-8")
    return page, results


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (scripts/setup-browser.sh installs it)")
def test_multi_file_report_in_headless_chromium(two_files, tmp_path):
    page_path, results = two_files
    order = [r.document.path for r in results]
    data = {r.document.path: {"findings": [{"rule": f.rule, "text": f.text} for f in r.findings]} for r in results}
    url = page_path.as_uri()

    shot = tmp_path / "html-report.png"
    res = _browser(f"--screenshot={shot}", "--window-size=1200,1800", "--hide-scrollbars", url, profile=tmp_path / "p1")
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", res.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    keep_artefact(shot)

    # the DOM the browser built, script run: all there, all highlighted, hostile text inert
    dom = Page(_browser("--dump-dom", url, profile=tmp_path / "p2").stdout)
    assert_inert(dom)
    total = sum(len(f["findings"]) for f in data.values())
    assert dom.find(id="shown")[0].text() == f"{total} of {total} finding(s) shown"  # the script ran
    for n, name in enumerate(order, 1):
        got = covered(dom, n)
        for i, f in enumerate(data[name]["findings"], 1):
            assert got.get(i, "") == f["text"], f"finding {i} ({f['rule']} {f['text']!r}) is not highlighted in the page"
    rows = dom.find("tr", cls="pair")
    assert any(r.find("td", cls="src")[0].text().startswith("Погибли 15 человек")
               and r.find("td", cls="tgt")[0].text() == HOSTILE_TARGET for r in rows)
    assert not any(m.classes & {"off"} for m in dom.find("mark"))

    # filtered by the URL fragment (the state the filter bar writes): major TERM001/NUM001 of file 2
    dom = Page(_browser("--dump-dom", url + "#sev=major&rule=TERM001,NUM001&file=2&flagged=1",
                        profile=tmp_path / "p3").stdout)
    keep = lambda el: el.attrs["data-sev"] == "major" and el.attrs["data-rule"] in ("TERM001", "NUM001")  # noqa: E731
    assert "hidden" in dom.find("details", id="file-1")[0].attrs and "hidden" not in dom.find("details", id="file-2")[0].attrs
    assert [("hidden" in tr.attrs) for tr in dom.find("tr", cls="file-row")] == [True, False]
    (section,) = dom.find("details", id="file-2")
    trs = section.find("tr", cls="finding")
    assert trs and all(("hidden" in tr.attrs) != keep(tr) for tr in trs)
    marks = section.find("mark", cls="f")
    assert all(("off" in m.classes) != keep(m) for m in marks)
    shown = sum(1 for tr in trs if keep(tr))
    assert 0 < shown < len(trs) and dom.find(id="shown")[0].text() == f"{shown} of {total} finding(s) shown"
    for tr in section.find("tr", cls="pair"):  # only segments with a finding still shown
        assert ("hidden" in tr.attrs) == (not any(keep(m) for m in tr.find("mark", cls="f")))


class DevTools:
    """Chromium driven over its DevTools pipe (`--remote-debugging-pipe`: commands on fd 3,
    replies on fd 4, NUL-separated JSON), standard library only: to click the filter bar as a
    reviewer would and read the page's state back."""

    def __init__(self, url: str, profile: Path):
        cmd_r, cmd_w = os.pipe()
        out_r, out_w = os.pipe()
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", f"--user-data-dir={profile}",
                "--remote-debugging-pipe", "about:blank"]
        # bash, not sh: dash takes only one-digit descriptors in a redirection
        self.proc = subprocess.Popen(["bash", "-c", f'exec "$0" "$@" 3<&{cmd_r} 4>&{out_w}', _chromium(), *args],
                                     pass_fds=(cmd_r, out_w), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(out_w)
        self.w, self.r = os.fdopen(cmd_w, "wb", buffering=0), os.fdopen(out_r, "rb", buffering=0)
        self.buf, self.n, self.session, self.events = b"", 0, None, []
        try:
            target = self.send("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.send("Page.enable")
            self.send("Emulation.setDeviceMetricsOverride", width=1200, height=1600, deviceScaleFactor=1, mobile=False)
            self.send("Page.navigate", url=url)
            self.wait("Page.loadEventFired")
            assert self.eval("location.href") == url
        except BaseException:
            self.close()
            raise

    def _read(self) -> dict:
        while b"\0" not in self.buf:
            ready, _, _ = select.select([self.r], [], [], 60)
            assert ready, "chromium did not answer in 60 s"
            chunk = self.r.read(1 << 16)
            assert chunk, "chromium closed its DevTools pipe"
            self.buf += chunk
        raw, _, self.buf = self.buf.partition(b"\0")
        return json.loads(raw)

    def send(self, method: str, **params) -> dict:
        self.n += 1
        msg = {"id": self.n, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        self.w.write(json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.n:
                assert "error" not in reply, reply["error"]
                return reply["result"]
            if "method" in reply:
                self.events.append(reply["method"])

    def wait(self, event: str) -> None:
        while event not in self.events:
            reply = self._read()
            if "method" in reply:
                self.events.append(reply["method"])

    def eval(self, expression: str):
        res = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        assert "exceptionDetails" not in res, res["exceptionDetails"]
        return res["result"].get("value")

    def close(self):
        try:
            self.session = None
            self.send("Browser.close")
        except (AssertionError, OSError):
            pass
        finally:
            self.w.close()
            self.r.close()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


STATE = """JSON.stringify({
  rows: [...document.querySelectorAll("tr.finding")].map(tr => [tr.closest("details").dataset.file, tr.dataset.rule,
         tr.dataset.sev, tr.hidden || tr.closest("details").hidden]),
  marks: [...document.querySelectorAll("mark.f")].map(m => [m.closest("details").dataset.file, m.dataset.rule,
          m.dataset.sev, m.classList.contains("off"), getComputedStyle(m).backgroundColor]),
  pairs: [...document.querySelectorAll("tr.pair")].map(tr => [tr.hidden, !!tr.querySelector("mark.f:not(.off)")]),
  files: [...document.querySelectorAll("details.file")].map(d => d.hidden),
  shown: document.getElementById("shown").textContent, hash: location.hash,
  sideBySide: [...document.querySelectorAll("tr.pair")].every(tr => {
    const s = tr.querySelector("td.src").getBoundingClientRect(), t = tr.querySelector("td.tgt").getBoundingClientRect();
    return s.right <= t.left + 1 && Math.abs(s.top - t.top) < 1; })
})"""


@pytest.mark.skipif(_chromium() is None or shutil.which("bash") is None,
                    reason="chromium not installed (scripts/setup-browser.sh installs it)")
def test_filter_bar_clicked_in_headless_chromium(two_files, tmp_path):
    page, results = two_files
    total = sum(len(r.findings) for r in results)
    b = DevTools(page.as_uri(), tmp_path / "profile")
    try:
        state = json.loads(b.eval(STATE))
        assert state["shown"] == f"{total} of {total} finding(s) shown" and not any(r[3] for r in state["rows"])
        assert state["sideBySide"] and state["pairs"]  # source cell left of the translation cell, same row
        # hovering a finding nested in another shows the inner one's details, not both
        inner = ("[...document.querySelectorAll('mark.f[data-rule=TERM001]')]"
                 ".find(m => m.parentElement.closest('mark.f[data-rule=DUP001]'))")
        pos = json.loads(b.eval(f"(() => {{ const m = {inner}; m.scrollIntoView({{block: 'center'}}); "
                                 "const r = m.getClientRects()[0]; "  # a mark may wrap: its first line
                                 "const x = r.left + r.width / 2, y = r.top + r.height / 2; "
                                 "return JSON.stringify(document.elementFromPoint(x, y) === m ? [x, y] : null); })()"))
        assert pos, "the nested highlight is not where the mouse can reach it"
        b.send("Input.dispatchMouseEvent", type="mouseMoved", x=pos[0], y=pos[1])
        tips = b.eval(f"new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => {{ const m = {inner}, "
                      "o = m.parentElement.closest('mark.f'); "
                      "r([m, o].map(e => getComputedStyle(e.querySelector(':scope > .tip')).display)); })))")
        assert tips == ["block", "none"]
        # untick "minor": its rows go, its highlights lose their colour, the address says so
        state = json.loads(b.eval("document.querySelector(\"input[name=sev][value=minor]\").click();" + STATE))
        assert state["hash"] == "#sev=critical,major"
        assert all(hidden == (sev == "minor") for _, _, sev, hidden in state["rows"])
        assert all(off == (sev == "minor") for _, _, sev, off, _ in state["marks"])
        assert all(bg == "rgba(0, 0, 0, 0)" for *_, off, bg in state["marks"] if off)
        shown = sum(1 for r in state["rows"] if not r[3])
        assert 0 < shown < total and state["shown"] == f"{shown} of {total} finding(s) shown"
        # rules: "none", then TERM001 alone; then file 2 from the file list; then only flagged segments
        script = ("document.querySelector('button[data-none=rule]').click();"
                  "document.querySelector('input[name=rule][value=TERM001]').click();"
                  "const sel = document.querySelector('select[name=file]'); sel.value = '2';"
                  "sel.dispatchEvent(new Event('change', {bubbles: true}));"
                  "document.querySelector('input[name=flagged]').click();")
        state = json.loads(b.eval(script + STATE))
        assert state["files"] == [True, False]
        keep = [r for r in state["rows"] if not r[3]]
        assert keep and all(f == "2" and rule == "TERM001" and sev != "minor" for f, rule, sev, _ in keep)
        assert len(keep) == sum(1 for f in results[1].findings if f.rule == "TERM001")
        assert all(hidden == (not flagged) for hidden, flagged in state["pairs"])
        assert state["hash"] == "#sev=critical,major&rule=TERM001&file=2&flagged=1"
        b.eval("scrollTo(0, 0)")
        shot = tmp_path / "html-report-filtered.png"
        shot.write_bytes(base64.b64decode(b.send("Page.captureScreenshot", format="png")["data"]))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
        keep_artefact(shot)
    finally:
        b.close()
