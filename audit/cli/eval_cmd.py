"""`tqa eval FILE.tsv`: audit every labelled source/translation row, report detection and
false-alarm rates overall and per category."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional

import typer

from audit.cli import app, options as o
from audit.cli.common import EXIT_OK, command, emit, error, load_settings_and_refs, split_codes

COLUMNS = ("id", "src_lang", "tgt_lang", "source", "translation", "reference", "label", "category")
COUNTED_PREFIXES = ("NUM", "NAME", "XNAME")  # plus every rule of category Accuracy


def counts(finding) -> bool:
    """A finding that counts as a detection: accuracy, a name or a number."""
    return finding.category == "Accuracy" or finding.rule.startswith(COUNTED_PREFIXES)


def read_rows(path: Path) -> list[dict]:
    from audit.errors import InputError
    from audit.reading import read_path

    text = read_path(path, max_bytes=200 * 1024 * 1024).text
    reader = csv.reader(io.StringIO(text, newline=None), delimiter="\t", quoting=csv.QUOTE_NONE)  # CR-only too
    try:
        rows = [(n, r) for n, r in enumerate(reader, 1) if any(c.strip() for c in r)]
    except csv.Error as exc:  # a field over the size limit
        raise InputError(f"{path}:{reader.line_num}: not valid TSV: {exc}") from None
    if not rows:
        raise InputError(f"{path}: no rows")
    header = [c.strip().lower() for c in rows[0][1]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(f"{path}:1: header lacks column(s) {', '.join(missing)} (need: {', '.join(COLUMNS)})")
    idx = {c: header.index(c) for c in COLUMNS}
    out = []
    for line, r in rows[1:]:
        if len(r) < len(header):
            raise InputError(f"{path}:{line}: {len(r)} columns, the header has {len(header)}")
        row = {c: r[i] for c, i in idx.items()}
        row["label"] = row["label"].strip().lower()
        if row["label"] not in ("ok", "bad"):
            raise InputError(f"{path}:{line}: label must be 'ok' or 'bad', not {row['label']!r}")
        for c in ("src_lang", "tgt_lang", "translation"):
            if not row[c].strip():
                raise InputError(f"{path}:{line}: empty {c}")
        row["line"] = line
        out.append(row)
    if not out:
        raise InputError(f"{path}: a header but no rows")
    return out


def evaluate(rows: list[dict], refs, settings, rules=None) -> dict:
    from audit.entry import Pair, audit  # the pipeline loads when the command runs, not for its --help

    groups: dict = defaultdict(lambda: {"bad": 0, "detected": 0, "ok": 0, "false_alarms": 0, "rules": Counter(),
                                        "detected_by": Counter(), "alarms_by": Counter()})
    misses, alarms = [], []
    for row in rows:
        pair = Pair(row["source"], row["translation"], row["id"] or str(row["line"]), row["reference"] or None)
        result = audit(pair, refs, settings, lang=row["tgt_lang"].strip(), source_lang=row["src_lang"].strip(), rules=rules)
        hits = [f for f in result.findings if counts(f)]
        for key in ("all", row["category"].strip() or "(none)"):
            g = groups[key]
            g["rules"].update({f.rule for f in hits})
            g["detected_by" if row["label"] == "bad" else "alarms_by"].update({f.rule for f in hits})
            if row["label"] == "bad":
                g["bad"] += 1
                g["detected"] += bool(hits)
            else:
                g["ok"] += 1
                g["false_alarms"] += bool(hits)
        if row["label"] == "bad" and not hits:
            misses.append(row["id"])
        elif row["label"] == "ok" and hits:
            alarms.append({"id": row["id"], "rules": sorted({f.rule for f in hits}), "messages": [f.message for f in hits][:3]})
    out = {"rows": len(rows), "groups": {}}
    for key, g in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        out["groups"][key] = {
            "bad": g["bad"], "detected": g["detected"],
            "detection_rate": round(g["detected"] / g["bad"], 4) if g["bad"] else None,
            "detection_ci95": wilson(g["detected"], g["bad"]),
            "ok": g["ok"], "false_alarms": g["false_alarms"],
            "false_alarm_rate": round(g["false_alarms"] / g["ok"], 4) if g["ok"] else None,
            "false_alarm_ci95": wilson(g["false_alarms"], g["ok"]),
            "rules": dict(sorted(g["rules"].items())),  # rows each rule fired on
            "detected_by": dict(sorted(g["detected_by"].items())),  # bad rows each rule fired on
            "alarms_by": dict(sorted(g["alarms_by"].items())),  # ok rows each rule fired on
        }
    out["missed"] = misses
    out["false_alarms"] = alarms
    return out


def wilson(k: int, n: int, z: float = 1.96) -> list[float] | None:
    """95% Wilson score interval of a rate k/n: how far a rate measured on a few hundred rows
    can be trusted (200 rows at 5% is 2.7% to 9.0%)."""
    if not n:
        return None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return [round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)]


def render_text(report: dict, details: bool) -> str:
    def pct(x):
        return "   -  " if x is None else f"{100 * x:5.1f}%"

    def ci(x):
        return " " * 13 if x is None else f"{100 * x[0]:5.1f}-{100 * x[1]:5.1f}%"

    lines = [f"{'category':<16} {'bad':>5} {'detected':>9} {'rate':>7} {'95% CI':>13}   "
             f"{'ok':>5} {'alarms':>7} {'rate':>7} {'95% CI':>13}"]
    for key, g in report["groups"].items():
        lines.append(f"{key:<16} {g['bad']:>5} {g['detected']:>9} {pct(g['detection_rate']):>7} {ci(g['detection_ci95'])}   "
                     f"{g['ok']:>5} {g['false_alarms']:>7} {pct(g['false_alarm_rate']):>7} {ci(g['false_alarm_ci95'])}")
    lines.append(f"{report['rows']} rows; a row is detected when it has an accuracy, name or number finding "
                 "(95% CI: Wilson score interval)")
    if details:
        for key, g in report["groups"].items():
            if g["alarms_by"]:
                by = ", ".join(f"{r} {n}" for r, n in sorted(g["alarms_by"].items(), key=lambda kv: -kv[1]))
                lines.append(f"false alarms in {key} by rule: {by}")
        lines.append("missed bad rows: " + (", ".join(report["missed"]) or "none"))
        for a in report["false_alarms"]:
            lines.append(f"false alarm {a['id']}: {', '.join(a['rules'])}: {' | '.join(a['messages'])}")
    return "\n".join(lines) + "\n"


@app.command("eval")
@command
def eval_(
    file: Path = typer.Argument(..., help="TSV with header: id, src_lang, tgt_lang, source, translation, reference, label, category.", show_default=False),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here (atomically)."),
    details: bool = typer.Option(False, "--details", help="Also list missed bad rows and false alarms."),
    references: Optional[Path] = typer.Option(None, "--references", help="References directory (default: the bundled one)."),
    glossary: Optional[list[Path]] = typer.Option(None, "--glossary", "-g", help="Glossary file or directory (repeatable)."),
    select: Optional[list[str]] = typer.Option(None, "--select", help="Only rules whose code starts with these prefixes."),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="Skip rules whose code starts with these prefixes."),
    config: Optional[Path] = typer.Option(None, "--config", help="tqa.toml or pyproject.toml to read."),
    lexicon: Optional[list[str]] = typer.Option(None, "--lexicon", help="A bilingual dictionary (repeatable): dictd .index, StarDict .ifo or TSV, optionally SRC-TGT=PATH."),
    allow_special_files: o.AllowSpecialFiles = False,
) -> None:
    """Audit every row of a labelled TSV; print detection and false-alarm rates (exit 0; 2 on bad input)."""
    if fmt not in ("text", "json"):
        raise error(f"unknown format {fmt!r} (choose from: text, json)")
    o.allow_special_files(allow_special_files)
    settings, refs = load_settings_and_refs(config, references, glossary, select=split_codes(select), ignore=split_codes(ignore))
    o.apply_lexicons(refs, lexicon, settings)
    rows = read_rows(file)
    report = evaluate(rows, refs, settings)
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else render_text(report, details)
    emit(text, output)
    raise typer.Exit(EXIT_OK)
