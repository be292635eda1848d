"""The seed article, audited with the bundled references: what the issue promises to find,
and what it must not flag. The checks themselves are generic; this is one real input."""

from __future__ import annotations

import json

from audit.report import renderer


def _json(result):
    return json.loads(renderer("json")(result))


def _by_text(data, text):
    return [f for f in data["findings"] if f["text"] == text]


def test_json_contract(seed_result):
    data = _json(seed_result)
    assert data["schema"] == 1
    text = seed_result.document.text
    for f in data["findings"]:
        assert text[f["span"]["start"] : f["span"]["end"]] == f["text"]
        assert {"rule", "category", "severity", "message", "span", "text", "suggestion"} <= set(f)
    assert 0 <= data["score"] <= 100 and isinstance(data["passed"], bool) and data["words"] > 400
    assert data["tool"]["signature"].startswith("tqa:")


def test_wrong_name_both_mentions(seed_result):
    hits = _by_text(_json(seed_result), "Anthony Blinken")
    assert len(hits) == 2
    assert all(h["rule"] == "TERM001" and h["suggestion"] == "Antony Blinken" for h in hits)


def test_garbled_prefix(seed_result):
    hits = [f for f in _json(seed_result)["findings"] if f["text"].startswith("GUS")]
    assert hits and hits[0]["rule"] == "NAME002" and hits[0]["suggestion"] == "State Department"


def test_council_named_the_wrong_way(seed_result):
    data = _json(seed_result)
    for text in ("Russia — NATO Council", "Russia-NATO Council"):
        hits = _by_text(data, text)
        assert hits and hits[0]["suggestion"] == "NATO-Russia Council", text


def test_titles(seed_result):
    data = _json(seed_result)
    assert _by_text(data, "Alliance Secretary General")[0]["suggestion"] == "NATO Secretary General"
    title = [f for f in data["findings"] if f["rule"] == "TITLE001"]
    assert len(title) == 1 and title[0]["text"].startswith("The representative of Russia to the organization")
    assert "Permanent Representative" in title[0]["suggestion"]


def test_boilerplate_blocks(seed_result):
    boil = [f["text"] for f in _json(seed_result)["findings"] if f["rule"] == "BOIL001"]
    assert any("Subscribe to Twitter RBC" in b for b in boil)
    assert any("Leave a Reply" in b for b in boil)
    assert any("Your email address will not be published" in b for b in boil)


def test_repeated_headline(seed_result):
    dup = [f for f in _json(seed_result)["findings"] if f["rule"] == "DUP001"]
    assert len(dup) == 1 and dup[0]["text"].startswith("The State Department announced the readiness")
    assert dup[0]["span"]["start"] > 100  # the second occurrence, not the headline


def test_no_findings_on_correct_names(seed_result):
    text = seed_result.document.text
    for name in ("Jens Stoltenberg", "Sergei Ryabkov", "Wendy Sherman"):
        start = text.index(name)
        for f in seed_result.findings:
            inside = f.span.start <= start < f.span.end or start <= f.span.start < start + len(name)
            assert not (inside and f.rule.startswith(("TERM", "NAME"))), (name, f)


def test_calque(seed_result):
    hits = _by_text(_json(seed_result), "the OSCE site")
    assert hits and hits[0]["suggestion"] == "the OSCE venue"


def test_seed_fails_the_default_gate(seed_result):
    assert not seed_result.passed and seed_result.score.quality < 95


def test_segments_and_kinds(seed_result):
    doc = seed_result.document
    assert doc.segments[0].kind == "headline"
    assert any(s.kind == "caption" and "(left)" in s.text for s in doc.segments)
    assert all(doc.text[s.span.start : s.span.end] == s.text for s in doc.segments)
    assert {s.lang for s in doc.segments} <= {"en", None}
