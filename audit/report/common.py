"""Small helpers the renderers share: line/column of an offset, the context of a finding, the
JSON contract of one file, where a finding is in the file, and how a run of files is summed up."""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from audit.bilingual import unit_at
from audit.checks import BY_CODE
from audit.model import AuditResult, Finding, Severity, Span
from audit.runs import FileOutcome, Run

SCHEMA_VERSION = 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (a binary search in the text's newline
    offsets, built once per text: counting newlines per finding made reports quadratic)."""
    newlines = _newlines(text)
    before = bisect_left(newlines, offset)  # newlines before `offset`
    return before + 1, offset - (newlines[before - 1] + 1 if before else 0) + 1


@lru_cache(maxsize=4)
def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def context(result: AuditResult, f: Finding) -> tuple[str, str, str]:
    """(before, match, after) inside the finding's segment (or a window around it)."""
    text = result.document.analysed  # markup blanked: context reads as prose
    seg = result.document.segments[f.segment] if f.segment is not None else None
    start = min(seg.span.start, f.span.start) if seg else max(0, f.span.start - 60)
    end = max(seg.span.end, f.span.end) if seg else min(len(text), f.span.end + 60)
    return text[start : f.span.start], f.text, text[f.span.end : end]


def to_dict(result: AuditResult) -> dict:
    """The JSON contract, schema 1. `findings[].text == input[span.start:span.end]`."""
    doc = result.document
    return {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "tqa", "signature": result.signature},
        "document": {
            "path": doc.path,
            "lang": doc.lang,
            "source_lang": doc.source_lang,
            "date": doc.date,
            "encoding": doc.encoding,
            "format": doc.format,
            "characters": len(doc.text),
        },
        "score": result.score.quality,
        "passed": result.passed,
        "reasons": list(result.reasons),
        "words": result.score.words,
        "penalty": result.score.penalty,
        "penalty_per_1000": result.score.per_1000,
        "counts": result.score.counts,
        "notices": list(result.notices),
        "findings": [
            {
                "rule": f.rule,
                "category": f.category,
                "severity": f.severity.label,
                "message": f.message,
                "span": {"start": f.span.start, "end": f.span.end},
                "line": line_col(doc.text, f.span.start)[0],
                "column": line_col(doc.text, f.span.start)[1],
                "text": f.text,
                "suggestion": f.suggestion,
                "segment": f.segment,
                "evidence": list(f.evidence),
                # Findings of other rules about the same problem, not scored (audit/overlap.py).
                **({"absorbed": [_absorbed(a) for a in f.absorbed]} if f.absorbed else {}),
                **_unit(result, f),  # bilingual files: {"unit": {"id", "offset"}} (docs/bilingual.md)
            }
            for f in result.findings
        ],
        "metrics": [
            {"name": m.name, "score": m.score, "signature": m.signature, "per_segment": list(m.per_segment)}
            for m in result.metrics
        ],
        "segments": [
            {
                "index": s.index,
                "span": {"start": s.span.start, "end": s.span.end},
                "paragraph": s.paragraph,
                "kind": s.kind,
                "lang": s.lang,
                "text": s.text,
                **({"backtranslation": s.backtranslation} if s.backtranslation is not None else {}),
            }
            for s in doc.segments
        ],
        # Output of optional stages (e.g. "alignment"), each under its own top-level key.
        **{k: v for k, v in result.data.items() if k not in _RESERVED},
    }


_RESERVED = {"schema", "tool", "document", "score", "passed", "reasons", "words", "penalty",
             "penalty_per_1000", "counts", "notices", "findings", "metrics", "segments",
             # kept out of the JSON report: the audit's duration varies from run to run, and the
             # known findings of a baseline are for SARIF's baselineState (audit/report/sarif.py)
             "seconds", "baseline_known"}


def _absorbed(a: Finding) -> dict:
    return {"rule": a.rule, "severity": a.severity.label, "message": a.message,
            "span": {"start": a.span.start, "end": a.span.end}, "text": a.text}


def _unit(result: AuditResult, f: Finding) -> dict:
    unit = unit_at(result.data, f.span.start)
    return {"unit": unit} if unit else {}


