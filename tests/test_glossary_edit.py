"""Glossary edits: only the edited entry's lines change, the lock loses no concurrent edit, a
killed edit leaves a whole file, and bad edits are refused with file, line and entry id."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.errors import DataError, TqaError
from audit.glossary import load_glossary
from audit.glossary.authoring.edit import GlossaryStore
from audit.glossary.authoring.serialize import entry_to_data, render_entry, scalar
from audit import yamlio
from tests.conftest import ROOT

BUNDLED = ROOT / "references" / "glossary"
runner = CliRunner()


@pytest.fixture
def gdir(tmp_path) -> Path:
    d = tmp_path / "glossary"
    shutil.copytree(BUNDLED, d)
    return d


def tqa(*args: str):
    return runner.invoke(app, list(args))


def test_add_keeps_every_other_line(gdir):
    before = (gdir / "people.yaml").read_text(encoding="utf-8")
    r = tqa("glossary", "add", "-g", str(gdir), "--kind", "person", "--form", "en=Liz Truss", "--form", "ru=Лиз Трасс",
            "--variant", "en=Truss", "--wrong", "en=Liz Trass", "--source", "UK Government, biography")
    assert r.exit_code == 0, r.output
    assert "added liz-truss" in r.output
    after = (gdir / "people.yaml").read_text(encoding="utf-8")
    block = (
        "- id: liz-truss\n  kind: person\n  forms: {en: Liz Truss, ru: Лиз Трасс}\n  variants: {en: [Truss]}\n"
        "  wrong: {en: [Liz Trass]}\n  source: UK Government, biography\n\n"
    )
    assert block in after and after.replace(block, "", 1) == before  # nothing else moved or changed
    # kept in id order because the file was sorted, with its header comment intact
    ids = [e.id for e in load_glossary(gdir) if e.file.endswith("people.yaml")]
    assert ids == sorted(ids) and "liz-truss" in ids
    assert after.startswith("# People. One entry per person.")
    e = load_glossary(gdir).get("liz-truss")
    assert e.forms == {"en": "Liz Truss", "ru": "Лиз Трасс"} and e.wrong == {"en": ("Liz Trass",)}
    assert e.source == "UK Government, biography" and e.fuzzy is True


def test_edit_rewrites_only_that_entry(gdir):
    before = (gdir / "places.yaml").read_text(encoding="utf-8").splitlines()
    r = tqa("glossary", "edit", "kyiv", "-g", str(gdir), "--add-wrong", "en=Kieff", "--note", "AP style since 2019.",
            "--form", "de=Kyjiw")
    assert r.exit_code == 0, r.output
    after = (gdir / "places.yaml").read_text(encoding="utf-8").splitlines()
    changed = [ln for ln in after if ln not in before]
    assert changed == ["  forms: {en: Kyiv, ru: Киев, uk: Київ, de: Kyjiw}", "  wrong: {en: [Kiev, Kiyev, Kieff]}",
                       "  note: AP style since 2019."]
    assert len(after) == len(before)
    e = load_glossary(gdir).get("kyiv")
    assert e.wrong["en"] == ("Kiev", "Kiyev", "Kieff") and e.note == "AP style since 2019."
    # remove what was added: the entry reads as before
    r = tqa("glossary", "edit", "kyiv", "-g", str(gdir), "--remove-wrong", "en=Kieff", "--drop-lang", "de")
    assert r.exit_code == 0, r.output
    assert load_glossary(gdir).get("kyiv").wrong["en"] == ("Kiev", "Kiyev")


def test_edit_keeps_the_lines_of_unchanged_fields(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text(
        "# header\n\n- id: charlie\n  kind: term   # the kind\n  forms: {en: charlie}   # trailing\n"
        "  variants:\n    en: [c1, c2,\n         c3]   # wrapped by hand\n  note: old note\n- id: delta\n  kind: term\n"
        "  forms: {en: delta}",  # no newline at the end of the file
        encoding="utf-8",
    )
    r = tqa("glossary", "edit", "charlie", "-g", str(f), "--note", "new note", "--add-wrong", "en=chralie", "--source", "me")
    assert r.exit_code == 0, r.output
    assert f.read_text(encoding="utf-8") == (
        "# header\n\n- id: charlie\n  kind: term   # the kind\n  forms: {en: charlie}   # trailing\n"
        "  variants:\n    en: [c1, c2,\n         c3]   # wrapped by hand\n  wrong: {en: [chralie]}\n  source: me\n"
        "  note: new note\n- id: delta\n  kind: term\n  forms: {en: delta}"
    )
    r = tqa("glossary", "edit", "delta", "-g", str(f), "--note", "x")
    assert r.exit_code == 0, r.output
    assert f.read_text(encoding="utf-8").endswith("- id: delta\n  kind: term\n  forms: {en: delta}\n  note: x\n")
    assert load_glossary(f).get("charlie").variants == {"en": ("c1", "c2", "c3")}


def test_remove_and_refusals(gdir):
    r = tqa("glossary", "remove", "moscow", "-g", str(gdir))
    assert r.exit_code == 0 and "removed moscow" in r.output
    assert load_glossary(gdir).get("moscow") is None
    text = (gdir / "places.yaml").read_text(encoding="utf-8")
    assert "\n\n\n" not in text and "- id: kyiv" in text and "- id: russia" in text
    # a title that people's roles name cannot go
    r = tqa("glossary", "remove", "secretary-of-state", "-g", str(gdir))
    assert r.exit_code == 2 and "antony-blinken" in r.output and "Traceback" not in r.output
    # an id that exists cannot be added again
    r = tqa("glossary", "add", "-g", str(gdir), "--kind", "place", "--form", "en=Kyiv", "--id", "kyiv")
    assert r.exit_code == 2 and "kyiv" in r.output
    # a wrong rendering that the same entry accepts is refused, naming file, line and entry
    r = tqa("glossary", "edit", "kyiv", "-g", str(gdir), "--add-wrong", "en=Kyiv")
    assert r.exit_code == 2
    assert "places.yaml:" in r.output and "'kyiv'" in r.output and "both as wrong and as acceptable" in r.output
    r = tqa("glossary", "edit", "nobody", "-g", str(gdir), "--note", "x")
    assert r.exit_code == 2 and "no entry 'nobody'" in r.output
    r = tqa("glossary", "add", "-g", str(gdir), "--kind", "planet", "--form", "en=Mars")
    assert r.exit_code == 2 and "kind" in r.output
    r = tqa("glossary", "add", "-g", str(gdir), "--kind", "place", "--form", "Mars")
    assert r.exit_code == 2 and "LANG=TEXT" in r.output
    r = tqa("glossary", "add", "-g", str(gdir), "--kind", "person", "--form", "en=Jo Doe", "--role", "no-such-title@2020..")
    assert r.exit_code == 2 and "no-such-title" in r.output
    assert load_glossary(gdir).get("jo-doe") is None  # refused before anything was written


def test_validation_error_names_file_line_and_entry(gdir):
    (gdir / "terms.yaml").write_text("- id: ok-term\n  kind: term\n  forms: {en: fine}\n\n- id: bad\n  kind: term\n  forms: {}\n",
                                     encoding="utf-8")
    r = tqa("glossary", "add", "-g", str(gdir), "--kind", "term", "--form", "en=new term")
    assert r.exit_code == 2
    assert "terms.yaml:7 (entry 'bad')" in r.output


def test_files_in_other_styles_are_edited_too(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("# my own list\nentries:\n  - {id: alpha, kind: term, forms: {en: alpha}}\n", encoding="utf-8")
    store = GlossaryStore(f)
    store.add({"id": "beta", "kind": "term", "forms": {"en": "beta"}})
    store.update("alpha", lambda d: {**d, "note": "first"})
    g = load_glossary(f)
    assert [e.id for e in g] == ["alpha", "beta"] and g.get("alpha").note == "first"
    assert f.read_text(encoding="utf-8").startswith("# my own list")
    # an empty file and a new file in a directory
    d = tmp_path / "g"
    d.mkdir()
    GlossaryStore(d).add({"id": "x", "kind": "place", "forms": {"en": "X"}})
    assert (d / "places.yaml").exists() and load_glossary(d).get("x").forms == {"en": "X"}


@pytest.mark.parametrize("text", ["Washington, D.C.", "yes", "1.5", "a: b", "x #y", "«кавычки» and 'quotes'", '"q"',
                                  "[list]", "-dash", "@at", "null", "2015", "O'Brien", "trailing:"])
def test_rendered_scalars_read_back(text):
    data = {"id": "t", "kind": "term", "forms": {"en": text}, "variants": {"en": [text + " v"]}, "note": text}
    back = yamlio.loads(render_entry(data))[0]
    assert back["forms"]["en"] == text and back["variants"]["en"] == [text + " v"] and str(back["note"]) == text
    assert scalar(text)


def test_every_bundled_entry_renders_back_the_same():
    g = load_glossary(BUNDLED)
    text = "".join(render_entry(entry_to_data(e)) for e in g)
    from audit.glossary import parse_entries

    again = parse_entries(yamlio.loads(text), "x.yaml")
    assert [entry_to_data(e) for e in again] == [entry_to_data(e) for e in g]


_ADD = [sys.executable, "-m", "audit", "glossary", "add"]


def test_ten_processes_adding_at_once_lose_nothing(gdir):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(_ADD + ["-g", str(gdir), "--kind", "person", "--form", f"en=Person Number{i}", "--id", f"person-{i:02d}"],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for i in range(10)
    ]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    g = load_glossary(gdir)
    assert {f"person-{i:02d}" for i in range(10)} <= {e.id for e in g}
    assert len(g) == 59 + 10


_LOOP = textwrap.dedent(
    """
    import sys
    from audit.glossary.authoring.edit import GlossaryStore
    store = GlossaryStore(sys.argv[1])
    for i in range(100000):
        store.add({"id": f"loop-{i:05d}", "kind": "person", "forms": {"en": f"Loop Person{i}"}})
        print(i, flush=True)
    """
)


@pytest.mark.parametrize("delay", [0.3, 0.9])
def test_killing_an_edit_midway_leaves_a_valid_glossary(gdir, delay):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-c", _LOOP, str(gdir)], cwd=ROOT, env=env, stdout=subprocess.PIPE)
    first = p.stdout.readline()  # at least one add has finished
    assert first.strip() == b"0"
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=10)
    done = len(p.stdout.read().splitlines()) + 1
    g = load_glossary(gdir)  # parses: every file is whole
    loops = sorted(e.id for e in g if e.id.startswith("loop-"))
    assert len(loops) in (done, done + 1)  # every finished add is there; at most the one in flight too
    assert loops == [f"loop-{i:05d}" for i in range(len(loops))]
    # the next edit works (the lock died with the process) and the leftover temp file is ignored
    GlossaryStore(gdir, lock_timeout=5).add({"id": "after-kill", "kind": "term", "forms": {"en": "after"}})
    assert load_glossary(gdir).get("after-kill") is not None


def test_lock_timeout_is_one_clear_error(gdir):
    from filelock import FileLock

    store = GlossaryStore(gdir, lock_timeout=0.2)
    with FileLock(str(store.lock_path)):
        with pytest.raises(TqaError, match="another glossary edit"):
            store.add({"id": "x", "kind": "term", "forms": {"en": "x"}})


def test_missing_glossary_is_an_error(tmp_path):
    r = tqa("glossary", "list", "-g", str(tmp_path / "nowhere"))
    assert r.exit_code == 2 and "not found" in r.output
    with pytest.raises(DataError):
        GlossaryStore(tmp_path / "nowhere").load()


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

_text = st.text(alphabet=st.sampled_from(list("aZ ,:#-'\"[]{}!&*?|>%@`«»Жё0.12")), min_size=1, max_size=12).map(str.strip).filter(
    lambda t: t and any(c.isalpha() for c in t)
)


@hsettings(max_examples=150, deadline=None)
@given(form=_text, variant=_text, note=_text)
def test_any_text_renders_and_reads_back(form, variant, note):
    from audit.glossary import parse_entries

    data = {"id": "t", "kind": "term", "forms": {"en": form}, "variants": {"ru": [variant]}, "note": note}
    (e,) = parse_entries(yamlio.loads(render_entry(data)), "x.yaml")
    assert e.forms["en"] == form and e.variants["ru"] == (variant,) and e.note == " ".join(note.split())


def test_many_edits_in_one_session_stay_consistent(gdir):
    """Adds in the middle of sorted files, edits and removals in one session (each parsed on its
    own, not the whole file): the files on disk read back as the session saw them."""
    import random

    rnd = random.Random(7)
    ids = [f"{w}-{n}" for n in range(12) for w in ("aa", "kk", "zz")]
    rnd.shuffle(ids)

    def edit(s):
        for eid in ids:
            s.add({"id": eid, "kind": rnd.choice(["person", "place", "term"]), "forms": {"en": f"Form {eid}"}})
        for eid in ids[::3]:
            s.update(eid, lambda d: {**d, "note": f"note of {d['id']}"})
        for eid in ids[1::3]:
            s.remove(eid)
        s.update("kyiv", lambda d: {**d, "wrong": {"en": ["Kiev", "Kiyev", "Kieff"]}})
        s.remove("moscow")
        for f in s.files.values():  # line numbers kept while splicing are those a full parse gives
            fresh = s.store._read(f.path, f.text)
            assert [(e.id, e.line) for e in fresh.entries] == [(e.id, e.line) for e in f.entries]
            assert [(b.start, b.end) for b in fresh.blocks] == [(b.start, b.end) for b in f.blocks]

    GlossaryStore(gdir).apply(edit)
    g = load_glossary(gdir)
    added = {e.id for e in g} - {e.id for e in load_glossary(BUNDLED)}
    assert added == set(ids) - set(ids[1::3])
    assert all(g.get(i).note == f"note of {i}" for i in ids[::3])
    assert g.get("kyiv").wrong["en"][-1] == "Kieff" and g.get("moscow") is None
    for f in g.files:  # the bundled files were sorted by id and stay so
        file_ids = [e.id for e in g if e.file == f]
        assert file_ids == sorted(file_ids), f
    lines = (gdir / "people.yaml").read_text(encoding="utf-8").splitlines()
    for e in g:  # every entry's line number points at its "- id:" line
        if e.file.endswith("people.yaml"):
            assert lines[e.line - 1] == f"- id: {e.id}"
