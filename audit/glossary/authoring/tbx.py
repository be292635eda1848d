"""TBX (ISO 30042, dialect TBX-Basic) export and import.

Export writes TBX-Basic v3 (TBX 2019, ISO 30042:2019, DCA style) by default, v2 (`martif`,
ISO 30042:2008) with `version=2`. One concept entry per glossary entry, one language section
per language, one term section per form:

    canonical form    administrativeStatus preferredTerm-admn-sts   (first in its language)
    variant           administrativeStatus admittedTerm-admn-sts
    wrong rendering   administrativeStatus deprecatedTerm-admn-sts
    kind              <note>tqa-kind: person</note>
    fuzzy             <note>tqa-fuzzy: false</note>  (only when not the kind's default)
    note, source      <note>, <admin type="source">
    role              v3: <ref type="relatedConcept" target="TITLE-ID">FROM/TO</ref>
                      v2: <ref type="crossReference" target="TITLE-ID">FROM/TO</ref>
                      (ISO 8601 interval, ".." open)

Why a note for the kind: TBX-Basic's `subjectField` is the concept's domain (politics,
medicine), and its `customerSubset` / `projectSubset` name a customer or a project; none of
its data categories says "this is a person / an organisation", and a TBX-Basic DCA file may
not bring in elements of another namespace. A `note` is TBX-Basic's free-text category, so the
kind travels as a note a person can read and tqa reads back. (tqa before 0.x wrote the kind into
`subjectField`; import still reads that.)

Export then import gives back the same glossary. Import also reads TBX written by other tools
(TBX v2 `martif` or v3 `tbx`; `tig`, `ntig` or `termSec`): entries without an id get one made
from their first term, entries without a tqa kind become `term`. XML is parsed without DTDs'
entities and without network access.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import xml.parsers.expat as expat
from pathlib import Path

from audit.errors import DataError, TqaError
from audit.fsutil import DATA_MAX_BYTES
from audit.glossary.authoring.serialize import make_id
from audit.glossary.model import KINDS, Entry, Glossary
from audit.reading import read_bounded

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_NS = "urn:iso:std:iso:30042:ed-2"  # TBX 2019 (ISO 30042:2019)
RNG_URL = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBXcoreStructV03_TBX-Basic_integrated.rng"
SCH_URL = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"
KIND_NOTE, FUZZY_NOTE = "tqa-kind: ", "tqa-fuzzy: "
_STATUS = {
    "preferredterm-admn-sts": "canonical", "preferred": "canonical", "preferredterm": "canonical",
    "admittedterm-admn-sts": "variant", "admitted": "variant", "admittedterm": "variant",
    "deprecatedterm-admn-sts": "wrong", "deprecated": "wrong", "deprecatedterm": "wrong",
    "supersededterm-admn-sts": "wrong", "superseded": "wrong", "supersededterm": "wrong",
}
VERSIONS = (2, 3)


def export_tbx(glossary: Glossary, source_lang: str | None = None, version: int = 3) -> str:
    if version not in VERSIONS:
        raise TqaError(f"unknown TBX version {version} (choose from: 2, 3)")
    langs = sorted(glossary.languages())
    main = source_lang or ("en" if "en" in langs else (langs[0] if langs else "en"))
    if version == 2:
        return _export_v2(glossary, main)
    if not len(glossary):
        raise TqaError("nothing to export: TBX v3 needs at least one concept entry and the glossary has none")
    q = lambda name: name  # noqa: E731  (the namespace is declared on the root: unprefixed names are in it)
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: main, "xmlns": TBX_NS})
    fd = ET.SubElement(ET.SubElement(ET.SubElement(root, q("tbxHeader")), q("fileDesc")), q("sourceDesc"))
    ET.SubElement(fd, q("p")).text = "Exported by tqa (tqa glossary export --format tbx)"
    body = ET.SubElement(ET.SubElement(root, q("text")), q("body"))
    for e in glossary:
        _entry(body, e, main, q, ("conceptEntry", "langSec", "termSec", "relatedConcept"))
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-model href="{RNG_URL}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        f'<?xml-model href="{SCH_URL}" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
        + xml + "\n"
    )


def _export_v2(glossary: Glossary, main: str) -> str:
    q = lambda name: name  # noqa: E731
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: main})
    header = ET.SubElement(root, "martifHeader")
    fd = ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc")
    ET.SubElement(fd, "p").text = "Exported by tqa (tqa glossary export --format tbx --tbx-version 2)"
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for e in glossary:
        _entry(body, e, main, q, ("termEntry", "langSet", "tig", "crossReference"))
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + xml + "\n"
    )


def xml_id(eid: str) -> str:
    """A tqa id as an XML ID (TBX's id and target are xsd:ID / IDREF, which cannot start with a
    digit): "2022-election" → "_2022-election". tqa ids never start with "_", so import can
    take it off again."""
    return "_" + eid if eid[:1].isdigit() else eid


def tqa_id(xid: str) -> str:
    return xid[1:] if xid.startswith("_") and xid[1:2].isdigit() else xid


def _entry(body: ET.Element, e: Entry, main: str, q, names: tuple[str, str, str, str]) -> None:
    entry_tag, lang_tag, term_tag, ref_type = names
    te = ET.SubElement(body, q(entry_tag), {"id": xml_id(e.id)})
    if e.source:
        ET.SubElement(te, q("admin"), {"type": "source"}).text = e.source
    ET.SubElement(te, q("note")).text = KIND_NOTE + e.kind
    if e.fuzzy != (e.kind == "person"):
        ET.SubElement(te, q("note")).text = FUZZY_NOTE + ("true" if e.fuzzy else "false")
    if e.note:
        ET.SubElement(te, q("note")).text = e.note
    for r in e.roles:
        ET.SubElement(te, q("ref"), {"type": ref_type, "target": xml_id(r.title)}).text = f"{r.start or '..'}/{r.end or '..'}"
    langs = sorted(set(e.forms) | set(e.variants) | set(e.wrong), key=lambda lang: (lang != main, lang))
    for lang in langs:
        ls = ET.SubElement(te, q(lang_tag), {XML_LANG: lang})
        terms = ([(e.forms[lang], PREFERRED)] if lang in e.forms else []) + [(v, ADMITTED) for v in e.variants.get(lang, ())] \
            + [(w, DEPRECATED) for w in e.wrong.get(lang, ())]
        for term, status in terms:
            tig = ET.SubElement(ls, q(term_tag))
            ET.SubElement(tig, q("term")).text = term
            ET.SubElement(tig, q("termNote"), {"type": "administrativeStatus"}).text = status


# ---------------------------------------------------------------------------------------------
# Import


def parse_xml(data: bytes, path: str | Path) -> ET.Element:
    """Parse XML refusing entity declarations (billion laughs, external entities)."""
    try:
        import defusedxml.ElementTree as DET  # type: ignore[import-not-found]  # optional: expat refuses entities without it
        from defusedxml import DefusedXmlException  # type: ignore[import-not-found]
    except ImportError:
        DET = None  # noqa: N806
    try:
        if DET is not None:
            try:
                return DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
            except DefusedXmlException as exc:
                raise DataError(path, f"refused: {exc}") from None
        _refuse_entities(data, path)
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise DataError(path, f"not well-formed XML: {exc}", line=line) from None


class _Refused(Exception):
    pass


def _refuse_entities(data: bytes, path) -> None:
    """A first pass with expat that stops at any entity declaration (what defusedxml does)."""
    def refuse(*_args):
        raise _Refused()

    p = expat.ParserCreate()
    p.EntityDeclHandler = refuse
    p.UnparsedEntityDeclHandler = refuse
    p.ExternalEntityRefHandler = refuse
    try:
        p.Parse(data, True)
    except _Refused:
        raise DataError(path, "refused: the XML declares entities") from None
    except expat.ExpatError as exc:
        raise DataError(path, f"not well-formed XML: {expat.errors.messages.get(exc.code, exc)}", line=exc.lineno) from None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: ET.Element, *names: str):
    return [c for c in el if _local(c.tag) in names]


def _text(el: ET.Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _lang(el: ET.Element) -> str | None:
    for k, v in el.attrib.items():
        if _local(k) == "lang" or k == XML_LANG:
            return v
    return None


def read_tbx(path: str | Path) -> list[dict]:
    """Entries of a TBX file as plain data (validated by the caller), in file order."""
    p = Path(path)
    prefix = f"{p}: "
    data = read_bounded(p, DATA_MAX_BYTES, error=lambda msg: DataError(p, msg[len(prefix):] if msg.startswith(prefix) else msg))
    root = parse_xml(data, p)
    if _local(root.tag) not in ("martif", "tbx"):
        raise DataError(p, f"not a TBX file (root element <{_local(root.tag)}>, expected <martif> or <tbx>)")
    out = []
    for n, te in enumerate(el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")):
        out.append(_entry_data(te, n + 1, p))
    return out


def _entry_data(te: ET.Element, n: int, path: Path) -> dict:
    kind, note, source, fuzzy, roles = None, [], None, None, []
    for el in te.iter():
        name, typ = _local(el.tag), el.get("type")
        if _inside_lang(te, el):
            continue
        if name == "descrip" and typ == "subjectField" and _text(el) in KINDS:
            kind = kind or _text(el)  # written by tqa before TBX v3 export
        elif name == "note" and _text(el).startswith(KIND_NOTE) and _text(el)[len(KIND_NOTE):] in KINDS:
            kind = _text(el)[len(KIND_NOTE):]
        elif name == "note" and re.fullmatch(re.escape(FUZZY_NOTE) + "(true|false)", _text(el)):
            fuzzy = _text(el).endswith("true")
        elif name == "note" and _text(el):
            note.append(_text(el))
        elif name == "admin" and typ == "source" and _text(el):
            source = _text(el)
        elif name == "admin" and typ == "x-tqa-fuzzy":
            fuzzy = _text(el).lower() in ("true", "yes", "1")
        elif name == "ref" and typ in ("crossReference", "relatedConcept") and el.get("target"):
            roles.append(_role(tqa_id(el.get("target")), _text(el)))
    forms, variants, wrong = {}, {}, {}
    for ls in te.iter():
        if _local(ls.tag) not in ("langSet", "langSec"):
            continue
        lang = _lang(ls)
        if not lang:
            raise DataError(path, f"term entry {n}: a langSet without xml:lang")
        terms = []
        for tig in ls:
            if _local(tig.tag) not in ("tig", "ntig", "termSec"):
                continue
            term = next((t for t in tig.iter() if _local(t.tag) == "term"), None)
            status = next((_text(t) for t in tig.iter() if _local(t.tag) == "termNote" and t.get("type") == "administrativeStatus"), "")
            if _text(term):
                terms.append((_text(term), _STATUS.get(status.lower().replace(" ", ""), "")))
        preferred = next((t for t, s in terms if s == "canonical"), None) or next((t for t, s in terms if s != "wrong"), None)
        for t, s in terms:
            if t == preferred and lang not in forms:
                forms[lang] = t
            elif s == "wrong":
                wrong.setdefault(lang, []).append(t)
            else:
                variants.setdefault(lang, []).append(t)
    eid = tqa_id(te.get("id") or "") or make_id(next(iter(forms.values()), f"entry-{n}"))
    data: dict = {"id": eid, "kind": kind or "term", "forms": forms}
    if variants:
        data["variants"] = variants
    if wrong:
        data["wrong"] = wrong
    if roles:
        data["roles"] = roles
    if source:
        data["source"] = source
    if note:
        data["note"] = " ".join(note)
    if fuzzy is not None:
        data["fuzzy"] = fuzzy
    return data


def _inside_lang(te: ET.Element, el: ET.Element) -> bool:
    for ls in te:
        if _local(ls.tag) in ("langSet", "langSec") and (ls is el or any(x is el for x in ls.iter())):
            return True
    return False


def _role(title: str, interval: str) -> dict:
    role = {"title": title}
    start, _, end = interval.partition("/")
    if start.strip() not in ("", ".."):
        role["from"] = start.strip()
    if end.strip() not in ("", ".."):
        role["to"] = end.strip()
    return role
