"""Read glossary YAML files into `Glossary`, validating as we go.

Every error names the file, the line and the entry id, so a person can fix it at once.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from audit import yamlio
from audit.dates import date_problem
from audit.errors import DataError
from audit.glossary.model import KINDS, Entry, Glossary, Role
from audit.glossary.storage import recover_pending

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")
_FIELDS = {"id", "kind", "forms", "variants", "wrong", "roles", "note", "source", "fuzzy"}
_ROLE_FIELDS = {"title", "from", "to", "note"}


def glossary_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.exists():
        recover_pending(p)  # a multi-file write killed midway is finished before anyone reads
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml") and not f.name.startswith("."))
    if p.exists():
        return [p]
    raise DataError(p, "glossary not found")


def load_glossary(*paths: str | Path) -> Glossary:
    entries: list[Entry] = []
    files: list[str] = []
    for path in paths:
        for f in glossary_files(path):
            entries.extend(parse_entries(yamlio.load(f), f))
            files.append(str(f))
    _check_ids(entries)
    return Glossary(tuple(entries), tuple(files))


def parse_entries(data: Any, path: str | Path) -> list[Entry]:
    if data is None:
        return []
    if isinstance(data, dict) and "entries" in data:
        data = data["entries"]
    if not isinstance(data, list):
        raise DataError(path, "expected a list of entries", line=yamlio.line_of(data))
    return [_entry(item, path) for item in data]


def _entry(node: Any, path) -> Entry:
    line = yamlio.line_of(node)
    if not isinstance(node, dict):
        raise DataError(path, "each entry must be a mapping with an id", line=line)
    eid = node.get("id")
    if not isinstance(eid, str) or not _ID.match(eid):
        raise DataError(path, f"entry id {eid!r} must be lower-case letters, digits, '-', '.', '_'", line=line)

    def fail(msg: str, key: str | None = None, at: int | None = None):
        raise DataError(path, msg, line=at or yamlio.line_of(node, key) or line, entry=eid)

    unknown = set(node) - _FIELDS
    if unknown:
        fail(f"unknown field(s): {', '.join(sorted(map(str, unknown)))} (allowed: {', '.join(sorted(_FIELDS))})",
             sorted(unknown, key=str)[0])  # keys of several types (1: and foo:) sort as text
    kind = node.get("kind")
    if kind not in KINDS:
        fail(f"kind {kind!r} must be one of: {', '.join(KINDS)}", "kind")
    forms = node.get("forms")
    if not isinstance(forms, dict) or not forms:
        fail("'forms' must map language codes to the canonical form, e.g. {en: ..., ru: ...}", "forms")
    canonical = {}
    for lang, form in forms.items():
        if not _LANG.match(str(lang)):
            fail(f"{lang!r} is not a language code", "forms")
        if not isinstance(form, str) or not form.strip():
            fail(f"forms.{lang} must be a non-empty string", "forms")
        canonical[str(lang)] = form.strip()
    variants = _lists(node, "variants", fail)
    wrong = _lists(node, "wrong", fail)
    for lang, forms_ in wrong.items():
        accepted = {f.casefold() for f in variants.get(lang, ())} | ({canonical[lang].casefold()} if lang in canonical else set())
        clash = [f for f in forms_ if f.casefold() in accepted]
        if clash:
            fail(f"{clash[0]!r} is listed both as wrong and as acceptable", "wrong")
    roles_ = node.get("roles") or ()
    if not isinstance(roles_, (list, tuple)):
        fail("'roles' must be a list of {title: ..., from: ..., to: ...}", "roles")
    roles = tuple(_role(r, lambda m, k=None, r=r: fail(m, k, yamlio.line_of(r))) for r in roles_)
    fuzzy = node.get("fuzzy", kind == "person")
    if not isinstance(fuzzy, bool):
        fail("'fuzzy' must be true or false", "fuzzy")
    for key in ("note", "source"):
        if node.get(key) is not None and not isinstance(node.get(key), str):
            fail(f"'{key}' must be text", key)
    return Entry(
        id=eid,
        kind=kind,
        forms=canonical,
        variants=variants,
        wrong=wrong,
        roles=roles,
        note=_text(node.get("note")),
        source=_text(node.get("source")),
        fuzzy=fuzzy,
        file=str(path),
        line=line,
    )


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if value is not None else None


def _lists(node: dict, key: str, fail) -> dict:
    raw = node.get(key) or {}
    if not isinstance(raw, dict):
        fail(f"'{key}' must map language codes to lists of forms", key)
    out = {}
    for lang, items in raw.items():
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            fail(f"{key}.{lang} must be a list of non-empty strings", key)
        out[str(lang)] = tuple(i.strip() for i in items)
    return out


def _date(value: Any, fail) -> str | None:
    """A role date as written (YYYY, YYYY-MM or YYYY-MM-DD), checked against the calendar."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        problem = date_problem(value.strip())
        if problem is None:
            return value.strip()
        fail(f"date {value!r} {problem}", "roles")
    fail(f"date {value!r} must be YYYY, YYYY-MM or YYYY-MM-DD", "roles")
    return None


def _role(node: Any, fail) -> Role:
    if not isinstance(node, dict) or not isinstance(node.get("title"), str):
        fail("each role must be a mapping with a 'title' (the id of a title entry)", "roles")
    unknown = set(node) - _ROLE_FIELDS
    if unknown:
        fail(f"unknown role field(s): {', '.join(sorted(map(str, unknown)))}", "roles")
    return Role(title=node["title"], start=_date(node.get("from"), fail), end=_end_date(node.get("to"), fail))


def _end_date(value: Any, fail) -> str | None:
    """An end date given as a year or month covers all of it (see `Role.holds_on`); it is
    kept as written, so that exports write back `2022-06`, never an invented `2022-06-31`."""
    return _date(value, fail)


def check_entries(entries: list[Entry]) -> None:
    """Checks across entries and files: unique ids, roles that name title entries."""
    _check_ids(entries)


def _check_ids(entries: list[Entry]) -> None:
    seen: dict[str, Entry] = {}
    for e in entries:
        if e.id in seen:
            first = seen[e.id]
            raise DataError(e.file, f"duplicate id (first defined at {first.file}:{first.line})", line=e.line, entry=e.id)
        seen[e.id] = e
    for e in entries:
        for r in e.roles:
            target = seen.get(r.title)
            if target is None or target.kind != "title":
                raise DataError(e.file, f"role title {r.title!r} is not the id of a title entry", line=e.line, entry=e.id)
