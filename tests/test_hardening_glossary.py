"""Glossary storage that cannot lose data (issue 14): one lock however the glossary is named,
writes through symbolic links, all-or-nothing multi-file writes recovered after SIGKILL, role
dates kept at their precision through TBX/CSV, impossible dates refused in one line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from audit.fsutil import JOURNAL_NAME
from audit.glossary import load_glossary
from audit.glossary.authoring.edit import GlossaryStore
from tests.conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
TQA = [sys.executable, "-m", "audit"]
FAULT = [sys.executable, "-m", "tests.faultinject"]

PEOPLE = """\
# people, kept by hand
- id: jens-stoltenberg
  kind: person
  forms: {en: Jens Stoltenberg, ru: Йенс Столтенберг}
  roles:
    - {title: nato-secretary-general, from: 2014-10-01, to: 2024-10}
"""
TITLES = """\
- id: nato-secretary-general
  kind: title
  forms: {en: NATO Secretary General, ru: генеральный секретарь НАТО}
"""


@pytest.fixture
def gdir(tmp_path) -> Path:
    d = tmp_path / "G"
    d.mkdir()
    (d / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (d / "titles.yaml").write_text(TITLES, encoding="utf-8")
    return d


def run(*args, fault: str | None = None, cwd=None) -> subprocess.CompletedProcess:
    cmd = (FAULT + [fault] if fault else TQA) + [str(a) for a in args]
    return subprocess.run(cmd, cwd=cwd or ROOT, env=ENV, capture_output=True, text=True, timeout=120)


def one_line_error(r: subprocess.CompletedProcess, *needles: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])


# -- one lock, whatever names the glossary ------------------------------------------------------


def test_every_name_of_a_glossary_takes_the_same_lock(gdir, tmp_path):
    link = tmp_path / "link-to-G"
    link.symlink_to(gdir)
    names = [gdir, gdir / "people.yaml", Path(str(gdir) + "/"), gdir / ".." / "G", link, link / "titles.yaml"]
    locks = {os.path.realpath(GlossaryStore(n).lock_path) for n in names}
    assert locks == {str((gdir / ".tqa-glossary.lock").resolve())}


def test_twenty_processes_naming_the_glossary_two_ways_lose_nothing(gdir):
    """Ten name the directory, ten name people.yaml in it: before the fix the two kinds took
    two locks and about half the entries were lost, every command printing 'added'."""
    (gdir / "people.yaml").write_text(PEOPLE.split("  roles:")[0], encoding="utf-8")  # people.yaml alone loads
    procs = []
    for i in range(20):
        where = gdir if i % 2 else gdir / "people.yaml"
        procs.append(subprocess.Popen(
            TQA + ["glossary", "add", "-g", str(where), "--kind", "person", "--form", f"en=Person Number{i}",
                   "--id", f"person-{i:02d}"],
            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    g = load_glossary(gdir)
    assert {f"person-{i:02d}" for i in range(20)} <= {e.id for e in g}
    assert len(g) == 2 + 20


# -- symbolic links -----------------------------------------------------------------------------


def test_a_symlinked_glossary_file_stays_a_link_and_its_target_is_updated(tmp_path):
    real = tmp_path / "shared-data"
    real.mkdir()
    (real / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (real / "titles.yaml").write_text(TITLES, encoding="utf-8")
    g = tmp_path / "G"
    g.mkdir()
    (g / "people.yaml").symlink_to(real / "people.yaml")
    (g / "titles.yaml").symlink_to(Path("..") / "shared-data" / "titles.yaml")  # relative link
    r = run("glossary", "add", "-g", g, "--kind", "person", "--form", "en=Olaf Scholz")
    assert r.returncode == 0, r.stderr
    r = run("glossary", "edit", "nato-secretary-general", "-g", g, "--add-variant", "en=NATO chief")
    assert r.returncode == 0, r.stderr
    assert (g / "people.yaml").is_symlink() and (g / "titles.yaml").is_symlink()
    assert "Olaf Scholz" in (real / "people.yaml").read_text(encoding="utf-8")
    assert "NATO chief" in (real / "titles.yaml").read_text(encoding="utf-8")
    assert PEOPLE in (real / "people.yaml").read_text(encoding="utf-8")  # the rest kept as written
    assert not [p for p in g.iterdir() if p.name not in ("people.yaml", "titles.yaml", ".tqa-glossary.lock")]


# -- all or nothing across files ----------------------------------------------------------------

IMPORT_CSV = """\
id,kind,en,en.variants,en.wrong,roles
mark-rutte,person,Mark Rutte,,,nato-secretary-general 2024-10..
deputy-secretary-general,title,NATO Deputy Secretary General,,,
mircea-geoana,person,Mircea Geoană,Mircea Geoana,,deputy-secretary-general 2019-10..2024-09
"""


def _snapshot(d: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(d.iterdir()) if p.suffix == ".yaml"}


def test_import_killed_between_renames_is_finished_by_the_next_command(gdir, tmp_path):
    src = tmp_path / "new.csv"
    src.write_text(IMPORT_CSV, encoding="utf-8")
    expected_dir = tmp_path / "expected"
    expected_dir.mkdir()
    for name, text in _snapshot(gdir).items():
        (expected_dir / name).write_text(text, encoding="utf-8")
    assert run("glossary", "import", src, "-g", expected_dir).returncode == 0
    expected = _snapshot(expected_dir)
    assert expected["people.yaml"] != PEOPLE and expected["titles.yaml"] != TITLES  # a two-file change

    r = run("glossary", "import", src, "-g", gdir, fault="kill-between-renames")
    assert r.returncode == -9
    # the state a reader would have seen before the fix: people.yaml new (naming a title not
    # yet written), titles.yaml old, and the journal that says how to finish
    assert (gdir / JOURNAL_NAME).exists()
    assert _snapshot(gdir)["people.yaml"] == expected["people.yaml"]
    assert _snapshot(gdir)["titles.yaml"] == TITLES
    r = run("glossary", "list", "-g", gdir)  # any command: the journal is replayed first
    assert r.returncode == 0, r.stderr
    assert "mircea-geoana" in r.stdout and "deputy-secretary-general" in r.stdout
    assert _snapshot(gdir) == expected
    assert not (gdir / JOURNAL_NAME).exists()
    assert not [p for p in gdir.iterdir() if p.name.endswith((".staged", ".tmp"))]


def test_import_killed_before_the_journal_leaves_the_old_glossary(gdir, tmp_path):
    src = tmp_path / "new.csv"
    src.write_text(IMPORT_CSV, encoding="utf-8")
    r = run("glossary", "import", src, "-g", gdir, fault="kill-before-journal")
    assert r.returncode == -9
    assert _snapshot(gdir) == {"people.yaml": PEOPLE, "titles.yaml": TITLES}
    assert len([p for p in gdir.iterdir() if p.name.endswith(".staged")]) == 2  # staged, never renamed
    r = run("glossary", "add", "-g", gdir, "--kind", "term", "--form", "en=hybrid warfare")
    assert r.returncode == 0, r.stderr
    assert not [p for p in gdir.iterdir() if p.name.endswith(".staged")]  # swept under the lock
    assert len(load_glossary(gdir)) == 3


def test_an_audit_reading_the_glossary_also_finishes_the_journal(gdir, tmp_path):
    src = tmp_path / "new.csv"
    src.write_text(IMPORT_CSV, encoding="utf-8")
    assert run("glossary", "import", src, "-g", gdir, fault="kill-between-renames").returncode == -9
    g = load_glossary(gdir)  # what `tqa audit -g G` calls
    assert g.get("mircea-geoana") is not None and g.get("deputy-secretary-general") is not None
    assert not (gdir / JOURNAL_NAME).exists()


@pytest.mark.parametrize("rename", [
    lambda g, out: [str(g / ".evil.staged"), str(out / "victim.txt")],            # overwrite a file anywhere
    lambda g, out: [str(out / "victim.txt"), str(g / "stolen.yaml")],             # move one into the glossary
    lambda g, out: [str(g / ".people.yaml.1.x.staged"), str(out / "people.yaml")],  # beside another directory's file
    lambda g, out: [str(g / ".evil.staged"), str(g / "people.yaml")],             # not a staged name of its target
])
def test_a_crafted_journal_moves_nothing(gdir, tmp_path, rename):
    """A journal lies in the glossary's directory, which may come from anyone (a cloned
    repository): before, `tqa audit -g G` replayed whatever renames it listed."""
    out = tmp_path / "elsewhere"
    out.mkdir()
    (out / "victim.txt").write_text("precious\n", encoding="utf-8")
    (out / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    for name in (".evil.staged", ".people.yaml.1.x.staged"):
        (gdir / name).write_text("pwned\n", encoding="utf-8")
    (gdir / JOURNAL_NAME).write_text(json.dumps({"version": 1, "renames": [rename(gdir, out)]}), encoding="utf-8")
    def files():  # the lock file the attempt creates aside
        return {p: p.read_bytes() for d in (gdir, out) for p in d.iterdir() if p.is_file() and p.name != ".tqa-glossary.lock"}

    before = files()
    for args in (["glossary", "list", "-g", gdir], ["audit", ROOT / "seeds" / "state-dept-nato-russia.en.txt", "-g", gdir]):
        one_line_error(run(*args), "journal", "refused")
    assert files() == before


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_month_and_year_precision_survive_export_and_import(gdir, tmp_path, fmt):
    (gdir / "people.yaml").write_text(PEOPLE + "- id: someone\n  kind: person\n  forms: {en: Some One}\n"
                                      "  roles:\n    - {title: nato-secretary-general, from: 2009, to: 2014}\n",
                                      encoding="utf-8")
    out = tmp_path / f"g.{fmt}"
    assert run("glossary", "export", "-g", gdir, "--format", fmt, "-o", out).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "2024-10" in text and "-31" not in text and "2009" in text
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    r = run("glossary", "import", out, "-g", fresh)
    assert r.returncode == 0, r.stderr
    roles = {e.id: e.roles for e in load_glossary(fresh)}
    assert roles["jens-stoltenberg"][0].end == "2024-10"
    assert (roles["someone"][0].start, roles["someone"][0].end) == ("2009", "2014")
    again = tmp_path / f"again.{fmt}"
    assert run("glossary", "export", "-g", fresh, "--format", fmt, "-o", again).returncode == 0
    assert again.read_text(encoding="utf-8") == text


def test_a_month_end_covers_the_whole_month():
    g = load_glossary(ROOT / "references" / "glossary")
    from audit.glossary.model import Role

    r = Role("x", "2014-10-01", "2024-10")
    assert r.holds_on("2024-10-31") and r.holds_on("2024-10") and r.holds_on("2024")
    assert not r.holds_on("2024-11-01") and not r.holds_on("2014-09-30")
    assert Role("x", "2009", "2014").holds_on("2014-12-31") and not Role("x", "2009", "2014").holds_on("2015-01-01")
    assert len(g)  # the bundled glossary still loads


@pytest.mark.parametrize("date", ["2022-02-30", "2022-13"])  # no such day; no such month
def test_impossible_dates_are_one_line_everywhere(gdir, tmp_path, date):
    bad_yaml = gdir / "people.yaml"
    for text in (f"    - {{title: nato-secretary-general, from: {date}}}\n",
                 f"    - {{title: nato-secretary-general, from: '{date}'}}\n"):
        bad_yaml.write_text(PEOPLE + "- id: bad-one\n  kind: person\n  forms: {en: Bad One}\n  roles:\n" + text,
                            encoding="utf-8")
        for cmd in (["glossary", "list", "-g", gdir], ["audit", ROOT / "seeds" / "state-dept-nato-russia.en.txt", "-g", gdir]):
            r = run(*cmd)
            one_line_error(r, "people.yaml:11", "bad-one")  # the line of the role and the entry
            assert re.search(r"people\.yaml:11\b", r.stderr), r.stderr
        lint = run("glossary", "lint", "-g", gdir)  # lint reports it as an error finding: exit 1
        assert lint.returncode == 1 and "people.yaml:11: error" in lint.stdout and "Traceback" not in lint.stderr
    bad_yaml.write_text(PEOPLE, encoding="utf-8")
    # --role, in add and in edit
    one_line_error(run("glossary", "add", "-g", gdir, "--kind", "person", "--form", "en=Some One",
                       "--role", f"nato-secretary-general@{date}.."), "people.yaml", "some-one", date)
    one_line_error(run("glossary", "edit", "jens-stoltenberg", "-g", gdir,
                       "--add-role", f"nato-secretary-general@..{date}"), "people.yaml", "jens-stoltenberg", date)
    # CSV and TBX import
    csv = tmp_path / "in.csv"
    csv.write_text(f"id,kind,en,roles\nsome-one,person,Some One,nato-secretary-general {date}..\n", encoding="utf-8")
    one_line_error(run("glossary", "import", csv, "-g", gdir), "in.csv:2", "some-one", date)
    tbx = tmp_path / "in.tbx"
    tbx.write_text('<?xml version="1.0"?><martif type="TBX-Basic"><text><body><termEntry id="some-one">'
                   '<descrip type="subjectField">person</descrip>'
                   f'<ref type="crossReference" target="nato-secretary-general">{date}/..</ref>'
                   '<langSet xml:lang="en"><tig><term>Some One</term></tig></langSet></termEntry></body></text></martif>',
                   encoding="utf-8")
    one_line_error(run("glossary", "import", tbx, "-g", gdir), "in.tbx", "some-one", date)
    assert _snapshot(gdir) == {"people.yaml": PEOPLE, "titles.yaml": TITLES}


# -- SIGKILL mid-write, for every command that writes ----------------------------------------------

WRITERS = {
    "glossary-edit": (["glossary", "edit", "jens-stoltenberg", "-g", "{G}", "--add-variant", "en=Stoltenberg"], "G/people.yaml"),
    "glossary-remove": (["glossary", "remove", "someone", "-g", "{G}"], "G/people.yaml"),
    "glossary-add": (["glossary", "add", "-g", "{G}", "--kind", "term", "--form", "en=hybrid warfare"], "G/terms.yaml"),
    "glossary-import": (["glossary", "import", "{T}/new.csv", "-g", "{G}"], "G/people.yaml"),
    "glossary-export": (["glossary", "export", "-g", "{G}", "--format", "tbx", "-o", "{T}/out.tbx"], "out.tbx"),
    "gate-write-baseline": (["gate", str(ROOT / "seeds" / "state-dept-nato-russia.en.txt"), "--write-baseline", "{T}/b.json"], "b.json"),
    "audit-o": (["audit", str(ROOT / "seeds" / "state-dept-nato-russia.en.txt"), "-f", "json", "-o", "{T}/r.json"], "r.json"),
}


@pytest.mark.skipif(os.name != "posix", reason="signals")
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_sigkill_while_any_command_writes_leaves_old_or_new_never_half(gdir, tmp_path, name):
    args, target = WRITERS[name]
    (gdir / "people.yaml").write_text(PEOPLE + "- id: someone\n  kind: person\n  forms: {en: Some One}\n", encoding="utf-8")
    (tmp_path / "new.csv").write_text(IMPORT_CSV, encoding="utf-8")
    target = tmp_path / target
    old = "# the previous file\n" if not target.exists() else target.read_text(encoding="utf-8")
    target.write_text(old, encoding="utf-8")
    args = [a.replace("{G}", str(gdir)).replace("{T}", str(tmp_path)) for a in args]
    p = subprocess.Popen(FAULT + ["slow-fsync", *args], cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "fsync", p.stderr.read()  # the new file is written, not renamed
    finally:
        p.kill()
        p.wait(timeout=30)
    assert target.read_text(encoding="utf-8") == old  # the old file, whole
    load_glossary(gdir)  # the glossary loads (a journal, if any, is finished first)
    r = run(*args)  # the next run works and leaves no temporary file behind
    assert r.returncode in (0, 1), r.stderr
    assert target.read_text(encoding="utf-8") != old
    left = [p.name for d in (gdir, tmp_path) for p in d.iterdir() if p.name.endswith((".tmp", ".staged"))]
    assert left == [], left  # a killed import's staged files are swept under the lock
    assert not (gdir / JOURNAL_NAME).exists()


def test_two_glossaries_sharing_a_file_through_a_link_lose_nothing(tmp_path):
    """G/people.yaml links to S/people.yaml: editing G also takes S's lock, so adds naming
    G and adds naming S (the same file) all land."""
    shared = tmp_path / "S"
    shared.mkdir()
    (shared / "people.yaml").write_text("- {id: someone, kind: person, forms: {en: Some One}}\n", encoding="utf-8")
    g = tmp_path / "G"
    g.mkdir()
    (g / "people.yaml").symlink_to(shared / "people.yaml")
    procs = []
    for i in range(12):
        where = g if i % 2 else shared
        procs.append(subprocess.Popen(
            TQA + ["glossary", "add", "-g", str(where), "--kind", "person", "--form", f"en=Linked Person{i}",
                   "--id", f"linked-{i:02d}"], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    ids = {e.id for e in load_glossary(shared)}
    assert {f"linked-{i:02d}" for i in range(12)} <= ids and len(ids) == 13
    assert (g / "people.yaml").is_symlink()
