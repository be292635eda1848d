"""Property-based tests of the core audit: whatever the text, nothing escapes and every
finding points at the input. Run longer with HYPOTHESIS_PROFILE=long (see README)."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings, strategies as st

from audit.config import Settings
from audit.errors import InputError
from audit.document import build_document
from audit.pipeline import audit_document
from audit.reading import decode
from audit.report import FORMATS, renderer

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=int(os.environ.get("TQA_FUZZ_EXAMPLES", 5000)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

WORDS = ["Anthony Blinken", "Russia — NATO Council", "GUS", "State Department", "Leave a Reply", "the OSCE site",
         "Лавров", "Blinkеn", "NATO", "Secretary General", "Jens Stoltenbreg", "\u202e", "e\u0301", "\x00", "\r\n",
         "\n\n", ".", ",", " ", "Σωκράτης", "北约", "🙂", "\ud7ff", "ﬁ", "Ä", "(left)"]

texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=0, max_size=40)), min_size=1, max_size=60).map(" ".join)


@given(data=st.binary(max_size=2000))
def test_decode_never_crashes(data):
    try:
        out = decode(data)
    except InputError:
        return
    assert isinstance(out.text, str) and out.text


MARKUP = ["<p>", "</p>", "<b>", "<!-- tqa-ignore TERM001 -->", "&amp;", "&rsquo;", "&#1041;", "<script>x</script>",
          "**", "_", "# ", "[a](http://b)", "![i](j)", "```\n", "<!--", "&bogus;"]
markup_texts = st.lists(st.one_of(st.sampled_from(WORDS + MARKUP), st.text(max_size=20)), min_size=1, max_size=60).map("".join)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.one_of(texts, markup_texts), lang=st.sampled_from(["en", "ru", "de", "xx"]),
       fmt=st.sampled_from(["text", "html", "markdown"]))
def test_audit_invariants(refs, text, lang, fmt):
    if not any(c.isalpha() for c in text):
        return
    doc = build_document(text, refs, lang=lang, source_lang="ru", fmt=fmt)
    result = audit_document(doc, refs, Settings())
    for f in result.findings:
        assert 0 <= f.span.start <= f.span.end <= len(text)
        assert text[f.span.start : f.span.end] == f.text
    for s in doc.segments:
        assert doc.analysed[s.span.start : s.span.end] == s.text
    assert len(doc.analysed) == len(text)
    assert 0.0 <= result.score.quality <= 100.0
    data = json.loads(renderer("json")(result))
    assert data["schema"] == 1
    for fmt in FORMATS:
        out = renderer(fmt)(result)
        assert isinstance(out, str)

