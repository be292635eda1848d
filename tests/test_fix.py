"""`--fix` / `--diff` (issue 16), through the CLI on real input: only the safe suggestions are
applied (TERM001, NAME001, LANG002, LANG003: audit/fix.py says why those), atomically, in the
file's own encoding; a file with a conflicting edit is left byte for byte as it was; --diff
changes nothing and exits 1 when --fix would change something. Also the report stumbles of
the same issue: Markdown context spacing, the plain-text reference diff, natural file order and
the gate's findings for passing files."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import FIXTURES, SEED

runner = CliRunner()


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


@pytest.fixture
def seed(in_tmp):
    f = in_tmp / SEED.name
    shutil.copy(SEED, f)
    shutil.copy(SEED.with_name("state-dept-nato-russia.en.meta.yaml"), in_tmp)
    return f


def _one_line_error(res, *fragments):
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqa: error:"), res.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# --- --diff and --fix on the seed ---------------------------------------------------------------


def test_diff_prints_the_safe_fixes_and_changes_nothing(seed):
    before = seed.read_bytes()
    res = runner.invoke(app, ["audit", str(seed), "--diff"])
    assert res.exit_code == 1, res.output
    assert seed.read_bytes() == before
    removed = [line for line in res.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in res.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert res.stdout.startswith(f"--- a/{seed}\n+++ b/{seed}\n")
    assert len(removed) == len(added) == 4  # four lines hold the five safe findings
    assert "Secretary of State Antony Blinken and NATO Secretary General" in "".join(added)
    assert "NATO-Russia Council" in "".join(added) and "Russia — NATO Council" in "".join(removed)
    # calques, boilerplate, the duplicate, the title and the garbled prefix need a person
    assert "expansion to the east" not in "".join(added) + "".join(removed)
    assert "Leave a Reply" not in "".join(removed)
    assert "would fix 5 finding(s); 12 suggestion(s) left" in res.stderr


def test_fix_applies_the_safe_ones_then_reports_what_is_left(seed):
    before = seed.read_text(encoding="utf-8")
    res = runner.invoke(app, ["audit", str(seed), "--fix", "-f", "json"])
    assert res.exit_code == 1, res.output  # the boilerplate and the rest still fail it
    assert "fixed 5 finding(s)" in res.stderr
    after = seed.read_text(encoding="utf-8")
    assert "Anthony Blinken" not in after and after.count("Antony Blinken") == 2
    assert "Russia-NATO Council" not in after and "Russia — NATO Council" not in after
    assert "expansion to the east" in after and "Leave a Reply" in after  # not safe: left alone
    # only the five spans changed: the rest of the file is the same characters
    expected = (before.replace("Anthony Blinken", "Antony Blinken")
                .replace("Alliance Secretary General", "NATO Secretary General")
                .replace("Russia-NATO Council", "NATO-Russia Council").replace("Russia — NATO Council", "NATO-Russia Council"))
    assert after == expected  # those five spans and nothing else
    report = json.loads(res.stdout)
    assert not {f["rule"] for f in report["findings"]} & {"TERM001"}
    assert {"BOIL001", "PHRASE001", "DUP001"} <= {f["rule"] for f in report["findings"]}
    again = runner.invoke(app, ["audit", str(seed), "--diff"])
    assert again.exit_code == 0 and again.stdout == "" and "nothing to fix" in again.stderr
    assert not list(seed.parent.glob(".*.tmp"))  # the atomic write left no temporary file


def test_a_conflict_leaves_the_file_byte_for_byte(in_tmp):
    # the second paragraph repeats the first (DUP001: delete it, a person's call), and
    # "Anthony Blinken" inside it is a safe TERM001: the two edits overlap
    para = "Anthony Blinken met Sergey Lavrov in Geneva on Friday to discuss the security guarantees."
    f = in_tmp / "dup.en.txt"
    f.write_text(f"{para}\n\n{para}\n", encoding="utf-8")
    before = f.read_bytes()
    res = runner.invoke(app, ["audit", str(f), "--diff"])
    assert res.exit_code == 1 and res.stdout == ""
    assert "not changed" in res.stderr and "overlaps DUP001" in res.stderr
    res = runner.invoke(app, ["audit", str(f), "--fix"])
    assert f.read_bytes() == before
    assert "overlaps DUP001" in res.stderr


def test_look_alike_letters_are_fixed(in_tmp):
    f = in_tmp / "mixed.en.txt"
    f.write_text("President Emmanuel Macrоn arrived in Berlin on Tuesday for talks with the chancellor.\n",
                 encoding="utf-8")  # a Cyrillic о in Macron
    res = runner.invoke(app, ["audit", str(f), "--fix", "-f", "json"])
    assert "fixed 1 finding(s)" in res.stderr, res.output
    assert "Macron arrived" in f.read_text(encoding="utf-8")
    assert not json.loads(res.stdout)["findings"]


def test_fix_keeps_the_file_encoding(in_tmp):
    text = "Secretary of State Anthony Blinken spoke to reporters in Washington on Friday evening.\n"
    f = in_tmp / "utf16.en.txt"
    f.write_bytes(text.encode("utf-16"))  # with its byte-order mark
    res = runner.invoke(app, ["audit", str(f), "--fix"])
    assert "fixed 1 finding(s)" in res.stderr, res.output
    data = f.read_bytes()
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff") and data.decode("utf-16") == text.replace("Anthony", "Antony")
    g = in_tmp / "cp1251.ru.txt"
    ru = "Госсекретарь США Энтони Блинкен прибыл в Женеву. " * 3 + "\n"
    g.write_bytes(ru.encode("cp1251"))
    res = runner.invoke(app, ["audit", str(g), "--diff"])
    assert res.exit_code in (0, 1) and "Traceback" not in res.output


def test_a_file_that_is_not_its_audited_text_is_refused(in_tmp):
    # decomposed é (e + U+0301): tqa audits the NFC text, so offsets are not the file's
    f = in_tmp / "nfd.en.txt"
    f.write_text("The cafe\u0301 owner said Anthony Blinken visited the city on Friday afternoon.\n", encoding="utf-8")
    before = f.read_bytes()
    _one_line_error(runner.invoke(app, ["audit", str(f), "--fix"]), "not changed", "not exactly the audited text")
    assert f.read_bytes() == before


def test_usage_errors(seed):
    _one_line_error(runner.invoke(app, ["audit", str(seed), "--fix", "--diff"]), "one of --fix, --diff")
    _one_line_error(runner.invoke(app, ["audit", "-", "--fix"], input="Anthony Blinken spoke on Friday."), "standard input")
    _one_line_error(runner.invoke(app, ["audit", str(seed), "--fix", "--statistics"]), "--statistics")
    _one_line_error(runner.invoke(app, ["audit", str(FIXTURES / "bilingual" / "el-en.tmx"), "--diff"]),
                    "TMX files are not fixed")


def test_diff_reads_standard_input(in_tmp):
    res = runner.invoke(app, ["audit", "-", "--diff", "--lang", "en"],
                        input="Secretary of State Anthony Blinken spoke to reporters on Friday.\n")
    assert res.exit_code == 1, res.output
    assert "-Secretary of State Anthony Blinken" in res.stdout and "+Secretary of State Antony Blinken" in res.stdout


# --- what is safe ------------------------------------------------------------------------------


def _finding(rule, text, suggestion, evidence=()):
    from audit.model import Finding, Severity, Span

    return Finding(rule, "Terminology", Severity.MAJOR, "m", Span(0, len(text)), text, suggestion=suggestion,
                   evidence=tuple(evidence))


def test_judge_rules():
    from audit.fix import Judge
    from audit.phrases import phrase_key

    judge = Judge({("en", phrase_key("Kiev"))})
    assert judge.why_not(_finding("TERM001", "Anthony Blinken", "Antony Blinken"), "en") is None
    assert "several glossary entries" in judge.why_not(_finding("TERM001", "Kiev", "Kyiv"), "en")
    assert "capitals" in judge.why_not(_finding("TERM001", "ANTHONY BLINKEN", "Antony Blinken"), "en")
    assert "judgement" in judge.why_not(_finding("PHRASE001", "on the issue of", "on"), "en")
    assert "judgement" in judge.why_not(_finding("BOIL001", "Leave a Reply", ""), "en")
    assert judge.why_not(_finding("NAME001", "Stoltenbreg", "Stoltenberg", ["1 edit(s) from 'stoltenberg'"]), "en") is None
    assert "two edits" in judge.why_not(_finding("NAME001", "Stoltenbrrg", "Stoltenberg", ["2 edit(s) from 'x'"]), "en")
    assert judge.why_not(_finding("NAME001", "Jens Stoltenbrrg", "Jens Stoltenberg",
                                  ["2 edit(s) from 'x' after the right first name"]), "en") is None
    assert judge.why_not(_finding("LANG002", "Macrоn", "Macron"), "en") is None
    assert "mixes scripts" in judge.why_not(_finding("LANG002", "Macrоn", "Macrоn."), "en")


def test_ambiguous_wrong_forms_come_from_the_glossary(in_tmp):
    # two entries list "Petroff" as wrong, with different canonical forms: which correction?
    (in_tmp / "g.yaml").write_text(
        "- id: ivan-petrov\n  kind: person\n  forms: {en: Ivan Petrov}\n  wrong: {en: [Ivan Petroff]}\n"
        "- id: ivan-petrovsky\n  kind: person\n  forms: {en: Ivan Petrovsky}\n  wrong: {en: [Ivan Petroff]}\n"
        "- id: anna-smirnova\n  kind: person\n  forms: {en: Anna Smirnova}\n  wrong: {en: [Anna Smirnoff]}\n",
        encoding="utf-8")
    f = in_tmp / "a.en.txt"
    f.write_text("Ivan Petroff and Anna Smirnoff met on Friday to talk about the budget of the city.\n", encoding="utf-8")
    res = runner.invoke(app, ["audit", str(f), "-g", "g.yaml", "--fix"])
    assert "fixed 1 finding(s)" in res.stderr, res.output
    assert f.read_text(encoding="utf-8").startswith("Ivan Petroff and Anna Smirnova met")


# --- report stumbles ---------------------------------------------------------------------------


def test_markdown_in_context_keeps_the_spaces_around_the_highlight(seed):
    res = runner.invoke(app, ["audit", str(seed), "-f", "markdown"])
    context = res.stdout.split("## In context", 1)[1]
    assert "Secretary of State **Anthony Blinken** and" in context
    assert "of State**Anthony" not in context and "Blinken**and" not in context


def test_plain_reference_diff_tells_insertions_from_deletions(seed):
    res = runner.invoke(app, ["audit", str(seed), "--no-color"])
    block = res.stdout.split("Reference alignment", 1)[1].split("+ line", 1)[0]
    assert "[-" in block and "-]" in block and "{+" in block and "+}" in block
    assert "[-to the east-]" in block  # a deletion alone, marked as one


def test_gate_orders_files_naturally_and_shows_every_files_findings(in_tmp):
    d = in_tmp / "g"
    d.mkdir()
    for name in ("a10.en.txt", "a2.en.txt"):
        shutil.copy(SEED, d / name)
    (d / "a1.en.txt").write_text("Sergey Lavrov met Anthony Blinken in Geneva on Friday to talk about the "
                                 "security guarantees the two sides had argued about for weeks.\n", encoding="utf-8")
    res = runner.invoke(app, ["gate", "g", "-j", "1", "--no-color", "--no-progress", "-f", "json"])
    assert [f["path"] for f in json.loads(res.stdout)["files"]] == ["g/a1.en.txt", "g/a2.en.txt", "g/a10.en.txt"]
    res = runner.invoke(app, ["gate", "g", "-j", "1", "--no-color", "--no-progress", "--min-score", "0",
                              "--fail-on", "none"])
    assert res.exit_code == 0
    # a passing file's finding is listed too
    assert "g/a1.en.txt:1:19  TERM001" in res.stdout


def test_gate_diff_and_fix(in_tmp):
    d = in_tmp / "g"
    d.mkdir()
    shutil.copy(SEED, d / "a.en.txt")
    (d / "b.en.txt").write_text("The budget was approved on Monday by the city council after a long debate.\n",
                                encoding="utf-8")
    res = runner.invoke(app, ["gate", "g", "-j", "1", "--no-progress", "--diff"])
    assert res.exit_code == 1 and "+++ b/g/a.en.txt" in res.stdout and "b.en.txt" not in res.stdout
    assert "Anthony Blinken" in (d / "a.en.txt").read_text(encoding="utf-8")
    res = runner.invoke(app, ["gate", "g", "-j", "1", "--no-progress", "--fix", "-f", "json"])
    assert "g/a.en.txt: fixed 5 finding(s)" in res.stderr
    after = json.loads(res.stdout)["files"]
    assert all(f["rule"] != "TERM001" for f in after[0]["findings"])
    assert runner.invoke(app, ["gate", "g", "-j", "1", "--no-progress", "--diff"]).exit_code == 0


def test_html_edits_never_touch_markup(in_tmp):
    f = in_tmp / "h.en.html"
    f.write_text("<html><body><p>Secretary of State Anthony <b>Blinken</b> spoke to reporters in Washington on "
                 "Friday.</p><p>Anthony Blinken left on Saturday for a meeting in Brussels.</p></body></html>\n",
                 encoding="utf-8")
    res = runner.invoke(app, ["audit", str(f), "--fix"])
    assert "fixed 1 finding(s); 1 suggestion(s) left" in res.stderr, res.output
    text = f.read_text(encoding="utf-8")
    assert "Anthony <b>Blinken</b>" in text and "<p>Antony Blinken left" in text


# --- bilingual files: XLIFF 1.2 and PO ---------------------------------------------------------

XLF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="ru" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="t1"><source>Энтони Блинкен прибыл в Женеву.</source><target>Anthony Blinken arrived in Geneva.</target></trans-unit>
      <trans-unit id="t2"><source>Погибли 15 человек.</source><target>16 people <g id="1">died</g>.</target></trans-unit>
    </body>
  </file>
</xliff>
"""


