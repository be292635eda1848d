"""`tqa audit FILE`: audit one translated article and report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from audit.cli import app, options as o
from audit.cli.common import EXIT_FAIL, EXIT_OK, command, emit, error, load_settings_and_refs

INPUT_FORMATS = ("text", "html", "markdown")


@app.command("audit")
@command
def audit(
    file: Annotated[Path, typer.Argument(help="The translated text to audit.", show_default=False)],
    fmt: o.Format = "terminal",
    output: o.Output = None,
    lang: o.Lang = None,
    source_lang: o.SourceLang = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Article date YYYY-MM-DD: picks the titles people held then.")] = None,
    references: o.References = None,
    glossary: o.Glossary = None,
    lexicon: o.Lexicon = None,
    min_score: o.MinScore = None,
    fail_on: o.FailOn = None,
    select: o.Select = None,
    ignore: o.Ignore = None,
    config: o.Config = None,
    color: o.Color = None,
    max_bytes: o.MaxBytes = None,
    input_format: Annotated[Optional[str], typer.Option("--input-format", help="text, html or markdown (default: by extension: .html/.htm, .md).")] = None,
    model: o.Model = None,
    forward_model: Annotated[Optional[str], typer.Option("--forward-model", envvar="TQA_FORWARD_MODEL", help="Model for the way back (source → target), for round-trip chrF (default: the pair's model, if on this machine).")] = None,
    engine: o.Engine = None,
    beams: Annotated[Optional[int], typer.Option("--beams", min=1, max=16, help="Beam size for back-translation (default 1: greedy).")] = None,
    require_model: o.RequireModel = False,
    show_backtranslation: Annotated[bool, typer.Option("--show-backtranslation", help="Terminal report: list each segment with its back-translation.")] = False,
    source: Annotated[Optional[Path], typer.Option("--source", help="The source text FILE was translated from: enables the bilingual checks (docs/bilingual.md).")] = None,
    pair_lines: Annotated[bool, typer.Option("--pair-lines", help="With --source: pair line i with line i instead of aligning sentences.")] = False,
    reference: Annotated[Optional[list[Path]], typer.Option("--reference", help="A reference text in FILE's language (repeatable): align, diff and score with chrF/BLEU/TER (docs/references.md).")] = None,
    post_edit: Annotated[Optional[list[Path]], typer.Option("--post-edit", help="A post-edit of FILE itself (repeatable): like --reference, with TER reported as HTER.")] = None,
    bundled_references: o.BundledReferences = True,
) -> None:
    """Audit one machine-translated FILE: exit 0 if it passes, 1 if it fails, 2 on bad input."""
    from audit.backtranslate import BTOptions, backtranslation_stage
    from audit.bilingual.run import audit_bilingual, is_bilingual
    from audit.pipeline import audit_path
    from audit.refstage import reference_stage
    from audit.report import renderer

    o.check_format(fmt)
    o.check_engine(engine)
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise error(f"unknown input format {input_format!r} (choose from: {', '.join(INPUT_FORMATS)})")
    if pair_lines and source is None:
        raise error("--pair-lines needs --source")
    flags = o.threshold_flags(min_score, fail_on, select, ignore)
    settings, refs = load_settings_and_refs(config, references, glossary, flags)
    o.apply_lexicons(refs, lexicon, settings)
    settings = settings.for_path(file)  # the config's per-path overrides and per-file ignores (docs/gate.md)
    stages = (
        backtranslation_stage(BTOptions(model=model or None, forward_model=forward_model or None, engine=engine,
                                        beams=beams, require=require_model)),
        reference_stage(reference or (), post_edit or (), bundled=bundled_references, max_bytes=max_bytes),
    )
    common = dict(lang=lang, source_lang=source_lang, date=date, max_bytes=max_bytes, fmt=input_format, stages=stages)
    if is_bilingual(file, source, input_format):  # --source, or an XLIFF/TMX/PO/TSV/CSV file
        result = audit_bilingual(file, source, pair_lines, refs, settings, **common)
    else:
        result = audit_path(file, refs, settings, **common)
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    emit(renderer(fmt)(result, color=use_color, show_backtranslation=show_backtranslation), output)
    raise typer.Exit(EXIT_OK if result.passed else EXIT_FAIL)
