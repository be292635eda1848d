"""Generated command lines and run files for every command (issue 14): the entry points a
user types or a previous run leaves behind, beside the loaders of test_hardening_fuzz.py.

- `test_command_lines`: any command of `tqa` (every leaf of the command tree, read from the
  click tree, so a new command or option is fuzzed without editing this file) with a random
  subset of its options, each given a value drawn from project files (articles, glossaries,
  configs, pairs, corpora, baselines), odd files (empty, binary, a directory, /dev/null,
  missing), numbers (0, -1, NaN, 1e400), dates, language codes, rule codes and random text;
- `test_corpus_rows`: JSON Lines corpora whose rows have random shapes and types;
- `test_corpus_run_records`: a finished `tqa corpus` run whose manifest, done records, shard
  files or summary are replaced by random content, then resumed;
- `test_eval_tables`: labelled TSV files for `tqa eval`.

Property: the command exits 0, 1 or 2, never 3 (an internal error) or a traceback, and in
under two minutes (an alarm fails a case that hangs). Each case runs in a fresh copy of a small
project in a temporary directory; nothing outside it is written. Runs in-process (CliRunner):
`python -m tests.fuzz -k hardening_fuzz_cli` runs them longer (figures in docs/hardening.md).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, event, given, settings, strategies as st
from hypothesis.errors import InvalidArgument
from typer.testing import CliRunner

import tests.test_properties  # noqa: F401  (registers and loads the ci/long profiles)
from audit.cli import app
from tests.conftest import ROOT

# a command line costs an audit or two (0.1-1 s): in the suite (ci, 60 cases) 6 a property,
# in longer runs a sixth of the profile's cases
_PROFILE_CASES = settings().max_examples
CLI = settings(max_examples=6 if _PROFILE_CASES <= 60 else _PROFILE_CASES // 6, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
HANG_S = 120

# Options left out: they load translation models, start or reach a Ray cluster, or spawn
# process pools (each tested on its own elsewhere: test_translate, test_corpus_*, test_faults).
SKIP = {"--model", "--forward-model", "--engine", "--threads", "--beams", "--require-model", "--show-backtranslation",
        "--executor", "--address", "--actors", "--bt-actors", "--help", "--version"}
# Environment the commands read or set for their process (--allow-special-files sets
# TQA_ALLOW_SPECIAL_FILES, --threads TQA_THREADS): unset for each case, restored after.
ENV_KEYS = ("TQA_ALLOW_SPECIAL_FILES", "TQA_THREADS", "TQA_LEXICON", "TQA_MAX_BYTES", "TQA_MODEL", "TQA_ENGINE",
            "GITHUB_STEP_SUMMARY", "TQA_DICTD_PATH", "TQA_DEBUG")


class Hang(BaseException):
    """A case that ran past HANG_S (BaseException: no `except Exception` in tqa swallows it)."""


@contextmanager
def _alarm(seconds: int):
    def fire(*_):
        raise Hang(f"no answer in {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# -- the project every case starts from ------------------------------------------------------------

ARTICLE = ("President Vladimir Putin met Antony Blinken in Kiev on 14 January 2022.\n\n"
           "Sergey Lavrov said NATO had 30 members; the talks lasted two hours.\n")
SOURCE = ("Президент Владимир Путин встретился с Энтони Блинкеном в Киеве 14 января 2022 года.\n\n"
          "Сергей Лавров заявил, что в НАТО 30 членов; переговоры длились два часа.\n")
FILES: dict[str, str | bytes] = {
    "a.en.txt": ARTICLE,
    "a.en.meta.yaml": "lang: en\nsource_lang: ru\ndate: 2022-01-14\n",
    "s.ru.txt": SOURCE,
    "b.en.md": "# Title\n\n" + ARTICLE.replace("Putin", "*Putin*"),
    "c.en.html": "<p>" + ARTICLE.replace("\n\n", "</p><p>") + "</p>",
    "pairs.tsv": "source\ttarget\n" + "".join(f"{s}\t{t}\n" for s, t in zip(SOURCE.split("\n\n"), ARTICLE.split("\n\n"))),
    "corpus.jsonl": "".join(json.dumps({"id": i, "text": t, "source": s, "lang": "en", "source_lang": "ru"}) + "\n"
                            for i, (s, t) in enumerate(zip(SOURCE.split("\n\n"), ARTICLE.split("\n\n")))),
    "eval.tsv": "id\tsrc_lang\ttgt_lang\tsource\ttranslation\treference\tlabel\tcategory\n"
                f"1\tru\ten\t{SOURCE.split(chr(10))[0]}\t{ARTICLE.split(chr(10))[0]}\t\tok\tname\n",
    "tqa.toml": 'glossary = "g"\nmin-score = 90\n',
    "bad.toml": "min-score = [\n",
    "g.csv": "id,kind,en,ru\nx-person,person,John Smith,Джон Смит\n",
    "empty.txt": "",
    "binary.bin": bytes(range(256)) * 4,
    "latin1.en.txt": ARTICLE.replace("Kiev", "Kïev").encode("latin-1"),
    "base.json": '{"tool": "tqa", "baseline": 1, "files": {}}\n',
    "garbage.json": "[[[[",
    "tree/x.en.txt": ARTICLE,
    "tree/y.en.md": "Hello.\n",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("cli-fuzz-project")
    for name, content in FILES.items():
        p = d / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content) if isinstance(content, bytes) else p.write_text(content, encoding="utf-8")
    shutil.copytree(ROOT / "references" / "glossary", d / "g")
    return d


def _devices(d: Path) -> None:
    """A private /dev/null: `-o dev/null` must write into it, not replace it (as root it did:
    the machine's own). A regular file where mknod needs root."""
    (d / "dev").mkdir(exist_ok=True)
    try:
        os.mknod(d / "dev" / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        (d / "dev" / "null").write_text("")


def _fresh(project: Path) -> Path:
    d = Path(tempfile.mkdtemp(prefix="tqa-cli-fuzz-"))
    shutil.copytree(project, d, dirs_exist_ok=True, ignore=shutil.ignore_patterns("dev"))
    _devices(d)
    return d


def run(args: list[str], cwd: Path, stdin: str = "") -> object:
    """Run `tqa ARGS` in `cwd`; assert it answered 0, 1 or 2 without a traceback."""
    env = {k: None for k in ENV_KEYS}
    # the cache directory stays the suite's: the lexicon's index is built there once, not per case
    env.update(HF_HUB_OFFLINE="1", HF_HOME=str(cwd / ".hf"))
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with _alarm(HANG_S):
            res = CliRunner().invoke(app, args, input=stdin, env=env)
    finally:
        os.chdir(old)
    out = res.output
    try:  # counts per command and exit code in --hypothesis-show-statistics
        event(f"{' '.join(args[:2]) if args[:1] == ['glossary'] else args[0] if args else ''}: exit {res.exit_code}")
    except InvalidArgument:  # a fixture's run, outside a case
        pass
    assert res.exit_code in (0, 1, 2), (args, res.exit_code, out[-1500:], res.exception)
    assert res.exception is None or isinstance(res.exception, SystemExit), (args, repr(res.exception))
    assert "Traceback" not in out and "internal error" not in out, (args, out[-1500:])
    if res.exit_code == 2:
        errors = [ln for ln in res.stderr.splitlines() if ln.startswith("tqa: error")]
        assert len(errors) <= 1, (args, res.stderr[-1500:])
    return res


# -- the command tree, read from click ------------------------------------------------------------


def _leaves() -> list[tuple[tuple[str, ...], list]]:
    """(command path, its parameters) for every command that runs (not a group)."""
    root = typer.main.get_command(app)
    out = []

    def walk(cmd, ctx, path):
        if hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                walk(sub, type(ctx)(sub, info_name=name, parent=ctx), (*path, name))
        else:
            out.append((path, list(cmd.params)))

    walk(root, root.context_class(root, info_name="tqa"), ())
    return out


LEAVES = _leaves()
PATHS = [*FILES, "g", "g/people.yaml", "tree", ".", "-", "missing.txt", "missing/", "dev/null", "out.json", "out/",
         "newdir/x", "", "..", "tree/../a.en.txt"]
WORDS = ["en", "ru", "de", "xx", "EN", "en-GB", "english", "TERM", "TERM001", "XNAME", "NAME,TERM", "BT", "*", "**/*.md",
         "[z-a]", "json", "sarif", "html", "junit", "markdown", "terminal", "csv", "tbx", "text", "jsonl", "parquet",
         "critical", "major", "minor", "none", "person", "title", "place", "term", "organisation", "en=Kyiv",
         "ru=Киев", "x", "vladimir-putin", "president-of-russia@2022-01..2024-02", "t@2022-02-30..", "2022-01-14",
         "2022-02-30", "2022-06", "yesterday", "0", "-1", "1", "2", "100", "1e400", "nan", "inf", "-0", "99999999999999999999"]
VALUE = st.one_of(st.sampled_from(PATHS), st.sampled_from(WORDS),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20))


ARTICLES = ["a.en.txt", "b.en.md", "c.en.html", "pairs.tsv", "latin1.en.txt", "tree/x.en.txt", "-"]
# What a sensible value of an option or argument looks like, by its name (most cases use one,
# so the commands get past their usage checks and run; the rest take any VALUE).
GOOD: dict[str, list[str]] = {
    "--format": ["json", "sarif", "html", "junit", "markdown", "terminal", "github", "gitlab", "concise", "text", "csv", "tbx"],
    "--output": ["out.json", "out/r.txt", "dev/null", "a.en.txt"], "--lang": ["en", "ru", "de"],
    "--source-lang": ["ru", "en"], "--date": ["2022-01-14", "2021-06"], "--references": ["g", "tree"],
    "--glossary": ["g", "g", "g/people.yaml"], "--extend-glossary": ["g"], "--config": ["tqa.toml", "bad.toml"],
    "--min-score": ["90", "0", "100"], "--fail-on": ["major", "none"], "--fail-on-new": ["minor"],
    "--select": ["TERM", "NAME,XNAME", "LANG004"], "--ignore": ["TERM001", "DUP"], "--extend-select": ["XNAME"],
    "--extend-ignore": ["NUM"], "--min-severity": ["major"], "--max-bytes": ["100", "100000"],
    "--source": ["s.ru.txt"], "--reference": ["a.en.txt"], "--post-edit": ["a.en.txt"], "--input-format": ["html", "markdown", "text"],
    "--stdin-filename": ["x.en.md"], "--baseline": ["base.json"], "--write-baseline": ["new-base.json"], "--jobs": ["1"],
    "--include": ["**/*.md", "*.txt"], "--exclude": ["tree/**"], "--source-dir": ["tree"], "--id-col": ["id"],
    "--text-col": ["text", "source"], "--source-col": ["source"], "--batch-size": ["1", "3"],
    "--output-format": ["jsonl", "parquet"], "--kind": ["person", "term", "title"], "--form": ["en=Widget", "ru=Виджет"],
    "--id": ["widget", "vladimir-putin"], "--variant": ["en=Widgets"], "--wrong": ["en=Wigdet"],
    "--role": ["president-of-russia", "president-of-russia@2022-01..2024-02"], "--note": ["n"], "--source-url": ["x"],
    "--file": ["g/terms.yaml", "g/new.yaml"], "--drop-lang": ["ru"], "--add-variant": ["en=Putin V."],
    "--remove-variant": ["en=Putin"], "--add-wrong": ["en=Poutine"], "--remove-wrong": ["en=Putin"],
    "--add-role": ["president-of-russia@2000..2008"], "--remove-role": ["president-of-russia"], "--text": ["Putin"],
    "--corpus": ["tree"], "--tbx-version": ["2", "3"], "--near-as": ["variant", "wrong"], "--min-count": ["1", "2"],
    "--path": ["a.en.txt"], "--lexicon": ["pairs.tsv", "ru-en=pairs.tsv"],
}
ARGUMENTS: dict[str, list[str]] = {
    "audit": ARTICLES, "gate": ["tree", ".", "a.en.txt", "b.en.md"], "corpus": ["corpus.jsonl", "tree"], "eval": ["eval.tsv"],
    "rules": ["TERM001", "XNAME002", "LANG004"], "glossary show": ["vladimir-putin"], "glossary edit": ["vladimir-putin"],
    "glossary remove": ["vladimir-putin", "widget"], "glossary import": ["g.csv"], "glossary init": ["newg", "g"],
    "glossary suggest": ["a.en.txt", "tree"],
}


def _value(draw, name: str) -> str:
    good = GOOD.get(name)
    return draw(st.sampled_from(good)) if good and draw(st.integers(0, 4)) else draw(VALUE)


def _argv(draw, path, params) -> list[str]:
    args = list(path)
    options = [p for p in params if p.param_type_name == "option" and p.opts[0] not in SKIP]
    arguments = [p for p in params if p.param_type_name == "argument"]
    required = [p for p in options if p.required]  # given most of the time
    chosen = [p for p in required if draw(st.integers(0, 9))]
    rest = [p for p in options if not p.required]
    if rest:
        chosen += draw(st.lists(st.sampled_from(rest), max_size=5, unique_by=lambda p: p.opts[0]))
    for p in chosen:
        name = draw(st.sampled_from([*p.opts, *p.secondary_opts]))
        long = max(p.opts, key=len)
        if p.is_flag:
            args.append(name)
        elif name.startswith("--") and draw(st.booleans()):
            args.append(f"{name}={_value(draw, long)}")
        else:
            args += [name, _value(draw, long)]
    good = ARGUMENTS.get(" ".join(path), PATHS)
    for a in arguments:  # usually given; sometimes missing or doubled
        for _ in range(draw(st.sampled_from([1] * 10 + [0, 2]))):
            args.append(draw(st.sampled_from(good)) if draw(st.integers(0, 4)) else draw(st.sampled_from(PATHS) | VALUE))
    if draw(st.integers(0, 19)) == 0:
        args.insert(draw(st.integers(len(path), len(args))), draw(VALUE))  # a stray word among the options
    return args


@st.composite
def command_lines(draw) -> list[str]:
    top = draw(st.sampled_from(sorted({p[0] for p, _ in LEAVES})))  # each command as often, then its sub-command
    path, params = draw(st.sampled_from([leaf for leaf in LEAVES if leaf[0][0] == top]))
    return _argv(draw, path, params)


@CLI
@given(command_lines(), st.sampled_from(["", ARTICLE, "\x00\xff", "x" * 50]))
def test_command_lines(project, argv, stdin):
    d = _fresh(project)
    try:
        device = stat.S_ISCHR(os.lstat(d / "dev" / "null").st_mode)
        run(argv, d, stdin)
        assert not device or stat.S_ISCHR(os.lstat(d / "dev" / "null").st_mode), (argv, "the device was replaced")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_every_command_is_fuzzed():
    """The tree is read, not listed: every command tqa has is among the leaves."""
    names = {" ".join(p) for p, _ in LEAVES}
    assert {"audit", "gate", "corpus", "eval", "config", "rules", "glossary add", "glossary import",
            "glossary export", "glossary lint", "glossary suggest"} <= names


# -- corpora and their run records ---------------------------------------------------------------

SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False), st.text(max_size=40),
                   st.sampled_from([ARTICLE, SOURCE, "", " ", "\x00", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")]))
JSONISH = st.recursive(SCALAR, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), kids, max_size=3)), max_leaves=8)
ROW = st.fixed_dictionaries({}, optional={"id": JSONISH, "text": JSONISH, "source": JSONISH, "lang": JSONISH,
                                          "source_lang": JSONISH, "date": JSONISH, "other": JSONISH})
