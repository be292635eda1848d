"""Generated inputs for every entry point that is not article text (issue 14): config files,
article metadata, glossary YAML, glossary CSV, TBX, a glossary's write journal, baselines,
TSV/CSV pairs, the environment and file names. Property: the loader returns, or raises a TqaError whose message
is one line (the CLI's exit 2); never another exception (exit 3), never a hang (hypothesis
runs each case in-process; the suite's timeout catches a hang).

`python -m tests.fuzz -k hardening_fuzz` runs these longer (figures in docs/hardening.md)."""

from __future__ import annotations

import atexit
import json
import math
import os
import shutil
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

import tests.test_properties  # noqa: F401  (registers and loads the ci/long profiles)
from audit.errors import TqaError

FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def survives(fn, *args, **kw):
    """Run a loader: a result, or a one-line TqaError; any other exception fails the case."""
    try:
        return fn(*args, **kw)
    except TqaError as exc:
        msg = str(exc)
        assert msg and "\n" not in msg.strip(), f"not one line: {msg!r}"
        assert "Traceback" not in msg
        return None


_CASE_DIRS: list[Path] = []


def _tmp() -> Path:
    """A fresh directory for one case; the previous cases' are removed (a long run made tens of
    thousands of them in /tmp), the last at exit."""
    while _CASE_DIRS:
        shutil.rmtree(_CASE_DIRS.pop(), ignore_errors=True)
    d = Path(tempfile.mkdtemp(prefix="tqa-fuzz-"))
    _CASE_DIRS.append(d)
    return d


atexit.register(lambda: [shutil.rmtree(d, ignore_errors=True) for d in _CASE_DIRS])


# -- value strategies ------------------------------------------------------------------------------

DATES = st.one_of(
    st.dates().map(str),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 99)),
    st.integers(-10, 99999).map(str),
    st.sampled_from(["yesterday", "2022-02-30", "2022-13", "2022-06-31", "20220114", "", "2022/01/14"]),
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), DATES, st.sampled_from(["en", "ru", "EN", "e", "en-GB", "xx-", "∞", "*", "[z-a]", "**/**/x"]),
)
VALUES = st.recursive(SCALARS, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                       st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), kids, max_size=4)),
                      max_leaves=12)
GARBAGE = st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
                    st.integers(1, 3000).map(lambda n: "[" * n), st.integers(1, 3000).map(lambda n: "- " * n + "x"))


def _json_text(value) -> str:
    return json.dumps(value, default=str, allow_nan=True)


# -- config (tqa.toml) -------------------------------------------------------------------------

CONFIG_KEYS = ["min-score", "fail-on", "fail-on-new", "select", "ignore", "include", "exclude", "lang", "source-lang",
               "glossary", "references", "weights", "severity", "per-file-ignores", "overrides", "max-bytes", "jobs",
               "allow-outside-paths", "lexicon", "unknown-key"]


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(x)}" for k, x in v.items()) + "}"
    return json.dumps("" if v is None else str(v))


TOML = st.one_of(
    st.dictionaries(st.sampled_from(CONFIG_KEYS), VALUES, max_size=6).map(
        lambda d: "".join(f"{k} = {_toml_value(v)}\n" for k, v in d.items())),
    GARBAGE,
)


@FAST
@given(TOML, st.text(alphabet=string.ascii_letters + "/._-", min_size=1, max_size=30))
def test_config_files(text, path):
    from audit.config import load_settings

    d = _tmp()
    cfg = d / "tqa.toml"
    cfg.write_text(text, encoding="utf-8", errors="surrogatepass") if "\ud800" not in text else cfg.write_bytes(b"x")
    s = survives(load_settings, cfg)
    if s is not None:
        survives(s.is_included, path)
        survives(s.for_path, path)


# -- article metadata ------------------------------------------------------------------------------

META = st.one_of(
    st.fixed_dictionaries({}, optional={"lang": SCALARS, "source_lang": SCALARS, "date": SCALARS, "id": VALUES,
                                        "format": SCALARS}).map(_json_text),
    GARBAGE,
)


