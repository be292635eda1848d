"""Dictionary articles → the translations they give, and nothing else.

An article is more than a list of translations: a headword, a transcription, part-of-speech
marks, numbered senses, usage labels, then examples, set phrases, grammar notes and
cross-references, whose words must not count as translations of the headword ("news" has
the example "at the news"; "job" has "Job's news плохая весть"). One parser per article style:

- `mueller` (Mueller's English-Russian dictionary, mueller7-dict): senses `1.`/`1)`/`а)`,
  homonyms `_I`, labels `_n.` `_воен.`, glosses in parentheses. Within a sense the
  translations come first, separated by `,` and `;`; the first `;`-chunk holding Latin
  letters starts the examples and set phrases ("at Naples в Неаполе"), and every sub-sense
  `а) б)` after it translates that phrase, not the headword, until the next numbered sense.
  Items holding an abbreviation (a `.` after stripping the placeholders: "тж. красавица",
  "в пространств. значении") are glosses, not translations.
- `freedict` (FreeDict's dictd exports): a header line (headword /pronunciation/ <pos>), then
  translation lines (optionally numbered `1.`, labelled `[comp.]`, tagged `<n>`), and lines
  indented further for examples (`"..." - ...`), notes (`Note:`), synonyms and `see:` links.
- `plain` (users' own dictd/StarDict dictionaries): every line that is not an example
  (quoted, or "x - y"), a note or a cross-reference gives translations, markers stripped.

Per-language words that dictionaries write for an argument slot (кого-л., etw., sth.) and
Mueller's gloss words are data: references/bilingual/lexicons.yaml (`placeholders`, `glosses`).
"""

from __future__ import annotations

import re
from typing import Iterable

_LATIN = re.compile(r"[A-Za-z]")
_MARK = re.compile(r"^\s*(?:(_[IVX]+)(?=[\s\[]|$)|(\d+)\.(?=\s|$|_)|(\d+)\)|([а-яё])\))\s*")
_LABEL = re.compile(r"(?<!\w)_[^\s_.;,]+\.?")
_BRACES = re.compile(r"\{[^{}]*\}")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_ANGLES = re.compile(r"<[^<>]*>")
_SPACES = re.compile(r"\s+")
_PRON = re.compile(r"(?:^|(?<=\s))/[^/\n]+/")
_MAX_WORDS = 6


