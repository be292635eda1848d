"""`tqa glossary suggest FILES...`: propose entries from articles; `--apply` writes them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from audit.cli import options as o
from audit.cli.common import command, emit, error, load_settings
from audit.cli.conventions import glossary_paths
from audit.cli.glossary_cmd import CONFIG_HELP, GLOSSARY_HELP, glossary_app, glossary_path, open_store, print_report

EXAMPLE_WIDTH = 140


@glossary_app.command("suggest")
@command
def suggest(
    files: list[Path] = typer.Argument(..., help="Articles to read (text, Markdown or HTML)."),
    apply: bool = typer.Option(False, "--apply", help="Write the suggestions to the glossary (after a prompt)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="With --apply: do not ask."),
    near_as: str = typer.Option("skip", "--near-as", help="With --apply: leave near-duplicates out ('skip', the default: a near spelling may be another name, e.g. a relative), or add them to their entry as 'wrong' or 'variant'."),
    min_count: int = typer.Option(1, "--min-count", min=1, help="Only names seen at least this many times."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    model: Optional[str] = typer.Option(None, "--model", envvar="TQA_MODEL", help="Back-translation model (target → source) for the source-language form: a local Marian directory or a hub id."),
    engine: str = typer.Option("transformers", "--engine", help="Translation engine: transformers or ct2."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help=GLOSSARY_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    allow_special_files: o.AllowSpecialFiles = False,
) -> None:
    """Propose entries for names the glossary lacks, with counts and example sentences."""
    from audit.glossary.authoring.suggest import suggest as run_suggest
    from audit.references import load_references

    if near_as not in ("skip", "wrong", "variant"):
        raise error(f"--near-as takes skip, wrong or variant (got {near_as!r})")
    if fmt not in ("text", "json"):
        raise error(f"unknown format {fmt!r} (choose from: text, json)")
    o.allow_special_files(allow_special_files)
    settings = load_settings(config)
    path = glossary_path(glossary, config, write=apply)  # where --apply writes: checked before the work
    # what is known already: -g, else the glossary an audit would use (the config's extend-glossary added)
    known = [glossary] if glossary is not None else glossary_paths(None, None, settings, None) or [path]
    refs = load_references(Path(settings.references) if settings.references else None, known)
    translator = _translator(model, engine)
    notices: list[str] = []
    suggestions = run_suggest(list(files), refs, translator=translator, min_count=min_count, notices=notices)
    for line in notices:
        typer.echo(f"tqa: {line}", err=True)
    if fmt == "json":
        emit(json.dumps([_as_dict(s) for s in suggestions], ensure_ascii=False, indent=2) + "\n", None)
    else:
        _print(suggestions, len(files))
    if not apply or not suggestions:
        return
    if near_as == "skip":
        near = [s for s in suggestions if s.near]
        suggestions = [s for s in suggestions if not s.near]
        if near:
            typer.echo(f"tqa: {len(near)} near-duplicate(s) not written (--near-as wrong or variant writes them): "
                       + ", ".join(f"{s.form!r} ~ {s.near}" for s in near), err=True)
        if not suggestions:
            typer.echo("nothing written", err=True)
            return
    if not yes:
        try:
            ok = typer.confirm(f"Write {len(suggestions)} suggestion(s) to {path}?", default=False, err=True)
        except typer.Abort:
            ok = False
        if not ok:
            typer.echo("nothing written", err=True)
            return
    print_report(_apply(open_store(glossary, config, write=True), suggestions, near_as))


def _translator(model: Optional[str], engine: str):
    if not model:
        return None
    from audit.translate.base import ModelUnavailable
    from audit.translate.factory import make_translator

    try:
        return make_translator(model, engine=engine)
    except ModelUnavailable as exc:
        typer.echo(f"tqa: source-language forms skipped: {exc}", err=True)
        return None


def _as_dict(s) -> dict:
    return {
        "form": s.form, "lang": s.lang, "kind": s.kind, "id": s.id, "count": s.count,
        "spellings": dict(s.spellings), "files": dict(s.files), "short_forms": dict(s.short),
        "examples": s.examples, "near": s.near, "near_form": s.near_form,
        "source_form": s.source_form, "source_lang": s.source_lang,
    }


def _excerpt(sentence: str, form: str) -> str:
    if len(sentence) <= EXAMPLE_WIDTH:
        return sentence
    at = max(0, sentence.find(form) - 40)
    cut = sentence[at : at + EXAMPLE_WIDTH]
    return ("…" if at else "") + cut + ("…" if at + EXAMPLE_WIDTH < len(sentence) else "")


def _print(suggestions, n_files: int) -> None:
    if not suggestions:
        typer.echo(f"no suggestions: every capitalised name in {n_files} file(s) is in the glossary")
        return
    typer.echo(f"{len(suggestions)} suggestion(s) from {n_files} file(s):")
    for s in suggestions:
        where = f"{s.count}× in {len(s.files)} file(s)"
        if s.near:
            head = f"near-duplicate of {s.near} ({s.near_form!r}): add as a wrong rendering or a variant"
        else:
            head = f"new {s.kind} {s.id}"
        typer.echo(f"\n  {s.form}  [{head}]  {where}")
        if len(s.spellings) > 1:
            typer.echo("    spelled: " + ", ".join(f"{k!r} ×{n}" for k, n in s.spellings.most_common()))
        for word, n in s.short.items():
            typer.echo(f"    also alone: {word!r} ×{n}")
        if s.source_form:
            typer.echo(f"    {s.source_lang}: {s.source_form} (back-translated; check it)")
        for ex in s.examples:
            typer.echo(f"    e.g. {_excerpt(ex, s.form)}")


def _apply(store, suggestions, near_as: str):
    key = "wrong" if near_as == "wrong" else "variants"

    def edit(session):
        for s in suggestions:
            if s.near:
                def add(data, s=s):
                    table = {k: list(v) for k, v in (data.get(key) or {}).items()}
                    items = table.setdefault(s.lang, [])
                    for spelling in s.spellings:
                        if spelling not in items:
                            items.append(spelling)
                    return {**data, key: table}

                session.update(s.near, add)
            else:
                data = s.entry()
                base, n = data["id"], 2
                while session.glossary().get(data["id"]) is not None:
                    data["id"], n = f"{base}-{n}", n + 1
                session.add(data)

    return store.apply(edit)
