"""A bilingual lexicon from real dictionaries: what a source word or phrase may be translated as.

    from audit.lexicon import lexicon_for
    lex = lexicon_for(references, "ru", "en")   # cached per (references, pair); never raises
    lex.translations("Китая")   # frozenset({'china', ...}) — target phrases, lower-case
    lex.back("kings")           # frozenset({'король', ...}) — source phrases
    lex.explains("ОАЭ", "Emirates")  # True

Where the entries come from (docs/bilingual.md, "Lexicon"):
- installed dictd dictionaries listed in references/bilingual/lexicons.yaml (Debian's
  mueller7-dict and dict-freedict-*), each serving its own direction and, inverted, the other;
- the user's own dictionaries (dictd, StarDict, TSV) given with `--lexicon PATH` or
  `lexicon = [...]` in [tool.tqa] (see `use_lexicons`);
- references/bilingual/abbreviations.yaml (ОАЭ = UAE = United Arab Emirates);
- CLDR's territory and language names (babel): Швеция = Sweden, немецкий = German.

Only the translation (sense) lists of articles are read, never their examples, set phrases
or notes (audit/lexicon/articles.py). Nothing is read until a lookup asks; compiled tables
are cached on disk (audit/lexicon/index.py). The glossary is above the lexicon: the
consumers consult it first.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from audit import datafiles, yamlio
from audit.errors import DataError
from audit.lexicon.index import engine_for, load_compiled, loose_key, phrase_keys, phrase_value
from audit.lexicon.lemmas import lemma_set, morph_analyser, spelling_variants, words
from audit.lexicon.readers import DictFile, check, locate

__all__ = ["Lexicon", "lexicon_for", "use_lexicons", "parse_lexicon_arg", "UserLexicon", "no_dictionary_notice"]


def _base(lang: str | None) -> str:
    return (lang or "und").replace("_", "-").split("-")[0].lower()


def _data_file(references, name: str) -> Path | None:
    """bilingual/NAME of the references (--references DIR), else the bundled one, else None."""
    root = getattr(references, "root", None) if references is not None else None
    try:
        return datafiles.resolve(Path(root) if root else None, f"bilingual/{name}")
    except DataError:  # no bundled references (a broken install): only the directory's
        p = Path(root) / "bilingual" / name if root else None
        return p if p is not None and p.is_file() else None


@lru_cache(maxsize=8)
def _load_yaml(path: str) -> dict:
    data = yamlio.load(path)
    return data if isinstance(data, dict) else {}


def _config(references) -> tuple[dict, str]:
    p = _data_file(references, "lexicons.yaml")
    if p is None:
        return {}, ""
    try:
        return _load_yaml(str(p)), str(p)
    except DataError:
        return {}, ""


# --- users' dictionaries ------------------------------------------------------------------

@dataclass(frozen=True)
class UserLexicon:
    file: DictFile
    langs: tuple[str, str] | None  # (source, target) of the dictionary; None: the audited pair's


_PAIR_PREFIX = re.compile(r"^([A-Za-z]{2,3})[-_>]([A-Za-z]{2,3})=(.+)$")
_PAIR_IN_NAME = re.compile(r"(?:^|[^A-Za-z])([A-Za-z]{2,3})[-_]([A-Za-z]{2,3})(?:[^A-Za-z]|$)")


def _code(c: str, codes3: dict) -> str | None:
    c = c.lower()
    if len(c) == 2:
        return c
    return codes3.get(c)


def parse_lexicon_arg(arg: str, references=None) -> UserLexicon:
    """`PATH` or `SRC-TGT=PATH` (the dictionary's own direction): DataError when the file is
    missing or not a dictionary tqa reads. Without SRC-TGT the languages come from the file
    name (en-ru.tsv, freedict-eng-rus.index); failing that the dictionary is taken to go from
    the audited source language to the target."""
    text = str(arg)
    langs = None
    config, _ = _config(references)
    codes3 = {str(k).lower(): str(v).lower() for k, v in (config.get("codes3") or {}).items()}
    m = _PAIR_PREFIX.match(text)
    if m and not Path(text).exists():
        a, b = _code(m.group(1), codes3), _code(m.group(2), codes3)
        if a is None or b is None:
            raise DataError(text, "say the languages as SRC-TGT=PATH with ISO 639 codes, e.g. ru-en=my.tsv")
        langs, text = (a, b), m.group(3)
    df = locate(text)
    check(df)
    if langs is None:
        stem = df.path.name
        for mm in _PAIR_IN_NAME.finditer(stem):
            a, b = _code(mm.group(1), codes3), _code(mm.group(2), codes3)
            if a and b and a != b and (len(mm.group(1)) == 3 or _known_lang(a) and _known_lang(b)):
                langs = (a, b)
                break
    return UserLexicon(df, langs)


def _known_lang(code: str) -> bool:
    try:
        from babel import Locale  # CLDR data, 30 ms to import: only to read a user lexicon's file name

        Locale.parse(code)
        return True
    except Exception:
        return False


def use_lexicons(references, paths) -> tuple[UserLexicon, ...]:
    """Register the user's dictionaries (flag or config) with `references`; validates them
    (DataError, exit 2, on a missing or malformed file). Returns what was registered."""
    parsed = tuple(p if isinstance(p, UserLexicon) else parse_lexicon_arg(str(p), references) for p in paths or ())
    holder = _user_holder(references)
    holder[:] = list(parsed)
    return parsed


def _user_holder(references) -> list:
    if references is None:
        return _GLOBAL_USER
    return references.compiled(("lexicon-user",), list)


_GLOBAL_USER: list = []


@lru_cache(maxsize=8)
def _from_env(value: str) -> tuple[tuple[UserLexicon, ...], tuple[str, ...]]:
    users, problems = [], []
    for part in value.split(os.pathsep):
        if part.strip():
            try:
                users.append(parse_lexicon_arg(part.strip()))
            except DataError as exc:
                problems.append(str(exc))
    return tuple(users), tuple(problems)


def _users(references) -> tuple[tuple[UserLexicon, ...], tuple[str, ...]]:
    """The user's dictionaries: registered with these references (CLI), else with none (a
    gate run), else TQA_LEXICON (worker processes, or set by the user)."""
    for holder in (_user_holder(references), _GLOBAL_USER):
        if holder:
            return tuple(holder), ()
    env = os.environ.get("TQA_LEXICON", "")
    return _from_env(env) if env.strip() else ((), ())


# --- the lexicon ----------------------------------------------------------------------------

@dataclass
class _Source:
    label: str
    file: DictFile
    style: str
    langs: tuple[str, str]  # the dictionary's own direction
    inverted: bool  # serves the pair from its translations side


class Lexicon:
    """The lexicon for one language pair. Lookups never raise; a dictionary that cannot be
    read is left out and named in `problems`."""

    def __init__(self, src: str, tgt: str, sources: list[_Source], config: dict, extras_files: tuple[str, ...] = (),
                 references=None):
        self.src, self.tgt = src, tgt
        self._sources = sources
        self._config = config
        self._references = references
        self._extras_files = extras_files
        self._fwd: list[dict] | None = None
        self._bwd: list[dict] | None = None
        self._lock = threading.Lock()
        self.problems: list[str] = []
        self._esrc, self._etgt = engine_for(src, config), engine_for(tgt, config)
        self._aspect = {lang: _pairs(config, "aspect", lang) for lang in (src, tgt)}
        self._spelling = {lang: _pairs(config, "spelling", lang) for lang in (src, tgt)}

    # what was loaded -----------------------------------------------------------------------
    @property
    def available(self) -> bool:
        return bool(self._sources)

    @property
    def sources(self) -> tuple[str, ...]:
        lines = [s.label for s in self._sources]
        for f in self._extras_files:
            lines.append(f)
        return tuple(lines)

    @cached_property  # every bilingual report's signature asks; the files do not change under a run
    def digest(self) -> str:
        h = hashlib.sha256(f"{self.src}-{self.tgt}".encode())
        for s in self._sources:
            for f in s.file.files:
                try:
                    st = f.stat()
                    h.update(f"{f.name}|{st.st_size}|{st.st_mtime_ns}|{s.inverted}".encode())
                except OSError:
                    pass
        for name in ("abbreviations.yaml", "lexicons.yaml"):
            p = _data_file(self._references, name)
            if p is not None:
                h.update(p.read_bytes())
        return h.hexdigest()[:8]

    def notice(self) -> str | None:
        """One line for the report when the pair has no dictionary (None when it has)."""
        if self.available:
            if self.problems:
                return f"bilingual dictionary problem: {self.problems[0]}"
            return None
        return no_dictionary_notice(self.src, self.tgt, self._config)

    # loading -------------------------------------------------------------------------------
    def _ensure(self) -> None:
        if self._fwd is not None:
            return
        with self._lock:
            if self._fwd is not None:
                return
            fwd, bwd = [], []
            for s in self._sources:
                a, b = s.langs
                try:
                    tables = load_compiled(s.file, s.style, a, b, self._config)
                except (DataError, OSError, ValueError, UnicodeError) as exc:
                    self.problems.append(f"{s.file.name}: {exc}")
                    continue
                if s.inverted:
                    fwd.append(tables["trans"])
                    bwd.append(tables["head"])
                else:
                    fwd.append(tables["head"])
                    bwd.append(tables["trans"])
            ef, eb = _extras(self._references, self.src, self.tgt, self._config)
            fwd.append(ef)
            bwd.append(eb)
            self._bwd = bwd
            self._fwd = fwd

    # lookups -------------------------------------------------------------------------------
    def lemmas(self, word: str, lang: str) -> frozenset[str]:
        lang = _base(lang)
        try:
            out = lemma_set(word, lang, engine_for(lang, self._config))
            rules = self._spelling.get(lang) if lang in self._spelling else _pairs(self._config, "spelling", lang)
            if rules:
                out = out.union(*(spelling_variants(x, rules) for x in out))
            return out
        except Exception:  # noqa: BLE001 - a lemmatiser hiccup is no reason to stop an audit
            return frozenset({word.lower()}) if word else frozenset()

    def _lookup(self, tables: list[dict], text: str, lang: str, engine: str) -> frozenset[str]:
        if not text or not text.strip():
            return frozenset()
        try:
            keys = phrase_keys(text, lang, engine, aspect=self._aspect.get(lang, ()), spelling=self._spelling.get(lang, ()))
        except Exception:  # noqa: BLE001
            return frozenset()
        out: set[str] = set()
        for t in tables:
            for k in keys:
                hit = t.get(k)
                if hit:
                    out.update(hit)
        if not out and keys and " " in keys[0]:  # word order differs (папа римский / римский папа)
            for t in tables:
                for k in {loose_key(k) for k in keys}:
                    hit = t.get(k)
                    if hit:
                        out.update(hit)
        return frozenset(out)

    def translations(self, text: str) -> frozenset[str]:
        return self._lookup(self._tables("fwd"), text, self.src, self._esrc)

    def back(self, text: str) -> frozenset[str]:
        return self._lookup(self._tables("bwd"), text, self.tgt, self._etgt)

    def _tables(self, which: str) -> list[dict]:
        try:
            self._ensure()
        except Exception:  # noqa: BLE001
            return []
        return (self._fwd if which == "fwd" else self._bwd) or []

    def phrase(self, text: str, lang: str) -> str:
        """`text` in the form translations() and back() return phrases in (citation form,
        lower-case, words joined by one space)."""
        lang = _base(lang)
        return phrase_value(text, lang, engine_for(lang, self._config))

    def explains(self, src_text: str, tgt_text: str) -> bool:
        """Some phrase in translations(src_text) is tgt_text (in any of its forms), or, for a
        one-word source, a lemma of a one-word tgt_text is the head word of one of them."""
        found = self.translations(src_text)
        if not found or not tgt_text or not tgt_text.strip():
            return False
        try:
            keys = set(phrase_keys(tgt_text, self.tgt, self._etgt, spelling=self._spelling.get(self.tgt, ())))
            if keys & found:
                return True
            if len(words(src_text)) == 1 and len(words(tgt_text)) == 1:
                lem = keys
                return any(self._head(p) in lem for p in found)
        except Exception:  # noqa: BLE001
            return False
        return False

    def _head(self, phrase: str) -> str:
        ws = phrase.split()
        if len(ws) <= 1:
            return phrase
        rule = ((self._config.get("heads") or {}).get(self.tgt)) or {}
        before = [w.lower() for w in rule.get("before", ())]
        for i, w in enumerate(ws):
            if i and w in before:
                return ws[i - 1]
        position = rule.get("position")
        if position == "noun":
            morph = morph_analyser(self.tgt)
            if morph is not None:
                for w in ws:
                    p = morph.parse(w)[0]
                    if p.tag.POS == "NOUN" and p.tag.case == "nomn":
                        return w
            return ws[-1]
        return ws[0] if position == "first" else ws[-1]


def _pairs(config: dict, key: str, lang: str) -> tuple[tuple[str, str], ...]:
    """[[a, b], ...] rules of lexicons.yaml for one language (aspect, spelling)."""
    rules = (config.get(key) or {}).get(lang) or ()
    return tuple((str(r[0]), str(r[1])) for r in rules if isinstance(r, (list, tuple)) and len(r) == 2)


def no_dictionary_notice(src: str, tgt: str, config: dict | None = None) -> str:
    pkgs = []
    for d in (config or {}).get("dictionaries") or ():
        langs = str(d.get("langs", ""))
        if langs in (f"{src}-{tgt}", f"{tgt}-{src}") and d.get("package"):
            pkgs.append(str(d["package"]))
    how = f"install {' or '.join(pkgs[:2])} or give --lexicon" if pkgs else "give --lexicon"
    return f"no bilingual dictionary for {src}-{tgt}: {how}; name checks fall back to transliteration"


# --- abbreviations and CLDR ---------------------------------------------------------------

def _extras(references, src: str, tgt: str, config: dict) -> tuple[dict, dict]:
    """Small tables built at load time: the abbreviations table and CLDR names."""
    es, et = engine_for(src, config), engine_for(tgt, config)
    fwd: dict[str, set] = {}
    bwd: dict[str, set] = {}

    def add(s_forms, t_forms):
        svals = [phrase_value(x, src, es) for x in s_forms]
        tvals = [phrase_value(x, tgt, et) for x in t_forms]
        for x in s_forms:
            for k in phrase_keys(x, src, es, stored=True):
                for kk in (k, loose_key(k)):
                    if kk:
                        fwd.setdefault(kk, set()).update(v for v in tvals if v)
        for x in t_forms:
            for k in phrase_keys(x, tgt, et, stored=True):
                for kk in (k, loose_key(k)):
                    if kk:
                        bwd.setdefault(kk, set()).update(v for v in svals if v)

    for s_forms, t_forms in abbreviations(references, src, tgt):
        add(s_forms, t_forms)
    for s_name, t_name in _cldr(src, tgt):
        add([s_name], [t_name])
    return ({k: tuple(sorted(v)) for k, v in fwd.items()}, {k: tuple(sorted(v)) for k, v in bwd.items()})


def abbreviations(references, src: str, tgt: str) -> list[tuple[list[str], list[str]]]:
    p = _data_file(references, "abbreviations.yaml")
    if p is None:
        return []
    try:
        data = _load_yaml(str(p))
    except DataError:
        return []
    out = []
    for e in data.get("entries") or ():
        if not isinstance(e, dict):
            continue
        s, t = e.get(src), e.get(tgt)
        if s and t:
            s = [s] if isinstance(s, str) else [str(x) for x in s]
            t = [t] if isinstance(t, str) else [str(x) for x in t]
            out.append((s, t))
    return out


@lru_cache(maxsize=32)
def _cldr(src: str, tgt: str) -> tuple[tuple[str, str], ...]:
    try:
        from babel import Locale  # as in _known_lang

        ls, lt = Locale.parse(src), Locale.parse(tgt)
    except Exception:  # noqa: BLE001 - a language babel does not know: no CLDR names
        return ()
    out = []
    for table in ("territories", "languages"):
        a, b = getattr(ls, table) or {}, getattr(lt, table) or {}
        for code, name in a.items():
            if code in b and name and b[code] and (table != "territories" or not code.isdigit() or len(code) == 3):
                out.append((name, b[code]))
    return tuple(out)


# --- finding the dictionaries for a pair -------------------------------------------------

def _search_dirs(config: dict) -> tuple[str, ...]:
    """Where installed dictionaries are looked for: TQA_DICTD_PATH (os.pathsep-separated; set
    but empty: nowhere) when set, else lexicons.yaml's `search`."""
    env = os.environ.get("TQA_DICTD_PATH")
    if env is not None:
        return tuple(d for d in env.split(os.pathsep) if d.strip())
    return tuple(str(d) for d in config.get("search") or ())


