"""`tqa corpus INPUT -o OUTDIR`: audit a whole archive or translation memory in resumable
shards, on this machine or a Ray cluster (see docs/scale.md).

Exit codes: 0 every document passed; 1 a document failed; 2 usage error, bad input or
options, or a row that could not be audited (an error row in the shard; the others are still
audited); 3 tqa failed on a row (a bug) or a worker was lost; 130 interrupted (the completed
shards are kept: the same command continues).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from audit.cli import app, options as o
from audit.cli.common import EXIT_INTERRUPTED, command, emit, error, load_settings

SUMMARY_FORMATS = ("terminal", "json", "markdown")
OUTPUT_FORMATS = ("jsonl", "parquet")


@app.command("corpus")
@command
def corpus(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="A JSON Lines file (one document or segment pair per row), a Parquet file, a TMX or XLIFF file (one segment pair per unit), or a directory tree of documents.", show_default=False)],
    outdir: Annotated[Path, typer.Option("--output", "-o", help="Directory for the shards (documents-*.jsonl, findings-*.jsonl), the summary and the run's records.", show_default=False)],
    id_col: Annotated[str, typer.Option("--id-col", help="Column with the document id (default id; missing: the line number).")] = "id",
    text_col: Annotated[str, typer.Option("--text-col", help="Column with the translated text.")] = "text",
    source_col: Annotated[Optional[str], typer.Option("--source-col", help="Column with the source text: each row is audited as a bilingual pair.")] = None,
    executor: Annotated[str, typer.Option("--executor", help="local (a process pool, default) or ray (a Ray cluster: pip install 'tqa[ray]').")] = "local",
    address: Annotated[Optional[str], typer.Option("--address", help="With --executor ray: the cluster, HOST:PORT or auto (default auto: RAY_ADDRESS or a cluster started on this machine).")] = None,
    actors: Annotated[Optional[int], typer.Option("--actors", help="With --executor ray: auditing actors (default: one per CPU of the cluster).")] = None,
    bt_actors: Annotated[Optional[int], typer.Option("--bt-actors", help="With --executor ray and a back-translation model: translator actors, each loading the model once (default: one per cluster GPU, else 1 on a CPU).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Local processes (default: the CPU count).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per shard: the unit of work, of resuming and of memory.")] = 500,
    restart: Annotated[bool, typer.Option("--restart", help="Discard the run already in OUTDIR and start over.")] = False,
    output_format: Annotated[str, typer.Option("--output-format", help="Shard files: jsonl (default) or parquet (documents-N.parquet, findings-N.parquet; needs pyarrow).")] = "jsonl",
    fmt: Annotated[str, typer.Option("--format", "-f", help="Summary on stdout: terminal, json or markdown (summary.json and summary.md are always written to OUTDIR).")] = "terminal",
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress on stderr: a bar with rate and ETA on a terminal, a plain line every 30 s otherwise (default on).")] = None,
    lang: o.Lang = None,
    source_lang: o.SourceLang = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Date YYYY-MM-DD for every document (default: a row's date column).")] = None,
    min_score: o.MinScore = None,
    fail_on: o.FailOn = None,
    select: o.Select = None,
    ignore: o.Ignore = None,
    include: Annotated[Optional[list[str]], typer.Option("--include", help="A directory INPUT: globs of files to take (default *.txt, *.md; repeatable).")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="A directory INPUT: globs of files to skip (repeatable).")] = None,
    references: o.References = None,
    glossary: o.Glossary = None,
    lexicon: o.Lexicon = None,
    config: o.Config = None,
    max_bytes: o.MaxBytes = None,
    allow_special_files: o.AllowSpecialFiles = False,
    model: o.Model = None,
    engine: o.Engine = None,
    require_model: o.RequireModel = False,
    bundled_references: o.BundledReferences = True,
) -> None:
    """Audit a corpus into resumable shards: exit 0 all pass, 1 any fails, 2 bad input."""
    from dataclasses import replace

    from audit import gate as g
    from audit.config import FLAG
    from audit.corpus.executors import make_executor
    from audit.corpus.run import run_corpus
    from audit.corpus.summary import FORMATS
    from audit.corpus.work import Job
    from audit.reading import max_bytes_from_env, special_allowed

    if output_format not in OUTPUT_FORMATS:
        raise error(f"unknown output format {output_format!r} (choose from: {', '.join(OUTPUT_FORMATS)})")
    if output_format == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401 - optional: checked before anything is planned or written
        except ImportError:
            raise error("--output-format parquet needs pyarrow: pip install pyarrow (or 'tqa[ray]')") from None
    if fmt not in SUMMARY_FORMATS:
        raise error(f"unknown format {fmt!r} (choose from: {', '.join(SUMMARY_FORMATS)})")
    o.check_engine(engine)
    o.allow_special_files(allow_special_files)
    if jobs is not None and jobs < 1:
        raise error("--jobs must be 1 or more")
    if actors is not None and actors < 1:
        raise error("--actors must be 1 or more")
    if batch_size < 1:
        raise error("--batch-size must be 1 or more")
    if executor not in ("local", "ray"):
        raise error(f"unknown executor {executor!r} (choose from: local, ray)")
    if bt_actors is not None and bt_actors < 1:
        raise error("--bt-actors must be 1 or more")
    if executor != "ray" and (address or actors):
        raise error("--address and --actors need --executor ray")
    if executor != "ray" and bt_actors:
        raise error("--bt-actors needs --executor ray (the local pool loads a model once per process)")
    if not input_path.exists():
        raise error(f"{input_path}: no such file or directory")
    if max_bytes is None and os.environ.get("TQA_MAX_BYTES", "").strip():
        max_bytes = max_bytes_from_env()  # the driver's variable, explicit in the job: Ray actors lack its environment
    flags = o.threshold_flags(min_score, fail_on, select, ignore)
    settings = load_settings(config).with_(
        lang=lang, source_lang=source_lang,
        include=tuple(include) if include else None, exclude=tuple(exclude) if exclude else None,
        references=str(references) if references else None,
        glossary=tuple(str(p) for p in glossary) if glossary else None,
    )
    settings = replace(settings, **flags, origins={**settings.origins, **{k: FLAG for k in flags}})
    o.apply_lexicons(None, lexicon, settings)  # checked here; workers get the paths in the job
    lex = tuple(lexicon or settings.lexicon or ())
    stages = g.StageOptions(model=model or None, engine=engine, require_model=require_model,
                            bundled_references=bundled_references, max_bytes=max_bytes)
    job = Job(settings=settings, refs_root=settings.references, glossary=tuple(settings.glossary), lexicon=lex,
              stages=stages, id_col=id_col, text_col=text_col, source_col=source_col, lang=lang,
              source_lang=source_lang, date=date, max_bytes=max_bytes, output_format=output_format,
              allow_special_files=special_allowed())  # the flag (set above) or the driver's variable
    ex = make_executor(executor, jobs or g.default_jobs(), address, actors, bt_actors)
    show = progress if progress is not None else True
    tty = sys.stderr.isatty() and not os.environ.get("CI")
    notice = lambda m: typer.echo(f"tqa corpus: {m}", err=True)  # noqa: E731
    try:
        if show and tty:
            run = _with_bar(run_corpus, input_path, outdir, job, ex, batch_size, restart, notice)
        else:
            run = run_corpus(input_path, outdir, job, ex, batch_size, restart,
                             progress=_Lines(notice) if show else None, notice=notice)
    except KeyboardInterrupt:
        raise error(f"interrupted; the completed shards are kept in {outdir}: run the same command to continue",
                    EXIT_INTERRUPTED) from None
    for line in ex.report:
        notice(line)
    if show:
        notice(f"{run.plan.rows} rows in {len(run.plan.shards)} shard(s): {run.audited_shards} audited now, "
               f"{run.resumed_shards} already done; {run.elapsed:.1f} s; results in {outdir}")
    emit(FORMATS[fmt](run.summary), None)
    raise typer.Exit(run.exit_code)


class _Lines:
    """Plain progress lines for logs: one every TQA_PROGRESS_SECONDS (default 30)."""

    def __init__(self, say):
        self.say = say
        self.every = float(os.environ.get("TQA_PROGRESS_SECONDS", "30") or 30)
        self.t0 = time.monotonic()
        self.last = self.t0
        self.start_rows = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.start_rows is None:
            self.start_rows = done
            if done:
                self.say(f"resuming: {done}/{total} rows already done")
            return
        if now - self.last < self.every and done < total:
            return
        self.last = now
        rate = (done - self.start_rows) / max(now - self.t0, 1e-9)
        eta = (total - done) / rate if rate > 0 else float("inf")
        self.say(f"{done}/{total} rows ({100 * done / total:.1f}%), {rate:.1f} rows/s, ETA {_dur(eta)}")


def _dur(s: float) -> str:
    if s == float("inf"):
        return "?"
    s = int(s)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def _with_bar(run_corpus, input_path, outdir, job, ex, batch_size, restart, notice):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("tqa corpus"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), transient=True,
                  console=Console(stderr=True)) as bar:
        task = bar.add_task("rows", total=None, rate="")
        state = {"t0": time.monotonic(), "start": None}

        def update(done: int, total: int) -> None:
            if state["start"] is None:
                state["start"] = done
            el = time.monotonic() - state["t0"]
            rate = (done - state["start"]) / el if el > 0 else 0.0
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f} rows/s" if rate else "")

        return run_corpus(input_path, outdir, job, ex, batch_size, restart, progress=update, notice=notice)