def strip_parens(text: str) -> str:
    """Text without parenthesised parts (nested ones too)."""
    out, depth = [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def split_top(text: str, seps: str) -> list[str]:
    """Split at any of `seps` outside parentheses."""
    out, cur, depth = [], [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


class Cleaner:
    """Tidies one translation item: placeholders out, space collapsed; None when nothing
    usable is left."""

    def __init__(self, placeholders: Iterable[str] = (), dotted_is_gloss: bool = False, glosses: Iterable[str] = (),
                 rare_labels: Iterable[str] = (), function_word=None):
        ph = sorted({p for p in placeholders if p}, key=len, reverse=True)
        self._ph = re.compile("(?<!\\w)(?:" + "|".join(re.escape(p) for p in ph) + ")(?!\\w)", re.I) if ph else None
        self.dotted_is_gloss = dotted_is_gloss
        gl = sorted({" ".join(str(g).lower().split()) for g in glosses if g}, key=len, reverse=True)
        self._gloss = re.compile("(?<!\\w)(?:" + "|".join(re.escape(g) for g in gl) + ")(?!\\w)") if gl else None
        self.rare = frozenset(x.strip("_.").lower() for x in rare_labels if x)
        self.function_word = function_word

    def is_gloss(self, chunk: str) -> bool:
        """A chunk describing usage ("указывает на ...", "тот, кто ...") rather than translating."""
        return self._gloss is not None and bool(self._gloss.search(" ".join(chunk.lower().split())))

    def is_rare(self, text: str) -> bool:
        """A usage label marking a sense dialectal, obsolete or slang (`_шотл.`, `_уст.`)."""
        return bool(self.rare) and any(m.strip("_.").lower() in self.rare for m in _LABEL.findall(text))

    def __call__(self, item: str) -> str | None:
        s = item
        if self._ph is not None:
            s = self._ph.sub(" ", s)
        s = _SPACES.sub(" ", s).strip(" \t-–—:!?\u00a0")
        s = s.strip(" .") if not self.dotted_is_gloss else s.strip()
        if not s or not any(ch.isalpha() for ch in s):
            return None
        low = s.lower()
        if self.dotted_is_gloss and "." in s:
            return None
        if self.is_gloss(low):
            return None
        if "…" in s or "..." in s or len(s.split()) > _MAX_WORDS:
            return None
        if self.function_word is not None and " " not in s and self.function_word(s):
            return None
        return s


def _mueller_segments(article: str) -> list[tuple[str, str]]:
    """(marker kind, text) per sense: kind is '' before any marker, 'n' for a numbered sense
    or homonym (resets the phrase state), 'l' for a lettered sub-sense."""
    lines = article.split("\n")[1:]  # the first line is the headword
    segs: list[list[str]] = [["", ""]]
    for line in lines:
        rest = line
        while True:
            m = _MARK.match(rest)
            if not m:
                break
            segs.append(["l" if m.group(4) else "n", ""])
            rest = rest[m.end():]
        rest = rest.strip()
        if not rest:
            continue
        cur = segs[-1]
        if cur[1].endswith("-") and len(cur[1]) > 1 and cur[1][-2].isalpha():
            cur[1] += rest  # a word hyphenated at the end of a line ("северо-" "восток")
        else:
            cur[1] = f"{cur[1]} {rest}" if cur[1] else rest
    return [(k, t) for k, t in segs]


def parse_mueller(article: str, clean: Cleaner) -> list[str]:
    out: list[str] = []
    in_phrase = False
    for i, (kind, text) in enumerate(_mueller_segments(article)):
        if i == 0 and clean.is_rare(text):
            return []  # the whole article is dialect, obsolete or slang
        if kind == "n":
            in_phrase = False
        if in_phrase or not text:
            continue
        text = _BRACES.sub(" ", _BRACKETS.sub(" ", text))
        for chunk in split_top(text, ";"):
            if clean.is_rare(chunk):
                if _LATIN.search(strip_parens(_LABEL.sub(" ", chunk))):
                    in_phrase = True
                    break
                continue
            chunk = _LABEL.sub(" ", chunk)
            bare = strip_parens(chunk)
            if _LATIN.search(bare):
                in_phrase = True  # an example or a set phrase: the rest of this sense is about it
                break
            if ":" in bare or clean.is_gloss(bare):
                continue  # "употр. как ...: ..." introduces usages; "тот, кто ..." describes
            for item in split_top(bare, ","):
                s = clean(item)
                if s:
                    out.append(s)
    return out


_FREEDICT_SKIP = re.compile(r"^(see|synonyms?|antonyms?|note|notes|example|examples|usage|also)\s*:", re.I)
_NUMBERED = re.compile(r"^\d+\.\s+")


def parse_freedict(article: str, clean: Cleaner) -> list[str]:
    out: list[str] = []
    for line in article.split("\n")[1:]:
        if not line.strip() or line.startswith("  "):
            continue  # examples (6 spaces), notes (9), synonyms (3) are indented further
        s = line.strip()
        if _FREEDICT_SKIP.match(s) or s.startswith(('"', "“", "„", "«")):
            continue
        s = _NUMBERED.sub("", s)
        s = _PRON.sub(" ", s)
        s = strip_parens(_ANGLES.sub(" ", _BRACKETS.sub(" ", _BRACES.sub(" ", s))))
        for item in split_top(s, ",;"):
            c = clean(item)
            if c:
                out.append(c)
    return out


_EXAMPLE_SPLIT = re.compile(r"\s[-–—]\s|\s=\s")


def parse_plain(article: str, clean: Cleaner, headword: str = "") -> list[str]:
    out: list[str] = []
    lines = article.split("\n")
    if lines and headword and lines[0].strip().lower().startswith(headword.strip().lower()) \
            and len(lines) > 1 and (len(lines[0].split()) <= len(headword.split()) + 2):
        lines = lines[1:]  # the headword repeated (with its transcription) as the first line
    for line in lines:
        s = line.strip()
        if not s or _FREEDICT_SKIP.match(s) or s.startswith(('"', "“", "„", "«", "e.g.", "Ex", "•")):
            continue
        if _EXAMPLE_SPLIT.search(s):
            continue
        while True:
            m = _MARK.match(s)
            if not m:
                break
            s = s[m.end():]
        s = _NUMBERED.sub("", s)
        s = _LABEL.sub(" ", s)
        s = strip_parens(_ANGLES.sub(" ", _BRACKETS.sub(" ", _BRACES.sub(" ", s))))
        for item in split_top(s, ",;"):
            c = clean(item)
            if c:
                out.append(c)
    return out


def sniff_style(samples: list[str]) -> str:
    """mueller, freedict or plain, from a few articles of a dictionary nobody described."""
    mueller = sum(1 for a in samples if re.search(r"(?<!\w)_(n|v|a|adv|pl|prep)\.", a))
    freedict = sum(1 for a in samples if re.match(r"[^\n]*\s/[^/\n]+/", a))
    if samples and mueller >= len(samples) / 4:
        return "mueller"
    if samples and freedict >= len(samples) / 2:
        return "freedict"
    return "plain"


def translations(article: str, style: str, clean: Cleaner, headword: str = "") -> list[str]:
    if style == "mueller":
        return parse_mueller(article, clean)
    if style == "freedict":
        return parse_freedict(article, clean)
    return parse_plain(article, clean, headword)
