"""The conventions `tqa audit` and `tqa gate` share with ruff, Vale and pofilter: checked
option values (--lang, --date), a display threshold (--min-severity), --exit-zero,
--statistics, --extend-select / --extend-ignore / --extend-glossary, reading standard input,
and the notice that says which rules a missing source language skipped.

Plain functions over settings and results: the commands call them, the tests call the commands.
`tqa audit --help` and `tqa gate --help` import this module, so the pipeline's modules
(audit.config, audit.references, audit.checks, audit.model, audit.language_facts, audit.yamlio)
are imported inside the functions that use them, when a command runs.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from audit import datafiles, yamlio
from audit.cli.common import EXIT_FAIL, EXIT_OK, error, split_codes
from audit.errors import ConfigError, InputError
from audit.language_facts import parse_languages
from audit.reading import decode, max_bytes_from_env

SEVERITIES = ("minor", "major", "critical")
STDIN_NAME = "<stdin>"
_LANG_CODE = re.compile(r"[a-z]{2,3}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- option values ----------------------------------------------------------------------------


def known_languages(references_root: str | Path | None) -> tuple[str, ...]:
    """Language codes the references know (their languages.yaml, else the bundled one)."""
    lang_file = datafiles.resolve(Path(references_root) if references_root else None, datafiles.LANGUAGES)
    return tuple(sorted(parse_languages(yamlio.load(lang_file), str(lang_file)).by_code))


def check_lang(value: str | None, flag: str, known: Iterable[str]) -> str | None:
    """`--lang english` and `--lang xx` are refused: a code the references know, or nothing."""
    if value is None:
        return None
    code = value.strip()
    known = tuple(known)
    if not _LANG_CODE.fullmatch(code):
        raise error(f"{flag} {value!r}: not a language code; give an ISO 639-1 code such as 'en' "
                    f"(known: {', '.join(known)})")
    if code not in known:
        raise error(f"{flag} {value!r}: a language the references do not know (known: {', '.join(known)}; "
                    "add it to languages.yaml in your references)")
    return code


def check_config_langs(settings, known: Iterable[str]) -> None:
    """The config's `lang` / `source-lang` are checked like the flags, naming the file and line."""
    for name, key in (("lang", "lang"), ("source_lang", "source-lang")):
        value = getattr(settings, name)
        if value is not None:
            check_lang(value, f"{settings.origin(name)}: {key}", known)


def check_date(value: str | None) -> str | None:
    """`--date` is an ISO date, YYYY-MM-DD, that exists on a calendar."""
    if value is None:
        return None
    text = value.strip()
    if not _ISO_DATE.fullmatch(text):
        raise error(f"--date {value!r}: not a date; give YYYY-MM-DD, e.g. 2022-01-14")
    try:
        _dt.date.fromisoformat(text)
    except ValueError as exc:
        raise error(f"--date {value!r}: no such date ({exc})") from None
    return text


def check_min_severity(value: str | None) -> str | None:
    if value is None:
        return None
    label = value.strip().lower()
    if label not in SEVERITIES:
        raise error(f"--min-severity {value!r}: unknown severity (choose from: {', '.join(SEVERITIES)})")
    return label


def extend_selection(flags: dict, settings, extend_select: list[str] | None, extend_ignore: list[str] | None) -> dict:
    """--extend-select / --extend-ignore: add to the selection the config (or --select /
    --ignore) made, instead of replacing it. Returns `flags` with the extended fields."""
    from audit.checks import check_codes

    out = dict(flags)
    for name, given, flag in (("select", extend_select, "--extend-select"), ("ignore", extend_ignore, "--extend-ignore")):
        codes = split_codes(given)
        if not codes:
            continue
        try:
            check_codes(codes, flag)
        except ConfigError as exc:
            raise error(str(exc)) from None
        base = out.get(name, getattr(settings, name))
        if name == "select" and not base:
            continue  # an empty selection is every rule already
        out[name] = tuple(dict.fromkeys((*base, *codes)))
    return out


def glossary_paths(glossary: list[Path] | None, extend: list[Path] | None, settings,
                   references: Path | None) -> list[Path] | None:
    """What to load as the glossary: -g (else the config's `glossary`) replaces the references'
    glossary; --extend-glossary and the config's `extend-glossary` add to whichever of them is
    in force."""
    base = list(glossary or ()) or [Path(g) for g in settings.glossary]
    for p in extend or ():
        if not p.exists():
            raise error(f"--extend-glossary {p}: no such file or directory")
    extend = [*(extend or ()), *(Path(g) for g in settings.extend_glossary)]  # the flag's, then the config's
    if not extend:
        return base or None
    if not base:
        from audit.references import bundled_root

        root = references or (Path(settings.references) if settings.references else bundled_root())
        if (Path(root) / "glossary").exists():
            base = [Path(root) / "glossary"]
    seen = {os.path.abspath(p) for p in base}
    return base + [p for p in extend if os.path.abspath(p) not in seen]


