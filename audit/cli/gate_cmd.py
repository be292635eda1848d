"""`tqa gate PATHS...`: the CI quality gate over many files (see docs/gate.md).

Exit codes: 0 every file passed; 1 a file failed; 2 usage error, bad config, or a file that
could not be read (reported as an error entry for that file; the other files are still audited
and reported); 3 tqa failed on a file (a bug).
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from audit.cli import app, conventions as conv, options as o
from audit.cli.common import command, emit, error, load_settings
from audit.cli.fixing import apply_fixes
from audit.errors import printable


@app.command("gate")
@command
def gate(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files, directories or globs (default: the current directory).", show_default=False)] = None,
    fmt: o.Format = "terminal",
    output: o.Output = None,
    min_score: o.MinScore = None,
    fail_on: o.FailOn = None,
    fail_on_new: Annotated[Optional[str], typer.Option("--fail-on-new", help="With a baseline: fail on any new finding this bad (default major; none to judge by score only).")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Known findings to tolerate: only new ones count.")] = None,
    no_baseline: Annotated[bool, typer.Option("--no-baseline", help="Ignore the baseline named in the config.")] = False,
    write_baseline: Annotated[Optional[Path], typer.Option("--write-baseline", help="Record the current findings in this file and exit 0.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Processes to audit with (default: the CPU count).")] = None,
    include: Annotated[Optional[list[str]], typer.Option("--include", metavar="GLOB", help="Globs of files to take from directories (default *.txt, *.md; repeatable).")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", metavar="GLOB", help="Globs of files to skip (repeatable).")] = None,
    select: o.Select = None,
    ignore: o.Ignore = None,
    extend_select: o.ExtendSelect = None,
    extend_ignore: o.ExtendIgnore = None,
    min_severity: o.MinSeverity = None,
    exit_zero: o.ExitZero = False,
    statistics: o.Statistics = False,
    lang: o.Lang = None,
    source_lang: o.SourceLang = None,
    references: o.References = None,
    glossary: o.Glossary = None,
    extend_glossary: o.ExtendGlossary = None,
    lexicon: o.Lexicon = None,
    config: o.Config = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: on a terminal, not in CI).")] = None,
    color: o.Color = None,
    max_bytes: o.MaxBytes = None,
    allow_special_files: o.AllowSpecialFiles = False,
    model: o.Model = None,
    engine: o.Engine = None,
    threads: Annotated[Optional[int], typer.Option("--threads", min=1, envvar="TQA_THREADS", help="Threads per back-translation engine (default: the CPUs available to tqa; tqa gate shares them between its workers).")] = None,
    require_model: o.RequireModel = False,
    bundled_references: o.BundledReferences = True,
    source_dir: Annotated[Optional[Path], typer.Option("--source-dir", metavar="DIR", help="Where the source texts are: x.en.txt's source is DIR/x.ru.txt (source language ru), or DIR/x.txt for x.txt (default: beside each file).")] = None,
    fix: o.Fix = False,
    diff: o.Diff = False,
) -> None:
    """Audit many files for CI: exit 0 all pass, 1 any fails, 2 bad usage or an unreadable file."""
    from dataclasses import replace

    from audit import gate as g
    from audit.sources import with_sources
    from audit import runs  # the run model: Run, exit codes
    from audit.baseline import Baseline
    from audit.config import FLAG

    o.check_format(fmt)
    o.check_engine(engine)
    o.allow_special_files(allow_special_files)
    if threads:  # read by the engines (audit/translate/threads.py), in worker processes too
        os.environ["TQA_THREADS"] = str(threads)
    conv.check_statistics_format(statistics, fmt)
    shown_from = conv.check_min_severity(min_severity)
    if jobs is not None and jobs < 1:
        raise error("--jobs must be 1 or more")
    if fix and diff:
        raise error("give --fix or --diff, not both")
    if (fix or diff) and (statistics or write_baseline):
        raise error("--fix and --diff do not go with --statistics or --write-baseline")
    if baseline and write_baseline:
        raise error("give --baseline or --write-baseline, not both")
    flags = o.threshold_flags(min_score, fail_on, select, ignore, fail_on_new=fail_on_new)
    settings = load_settings(config)
    flags = conv.extend_selection(flags, settings, extend_select, extend_ignore)
    gloss = conv.glossary_paths(glossary, extend_glossary, settings, references)
    known = conv.known_languages(references or settings.references)
    conv.check_config_langs(settings, known)
    lang = conv.check_lang(lang, "--lang", known)
    source_lang = conv.check_lang(source_lang, "--source-lang", known)
    settings = settings.with_(
        lang=lang, source_lang=source_lang,
        include=tuple(include) if include else None, exclude=tuple(exclude) if exclude else None,
        references=str(references) if references else None,
        glossary=tuple(str(p) for p in gloss) if gloss and (glossary or extend_glossary or settings.extend_glossary) else None,
    )
    settings = replace(settings, **flags, origins={**settings.origins, **{k: FLAG for k in flags}})
    o.apply_lexicons(None, lexicon, settings)  # checked here; workers read TQA_LEXICON
    base = None
    baseline_file = baseline or (Path(settings.baseline) if settings.baseline and not no_baseline and not write_baseline else None)
    if baseline_file is not None:
        base = Baseline.load(baseline_file)
    if source_dir is not None and not source_dir.is_dir():
        raise error(f"--source-dir {source_dir}: not a directory")
    # x.ru.txt beside x.en.txt is x.en.txt's source, not an article of its own (README)
    files, sources = with_sources(g.collect(paths or ["."], settings), settings, source_lang, source_dir)
    n_jobs = jobs or g.default_jobs()
    show = progress if progress is not None else (sys.stderr.isatty() and not os.environ.get("CI"))
    stages = g.StageOptions(model=model or None, engine=engine, require_model=require_model,
                            bundled_references=bundled_references, max_bytes=max_bytes)
    outcomes = _run(g, files, settings, n_jobs, show, base, stages=stages, sources=sources, lang=lang,
                    source_lang=source_lang, max_bytes=max_bytes)
    if fix or diff:
        from audit.fix import Judge
        from audit.references import load_references

        judge = Judge.from_references(load_references(settings.references, list(settings.glossary) or None))
        changes = apply_fixes([out.result for out in outcomes if out.result is not None], judge, write=fix,
                         output=output if diff else None, many=True)
        if diff:
            for out in outcomes:
                if out.error:
                    typer.echo(f"tqa: error: {printable(out.error)}", err=True)
            if any(out.error for out in outcomes):
                raise typer.Exit(runs.EXIT_ERROR)
            raise typer.Exit(conv.exit_code(runs.EXIT_FAIL if changes else runs.EXIT_OK, exit_zero))
        if changes:  # what is left: the gate again over the files as they now are
            outcomes = _run(g, files, settings, n_jobs, show, base, stages=stages, sources=sources, lang=lang,
                            source_lang=source_lang, max_bytes=max_bytes)
    outcomes = _notices(outcomes, settings)
    run = runs.Run(tuple(outcomes), settings, str(baseline_file) if baseline_file else None, {"jobs": n_jobs})
    if write_baseline is not None:
        from audit.baseline import build
        from audit.fsutil import write_atomic

        results = [out.result for out in outcomes if out.result is not None]
        write_atomic(write_baseline, build(results, write_baseline))
        total = sum(len(r.findings) for r in results)
        typer.echo(f"tqa: wrote baseline {write_baseline}: {total} finding(s) in {len(results)} file(s)", err=True)
        for out in outcomes:
            if out.error:
                typer.echo(f"tqa: error: {printable(out.error)}", err=True)
        raise typer.Exit(runs.EXIT_OK if run.exit_code == runs.EXIT_FAIL else run.exit_code)
    from audit.report import render_run

    code = conv.exit_code(run.exit_code, exit_zero)
    # --min-severity filters what is shown; the verdicts were made on every finding
    run = replace(run, outcomes=tuple(replace(out, result=conv.display(out.result, shown_from)) if out.result else out
                                      for out in run.outcomes))
    if statistics:
        emit(conv.statistics([out.result for out in run.outcomes if out.result is not None], fmt), output)
    else:
        use_color = color if color is not None else (output is None and sys.stdout.isatty())
        width = shutil.get_terminal_size((110, 24)).columns if output is None and sys.stdout.isatty() else 110
        with _collector_away():
            text = render_run(fmt, run, color=use_color, width=max(60, width))
        emit(text, output)
    for out in outcomes:
        if out.error and (output is not None or fmt != "terminal" or statistics):
            typer.echo(f"tqa: error: {printable(out.error)}", err=True)
    skipped = sum(1 for out in outcomes if out.result and any(n.startswith(conv.SKIPPED_CALQUES) for n in out.result.notices))
    if skipped:  # once for the run: each file's report carries the full notice
        typer.echo(f"tqa: note: {conv.SKIPPED_CALQUES} in {skipped} of {len(outcomes)} file(s) (give --source-lang, "
                   "source_lang in their metadata or source-lang in the config)", err=True)
    raise typer.Exit(code)


@contextmanager
def _collector_away():
    """While the report is built, what exists (every file's result) is out of the cyclic garbage
    collector's reach: none of it is garbage, and the full collections the report's allocations
    set off walked all of it (0.05 s of a report on 800 files, serial time after the pool)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _notices(outcomes, settings):
    """Each file audited without a source language says which rules that skipped."""
    from dataclasses import replace

    pairs = conv.calque_pairs(settings.references)
    return [replace(out, result=conv.source_lang_notice(out.result, conv.selected_codes(settings.for_path(out.path)), pairs))
            if out.result is not None else out for out in outcomes]


def _run(g, files, settings, jobs, show, base, **task_options):
    refs_root, gloss = settings.references, tuple(settings.glossary)
    if not show:
        return g.run(files, settings, refs_root, gloss, jobs=jobs, baseline=base, **task_options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("tqa gate"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("audit", total=len(files))
        return g.run(files, settings, refs_root, gloss, jobs=jobs, baseline=base,
                     progress=lambda n: bar.advance(task, n), **task_options)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
