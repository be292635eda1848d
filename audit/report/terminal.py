"""Terminal: each finding in its sentence with the span highlighted, then the score (rich)."""

from __future__ import annotations

import io

from audit.model import AuditResult, Severity
from audit.report.common import context, line_col

STYLE = {Severity.CRITICAL: "bold white on red", Severity.MAJOR: "bold red", Severity.MINOR: "yellow"}


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


def render(result: AuditResult, color: bool = False, width: int = 100, show_backtranslation: bool = False,
           **_: object) -> str:
    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, soft_wrap=True)
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
        from audit.report import backtranslation

        backtranslation.terminal(result, console)
    from audit.report import alignment

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
