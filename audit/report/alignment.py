"""The reference alignment in the Markdown and terminal reports (JSON carries `data.alignment`).

Shows the references used, the document scores with their sacrebleu signatures, the worst
aligned pairs with their word-level differences, the differences on glossary entries and
numbers, and the unaligned segments (content the translation added or dropped), each marked
with the rules that reported it.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from audit.model import AuditResult, Span
from audit.reference_texts import shown_path
from audit.report.common import cell as _cell, line_col

WORST = 5


def _data(result: AuditResult) -> dict | None:
    al = result.data.get("alignment")
    return al if al and al.get("references") else None


def _rules_at(result: AuditResult, start: int, end: int) -> list[str]:
    span = Span(start, max(end, start + 1))
    return sorted({f.rule for f in result.findings if f.span.overlaps(span)})


def worst_pairs(al: dict, n: int = WORST) -> list[dict]:
    """Aligned pairs that differ at all, by ascending chrF (ties: longer first)."""
    pairs = [p for p in al.get("pairs", ()) if p.get("scores") and p.get("diff")]
    key = next((k for k in ("chrF", "chrF++", "BLEU") if pairs and k in pairs[0]["scores"]), None)
    if key is None:
        return []
    return sorted(pairs, key=lambda p: (p["scores"][key], -len(p["target_text"])))[:n]


def diff_text(pair: dict, markdown: bool = True) -> str:
    parts = []
    for op in pair.get("diff", ()):
        old, new = op["target"], op["reference"]
        if markdown:
            parts.append(f"~~{old}~~ → **{new}**" if old and new else (f"~~{old}~~" if old else f"+**{new}**"))
        else:
            parts.append(f"[-{old}-]{{+{new}+}}" if old and new else (f"[-{old}-]" if old else f"{{+{new}+}}"))
    return "; ".join(parts)


def differences(al: dict) -> list[tuple[dict, dict, str]]:
    """(pair, difference, kind) for every glossary or number difference."""
    out = []
    for p in al.get("pairs", ()):
        out += [(p, g, "glossary") for g in p.get("glossary", ())]
        out += [(p, n, "number") for n in p.get("numbers", ())]
    return out


def _clip(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def markdown(result: AuditResult) -> list[str]:
    al = _data(result)
    if al is None:
        return []
    doc = result.document
    names = [Path(r["path"]).name for r in al["references"]]
    out = ["## Reference alignment", ""]
    out += ["| Reference | Kind | Segments |", "|---|---|---|"]
    out += [f"| `{_cell(shown_path(r['path']))}` | {r['kind']} | {r['segments']} |" for r in al["references"]]
    out.append("")
    if al.get("metrics"):
        out += ["| Metric | Document | Signature | Segment signature |", "|---|---|---|---|"]
        out += [f"| {m['name']} | {m['score']:.2f} | `{_cell(m['signature'])}` | `{_cell(m['segment_signature'])}` |"
                for m in al["metrics"]]
        out.append("")
    pairs = al.get("pairs", ())
    out.append(f"{len(pairs)} aligned pairs, {len(al.get('unaligned_target', ()))} target and "
               f"{len(al.get('unaligned_reference', ()))} reference segments unaligned.")
    out.append("")
    worst = worst_pairs(al)
    if worst:
        score_names = list(worst[0]["scores"])
        out += ["### Worst aligned pairs", "",
                "| Line | " + " | ".join(score_names) + " | Translation | Reference | Differences |",
                "|---|" + "---|" * len(score_names) + "---|---|---|"]
        for p in worst:
            line, _ = line_col(doc.text, p["start"])
            scores = " | ".join(f"{p['scores'][k]:.1f}" for k in score_names)
            out.append(f"| {line} | {scores} | {_cell(p['target_text'])} | {_cell(p['reference_text'])} "
                       f"({names[p['ref']]}:{p['reference_line']}) | {_cell(diff_text(p))} |")
        out.append("")
    diffs = differences(al)
    if diffs:
        out += ["### Differences on glossary entries and numbers", "",
                "| Line | Translation | Reference | What | Reported by |", "|---|---|---|---|---|"]
        for p, d, kind in diffs:
            line, col = line_col(doc.text, d["start"])
            what = f"glossary: {', '.join(d['entries'])}" if kind == "glossary" else f"number ({d['kind']})"
            located = d.get("located", True)
            by = (", ".join(_rules_at(result, d["start"], d["end"])) if located else "") or "—"
            shown = d["target"] if located else "*(not in this place)*"
            out.append(f"| {line}:{col} | {_cell(_clip(shown))} | {_cell(d['reference'])} "
                       f"({names[p['ref']]}:{p['reference_line']}) | {what} | {by} |")
        out.append("")
    added, dropped = al.get("unaligned_target", ()), al.get("unaligned_reference", ())
    if added or dropped:
        out += ["### Unaligned segments", "", "| Where | Side | Text | Reported by |", "|---|---|---|---|"]
        for a in added:
            line, col = line_col(doc.text, a["start"])
            by = ", ".join(_rules_at(result, a["start"], a["end"])) or "—"
            out.append(f"| {line}:{col} | added (translation only) | {_cell(_clip(a['text'], 120))} | {by} |")
        for d in dropped:
            line, _ = line_col(doc.text, max(d["at"] - 1, 0))
            out.append(f"| after line {line} | dropped ({names[d['ref']]}:{d['line']}) | {_cell(_clip(d['text'], 120))} | REF001 |")
        out.append("")
    return out


def terminal(result: AuditResult, console, worst: int = 3) -> None:
    al = _data(result)
    if al is None:
        return
    doc = result.document
    names = [Path(r["path"]).name for r in al["references"]]
    console.print(Text(f"Reference alignment ({', '.join(names)}): {len(al.get('pairs', ()))} pairs, "
                       f"{len(al.get('unaligned_target', ()))} added, {len(al.get('unaligned_reference', ()))} dropped",
                       style="bold"))
    for p in worst_pairs(al, worst):
        line, _ = line_col(doc.text, p["start"])
        scores = "  ".join(f"{k} {v:.1f}" for k, v in p["scores"].items())
        console.print(Text(f"  line {line}  {scores}", style="dim"))
        row = Text("    ")
        if console.no_color:  # strike-through and colour are all that tell the sides apart: use wdiff's marks
            console.print(row + Text(diff_text({"diff": [{**op, "target": _clip(op["target"], 50),
                                                          "reference": _clip(op["reference"], 50)}
                                                         for op in p.get("diff", ())[:8]]}, markdown=False)))
            continue
        for op in p.get("diff", ())[:8]:
            if op["target"]:
                row.append(_clip(op["target"], 50), style="red strike")
            if op["target"] and op["reference"]:
                row.append("→")
            if op["reference"]:
                row.append(_clip(op["reference"], 50), style="green")
            row.append("  ")
        console.print(row)
    for a in al.get("unaligned_target", ()):
        line, _ = line_col(doc.text, a["start"])
        by = ", ".join(_rules_at(result, a["start"], a["end"]))
        console.print(Text(f"  + line {line}: {_clip(a['text'], 70)}" + (f"  ({by})" if by else ""), style="yellow"))
    for d in al.get("unaligned_reference", ()):
        line, _ = line_col(doc.text, max(d["at"] - 1, 0))
        console.print(Text(f"  - after line {line}: {_clip(d['text'], 70)}  ({names[d['ref']]}:{d['line']})", style="yellow"))
    console.print()
