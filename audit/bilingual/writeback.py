"""`tqa audit FILE --write-back`: the findings written into the bilingual file itself, where a
translator's tool shows them, the way pofilter annotates PO files.

- XLIFF 1.2: each unit with findings gets a standoff `<its:locQualityIssues xml:id="tqa-N">`
  (W3C ITS 2.0, Localization Quality Issue) holding one `<its:locQualityIssue>` per finding —
  `locQualityIssueType` (the ITS type the rule maps to), `locQualityIssueComment` (rule,
  severity, message, the words at fault and their offset in the target, the suggestion),
  `locQualityIssueSeverity` (minor 25, major 50, critical 100) — and its `<target>` points at it
  with `its:locQualityIssuesRef="#tqa-N"`; the root gets `its:version="2.0"`.
- PO: each entry with findings gets translator comments `# (tqa) RULE [severity] message`
  (pofilter writes `# (pofilter) test: message`).

tqa's own annotations are recognised (XLIFF: an `xml:id` starting `tqa-`; PO: `# (tqa) `) and
replaced on every run, never duplicated; everything else in the file is kept. The file is
written atomically (audit/fsutil.py). XLIFF 2, TMX, TSV/CSV and PO files in a charset other
than UTF-8 are refused with one line.
"""

from __future__ import annotations

from pathlib import Path

from audit.bilingual.formats import clean, refuse_entities, short_id, format_of
from audit.bilingual.pairing import flatten
from audit.errors import InputError
from audit.fsutil import write_atomic
from audit.model import AuditResult, Finding, Severity
from audit.reading import declared_charset

ITS = "http://www.w3.org/2005/11/its"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
PREFIX = "tqa-"
PO_MARK = "(tqa) "
SEVERITY = {Severity.MINOR: "25", Severity.MAJOR: "50", Severity.CRITICAL: "100"}
# rule (or rule-code prefix) -> ITS 2.0 locQualityIssueType
ITS_TYPE = {
    "TERM002": "inconsistency", "NAME003": "inconsistency", "TERM": "terminology", "TITLE": "terminology",
    "NAME001": "misspelling", "NAME002": "typographical", "BOIL": "addition", "DUP": "duplication",
    "PHRASE": "style", "LANG001": "untranslated", "LANG002": "characters", "LANG003": "untranslated",
    "LANG004": "characters",
    "NUM": "numbers", "XNAME001": "omission", "XNAME002": "addition", "XNAME003": "terminology",
    "UNTR": "untranslated", "OMIT": "omission", "REF001": "omission", "REF002": "mistranslation",
    "BT": "mistranslation", "SUP": "other",
}


def its_type(rule: str) -> str:
    for key in sorted(ITS_TYPE, key=len, reverse=True):
        if rule.startswith(key):
            return ITS_TYPE[key]
    return "uncategorized"


def describe(f: Finding, offset: int) -> str:
    sugg = "" if f.suggestion is None else (" → delete" if f.suggestion == "" else f" → {f.suggestion}")
    return f"{f.rule} [{f.severity.label}] {f.message} ('{f.text}' at {offset}){sugg}"


def findings_by_unit(result: AuditResult) -> list[list[tuple[Finding, int]]]:
    """For each pair (target unit) of the audit, in order: its findings with their offsets."""
    pairs = (result.data.get("bilingual") or {}).get("pairs") or []
    out: list[list[tuple[Finding, int]]] = [[] for _ in pairs]
    for f in result.findings:
        for i, p in enumerate(pairs):
            if p["start"] <= f.span.start <= p["end"]:
                out[i].append((f, f.span.start - p["start"]))
                break
    return out


def write_back(path: str | Path, result: AuditResult) -> int:
    """Annotate `path` with `result`'s findings; returns how many were written."""

    p = Path(path)
    fmt = (result.data.get("bilingual") or {}).get("format")
    if fmt not in ("xliff", "po") or format_of(p) not in ("xliff", "po"):
        raise InputError(f"{p}: --write-back writes into XLIFF 1.2 and PO files"
                         + (" (XLIFF 2 not yet)" if fmt == "xliff2" else ""))
    data = p.read_bytes()
    per_unit = findings_by_unit(result)
    new = (_xliff if fmt == "xliff" else _po)(p, data, result, per_unit)
    write_atomic(p, new)
    return sum(len(u) for u in per_unit)