LINE = st.one_of(ROW.map(json.dumps), JSONISH.map(json.dumps), st.text(max_size=60), st.just(""))


@CLI
@given(st.lists(LINE, min_size=1, max_size=6), st.sampled_from([[], ["--source-col", "source"], ["--lang", "en"],
                                                               ["--id-col", "other", "--text-col", "source"]]))
def test_corpus_rows(project, lines, options):
    d = _fresh(project)
    try:
        (d / "rows.jsonl").write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")
        run(["corpus", "rows.jsonl", "-o", "out", "--jobs", "1", "--no-progress", "--batch-size", "2", *options], d)
    finally:
        shutil.rmtree(d, ignore_errors=True)


RECORD_TEXT = st.one_of(JSONISH.map(json.dumps), st.text(max_size=80), st.binary(max_size=80).map(lambda b: b.decode("latin-1")))


@st.composite
def damaged_record(draw, base: dict | None = None):
    """A run file's JSON with one value replaced (by a scalar of another type, a path, a
    structure), or random content."""
    if base is None or draw(st.booleans()):
        return draw(RECORD_TEXT)
    obj = json.loads(json.dumps(base))
    parent, key, node = None, None, obj
    while isinstance(node, dict) and node:  # down a random path of keys
        k = draw(st.sampled_from(sorted(node)))
        parent, key, node = node, k, node[k]
        if not draw(st.booleans()):
            break
    if parent is None:
        return draw(RECORD_TEXT)
    parent[key] = draw(st.one_of(JSONISH, st.sampled_from(["dev/null", "../../x", "documents-00000.jsonl", "done",
                                                                  "manifest.json", 10**30, -1, 0])))
    return json.dumps(obj)