def test_xliff_targets_are_fixed_in_place(in_tmp):
    f = in_tmp / "a.xlf"
    f.write_text(XLF, encoding="utf-8")
    res = runner.invoke(app, ["audit", str(f), "--diff"])
    assert res.exit_code == 1, res.output
    assert "-      <trans-unit id=\"t1\"><source>Энтони Блинкен прибыл в Женеву.</source><target>Anthony" in res.stdout
    assert "+      <trans-unit id=\"t1\"><source>Энтони Блинкен прибыл в Женеву.</source><target>Antony" in res.stdout
    res = runner.invoke(app, ["audit", str(f), "--fix", "-f", "json"])
    assert "fixed 1 finding(s)" in res.stderr, res.output
    assert f.read_text(encoding="utf-8") == XLF.replace("<target>Anthony", "<target>Antony")  # nothing else moved
    assert [x["rule"] for x in json.loads(res.stdout)["findings"]] == ["NUM001"]  # a number is a person's call
    # a safe edit inside a target with inline markup: the whole file is left alone
    g = in_tmp / "b.xlf"
    g.write_text(XLF.replace("<target>16 people", "<target>Anthony Blinken said 16 people"), encoding="utf-8")
    before = g.read_bytes()
    _one_line_error(runner.invoke(app, ["audit", str(g), "--fix"]), "inline markup")
    assert g.read_bytes() == before


