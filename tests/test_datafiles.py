"""`--references DIR` overrides every data file, the ones read without a References too
(audit/datafiles.py: names.yaml, transcription.yaml, quantities.yaml, languages.yaml for
translit, quantities and source_names.cased); a malformed one is a one-line error, exit 2."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from audit import datafiles
from audit.cli import app
from audit.quantities import extract
from audit.references import bundled_root, load_references
from audit.source_names import cased
from audit.translit import fold, phonetic, romanise

runner = CliRunner()


@pytest.fixture(autouse=True)
def bundled_data_afterwards(refs):
    yield
    refs.activate()


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "refs"
    shutil.copytree(bundled_root(), root)
    return root


def append(path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def test_names_yaml_of_the_references_is_the_one_read(refs, copy):
    text = (copy / "bilingual" / "names.yaml").read_text(encoding="utf-8")
    (copy / "bilingual" / "names.yaml").write_text(text.replace("letter_folds: {", "letter_folds: {й: и, ", 1), encoding="utf-8")
    assert fold("Йемен") == "йемен"
    load_references(copy)
    assert datafiles.path(datafiles.NAMES) == copy / "bilingual" / "names.yaml"
    assert fold("Йемен") == "иемен"
    refs.activate()
    assert fold("Йемен") == "йемен"  # and back: the caches went with the files


def test_transcription_yaml_of_the_references_is_the_one_read(refs, copy):
    append(copy / "bilingual" / "transcription.yaml", "xx:\n  - [ж, [zz]]\n")
    key = phonetic("zzuk")
    assert key not in dict(romanise("жук", "xx"))
    load_references(copy)
    assert key in dict(romanise("жук", "xx"))


def test_quantities_and_languages_yaml_of_the_references_are_the_ones_read(refs, copy):
    append(copy / "bilingual" / "quantities.yaml", "xx:\n  scales: {zillion: 1000000}\n")
    append(copy / "languages.yaml", "xx:\n  name: Test\n  scripts: [LATIN]\n  cased: false\n")
    assert cased("xx") and {q.kind for q in extract("3 zillion", "xx")} == {"number"}
    load_references(copy)
    assert not cased("xx")
    assert any(3000000.0 in q.values for q in extract("3 zillion", "xx"))


def test_every_data_file_is_counted_in_the_digest(refs):
    names = {refs._relative(f) for f in refs.files}
    for rel in ("languages.yaml", "bilingual/names.yaml", "bilingual/transcription.yaml", "bilingual/quantities.yaml",
                "bilingual/ratios.yaml", "bilingual/abbreviations.yaml", "bilingual/lexicons.yaml", "models.yaml",
                "phrasings/boilerplate.yaml", "glossary/people.yaml"):
        assert rel in names


@pytest.mark.parametrize("rel, content, says", [
    ("bilingual/quantities.yaml", "- a list\n", "expected a mapping"),
    ("bilingual/names.yaml", "[oops\n", "invalid YAML"),
])
def test_a_malformed_data_file_is_one_line_exit_2(copy, tmp_path, rel, content, says):
    (copy / rel).write_text(content, encoding="utf-8")
    src, tgt = tmp_path / "a.ru.txt", tmp_path / "a.en.txt"
    src.write_text("Вчера в Москве прошли 3 встречи.\n", encoding="utf-8")
    tgt.write_text("Yesterday 3 meetings were held in Moscow.\n", encoding="utf-8")
    res = runner.invoke(app, ["audit", str(tgt), "--source", str(src), "--references", str(copy)])
    assert res.exit_code == 2, res.output
    assert says in res.output and rel.split("/")[-1] in res.output and "Traceback" not in res.output


def test_name_caches_follow_the_references_in_force(refs, copy):
    """The word aligner's function words and the word classes, derived from names.yaml and
    cached per language, are those of the references in force: one process that audits with two
    references directories does not keep the first one's (issue 13)."""
    from audit.wordalign import function_words
    from audit.wordclass import PROPER, classify

    text = (copy / "bilingual" / "names.yaml").read_text(encoding="utf-8")
    text = text.replace("  en: [a, an, the, of,", "  en: [zebra, a, an, the, of,", 1)
    text = text.replace("  ru: {analyser: pymorphy3,", "  ru: {analyser: none,", 1)  # no morphology: word lists only
    (copy / "bilingual" / "names.yaml").write_text(text, encoding="utf-8")
    before = classify("Рязанской", "ru")
    assert "zebra" not in function_words("en")
    load_references(copy)
    assert "zebra" in function_words("en") and classify("Рязанской", "ru") != PROPER
    refs.activate()
    assert "zebra" not in function_words("en") and classify("Рязанской", "ru") == before
