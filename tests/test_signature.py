"""The audit signature (audit/signature.py) names everything a result depends on: it differs
whenever the rule set, a severity, the source language, the back-translation model or engine,
or any data file differs, and is the same otherwise (a copy of references/ signs as the
original)."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from audit.stages.backtranslation import BTOptions, backtranslation_stage
from audit.config import Settings
from audit.document import build_document
from audit.model import Severity
from audit.pipeline import audit_document
from audit.references import bundled_root, load_references

TEXT = "Secretary of State Anthony Blinken met Sergei Lavrov in Geneva on 10 January. They spoke for 7 hours."


@pytest.fixture(autouse=True)
def bundled_data_afterwards(refs):
    yield
    refs.activate()  # other tests read the bundled names, transcription, quantities files


def sign(refs, settings=None, source_lang="ru", stages=()):
    doc = build_document(TEXT, refs, lang="en", source_lang=source_lang)
    return audit_document(doc, refs, settings or Settings(), stages=stages).signature


def fields(signature: str) -> dict:
    return dict(f.split(":", 1) for f in signature.split("|"))


class FakeMT:
    """A stand-in back-translation model: every segment comes back as one Russian sentence."""

    def __init__(self, model_id="test/en-ru", revision="r1", decoding="transformers|beams:1"):
        self.model_id, self.revision, self.decoding = model_id, revision, decoding

    def translate(self, texts):
        return ["Госсекретарь Энтони Блинкен встретился с Сергеем Лавровым." for _ in texts]


def bt_stage(mt):
    return backtranslation_stage(BTOptions(model="back"), make=lambda spec, **_: mt)


def test_same_audit_same_signature_and_a_copy_of_the_references_signs_as_the_original(refs, tmp_path):
    first = sign(refs)
    assert sign(refs) == first
    shutil.copytree(bundled_root(), tmp_path / "refs")
    assert sign(load_references(tmp_path / "refs")) == first
    f = fields(first)
    assert f["src"] == "ru" and f["sev"] == "none" and f["rules"].split("@")[0].isdigit()


DATA_FILES = ["languages.yaml", "glossary/people.yaml", "phrasings/boilerplate.yaml", "phrasings/calques.ru-en.yaml",
              "bilingual/names.yaml", "bilingual/transcription.yaml", "bilingual/quantities.yaml",
              "bilingual/ratios.yaml", "bilingual/abbreviations.yaml", "bilingual/lexicons.yaml", "models.yaml"]


@pytest.mark.parametrize("rel", DATA_FILES)
def test_any_data_file_changes_the_signature(refs, tmp_path, rel):
    base = sign(refs)
    root = tmp_path / "refs"
    shutil.copytree(bundled_root(), root)
    with open(root / rel, "a", encoding="utf-8") as fh:
        fh.write("\n# a local change\n")
    changed = sign(load_references(root))
    assert fields(changed)["refs"] != fields(base)["refs"]
    assert {k: v for k, v in fields(changed).items() if k != "refs"} == {k: v for k, v in fields(base).items() if k != "refs"}


def test_a_references_dir_holding_only_some_files_signs_with_the_bundled_rest(refs, tmp_path):
    """An override directory with one file of its own: that file is counted, the rest are the
    bundled ones (so the digest is the bundled one exactly when the file is a copy)."""
    root = tmp_path / "refs"
    (root / "bilingual").mkdir(parents=True)
    shutil.copy(bundled_root() / "bilingual" / "quantities.yaml", root / "bilingual" / "quantities.yaml")
    shutil.copy(bundled_root() / "languages.yaml", root / "languages.yaml")
    shutil.copytree(bundled_root() / "glossary", root / "glossary")
    shutil.copytree(bundled_root() / "phrasings", root / "phrasings")
    assert sign(load_references(root)) == sign(refs)
    (root / "bilingual" / "quantities.yaml").write_text("en:\n  words: {umpteen: 20}\n", encoding="utf-8")
    assert fields(sign(load_references(root)))["refs"] != fields(sign(refs))["refs"]


def test_the_rule_set_changes_the_signature(refs):
    base = fields(sign(refs))
    fewer = fields(sign(refs, Settings(ignore=("PHRASE",))))
    only = fields(sign(refs, Settings(select=("TERM",))))
    assert len({base["rules"], fewer["rules"], only["rules"]}) == 3
    assert int(only["rules"].split("@")[0]) < int(fewer["rules"].split("@")[0]) < int(base["rules"].split("@")[0])


def test_the_same_number_of_other_rules_changes_the_signature(refs):
    """rules:N alone could not tell TERM001 from NAME001: the hash of the codes does."""
    a, b = fields(sign(refs, Settings(select=("TERM001",)))), fields(sign(refs, Settings(select=("NAME001",))))
    assert a["rules"].split("@")[0] == b["rules"].split("@")[0] == "1"
    assert a["rules"] != b["rules"]


def test_a_severity_override_changes_the_signature_one_for_a_rule_not_run_does_not(refs):
    base = fields(sign(refs))
    minor = fields(sign(refs, Settings(severity={"TERM001": Severity.MINOR})))
    critical = fields(sign(refs, Settings(severity={"TERM001": Severity.CRITICAL})))
    assert minor["sev"] == "TERM001=minor" and critical["sev"] == "TERM001=critical"
    assert len({base["rules"], minor["rules"], critical["rules"]}) == 3
    not_run = Settings(select=("NAME",), severity={"TERM001": Severity.MINOR})
    assert sign(refs, not_run) == sign(refs, Settings(select=("NAME",)))


def test_the_source_language_changes_the_signature(refs):
    sigs = {sl: fields(sign(refs, source_lang=sl)) for sl in ("ru", "de", None)}
    assert [sigs[sl]["src"] for sl in ("ru", "de", None)] == ["ru", "de", "none"]


def test_the_model_and_the_engine_change_the_signature(refs):
    plain = fields(sign(refs))
    assert "bt" not in plain
    a = fields(sign(refs, stages=(bt_stage(FakeMT()),)))
    assert a["bt"] == "test/en-ru@r1" and a["dec"] == "transformers,beams:1"
    other_model = fields(sign(refs, stages=(bt_stage(FakeMT(model_id="test/other")),)))
    other_revision = fields(sign(refs, stages=(bt_stage(FakeMT(revision="r2")),)))
    other_engine = fields(sign(refs, stages=(bt_stage(FakeMT(decoding="ct2|int8|beams:1")),)))
    assert other_model["bt"] != a["bt"] and other_revision["bt"] != a["bt"] and other_engine["dec"] != a["dec"]
    assert sign(refs, stages=(bt_stage(FakeMT()),)) == sign(refs, stages=(bt_stage(FakeMT()),))


def test_scoring_settings_are_in_the_signature(refs):
    base = sign(refs)
    assert sign(refs, replace(Settings(), min_score=90.0)) != base
    assert sign(refs, replace(Settings(), fail_on=Severity.MAJOR)) != base
