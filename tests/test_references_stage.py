"""Reference texts: metrics with signatures, discovery by document id, the stage's alignment
data, REF001/REF002, the CLI's --reference/--post-edit, and bad references."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.errors import InputError
from audit.metrics import Bleu, ChrF, Ter, default_scorers
from audit.entry import audit_path
from audit.reference_diff import word_diff
from audit.stages.reference import reference_stage
from tests.conftest import SEED

runner = CliRunner()

# An article nobody in the project translated: a flood report, with a promo line, a changed
# figure and a sentence the translation left out.
ARTICLE = """Floods in the lower town

Heavy rain flooded the lower town on Tuesday morning. The river rose by 2.4 metres in six hours.

Firefighters evacuated 312 residents from the riverside streets. Schools stayed closed and buses ran on a reduced timetable.

The mayor asked the regional government for emergency funds.

Subscribe to our newsletter and win a holiday for two!
"""

REFERENCE = """Floods in the lower town

Heavy rain flooded the lower town on Tuesday morning. The river rose by 2.4 metres in six hours.

Firefighters evacuated 321 residents from the streets along the river. Schools stayed closed, and buses ran on a reduced timetable.

The mayor asked the regional government for emergency funds. Forecasters expect more rain over the weekend.
"""


@pytest.fixture
def article(tmp_path):
    doc = tmp_path / "flood.en.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    ref = tmp_path / "flood-ref.txt"
    ref.write_text(REFERENCE, encoding="utf-8")
    return doc, ref


# --- metrics -----------------------------------------------------------------------------


def test_sentence_and_document_scores_carry_their_signatures():
    bleu = Bleu()
    assert "eff:yes" in bleu.signature(True) and "eff:no" in bleu.signature(False)
    m = bleu.metric(["the cat sat on the mat", "dogs bark"], [["the cat sat on the mat"], ["the dogs bark"]])
    assert m.name == "BLEU" and "nrefs:1" in m.signature and "tok:13a" in m.signature
    assert m.per_segment[0] == 100.0 and 0 < m.per_segment[1] < 100  # effective order: no zero for a short pair
    chrf = ChrF(word_order=2).metric(["a b c"], [["a b c", "x y z"]])
    assert chrf.name == "chrF++" and "nrefs:2" in chrf.signature and "nw:2" in chrf.signature
    var = ChrF().metric(["a b c", "d e f"], [["a b c", "a b"], ["d e f"]])
    assert "nrefs:var" in var.signature


def test_ter_against_a_post_edit_is_hter_and_matches_sacrebleu():
    from sacrebleu.metrics import TER

    hyp, ref = "the talks lasted eight hours", "the talks lasted almost eight hours"
    assert Ter(post_edit=True).name == "HTER" and Ter().name == "TER" and not Ter().higher_is_better
    assert Ter().sentence(hyp, [ref]) == round(TER().sentence_score(hyp, [ref]).score, 4)
    assert [s.name for s in default_scorers(post_edit=True)] == ["chrF", "chrF++", "BLEU", "HTER"]


def test_tokenizers_that_download_are_refused():
    with pytest.raises(ValueError, match="offline"):
        Bleu(tokenize="flores200")
    assert "tok:intl" in Bleu(tokenize="intl").signature()


def test_word_diff_offsets_point_into_the_target():
    text = "Intro. Secretary of State Anthony Blinken met the Alliance Secretary General."
    start = text.index("Secretary")
    ops = word_diff(text, start, len(text), "Secretary of State Antony Blinken met the NATO Secretary General.")
    assert [(o["target"], o["reference"]) for o in ops] == [("Anthony", "Antony"), ("Alliance", "NATO")]
    assert all(text[o["start"] : o["end"]] == o["target"] for o in ops)


# --- the seed and its bundled reference --------------------------------------------------


@pytest.fixture(scope="module")
def seed_with_reference(refs, settings):
    return audit_path(SEED, refs, settings, stages=(reference_stage(),))


def test_bundled_reference_is_found_by_document_id(seed_with_reference):
    al = seed_with_reference.data["alignment"]
    assert [r["path"].rsplit("/", 1)[-1] for r in al["references"]] == ["ref.editor.en.txt"]
    names = [m.name for m in seed_with_reference.metrics]
    assert names == ["ref-chrF", "ref-chrF++", "ref-BLEU", "ref-TER"]
    assert all("version:" in m.signature and "nrefs:1" in m.signature for m in seed_with_reference.metrics)
    per = seed_with_reference.metrics[0].per_segment
    assert len(per) == len(seed_with_reference.document.segments)
    doc = seed_with_reference.document
    assert all(per[s.index] is None for s in doc.segments if s.text == "Leave a Reply")  # no counterpart, no score
    assert sum(p is not None for p in per) >= 20


def test_seed_boilerplate_is_unaligned_and_name_fixes_are_differences(seed_with_reference):
    al = seed_with_reference.data["alignment"]
    added = " ".join(a["text"] for a in al["unaligned_target"])
    assert "Leave a Reply" in added and "Subscribe to Twitter" in added
    assert al["pairs"] and not any("Leave a Reply" in p["target_text"] for p in al["pairs"])
    diffs = {(g["target"], g["reference"]) for p in al["pairs"] for g in p["glossary"]}
    assert ("Anthony Blinken", "Antony Blinken") in diffs
    assert ("Russia — NATO Council", "NATO-Russia Council") in diffs
    assert any(ref.startswith("Russia’s Permanent Representative") for _, ref in diffs)
    # Boilerplate is BOIL001's; REF001 does not report it again.
    rules = {(f.rule, f.text) for f in seed_with_reference.findings}
    assert not any(rule == "REF001" and "Leave a Reply" in text for rule, text in rules)
    # Everything the reference shows on the seed is already reported (BOIL001, DUP001, TERM001,
    # TITLE001): the REF rules add no second finding on the same words.
    ref_spans = [f.span for f in seed_with_reference.findings if f.rule.startswith("REF")]
    other = [f.span for f in seed_with_reference.findings if not f.rule.startswith("REF")]
    assert not any(a.overlaps(b) for a in ref_spans for b in other)
    json.dumps(al)  # JSON-able


# --- other text, the CLI -----------------------------------------------------------------


def test_cli_reference_reports_pairs_scores_and_differences(article, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc, ref = article
    res = runner.invoke(app, ["audit", str(doc), "--reference", str(ref), "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(res.stdout)
    al = data["alignment"]
    assert len(al["pairs"]) >= 5
    assert [a["text"] for a in al["unaligned_target"]] == ["Subscribe to our newsletter and win a holiday for two!"]
    assert [d["text"] for d in al["unaligned_reference"]] == ["Forecasters expect more rain over the weekend."]
    assert {m["name"] for m in data["metrics"]} >= {"ref-chrF", "ref-BLEU", "ref-TER"}
    found = {(f["rule"], f["text"]) for f in data["findings"]}
    assert ("REF002", "312") in found  # the reference has 321
    assert any(rule == "REF001" and text.startswith("The mayor asked") for rule, text in found)  # dropped after it
    md = runner.invoke(app, ["audit", str(doc), "--reference", str(ref), "-f", "markdown"])
    assert "## Reference alignment" in md.stdout and "Worst aligned pairs" in md.stdout
    term = runner.invoke(app, ["audit", str(doc), "--reference", str(ref), "--no-color"])
    assert "Reference alignment" in term.stdout and "ref-chrF" in term.stdout and "nrefs:1" in term.stdout


def test_several_references_and_post_edits(article, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc, ref = article
    pe = tmp_path / "flood-pe.txt"
    pe.write_text(ARTICLE.replace("312", "321").replace("Subscribe to our newsletter and win a holiday for two!\n", ""), encoding="utf-8")
    res = runner.invoke(app, ["audit", str(doc), "--reference", str(ref), "--post-edit", str(pe), "-f", "json"])
    data = json.loads(res.stdout)
    assert len(data["alignment"]["references"]) == 2
    chrf = next(m for m in data["metrics"] if m["name"] == "ref-chrF")
    assert "nrefs:2" in chrf["signature"] or "nrefs:var" in chrf["signature"]
    only_pe = json.loads(runner.invoke(app, ["audit", str(doc), "--post-edit", str(pe), "-f", "json"]).stdout)
    assert "ref-HTER" in {m["name"] for m in only_pe["metrics"]}


def test_discovery_in_a_users_references_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "report.en.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "report.meta.yaml").write_text("id: flood-2024\nlang: en\n", encoding="utf-8")
    folder = tmp_path / "refs" / "documents" / "flood-2024"
    folder.mkdir(parents=True)
    (folder / "ref.desk.en.txt").write_text(REFERENCE, encoding="utf-8")
    (folder / "ref.desk.ru.txt").write_text("Наводнение в нижнем городе.", encoding="utf-8")  # other language: not used
    res = runner.invoke(app, ["audit", str(doc), "--references", str(tmp_path / "refs"), "-f", "json"])
    refs = json.loads(res.stdout)["alignment"]["references"]
    assert [r["label"] for r in refs] == ["desk"]
    off = runner.invoke(app, ["audit", str(doc), "--references", str(tmp_path / "refs"), "--no-bundled-references", "-f", "json"])
    assert "alignment" not in json.loads(off.stdout) or not json.loads(off.stdout)["alignment"]


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00", "binary"),
        ("Сильный дождь затопил нижнюю часть города во вторник утром. Река поднялась на 2,4 метра.".encode(), "reference is in ru"),
    ],
    ids=["empty", "binary", "other-language"],
)
def test_bad_reference_is_one_line_exit_2(article, tmp_path, content, message):
    doc, _ = article
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    res = runner.invoke(app, ["audit", str(doc), "--reference", str(bad)])
    assert res.exit_code == 2
    assert message in res.stderr and len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


def test_a_reference_that_does_not_fit_gets_one_finding(refs, settings, tmp_path):
    doc = tmp_path / "flood.en.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("The orchestra opened its season with a Mahler symphony on Friday night.", encoding="utf-8")
    result = audit_path(doc, refs, settings, stages=(reference_stage([other], bundled=False),))
    ref001 = [f for f in result.findings if f.rule == "REF001"]
    assert len(ref001) <= 2 and any("no counterpart" in f.message for f in ref001)
    with pytest.raises(InputError):
        audit_path(doc, refs, settings, stages=(reference_stage([tmp_path / "missing.txt"]),))


def test_two_references_that_agree_report_each_difference_once(refs, settings, article, tmp_path):
    doc, ref = article
    copy = tmp_path / "flood-ref-copy.txt"
    copy.write_text(REFERENCE, encoding="utf-8")
    result = audit_path(doc, refs, settings, stages=(reference_stage([ref, copy, ref], bundled=False),))
    assert len(result.data["alignment"]["references"]) == 2  # the same file named twice counts once
    rules = [f.rule for f in result.findings if f.rule.startswith("REF")]
    assert rules.count("REF002") == 1 and rules.count("REF001") == 1
    assert [a["text"] for a in result.data["alignment"]["unaligned_target"]] == ["Subscribe to our newsletter and win a holiday for two!"]
