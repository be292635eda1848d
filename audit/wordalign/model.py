"""The word alignment's values: tokens, links and the `Alignment` that indexes them, with
their JSON form (`to_dict`, `from_dict`) and its one-line rendering for reports. The aligner
that makes them is audit/wordalign/passes.py."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    content: bool  # a content word (not a function word), or a number
    kind: str = "word"  # word | number

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "content": self.content, "kind": self.kind}


@dataclass(frozen=True)
class Link:
    source: tuple[int, ...]  # indices into Alignment.source
    target: tuple[int, ...]  # indices into Alignment.target
    kind: str  # glossary | exonym | cldr | number | same | lexicon | derived | translit | regnal
    via: str = ""  # the dictionary phrase or entry that links them

    def to_dict(self) -> dict:
        return {"source": list(self.source), "target": list(self.target), "kind": self.kind, "via": self.via}


@dataclass(frozen=True)
class Alignment:
    source: tuple[Token, ...]
    target: tuple[Token, ...]
    links: tuple[Link, ...]
    lexicon: bool  # a bilingual dictionary was available for the pair
    _by_source: dict = field(default_factory=dict, compare=False, repr=False)
    _by_target: dict = field(default_factory=dict, compare=False, repr=False)

    def source_links(self, i: int) -> tuple[Link, ...]:
        return self._by_source.get(i, ())

    def target_links(self, j: int) -> tuple[Link, ...]:
        return self._by_target.get(j, ())

    # Tokens are in the order of their starts; the lookups bisect instead of scanning every
    # token (the name checks ask once per name: a scan was quadratic in one long pair, issue 14).
    @cached_property
    def _source_starts(self) -> list[int]:
        return [t.start for t in self.source]

    @cached_property
    def _target_starts(self) -> list[int]:
        return [t.start for t in self.target]

    @cached_property
    def _target_reach(self) -> list[int]:
        """For each target token, the furthest end of it and the tokens before it."""
        out, far = [], -1
        for t in self.target:
            far = max(far, t.end)
            out.append(far)
        return out

    def source_at(self, start: int, end: int) -> list[int]:
        """Indices of the source tokens inside [start, end)."""
        out, i = [], bisect_left(self._source_starts, start)
        while i < len(self.source) and self.source[i].start < end:
            if self.source[i].end <= end:
                out.append(i)
            i += 1
        return out

    def target_at(self, start: int, end: int) -> list[int]:
        """Indices of the target tokens overlapping [start, end)."""
        out, j = [], bisect_left(self._target_starts, end) - 1
        while j >= 0 and self._target_reach[j] > start:  # no token before j reaches start: stop
            if self.target[j].end > start:
                out.append(j)
            j -= 1
        return out[::-1]

    def linked_source(self, start: int, end: int, kinds: tuple[str, ...] | None = None) -> list[tuple[Link, int]]:
        """(link, target index) for the links of source tokens inside [start, end)."""
        out = []
        for i in self.source_at(start, end):
            for link in self.source_links(i):
                if kinds is None or link.kind in kinds:
                    out += [(link, j) for j in link.target]
        return out

    def explained(self, start: int, end: int, kinds: tuple[str, ...] | None = None) -> bool:
        """Is the target text at [start, end) linked to the source?"""
        return any(kinds is None or link.kind in kinds for j in self.target_at(start, end) for link in self.target_links(j))

    def unaligned_source(self) -> list[Token]:
        return [t for i, t in enumerate(self.source) if t.content and i not in self._by_source]

    def unaligned_target(self) -> list[Token]:
        return [t for j, t in enumerate(self.target) if t.content and j not in self._by_target]

    def to_dict(self) -> dict:
        return {
            "lexicon": self.lexicon,
            "source": [t.to_dict() for t in self.source],
            "target": [t.to_dict() for t in self.target],
            "links": [link.to_dict() for link in self.links],
            "unaligned_source": [i for i, t in enumerate(self.source) if t.content and i not in self._by_source],
            "unaligned_target": [j for j, t in enumerate(self.target) if t.content and j not in self._by_target],
        }

    def compact(self) -> str:
        """One line: source→target for each link, then what is left on either side."""
        parts = []
        for link in self.links:
            s = " ".join(self.source[i].text for i in link.source)
            t = " ".join(self.target[j].text for j in link.target)
            parts.append(f"{s}→{t}" + ("" if link.kind == "lexicon" else f" [{link.kind}]"))
        lost = [t.text for t in self.unaligned_source()]
        added = [t.text for t in self.unaligned_target()]
        out = "; ".join(parts)
        if lost:
            out += (" · " if out else "") + "unaligned source: " + ", ".join(lost)
        if added:
            out += (" · " if out else "") + "unexplained target: " + ", ".join(added)
        return out


def compact(d: dict, limit: int = 400) -> str:
    """`Alignment.compact()` from its JSON form (what the reports hold), cut to `limit`."""
    src, tgt = d.get("source", []), d.get("target", [])
    parts = []
    for link in d.get("links", []):
        a = " ".join(src[i]["text"] for i in link["source"] if i < len(src))
        b = " ".join(tgt[j]["text"] for j in link["target"] if j < len(tgt))
        parts.append(f"{a}→{b}" + ("" if link["kind"] == "lexicon" else f" [{link['kind']}]"))
    out = "; ".join(parts)
    lost = [src[i]["text"] for i in d.get("unaligned_source", []) if i < len(src)]
    added = [tgt[j]["text"] for j in d.get("unaligned_target", []) if j < len(tgt)]
    if lost:
        out += (" · " if out else "") + "unaligned source: " + ", ".join(lost)
    if added:
        out += (" · " if out else "") + "unexplained target: " + ", ".join(added)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def pair_rows(data: dict) -> list[tuple[str, str]]:
    """(pair id, compact alignment) for each pair of a bilingual audit's word alignment
    (`data["word_alignment"]`, audit/stages/word_alignment.py)."""
    words = (data or {}).get("word_alignment") or {}
    return [(str(p.get("id")), compact(p)) for p in words.get("pairs", ())]


def indexed(source: tuple[Token, ...], target: tuple[Token, ...], links: tuple[Link, ...], lexicon: bool) -> Alignment:
    """An alignment with its links indexed by the tokens they join."""
    by_s: dict[int, tuple] = {}
    by_t: dict[int, tuple] = {}
    for link in links:
        for i in link.source:
            by_s[i] = by_s.get(i, ()) + (link,)
        for j in link.target:
            by_t[j] = by_t.get(j, ()) + (link,)
    return Alignment(source, target, links, lexicon, by_s, by_t)


def from_dict(d: dict) -> Alignment:
    """The alignment `Alignment.to_dict()` gave (what a report and the word-alignment product hold)."""
    def toks(ts) -> tuple[Token, ...]:
        return tuple(Token(t["start"], t["end"], t["text"], t["content"], t.get("kind", "word")) for t in ts)

    links = tuple(Link(tuple(k["source"]), tuple(k["target"]), k["kind"], k.get("via", "")) for k in d.get("links", ()))
    return indexed(toks(d.get("source", ())), toks(d.get("target", ())), links, bool(d.get("lexicon")))
