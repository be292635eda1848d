"""A capitalised word right before a glossary name: the first name of a person, a name of its
own before an organisation (audit/source_names.py). MLQE-PE ru-en test 6873-drop: «передачи
Исаакия РПЦ» with Исаакия (St Isaac's Cathedral) dropped went unreported, taken for the first
name of the Russian Orthodox Church."""

from audit.references import load_references
from audit.source_names import source_names

REFS = load_references(None, None)


def _names(text: str) -> list[str]:
    return [" ".join(w.text for w in n.words) for n in source_names(text, "ru", REFS, "en")]


def test_a_capitalised_word_before_an_organisation_is_a_name_of_its_own():
    assert "Исаакия" in _names("Депутаты выступили против передачи Исаакия РПЦ.")


def test_a_capitalised_word_before_a_glossary_person_is_the_first_name():
    names = _names("Вчера Сергей Лавров прибыл в Женеву.")
    assert "Сергей" not in names


def test_dropping_a_name_before_an_organisation_is_reported(tmp_path):
    from audit.config import Settings
    from audit.entry import audit

    (tmp_path / "a.ru.txt").write_text("Депутатов, выступивших против передачи Исаакия РПЦ, предложили лишить мандатов.\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("Deputies who opposed the transfer of to the ROC were proposed to be stripped of their mandates.\n", encoding="utf-8")
    r = audit(tmp_path / "a.en.txt", REFS, Settings(select=("XNAME001",)), source=tmp_path / "a.ru.txt", lang="en", source_lang="ru")
    assert any("Исаакия" in f.message for f in r.findings)
