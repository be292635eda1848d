"""`tqa audit FILE`: audit one translated article and report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from audit.cli import app
from audit.cli.common import EXIT_FAIL, EXIT_OK, command, emit, error, load_settings_and_refs, split_codes

FORMAT_HELP = "Output format: terminal, json, markdown, sarif, junit, github, html."


@app.command("audit")
@command
def audit(
    file: Path = typer.Argument(..., help="The translated text to audit.", show_default=False),
    fmt: str = typer.Option("terminal", "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here (atomically) instead of stdout."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the text (default: metadata, file name, or detected)."),
    source_lang: Optional[str] = typer.Option(None, "--source-lang", help="Language it was translated from (default: metadata)."),
    date: Optional[str] = typer.Option(None, "--date", help="Article date YYYY-MM-DD: picks the titles people held then."),
    references: Optional[Path] = typer.Option(None, "--references", help="References directory (default: the bundled one)."),
    glossary: Optional[list[Path]] = typer.Option(None, "--glossary", "-g", help="Glossary file or directory (repeatable); replaces the references' glossary."),
    min_score: Optional[float] = typer.Option(None, "--min-score", help="Fail below this quality score (default 95)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Fail on any finding of this severity or worse: minor, major, critical, none."),
    select: Optional[list[str]] = typer.Option(None, "--select", help="Only rules whose code starts with these prefixes (comma-separated)."),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="Skip rules whose code starts with these prefixes (comma-separated)."),
    config: Optional[Path] = typer.Option(None, "--config", help="tqa.toml or pyproject.toml to read (default: found from the current directory up)."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the terminal report (default: when stdout is a terminal)."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help="Refuse inputs larger than this (default 20 MB, or TQA_MAX_BYTES)."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="text, html or markdown (default: by extension: .html/.htm, .md)."),
    model: Optional[str] = typer.Option(None, "--model", envvar="TQA_MODEL", help="Back-translation model (target → source): a local Marian directory or a hub id (default: the pair's model in references/models.yaml, if already on this machine)."),
    forward_model: Optional[str] = typer.Option(None, "--forward-model", envvar="TQA_FORWARD_MODEL", help="Model for the way back (source → target), for round-trip chrF (default: the pair's model, if on this machine)."),
    engine: Optional[str] = typer.Option(None, "--engine", envvar="TQA_ENGINE", help="Translation engine: transformers (default) or ct2 (CTranslate2, int8)."),
    beams: Optional[int] = typer.Option(None, "--beams", min=1, max=16, help="Beam size for back-translation (default 1: greedy)."),
    require_model: bool = typer.Option(False, "--require-model", help="A missing back-translation model is an error (exit 2), not a notice."),
    show_backtranslation: bool = typer.Option(False, "--show-backtranslation", help="Terminal report: list each segment with its back-translation."),
    source: Optional[Path] = typer.Option(None, "--source", help="The source text FILE was translated from: enables the bilingual checks (docs/bilingual.md)."),
    pair_lines: bool = typer.Option(False, "--pair-lines", help="With --source: pair line i with line i instead of aligning sentences."),
    reference: Optional[list[Path]] = typer.Option(None, "--reference", help="A reference text in FILE's language (repeatable): align, diff and score with chrF/BLEU/TER (docs/references.md)."),
    post_edit: Optional[list[Path]] = typer.Option(None, "--post-edit", help="A post-edit of FILE itself (repeatable): like --reference, with TER reported as HTER."),
    bundled_references: bool = typer.Option(True, "--bundled-references/--no-bundled-references", help="Also use references/documents/<document id>/ (default: yes)."),
) -> None:
    """Audit one machine-translated FILE: exit 0 if it passes, 1 if it fails, 2 on bad input."""
    from audit.config import parse_fail_on
    from audit.pipeline import audit_path
    from audit.report import FORMATS, renderer

    if fmt not in FORMATS:
        raise error(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    try:
        fail_level = parse_fail_on(fail_on) if fail_on is not None else None
    except ValueError as exc:
        raise error(str(exc)) from None
    settings, refs = load_settings_and_refs(
        config, references, glossary, min_score=min_score, select=split_codes(select), ignore=split_codes(ignore)
    )
    settings = settings.for_path(file)  # the config's per-path overrides and per-file ignores (docs/gate.md)
    if fail_on is not None:
        from dataclasses import replace

        settings = replace(settings, fail_on=fail_level)
    if input_format is not None and input_format not in ("text", "html", "markdown"):
        raise error(f"unknown input format {input_format!r} (choose from: text, html, markdown)")
    from audit.backtranslate import BTOptions, backtranslation_stage

    if engine is not None and engine not in ("transformers", "ct2"):
        raise error(f"unknown engine {engine!r} (choose from: transformers, ct2)")
    bt = backtranslation_stage(BTOptions(model=model or None, forward_model=forward_model or None, engine=engine,
                                         beams=beams, require=require_model))
    from audit.refstage import reference_stage

    ref_stage = reference_stage(reference or (), post_edit or (), bundled=bundled_references, max_bytes=max_bytes)
    from audit.bilingual.run import audit_bilingual, is_bilingual

    if pair_lines and source is None:
        raise error("--pair-lines needs --source")
    if is_bilingual(file, source, input_format):  # --source, or an XLIFF/TMX/PO/TSV/CSV file
        result = audit_bilingual(file, source, pair_lines, refs, settings, lang=lang, source_lang=source_lang, date=date,
                                 max_bytes=max_bytes, fmt=input_format, stages=(bt, ref_stage))
    else:
        result = audit_path(
            file, refs, settings, lang=lang, source_lang=source_lang, date=date, max_bytes=max_bytes, fmt=input_format,
            stages=(bt, ref_stage),
        )
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    emit(renderer(fmt)(result, color=use_color, show_backtranslation=show_backtranslation), output)
    raise typer.Exit(EXIT_OK if result.passed else EXIT_FAIL)
