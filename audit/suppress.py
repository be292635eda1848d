"""Suppression: inline markers in the text, per-file ignores from the config, and a report of
the markers that matched nothing (rule SUP001, like ruff's RUF100).

Markers are HTML comments, so they work in plain text and stay invisible in rendered Markdown:

    <!-- tqa-ignore TERM001 -->          alone on a line: the next paragraph
    text ... <!-- tqa-ignore BOIL -->    after (or before) text on a line: that line
    <!-- tqa-ignore-start PHRASE -->     up to the matching <!-- tqa-ignore-end -->
    <!-- tqa-ignore-file NAME002 -->     the whole file

Codes are rule codes or prefixes (`TERM` covers TERM001, TERM002…), separated by spaces or
commas; none means every rule. Lower-case words after the codes are a free-text reason.
Findings inside a marker itself are dropped: a marker never produces a finding of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from audit.model import Document, Finding, Severity, Span
from audit.rules import Rule, fails, make_finding, passes

# The body stops at "<" and ">": an unclosed marker is not scanned to the end of the text from
# every "<!--" (linear time on hostile input, issue 8).
MARKER = re.compile(r"<!--\s*tqa-ignore(?P<kind>-start|-end|-file)?\b(?P<body>[^<>]*?)-->", re.DOTALL)
_CODE = re.compile(r"[A-Z]{2,6}\d{0,3}")


@dataclass
class Marker:
    span: Span  # the comment itself
    kind: str  # next | line | block | file | end
    codes: tuple[str, ...]  # empty: every rule
    scope: Span  # where it suppresses
    used: set = field(default_factory=set)  # codes (or "*") that suppressed something
    closed: bool = True  # a block marker found its end


def _codes(body: str) -> tuple[str, ...]:
    out = []
    for token in re.split(r"[\s,]+", body.strip()):
        if not _CODE.fullmatch(token):
            break  # the rest is a reason
        out.append(token)
    return tuple(out)


def find_markers(text: str) -> list[Marker]:
    markers: list[Marker] = []
    open_blocks: list[Marker] = []
    for m in MARKER.finditer(text):
        span = Span(m.start(), m.end())
        kind = (m.group("kind") or "").lstrip("-")
        codes = _codes(m.group("body"))
        if kind == "file":
            markers.append(Marker(span, "file", codes, Span(0, len(text))))
        elif kind == "start":
            mk = Marker(span, "block", codes, Span(span.end, len(text)), closed=False)
            markers.append(mk)
            open_blocks.append(mk)
        elif kind == "end":
            if open_blocks:
                mk = open_blocks.pop()
                mk.scope, mk.closed = Span(mk.scope.start, span.start), True
            else:
                markers.append(Marker(span, "end", (), span))
        else:
            line_start = text.rfind("\n", 0, span.start) + 1
            nl = text.find("\n", span.end)
            line_end = len(text) if nl < 0 else nl
            if (text[line_start : span.start] + text[span.end : line_end]).strip():
                markers.append(Marker(span, "line", codes, Span(line_start, line_end)))
            else:
                markers.append(Marker(span, "next", codes, _next_paragraph(text, line_end)))
    return markers


def _next_paragraph(text: str, pos: int) -> Span:
    """From `pos`, skip blank lines, then take lines up to the next blank line."""
    m = re.compile(r"\s*").match(text, pos)
    start = m.end() if m else pos
    blank = re.compile(r"\n[ \t]*\n").search(text, start)
    return Span(start, blank.start() if blank else len(text))


def _covers(code: str, rule: str) -> bool:
    return rule.startswith(code)


@dataclass(frozen=True)
class Outcome:
    kept: tuple[Finding, ...]
    suppressed: tuple[dict, ...]  # JSON-able: rule, severity, message, span, text, by
    unused: tuple[Finding, ...]  # SUP001 findings
    unused_file_ignores: tuple[str, ...]


def apply(
    doc: Document,
    findings: list[Finding],
    ran: tuple[Rule, ...],
    file_ignores: tuple[str, ...] = (),
    report_unused: bool = True,
    known: tuple[str, ...] = (),
) -> Outcome:
    """Drop the findings markers and per-file ignores cover; report markers that matched nothing.

    `ran`: the rules whose findings these are; `known`: every rule code there is (a marker naming
    none of them is reported), `ran`'s codes when not given."""
    markers = find_markers(doc.text)
    kept: list[Finding] = []
    suppressed: list[dict] = []
    used_ignores: set[str] = set()
    for f in findings:
        if any(mk.span.contains(f.span) for mk in markers):
            continue  # a finding about the marker text itself
        by = None
        for mk in markers:
            if mk.kind == "end" or not _in_scope(f.span, mk.scope):
                continue
            hit = [c for c in mk.codes if _covers(c, f.rule)] if mk.codes else ["*"]
            if hit:
                mk.used.update(hit)
                by = f"inline:{_line(doc.text, mk.span.start)}"
                break
        if by is None:
            hit = [c for c in file_ignores if _covers(c, f.rule)]
            if hit:
                used_ignores.update(hit)
                by = "config:per-file-ignores"
        if by is None:
            kept.append(f)
        else:
            suppressed.append({"rule": f.rule, "severity": f.severity.label, "message": f.message,
                               "span": {"start": f.span.start, "end": f.span.end}, "text": f.text, "by": by})
    unused = tuple(_unused(doc, markers, ran, known or tuple(r.code for r in ran))) if report_unused else ()
    return Outcome(tuple(kept), tuple(suppressed), unused, tuple(c for c in file_ignores if c not in used_ignores))


