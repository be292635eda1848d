"""`tqa glossary edit`: a change to one entry, applied to the entry as written (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.errors import TqaError


@dataclass
class EntryEdit:
    kind: str | None = None
    forms: list[tuple[str, str]] = field(default_factory=list)  # set canonical forms
    drop_langs: list[str] = field(default_factory=list)
    add_variants: list[tuple[str, str]] = field(default_factory=list)
    remove_variants: list[tuple[str, str]] = field(default_factory=list)
    add_wrong: list[tuple[str, str]] = field(default_factory=list)
    remove_wrong: list[tuple[str, str]] = field(default_factory=list)
    add_roles: list[dict] = field(default_factory=list)
    remove_roles: list[str] = field(default_factory=list)
    note: str | None = None  # "" removes
    source: str | None = None  # "" removes
    fuzzy: bool | None = None


def _lists(data: dict, key: str) -> dict:
    raw = data.get(key) or {}
    return {str(k): (list(v) if isinstance(v, list) else [v]) for k, v in raw.items()}


def _put(data: dict, key: str, value) -> None:
    if value:
        data[key] = value
    else:
        data.pop(key, None)


def apply_edit(data: dict, change: EntryEdit) -> dict:
    """The entry `data` with `change` made; raises TqaError for a removal of what is not there."""
    out = dict(data)
    if change.kind is not None:
        out["kind"] = change.kind
    forms = dict(out.get("forms") or {})
    variants, wrong = _lists(out, "variants"), _lists(out, "wrong")
    for lang in change.drop_langs:
        if lang not in forms and lang not in variants and lang not in wrong:
            raise TqaError(f"the entry has no {lang!r} forms to drop")
        for table in (forms, variants, wrong):
            table.pop(lang, None)
    for lang, text in change.forms:
        forms[lang] = text  # the old form is dropped: add it back with --add-variant if still acceptable
        if text in variants.get(lang, []):
            variants[lang].remove(text)  # promoted from variant to canonical
    for table, adds, removes, what in ((variants, change.add_variants, change.remove_variants, "variant"),
                                       (wrong, change.add_wrong, change.remove_wrong, "wrong rendering")):
        for lang, text in removes:
            if text not in table.get(lang, []):
                raise TqaError(f"{text!r} is not a {lang} {what} of this entry")
            table[lang].remove(text)
        for lang, text in adds:
            if text not in table.get(lang, []):
                table.setdefault(lang, []).append(text)
    out["forms"] = forms
    _put(out, "variants", {k: v for k, v in variants.items() if v})
    _put(out, "wrong", {k: v for k, v in wrong.items() if v})
    roles = list(out.get("roles") or [])
    for title in change.remove_roles:
        kept = [r for r in roles if not (isinstance(r, dict) and r.get("title") == title)]
        if len(kept) == len(roles):
            raise TqaError(f"the entry has no role {title!r}")
        roles = kept
    roles += change.add_roles
    _put(out, "roles", roles)
    for key in ("note", "source"):
        value = getattr(change, key)
        if value is not None:
            _put(out, key, value.strip())
    if change.fuzzy is not None:
        out["fuzzy"] = change.fuzzy
    return out
