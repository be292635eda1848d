"""CSV export and import: one row per entry, three columns per language.

Header (UTF-8, comma-separated, first row):

    id, kind, <lang>, <lang>.variants, <lang>.wrong  (for each language), roles, source, note, fuzzy

- `<lang>` is the canonical form; `.variants` and `.wrong` hold several forms separated by
  " | " (so a form cannot contain "|").
- `roles`: " | "-separated `TITLE-ID FROM..TO`, either date may be empty
  ("secretary-of-state 2021-01-26..2025-01-20", "president-russia 2012-05-07..").
- `fuzzy`: empty for the kind's default (people are matched fuzzily, others are not), else
  `true` or `false`.
- A cell that starts with `=`, `+`, `-` or `@` is written with a leading `'` so that a
  spreadsheet shows it as text instead of running it as a formula; import removes it.

Columns may come in any order; `id`, `kind` and at least one language are required.

Import also reads what terminologists already have (`read_csv` picks the layout from the header):

- **plain** (Excel, Google Sheets, Trados Glossary Converter): one column per language, named
  by code (`en`, `ru`, `en-US`, `pt_BR`) or by English name (`English`, `russian`,
  `English (United States)`), optional `note` / `notes` / `comment` / `definition` /
  `description` columns (joined into the note). Several terms in one cell separated by `|`
  (Glossary Converter's synonym separator): the first is the canonical form, the rest variants.
  No id or kind: the id is made from the first form (English first), the kind is `--kind`.
- **memoQ** term-base CSV (header starts with `Entry_`): entry-level `Entry_*` columns, then per
  language `<Language>_Def`, `<Language>` and term-level `Term_Info`, `Term_Example`, the
  language column repeated once per term: the first term is the canonical form, later ones
  variants. `Entry_Note` and the definitions become the note; the numeric `Entry_ID`, subject,
  domain, client, project, dates, `Term_Info` and `Term_Example` are not read.
- A region (`en-US`, `English (United Kingdom)`) is dropped: tqa's forms are per language.

A header none of these fit (a column that is no language and no known field, `Source,Target`,
two columns naming one language) is refused in one line that says which columns are expected.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from audit.errors import DataError
from audit.fsutil import read_utf8
from audit.glossary.authoring.serialize import make_id
from audit.glossary.model import Glossary

SEP = " | "
FIXED = ("id", "kind")
TAIL = ("roles", "source", "note", "fuzzy")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")
_ROLE = re.compile(r"^(?P<title>\S+)(?:\s+(?P<start>[\d-]*)\.\.(?P<end>[\d-]*))?$")


def export_csv(glossary: Glossary, languages: list[str] | None = None) -> str:
    langs = languages or sorted(glossary.languages(), key=lambda lang: (lang not in ("en",), lang))
    header = [*FIXED] + [c for lang in langs for c in (lang, f"{lang}.variants", f"{lang}.wrong")] + [*TAIL]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for e in glossary:
        for form in [*e.forms.values(), *(v for vs in e.variants.values() for v in vs), *(v for vs in e.wrong.values() for v in vs)]:
            if "|" in form:
                raise DataError(e.file or "<glossary>", f"form {form!r} contains '|', which CSV export uses to separate forms", line=e.line, entry=e.id)
        row = [e.id, e.kind]
        for lang in langs:
            row += [e.forms.get(lang, ""), SEP.join(e.variants.get(lang, ())), SEP.join(e.wrong.get(lang, ()))]
        roles = SEP.join(f"{r.title} {r.start or ''}..{r.end or ''}" if (r.start or r.end) else r.title for r in e.roles)
        fuzzy = "" if e.fuzzy == (e.kind == "person") else str(e.fuzzy).lower()
        row += [roles, e.source or "", e.note or "", fuzzy]
        w.writerow([_guard(c) for c in row])
    return buf.getvalue()


def read_csv(path: str | Path, kind: str = "term") -> list[tuple[int, dict]]:
    """(line number, entry data) for each row; the caller validates the data. `kind` is the
    kind of entries from a plain or memoQ file (they have no kind column)."""
    p = Path(path)
    text = read_utf8(p, "utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # spreadsheets in some locales write ';'
    # newline=None: old Mac (CR-only) line ends read like any other
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    try:
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise DataError(p, "empty CSV file") from None
        layout = _layout(header)
        if layout != "tqa":
            return _read_foreign(reader, header, layout, kind, p)
        langs = _check_header(header, p)
        out = []
        for line, row in _rows(reader, header, p):
            out.append((line, _row(dict(zip(header, row)), langs, p, line)))
    except csv.Error as exc:  # a field over the size limit, a stray quote: one line, exit 2
        raise DataError(p, f"not valid CSV: {exc}", line=reader.line_num or None) from None
    return out


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _rows(reader, header: list[str], path: Path):
    """(line, cells) of each non-blank row, cells stripped and unguarded; a row of another
    width than the header is a one-line error naming its line."""
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise DataError(path, f"{len(row)} columns, the header has {len(header)}", line=reader.line_num)
        yield reader.line_num, [_unguard(c.strip()) for c in row]


def _guard(cell: str) -> str:
    """A cell a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
    apostrophe, which spreadsheets show as text (OWASP's CSV injection advice); import takes
    it off again, so export then import gives back the same glossary."""
    return "'" + cell if cell.startswith(_FORMULA) else cell


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in _FORMULA else cell


def _check_header(header: list[str], path: Path) -> list[str]:
    langs = []
    for h in header:
        base, _, suffix = h.partition(".")
        if h in FIXED or h in TAIL:
            continue
        if _LANG.match(base) and suffix in ("", "variants", "wrong"):
            if base not in langs:
                langs.append(base)
            continue
        raise DataError(path, f"unknown column {h!r} (expected id, kind, LANG, LANG.variants, LANG.wrong, {', '.join(TAIL)})", line=1)
    missing = [c for c in FIXED if c not in header]
    if missing or not langs:
        raise DataError(path, f"the header needs {', '.join(missing or ['a language column such as en'])}", line=1)
    if len(set(header)) != len(header):
        raise DataError(path, "a column appears twice in the header", line=1)
    return langs


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def _row(cells: dict, langs: list[str], path: Path, line: int) -> dict:
    data: dict = {"id": cells["id"], "kind": cells["kind"], "forms": {}}
    for key in ("variants", "wrong"):
        data[key] = {}
    for lang in langs:
        if cells.get(lang):
            data["forms"][lang] = cells[lang]
        for key in ("variants", "wrong"):
            items = _split(cells.get(f"{lang}.{key}", ""))
            if items:
                data[key][lang] = items
    for key in ("variants", "wrong"):
        if not data[key]:
            del data[key]
    roles = []
    for item in _split(cells.get("roles", "")):
        m = _ROLE.match(item)
        if not m:
            raise DataError(path, f"role {item!r} must be 'TITLE-ID FROM..TO'", line=line, entry=cells["id"])
        role = {"title": m["title"]}
        if m["start"]:
            role["from"] = m["start"]
        if m["end"]:
            role["to"] = m["end"]
        roles.append(role)
    if roles:
        data["roles"] = roles
    for key in ("source", "note"):
        if cells.get(key):
            data[key] = cells[key]
    fuzzy = cells.get("fuzzy", "").lower()
    if fuzzy:
        if fuzzy not in ("true", "false", "yes", "no"):
            raise DataError(path, f"fuzzy must be true, false or empty, not {cells['fuzzy']!r}", line=line, entry=cells["id"])
        data["fuzzy"] = fuzzy in ("true", "yes")
    return data


# ---------------------------------------------------------------------------------------------
# Files from other tools: plain language columns (Excel, Trados Glossary Converter) and memoQ

_TQA_ONLY = {"id", "kind", "roles", "fuzzy"}
_NOTE_COLUMNS = {"note", "notes", "comment", "comments", "definition", "description", "entry_note"}
_MEMOQ_IGNORED = {"entry_id", "entry_subject", "entry_domain", "entry_clientid", "entry_projectid", "entry_created",
                  "entry_creator", "entry_lastmodified", "entry_modifier", "term_info", "term_example"}
EXPECTED = ("expected tqa's columns (id, kind, LANG, LANG.variants, LANG.wrong, roles, source, note, fuzzy), "
            "one column per language named by code or English name (en,ru or English,Russian) with optional "
            "note/definition columns, or a memoQ export (Entry_ID, ..., English, Term_Info, ...)")


def _layout(header: list[str]) -> str:
    low = [h.casefold() for h in header]
    if any(h in _TQA_ONLY or h.endswith((".variants", ".wrong")) for h in low):
        return "tqa"
    if any(h.startswith("entry_") for h in low):
        return "memoq"
    return "plain"


def _language_names() -> dict[str, str]:
    """English language names (babel's CLDR data) → ISO 639 code; regional names
    ("American English") go to the base language."""
    global _NAMES
    if _NAMES is None:
        from babel import Locale  # CLDR data, 30 ms to import: only to read a CSV header's language names

        names: dict[str, str] = {}
        for code, name in Locale("en").languages.items():
            names.setdefault(name.casefold(), code.split("_")[0])
        _NAMES = names
    return _NAMES


_NAMES: dict[str, str] | None = None


def _codes() -> set[str]:
    return {c.split("_")[0] for c in _language_names().values()}

_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$", re.I)


def language_of(column: str) -> str | None:
    """The language a column header names ("en", "en-US", "English", "English (United
    Kingdom)", memoQ's "English_United_Kingdom"), or None."""
    h = column.strip()
    m = _CODE.match(h)
    names = _language_names()
    if m and m[1].lower() in _codes():
        return m[1].lower()
    base = re.sub(r"\s*\(.*\)\s*$", "", h).strip().casefold()
    if base in names:
        return names[base]
    first = re.split(r"[_\s]", base, maxsplit=1)[0]  # memoQ: English_United_Kingdom
    if first != base and first in names:
        return names[first]
    return None


def _read_foreign(reader, header: list[str], layout: str, kind: str, path: Path) -> list[tuple[int, dict]]:
    roles = []  # per column: ("lang", code) / ("def", code) / ("note", None) / ("skip", None)
    langs_seen: list[str] = []
    for h in header:
        low = h.casefold()
        if not h or layout == "memoq" and low in _MEMOQ_IGNORED:  # a spreadsheet's trailing empty column
            roles.append(("skip", None))
        elif low in _NOTE_COLUMNS:
            roles.append(("note", None))
        elif layout == "memoq" and low.endswith("_def") and language_of(h[:-4]):
            roles.append(("def", language_of(h[:-4])))
        elif language_of(h):
            code = language_of(h)
            if layout == "plain" and code in langs_seen:
                raise DataError(path, f"two columns are language {code!r} ({EXPECTED})", line=1)
            langs_seen.append(code)
            roles.append(("lang", code))
        else:
            raise DataError(path, f"column {h!r} is not a language or a known field ({EXPECTED})", line=1)
    if not langs_seen:
        raise DataError(path, f"no language column ({EXPECTED})", line=1)
    out = []
    ids: dict[str, int] = {}
    for line, row in _rows(reader, header, path):
        forms: dict[str, str] = {}
        variants: dict[str, list[str]] = {}
        notes: list[str] = []
        for (what, code), cell in zip(roles, row):
            if not cell or what == "skip":
                continue
            if what == "note":
                notes.append(cell)
            elif what == "def":
                notes.append(f"{code}: {cell}")
            else:
                for term in _split(cell) if layout == "plain" else [cell]:
                    if code not in forms:
                        forms[code] = term
                    elif term != forms[code] and term not in variants.get(code, []):
                        variants.setdefault(code, []).append(term)
        if not forms:
            raise DataError(path, "a row with no term in any language column", line=line)
        first = forms.get("en") or next(iter(forms.values()))
        eid = make_id(first)
        if eid in ids:  # the same first form twice: a homonym, told apart by its line
            eid = f"{eid}-{line}"
        ids[eid] = line
        data: dict = {"id": eid, "kind": kind, "forms": forms}
        if variants:
            data["variants"] = variants
        if notes:
            data["note"] = "; ".join(notes)
        out.append((line, data))
    return out
