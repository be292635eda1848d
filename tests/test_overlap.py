"""One finding per problem (audit/overlap.py): rules declare whom they yield to, and the pass
after the checks keeps one finding per place, with the others as evidence, scored once."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from audit.checks import BY_CODE, RULES
from audit.cli import app
from audit.model import Severity, Span
from audit.overlap import cycles, resolve, segment_level, winners
from audit.document import build_document
from audit.rules import Rule, make_finding
from tests.conftest import SEED

runner = CliRunner()

TEXT = "The president flew to Kiev on Monday. The talks lasted eight hours.\n\nThey met again."


def _rule(code: str, yields_to=(), severity=Severity.MAJOR) -> Rule:
    return Rule(code=code, name=code.lower(), category="Accuracy", severity=severity, summary="s", doc="d",
                check=lambda ctx: (), yields_to=tuple(yields_to))


@pytest.fixture(scope="module")
def doc(refs):
    return build_document(TEXT, refs, lang="en")


def _at(doc, rule: Rule, word: str, message: str = "m"):
    start = doc.text.index(word)
    return make_finding(rule, doc, Span(start, start + len(word)), message)


def _seg(doc, rule: Rule, k: int, message: str = "m"):
    return make_finding(rule, doc, doc.segments[k].span, message)


WIN, LOSE, OTHER = _rule("WIN001"), _rule("LOSE001", ["WIN"]), _rule("OTHER001")
RULESET = (WIN, LOSE, OTHER)


def test_overlapping_word_findings_become_one_with_the_other_as_evidence(doc):
    loser, winner = _at(doc, LOSE, "Kiev", "lose"), _at(doc, WIN, "Kiev", "win")
    out = resolve([loser, winner], doc, RULESET)
    assert [f.rule for f in out] == ["WIN001"]
    assert out[0].absorbed == (loser,)
    assert out[0].message == "win" and out[0].severity == Severity.MAJOR


def test_partial_overlap_counts_and_no_overlap_is_untouched(doc):
    start = doc.text.index("to Kiev")
    partial = make_finding(LOSE, doc, Span(start, start + 7), "to Kiev")
    assert len(resolve([partial, _at(doc, WIN, "Kiev")], doc, RULESET)) == 1
    apart = [_at(doc, LOSE, "president"), _at(doc, WIN, "Kiev")]
    assert resolve(apart, doc, RULESET) == apart


def test_only_declared_rules_absorb(doc):
    both = [_at(doc, LOSE, "Kiev"), _at(doc, OTHER, "Kiev")]
    assert resolve(both, doc, RULESET) == both  # LOSE yields to WIN, not to OTHER
    reverse = [_at(doc, WIN, "Kiev"), _at(doc, OTHER, "Kiev")]
    assert resolve(reverse, doc, RULESET) == reverse  # WIN yields to nobody


def test_a_rule_never_yields_to_itself(doc):
    selfish = _rule("NUM002", ["NUM"])
    two = [_at(doc, selfish, "Kiev", "a"), _at(doc, selfish, "Kiev", "b")]
    assert resolve(two, doc, (selfish,)) == two
    assert not selfish.yields("NUM002") and selfish.yields("NUM001")


def test_segment_level_and_word_level_findings_never_overlap(doc):
    whole, word = _seg(doc, LOSE, 0), _at(doc, WIN, "Kiev")
    assert segment_level(whole, doc) and not segment_level(word, doc)
    assert resolve([whole, word], doc, RULESET) == [whole, word]  # a sentence's lack is not a word's error
    assert [f.rule for f in resolve([whole, _seg(doc, WIN, 0)], doc, RULESET)] == ["WIN001"]
    assert len(resolve([_seg(doc, LOSE, 1), _seg(doc, WIN, 0)], doc, RULESET)) == 2  # other sentence


def test_a_multi_segment_finding_overlaps_each_sentence_it_covers(doc):
    run = make_finding(LOSE, doc, Span(doc.segments[0].span.start, doc.segments[1].span.end), "run")
    out = resolve([run, _seg(doc, WIN, 1)], doc, RULESET)
    assert [f.rule for f in out] == ["WIN001"] and out[0].absorbed == (run,)


def test_a_chain_ends_on_the_last_and_evidence_is_flat_in_report_order(doc):
    untr, lang, ref = _rule("UNTR001"), _rule("LANG001", ["UNTR001"]), _rule("REF001", ["LANG001", "UNTR001"])
    first = doc.segments[0].span
    f_ref = make_finding(ref, doc, Span(first.start, doc.segments[1].span.end), "ref")  # two sentences
    f_lang, f_untr = _seg(doc, lang, 0, "lang"), _seg(doc, untr, 0, "untr")
    out = resolve([f_ref, f_untr, f_lang], doc, (untr, lang, ref))
    assert [f.rule for f in out] == ["UNTR001"]
    assert [a.rule for a in out[0].absorbed] == ["LANG001", "REF001"]
    assert all(a.absorbed == () for a in out[0].absorbed)
    # REF001 overlaps LANG001 only: it follows LANG001 to where LANG001 goes.
    only_via = [make_finding(ref, doc, doc.segments[1].span, "r"), _seg(doc, lang, 1), _seg(doc, untr, 1)]
    assert [f.rule for f in resolve(only_via, doc, (untr, lang, ref))] == ["UNTR001"]


def test_order_of_the_input_does_not_change_who_stays(doc):
    fs = [_at(doc, LOSE, "Kiev", "l"), _at(doc, WIN, "Kiev", "w1"), _at(doc, WIN, "to Kiev", "w2"),
          _at(doc, OTHER, "Monday"), _at(doc, LOSE, "Monday")]
    want = sorted(resolve(fs, doc, RULESET), key=lambda f: (f.span.start, f.rule, f.message))
    rng = random.Random(7)
    for _ in range(20):
        shuffled = fs[:]
        rng.shuffle(shuffled)
        kept = resolve(shuffled, doc, RULESET)
        assert sorted(kept, key=lambda f: (f.span.start, f.rule, f.message)) == want
        bare = [replace(f, absorbed=()) for f in kept]
        assert bare == [f for f in shuffled if f in bare]  # the input's order is kept
    # The first winner in report order (start, end, rule) takes it: 'to Kiev' starts first.
    assert [a.message for f in want for a in f.absorbed] == ["l"] and want[0].message == "w2"


def test_empty_span_inside_another(doc):
    at = doc.text.index("Kiev")
    empty = make_finding(LOSE, doc, Span(at + 2, at + 2), "empty")
    assert [f.rule for f in resolve([empty, _at(doc, WIN, "Kiev")], doc, RULESET)] == ["WIN001"]


def test_a_cycle_is_found_and_loses_nothing(doc):
    a, b = _rule("AAA001", ["BBB"]), _rule("BBB001", ["AAA"])
    assert cycles((a, b)) and not cycles(RULES)
    two = [_at(doc, a, "Kiev"), _at(doc, b, "Kiev")]
    assert len(resolve(two, doc, (a, b))) >= 1
    assert sum(1 + len(f.absorbed) for f in resolve(two, doc, (a, b))) == 2


def test_registry_precedence_is_well_formed():
    codes = [r.code for r in RULES]
    for r in RULES:
        for p in r.yields_to:
            assert any(c.startswith(p) and c != r.code for c in codes), f"{r.code} yields to {p}: no such rule"
        for w in winners(r, RULES):
            # The kept finding keeps its own severity: yielding to a lighter rule would lower the penalty.
            assert w.severity >= r.severity, f"{r.code} ({r.severity.label}) yields to lighter {w.code}"


def test_declared_duplicates_of_issue_12():
    assert BY_CODE["XNAME003"].yields("TERM001")
    assert BY_CODE["NAME003"].yields("TERM001")
    assert BY_CODE["XNAME002"].yields("XNAME001")
    assert BY_CODE["XNAME001"].yields("XNAME003")
    assert BY_CODE["LANG001"].yields("UNTR001")
    assert BY_CODE["REF001"].yields("LANG001") and BY_CODE["REF001"].yields("UNTR001")
    assert BY_CODE["REF001"].yields("BOIL001") and BY_CODE["REF001"].yields("DUP001")
    assert not BY_CODE["TERM001"].yields_to


# --- on real-looking input, through the CLI ---------------------------------------------------


@pytest.fixture
def kiev_pair(tmp_path):
    src, tgt = tmp_path / "kiev.ru.txt", tmp_path / "kiev.en.txt"
    src.write_text("Президент прилетел в Киев в понедельник.\n\nПереговоры продлились восемь часов.\n", encoding="utf-8")
    tgt.write_text("The president flew to Kiev on Monday.\n\nThe talks lasted eight hours.\n", encoding="utf-8")
    return src, tgt


def _audit(*args):
    res = runner.invoke(app, ["audit", *map(str, args), "-f", "json"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def test_one_wrong_kiev_is_one_finding_with_the_other_absorbed(kiev_pair):
    src, tgt = kiev_pair
    d = _audit(tgt, "--source", src)
    kiev = [f for f in d["findings"] if f["text"] == "Kiev"]
    assert [f["rule"] for f in kiev] == ["TERM001"]
    assert [a["rule"] for a in kiev[0]["absorbed"]] == ["XNAME003"]
    assert kiev[0]["absorbed"][0]["span"] == kiev[0]["span"]
    assert d["counts"]["major"] == 1 and d["penalty"] == 5.0  # scored once (major weight 5)
    assert all("absorbed" not in f for f in d["findings"] if f["text"] != "Kiev")  # only when non-empty


def test_absorbed_findings_are_shown_in_text_reports(kiev_pair):
    src, tgt = kiev_pair
    text = runner.invoke(app, ["audit", str(tgt), "--source", str(src), "--no-color"]).output
    assert "TERM001" in text and "also XNAME003:" in text
    md = runner.invoke(app, ["audit", str(tgt), "--source", str(src), "-f", "markdown"]).output
    assert "also `XNAME003`" in md
    sarif = json.loads(runner.invoke(app, ["audit", str(tgt), "--source", str(src), "-f", "sarif"]).stdout)
    kiev = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "TERM001"]
    assert [a["rule"] for a in kiev[0]["properties"]["absorbed"]] == ["XNAME003"]


def test_a_rule_deselected_absorbs_nothing(kiev_pair):
    src, tgt = kiev_pair
    d = _audit(tgt, "--source", src, "--ignore", "TERM001")
    assert [f["rule"] for f in d["findings"] if f["text"] == "Kiev"] == ["XNAME003"]


def test_a_suppressed_finding_absorbs_nothing(tmp_path, kiev_pair):
    src, tgt = kiev_pair
    tgt.write_text("<!-- tqa-ignore TERM001 -->\n" + tgt.read_text(encoding="utf-8"), encoding="utf-8")
    d = _audit(tgt, "--source", src)
    assert [f["rule"] for f in d["findings"] if f["text"] == "Kiev"] == ["XNAME003"]  # it speaks now
    assert not [f for f in d["findings"] if f["rule"] == "SUP001"]  # the marker did silence TERM001


def test_german_segment_left_untranslated_is_one_finding(tmp_path):
    src, tgt = tmp_path / "g.de.txt", tmp_path / "g.en.txt"
    left = "Die Delegationen wollen sich im Februar wieder treffen und die Gespräche über die Sicherheit in Europa fortsetzen."
    src.write_text(f"Die Verhandlungen in Genf dauerten fast acht Stunden.\n\n{left}\n", encoding="utf-8")
    tgt.write_text(f"The talks in Geneva lasted almost eight hours.\n\n{left}\n", encoding="utf-8")
    d = _audit(tgt, "--source", src)
    on_it = [f for f in d["findings"] if f["text"] == left]
    assert len(on_it) == 1, [f["rule"] for f in on_it]
    assert on_it[0]["rule"] == "UNTR001"
    assert {a["rule"] for a in on_it[0].get("absorbed", [])} <= {"LANG001"}


def test_seed_report_only_gains_evidence():
    """`tqa audit` of the seed: its scraped promos and repeated headline are BOIL001/DUP001; the
    bundled reference lacks them too, and REF001's report of that is their evidence now (REF001
    used to re-run those rules to stay silent). Nothing else in the report changes."""
    d = _audit(SEED)
    merged = [f for f in d["findings"] if "absorbed" in f]
    assert merged and all(f["absorbed"] for f in merged)
    assert all(set(a) == {"rule", "severity", "message", "span", "text"} for f in merged for a in f["absorbed"])
    for f in merged:
        for a in f["absorbed"]:
            assert BY_CODE[a["rule"]].yields(f["rule"])
    assert {a["rule"] for f in merged for a in f["absorbed"]} <= {"REF001", "REF002"}
    boiler = [f for f in d["findings"] if f["rule"] in ("BOIL001", "DUP001")]
    for f in d["findings"]:
        if f["rule"] == "REF001":  # never counted twice with the boilerplate it overlaps
            assert not any(g["span"]["start"] < f["span"]["end"] and f["span"]["start"] < g["span"]["end"] for g in boiler)
    assert d["penalty"] == sum({"minor": 1, "major": 5, "critical": 25}[f["severity"]] for f in d["findings"])


def test_rules_command_prints_precedence():
    out = runner.invoke(app, ["rules", "XNAME003"]).output
    assert "yields to: TERM001, NAME001" in out
    out = runner.invoke(app, ["rules", "TERM001"]).output
    assert "absorbs:" in out and "XNAME003" in out


def test_score_counts_only_kept(refs, settings, kiev_pair):
    from audit.entry import audit

    src, tgt = kiev_pair
    r = audit(tgt, refs, settings, source=src, lang="en", source_lang="ru")
    assert r.score.penalty == sum(settings.weights[f.severity.label] for f in r.findings)
    assert sum(len(f.absorbed) for f in r.findings) >= 1
    unmerged = replace(r, findings=tuple(f for k in r.findings for f in (k, *k.absorbed)))
    assert len(unmerged.findings) > len(r.findings)


def _naive(findings, doc, rules):
    """The definition, written plainly: every pair compared."""
    from audit.overlap import _order, _root, overlap as at_one_place

    by_code, fs = {r.code: r for r in rules}, list(findings)
    level = [segment_level(f, doc) for f in fs]
    home = list(range(len(fs)))
    for i, f in enumerate(fs):
        hits = [j for j in range(len(fs)) if j != i and f.rule in by_code and by_code[f.rule].yields(fs[j].rule)
                and at_one_place(f, fs[j], level[i], level[j])]
        if hits:
            home[i] = min(hits, key=lambda j: (_order(fs[j]), j))
    roots = [_root(home, i) for i in range(len(fs))]
    return [(fs[i], sorted((fs[j].rule, fs[j].span, fs[j].message) for j in range(len(fs)) if roots[j] == i and j != i))
            for i in range(len(fs)) if roots[i] == i]


def test_the_fast_pass_agrees_with_the_definition(doc):
    ruleset = (_rule("AAA001"), _rule("BBB001", ["AAA"]), _rule("CCC001", ["AAA", "BBB"]), _rule("DDD001", ["CCC"]))
    rng = random.Random(12)
    n, merged = len(doc.text), 0
    for _ in range(200):
        fs = []
        for k in range(rng.randint(1, 9)):
            rule = rng.choice(ruleset)
            kind = rng.random()
            if kind < 0.25:
                seg = rng.choice(doc.segments)
                span = seg.span if rng.random() < 0.7 else Span(seg.span.start, doc.segments[-1].span.end)
            else:
                a = rng.randrange(n)
                span = Span(a, min(n, a + (0 if kind < 0.35 else rng.randint(1, 12))))
            fs.append(make_finding(rule, doc, span, f"m{k}"))
        got = [(replace(f, absorbed=()), sorted((a.rule, a.span, a.message) for a in f.absorbed)) for f in resolve(fs, doc, ruleset)]
        assert got == _naive(fs, doc, ruleset)
        merged += sum(len(a) for _, a in got)
    assert merged > 50  # the cases exercised merging, not only findings left alone


def test_many_findings_in_one_sentence_stay_fast(refs):
    import time

    text = " ".join(f"Word{i}" for i in range(3000)) + "\n"
    one = build_document(text, refs, lang="en")
    fs, pos = [], 0
    for i in range(3000):
        s = text.index(f"Word{i}", pos)
        pos = s
        fs.append(make_finding(LOSE, one, Span(s, s + len(f"Word{i}")), "lose"))
        if i % 2:
            fs.append(make_finding(WIN, one, Span(s, s + 3), "win"))
    t = time.perf_counter()
    out = resolve(fs, one, RULESET)
    assert time.perf_counter() - t < 5
    assert len(out) == 3000 and sum(len(f.absorbed) for f in out) == 1500

