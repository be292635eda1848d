"""Glossary values. An entry's forms are keyed by language code: languages are data."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("person", "organisation", "title", "place", "term")


@dataclass(frozen=True)
class Role:
    """A title a person held, by title-entry id, with optional ISO dates (inclusive), kept at
    the precision written: `to: 2022-06` covers all of June 2022, `to: 2022` all of 2022
    (so an export writes back exactly what was read)."""

    title: str
    start: str | None = None
    end: str | None = None

    def holds_on(self, date: str | None) -> bool:
        if not date:
            return True
        # compared at the coarser of the two precisions: 2022-06-15 is within "to: 2022-06"
        return (self.start is None or self.start[: len(date)] <= date[: len(self.start)]) and (
            self.end is None or date[: len(self.end)] <= self.end[: len(date)]
        )


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    forms: dict  # lang -> canonical form
    variants: dict = field(default_factory=dict)  # lang -> tuple of acceptable forms
    wrong: dict = field(default_factory=dict)  # lang -> tuple of known bad renderings
    roles: tuple[Role, ...] = ()
    note: str | None = None
    source: str | None = None
    fuzzy: bool = True  # near-miss spellings are looked for (persons)
    file: str | None = None
    line: int | None = None

    def canonical(self, lang: str) -> str | None:
        return self.forms.get(lang)

    def accepted(self, lang: str) -> tuple[str, ...]:
        """Canonical form first, then the acceptable variants."""
        head = (self.forms[lang],) if lang in self.forms else ()
        return head + tuple(self.variants.get(lang, ()))

    def all_forms(self, lang: str) -> tuple[str, ...]:
        return self.accepted(lang) + tuple(self.wrong.get(lang, ()))

    def roles_on(self, date: str | None) -> tuple[Role, ...]:
        return tuple(r for r in self.roles if r.holds_on(date))


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...] = ()
    files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.entries})

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)  # type: ignore[attr-defined]

    def languages(self) -> set[str]:
        return {lang for e in self.entries for lang in e.forms}
