"""`tqa glossary ...`: keep the glossary — list, show, add, edit, remove, lint, import, export,
suggest, stats. Thin commands over audit.glossary.authoring (edit, lint, tbx, csvio, exchange, suggest).

Exit codes: 0 ok, 1 problems found (lint findings, import conflicts), 2 usage or input error.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Optional

import typer

from audit.cli import app, lazy_group
from audit.cli.common import EXIT_FAIL, command, emit, error, load_settings

# The glossary machinery (audit.glossary, audit.references, audit.yamlio...) is imported inside
# each command: every `tqa` run loads this module, and `tqa --help` must not pay for it.

glossary_app = typer.Typer(
    # `suggest` is imported when it is used (tqa glossary suggest ...), the others are here
    cls=lazy_group({"suggest": ("audit.cli.glossary_suggest_cmd", "Propose entries for names the glossary lacks, with counts and example sentences.")}),
    name="glossary",
    help="Keep the glossary: list, show, add, edit, remove, lint, import, export (TBX, CSV), suggest, stats.",
    no_args_is_help=True,
    rich_markup_mode=None,  # as the main app: "[tool.tqa]" in help texts stays visible
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(glossary_app, name="glossary")

GLOSSARY_HELP = "Glossary directory or .yaml file (default: [tool.tqa] glossary or extend-glossary, else the references' glossary)."
CONFIG_HELP = "tqa.toml or pyproject.toml to read (default: found from the current directory up)."


def _settings(config: Optional[Path]):
    return load_settings(config)


def glossary_path(glossary: Optional[Path], config: Optional[Path], write: bool = False) -> Path:
    """-g, else the config's `glossary`, else its `extend-glossary`, else the references'
    glossary. An edit (`write`) is refused where that is the bundled glossary: it lives in the
    installed package (site-packages in a wheel install) and would be lost on upgrade."""
    if glossary is not None:
        return glossary
    settings = _settings(config)
    if settings.glossary:
        return Path(settings.glossary[0])
    if settings.extend_glossary:
        return Path(settings.extend_glossary[0])
    if settings.references:
        return Path(settings.references) / "glossary"
    from audit.references import bundled_root

    if write:
        raise error(f"no project glossary to write to (only the bundled one, {bundled_root() / 'glossary'}, which "
                    "tqa does not edit): create one with `tqa glossary init glossary`, then give it with "
                    "-g glossary or set extend-glossary = [\"glossary\"] in tqa.toml")
    return bundled_root() / "glossary"


def open_store(glossary: Optional[Path], config: Optional[Path], create: bool = False, write: bool = False):
    from audit.glossary.authoring.edit import GlossaryStore

    path = glossary_path(glossary, config, write=write)
    if create and not path.exists() and path.suffix not in (".yaml", ".yml"):
        path.mkdir(parents=True)
    return GlossaryStore(path)


def _pairs(values: Optional[list[str]], option: str) -> list[tuple[str, str]]:
    out = []
    for v in values or ():
        lang, sep, text = v.partition("=")
        if not sep or not lang.strip() or not text.strip():
            raise error(f"{option} takes LANG=TEXT, e.g. {option} en='Olaf Scholz' (got {v!r})")
        out.append((lang.strip(), text.strip()))
    return out


def _role(value: str) -> dict:
    title, _, dates = value.partition("@")
    role = {"title": title.strip()}
    if dates:
        start, sep, end = dates.partition("..")
        if not sep:
            raise error(f"--role takes TITLE-ID or TITLE-ID@FROM..TO (either date may be empty), got {value!r}")
        if start.strip():
            role["from"] = start.strip()
        if end.strip():
            role["to"] = end.strip()
    return role


def print_report(changes) -> None:
    for c in changes:
        typer.echo(f"{c.action} {c.id} ({c.file})")


# ---------------------------------------------------------------------------------------------
# Reading


@glossary_app.command("list")
@command
def list_(
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Only entries of this kind (person, organisation, title, place, term)."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help="Only entries with a form in this language; show that form."),
    text: Optional[str] = typer.Option(None, "--text", "-t", help="Only entries whose id or any form contains this (case-insensitive)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """List entries, optionally filtered by kind, language and text."""
    from audit.glossary.model import KINDS
    from audit.glossary.authoring.serialize import entry_to_data

    if kind is not None and kind not in KINDS:
        raise error(f"unknown kind {kind!r} (choose from: {', '.join(KINDS)})")
    g = open_store(glossary, config).load()
    needle = text.casefold() if text else None
    rows = []
    for e in g:
        if kind and e.kind != kind or lang and lang not in e.forms:
            continue
        if needle and needle not in e.id and not any(
            needle in f.casefold() for lg in set(e.forms) | set(e.variants) | set(e.wrong) for f in e.all_forms(lg)
        ):
            continue
        rows.append(e)
    if fmt == "json":
        emit(json.dumps([entry_to_data(e) for e in rows], ensure_ascii=False, indent=2) + "\n", None)
        return
    if fmt != "text":
        raise error(f"unknown format {fmt!r} (choose from: text, json)")
    width = max((len(e.id) for e in rows), default=0)
    for e in rows:
        forms = e.forms[lang] if lang else " / ".join(f"{lg}: {f}" for lg, f in e.forms.items())
        typer.echo(f"{e.id:<{width}}  {e.kind:<12}  {forms}")


@glossary_app.command("show")
@command
def show(
    entry_id: str = typer.Argument(..., metavar="ID", help="The entry id."),
    fmt: str = typer.Option("yaml", "--format", "-f", help="yaml or json."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Show one entry, with the file and line it is written at."""
    from audit.glossary.authoring.serialize import entry_to_data, render_entry

    g = open_store(glossary, config).load()
    e = g.get(entry_id)
    if e is None:
        raise error(f"no entry {entry_id!r}; `tqa glossary list --text {entry_id.split('-')[0]}` finds similar ones")
    if fmt == "json":
        emit(json.dumps({**entry_to_data(e), "file": e.file, "line": e.line}, ensure_ascii=False, indent=2) + "\n", None)
        return
    typer.echo(f"# {e.file}:{e.line}")
    typer.echo(render_entry(entry_to_data(e)), nl=False)


