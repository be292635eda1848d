"""Inline tqa-ignore markers, per-file ignores, and SUP001 for markers that match nothing."""

from __future__ import annotations

from dataclasses import replace

from audit.config import Settings
from audit.document import build_document
from audit.entry import audit_path
from audit.pipeline import audit_document
from audit.suppress import find_markers

BODY = (
    "The talks were held within the Russia-NATO Council on Monday.\n\n"
    "Later the Eurounion said it would send observers.\n\n"
    "Leave a Reply\n"
)


def audit(text, refs, settings=None, **kw):
    doc = build_document(text, refs, lang="en", source_lang="ru", **kw)
    return audit_document(doc, refs, settings or Settings())


def rules(result):
    return [f.rule for f in result.findings]


def test_without_markers(refs):
    assert rules(audit(BODY, refs)) == ["TERM001", "TERM001", "BOIL001"]


def test_next_paragraph_marker(refs):
    r = audit("<!-- tqa-ignore TERM001 -->\n" + BODY, refs)
    assert rules(r) == ["TERM001", "BOIL001"]  # the Council is ignored, the Eurounion is not
    assert r.data["suppressions"]["suppressed"][0]["text"] == "Russia-NATO Council"
    assert r.data["suppressions"]["suppressed"][0]["by"] == "inline:1"


def test_same_line_marker_and_prefix(refs):
    r = audit(BODY.replace("observers.", "observers. <!-- tqa-ignore TERM because it is a quote -->"), refs)
    assert [f.text for f in r.findings] == ["Russia-NATO Council", "Leave a Reply"]


def test_block_and_file_markers(refs):
    r = audit("<!-- tqa-ignore-start -->\n" + BODY.replace("Leave", "<!-- tqa-ignore-end -->\nLeave"), refs)
    assert rules(r) == ["BOIL001"]
    r = audit(BODY + "<!-- tqa-ignore-file BOIL, TERM001 -->\n", refs)
    assert rules(r) == []


def test_unused_unknown_and_unclosed_markers_are_sup001(refs):
    r = audit("<!-- tqa-ignore PHRASE -->\n" + BODY, refs)
    sup = [f for f in r.findings if f.rule == "SUP001"]
    assert len(sup) == 1 and "PHRASE matched no finding" in sup[0].message
    assert sup[0].text == "<!-- tqa-ignore PHRASE -->" and sup[0].suggestion == ""
    r = audit("<!-- tqa-ignore NOPE123 -->\n" + BODY, refs)
    assert any("names no rule" in f.message for f in r.findings)
    r = audit("<!-- tqa-ignore-start BOIL -->\n" + BODY, refs)
    assert any("without a tqa-ignore-end" in f.message for f in r.findings) and "BOIL001" not in rules(r)
    r = audit(BODY + "<!-- tqa-ignore-end -->", refs)
    assert any("without a tqa-ignore-start" in f.message for f in r.findings)


def test_marker_for_a_rule_that_did_not_run_is_not_reported(refs):
    r = audit("<!-- tqa-ignore PHRASE -->\n" + BODY, refs, Settings(ignore=("PHRASE",)))
    assert "SUP001" not in rules(r)
    r = audit("<!-- tqa-ignore PHRASE -->\n" + BODY, refs, Settings(ignore=("SUP",)))
    assert "SUP001" not in rules(r)


def test_suppression_changes_the_score(refs):
    plain, quiet = audit(BODY, refs), audit("<!-- tqa-ignore-file -->\n" + BODY, refs)
    assert quiet.score.penalty == 0 < plain.score.penalty and quiet.passed


def test_per_file_ignores_from_settings(refs):
    r = audit(BODY, refs, replace(Settings(), file_ignores=("BOIL", "NAME")))
    assert rules(r) == ["TERM001", "TERM001"]
    assert r.data["suppressions"]["unused_file_ignores"] == ["NAME"]


def test_markers_in_markdown_and_in_a_file(refs, tmp_path):
    p = tmp_path / "story.en.md"
    p.write_text("# Talks\n\n<!-- tqa-ignore TERM001 -->\n" + BODY, encoding="utf-8")
    r = audit_path(p, refs, Settings(), source_lang="ru")
    assert rules(r) == ["TERM001", "BOIL001"]
    assert not any("tqa-ignore" in f.text for f in r.findings if f.rule != "SUP001")


def test_find_markers_scopes():
    text = "a\n<!-- tqa-ignore X -->\n\n\npara one\nstill one\n\npara two <!-- tqa-ignore Y -->\n"
    first, second = find_markers(text)
    assert first.kind == "next" and text[first.scope.start : first.scope.end] == "para one\nstill one"
    assert second.kind == "line" and text[second.scope.start : second.scope.end].startswith("para two")


def test_sup001_is_made_by_the_suppression_pass_not_by_a_check():
    """Rules do not call rules: every rule has a check over the document or names the pass over
    findings that makes its findings (audit/passes.py), never both and never neither."""
    import pytest

    from audit.checks import RULES
    from audit.passes import PASSES
    from audit.rules import Rule
    from audit.suppress import UNUSED

    passes = {p.__name__ for p in PASSES}
    for rule in RULES:
        assert (rule.check is None) != (rule.made_by is None), rule.code
        assert rule.made_by is None or rule.made_by in passes, rule.code
    assert UNUSED.check is None and UNUSED.made_by == "suppression"
    with pytest.raises(ValueError, match="one of the two"):
        Rule("XX001", "x", "Other", UNUSED.severity, "s", "d")  # neither: a rule that could never fire
    with pytest.raises(ValueError, match="one of the two"):
        Rule("XX001", "x", "Other", UNUSED.severity, "s", "d", check=lambda ctx: (), made_by="suppression")


def test_sup001_alone_still_judges_markers(refs):
    """With only SUP001 selected no check runs: a marker naming no rule is still reported, one
    naming a rule that did not run is not (it could not have matched)."""
    settings = Settings(select=("SUP001",))
    assert rules(audit("<!-- tqa-ignore TERM001 -->\n" + BODY, refs, settings)) == []
    r = audit("<!-- tqa-ignore NOPE123 -->\n" + BODY, refs, settings)
    assert rules(r) == ["SUP001"] and "names no rule" in r.findings[0].message
