"""Every rule carries should-fail and should-pass examples, and each one holds.

The examples run against the bundled references, through the same pipeline an audit uses
(segmenting, language detection), with only the rule under test selected.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit.checks import RULES
from audit.overlap import winners
from audit.passes import run_passes
from audit.document import build_document
from audit.pipeline import pass_input, run_rules
from audit.suppress import UNUSED

CASES = [(rule, ex) for rule in RULES for ex in rule.examples]


def run_example(rule, ex, refs):
    """The rule's findings that an audit keeps: the rules it yields to run beside it, and the
    passes over findings run as in an audit (audit/passes.py: suppression, overlap)."""
    doc = build_document(ex.text, refs, lang=ex.lang, source_lang=ex.source_lang, date=ex.date)
    if ex.backtranslation is not None:
        doc = replace(doc, segments=tuple(replace(s, backtranslation=ex.backtranslation) for s in doc.segments))
    # SUP001's findings come from the suppression pass over every rule's findings.
    rules = RULES if rule is UNUSED else (rule, *winners(rule, RULES))
    findings, _ = run_passes(run_rules(doc, refs, rules, ex.data), pass_input(doc, rules))
    return [f for f in findings if f.rule == rule.code]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_examples_both_ways(rule):
    assert any(ex.fails for ex in rule.examples), f"{rule.code} has no should-fail example"
    assert any(not ex.fails for ex in rule.examples), f"{rule.code} has no should-pass example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert rule.summary and len(rule.doc) > 80 and rule.name == rule.name.lower()


@pytest.mark.parametrize(
    "rule,ex", CASES, ids=[f"{r.code}-{'fail' if e.fails else 'pass'}-{i}" for i, (r, e) in enumerate(CASES)]
)
def test_example(rule, ex, refs):
    findings = run_example(rule, ex, refs)
    assert all(f.rule == rule.code for f in findings) or rule.code.startswith("SUP")
    for f in findings:
        assert ex.text[f.span.start : f.span.end] == f.text
    if ex.fails:
        assert findings, f"{rule.code} should fire on {ex.text!r}"
    else:
        assert not findings, f"{rule.code} should stay silent on {ex.text!r}, got {[f.message for f in findings]}"


def test_rule_codes_are_unique_and_stable_shaped():
    import re

    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2,6}\d{3}", c) for c in codes)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_examples_in_another_language(rule):
    """Languages are data: every rule shows it fires and stays silent beyond Russian → English
    (another source language, or a target other than English)."""
    other = [ex for ex in rule.examples if (ex.source_lang or "ru") != "ru" or ex.lang != "en"]
    assert any(ex.fails for ex in other), f"{rule.code}: no should-fire example beyond ru → en"
    assert any(not ex.fails for ex in other), f"{rule.code}: no should-pass example beyond ru → en"
