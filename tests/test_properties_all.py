"""Property-based tests of every input path, every check and every renderer (issue 8).

Random bytes through reading; random Unicode (control characters, RTL and combining marks,
mixed scripts, long lines, no line breaks, empty segments, markup, suppression markers)
through segmenting, language detection, the monolingual, bilingual, reference and
back-translation checks, then every renderer. Invariants: no exception escapes but tqa's own
one-line errors; every finding's `text` is the input at its span; spans stay inside the
input; JSON keeps schema 1; SARIF validates; JUnit parses; the HTML report never carries a
`<script` from the input; the score stays in 0-100.

Profiles (tests/test_properties.py registers them): `ci` (default, small) and `long`
(HYPOTHESIS_PROFILE=long). `python -m tests.fuzz` runs these for longer (docs/hardening.md).
"""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import tests.test_properties  # noqa: F401  (registers and loads the ci/long profiles)
from audit.checks import RULES
from audit.config import Settings
from audit.errors import TqaError
from audit.model import Metric
from audit.document import build_document
from audit.pipeline import audit_document
from audit.stages import StageOutput
from audit.reading import decode, read_path
from audit.report import FORMATS, renderer
from tests.conftest import FIXTURES

FIXTURE_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# The bilingual pairing is the slowest path (~0.5 s a case): fewer cases in the ci profile.
SLOW = settings(max_examples=max(15, settings().max_examples // 4),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

WORDS = ["NATO", "State Department", "Secretary General", "Russia", "Лавров", "Москва", "北约", "Σωκράτης",
         "Ä", "e\u0301", "\u0301", "\u202e", "\u200f", "\u200b", "שלום", "مرحبا", "١٢٣", "12,5", "3.000", "$5",
         "🙂", "ﬁ", "\x00", "\x07", "\x1b[31m", "\r\n", "\r", "\n\n", "\n\n\n", "\t", ".", "?", "!", "…", "—",
         " ", "\u00a0", "\u3000", "(left)", "“", "»", "Mr.", "U.S.", "a" * 300, "word " * 50]
MARKUP = ["<p>", "</p>", "<b>", "<div><div><div>", "&amp;", "&rsquo;", "&#1041;", "&#x10FFFF;", "&bogus;",
          "<script>alert(1)</script>", "<SCRIPT src=x>", "<img src=x onerror=alert(1)>", "<!--", "-->",
          "<!-- tqa-ignore -->", "<!-- tqa-ignore TERM001 -->", "<!-- tqa-ignore-start NAME -->",
          "<!-- tqa-ignore-end -->", "<!-- tqa-ignore-file BOIL001 -->", "<!-- tqa-ignore LANG001 reason -->",
          "**", "_", "# ", "> ", "- ", "[a](http://b)", "![i](j)", "```\n", "    code", "|a|b|\n|-|-|"]

chunk = st.one_of(st.sampled_from(WORDS + MARKUP), st.text(max_size=30))
texts = st.lists(chunk, min_size=1, max_size=50).map(lambda parts: "".join(p + (" " if i % 3 else "") for i, p in enumerate(parts)))
long_line = st.builds(lambda w, n: (w + " ") * n, st.sampled_from(["NATO", "слово", "北约", "x"]), st.integers(500, 5000))
any_text = st.one_of(texts, long_line)
langs = st.sampled_from(["en", "ru", "de", "fr", "ar", "zh", "xx"])


@lru_cache(maxsize=1)
def _sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def check_result(result, given_text: str | None = None) -> None:
    """The invariants every audit result keeps, whatever the input."""
    doc = result.document
    text = doc.text
    if given_text is not None:
        assert text == given_text
    for f in result.findings:
        assert 0 <= f.span.start <= f.span.end <= len(text), f
        assert text[f.span.start : f.span.end] == f.text, f
    for s in doc.segments:
        assert 0 <= s.span.start <= s.span.end <= len(text)
        assert doc.analysed[s.span.start : s.span.end] == s.text
    assert len(doc.analysed) == len(text)
    assert 0.0 <= result.score.quality <= 100.0
    data = json.loads(renderer("json")(result))
    assert data["schema"] == 1
    errors = list(_sarif_validator().iter_errors(json.loads(renderer("sarif")(result))))
    assert not errors, errors[0].message
    ET.fromstring(renderer("junit")(result))
    assert renderer("html")(result).lower().count("<script") == 1  # the report's own filter script only
    for fmt in FORMATS:
        assert isinstance(renderer(fmt)(result), str)


# -- reading --------------------------------------------------------------------------------

BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
ENCODINGS = ["utf-8", "utf-16-le", "utf-16-be", "utf-32", "cp1251", "koi8-r", "latin-1", "shift_jis"]
LONE_SURROGATES = [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\x00\xd8", b"\xd8\x00"]  # UTF-8 / UTF-16 encoded lone surrogates


def _encode(text: str, enc: str) -> bytes:
    return text.encode(enc, errors="replace")


raw = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda b, t, e, junk: b + _encode(t, e) + junk, st.sampled_from(BOMS), any_text,
              st.sampled_from(ENCODINGS), st.lists(st.sampled_from(LONE_SURROGATES), max_size=2).map(b"".join)),
)


@given(data=raw)
def test_read_path_any_bytes(data):
    """A file of any bytes: text, or one of tqa's one-line errors."""
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "in.txt"
        p.write_bytes(data)
        try:
            out = read_path(p)
        except TqaError as exc:
            assert "\n" not in str(exc)
            return
    assert out.text and any(c.isalpha() for c in out.text)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in out.text)  # no lone surrogate gets through
    assert decode(data).text == out.text


