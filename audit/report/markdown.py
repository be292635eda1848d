"""Markdown: a report to paste into a pull request, an issue or a wiki page. `tqa audit`'s file
in full; a gate run as a summary table, then each failing file's report."""

from __future__ import annotations

import re

from audit.errors import printable
from audit.model import AuditResult
from audit.report import alignment, backtranslation
from audit.report.common import VERDICT, context, extra, line_col, summary_line
from audit.report.common import cell as _cell
from audit.runs import Run


_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _inline(text: str) -> str:
    """Text inside a Markdown line, its spaces kept (they separate the highlight from the
    words around it) and Markdown's own characters escaped, so `*` or `_` in an article
    cannot open emphasis; newlines and runs of spaces become one space."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def in_context(before: str, match: str, after: str) -> str:
    """`before **match** after` on one line: the highlight's own edge spaces moved outside
    the `**` (Markdown does not bold `** x**`)."""
    lead = match[: len(match) - len(match.lstrip())]
    trail = match[len(match.rstrip()):]
    core = match.strip()
    text = _inline(before + lead) + (f"**{_inline(core)}**" if core else "") + _inline(trail + after)
    return text.strip()


def render(run: Run, **_: object) -> str:
    """The report, each line printable (Markdown is read in terminals too)."""
    return "\n".join(printable(line) for line in _render(run).split("\n"))


def _render(run: Run) -> str:
    if run.command == "audit":
        return _file(run.outcomes[0].result)
    out = ["# tqa gate", "", f"**{summary_line(run)}**", "", "| File | Score | Findings | Verdict | Why |",
           "|---|---:|---:|---|---|"]
    for o in run.outcomes:
        if o.result is None:
            out.append(f"| `{_cell(o.path)}` |  |  | ERROR | {_cell(o.error)} |")
        else:
            r = o.result
            why = "; ".join(r.reasons) or extra(o)
            out.append(f"| `{_cell(o.path)}` | {r.score.quality:.2f} | {len(r.findings)} | {VERDICT[o.status]} | {_cell(why)} |")
    out.append("")
    body = [_file(o.result) for o in run.outcomes if o.result is not None and not o.result.passed]
    return "\n".join(out) + ("\n" + "\n".join(body) if body else "")


def _file(result: AuditResult) -> str:
    doc, s = result.document, result.score
    verdict = "PASS" if result.passed else "FAIL"
    out = [
        f"# Translation audit: `{doc.path}`",
        "",
        f"**{verdict}** · quality **{s.quality:.2f}**/100 · {s.words} words · "
        f"penalty {s.penalty:g} ({s.per_1000:g} per 1000 words) · "
        f"{s.counts['critical']} critical, {s.counts['major']} major, {s.counts['minor']} minor",
        "",
        f"Language: {doc.lang}" + (f" (translated from {doc.source_lang})" if doc.source_lang else "")
        + (f" · date {doc.date}" if doc.date else ""),
        "",
    ]
    for reason in result.reasons:
        out.append(f"- {reason}")
    for notice in result.notices:
        out.append(f"> {notice}")
    if result.reasons or result.notices:
        out.append("")
    if result.findings:
        out += ["## Findings", "", "| # | Line | Rule | Severity | Found | Suggestion | Message |", "|---|---|---|---|---|---|---|"]
        for i, f in enumerate(result.findings, 1):
            line, col = line_col(doc.text, f.span.start)
            sugg = "*(delete)*" if f.suggestion == "" else _cell(f.suggestion)
            out.append(
                f"| {i} | {line}:{col} | `{f.rule}` | {f.severity.label} | {_cell(f.text)} | {sugg} | {_cell(f.message)} |"
            )
        out += ["", "## In context", ""]
        for i, f in enumerate(result.findings, 1):
            before, match, after = context(result, f)
            out.append(f"{i}. `{f.rule}` {in_context(before, match, after)}")
            out += [f"   - also `{a.rule}`: {_cell(a.message)}" for a in f.absorbed]  # audit/overlap.py
        out.append("")
    else:
        out += ["No findings.", ""]
    out += backtranslation.markdown(result)
    out += alignment.markdown(result)
    if result.metrics:
        out += ["## Metrics", "", "| Metric | Score | Signature |", "|---|---|---|"]
        out += [f"| {m.name} | {m.score:.2f} | `{_cell(m.signature)}` |" for m in result.metrics]  # sacrebleu's | splits cells
        out.append("")
    out += [f"<sub>signature: `{result.signature}`</sub>", ""]
    return "\n".join(out)
