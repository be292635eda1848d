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
- LANG003 — a lone look-alike letter ("22°С" with a Cyrillic С);
- LANG004 — invisible characters inside a word (zero-width space, soft hyphen, ...) removed.

Everything else — calques, boilerplate and duplicate deletions, titles, garbled prefixes,
reference differences, back-translation hints — needs a person and is never applied.

A file is changed all or nothing: when a safe edit overlaps another edit, or the span of a
finding whose suggestion is left to a person (fixing one would invalidate the other), the file
is left as it is and each conflict is named. Edits go only where the audited text is the file's
own characters: the bytes must decode to exactly the audited text (no NFC change, no stray
bytes read as cp1252) and re-encode to the same bytes, and in HTML/Markdown an edit never
touches markup. The new file is written atomically (audit/fsutil.py) in the file's encoding.
XLIFF 1.2 targets are edited in the file's text (a target with inline markup is refused) and PO
msgstrs through translate-toolkit (refused when it would reformat other entries).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from audit.bilingual import unit_at
from audit.bilingual.writeback import unit_targets
from audit.errors import InputError
from audit.model import AuditResult, Finding
from audit.phrases import phrase_key
from audit.report.common import UNIT_FORMATS, line_col

SAFE_RULES = ("TERM001", "NAME001", "LANG002", "LANG003", "LANG004")
UNIT_FIXED = ("xliff", "po")  # bilingual formats whose targets --fix edits
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
    bil = result.data.get("bilingual") or {}
    if bil.get("format") in UNIT_FORMATS and bil.get("format") not in UNIT_FIXED:
        return FixPlan(doc.path, doc.text, refused=f"{bil['format'].upper()} files are not fixed (XLIFF 1.2 and PO are); "
                                                     "annotate XLIFF and PO with --write-back")
    pairs = bil.get("pairs") if bil.get("format") in UNIT_FIXED else None

    def where(start: int) -> str:
        if pairs is not None:
            unit = unit_at(result.data, start) or {"id": "?", "offset": start}
            return f"unit {unit['id']} offset {unit['offset']}"
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
    if pairs is not None:  # an edit across two units' targets (the separator between them) is no edit
        inside = [(e, f) for e, f in safe if any(p["start"] <= e.start and e.end <= p["end"] for p in pairs)]
        others += [f for e, f in safe if (e, f) not in inside]
        safe = inside
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


def unified_diff(path: str, before: str, after: str) -> str:
    """The change, as `diff -u` prints it (empty when there is none)."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


_CODECS = {"utf-8-bom": "utf-8-sig", "utf-16-bom": "utf-16", "utf-32-bom": "utf-32"}


def rendered(path: str | Path, p: FixPlan, result: AuditResult) -> tuple[str, str, bytes]:
    """(the file's text, its fixed text, the fixed file's bytes). An InputError (one line) when
    the edits cannot be placed in the file without changing anything else."""
    fmt = (result.data.get("bilingual") or {}).get("format")
    if fmt in UNIT_FIXED:
        return (_xliff if fmt == "xliff" else _po)(Path(path), p, result)
    return _plain(Path(path), p, result.document.encoding)


def _plain(path: Path, p: FixPlan, encoding: str) -> tuple[str, str, bytes]:
    codec = _CODECS.get(encoding, encoding)
    try:
        before = path.read_bytes()
        same = before.decode(codec) == p.text and p.text.encode(codec) == before
    except (OSError, UnicodeError, LookupError):
        same = False
    if not same:
        raise InputError(f"{path}: not changed: its bytes are not exactly the audited text in {encoding} "
                         "(normalised or repaired characters); fix it by hand")
    try:
        return p.text, p.fixed, p.fixed.encode(codec)
    except UnicodeError:
        raise InputError(f"{path}: not changed: the fixed text cannot be written in {encoding}") from None


def _by_unit(p: FixPlan, result: AuditResult) -> dict[int, list[Edit]]:
    pairs = result.data["bilingual"]["pairs"]
    out: dict[int, list[Edit]] = {}
    for e in p.edits:
        k = next(i for i, pair in enumerate(pairs) if pair["start"] <= e.start and e.end <= pair["end"])
        out.setdefault(k, []).append(Edit(e.start - pairs[k]["start"], e.end - pairs[k]["start"], e.old, e.new, e.rule))
    return out


def _splice(text: str, lead: int, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: lead + e.start] + e.new + text[lead + e.end :]
    return text


_UNIT = re.compile(r"<(?:[\w.-]+:)?trans-unit\b")
_TARGET = re.compile(r"(<(?:[\w.-]+:)?target\b[^>]*?>)(.*?)(</(?:[\w.-]+:)?target>)", re.S)


def _xliff(path: Path, p: FixPlan, result: AuditResult) -> tuple[str, str, bytes]:
    """Each edited target's characters replaced in the file's own text: nothing else in the
    file moves (no re-serialisation). A target with inline markup or character references is
    left to a person (the whole file then is, all or nothing)."""
    from translate.storage import xliff  # translate-toolkit: the optional formats extra

    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not changed: --fix edits UTF-8 XLIFF files only") from None
    store = xliff.xlifffile(data)
    edits = _by_unit(p, result)
    starts = [m.start() for m in _UNIT.finditer(text)]
    units = [u for u in store.units]
    if len(starts) != len(units):
        raise InputError(f"{path}: not changed: cannot find each unit in the file's text")
    position = {id(u): i for i, u in enumerate(units)}
    pieces, pos = [], 0
    for u, k in unit_targets(store, result, path):
        if k not in edits:
            continue
        i = position[id(u)]
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        m = _TARGET.search(text, starts[i], end)
        raw = m.group(2) if m else None
        if raw is None or "<" in raw or "&" in raw or raw != (u.target or ""):
            raise InputError(f"{path}: not changed: unit {u.getid().split(chr(4))[-1]}'s target has inline markup or "
                             "character references; fix it by hand")
        lead = len(raw) - len(raw.lstrip())
        new = _splice(raw, lead, edits[k])
        new = new.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        pieces += [text[pos : m.start(2)], new]
        pos = m.end(2)
    fixed = "".join(pieces) + text[pos:]
    return text, fixed, fixed.encode("utf-8")


def _po(path: Path, p: FixPlan, result: AuditResult) -> tuple[str, str, bytes]:
    """Each edited entry's msgstr replaced through translate-toolkit, which writes that msgstr
    wrapped as gettext does and keeps the other entries as they were; refused when writing the
    catalogue back would change anything else (extra blank lines, no final newline)."""
    from translate.storage import po  # translate-toolkit: the optional formats extra

    data = path.read_bytes()
    store = po.pofile(data)
    if bytes(store) != data:
        raise InputError(f"{path}: not changed: writing this catalogue back would reformat it elsewhere; "
                         "fix it by hand (or msgcat it first)")
    edits = _by_unit(p, result)
    for u, k in unit_targets(store, result, path):
        if k in edits:
            raw = u.target or ""
            u.target = _splice(raw, len(raw) - len(raw.lstrip()), edits[k])
    fixed = bytes(store)
    return data.decode("utf-8", "replace"), fixed.decode("utf-8", "replace"), fixed
