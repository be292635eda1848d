"""`tqa audit FILE`: audit one translated article and report."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from audit.cli import app, conventions as conv, options as o
from audit.cli.common import EXIT_FAIL, EXIT_OK, command, emit, error, load_settings, load_settings_and_refs
from audit.cli.fixing import apply_fixes

INPUT_FORMATS = ("text", "html", "markdown")


@app.command("audit")
@command
def audit(
    file: Annotated[Path, typer.Argument(help="The translated text to audit; - reads standard input.", show_default=False)],
    fmt: o.Format = "terminal",
    output: o.Output = None,
    lang: o.Lang = None,
    source_lang: o.SourceLang = None,
    date: o.Date = None,
    references: o.References = None,
    glossary: o.Glossary = None,
    extend_glossary: o.ExtendGlossary = None,
    lexicon: o.Lexicon = None,
    min_score: o.MinScore = None,
    fail_on: o.FailOn = None,
    select: o.Select = None,
    ignore: o.Ignore = None,
    extend_select: o.ExtendSelect = None,
    extend_ignore: o.ExtendIgnore = None,
    min_severity: o.MinSeverity = None,
    exit_zero: o.ExitZero = False,
    statistics: o.Statistics = False,
    config: o.Config = None,
    color: o.Color = None,
    max_bytes: o.MaxBytes = None,
    allow_special_files: o.AllowSpecialFiles = False,
    stdin_filename: Annotated[Optional[str], typer.Option("--stdin-filename", metavar="NAME", help="With FILE -: the name reports give the text (default <stdin>); its language suffix (x.en.txt) and extension count as a file's would.")] = None,
    input_format: Annotated[Optional[str], typer.Option("--input-format", help="text, html or markdown (default: by extension: .html/.htm, .md).")] = None,
    model: o.Model = None,
    forward_model: Annotated[Optional[str], typer.Option("--forward-model", envvar="TQA_FORWARD_MODEL", help="Model for the way back (source → target), for round-trip chrF (default: the pair's model, if on this machine).")] = None,
    engine: o.Engine = None,
    threads: Annotated[Optional[int], typer.Option("--threads", min=1, envvar="TQA_THREADS", help="Threads per back-translation engine (default: the CPUs available to tqa; tqa gate shares them between its workers).")] = None,
    beams: Annotated[Optional[int], typer.Option("--beams", min=1, max=16, help="Beam size for back-translation (default 1: greedy).")] = None,
    require_model: o.RequireModel = False,
    show_backtranslation: Annotated[bool, typer.Option("--show-backtranslation", help="Terminal report: list each segment with its back-translation.")] = False,
    source: Annotated[Optional[Path], typer.Option("--source", help="The source text FILE was translated from: enables the bilingual checks (docs/bilingual.md). Default: x.ru.txt beside x.en.txt when the source language is ru, as tqa gate finds it.")] = None,
    no_source: Annotated[bool, typer.Option("--no-source", help="Audit FILE alone, even with its source beside it (x.ru.txt beside x.en.txt).")] = False,
    pair_lines: Annotated[bool, typer.Option("--pair-lines", help="With --source: pair line i with line i instead of aligning sentences.")] = False,
    reference: Annotated[Optional[list[Path]], typer.Option("--reference", metavar="FILE", help="A reference text in FILE's language (repeatable): align, diff and score with chrF/BLEU/TER (docs/references.md).")] = None,
    post_edit: Annotated[Optional[list[Path]], typer.Option("--post-edit", metavar="FILE", help="A post-edit of FILE itself (repeatable): like --reference, with TER reported as HTER.")] = None,
    bundled_references: o.BundledReferences = True,
    fix: o.Fix = False,
    diff: o.Diff = False,
    write_back: Annotated[bool, typer.Option("--write-back", help="XLIFF or PO: write the findings into the file itself (ITS 2.0 locQualityIssue in XLIFF units, translator comments in PO entries), atomically; a re-run replaces tqa's earlier annotations.")] = False,
) -> None:
    """Audit one machine-translated FILE (- for standard input): exit 0 if it passes, 1 if it fails, 2 on bad input."""
    # the pipeline loads when the command runs, not for `tqa audit --help` (audit/cli/__init__.py)
    from audit import entry
    from audit.entry import StageOptions, Text
    from audit.markup import format_of
    from audit.report import renderer

    o.check_format(fmt)
    o.check_engine(engine)
    o.allow_special_files(allow_special_files)
    if threads:  # read by the engines (audit/translate/threads.py), in worker processes too
        os.environ["TQA_THREADS"] = str(threads)
    conv.check_statistics_format(statistics, fmt)
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise error(f"unknown input format {input_format!r} (choose from: {', '.join(INPUT_FORMATS)})")
    if no_source and source is not None:
        raise error("give one of --source and --no-source")
    from_stdin = str(file) == "-"
    if stdin_filename is not None and not from_stdin:
        raise error("--stdin-filename is for FILE - (standard input)")
    if from_stdin and source is not None:
        raise error("--source needs the translation in a file, not on standard input")
    if sum((fix, diff, write_back)) > 1:
        raise error("give one of --fix, --diff and --write-back")
    if (fix or write_back) and from_stdin:
        raise error(f"{'--fix' if fix else '--write-back'} changes a file: give one, not standard input (--diff works on it)")
    if (fix or diff or write_back) and statistics:
        raise error("--statistics reports findings; it does not go with --fix, --diff or --write-back")
    date = conv.check_date(date)
    shown_from = conv.check_min_severity(min_severity)
    flags = o.threshold_flags(min_score, fail_on, select, ignore)

    settings = load_settings(config)
    flags = conv.extend_selection(flags, settings, extend_select, extend_ignore)
    gloss = conv.glossary_paths(glossary, extend_glossary, settings, references)
    settings, refs = load_settings_and_refs(config, references, gloss, flags, settings=settings)
    known = tuple(sorted(refs.languages.by_code))
    conv.check_config_langs(settings, known)
    lang = conv.check_lang(lang, "--lang", known)
    source_lang = conv.check_lang(source_lang, "--source-lang", known)
    o.apply_lexicons(refs, lexicon, settings)
    name = (stdin_filename or conv.STDIN_NAME) if from_stdin else file
    # the config's per-path overrides and per-file ignores (docs/gate.md); none for plain stdin
    settings = settings.for_path(name) if not from_stdin or stdin_filename else settings
    stages = StageOptions(model=model or None, forward_model=forward_model or None, engine=engine, beams=beams,
                          require_model=require_model, references=tuple(str(p) for p in reference or ()),
                          post_edits=tuple(str(p) for p in post_edit or ()), bundled_references=bundled_references,
                          max_bytes=max_bytes)
    found = None
    if source is None and not from_stdin and not no_source:
        # the gate's convention (README, "CI quality gate"): x.ru.txt beside x.en.txt is its source
        from audit.sources import with_sources

        found = source = with_sources([file], settings, source_lang)[1].get(file)
    if pair_lines and source is None:
        raise error("--pair-lines needs --source (or the source beside FILE: x.ru.txt for x.en.txt)")
    given = dict(lang=lang, source_lang=source_lang, date=date, max_bytes=max_bytes, fmt=input_format)
    if from_stdin:
        text = conv.read_stdin(max_bytes)
        fmt_in = format_of(Path(str(name)), input_format) if stdin_filename else (input_format or "text")
        what = Text(text.text, str(name), text.encoding, tuple(text.notices), fmt_in)
    else:  # a text, HTML or Markdown file; with --source; or an XLIFF/TMX/PO/TSV/CSV file
        what = file
    result = entry.audit(what, refs, settings, stages, source=source, pair_lines=pair_lines, **given)
    result = conv.source_lang_notice(result, conv.selected_codes(settings), conv.calque_pairs(refs))
    if found is not None:
        result = replace(result, notices=(f"source: {found} (found beside {file}; --no-source audits without it)",
                                          *result.notices))
    if diff:
        from audit.fix import Judge

        changes = apply_fixes([result], Judge.from_references(refs), write=False, output=output)
        raise typer.Exit(conv.exit_code(EXIT_FAIL if changes else EXIT_OK, exit_zero))
    if fix:
        from audit.fix import Judge

        if apply_fixes([result], Judge.from_references(refs), write=True):
            # what is left, as a fresh audit of the file as it now is
            result = entry.audit(file, refs, settings, stages, source=source, pair_lines=pair_lines, **given)
            result = conv.source_lang_notice(result, conv.selected_codes(settings), conv.calque_pairs(refs))
    if write_back:
        from audit.bilingual.writeback import write_back as annotate

        n = annotate(file, conv.display(result, shown_from))  # what --min-severity shows
        typer.echo(f"tqa: wrote {n} finding(s) into {file}", err=True)
    code = conv.exit_code(EXIT_OK if result.passed else EXIT_FAIL, exit_zero)
    shown = conv.display(result, shown_from)
    if statistics:
        emit(conv.statistics([shown], fmt), output)
        raise typer.Exit(code)
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    emit(renderer(fmt)(shown, color=use_color, show_backtranslation=show_backtranslation, settings=settings), output)
    raise typer.Exit(code)
