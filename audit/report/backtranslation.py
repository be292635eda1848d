"""Segments beside their back-translations (and round-trip chrF), for the Markdown report and,
on request (`--show-backtranslation`), the terminal. JSON carries them in
`segments[].backtranslation` and the top-level `backtranslation` object."""

from __future__ import annotations

from rich.text import Text

from audit.model import AuditResult
from audit.report.common import cell
from audit.wordalign import pair_rows


def rows(result: AuditResult) -> list[tuple[int, str, str, float | None]]:
    """(segment index, text, back-translation, round-trip chrF or None) for translated segments."""
    per = next((m.per_segment for m in result.metrics if m.name == "roundtrip-chrF"), ())
    out = []
    for s in result.document.segments:
        if s.backtranslation is None:
            continue
        score = per[s.index] if s.index < len(per) else None
        out.append((s.index, s.text, s.backtranslation, score))
    return out


def _alignment_markdown(result: AuditResult) -> list[str]:
    """The word alignment of each source/target pair (a lexical back-translation), compact."""
    table = pair_rows(result.data)
    if not table:
        return []
    out = ["## Word alignment", "", "| Pair | Source word → target word (evidence) |", "|---|---|"]
    out += [f"| {i} | {cell(line)} |" for i, line in table]
    return out + [""]


def markdown(result: AuditResult) -> list[str]:
    """A side-by-side table, or nothing when the audit did not back-translate; then the word
    alignment of a bilingual audit, when the name checks made one."""
    table = rows(result)
    if not table:
        return _alignment_markdown(result)
    info = result.data.get("backtranslation") or {}
    src = result.document.source_lang or "source"
    has_chrf = any(r[3] is not None for r in table)
    head = f"| # | Segment ({result.document.lang}) | Back-translation ({src}) |" + (" Round-trip chrF |" if has_chrf else "")
    out = ["## Back-translation", ""]
    if info.get("model"):
        out += [f"Model `{info['model']}` (`{info.get('decoding', '')}`)"
                + (f", way back `{info['forward_model']}`" if info.get("forward_model") else "") + ".", ""]
    out += [head, "|---|---|---|" + ("---|" if has_chrf else "")]
    for i, text, bt, score in table:
        chrf = "" if score is None else f"{score:.1f}"
        out.append(f"| {i} | {cell(text)} | {cell(bt)} |" + (f" {chrf} |" if has_chrf else ""))
    out.append("")
    return out + _alignment_markdown(result)


def terminal(result: AuditResult, console) -> None:
    aligned = pair_rows(result.data)
    if aligned:
        console.print(Text("Word alignment", style="bold"))
        for i, line in aligned:
            row = Text(f"  [{i}] ", style="dim")
            row.append(line)
            console.print(row)
        console.print()
    table = rows(result)
    if not table:
        return
    console.print(Text("Back-translation", style="bold"))
    for i, text, bt, score in table:
        line = Text(f"  [{i}] ")
        line.append(text.replace("\n", " "))
        console.print(line)
        back = Text("      ↺ ", style="dim")
        back.append(bt.replace("\n", " "), style="cyan")
        if score is not None:
            back.append(f"  (round trip chrF {score:.1f})", style="dim")
        console.print(back)
    console.print()