def _installed(config: dict) -> list[tuple[dict, DictFile]]:
    out = []
    dirs = [Path(d).expanduser() for d in _search_dirs(config)]
    for d in config.get("dictionaries") or ():
        name = str(d.get("name", ""))
        for root in dirs:
            index = root / f"{name}.index"
            if index.is_file():
                try:
                    out.append((d, locate(index)))
                except DataError:
                    pass
                break
    return out


def _sources_for(references, src: str, tgt: str, config: dict, users=()) -> list[_Source]:
    sources: list[_Source] = []
    for u in users:
        langs = u.langs or (src, tgt)
        if langs == (src, tgt) or langs == (tgt, src):
            inv = langs == (tgt, src)
            arrow = f"{langs[0]}→{langs[1]}"
            sources.append(_Source(f"{u.file.name} ({u.file.format}, {arrow}{', inverted' if inv else ''}, --lexicon)",
                                   u.file, "auto", langs, inv))
    for d, df in _installed(config):
        langs = tuple(str(d.get("langs", "")).split("-", 1))
        if len(langs) != 2 or (src, tgt) not in (langs, langs[::-1]):
            continue
        inv = langs == (tgt, src)
        sources.append(_Source(f"{df.name} (dictd, {langs[0]}→{langs[1]}{', inverted' if inv else ''})",
                               df, str(d.get("style") or "auto"), langs, inv))  # type: ignore[arg-type]
    return sources