@FAST
@given(META)
def test_article_metadata(text):
    from audit.document import read_metadata

    d = _tmp()
    art = d / "a.en.txt"
    art.write_text("Antony Blinken met Sergey Lavrov in Geneva.\n", encoding="utf-8")
    (d / "a.en.meta.yaml").write_text(text, encoding="utf-8", errors="replace")
    survives(read_metadata, art)


# -- glossary YAML -----------------------------------------------------------------------------

ROLE = st.fixed_dictionaries({"title": st.one_of(st.just("t"), SCALARS)}, optional={"from": DATES | SCALARS, "to": DATES | SCALARS,
                                                                                   "note": SCALARS, "x": SCALARS})
ENTRY = st.fixed_dictionaries(
    {"id": st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), SCALARS)},
    optional={"kind": st.one_of(st.sampled_from(["person", "title", "term", "place", "organisation"]), SCALARS),
              "forms": st.one_of(st.dictionaries(st.sampled_from(["en", "ru", "EN", "x"]), st.one_of(st.text(min_size=1, max_size=20), SCALARS), max_size=3), SCALARS),
              "variants": VALUES, "wrong": VALUES, "roles": st.one_of(st.lists(ROLE, max_size=3), SCALARS),
              "note": SCALARS, "source": SCALARS, "fuzzy": SCALARS, "extra": SCALARS, "1": SCALARS})
TITLE = '- {id: t, kind: title, forms: {en: Chief Executive}}\n'


@FAST
@given(st.one_of(st.lists(ENTRY, max_size=4).map(_json_text), GARBAGE))
def test_glossary_yaml(text):
    from audit.glossary import load_glossary
    from audit.glossary.authoring.edit import GlossaryStore
    from audit.glossary.authoring.lint import lint

    d = _tmp() / "g"
    d.mkdir()
    (d / "titles.yaml").write_text(TITLE, encoding="utf-8")
    (d / "people.yaml").write_text(text, encoding="utf-8", errors="replace")
    g = survives(load_glossary, d)
    survives(GlossaryStore(d).load)
    survives(lint, d)
    if g is not None:  # what loads also exports and reads back
        from audit.glossary.authoring.csvio import export_csv
        from audit.glossary.authoring.tbx import export_tbx

        survives(export_csv, g)
        export_tbx(g)


# -- glossary CSV and TBX, imported ------------------------------------------------------------

CELL = st.one_of(st.text(max_size=15), DATES, st.sampled_from(["=1+1", "'=x", "a | b", '"', "t 2022-02-30..", "t 2021-06..2022"]))
CSV_TEXT = st.one_of(
    st.builds(lambda header, rows, nl: nl.join([",".join(header)] + [",".join(r) for r in rows]) + nl,
              st.lists(st.sampled_from(["id", "kind", "en", "en.variants", "en.wrong", "ru", "roles", "note", "fuzzy", "zz"]),
                       min_size=1, max_size=6),
              st.lists(st.lists(CELL, max_size=7), max_size=4), st.sampled_from(["\n", "\r\n", "\r"])),
    GARBAGE,
)


@FAST
@given(CSV_TEXT)
def test_glossary_csv_import(text):
    from audit.glossary.authoring.csvio import read_csv
    from audit.glossary.authoring.exchange import read_entries

    f = _tmp() / "g.csv"
    f.write_text(text, encoding="utf-8", errors="replace", newline="")
    rows = survives(read_csv, f)
    if rows is not None:
        survives(read_entries, rows, f)


