"""One finding per problem: the pass after the checks that resolves overlapping findings by the
precedence the rules declare (`Rule.yields_to`).

Checks run independently, so one problem can be reported by several rules: a wrong "Kiev" is a
form the glossary lists as wrong (TERM001) and a source name without its canonical rendering
(XNAME003); a sentence left in the source language is LANG001, UNTR001 and REF001 at once.
Counting each would penalise one problem two or three times. This pass keeps one finding per
problem and hangs the others on it (`Finding.absorbed`): they stay visible as evidence in the
reports, and only the kept findings are scored. Rules do not call rules to find out what the
others report; they declare whom they yield to, and this pass applies it.

Where: "overlap"
  A finding is *segment-level* when its span covers the whole segment it starts in: a sentence
  not translated, a source name or number absent from the sentence, a run of sentences with no
  counterpart. It speaks of the sentence as a whole (or of what the sentence lacks) and has no
  place of its own inside it. Any other finding is *word-level*: it points at words.
  - Two word-level findings overlap when their spans share a character (an empty span: when it
    lies inside the other span, ends included).
  - Two segment-level findings overlap when their spans share a character (a span may cover
    several segments: a paragraph, a pair of two sentences aligned to one source sentence).
  - A segment-level and a word-level finding never overlap. Sharing a sentence does not make
    two reports one problem: a sentence that lacks a source's name and also has a wrong
    "Kiev" has two problems, and the name missing from it is not the wrong word beside it.

Who stays: "precedence"
  A finding yields to an overlapping finding whose rule its own rule lists in `yields_to`
  (a code or a code prefix). It goes to the first such finding in report order (span start,
  span end, rule), and on to wherever that one goes: a chain REF001 → LANG001 → UNTR001 ends on
  UNTR001. A finding that yields to none stays. The one that stays keeps its own rule,
  severity, message and span, and carries every finding that ended on it, flattened, in report
  order. A rule never yields to itself: two findings of one rule are two problems as far as this
  pass knows. Declared precedence must be acyclic (`cycles`; the test suite checks the registry);
  a cycle would leave its findings all kept, never lose one.

Where among the passes over findings (audit/passes.py): checks, then suppression (inline markers and
per-file ignores) and severity overrides, then this pass, then sorting and scoring. Suppression
comes first so that a finding the user silenced neither absorbs another (the user silenced
that rule, not every report of the problem) nor hides behind one, and SUP001 judges a marker by
the findings of the rules it names whether or not this pass would absorb them.

The pass is a pure function and keeps the findings' order; which finding a yielding one goes to
depends on report order only, not on the order the checks ran in.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import Iterable

from audit.model import Document, Finding, Span
from audit.rules import Rule


def _order(f: Finding):
    return (f.span.start, f.span.end, f.rule, f.message)


def segment_level(f: Finding, document: Document) -> bool:
    """Whether `f` covers the whole segment it starts in (see the module docstring)."""
    if f.segment is None or not 0 <= f.segment < len(document.segments):
        return False
    return f.span.contains(document.segments[f.segment].span)


def overlap(a: Finding, b: Finding, a_segment_level: bool, b_segment_level: bool) -> bool:
    """Whether two findings are at one place (see the module docstring)."""
    if a_segment_level != b_segment_level:
        return False
    if a.span.overlaps(b.span):
        return True
    return _empty_inside(a.span, b.span) or _empty_inside(b.span, a.span)


def _empty_inside(a: Span, b: Span) -> bool:
    return len(a) == 0 and b.start <= a.start <= b.end


def resolve(findings: Iterable[Finding], document: Document, rules: Iterable[Rule]) -> list[Finding]:
    """The findings that stay, in their given order, each carrying the findings that yielded to it.

    `rules` gives each finding's declared precedence by code; a finding whose rule is not among
    them yields to nothing."""
    by_code = {r.code: r for r in rules}
    fs = list(findings)
    if not any(by_code.get(f.rule) is not None and by_code[f.rule].yields_to for f in fs):
        return fs
    level = [segment_level(f, document) for f in fs]
    starts = [seg.span.start for seg in document.segments]
    keys = [_touched(f.span, starts) for f in fs]
    # Findings grouped by (segment touched, level), each group in report order with its starts
    # and its longest span: a finding is compared only with the neighbours that can overlap it.
    groups: dict[tuple[int, bool], list[int]] = {}
    for i in sorted(range(len(fs)), key=lambda i: (_order(fs[i]), i)):
        for k in keys[i]:
            groups.setdefault((k, level[i]), []).append(i)
    index = {g: ([fs[i].span.start for i in members], max(len(fs[i].span) for i in members)) for g, members in groups.items()}
    home = list(range(len(fs)))
    for i, f in enumerate(fs):
        rule = by_code.get(f.rule)
        if rule is None or not rule.yields_to:
            continue
        best = None
        for k in keys[i]:
            members = groups[(k, level[i])]
            g_starts, longest = index[(k, level[i])]
            lo = bisect_left(g_starts, f.span.start - longest)
            hi = bisect_right(g_starts, f.span.end)
            for j in members[lo:hi]:
                if j != i and rule.yields(fs[j].rule) and overlap(f, fs[j], level[i], level[j]):
                    if best is None or (_order(fs[j]), j) < (_order(fs[best]), best):
                        best = j
                    break  # members are in report order: the first hit is this group's best
        if best is not None:
            home[i] = best
    roots = [_root(home, i) for i in range(len(fs))]
    absorbed: dict[int, list[Finding]] = {}
    for i, r in enumerate(roots):
        if r != i:
            absorbed.setdefault(r, []).extend([replace(fs[i], absorbed=()), *fs[i].absorbed])
    return [
        replace(f, absorbed=f.absorbed + tuple(sorted(absorbed[i], key=_order))) if i in absorbed else f
        for i, f in enumerate(fs)
        if roots[i] == i
    ]


def _root(home: list[int], i: int) -> int:
    seen = set()
    while home[i] != i and i not in seen:
        seen.add(i)
        i = home[i]
    return i


def _touched(span: Span, starts: list[int]) -> range:
    """Indexes of the segments a span touches, -1 standing for the text before the first one:
    two spans that share a position share an index, so only neighbours are compared."""
    first = bisect_right(starts, span.start - (0 if len(span) else 1)) - 1
    last = bisect_left(starts, span.end) if len(span) else bisect_right(starts, span.start)
    return range(first, max(last, first + 1))


def winners(rule: Rule, rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """The rules `rule` yields to, among `rules`."""
    return tuple(r for r in rules if rule.yields(r.code))


def cycles(rules: Iterable[Rule]) -> list[tuple[str, ...]]:
    """Cycles in the declared precedence (each as the codes along it); empty when well formed."""
    rules = tuple(rules)
    edges = {r.code: [w.code for w in winners(r, rules)] for r in rules}
    found: list[tuple[str, ...]] = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(code: str, path: list[str]) -> None:
        state[code] = 1
        for nxt in edges.get(code, ()):
            if state.get(nxt) == 1:
                found.append(tuple(path[path.index(nxt):] + [code, nxt]) if nxt in path else (code, nxt))
            elif state.get(nxt) is None:
                visit(nxt, path + [code])
        state[code] = 2

    for code in edges:
        if code not in state:
            visit(code, [])
    return found