_LOCK = threading.Lock()
_NO_REFS_CACHE: dict = {}


def lexicon_for(references, src_lang: str | None, tgt_lang: str | None) -> Lexicon:
    """The lexicon for src_lang → tgt_lang, cached per (references, pair). Never raises: with
    no dictionary it is empty but for abbreviations and CLDR names (`available` False)."""
    src, tgt = _base(src_lang), _base(tgt_lang)

    users, problems = _users(references)

    def build() -> Lexicon:
        try:
            config, _ = _config(references)
            sources = _sources_for(references, src, tgt, config, users)
        except Exception:  # noqa: BLE001
            config, sources = {}, []
        extras = []
        if _data_file(references, "abbreviations.yaml") is not None:
            extras.append("abbreviations (references/bilingual/abbreviations.yaml)")
        if _cldr(src, tgt):
            try:
                import babel  # as in _known_lang

                extras.append(f"CLDR territory and language names (babel {babel.__version__})")
            except Exception:  # noqa: BLE001
                pass
        lex = Lexicon(src, tgt, sources, config, tuple(extras), references)
        lex.problems.extend(problems)
        return lex

    key = ("lexicon", src, tgt, tuple((str(u.file.path), u.langs) for u in users), os.environ.get("TQA_DICTD_PATH"))
    with _LOCK:
        if references is None:
            if key not in _NO_REFS_CACHE:
                _NO_REFS_CACHE[key] = build()
            return _NO_REFS_CACHE[key]
        return references.compiled(key, build)