# --- where a finding is, in the file as the user has it ---------------------------------------

# Bilingual files are audited as the text of their target units joined by blank lines, so an
# offset into that text is no position in the file: reports give the unit's line and its id.
UNIT_FORMATS = frozenset({"xliff", "xliff2", "tmx", "po", "tsv", "csv"})


@dataclass(frozen=True)
class Where:
    line: int | None  # 1-based line in the file (None: unknown)
    column: int | None  # 1-based column, Unicode code points (None: only the line is known)
    end_line: int | None
    end_column: int | None
    unit: str | None = None  # bilingual files: the translation unit's id
    unit_offset: int | None = None  # the finding's offset inside the unit's target text

    @property
    def in_text(self) -> bool:
        """Whether the position and the finding's offsets are the file's own (not a unit's)."""
        return self.unit is None


class Locator:
    """Positions of one result's findings: line/column in the text, or, for bilingual files,
    the unit's line in the file and its id (`data["bilingual"]["pairs"]`, audit/bilingual)."""

    def __init__(self, result: AuditResult):
        self.text = result.document.text
        bil = result.data.get("bilingual") or {}
        self.pairs = list(bil.get("pairs") or ()) if bil.get("format") in UNIT_FORMATS else []
        self.starts = [p["start"] for p in self.pairs]

    def unit(self, offset: int) -> dict | None:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.pairs[i]["start"] <= offset <= self.pairs[i]["end"]:
            return self.pairs[i]
        return None

    def __call__(self, f: Finding) -> Where:
        if self.pairs:
            p = self.unit(f.span.start)
            if p is not None:
                line = p.get("line")
                return Where(line, None, line, None, str(p["id"]), f.span.start - p["start"])
        l1, c1 = line_col(self.text, f.span.start)
        l2, c2 = line_col(self.text, f.span.end)
        return Where(l1, c1, l2, c2)


def finding_from(d: dict, result: AuditResult) -> Finding:
    """A Finding back from the JSON-able dict of a suppressed or baselined one (audit/suppress.py,
    audit/baseline.py); category and severity default to the rule's."""
    rule = BY_CODE.get(d["rule"])
    span = Span(d["span"]["start"], d["span"]["end"])
    seg = d.get("segment")
    if seg is None:
        s = result.document.segment_at(span.start)
        seg = s.index if s is not None else None
    sev = d.get("severity")
    return Finding(
        rule=d["rule"],
        category=d.get("category") or (rule.category if rule else ""),
        severity=Severity.parse(sev) if sev else (rule.severity if rule else Severity.MINOR),
        message=d.get("message") or (rule.summary if rule else d["rule"]),
        span=span,
        text=d.get("text", result.document.text[span.start : span.end]),
        segment=seg,
        suggestion=d.get("suggestion"),
    )


def relative_path(path: str) -> str:
    """`path` relative to the current directory with `/` when inside it, else as given."""
    p = Path(os.path.abspath(path))
    try:
        return p.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def cell(text: str | None) -> str:
    """Text for a Markdown table cell: `|` escaped, on one line."""
    return (text or "").replace("|", "\\|").replace("\n", " ").strip()


# --- a run of files, as the reports sum it up (audit/runs.py) ---------------------------------

VERDICT = {"pass": "PASS", "fail": "FAIL", "error": "ERROR"}


def extra(o: FileOutcome) -> str:
    """Baseline and suppression counts of one file, for the summaries."""
    if o.result is None:
        return ""
    bits = []
    b = o.result.data.get("baseline")
    if b and b["known"]:
        bits.append(f"{b['known']} known")
    s = o.result.data.get("suppressions")
    if s and s.get("suppressed"):
        bits.append(f"{len(s['suppressed'])} suppressed")
    return ", ".join(bits)


def summary_line(run: Run) -> str:
    c = run.counts
    n = len(run.outcomes)
    verdict = "PASS" if run.exit_code == 0 else ("FAIL" if run.exit_code == 1 else "ERROR")
    line = f"{verdict}  {n} file(s): {c['pass']} passed, {c['fail']} failed, {c['error']} error(s)"
    return line + (f"  ·  baseline {run.baseline}" if run.baseline else "")
