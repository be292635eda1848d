"""Options several commands share, declared once (typer's Annotated style), so `tqa audit`
and `tqa gate` spell, document and validate them the same way."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from audit.cli.common import error, split_codes
from audit.errors import ConfigError

Format = Annotated[str, typer.Option("--format", "-f", help="Report format: terminal, json, markdown, sarif, junit, github, gitlab, concise, html.")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here (atomically) instead of stdout.")]
Lang = Annotated[Optional[str], typer.Option("--lang", metavar="CODE", help="Language of the text (default: metadata, file name, config, or detected).")]
SourceLang = Annotated[Optional[str], typer.Option("--source-lang", metavar="CODE", help="Language it was translated from (default: metadata, config).")]
References = Annotated[Optional[Path], typer.Option("--references", help="References directory (default: config, else the bundled one).")]
Glossary = Annotated[Optional[list[Path]], typer.Option("--glossary", "-g", help="Glossary file or directory (repeatable); replaces the references' glossary (see --extend-glossary).")]
ExtendGlossary = Annotated[Optional[list[Path]], typer.Option("--extend-glossary", help="Glossary file or directory (repeatable) added to the glossary in force (the references', the config's or -g's) instead of replacing it.")]
MinScore = Annotated[Optional[float], typer.Option("--min-score", help="Fail below this quality score, 0-100 (default 95).")]
FailOn = Annotated[Optional[str], typer.Option("--fail-on", metavar="SEVERITY", help="Fail on any finding of this severity or worse: minor, major, critical, none.")]
Select = Annotated[Optional[list[str]], typer.Option("--select", metavar="CODES", help="Only rules whose code starts with these prefixes (comma-separated); replaces the config's select.")]
Ignore = Annotated[Optional[list[str]], typer.Option("--ignore", metavar="CODES", help="Skip rules whose code starts with these prefixes (comma-separated); replaces the config's ignore.")]
ExtendSelect = Annotated[Optional[list[str]], typer.Option("--extend-select", metavar="CODES", help="Add these rule-code prefixes to the selection (the config's or --select's) instead of replacing it.")]
ExtendIgnore = Annotated[Optional[list[str]], typer.Option("--extend-ignore", metavar="CODES", help="Add these rule-code prefixes to the ignored ones (the config's or --ignore's).")]
MinSeverity = Annotated[Optional[str], typer.Option("--min-severity", metavar="SEVERITY", help="Show only findings of this severity or worse: minor (default), major, critical. The score, --fail-on and the exit code still count every finding.")]
ExitZero = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when the quality threshold fails (2 and 3 still mean bad input and a bug).")]
Statistics = Annotated[bool, typer.Option("--statistics", help="Print how many findings each rule raised instead of the findings (a table, or JSON with -f json).")]
Fix = Annotated[bool, typer.Option("--fix", help="Apply the safe suggestions (TERM001, NAME001, LANG002, LANG003, LANG004: one right answer) to the file, atomically; a file where a safe edit overlaps another is left as it is. Then report what is left.")]
Diff = Annotated[bool, typer.Option("--diff", help="Print the safe fixes as a unified diff and change nothing: exit 1 if --fix would change something (or a conflict keeps it from), else 0.")]
Date = Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Article date: picks the titles people held then (default: metadata).")]
Config = Annotated[Optional[Path], typer.Option("--config", help="tqa.toml or pyproject.toml to read (default: found from the current directory up).")]
Color = Annotated[Optional[bool], typer.Option("--color/--no-color", help="Colour the terminal report (default: when stdout is a terminal).")]
MaxBytes = Annotated[Optional[int], typer.Option("--max-bytes", min=1, help="Refuse inputs larger than this (default 20 MB, or TQA_MAX_BYTES).")]
Model = Annotated[Optional[str], typer.Option("--model", envvar="TQA_MODEL", help="Back-translation model (target → source): a local Marian directory or a hub id (default: the pair's model in references/models.yaml, if already on this machine).")]
Engine = Annotated[Optional[str], typer.Option("--engine", envvar="TQA_ENGINE", help="Translation engine: transformers (default) or ct2 (CTranslate2, int8).")]
RequireModel = Annotated[bool, typer.Option("--require-model", help="A missing back-translation model is an error (exit 2), not a notice.")]
Lexicon = Annotated[Optional[list[str]], typer.Option("--lexicon", help="A bilingual dictionary for the name and alignment checks (repeatable): dictd .index, StarDict .ifo or a TSV, optionally as SRC-TGT=PATH (docs/bilingual.md).")]
AllowSpecialFiles = Annotated[bool, typer.Option("--allow-special-files", help="Read FIFOs, pipes (<(cmd)), devices and sockets, named or met in a directory, up to --max-bytes (the same as TQA_ALLOW_SPECIAL_FILES=1; default: refused in one line, exit 2).")]
BundledReferences = Annotated[bool, typer.Option("--bundled-references/--no-bundled-references", help="Also align with references/documents/<document id>/ (default: yes).")]

ENGINES = ("transformers", "ct2")


def check_format(fmt: str) -> None:
    from audit.report import FORMATS  # the renderers' package (model, runs): when a command runs

    if fmt not in FORMATS:
        raise error(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")


def allow_special_files(given: bool) -> None:
    """--allow-special-files: TQA_ALLOW_SPECIAL_FILES=1 for this process and the workers it
    starts (the readers, the gate's walker and the workers all take it from there), so the
    flag and the variable mean one thing."""
    if given:
        os.environ["TQA_ALLOW_SPECIAL_FILES"] = "1"


def check_engine(engine: str | None) -> None:
    if engine is not None and engine not in ENGINES:
        raise error(f"unknown engine {engine!r} (choose from: {', '.join(ENGINES)})")


def threshold_flags(min_score: float | None, fail_on: str | None, select: list[str] | None,
                    ignore: list[str] | None, **more: str | None) -> dict:
    """Validate the threshold and rule-selection flags; return them as Settings fields
    (only those given). `more` takes further severities, e.g. fail_on_new="major"."""
    from audit.checks import check_codes
    from audit.config import parse_fail_on  # the pipeline's settings: when a command runs

    if min_score is not None and not 0 <= min_score <= 100:
        raise error("--min-score must be between 0 and 100")
    out: dict = {"min_score": min_score} if min_score is not None else {}
    try:
        for name, value in (("fail_on", fail_on), *more.items()):
            if value is not None:
                try:
                    out[name] = parse_fail_on(value)
                except ValueError as exc:
                    raise ValueError(f"--{name.replace('_', '-')}: {exc}") from None
        for name, values in (("select", select), ("ignore", ignore)):
            codes = split_codes(values)
            if codes:
                out[name] = check_codes(codes, f"--{name}")
    except (ValueError, ConfigError) as exc:
        raise error(str(exc)) from None
    return out


def apply_lexicons(refs, given: list[str] | None, settings) -> None:
    """Register --lexicon (else the config's `lexicon`) with the references, and in
    TQA_LEXICON for worker processes; a missing or malformed dictionary is a DataError (exit 2)."""
    from audit.lexicon import use_lexicons  # 40 ms: only when a command runs

    paths = list(given or settings.lexicon or ())
    if paths:
        use_lexicons(refs, paths)
        os.environ["TQA_LEXICON"] = os.pathsep.join(paths)
