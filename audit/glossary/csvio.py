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
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from audit.errors import DataError
from audit.fsutil import read_utf8
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


def read_csv(path: str | Path) -> list[tuple[int, dict]]:
    """(line number, entry data) for each row; the caller validates the data."""
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
        langs = _check_header(header, p)
        out = []
        for row in reader:
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise DataError(p, f"{len(row)} columns, the header has {len(header)}", line=line)
            cells = dict(zip(header, (_unguard(c.strip()) for c in row)))
            out.append((line, _row(cells, langs, p, line)))
    except csv.Error as exc:  # a field over the size limit, a stray quote: one line, exit 2
        raise DataError(p, f"not valid CSV: {exc}", line=reader.line_num or None) from None
    return out


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


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
