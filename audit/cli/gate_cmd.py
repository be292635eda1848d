"""`tqa gate PATHS...`: the CI quality gate over many files (see docs/gate.md).

Exit codes: 0 every file passed; 1 a file failed; 2 usage error, bad config, or a file that
could not be read (reported as an error entry for that file; the other files are still audited
and reported); 3 tqa failed on a file (a bug).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Optional

import typer

from audit.cli import app
from audit.cli.common import command, emit, error, split_codes

FORMAT_HELP = "Report format: terminal (default), json, sarif, junit, github, html, markdown."


@app.command("gate")
@command
def gate(
    paths: Optional[list[str]] = typer.Argument(None, help="Files, directories or globs (default: the current directory).", show_default=False),
    fmt: str = typer.Option("terminal", "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here (atomically) instead of stdout."),
    min_score: Optional[float] = typer.Option(None, "--min-score", help="Fail a file below this quality score (default 95)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Fail a file with any finding of this severity or worse: minor, major, critical, none."),
    fail_on_new: Optional[str] = typer.Option(None, "--fail-on-new", help="With a baseline: fail on any new finding this bad (default major; none to judge by score only)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Known findings to tolerate: only new ones count."),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Ignore the baseline named in the config."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="Record the current findings in this file and exit 0."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Processes to audit with (default: the CPU count)."),
    include: Optional[list[str]] = typer.Option(None, "--include", help="Globs of files to take from directories (default *.txt, *.md; repeatable)."),
    exclude: Optional[list[str]] = typer.Option(None, "--exclude", help="Globs of files to skip (repeatable)."),
    select: Optional[list[str]] = typer.Option(None, "--select", help="Only rules whose code starts with these prefixes (comma-separated)."),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="Skip rules whose code starts with these prefixes (comma-separated)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of every file (default: metadata, file name, config, detected)."),
    source_lang: Optional[str] = typer.Option(None, "--source-lang", help="Language they were translated from."),
    references: Optional[Path] = typer.Option(None, "--references", help="References directory (default: config, else the bundled one)."),
    glossary: Optional[list[Path]] = typer.Option(None, "--glossary", "-g", help="Glossary file or directory (repeatable)."),
    config: Optional[Path] = typer.Option(None, "--config", help="tqa.toml or pyproject.toml (default: found from the current directory up)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar on stderr (default: on a terminal, not in CI)."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the terminal report (default: when stdout is a terminal)."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help="Refuse inputs larger than this (default 20 MB)."),
    model: Optional[str] = typer.Option(None, "--model", envvar="TQA_MODEL", help="Back-translation model, as for `tqa audit` (default: the pair's model, if already on this machine)."),
    engine: Optional[str] = typer.Option(None, "--engine", envvar="TQA_ENGINE", help="Translation engine: transformers or ct2."),
    require_model: bool = typer.Option(False, "--require-model", help="A missing back-translation model is an error for each file."),
    bundled_references: bool = typer.Option(True, "--bundled-references/--no-bundled-references", help="Align with references/documents/<document id>/ as `tqa audit` does (default: yes)."),
) -> None:
    """Audit many files for CI: exit 0 all pass, 1 any fails, 2 bad usage or an unreadable file."""
    from dataclasses import replace

    from audit import gate as g
    from audit.baseline import Baseline
    from audit.config import check_codes, load_settings, parse_fail_on
    from audit.errors import ConfigError
    from audit.report import FORMATS

    if fmt not in FORMATS:
        raise error(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    if jobs is not None and jobs < 1:
        raise error("--jobs must be 1 or more")
    if baseline and write_baseline:
        raise error("give --baseline or --write-baseline, not both")
    if engine is not None and engine not in ("transformers", "ct2"):
        raise error(f"unknown engine {engine!r} (choose from: transformers, ct2)")
    try:
        levels = {k: parse_fail_on(v) for k, v in (("fail_on", fail_on), ("fail_on_new", fail_on_new)) if v is not None}
        codes = {k: check_codes(v, f"--{k}") for k, v in (("select", split_codes(select)), ("ignore", split_codes(ignore))) if v}
    except (ValueError, ConfigError) as exc:
        raise error(str(exc)) from None
    if min_score is not None and not 0 <= min_score <= 100:
        raise error("--min-score must be between 0 and 100")
    settings = load_settings(config).with_(
        min_score=min_score, lang=lang, source_lang=source_lang,
        include=tuple(include) if include else None, exclude=tuple(exclude) if exclude else None,
        references=str(references) if references else None,
        glossary=tuple(str(p) for p in glossary) if glossary else None, **codes,
    )
    settings = replace(settings, **levels, origins={**settings.origins, **{k: "command line" for k in levels}})
    base = None
    baseline_file = baseline or (Path(settings.baseline) if settings.baseline and not no_baseline and not write_baseline else None)
    if baseline_file is not None:
        base = Baseline.load(baseline_file)
    files = g.collect(paths or ["."], settings)
    n_jobs = jobs or g.default_jobs()
    show = progress if progress is not None else (sys.stderr.isatty() and not os.environ.get("CI"))
    stages = g.StageOptions(model=model or None, engine=engine, require_model=require_model,
                            bundled_references=bundled_references, max_bytes=max_bytes)
    outcomes = _run(g, files, settings, n_jobs, show, base, stages=stages, lang=lang, source_lang=source_lang,
                    max_bytes=max_bytes)
    run = g.GateRun(tuple(outcomes), settings, str(baseline_file) if baseline_file else None, {"jobs": n_jobs})
    if write_baseline is not None:
        from audit.baseline import build
        from audit.fsutil import write_atomic

        results = [o.result for o in outcomes if o.result is not None]
        write_atomic(write_baseline, build(results, write_baseline))
        total = sum(len(r.findings) for r in results)
        typer.echo(f"tqa: wrote baseline {write_baseline}: {total} finding(s) in {len(results)} file(s)", err=True)
        for o in outcomes:
            if o.error:
                typer.echo(f"tqa: error: {o.error}", err=True)
        raise typer.Exit(g.EXIT_OK if run.exit_code == g.EXIT_FAIL else run.exit_code)
    from audit.report.many import render_run

    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    width = shutil.get_terminal_size((110, 24)).columns if output is None and sys.stdout.isatty() else 110
    emit(render_run(fmt, run, color=use_color, width=max(60, width)), output)
    for o in outcomes:
        if o.error and (output is not None or fmt != "terminal"):
            typer.echo(f"tqa: error: {o.error}", err=True)
    raise typer.Exit(run.exit_code)


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