TBX_TEXT = st.one_of(
    st.builds(lambda eid, kind, ref, terms: (
        '<?xml version="1.0"?><martif type="TBX-Basic"><text><body>'
        f'<termEntry id="{eid}"><descrip type="subjectField">{kind}</descrip>'
        f'<ref type="crossReference" target="t">{ref}</ref>'
        + "".join(f'<langSet xml:lang="{lang}"><tig><term>{term}</term><termNote type="administrativeStatus">{status}</termNote></tig></langSet>'
                  for lang, term, status in terms)
        + "</termEntry></body></text></martif>"),
        st.from_regex(r"[a-z0-9-]{0,8}", fullmatch=True), st.sampled_from(["person", "term", "x", ""]),
        st.builds(lambda a, b: f"{a}/{b}", DATES, DATES),
        st.lists(st.tuples(st.sampled_from(["en", "ru", ""]), st.from_regex(r"[A-Za-z ]{0,12}", fullmatch=True),
                           st.sampled_from(["preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "?"])),
                 max_size=3)),
    GARBAGE,
)


@FAST
@given(TBX_TEXT)
def test_tbx_import(text):
    from audit.glossary.authoring.exchange import read_entries
    from audit.glossary.authoring.tbx import read_tbx

    f = _tmp() / "g.tbx"
    f.write_text(text, encoding="utf-8", errors="replace")
    items = survives(read_tbx, f)
    if items is not None:
        survives(read_entries, [(None, d) for d in items], f)


# -- baseline JSON, TSV/CSV pairs, environment, file names ------------------------------------------

BASELINE = st.one_of(
    st.builds(lambda files, version: {"tool": "tqa", "baseline": version, "files": files},
              st.dictionaries(st.text(max_size=10), st.one_of(
                  st.lists(st.fixed_dictionaries({"fingerprint": SCALARS}, optional={"loose": SCALARS, "count": SCALARS}), max_size=3),
                  SCALARS), max_size=3),
              st.one_of(st.just(1), SCALARS)).map(_json_text),
    VALUES.map(_json_text), GARBAGE,
)


@FAST
@given(BASELINE)
def test_baseline_files(text):
    from audit.baseline import Baseline

    f = _tmp() / "b.json"
    f.write_text(text, encoding="utf-8", errors="replace")
    survives(Baseline.load, f)


@FAST
@given(st.lists(st.lists(st.text(max_size=20), max_size=4), max_size=5), st.sampled_from(["\t", ","]),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_bilingual_tables(rows, sep, nl):
    from audit.bilingual.formats import read_bilingual

    f = _tmp() / ("p.tsv" if sep == "\t" else "p.csv")
    f.write_text(nl.join(sep.join(r) for r in [["source", "target"], *rows]) + nl, encoding="utf-8",
                 errors="replace", newline="")
    survives(read_bilingual, f)


@FAST
@given(st.one_of(st.text(max_size=25), st.integers(-10**30, 10**30).map(str), st.sampled_from(["1e6", " 5 ", "0x10", "٣"])))
def test_tqa_max_bytes(value):
    from audit.reading import max_bytes_from_env

    old = os.environ.get("TQA_MAX_BYTES")
    try:
        if "\x00" in value:
            return
        os.environ["TQA_MAX_BYTES"] = value
        n = survives(max_bytes_from_env)
        assert n is None or n >= 1
    finally:
        if old is None:
            os.environ.pop("TQA_MAX_BYTES", None)
        else:
            os.environ["TQA_MAX_BYTES"] = old


@FAST
@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")))
def test_file_names(name):
    from audit.fsutil import write_atomic
    from audit.reading import read_path

    d = _tmp()
    p = Path(os.fsdecode(os.path.join(os.fsencode(d), name)))
    try:
        p.write_text("x", encoding="utf-8")
    except OSError:
        return  # the file system refuses this name (too long, ...)
    p.unlink()
    survives(write_atomic, p, f"report for {p}\n")  # a report naming a non-UTF-8 file
    text = survives(read_path, p)
    assert text is None or text.text.startswith("report for")


XML_TEXT = st.one_of(
    st.builds(lambda src, tgt, lang, enc: (
        f'<?xml version="1.0" encoding="{enc}"?><xliff version="1.2"><file source-language="{lang}" target-language="en" '
        f'datatype="plaintext" original="x"><body><trans-unit id="1"><source>{src}</source><target>{tgt}</target>'
        "</trans-unit></body></file></xliff>").encode(enc, "replace"),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), st.text(max_size=40).map(
            lambda t: t.encode("utf-8", "replace").decode("utf-8")),
        st.sampled_from(["ru", "", "x y", "&amp;"]), st.sampled_from(["utf-8", "utf-16", "utf-32", "latin-1"])),
    st.builds(lambda src, tgt, charset, codec: (
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\nmsgid "{src}"\nmsgstr "{tgt}"\n').encode(codec, "replace"),
        st.text(max_size=30), st.text(max_size=30), st.sampled_from(["UTF-8", "CP1251", "KOI8-R", "nope", ""]),
        st.sampled_from(["utf-8", "cp1251", "koi8-r"])),
    st.binary(max_size=300),
)


@FAST
@given(XML_TEXT, st.sampled_from([".xlf", ".tmx", ".po"]))
def test_bilingual_xml_and_po(data, ext):
    from audit.bilingual.formats import read_bilingual

    f = _tmp() / f"job{ext}"
    f.write_bytes(data)
    survives(read_bilingual, f)


# -- a glossary's write journal (.tqa-journal.json) ----------------------------------------------------

JOURNAL_PATHS = ["g/people.yaml", "g/titles.yaml", "g/.people.yaml.1.ab.staged", "g/.titles.yaml.12.x.staged", "g/.evil.staged",
                 "g/new.yaml", "g/../outside/victim.txt", "outside/people.yaml", "outside/.people.yaml.1.ab.staged", "g",
                 "/nonexistent/x.yaml", "", "g/link.yaml", "g/.link.yaml.1.a.staged"]
JOURNAL = st.one_of(
    st.builds(lambda renames, version: {"version": version, "renames": renames},
              st.lists(st.one_of(st.lists(st.sampled_from(JOURNAL_PATHS), min_size=2, max_size=2), VALUES), max_size=4),
              st.one_of(st.just(1), SCALARS)).map(_json_text),
    VALUES.map(_json_text), GARBAGE,
)


@FAST
@given(JOURNAL)
def test_glossary_journal(text):
    """Any journal: reading the glossary returns or is one line, and moves nothing outside it
    (a journal comes with the glossary's directory, from anyone)."""
    from audit.fsutil import JOURNAL_NAME
    from audit.glossary import load_glossary

    root = _tmp()
    g, outside = root / "g", root / "outside"
    g.mkdir()
    outside.mkdir()
    (g / "titles.yaml").write_text(TITLE, encoding="utf-8")
    (g / "people.yaml").write_text("[]\n", encoding="utf-8")
    (outside / "victim.txt").write_text("precious\n", encoding="utf-8")
    (outside / "people.yaml").write_text("[]\n", encoding="utf-8")
    (g / "link.yaml").symlink_to(outside / "people.yaml")
    for name in (".people.yaml.1.ab.staged", ".titles.yaml.12.x.staged", ".evil.staged", ".link.yaml.1.a.staged"):
        (g / name).write_text("- {id: x, kind: term, forms: {en: X}}\n", encoding="utf-8")
    (outside / ".people.yaml.1.ab.staged").write_text("pwned\n", encoding="utf-8")
    text = text.replace("g/", f"{g}/").replace("outside/", f"{outside}/") if text.startswith("{") else text
    (g / JOURNAL_NAME).write_text(text, encoding="utf-8", errors="replace")
    # outside: only the file g/link.yaml names may be replaced by the staged file beside it (a
    # write through a link, as write_all_atomic makes); nothing else there changes
    linked = {"people.yaml", ".people.yaml.1.ab.staged", ".tqa-glossary.lock"}
    before = {p.name: p.read_bytes() for p in outside.iterdir() if p.name not in linked}
    survives(load_glossary, g)
    assert {p.name: p.read_bytes() for p in outside.iterdir() if p.name not in linked} == before
    assert (outside / "people.yaml").read_text(encoding="utf-8") in ("[]\n", "pwned\n")
