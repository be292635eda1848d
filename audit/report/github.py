"""GitHub Actions workflow commands: an annotation per finding on its line, per file summary.

    ::warning file=a.txt,line=3,endLine=3,col=5,endColumn=20,title=TERM001 (major)::message

Severity → annotation: critical → error, major → warning, minor → notice. A file that failed
the gate gets an `error` annotation saying why; an unreadable file gets an `error` too.

GitHub shows at most 10 annotations of each level per step (and 50 per job), so when
`GITHUB_STEP_SUMMARY` is set (it is, in every Actions step) the same run is also appended to
that file as a Markdown job summary: the verdict, a table of files, and every finding, with
how many of them the annotations could not show. Appended, as GitHub expects (several steps
may write one summary); a summary that cannot be written is one warning line on stderr, not a
failed gate.
"""

from __future__ import annotations

import os
import sys

from audit.errors import printable
from audit.model import Severity
from audit.report.common import VERDICT, Locator, extra, summary_line
from audit.runs import Run

ANNOTATIONS_PER_LEVEL = 10  # GitHub's limit per step for each of error, warning, notice
SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses a step summary over 1 MiB

KIND = {Severity.CRITICAL: "error", Severity.MAJOR: "warning", Severity.MINOR: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cmd(kind: str, message: str, **props) -> str:
    p = ",".join(f"{k}={_prop(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind} {p}::{_data(message)}" if p else f"::{kind}::{_data(message)}"


def render(run: Run, **_: object) -> str:
    """Workflow commands, each line printable (a CI log obeys a file name's escapes too)."""
    return "".join(printable(line) + "\n" for line in _commands(run))


def _commands(run: Run) -> list[str]:
    out = []
    for o in run.outcomes:
        if o.result is None:
            out.append(_cmd("error", o.error or "could not audit this file", file=o.path, title="tqa: cannot audit"))
            continue
        r = o.result
        where = Locator(r)
        for f in r.findings:
            w = where(f)
            msg = f.message
            if f.suggestion is not None:
                msg += " → " + ("delete it" if f.suggestion == "" else f.suggestion)
            if w.unit is not None:  # a bilingual file: the unit's line, and which unit
                msg += f" (unit {w.unit}: {f.text!r})"
            props = {"file": o.path, "line": w.line or 1, "endLine": w.end_line or w.line or 1,
                     "title": f"{f.rule} ({f.severity.label})"}
            if w.column and w.line == w.end_line:  # GitHub ignores columns on multi-line annotations
                props.update(col=w.column, endColumn=w.end_column)
            out.append(_cmd(KIND[f.severity], msg, **{k: props[k] for k in ("file", "line", "endLine", "col", "endColumn", "title") if k in props}))
        if not r.passed:
            out.append(_cmd("error", f"quality {r.score.quality:.2f}/100: " + "; ".join(r.reasons), file=o.path,
                            line=1, title="tqa gate: FAIL"))
    out.append(summary_line(run))
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        write_summary(run, target)
    return out


def _md(text: object) -> str:
    """Text for a Markdown table cell: one line, no table or HTML syntax of its own."""
    t = " ".join(str(text).split())
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("`", "\\`"), ("*", "\\*"),
                 ("_", "\\_"), ("[", "\\["), ("]", "\\]")):
        t = t.replace(a, b)
    return t


def summary(run, limit: int = SUMMARY_LIMIT) -> str:
    """The job summary's Markdown: verdict, files, then every finding (up to `limit` bytes)."""
    out = ["## tqa", "", f"**{_md(summary_line(run))}**", ""]
    levels = {"error": 0, "warning": 0, "notice": 0}
    rows = []
    for o in run.outcomes:
        if o.result is None:
            levels["error"] += 1
            continue
        where = Locator(o.result)
        for f in o.result.findings:
            levels[KIND[f.severity]] += 1
            w = where(f)
            pos = f"{w.line}" + (f":{w.column}" if w.column else "") if w.line else ""
            sugg = "" if f.suggestion is None else ("(delete)" if f.suggestion == "" else _md(f.suggestion))
            unit = f" (unit {_md(w.unit)})" if w.unit is not None else ""
            rows.append(f"| {_md(o.path)} | {pos}{unit} | {f.rule} | {f.severity.label} | {_md(f.text)} | {sugg} "
                        f"| {_md(f.message)} |")
        if not o.result.passed:
            levels["error"] += 1
    hidden = {k: n - ANNOTATIONS_PER_LEVEL for k, n in levels.items() if n > ANNOTATIONS_PER_LEVEL}
    if hidden:
        out += ["GitHub shows only the first 10 annotations of each level in a step: "
                + ", ".join(f"{n} more {k}(s)" for k, n in hidden.items()) + " are listed only here.", ""]
    out += ["| File | Score | Findings | Verdict | Why |", "|---|---:|---:|---|---|"]
    for o in run.outcomes:
        if o.result is None:
            out.append(f"| {_md(o.path)} |  |  | ERROR | {_md(o.error or '')} |")
        else:
            r = o.result
            why = "; ".join(r.reasons) or extra(o)
            out.append(f"| {_md(o.path)} | {r.score.quality:.2f} | {len(r.findings)} | {VERDICT[o.status]} "
                       f"| {_md(why)} |")
    out.append("")
    if rows:
        out += [f"### Findings ({len(rows)})", "", "| File | Line | Rule | Severity | Found | Suggestion | Message |",
                "|---|---|---|---|---|---|---|"]
        size = sum(len(x.encode("utf-8")) + 1 for x in out)
        for i, row in enumerate(rows):
            size += len(row.encode("utf-8")) + 1
            if size > limit - 200:
                out.append("")
                out.append(f"*{len(rows) - i} more finding(s) left out: a step summary holds at most 1 MiB "
                           "(the SARIF or JSON report has them all).*")
                break
            out.append(row)
        out.append("")
    return "\n".join(out) + "\n"


def write_summary(run, path: str) -> None:
    """Append the job summary to `path` (GitHub's `$GITHUB_STEP_SUMMARY`)."""
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(summary(run))
    except OSError as exc:
        sys.stderr.write(f"tqa: warning: cannot write the GitHub job summary to {path}: {exc.strerror or exc}\n")