def _in_scope(span: Span, scope: Span) -> bool:
    return span.overlaps(scope) or (len(span) == 0 and scope.start <= span.start <= scope.end)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _unused(doc: Document, markers: list[Marker], ran: tuple[Rule, ...], known: tuple[str, ...]):
    running = [r.code for r in ran]
    for mk in markers:
        if mk.kind == "end":
            yield _finding(doc, mk.span, "tqa-ignore-end without a tqa-ignore-start before it")
            continue
        if not mk.closed:
            yield _finding(doc, mk.span, "tqa-ignore-start without a tqa-ignore-end: it covers the rest of the file")
        if not mk.codes:
            if "*" not in mk.used:
                yield _finding(doc, mk.span, "this tqa-ignore marker matched no finding: remove it")
            continue
        unknown = [c for c in mk.codes if not any(k.startswith(c) for k in known)]
        idle = [c for c in mk.codes if c not in unknown and c not in mk.used and any(k.startswith(c) for k in running)]
        if unknown:
            yield _finding(doc, mk.span, f"tqa-ignore names no rule: {', '.join(unknown)} (`tqa rules` lists them)")
        if idle:
            yield _finding(doc, mk.span, f"tqa-ignore {', '.join(idle)} matched no finding: remove it")


def _finding(doc: Document, span: Span, message: str) -> Finding:
    return make_finding(UNUSED, doc, span, message, suggestion="")


UNUSED = Rule(
    code="SUP001",
    name="unused-suppression",
    category="Other",
    severity=Severity.MINOR,
    summary="A tqa-ignore marker that suppresses nothing, names no rule, or is not closed.",
    doc=(
        "Inline markers (`<!-- tqa-ignore CODE -->` for the next paragraph or the same line,\n"
        "`<!-- tqa-ignore-start CODE -->` … `<!-- tqa-ignore-end -->` for a block,\n"
        "`<!-- tqa-ignore-file CODE -->` for the file) silence findings. A marker that silences\n"
        "nothing is stale: the text was fixed or moved, and the marker would hide the next real\n"
        "problem there. This rule reports such markers, markers naming unknown codes, and blocks\n"
        "that are never closed. Remove the marker (the suggestion deletes it). Codes of rules\n"
        "that did not run (deselected with select/ignore) are not reported. The suppression pass\n"
        "over the other rules' findings makes these findings (audit/passes.py), not a check.\n"
        "Example: `<!-- tqa-ignore TERM001 -->` above a paragraph with no TERM001 finding."
    ),
    made_by="suppression",  # audit/passes.py: the findings are about the other rules' findings
    examples=(
        fails("<!-- tqa-ignore TERM001 -->\nThe talks were held in Geneva on Monday."),
        fails("<!-- tqa-ignore XYZ999 -->\nThe talks were held within the Russia-NATO Council."),
        fails("The talks ended on Monday. <!-- tqa-ignore-end -->"),
        passes("<!-- tqa-ignore TERM001 -->\nThe talks were held within the Russia-NATO Council."),
        passes("The talks were held within the Russia-NATO Council. <!-- tqa-ignore TERM -->"),
        passes("<!-- tqa-ignore-start -->\nThe talks were held within the Russia-NATO Council.\n<!-- tqa-ignore-end -->"),
        passes("The talks were held in Geneva on Monday."),
        fails("<!-- tqa-ignore TERM001 -->\nLes pourparlers ont eu lieu lundi à Genève.", lang="fr"),
        passes("Les pourparlers ont eu lieu lundi à Genève.", lang="fr"),
    ),
)
