"""Terminal (rich): `tqa audit`'s one file in full, each finding in its sentence with the span
highlighted, then the score; a gate run's findings one line each, a table of the files, then
the verdict."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from audit.errors import printable
from audit.model import AuditResult, Severity
from audit.report import alignment, backtranslation
from audit.report.common import VERDICT, context, extra, line_col, summary_line
from audit.runs import Run

STYLE = {Severity.CRITICAL: "bold white on red", Severity.MAJOR: "bold red", Severity.MINOR: "yellow"}


class _Shown(Console):
    """A console that shows the control characters of what it prints (a file name's or a text's
    escape sequence, carriage return, bidi override) instead of passing them to the terminal:
    `audit.errors.printable`, one character for one, so the styles' spans still fit. Its own
    styles are added after, by rich."""

    def print(self, *objects, **kwargs) -> None:
        super().print(*(_shown(o) for o in objects), **kwargs)


def _shown(o):
    if isinstance(o, str):
        return printable(o)
    if isinstance(o, Text):
        o.plain = printable(o.plain)
    elif isinstance(o, Table):
        for column in o.columns:
            column._cells = [_shown(c) for c in column._cells]
    return o


def _clip_left(text: str, n: int) -> str:
    if len(text) <= n:
        return text
    cut = text[-n:]
    space = cut.find(" ")
    return "…" + (cut[space:] if 0 <= space < n // 2 else cut)


def _clip_right(text: str, n: int) -> str:
    if len(text) <= n:
        return text
    cut = text[:n]
    space = cut.rfind(" ")
    return (cut[:space] if space > n // 2 else cut) + "…"


def render(run: Run, color: bool = False, width: int | None = None, show_backtranslation: bool = False,
           max_rows: int = 40, **_: object) -> str:
    if run.command == "audit":
        return _one(run.outcomes[0].result, color, width or 100, show_backtranslation)
    return _many(run, color, width or 110, max_rows)


def _one(result: AuditResult, color: bool, width: int, show_backtranslation: bool) -> str:
    buf = io.StringIO()
    console = _Shown(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, soft_wrap=True)
    doc = result.document
    for f in result.findings:
        line, col = line_col(doc.text, f.span.start)
        head = Text()
        head.append(f"{doc.path}:{line}:{col}", style="bold")
        head.append("  ")
        head.append(f"{f.rule}", style="cyan")
        head.append(f" [{f.severity.label}] ", style=STYLE[f.severity])
        head.append(f.message)
        console.print(head)
        before, match, after = context(result, f)
        snippet = Text("    ")
        snippet.append(_clip_left(before.replace("\n", " "), 70), style="dim")
        snippet.append(match.replace("\n", " ⏎ "), style=STYLE[f.severity] + " underline")
        snippet.append(_clip_right(after.replace("\n", " "), 70), style="dim")
        console.print(snippet)
        if f.suggestion is not None:
            sugg = Text("    → ")
            sugg.append("delete" if f.suggestion == "" else f.suggestion, style="green")
            console.print(sugg)
        for a in f.absorbed:  # the same problem as other rules saw it (audit/overlap.py)
            console.print(Text(f"    also {a.rule}: {a.message}", style="dim"))
        console.print()
    if show_backtranslation:
        backtranslation.terminal(result, console)
    alignment.terminal(result, console)
    for notice in result.notices:
        console.print(Text(f"note: {notice}", style="italic"))
    s = result.score
    verdict = Text("PASS", style="bold green") if result.passed else Text("FAIL", style="bold red")
    summary = Text()
    summary.append_text(verdict)
    summary.append(
        f"  quality {s.quality:.2f}/100  ·  {len(result.findings)} findings "
        f"({s.counts['critical']} critical, {s.counts['major']} major, {s.counts['minor']} minor)  ·  "
        f"{s.words} words  ·  penalty {s.per_1000:g} per 1000 words"
    )
    console.print(summary)
    for reason in result.reasons:
        console.print(Text(f"  {reason}", style="red"))
    for m in result.metrics:
        console.print(Text(f"  {m.name} {m.score:.2f}  ({m.signature})", style="dim"))
    console.print(Text(f"  {result.signature}", style="dim"))
    return buf.getvalue()


def _many(run: Run, color: bool, width: int, max_rows: int) -> str:
    """The findings of every file (a passing file's too: minor notes and findings under the
    threshold are still worth a look, as ruff and Vale list them), then a table of files, then
    the verdict. `--min-severity major` hides the minor ones."""
    buf = io.StringIO()
    con = _Shown(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, soft_wrap=True)
    for o in run.outcomes:
        if o.result is None:
            continue
        for f in o.result.findings:
            line, col = line_col(o.result.document.text, f.span.start)
            t = Text()
            t.append(f"{o.path}:{line}:{col}", style="bold")
            t.append(f"  {f.rule}", style="cyan")
            t.append(f" [{f.severity.label}] ", style=STYLE[f.severity])
            t.append(f.message)
            con.print(t)
    shown = [o for o in run.outcomes if o.status != "pass"] if len(run.outcomes) > max_rows else list(run.outcomes)
    if shown:
        table = Table(show_edge=False, pad_edge=False, expand=False)
        for col, just in (("file", "left"), ("score", "right"), ("crit", "right"), ("major", "right"),
                          ("minor", "right"), ("verdict", "left"), ("why", "left")):
            table.add_column(col, justify=just, overflow="fold")
        for o in shown:
            style = {"pass": "green", "fail": "bold red", "error": "bold magenta"}[o.status]
            if o.result is None:
                table.add_row(o.path, "", "", "", "", Text("ERROR", style=style), o.error or "")
                continue
            s = o.result.score
            why = "; ".join(o.result.reasons) or extra(o)
            table.add_row(o.path, f"{s.quality:.2f}", str(s.counts["critical"]), str(s.counts["major"]),
                          str(s.counts["minor"]), Text(VERDICT[o.status], style=style), why)
        con.print()
        con.print(table)
    if len(shown) < len(run.outcomes):
        con.print(Text(f"({len(run.outcomes) - len(shown)} passing file(s) not listed)", style="dim"))
    style = "bold green" if run.exit_code == 0 else "bold red"
    con.print(Text(summary_line(run), style=style))
    return buf.getvalue()
