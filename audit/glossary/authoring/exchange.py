"""Import entries (from TBX or CSV) into a glossary: merge what agrees, report what conflicts.

For each imported entry:
- a new id is added to the file for its kind — unless its canonical form is already the
  canonical form of another entry (the same thing under another id): a conflict;
- an id that exists with the same content is left alone;
- an id that exists and the import only adds to (a new language, variants, wrong renderings,
  roles, a note or source where there was none) is merged;
- anything else — another canonical form, kind, note, source or fuzziness, or a form that one
  side accepts and the other calls wrong — is a conflict: reported, the entry left as it was.

An invalid imported entry stops the import before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from audit.errors import DataError
from audit.glossary.authoring.edit import GlossaryStore, Session
from audit.glossary.authoring.serialize import entry_to_data, role_to_data, same_entry
from audit.glossary.authoring.splice import data_error_message
from audit.glossary.load import parse_entries
from audit.glossary.model import Entry
from audit.phrases import phrase_key


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    merged: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)


def read_entries(items: list[tuple[int | None, dict]], source: Path) -> list[Entry]:
    """Validate imported entries; errors name the source file, the line or entry number, the id."""
    out: list[Entry] = []
    seen: set[str] = set()
    for n, (line, data) in enumerate(items, 1):
        try:
            (entry,) = parse_entries([data], source)
        except DataError as exc:
            raise DataError(source, data_error_message(exc), line=line, entry=data.get("id") or f"#{n}") from None
        if entry.id in seen:
            raise DataError(source, "the id appears twice in the file", line=line, entry=entry.id)
        seen.add(entry.id)
        out.append(entry)
    return out


def import_entries(store: GlossaryStore, entries: list[Entry], dry_run: bool = False) -> ImportReport:
    report = ImportReport()

    def edit(session: Session) -> None:
        canon = {(lang, phrase_key(form)): e for e in session.glossary() for lang, form in e.forms.items()}
        for new in entries:
            if _import_one(session, new, report, canon):
                for lang, form in new.forms.items():
                    canon.setdefault((lang, phrase_key(form)), new)

    store.apply(edit, commit=not dry_run)
    return report


def _import_one(session: Session, new: Entry, report: ImportReport, canon: dict) -> bool:
    """Import one entry; True when it was added."""
    old = session.glossary().get(new.id)
    if old is None:
        clash = _same_canonical(canon, new)
        if clash:
            report.conflicts.append((new.id, clash))
            return False
        session.add(entry_to_data(new))
        report.added.append(new.id)
        return True
    if same_entry(old, new):
        report.unchanged.append(new.id)
        return False
    merged, details, conflicts = merge(session.raw(new.id), old, new)
    if conflicts:
        report.conflicts.append((new.id, "; ".join(conflicts)))
        return False
    try:
        session.update(new.id, lambda _raw: merged)
    except DataError as exc:
        report.conflicts.append((new.id, data_error_message(exc)))
        return False
    report.merged.append((new.id, details))
    return False


def _same_canonical(canon: dict, new: Entry) -> str | None:
    for lang, form in new.forms.items():
        e = canon.get((lang, phrase_key(form)))
        if e is not None and e.id != new.id:
            where = f" ({e.file}:{e.line})" if e.file else " (earlier in the import)"
            return f"its {lang} form {form!r} is the canonical form of {e.id}{where}"
    return None


def merge(raw: dict, old: Entry, new: Entry) -> tuple[dict, list[str], list[str]]:
    """`raw` (the entry as written) with what `new` adds; and the conflicts, if any."""
    details: list[str] = []
    conflicts: list[str] = []
    out = {k: v for k, v in raw.items()}
    if old.kind != new.kind:
        conflicts.append(f"kind is {old.kind} here, {new.kind} in the import")
    forms = dict(out.get("forms") or {})
    for lang, form in new.forms.items():
        if lang not in old.forms:
            forms[lang] = form
            details.append(f"+ {lang} form {form!r}")
        elif old.forms[lang] != form:
            conflicts.append(f"{lang} form is {old.forms[lang]!r} here, {form!r} in the import")
    out["forms"] = forms
    for key in ("variants", "wrong"):
        table = {str(k): list(v) if isinstance(v, list) else [v] for k, v in (out.get(key) or {}).items()}
        for lang, items in getattr(new, key).items():
            accepted, wrong = set(old.accepted(lang)), set(old.wrong.get(lang, ()))
            same, opposite = (accepted, wrong) if key == "variants" else (wrong, accepted)
            for item in items:
                if item in same:
                    continue
                if item in opposite:
                    here = "wrong" if key == "variants" else "accepted"
                    conflicts.append(f"{lang} {item!r} is {here} here, {'a variant' if key == 'variants' else 'wrong'} in the import")
                    continue
                table.setdefault(lang, []).append(item)
                same.add(item)
                details.append(f"+ {lang} {'variant' if key == 'variants' else 'wrong'} {item!r}")
        if table:
            out[key] = table
    roles = list(out.get("roles") or [])
    known = {(r.title, r.start, r.end) for r in old.roles}
    for r in new.roles:
        if (r.title, r.start, r.end) in known:
            continue
        same_start = [o for o in old.roles if o.title == r.title and o.start == r.start]
        if same_start:
            conflicts.append(f"role {r.title} from {r.start or '..'} ends {same_start[0].end or 'never'} here, {r.end or 'never'} in the import")
            continue
        roles.append(role_to_data(r))
        details.append(f"+ role {r.title}")
    if roles:
        out["roles"] = roles
    for key in ("source", "note"):
        mine, theirs = getattr(old, key), getattr(new, key)
        if theirs and not mine:
            out[key] = theirs
            details.append(f"+ {key}")
        elif theirs and mine and theirs != mine:
            conflicts.append(f"{key} differs")
    if old.fuzzy != new.fuzzy:
        conflicts.append(f"fuzzy is {str(old.fuzzy).lower()} here, {str(new.fuzzy).lower()} in the import")
    return out, details, conflicts
