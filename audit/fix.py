"""`--fix` and `--diff`: apply the suggestions that need no judgement, and nothing else.

A suggestion is SAFE when it is a mechanical correction with one right answer:

- TERM001 — a form the glossary lists as wrong, replaced by the entry's canonical form; only
  when that wrong form belongs to one entry (the glossary lint's `ambiguous-wrong` would leave
  the choice open) and the text is not all capitals (a headline's "KIEV" → "Kyiv" changes its
  case: a person decides);
- NAME001 — a near-miss of a glossary name, only when it is one edit away or follows the
  name's own first name ("Jens Stoltenbreg"); two edits alone could be another person;
- LANG002 — a word mixing scripts, its look-alike letters replaced (the result is in one
  script);
- LANG003 — a lone look-alike letter ("22°С" with a Cyrillic С).

Everything else — calques, boilerplate and duplicate deletions, titles, garbled prefixes,
reference differences, back-translation hints — needs a person and is never applied.

A file is changed all or nothing: when a safe edit overlaps another edit, or the span of a
finding whose suggestion is left to a person (fixing one would invalidate the other), the file
is left as it is and each conflict is named. Edits go only where the audited text is the file's
own characters: the bytes must decode to exactly the audited text (no NFC change, no stray
bytes read as cp1252) and re-encode to the same bytes, and in HTML/Markdown an edit never
touches markup. The new file is written atomically (audit/fsutil.py) in the file's encoding.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from audit.model import AuditResult, Finding

SAFE_RULES = ("TERM001", "NAME001", "LANG002", "LANG003")
_EDITS = re.compile(r"^(\d+) edit")


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    old: str
    new: str
    rule: str


@dataclass(frozen=True)
class FixPlan:
    path: str
    text: str  # the audited text
    edits: tuple[Edit, ...] = ()  # the safe edits, in order, none overlapping
    left: int = 0  # suggestions not applied: they need judgement
    conflicts: tuple[str, ...] = ()  # why the file is left untouched; empty when it can be fixed
    refused: str | None = None  # the file cannot be fixed at all (bilingual, not round-trippable)

    @property
    def fixable(self) -> bool:
        return bool(self.edits) and not self.conflicts and self.refused is None

    @property
    def fixed(self) -> str:
        out, pos = [], 0
        for e in self.edits:
            out += [self.text[pos : e.start], e.new]
            pos = e.end
        return "".join(out) + self.text[pos:]


@dataclass
class Judge:
    """Which findings' suggestions are safe. `ambiguous` holds the wrong forms (phrase keys,
    per language) that more than one glossary entry lists, with different canonical forms."""

    ambiguous: dict = field(default_factory=dict)

    @classmethod
    def from_references(cls, refs) -> "Judge":
        from audit.phrases import phrase_key

        seen: dict = {}
        for e in refs.glossary:
            for lang, forms in e.wrong.items():
                canonical = e.canonical(lang)
                for w in forms:
                    seen.setdefault((lang, phrase_key(w)), set()).add(canonical)
        return cls({k for k, v in seen.items() if len(v) > 1})

    def why_not(self, f: Finding, lang: str) -> str | None:
        """None when the finding's suggestion is safe to apply; else why not (for --diff's
        notes and the tests)."""
        if f.suggestion is None:
            return "no suggestion"
        if f.rule not in SAFE_RULES:
            return f"{f.rule} needs judgement"
        if f.suggestion == "" or f.suggestion == f.text:
            return "not a replacement"
        if f.rule == "TERM001":
            from audit.phrases import phrase_key

            if (lang, phrase_key(f.text)) in self.ambiguous:
                return "the wrong form belongs to several glossary entries"
            letters = [c for c in f.text if c.isalpha()]
            if len(letters) > 1 and all(c.isupper() for c in letters) and f.suggestion != f.suggestion.upper():
                return "written in capitals: the case is a person's choice"
        elif f.rule == "NAME001":
            distance = next((int(m.group(1)) for m in map(_EDITS.match, f.evidence) if m), None)
            first_name = any("after the right first name" in e for e in f.evidence)
            if not (distance == 1 or first_name):
                return "two edits away from a glossary name, without its first name"
        elif f.rule in ("LANG002", "LANG003"):
            if len(_scripts(f.suggestion)) > 1:
                return "the replacement still mixes scripts"
        return None


def _scripts(text: str) -> set[str]:
    out = set()
    for c in text:
        if c.isalpha():
            out.add(unicodedata.name(c, "?").split(" ")[0])
    return out


def plan(result: AuditResult, judge: Judge) -> FixPlan:
    """The safe edits of one audit, or why the file cannot be changed."""
    doc = result.document
    from audit.report.common import UNIT_FORMATS, line_col

    if (result.data.get("bilingual") or {}).get("format") in UNIT_FORMATS:
        return FixPlan(doc.path, doc.text, refused="bilingual files (XLIFF, PO, TMX, TSV/CSV) are not fixed yet: "
                                                     "use --write-back to annotate them")

    def where(start: int) -> str:
        line, col = line_col(doc.text, start)
        return f"{line}:{col}"

    safe: list[tuple[Edit, Finding]] = []
    others: list[Finding] = []
    for f in result.findings:
        if f.suggestion is None:
            continue
        if judge.why_not(f, doc.lang) is None and doc.analysed[f.span.start : f.span.end] == f.text:
            safe.append((Edit(f.span.start, f.span.end, f.text, f.suggestion, f.rule), f))
        else:
            others.append(f)
    edits, conflicts = _merge(sorted((e for e, _ in safe), key=lambda e: (e.start, e.end)), doc.text, where)
    for e in edits:
        for o in others:
            if o.span.start < e.end and e.start < o.span.end:
                conflicts.append(f"{e.rule} at {where(e.start)} overlaps {o.rule} at {where(o.span.start)}, "
                                 "whose suggestion needs judgement")
    return FixPlan(doc.path, doc.text, tuple(edits), len(others), tuple(conflicts))


def _merge(edits: list[Edit], text: str, where) -> tuple[list[Edit], list[str]]:
    """Overlapping safe edits that agree (each gives the same text over their joint span: the
    NAME001 "Emmanuel Macrоn" → "Emmanuel Macron" and the LANG002 "Macrоn" → "Macron" of one
    word) become one edit; ones that disagree are a conflict."""
    out: list[Edit] = []
    conflicts: list[str] = []
    groups: list[list[Edit]] = []
    for e in edits:
        if groups and e.start < max(x.end for x in groups[-1]):
            groups[-1].append(e)
        else:
            groups.append([e])
    for group in groups:
        start, end = group[0].start, max(x.end for x in group)
        results = {text[start : x.start] + x.new + text[x.end : end] for x in group}
        if len(results) == 1:
            rules = "+".join(dict.fromkeys(x.rule for x in group))
            out.append(Edit(start, end, text[start:end], results.pop(), rules))
        else:
            conflicts.append(" and ".join(f"{x.rule} at {where(x.start)}" for x in group) + " overlap with different fixes")
    return out, conflicts


def unified_diff(p: FixPlan) -> str:
    """The change --fix would make, as `diff -u` prints it (empty when there is none)."""
    if not p.fixable:
        return ""
    lines = difflib.unified_diff(p.text.splitlines(keepends=True), p.fixed.splitlines(keepends=True),
                                 fromfile=f"a/{p.path}", tofile=f"b/{p.path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


_CODECS = {"utf-8-bom": "utf-8-sig", "utf-16-bom": "utf-16", "utf-32-bom": "utf-32"}


def encoded(path: str | Path, p: FixPlan, encoding: str) -> bytes:
    """The fixed file's bytes in its own encoding; a TqaError when the file's bytes are not
    exactly the audited text in that encoding (then offsets could land anywhere)."""
    from audit.errors import InputError

    codec = _CODECS.get(encoding, encoding)
    try:
        before = Path(path).read_bytes()
        same = before.decode(codec) == p.text and p.text.encode(codec) == before
    except (OSError, UnicodeError, LookupError):
        same = False
    if not same:
        raise InputError(f"{path}: not changed: its bytes are not exactly the audited text in {encoding} "
                         "(normalised or repaired characters); fix it by hand")
    try:
        return p.fixed.encode(codec)
    except UnicodeError:
        raise InputError(f"{path}: not changed: the fixed text cannot be written in {encoding}") from None


def apply(path: str | Path, p: FixPlan, encoding: str) -> None:
    from audit.fsutil import write_atomic

    write_atomic(path, encoded(path, p, encoding))
