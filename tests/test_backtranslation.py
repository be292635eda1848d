"""The back-translation stage and BT001/BT002, with stand-in translators that return known
Russian (so the term logic is tested on what an MT system would say, on the seed and on other
text), and the stage's notices and errors."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from audit.stages.backtranslation import BTOptions, backtranslation_stage
from audit.document import build_document
from audit.pipeline import audit_document
from audit.translate.base import ModelError, ModelUnavailable
from conftest import SEED


class PhraseMT:
    """A stand-in MT system: the output is the translation of each pattern found in the
    input, left to right (unmatched text is dropped). Stands in for a real en→ru model."""

    def __init__(self, table: list[tuple[str, str]], model_id: str = "fake/en-ru", fallback: str = "Текст."):
        self.table = [(re.compile(p), out) for p, out in table]
        self.model_id, self.revision, self.decoding = model_id, "test", "fake"
        self.fallback = fallback
        self.seen: list[str] = []

    def translate(self, texts):
        self.seen.extend(texts)
        return [self._one(t) for t in texts]

    def _one(self, text):
        hits = []
        for rx, out in self.table:
            for m in rx.finditer(text):
                if not any(m.start() < e and s < m.end() for s, e, _ in hits):
                    hits.append((m.start(), m.end(), out))
        return " ".join(out for _, _, out in sorted(hits)) or self.fallback


# What an en→ru system does with names: a first name plus surname comes back as the Russian
# full name (inflected), a surname alone as the surname.
EN_RU = [
    (r"\b[A-Z]\w+ Blink\w+", "госсекретаря Энтони Блинкена"),
    (r"\bBlink\w+", "Блинкен"),
    (r"\b[A-Z]\w+ Stoltenberg\w*", "Йенсом Столтенбергом"),
    (r"\bState Department\b", "Госдепартамент"),
    (r"\b[A-Z]\w+ Peskof+\b|\bDmitr\w+ Peskov\b", "Дмитрий Песков"),
    (r"\b[A-Z]\w+ Lavrov\b", "Сергей Лавров"),
]


def fake_make(back, forward=None):
    def make(spec, **_):
        if spec == "back":
            return back
        if forward is None:
            raise ModelUnavailable("no forward model in this test")
        return forward

    return make


def audit_text(text, refs, settings, back, forward=None, lang="en", source_lang="ru", **opts):
    doc = build_document(text, refs, lang=lang, source_lang=source_lang)
    stage = backtranslation_stage(BTOptions(model="back", forward_model="fwd", **opts), make=fake_make(back, forward))
    return audit_document(doc, refs, settings, stages=(stage,))


def by_rule(result, code):
    return [f for f in result.findings if f.rule == code]


def test_stage_fills_segments_and_says_round_trip_was_skipped(refs, settings):
    back = PhraseMT(EN_RU)
    r = audit_text("Secretary of State Antony Blinken arrived. It was cold.", refs, settings, back)
    bts = [s.backtranslation for s in r.document.segments]
    assert bts == ["госсекретаря Энтони Блинкена", "Текст."]
    assert any(n.startswith("round-trip fidelity skipped") and "--forward-model" in n for n in r.notices)
    assert r.data["backtranslation"]["model"] == "fake/en-ru" and not r.metrics


def test_bt001_on_other_text_unlisted_rendering(refs, settings):
    text = ("Kremlin spokesman Dmitriy Peskoff said on Tuesday that Moscow saw no point in new talks.\n\n"
            "Foreign Minister Sergey Lavrov agreed.")
    r = audit_text(text, refs, settings, PhraseMT(EN_RU))
    bt = by_rule(r, "BT001")
    assert [(f.text, f.suggestion) for f in bt] == [("Dmitriy Peskoff", "Dmitry Peskov")]
    assert text[bt[0].span.start : bt[0].span.end] == "Dmitriy Peskoff"
    assert any("Дмитрий Песков" in e for e in bt[0].evidence)


def test_bt001_inflected_source_form_and_extension_of_a_short_accepted_form(refs, settings):
    text = "The talks were led by Secretary of State Anthonie Blinken. Blinken later met Jens Stoltenbergh."
    r = audit_text(text, refs, settings, PhraseMT(EN_RU))
    got = [(f.text, f.suggestion) for f in by_rule(r, "BT001")]
    assert ("Anthonie Blinken", "Antony Blinken") in got
    assert ("Jens Stoltenbergh", "Jens Stoltenberg") in got
    assert not any(t == "Blinken" for t, _ in got)  # the surname alone is accepted


def test_bt001_silent_where_term001_reports_a_listed_wrong_form_on_the_seed(refs, settings):
    from audit.reading import read_path

    text = read_path(SEED).text
    r = audit_text(text, refs, settings, PhraseMT(EN_RU))
    term = by_rule(r, "TERM001")
    assert any(f.text == "Anthony Blinken" for f in term)  # the seed's listed wrong rendering
    bt = by_rule(r, "BT001")
    assert not any(b.span.overlaps(t.span) for b in bt for t in term)
    assert not any("antony-blinken" in b.message for b in bt)


def test_bt001_catches_an_unlisted_rendering_in_the_seed(refs, settings):
    from audit.reading import read_path

    original = read_path(SEED).text
    text = original.replace("Anthony Blinken", "Antoni Blinkin")
    assert text != original
    r = audit_text(text, refs, settings, PhraseMT(EN_RU))
    bt = [f for f in by_rule(r, "BT001") if "antony-blinken" in f.message]
    assert bt and {(f.text, f.suggestion) for f in bt} == {("Antoni Blinkin", "Antony Blinken")}
    assert len(bt) == original.count("Anthony Blinken")
    assert not any(f.text == "Antoni Blinkin" for f in by_rule(r, "TERM001"))


def test_bt001_target_russian_source_english(refs, settings):
    """Languages are data: a Russian translation of an English text, back-translated to English."""
    en = PhraseMT([(r"Блинк\w+", "Secretary of State Antony Blinken")], model_id="fake/ru-en")
    r = audit_text("Госсекретарь Энтони Блинкин прибыл в Женеву.", refs, settings, en, lang="ru", source_lang="en")
    assert [(f.text, f.suggestion) for f in by_rule(r, "BT001")] == [("Энтони Блинкин", "Энтони Блинкен")]


def test_bt002_flags_only_the_segment_whose_round_trip_is_far(refs, settings):
    text = ("Washington and its allies are committed to a diplomatic way out of the crisis.\n\n"
            "The parties called on Russia to take measures to reduce tension at the border.")
    garbled = "The capital likes the weather a lot."

    class Forward:
        model_id, revision, decoding = "fake/ru-en", "test", "fake"

        def translate(self, texts):
            return [garbled if i == 1 else seg for i, seg in enumerate(segs)]

    segs = [s.text for s in build_document(text, refs, lang="en", source_lang="ru").segments]
    r = audit_text(text, refs, settings, PhraseMT(EN_RU), Forward())
    flagged = by_rule(r, "BT002")
    assert [f.segment for f in flagged] == [1]
    assert flagged[0].text == segs[1]
    m = r.metrics[0]
    assert m.name == "roundtrip-chrF" and m.per_segment[0] == 100.0 and m.per_segment[1] < 20
    assert m.signature.startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")
    assert "bt:fake/en-ru@test" in m.signature and "fw:fake/ru-en@test" in m.signature
    quiet = audit_text(text, refs, settings, PhraseMT(EN_RU), Forward(), min_roundtrip=5.0)
    assert not by_rule(quiet, "BT002")


def test_threshold_from_config_table(refs, settings):
    text = "Washington and its allies are committed to a diplomatic way out of the crisis."

    class Forward:
        model_id, revision, decoding = "fake/ru-en", "test", "fake"

        def translate(self, texts):
            return ["Washington and allies are committed to a way out."]

    low = replace(settings, backtranslation={"min-roundtrip-chrf": 99}) if hasattr(settings, "backtranslation") else None
    if low is None:
        pytest.skip("Settings has no backtranslation table")
    assert by_rule(audit_text(text, refs, low, PhraseMT(EN_RU), Forward()), "BT002")
    assert not by_rule(audit_text(text, refs, settings, PhraseMT(EN_RU), Forward()), "BT002")


def test_no_source_language(refs, settings):
    doc = build_document("Antony Blinken arrived in Geneva.", refs, lang="en")
    quiet = backtranslation_stage(BTOptions())(doc, refs, settings)
    assert not quiet.notices and quiet.document is None
    with pytest.raises(ModelError, match="source language"):
        backtranslation_stage(BTOptions(model="x/y"))(doc, refs, settings)


def test_unavailable_model_is_a_notice_or_an_error_when_required(refs, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    doc = build_document("Antony Blinken arrived in Geneva.", refs, lang="en", source_lang="ru")
    out = backtranslation_stage(BTOptions())(doc, refs, settings)
    assert len(out.notices) == 1 and out.document is None
    note = out.notices[0]
    assert note.startswith("back-translation skipped:") and "Helsinki-NLP/opus-mt-en-ru" in note and "--model" in note
    named = backtranslation_stage(BTOptions(model="Helsinki-NLP/opus-mt-en-ru"))(doc, refs, settings)
    assert named.notices[0].startswith("back-translation skipped:") and "HF_HUB_OFFLINE" in named.notices[0]
    with pytest.raises(ModelUnavailable, match="--require-model"):
        backtranslation_stage(BTOptions(require=True))(doc, refs, settings)


def test_config_table_is_validated(tmp_path):
    from audit.config import parse_settings
    from audit.errors import ConfigError

    s = parse_settings({"backtranslation": {"model": "./models/en-ru", "engine": "ct2", "min-roundtrip-chrf": 15}},
                       str(tmp_path / "tqa.toml"))
    assert s.backtranslation == {"model": str((tmp_path / "models" / "en-ru").resolve()), "engine": "ct2",
                                 "min-roundtrip-chrf": 15.0}
    for bad in ({"engine": "moses"}, {"beams": 0}, {"modle": "x"}, {"min-roundtrip-chrf": "low"}):
        with pytest.raises(ConfigError):
            parse_settings({"backtranslation": bad}, str(tmp_path / "tqa.toml"))


@pytest.mark.parametrize("text,bt", [
    ("The secretary said the talks were useful.", "Госсекретарь заявил, что переговоры были полезными."),
    ("The top US diplomat said the talks were useful.", "Госсекретарь США заявил, что переговоры были полезными."),
    ("Moscow declined to comment.", "Кремль отказался от комментариев."),
    ("Secretary Macron said so.", "Госсекретарь Эммануэль Макрон так сказал."),  # "Macron" is another entity
    ("He said so.", "Эммануэль Макрон так сказал."),
])
def test_bt001_stays_silent_when_nothing_in_the_segment_renders_the_entry(text, bt, refs):
    from audit.checks import BY_CODE
    from audit.pipeline import run_rules

    doc = build_document(text, refs, lang="en", source_lang="ru")
    doc = replace(doc, segments=tuple(replace(s, backtranslation=bt) for s in doc.segments))
    assert run_rules(doc, refs, (BY_CODE["BT001"],)) == []