def unit_targets(store, result: AuditResult, p: Path):
    """(translate-toolkit unit, pair index) for each unit the audit read as a pair, checked
    against the pairs' ids: a file changed since the audit is refused, not misannotated."""

    pairs = result.data["bilingual"]["pairs"]
    k = 0
    for i, u in enumerate(store.units, 1):
        if u.isheader() or (hasattr(u, "isobsolete") and u.isobsolete()):
            continue
        if not flatten(clean(u.target) or "").strip():
            continue
        ident = short_id(u.getid().replace("\x04", "|") if p.suffix.lower() == ".po" else u.getid(), i)
        if k >= len(pairs) or pairs[k]["id"] != ident:
            raise InputError(f"{p}: the file's units are not those audited (unit {ident}); nothing written")
        yield u, k
        k += 1
    if k != len(pairs):
        raise InputError(f"{p}: the file's units are not those audited; nothing written")


def _xliff(p: Path, data: bytes, result: AuditResult, per_unit) -> bytes:
    from lxml import etree
    from translate.storage import xliff

    refuse_entities(p, data)
    store = xliff.xlifffile(data)
    root = store.document.getroot()
    # tqa's earlier annotations out, wherever they are
    for old in [e for e in root.iter(f"{{{ITS}}}locQualityIssues") if (e.get(XML_ID) or "").startswith(PREFIX)]:
        _remove(old)
    for e in root.iter():
        ref = e.get(f"{{{ITS}}}locQualityIssuesRef")
        if ref is not None and ref.startswith("#" + PREFIX):
            del e.attrib[f"{{{ITS}}}locQualityIssuesRef"]
    n = 0
    for u, k in unit_targets(store, result, p):
        found = per_unit[k]
        if not found:
            continue
        n += 1
        el = u.xmlelement
        ident = f"{PREFIX}{n}"
        target = next((c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == "target"), None)
        # ITS allows one reference per element: a reviewer's on the target leaves the unit for ours
        holder = next((h for h in (target, el) if h is not None and h.get(f"{{{ITS}}}locQualityIssuesRef") is None), None)
        if holder is None:
            raise InputError(f"{p}: unit {result.data['bilingual']['pairs'][k]['id']}: its target and the unit already "
                             "point at other ITS quality issues; nothing written")
        holder.set(f"{{{ITS}}}locQualityIssuesRef", "#" + ident)
        issues = etree.SubElement(el, f"{{{ITS}}}locQualityIssues", nsmap={"its": ITS})
        issues.set(XML_ID, ident)
        for f, offset in found:
            issue = etree.SubElement(issues, f"{{{ITS}}}locQualityIssue")
            issue.set("locQualityIssueType", its_type(f.rule))
            issue.set("locQualityIssueComment", describe(f, offset))
            issue.set("locQualityIssueSeverity", SEVERITY[f.severity])
        _indent_like_siblings(issues)
    root.attrib.pop(f"{{{ITS}}}version", None)
    etree.cleanup_namespaces(root, top_nsmap={"its": ITS})  # xmlns:its on the root, once
    root.set(f"{{{ITS}}}version", "2.0")
    etree.cleanup_namespaces(root)
    body = etree.tostring(store.document, encoding="UTF-8", xml_declaration=False)
    head = data.lstrip(b"\xef\xbb\xbf")
    decl = head[: head.index(b"?>") + 2] if head.startswith(b"<?xml") else b'<?xml version="1.0" encoding="UTF-8"?>'
    return decl + b"\n" + body + (b"\n" if data.endswith(b"\n") else b"")


def _remove(el) -> None:
    """Take an element out; the whitespace after it replaces the whitespace before it."""
    parent, prev, tail = el.getparent(), el.getprevious(), el.tail or ""
    if prev is not None:
        prev.tail = tail if not (prev.tail or "").strip() else prev.tail + tail
    else:
        parent.text = tail if not (parent.text or "").strip() else parent.text + tail
    parent.remove(el)


def _indent_like_siblings(issues) -> None:
    """The new element on its own line when the unit's children are on lines of their own."""
    prev = issues.getprevious()
    if prev is None or not prev.tail or "\n" not in (prev.getparent().text or ""):
        return
    indent = prev.getparent().text
    issues.tail, prev.tail = prev.tail, indent
    issues.text = indent + "  "
    for child in issues:
        child.tail = indent + "  "
    issues[-1].tail = indent


def _po(p: Path, data: bytes, result: AuditResult, per_unit) -> bytes:
    from translate.storage import po

    charset = declared_charset(data)
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise InputError(f"{p}: --write-back keeps a PO file's bytes as they are: only UTF-8 catalogues ({charset} is not)")
    store = po.pofile(data)
    for u in store.units:
        u.othercomments = [c for c in u.othercomments if not c.startswith("# " + PO_MARK)]
    for u, k in unit_targets(store, result, p):
        for f, offset in per_unit[k]:
            u.othercomments.append(f"# {PO_MARK}{describe(f, offset)}".replace("\n", " ") + "\n")
    return bytes(store)
