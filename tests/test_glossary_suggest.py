"""`tqa glossary suggest`: proposes exactly the names a glossary lacks, with evidence, and no
sentence fragments; on the seed and on other articles."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.glossary import load_glossary
from audit.glossary.authoring.edit import GlossaryStore
from audit.glossary.authoring.suggest import suggest
from audit.references import load_references
from tests.conftest import FIXTURES, ROOT, SEED

BUNDLED = ROOT / "references" / "glossary"
BRIEFS = sorted((FIXTURES / "glossary").glob("brief-*.en.txt"))
runner = CliRunner()


def _without(tmp_path: Path, *ids: str) -> Path:
    d = tmp_path / "glossary"
    shutil.copytree(BUNDLED, d)
    GlossaryStore(d).apply(lambda s: [s.remove(i) for i in ids])
    return d


def _suggest(files, glossary: Path, translator=None):
    return suggest(list(files), load_references(glossary=[glossary]), translator=translator)


def _no_fragment(form: str) -> bool:
    joiners = {"of", "von", "der", "de"}
    return all(w[:1].isupper() or w in joiners or w in ("—", "-") for w in form.replace("-", " - ").split())


def test_full_glossary_proposes_nothing_for_the_seed():
    assert _suggest([SEED], BUNDLED) == []


def test_seed_with_people_removed_proposes_exactly_them(tmp_path):
    people = ("jens-stoltenberg", "sergei-ryabkov", "wendy-sherman", "alexander-lukashevich")
    found = _suggest([SEED], _without(tmp_path, *people))
    assert sorted(s.form for s in found) == ["Alexander Lukashevich", "Jens Stoltenberg", "Sergei Ryabkov", "Wendy Sherman"]
    by = {s.form: s for s in found}
    assert all(s.kind == "person" and s.near is None for s in found)
    assert by["Jens Stoltenberg"].count == 2 and by["Jens Stoltenberg"].id == "jens-stoltenberg"
    assert by["Jens Stoltenberg"].short == {"Stoltenberg": 2}  # "Blinken and Stoltenberg", "Earlier, Stoltenberg said"
    assert by["Sergei Ryabkov"].short == {"Ryabkov": 2}
    for s in found:
        assert s.files == {str(SEED): s.count}
        assert s.examples and all(s.form in ex for ex in s.examples)
    assert "Russian Deputy Foreign Minister Sergei Ryabkov said earlier" in by["Sergei Ryabkov"].examples[0]


@pytest.mark.parametrize(
    "removed, expected",
    [
        (("antony-blinken",), ["Anthony Blinken"]),  # the text's own spelling is what it proposes
        (("nato-russia-council",), ["Russia-NATO Council"]),
        (("nato",), ["North Atlantic Alliance"]),
        (("us-state-department",), ["State Department"]),
        (("united-states",), ["United States"]),
        (("rbc",), []),  # "Subscribe to Twitter RBC Get news ..." is boilerplate, not a name
    ],
)
def test_seed_with_other_entries_removed(tmp_path, removed, expected):
    found = _suggest([SEED], _without(tmp_path, *removed))
    forms = [s.form for s in found]
    assert all(_no_fragment(f) for f in forms), forms
    assert forms == expected
    if removed == ("nato-russia-council",):
        assert dict(found[0].spellings) == {"Russia-NATO Council": 1, "Russia — NATO Council": 1}
    if removed == ("us-state-department",):  # the MT debris in front is a spelling of it, not a name
        assert dict(found[0].spellings) == {"State Department": 4, "GUS State Department": 1}
    if removed == ("united-states",):
        assert found[0].kind == "place" and found[0].count == 7


def test_other_articles(tmp_path):
    found = _suggest(BRIEFS, BUNDLED)
    by = {s.form: s for s in found}
    assert set(by) == {"European Commission", "Josep Borrell", "Liz Truss", "Ursula von der Leyen", "Antony Blinkin",
                       "Bank of England", "British Foreign Secretary"}
    # one name spelled two ways across the files
    borrell = by["Josep Borrell"]
    assert dict(borrell.spellings) == {"Josep Borrell": 1, "Joseph Borrell": 1} and len(borrell.files) == 2
    assert borrell.short == {"Borrell": 2}
    # a near-duplicate of an entry is proposed for that entry, not as a new one
    assert (by["Antony Blinkin"].near, by["Antony Blinkin"].near_form) == ("antony-blinken", "Antony Blinken")
    assert by["Ursula von der Leyen"].kind == "person" and by["Bank of England"].kind == "organisation"
    # a misspelling glued to the word before it is one of the name's spellings, not a name of its own
    assert dict(by["Ursula von der Leyen"].spellings) == {"Ursula von der Leyen": 2, "Eurocommission Ursula von der Lyayen": 1}
    assert by["British Foreign Secretary"].kind == "title"
    # the Title Case headline, months, "Yesterday", "Last week" give nothing
    assert not any(w in f for f in by for w in ("Energy", "January", "Yesterday", "Last", "Ministers"))


def test_source_form_from_back_translation(tmp_path):
    class Fake:
        model_id, revision, decoding = "fake", "0", "test"

        def translate(self, texts):
            return [{"Jens Stoltenberg": "Йенс Столтенберг"}.get(t, "?") for t in texts]

    found = _suggest([SEED], _without(tmp_path, "jens-stoltenberg"), translator=Fake())
    (s,) = found
    assert (s.source_lang, s.source_form) == ("ru", "Йенс Столтенберг")
    assert s.entry()["forms"] == {"en": "Jens Stoltenberg", "ru": "Йенс Столтенберг"}


def test_cli_apply_writes_after_review(tmp_path):
    g = _without(tmp_path, "jens-stoltenberg", "wendy-sherman")
    r = runner.invoke(app, ["glossary", "suggest", str(SEED), "-g", str(g), "--apply"], input="n\n")
    assert r.exit_code == 0 and "nothing written" in r.output
    assert load_glossary(g).get("jens-stoltenberg") is None
    r = runner.invoke(app, ["glossary", "suggest", str(SEED), "-g", str(g), "--apply"], input="y\n")
    assert r.exit_code == 0, r.output
    assert "added jens-stoltenberg" in r.output and "added wendy-sherman" in r.output
    e = load_glossary(g).get("jens-stoltenberg")
    assert e.kind == "person" and e.forms == {"en": "Jens Stoltenberg"} and "Suggested by tqa" in e.note
    # nothing left to suggest
    r = runner.invoke(app, ["glossary", "suggest", str(SEED), "-g", str(g)])
    assert r.exit_code == 0 and "no suggestions" in r.output


def test_cli_apply_yes_and_near_duplicates(tmp_path):
    g = _without(tmp_path)
    # by default --apply writes new entries only: a near spelling may be another name
    r = runner.invoke(app, ["glossary", "suggest", *map(str, BRIEFS), "-g", str(g), "--apply", "--yes"])
    assert r.exit_code == 0, r.output
    assert "near-duplicate(s) not written" in r.output and "'Antony Blinkin' ~ antony-blinken" in r.output
    assert "Antony Blinkin" not in load_glossary(g).get("antony-blinken").wrong["en"]
    r = runner.invoke(app, ["glossary", "suggest", *map(str, BRIEFS), "-g", str(g), "--apply", "--yes", "--near-as", "wrong"])
    assert r.exit_code == 0, r.output
    g2 = load_glossary(g)
    assert "Antony Blinkin" in g2.get("antony-blinken").wrong["en"]
    assert g2.get("josep-borrell").forms == {"en": "Josep Borrell"} and "Joseph Borrell" in g2.get("josep-borrell").note


def test_cli_text_and_json(tmp_path):
    g = _without(tmp_path, "jens-stoltenberg")
    r = runner.invoke(app, ["glossary", "suggest", str(SEED), "-g", str(g)])
    assert r.exit_code == 0
    assert "Jens Stoltenberg  [new person jens-stoltenberg]  2× in 1 file(s)" in r.output
    assert "also alone: 'Stoltenberg' ×2" in r.output and "e.g. NATO Secretary General Jens Stoltenberg" in r.output
    r = runner.invoke(app, ["glossary", "suggest", str(SEED), "-g", str(g), "--format", "json"])
    data = json.loads(r.stdout)
    assert data[0]["form"] == "Jens Stoltenberg" and data[0]["count"] == 2 and data[0]["examples"]
    r = runner.invoke(app, ["glossary", "suggest", str(tmp_path / "missing.txt"), "-g", str(g)])
    assert r.exit_code == 2 and "no such file" in r.output


def test_cli_model_gives_the_source_form(tmp_path, tiny_marian, mt_cache):
    """A real (tiny, random-weight) Marian model loaded from a directory: the proposal gets a
    Russian form (meaningless words, but produced by the model) and the entry carries it."""
    g = _without(tmp_path, "wendy-sherman")
    r = runner.invoke(app, ["glossary", "suggest", str(SEED), "-g", str(g), "--model", str(tiny_marian), "--format", "json"])
    assert r.exit_code == 0, r.output
    (s,) = json.loads(r.stdout)
    assert s["form"] == "Wendy Sherman" and s["source_lang"] == "ru" and s["source_form"]
    r = runner.invoke(app, ["glossary", "suggest", str(SEED), "-g", str(g), "--model", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "does not exist" in r.output


def test_russian_article(tmp_path):
    f = tmp_path / "talks.ru.txt"
    f.write_text(
        "Переговоры в Женеве\n\nВ понедельник заместитель министра иностранных дел Сергей Рябков встретился с Венди "
        "Шерман. Глава МИД Сергей Лавров заявил, что Москва ждет ответа.\n\nМихаил Мишустин провел совещание. "
        "Позже Михаил Мишустин уехал в Казань.\n",
        encoding="utf-8",
    )
    found = _suggest([f], BUNDLED)
    assert [(s.form, s.id, s.count, s.kind) for s in found] == [("Михаил Мишустин", "mikhail-mishustin", 2, "person")]


def test_html_article_markup_is_not_read_as_names(tmp_path):
    f = tmp_path / "talks.en.html"
    f.write_text(
        '<html><head><title>Talks</title></head><body><h1>Talks</h1><p>On Monday, <b>Liz Truss</b> met '
        '<a href="https://example.org/Some/Path">Jens Stoltenberg</a> in Brussels.</p>'
        "<p>Liz Truss said the talks were useful.</p></body></html>\n",
        encoding="utf-8",
    )
    found = _suggest([f], BUNDLED)
    assert [(s.form, s.count) for s in found] == [("Liz Truss", 2)]
    assert found[0].examples[0] == "On Monday, Liz Truss met Jens Stoltenberg in Brussels."


# --- issue 16: digits in names, a known name before a person's, organisation near-misses,
# --- and --apply leaving near-duplicates out unless asked


def _energy_glossary(tmp_path: Path) -> Path:
    d = tmp_path / "energy"
    assert runner.invoke(app, ["glossary", "init", str(d)]).exit_code == 0
    for args in (["--kind", "organisation", "--form", "en=Naftogaz"], ["--kind", "place", "--form", "en=Russia"],
                 ["--kind", "place", "--form", "en=Kyiv"]):
        r = runner.invoke(app, ["glossary", "add", "-g", str(d), *args])
        assert r.exit_code == 0, r.output
    return d


ENERGY = (
    "Gazprom said the Power of Siberia 2 pipeline would be delayed, unlike Nord Stream 2.\n\n"
    "In 2022 Olaf Scholz halted Nord Stream 2.\n\n"
    "The head of Naftogaz Yuriy Vitrenko said the company would sue. Naftogaz Yuriy Vitrenko repeated it.\n\n"
    "Naftogas, the state company, denied the report. Russian officials and Gazprom's board said nothing.\n\n"
    "Yuriy Vitrenko spoke to reporters in Kyiv.\n"
)


def test_digits_known_names_and_organisation_near_misses(tmp_path):
    art = tmp_path / "energy.en.txt"
    art.write_text(ENERGY, encoding="utf-8")
    found = {s.form: s for s in _suggest([art], _energy_glossary(tmp_path))}
    assert "Power of Siberia 2" in found and "Nord Stream 2" in found and found["Nord Stream 2"].count == 2
    assert "Power of Siberia" not in found and "Nord Stream" not in found
    assert found["Olaf Scholz"].spellings == {"Olaf Scholz": 1}  # not "2022 Olaf Scholz"
    vitrenko = found["Yuriy Vitrenko"]
    assert vitrenko.count == 3 and set(vitrenko.spellings) == {"Yuriy Vitrenko"}
    assert not any(f.startswith("Naftogaz ") for f in found)
    naftogas = found["Naftogas"]
    assert (naftogas.near, naftogas.near_form, naftogas.kind) == ("naftogaz", "Naftogaz", "organisation")
    assert "Russian" not in found and "Gazprom" not in found  # an adjective and an unknown name: no near-miss


def test_cli_apply_writes_near_misses_only_when_asked(tmp_path):
    art = tmp_path / "energy.en.txt"
    art.write_text(ENERGY, encoding="utf-8")
    g = _energy_glossary(tmp_path)
    r = runner.invoke(app, ["glossary", "suggest", str(art), "-g", str(g)])
    assert "Naftogas  [near-duplicate of naftogaz ('Naftogaz')" in r.output
    r = runner.invoke(app, ["glossary", "suggest", str(art), "-g", str(g), "--apply", "--yes"])
    assert r.exit_code == 0, r.output
    assert "added yuriy-vitrenko" in r.output and "added power-of-siberia-2" in r.output
    assert "1 near-duplicate(s) not written" in r.output and "'Naftogas' ~ naftogaz" in r.output
    assert load_glossary(g).get("naftogaz").wrong == {}
    r = runner.invoke(app, ["glossary", "suggest", str(art), "-g", str(g), "--apply", "--yes", "--near-as", "wrong"])
    assert r.exit_code == 0, r.output
    assert load_glossary(g).get("naftogaz").wrong == {"en": ("Naftogas",)}
    r = runner.invoke(app, ["glossary", "suggest", str(art), "-g", str(g), "--apply", "--near-as", "maybe"])
    assert r.exit_code == 2 and "--near-as takes skip, wrong or variant" in r.output