# -- segmenting and language detection -----------------------------------------------------

@FIXTURE_OK
@given(text=any_text, lang=langs)
def test_segment_spans(refs, text, lang):
    from audit.segment import segment

    paras, segs = segment(text, refs.languages.get(lang))
    for p in paras:
        assert 0 <= p.span.start <= p.span.end <= len(text)
    last = -1
    for s in segs:
        assert 0 <= s.span.start < s.span.end <= len(text)
        assert text[s.span.start : s.span.end] == s.text
        assert s.text.strip()  # no empty segments
        assert s.span.start >= last  # in order, not overlapping
        last = s.span.end


@FIXTURE_OK
@given(text=any_text, lang=langs)
def test_language_guess(refs, text, lang):
    from audit import langid

    g = langid.guess(text, lang, refs.languages)
    assert g.lang is None or isinstance(g.lang, str)


# -- every check: monolingual, with a back-translation, with a reference -------------------

@FIXTURE_OK
@given(text=any_text, lang=langs, fmt=st.sampled_from(["text", "html", "markdown"]))
def test_every_monolingual_check(refs, text, lang, fmt):
    if not any(c.isalpha() for c in text):
        return
    doc = build_document(text, refs, lang=lang, source_lang="ru", fmt=fmt)
    check_result(audit_document(doc, refs, Settings(), rules=RULES), text)


def _bt_stage(backs, chrfs):
    def stage(doc, references, settings, earlier):
        segs = tuple(replace(s, backtranslation=backs[i % len(backs)] or None) for i, s in enumerate(doc.segments))
        scores = [chrfs[i % len(chrfs)] for i in range(len(segs))]
        return StageOutput(document=replace(doc, segments=segs),
                           metrics=(Metric("roundtrip chrF", sum(scores) / max(1, len(scores)), "fake", tuple(scores)),),
                           data={"backtranslation": {"roundtrip_chrf": scores, "min_roundtrip_chrf": 20}})

    return stage


@FIXTURE_OK
@given(text=texts, backs=st.lists(any_text | st.just(""), min_size=1, max_size=4),
       chrfs=st.lists(st.floats(0, 100), min_size=1, max_size=4))
def test_backtranslation_checks(refs, text, backs, chrfs):
    if not any(c.isalpha() for c in text):
        return
    doc = build_document(text, refs, lang="en", source_lang="ru")
    check_result(audit_document(doc, refs, Settings(), rules=RULES, stages=(_bt_stage(backs, chrfs),)), text)


@FIXTURE_OK
@given(text=texts, ref_text=any_text, ref_lang=st.sampled_from(["en", "ru"]))
def test_reference_checks(refs, text, ref_text, ref_lang):
    from audit.stages.reference import reference_stage

    if not any(c.isalpha() for c in text):
        return
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"ref.{ref_lang}.txt"
        p.write_text(ref_text, encoding="utf-8")
        doc = build_document(text, refs, lang="en", source_lang="ru")
        try:
            result = audit_document(doc, refs, Settings(), rules=RULES, stages=(reference_stage([p], bundled=False),))
        except TqaError as exc:  # empty, no letters, the wrong language: one line
            assert "\n" not in str(exc)
            return
    check_result(result, text)


@SLOW
@given(source=any_text, target=any_text, reference=st.none() | any_text,
       pair=st.sampled_from([("en", "ru"), ("ru", "en"), ("en", "de"), ("de", "fr"), ("zh", "en"), ("en", "ar")]))
def test_bilingual_checks(refs, source, target, reference, pair):
    from audit.entry import audit_pair

    lang, source_lang = pair
    try:
        result = audit_pair(source, target, refs, Settings(), lang, source_lang, reference=reference, rules=RULES)
    except TqaError as exc:
        assert "\n" not in str(exc)
        return
    check_result(result)
