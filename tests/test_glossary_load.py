"""A malformed glossary is named precisely: file, line, entry."""

from __future__ import annotations

import pytest

from audit.errors import DataError
from audit.glossary import load_glossary

GOOD = """\
- id: some-body
  kind: organisation
  forms: {en: Some Body, ru: Некий орган}
"""


@pytest.mark.parametrize(
    "text,line,fragment",
    [
        (GOOD + "- id: some-body\n  kind: place\n  forms: {en: X}\n", 4, "duplicate id"),
        (GOOD + "- id: other\n  kind: thing\n  forms: {en: X}\n", 5, "kind 'thing'"),
        (GOOD + "- id: other\n  kind: term\n  forms: {en: X}\n  colour: red\n", 7, "unknown field"),
        (GOOD + "- id: other\n  kind: term\n  forms: {en: X}\n  wrong: {en: [X]}\n", 7, "both as wrong and as acceptable"),
        (GOOD + "- id: other\n  kind: term\n  forms: [X]\n", 6, "'forms' must map"),
        (GOOD + "- id: p\n  kind: person\n  forms: {en: P}\n  roles: [{title: nope}]\n", 4, "not the id of a title"),
        (GOOD + "- id: other\n  kind: term\n  forms: {en: X\n", 7, "invalid YAML"),
    ],
)
def test_errors_name_file_line_entry(tmp_path, text, line, fragment):
    f = tmp_path / "g.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_glossary(f)
    msg = str(err.value)
    assert msg.startswith(f"{f}:{line}"), msg
    assert fragment in msg


def test_good_glossary_and_dates(tmp_path):
    f = tmp_path / "g.yaml"
    f.write_text(
        GOOD
        + "- id: t\n  kind: title\n  forms: {en: Chief}\n"
        + "- id: p\n  kind: person\n  forms: {en: Pat Doe}\n  roles: [{title: t, from: 2020-01-05, to: 2021}]\n",
        encoding="utf-8",
    )
    g = load_glossary(f)
    person = g.get("p")
    assert person.roles[0].start == "2020-01-05" and person.roles[0].end == "2021"  # kept as written: covers 2021
    assert person.roles_on("2021-06-01") and not person.roles_on("2022-01-01") and person.fuzzy


def test_bundled_glossary_loads(refs):
    assert len(refs.glossary) > 40
    for e in refs.glossary:
        assert "en" in e.forms, e.id