@glossary_app.command("stats")
@command
def stats(
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Counts: entries per kind and file, forms per language, roles, notes and sources."""
    g = open_store(glossary, config).load()
    per_file = Counter(e.file for e in g)
    files = sorted(set(map(str, g.files)) | set(per_file))  # every file read, those with no entries too
    typer.echo(f"{len(g)} entries in {len(files)} file(s)")
    for k, n in sorted(Counter(e.kind for e in g).items()):
        typer.echo(f"  {k:<14}{n:>5}")
    typer.echo("files:")
    for f in files:
        typer.echo(f"  {Path(f).name:<24}{per_file.get(f, 0):>5}")
    typer.echo("languages:        canonical  variants  wrong")
    for lang in sorted(g.languages()):
        c = sum(1 for e in g if lang in e.forms)
        v = sum(len(e.variants.get(lang, ())) for e in g)
        w = sum(len(e.wrong.get(lang, ())) for e in g)
        typer.echo(f"  {lang:<14}{c:>11}{v:>10}{w:>7}")
    typer.echo(f"with roles: {sum(1 for e in g if e.roles)}   with a source: {sum(1 for e in g if e.source)}"
               f"   with a note: {sum(1 for e in g if e.note)}")


@glossary_app.command("init")
@command
def init(
    directory: Path = typer.Argument(..., metavar="DIR", help="The directory to create (it may exist if empty)."),
) -> None:
    """Create a project glossary: DIR with one commented, empty file per kind (atomically)."""
    from audit.glossary.authoring.edit import DEFAULT_FILES
    from audit.references import bundled_root

    if directory.exists() and not directory.is_dir():
        raise error(f"{directory}: exists and is not a directory")
    if directory.is_dir() and any(directory.iterdir()):
        raise error(f"{directory}: exists and is not empty (a glossary already? `tqa glossary stats -g {directory}`)")
    parent = directory.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise error(f"{parent}: cannot create ({exc.strerror or exc})") from None
    # Built beside DIR, then renamed into place: a reader never sees half a skeleton.
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.init-", dir=parent))
    except OSError as exc:
        raise error(f"{parent}: cannot write ({exc.strerror or exc})") from None
    try:
        for kind, name in DEFAULT_FILES.items():
            _write_synced(tmp / name, _skeleton(bundled_root() / "glossary" / name, kind))
        os.chmod(tmp, 0o777 & ~_umask())
        os.rename(tmp, directory)  # replaces an empty DIR too (POSIX rename)
        fd = os.open(parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise error(f"{directory}: cannot create ({exc.strerror or exc})") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    typer.echo(f"created {directory}/ with {', '.join(DEFAULT_FILES.values())} (no entries yet)")
    typer.echo(f"add entries:  tqa glossary add -g {directory} --kind person --form en=\"Liz Truss\" --wrong en=\"Liz Trass\"")
    typer.echo(f"audit with it and the bundled glossary:  tqa audit ARTICLE --extend-glossary {directory}")
    typer.echo(f"or in tqa.toml:  extend-glossary = [\"{directory.as_posix()}\"]  (then `tqa glossary add` writes there)")


def _skeleton(bundled_file: Path, kind: str) -> str:
    """The bundled file's leading comment (what each field means), else a one-line header."""
    lines = []
    if bundled_file.is_file():
        for line in bundled_file.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#") and line.strip():
                break
            lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    head = "\n".join(lines) if lines else f"# Glossary entries of kind {kind}. `tqa glossary lint` checks this file."
    return head + "\n"


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------------------------------------
# Editing


@glossary_app.command("add")
@command
def add(
    kind: str = typer.Option(..., "--kind", "-k", help="person, organisation, title, place or term."),
    form: list[str] = typer.Option(..., "--form", help="Canonical form, LANG=TEXT (repeatable: one per language)."),
    entry_id: Optional[str] = typer.Option(None, "--id", help="Entry id (default: made from the first form)."),
    variant: Optional[list[str]] = typer.Option(None, "--variant", help="Acceptable variant, LANG=TEXT (repeatable)."),
    wrong: Optional[list[str]] = typer.Option(None, "--wrong", help="Known wrong rendering, LANG=TEXT (repeatable)."),
    role: Optional[list[str]] = typer.Option(None, "--role", help="TITLE-ID or TITLE-ID@FROM..TO (repeatable)."),
    note: Optional[str] = typer.Option(None, "--note", help="A note for editors."),
    source: Optional[str] = typer.Option(None, "--source", help="Where the canonical form comes from."),
    fuzzy: Optional[bool] = typer.Option(None, "--fuzzy/--no-fuzzy", help="Look for near-miss spellings (default: for people)."),
    file: Optional[Path] = typer.Option(None, "--file", help="Write to this file of the glossary (default: the file for the kind)."),
    force: bool = typer.Option(False, "--force", help="Write the entry even where `glossary lint` would reject it (lint goes on reporting it)."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Add an entry (validated with the whole glossary, refused where `lint` would reject it; written atomically under
    a lock)."""
    from audit.errors import TqaError
    from audit.glossary.model import KINDS
    from audit.glossary.authoring.serialize import make_id

    forms = dict(_pairs(form, "--form"))
    data: dict = {"id": entry_id or make_id(next(iter(forms.values()))), "kind": kind, "forms": forms}
    for key, values, opt in (("variants", variant, "--variant"), ("wrong", wrong, "--wrong")):
        table: dict = {}
        for lang, text in _pairs(values, opt):
            table.setdefault(lang, []).append(text)
        if table:
            data[key] = table
    if role:
        data["roles"] = [_role(r) for r in role]
    for key, value in (("source", source), ("note", note), ("fuzzy", fuzzy)):
        if value is not None:
            data[key] = value
    store = open_store(glossary, config, write=True)
    if file is not None:
        if not store.is_dir:
            raise error("--file is for a glossary directory; this glossary is one file")
        if not file.is_absolute() and file.parent == Path("."):
            file = store.path / file
        if file.suffix not in (".yaml", ".yml") or file.resolve().parent != store.path.resolve():
            raise error(f"--file must name a .yaml file in {store.path}")
    known = _known_languages(_settings(config))

    def checked_add(session) -> None:
        # under the store's lock: what `lint` would reject is refused with lint's own words
        from audit.glossary.authoring import lint as L
        from audit.glossary.load import parse_entries

        try:
            (new,) = parse_entries([data], file or store.path)
        except TqaError:
            new = None  # invalid: the store's own checks say where and why
        if not force and new is not None and session.glossary().get(data["id"]) is None and data.get("kind") in KINDS:
            problems = L.problems_of_new(list(session.glossary()), new, known)
            if problems:
                raise TqaError("refused, `tqa glossary lint` would reject it: "
                               + "; ".join(f"[{p.code}] {p.message}" for p in problems) + " (--force writes it anyway)")
        session.add(data, file)

    print_report(store.apply(checked_add))


def _known_languages(settings):
    """references/languages.yaml of the configured references, else the bundled one."""
    from audit import yamlio
    from audit.language_facts import parse_languages
    from audit.references import bundled_root

    lang_file = Path(settings.references or bundled_root()) / "languages.yaml"
    if not lang_file.exists():
        lang_file = bundled_root() / "languages.yaml"
    return parse_languages(yamlio.load(lang_file), str(lang_file))


@glossary_app.command("edit")
@command
def edit(
    entry_id: str = typer.Argument(..., metavar="ID", help="The entry id."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Set the kind."),
    form: Optional[list[str]] = typer.Option(None, "--form", help="Set a canonical form, LANG=TEXT (repeatable)."),
    drop_lang: Optional[list[str]] = typer.Option(None, "--drop-lang", help="Remove a language: its form, variants and wrong renderings."),
    add_variant: Optional[list[str]] = typer.Option(None, "--add-variant", help="LANG=TEXT (repeatable)."),
    remove_variant: Optional[list[str]] = typer.Option(None, "--remove-variant", help="LANG=TEXT (repeatable)."),
    add_wrong: Optional[list[str]] = typer.Option(None, "--add-wrong", help="LANG=TEXT (repeatable)."),
    remove_wrong: Optional[list[str]] = typer.Option(None, "--remove-wrong", help="LANG=TEXT (repeatable)."),
    add_role: Optional[list[str]] = typer.Option(None, "--add-role", help="TITLE-ID or TITLE-ID@FROM..TO (repeatable)."),
    remove_role: Optional[list[str]] = typer.Option(None, "--remove-role", help="TITLE-ID: remove every role with this title."),
    note: Optional[str] = typer.Option(None, "--note", help="Set the note ('' removes it)."),
    source: Optional[str] = typer.Option(None, "--source", help="Set the source ('' removes it)."),
    fuzzy: Optional[bool] = typer.Option(None, "--fuzzy/--no-fuzzy", help="Set near-miss matching."),
    force: bool = typer.Option(False, "--force", help="Write the change even where `glossary lint` would reject it."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Change an entry. Only its lines are rewritten; the rest of the file is kept as written."""
    from audit.glossary.authoring.editops import EntryEdit, apply_edit

    change = EntryEdit(
        kind=kind, forms=_pairs(form, "--form"), drop_langs=list(drop_lang or ()),
        add_variants=_pairs(add_variant, "--add-variant"), remove_variants=_pairs(remove_variant, "--remove-variant"),
        add_wrong=_pairs(add_wrong, "--add-wrong"), remove_wrong=_pairs(remove_wrong, "--remove-wrong"),
        add_roles=[_role(r) for r in add_role or ()], remove_roles=list(remove_role or ()),
        note=note, source=source, fuzzy=fuzzy,
    )
    known = _known_languages(_settings(config))

    def checked_update(session) -> None:
        # under the lock: an edit may not bring in what `lint` would reject (problems the
        # entry already had are not this edit's; --force writes anyway)
        from audit.errors import TqaError
        from audit.glossary.authoring import lint as L
        from audit.glossary.load import parse_entries

        old = session.glossary().get(entry_id)
        if not force and old is not None:
            try:
                (new,) = parse_entries([apply_edit(dict(session.raw(entry_id)), change)], old.file or "<glossary>")
            except TqaError:
                new = None  # invalid: the store's own checks say where and why
            if new is not None:
                others = [e for e in session.glossary() if e.id != entry_id]
                had = {(p.code, p.message) for p in L.problems_of_new(others, old, known)}
                problems = [p for p in L.problems_of_new(others, new, known) if (p.code, p.message) not in had]
                if problems:
                    raise TqaError("refused, `tqa glossary lint` would reject it: "
                                   + "; ".join(f"[{p.code}] {p.message}" for p in problems) + " (--force writes it anyway)")
        session.update(entry_id, lambda data: apply_edit(data, change))

    print_report(open_store(glossary, config, write=True).apply(checked_update))


@glossary_app.command("remove")
@command
def remove(
    entry_id: str = typer.Argument(..., metavar="ID", help="The entry id."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Remove an entry (refused while a person's roles still name it)."""
    print_report([open_store(glossary, config, write=True).remove(entry_id)])


# ---------------------------------------------------------------------------------------------
# Checking and exchange


@glossary_app.command("lint")
@command
def lint(
    lang: Optional[list[str]] = typer.Option(None, "--lang", "-l", help="Every entry needs a form in this language (repeatable; default: [tool.tqa] glossary-languages)."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="A directory of articles: report entries that match nothing in it."),
    info: bool = typer.Option(False, "--info", help="Also show informational notes (they never fail)."),
    codes: bool = typer.Option(False, "--codes", help="List the problem codes, their levels and meanings, and exit."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Check the glossary: exit 0 clean, 1 errors or warnings found, 2 bad input."""
    from audit.glossary.authoring import lint as L

    if codes:
        for code, (level, what) in L.CODES.items():
            typer.echo(f"{code:<18} {level:<8} {what}")
        return
    settings = _settings(config)
    path = glossary_path(glossary, config)
    languages = tuple(c.strip() for v in (lang or ()) for c in v.split(",") if c.strip()) or settings.glossary_languages
    problems = L.lint(path, languages, _known_languages(settings), corpus)
    shown = [p for p in problems if info or p.level != L.INFO]
    if fmt == "json":
        emit(json.dumps([{"level": p.level, "code": p.code, "message": p.message, "file": p.file, "line": p.line,
                          "entry": p.entry} for p in shown], ensure_ascii=False, indent=2) + "\n", None)
    elif fmt == "text":
        for p in shown:
            typer.echo(p.format())
        counts = {lv: sum(1 for p in problems if p.level == lv) for lv in L.LEVELS}
        hint = "" if info or not counts[L.INFO] else " (--info shows them)"
        typer.echo(f"{path}: {counts[L.ERROR]} error(s), {counts[L.WARNING]} warning(s), {counts[L.INFO]} note(s){hint}",
                   err=True)
    else:
        raise error(f"unknown format {fmt!r} (choose from: text, json)")
    if L.failed(problems):
        raise typer.Exit(EXIT_FAIL)


def _load_any(glossary: Optional[Path], config: Optional[Path]):
    """Read-only: when the path is a broken glossary, say where, as load does."""
    return open_store(glossary, config).load()


@glossary_app.command("export")
@command
def export(
    fmt: str = typer.Option("tbx", "--format", "-f", help="tbx (TBX-Basic, ISO 30042) or csv."),
    tbx_version: int = typer.Option(3, "--tbx-version", help="TBX: 3 (TBX 2019, <tbx>, the default) or 2 (the older <martif>, for tools that read only v2)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (atomically) instead of stdout."),
    source_lang: Optional[str] = typer.Option(None, "--source-lang", help="TBX: the file's main language (default: en)."),
    lang: Optional[list[str]] = typer.Option(None, "--lang", "-l", help="CSV: only these language columns (repeatable)."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Export the glossary as TBX or CSV (import gives it back unchanged)."""
    g = _load_any(glossary, config)
    if fmt == "tbx":
        from audit.glossary.authoring.tbx import export_tbx

        emit(export_tbx(g, source_lang, version=tbx_version), output)
    elif fmt == "csv":
        from audit.glossary.authoring.csvio import export_csv

        emit(export_csv(g, list(lang) if lang else None), output)
    else:
        raise error(f"unknown format {fmt!r} (choose from: tbx, csv)")


@glossary_app.command("import")
@command
def import_(
    file: Path = typer.Argument(..., help="A .tbx or .csv file."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="tbx or csv (default: by extension)."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Report what would change; write nothing."),
    kind: str = typer.Option("term", "--kind", "-k", help="Kind of the entries of a CSV without a kind column (plain language columns, memoQ): person, organisation, title, place or term."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Merge entries from TBX or CSV (tqa's columns, plain language columns such as English,Russian, or a memoQ
    export): add new ones, extend agreeing ones, report conflicts (exit 1)."""
    from audit.glossary.authoring.exchange import import_entries, read_entries
    from audit.glossary.model import KINDS

    if kind not in KINDS:
        raise error(f"unknown kind {kind!r} (choose from: {', '.join(KINDS)})")

    fmt = fmt or {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".tsv": "csv"}.get(file.suffix.lower())
    if not file.exists():
        raise error(f"{file}: no such file")
    if not file.is_file():  # a FIFO or device is not read whole twice, a directory not at all
        from audit.reading import file_kind

        raise error(f"{file}: is {file_kind(file.stat().st_mode)}: glossary import reads a TBX or CSV file")
    if fmt == "tbx":
        from audit.glossary.authoring.tbx import read_tbx

        items = [(None, d) for d in read_tbx(file)]
    elif fmt == "csv":
        from audit.glossary.authoring.csvio import read_csv

        items = read_csv(file, kind=kind)
    else:
        raise error(f"{file}: say --format tbx or --format csv")
    entries = read_entries(items, file)
    report = import_entries(open_store(glossary, config, create=not dry_run, write=not dry_run), entries, dry_run=dry_run)
    verb = "would be " if dry_run else ""
    for eid in report.added:
        typer.echo(f"{verb}added {eid}")
    for eid, details in report.merged:
        typer.echo(f"{verb}merged {eid}: {', '.join(details)}")
    for eid, why in report.conflicts:
        typer.echo(f"conflict {eid}: {why} (left as it was)")
    typer.echo(f"{len(report.added)} {verb}added, {len(report.merged)} {verb}merged, {len(report.unchanged)} unchanged, "
               f"{len(report.conflicts)} conflict(s)", err=True)
    if report.conflicts:
        raise typer.Exit(EXIT_FAIL)