PO = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    '# A note.\n#: a.c:1\nmsgid "Энтони Блинкен прибыл в Женеву в пятницу."\n'
    'msgstr "Anthony Blinken arrived in Geneva on Friday."\n\n'
    'msgid "Погибли 15 человек."\nmsgstr "16 people died."\n'
)


def test_po_msgstr_is_fixed_and_nothing_else(in_tmp):
    f = in_tmp / "a.po"
    f.write_text(PO, encoding="utf-8")
    res = runner.invoke(app, ["audit", str(f), "--source-lang", "ru", "--fix"])
    assert "fixed 1 finding(s)" in res.stderr, res.output
    assert f.read_text(encoding="utf-8") == PO.replace('msgstr "Anthony', 'msgstr "Antony')
    # a long msgstr: the edited entry is written wrapped as gettext does, the others are untouched
    g = in_tmp / "b.po"
    long = "Anthony Blinken arrived in Geneva on Friday " + "and spoke to the press at length " * 4 + "."
    g.write_text(PO.replace("Anthony Blinken arrived in Geneva on Friday.", long), encoding="utf-8")
    runner.invoke(app, ["audit", str(g), "--source-lang", "ru", "--fix"])
    after = g.read_text(encoding="utf-8")
    assert 'msgstr ""\n"Antony Blinken arrived in Geneva on Friday and spoke to the press at length "\n' in after
    assert after.endswith('msgid "Погибли 15 человек."\nmsgstr "16 people died."\n') and "# A note.\n" in after
    # a catalogue writing back would reformat elsewhere (extra blank lines, no final newline) is refused
    h = in_tmp / "c.po"
    h.write_text(PO.replace("\n\n#", "\n\n\n\n#").rstrip("\n"), encoding="utf-8")
    before = h.read_bytes()
    _one_line_error(runner.invoke(app, ["audit", str(h), "--source-lang", "ru", "--fix"]), "reformat")
    assert h.read_bytes() == before


def test_suppressed_and_deselected_findings_are_not_fixed(in_tmp):
    f = in_tmp / "s.en.txt"
    f.write_text("Secretary of State Anthony Blinken spoke to reporters on Friday. <!-- tqa-ignore TERM001 -->\n",
                 encoding="utf-8")
    res = runner.invoke(app, ["audit", str(f), "--diff"])
    assert res.exit_code == 0 and res.stdout == "", res.output
    g = in_tmp / "t.en.txt"
    g.write_text("Secretary of State Anthony Blinken spoke to reporters on Friday.\n", encoding="utf-8")
    assert runner.invoke(app, ["audit", str(g), "--diff", "--ignore", "TERM"]).exit_code == 0
    assert runner.invoke(app, ["audit", str(g), "--diff"]).exit_code == 1