# --- reading standard input -------------------------------------------------------------------


def read_stdin(max_bytes: int | None):
    """Standard input, read up to the size limit (one byte more tells it was over), decoded
    like a file."""
    limit = max_bytes or max_bytes_from_env()
    if sys.stdin is None:
        raise InputError(f"{STDIN_NAME}: no standard input")
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1).encode("utf-8")
    if len(data) > limit:
        raise InputError(f"{STDIN_NAME}: over the {limit}-byte limit (raise it with --max-bytes or TQA_MAX_BYTES)")
    return decode(data, name=STDIN_NAME)


# --- after the audit --------------------------------------------------------------------------


def calque_pairs(references) -> tuple[tuple[str, str], ...]:
    """The language pairs with a calque list: from loaded references, or from a references
    directory (None: the bundled one) by the files' names, calques.SRC-TGT.yaml."""
    if hasattr(references, "calques"):
        return tuple(sorted(references.calques))
    from audit.references import bundled_root

    phr = Path(references or bundled_root()) / "phrasings"
    names = (f.name.split(".")[1] for f in phr.glob("calques.*.yaml")) if phr.is_dir() else ()
    return tuple(sorted(tuple(n.split("-", 1)) for n in names if re.fullmatch(r"[a-z]{2,3}-[a-z]{2,3}", n)))


SKIPPED_CALQUES = "PHRASE001 (calques) skipped: no source language"


def source_lang_notice(result, rules_selected: Iterable[str], pairs: Iterable[tuple[str, str]]):
    """No source language (no metadata, no --source-lang, no config `source-lang`) switches the
    calque rule off: say so in one notice line instead of passing silently."""
    doc = result.document
    if doc.source_lang is not None or "PHRASE001" not in set(rules_selected):
        return result
    targets = [f"{s}→{t}" for s, t in pairs if t == doc.lang]
    lists = f"; calque lists exist for {', '.join(targets)}" if targets else ""
    note = f"{SKIPPED_CALQUES}; give --source-lang, source_lang in the metadata file or source-lang in the config{lists}"
    return replace(result, notices=(*result.notices, note))


def selected_codes(settings) -> tuple[str, ...]:
    from audit.checks import RULES, select

    return tuple(r.code for r in select(RULES, list(settings.select), list(settings.ignore)))


def display(result, min_severity: str | None):
    """--min-severity: show only findings this bad or worse. Score, counts, verdict and
    exit code still take every finding (like Vale's --minAlertLevel, which only filters)."""
    if not min_severity or min_severity == "minor":
        return result
    from audit.model import Severity

    floor = Severity.parse(min_severity)
    shown = tuple(f for f in result.findings if f.severity >= floor)
    hidden = len(result.findings) - len(shown)
    if not hidden:
        return result
    note = f"{hidden} finding(s) below {min_severity} not shown (--min-severity {min_severity}); the score counts them"
    return replace(result, findings=shown, notices=(*result.notices, note))


def exit_code(code: int, exit_zero: bool) -> int:
    """--exit-zero: a failed threshold exits 0; usage errors (2) and bugs (3) still do not."""
    return EXIT_OK if exit_zero and code == EXIT_FAIL else code


def statistics(results: Iterable, fmt: str) -> str:
    """Per-rule counts over the shown findings, most frequent first (like `ruff --statistics`):
    text for the terminal, or JSON with -f json."""
    from audit.checks import BY_CODE

    counts: Counter = Counter()
    severity: dict = {}
    for r in results:
        for f in r.findings:
            counts[f.rule] += 1
            severity.setdefault(f.rule, Counter())[f.severity.label] += 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt == "json":
        return json.dumps([{"rule": code, "name": BY_CODE[code].name if code in BY_CODE else code, "count": n,
                            "severity": dict(severity[code])} for code, n in rows], indent=2) + "\n"
    if not rows:
        return "no findings\n"
    total = sum(counts.values())
    width = len(str(total))
    names = max(len(BY_CODE[c].name) if c in BY_CODE else len(c) for c, _ in rows)
    lines = []
    for code, n in rows:
        name = BY_CODE[code].name if code in BY_CODE else code
        sev = ", ".join(f"{severity[code][s]} {s}" for s in reversed(SEVERITIES) if severity[code][s])
        lines.append(f"{n:>{width}}  {code:<10} {name:<{names}}  {sev}")
    lines.append(f"{total:>{width}}  total")
    return "\n".join(lines) + "\n"


STATISTICS_FORMATS = ("terminal", "json")


def check_statistics_format(statistics_on: bool, fmt: str) -> None:
    if statistics_on and fmt not in STATISTICS_FORMATS:
        raise error(f"--statistics prints a table or JSON: use it with -f terminal or -f json, not -f {fmt}")
