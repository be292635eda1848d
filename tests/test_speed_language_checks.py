"""LANG002 and LANG003 skip the per-letter work for ASCII words and, in LANG003, the address
and segment look-ups for words that can change nothing (audit/checks/language.py): the same
findings as the checks that looked at every word, on random texts mixing scripts."""

from __future__ import annotations

import random

from audit.checks import language as lang_checks
from audit.checks.language import _CONFUSABLES, _WORD, FOREIGN_SCRIPT, MIXED_SCRIPT, _in_address, _word_scripts
from audit.language_facts import script_of
from audit.model import Span
from audit.document import build_document
from audit.pipeline import run_rules


def _old_mixed(ctx):
    for m in _WORD.finditer(ctx.text):
        word = m.group()
        scripts = _word_scripts(word) & {"LATIN", "CYRILLIC", "GREEK"}
        if len(scripts) < 2:
            continue
        expected = ctx.language.scripts
        fixed = word.translate(_CONFUSABLES) if "LATIN" in expected or not expected else word
        yield ctx.finding(
            MIXED_SCRIPT, Span(m.start(), m.end()),
            f"'{word}' mixes {' and '.join(sorted(s.title() for s in scripts))} letters (look-alike characters)",
            suggestion=fixed if fixed != word else None,
            evidence=[f"{c!r} is {script_of(c).title()}" for c in dict.fromkeys(word)
                      if script_of(c) and script_of(c) not in expected][:3],
        )


def _old_foreign_words(ctx):
    expected = ctx.language.scripts | ctx.language.tolerated_scripts
    if not expected:
        return
    run: list = []

    def flush():
        if run:
            span = Span(run[0].start(), run[-1].end())
            text = ctx.text[span.start: span.end]
            lookalike = text.translate(_CONFUSABLES)
            if len(text) == 1 and lookalike != text and _word_scripts(lookalike) & expected:
                yield ctx.finding(
                    FOREIGN_SCRIPT, span,
                    f"'{text}' is a {script_of(text).title()} letter that looks like '{lookalike}' (look-alike character)",
                    suggestion=lookalike, evidence=[f"{text!r} is {script_of(text).title()}"],
                )
                return
            yield ctx.finding(FOREIGN_SCRIPT, span, f"'{text}' is in a script {ctx.language.name} does not use: untranslated?",
                              evidence=[f"script: {', '.join(sorted(_word_scripts(text)))}"])

    foreign_segments = {s.index for s in ctx.document.segments if s.lang and s.lang != ctx.lang}
    for m in _WORD.finditer(ctx.text):
        scripts = _word_scripts(m.group())
        seg = ctx.segment_at(m.start())
        if seg is not None and seg.index in foreign_segments:
            continue
        if _in_address(ctx.text, m.start(), m.end()):
            continue
        if scripts and not scripts & expected and len(scripts) == 1:
            if run and ctx.text[run[-1].end(): m.start()].strip(" ,-—–'\"«»") != "":
                yield from flush()
                run = []
            run.append(m)
        else:
            yield from flush()
            run = []
    yield from flush()


WORDS = ["The", "talks", "ended", "Захарова", "Лавров", "in", "Vienna", "Macrоn", "Kremlіn", "22°С", "—", ",",
         "стопкоронавирус.рф", "пресса@минздрав.рф", "Ελλάδα", "東京", "«Известия»", "said", "NATO", "С", "и", "\n\n",
         "Переговоры завершились без конкретных результатов, заявили в министерстве."]


def test_same_findings_as_checking_every_word(refs):
    import dataclasses

    counts = {MIXED_SCRIPT.code: 0, FOREIGN_SCRIPT.code: 0}
    for seed in range(40):
        rng = random.Random(seed)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60))) + "."
        for lang in ("en", "ru"):
            doc = build_document(text, refs, lang=lang)
            for rule, old in ((MIXED_SCRIPT, _old_mixed), (FOREIGN_SCRIPT, _old_foreign_words)):
                new = [(f.span, f.message, f.suggestion, f.evidence)
                       for f in run_rules(doc, refs, (rule,)) if f.rule == rule.code]
                was = [(f.span, f.message, f.suggestion, f.evidence)
                       for f in run_rules(doc, refs, (dataclasses.replace(rule, check=old),)) if f.rule == rule.code]
                assert new == was, (lang, text)
                counts[rule.code] += len(new)
    assert all(n >= 20 for n in counts.values()), counts  # the texts do exercise both rules
    assert lang_checks._LATIN == frozenset({"LATIN"})