@pytest.fixture(scope="module")
def finished_run(project):
    """`tqa corpus` over the project's corpus, finished: manifest, done records, shards, summary."""
    d = _fresh(project)
    res = run(["corpus", "corpus.jsonl", "-o", "out", "--jobs", "1", "--no-progress", "--batch-size", "1",
               "--source-col", "source"], d)
    assert res.exit_code in (0, 1), res.output
    yield d
    shutil.rmtree(d, ignore_errors=True)


@CLI
@given(st.data())
def test_corpus_run_records(finished_run, data):
    d = _fresh(finished_run)
    try:
        out = d / "out"
        files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and ".lock" not in p.name)
        for name in data.draw(st.lists(st.sampled_from(files), min_size=1, max_size=2, unique=True)):
            p = out / name
            try:
                base = json.loads(p.read_text(encoding="utf-8")) if name.endswith(".json") else None
            except ValueError:
                base = None
            p.write_text(data.draw(damaged_record(base if isinstance(base, dict) else None)), encoding="utf-8",
                         errors="surrogatepass")
        run(["corpus", "corpus.jsonl", "-o", "out", "--jobs", "1", "--no-progress", "--batch-size", "1",
             "--source-col", "source"], d)
    finally:
        shutil.rmtree(d, ignore_errors=True)


# -- tqa eval -----------------------------------------------------------------------------------------

EVAL_CELL = st.one_of(st.sampled_from(["ru", "en", "xx", "", "ok", "bad", "OK", " bad ", "name", SOURCE.split("\n")[0],
                                       ARTICLE.split("\n")[0], "2022-02-30"]), st.text(max_size=25))
EVAL_HEADERS = ["id", "src_lang", "tgt_lang", "source", "translation", "reference", "label", "category"]


@CLI
@given(st.one_of(st.just(EVAL_HEADERS), st.permutations(EVAL_HEADERS), st.lists(st.sampled_from([*EVAL_HEADERS, "zz"]), max_size=9)),
       st.lists(st.lists(EVAL_CELL, min_size=0, max_size=9), max_size=3), st.sampled_from(["\n", "\r\n", "\r"]))
def test_eval_tables(project, header, rows, nl):
    d = _fresh(project)
    try:
        text = nl.join("\t".join(r) for r in [header, *rows]) + nl
        (d / "e.tsv").write_text(text, encoding="utf-8", errors="replace", newline="")
        run(["eval", "e.tsv", "-f", "json"], d)
    finally:
        shutil.rmtree(d, ignore_errors=True)
