"""Compiling a dictionary into two lookup tables, and caching them on disk.

A dictionary written A→B gives pairs (A phrase, B translation). It is compiled once into
`head` (keys: the A phrase's lemma keys → B phrases) and `trans` (keys: each B translation's
lemma keys → A phrases): the same file serves A→B directly and B→A inverted.

Keys: a phrase's words, each replaced by one of its lemmas (audit/lexicon/lemmas.py), joined
by one space; every combination is a key (capped), so a lookup is a dict hit for whichever
reading the text has. Values: the phrase in citation form, lower-case, word by word (Russian
words through pymorphy3's normal form), joined by one space.

Store: `<cache dir>/lexicon/NAME-HASH.sqlite` (cache dir: TQA_CACHE_DIR, else
$XDG_CACHE_HOME/tqa, else ~/.cache/tqa), one SQLite file per dictionary with the tables
`head` and `trans` (key TEXT PRIMARY KEY, the phrases joined by U+001F; WITHOUT ROWID) and
`meta` (the format, written last). A process opens it read-only (`mode=ro&immutable=1`) and
reads only the keys it looks up, the recent ones memoised: nothing is loaded whole, so the
first lookup costs the lemmatisers' start-up, not the dictionary's size. HASH over the
dictionary files' paths, sizes and mtimes, its style and languages, the placeholder/gloss
data, tqa's version, the lemmatisers' versions, this format's version and Python's. Built
under a file lock (parallel workers wait for one builder), in one transaction into a
temporary file, then renamed (atomic); a file that does not open as a complete store of
this format is rebuilt silently; older files of the same dictionary are removed when a new
one is written.
"""

from __future__ import annotations

import array
import hashlib
import itertools
import marshal
import os
import sys
import tempfile
import threading
from bisect import bisect_left
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import audit
from audit.cachedir import cache_dir, sqlite
from audit.errors import TqaError
from audit.fsutil import write_atomic
from audit.wordcounts import fingerprint
import audit.lexicon.articles as art
from audit.lexicon.lemmas import aspect_partners, canonical, function_word, lemma_set, spelling_variants, versions, words
from audit.lexicon.readers import DictFile, dictd_articles, stardict_articles, tsv_pairs

if TYPE_CHECKING:
    import sqlite3

FORMAT = 10  # bump when what is stored changes
PREFIXES_FORMAT = 1  # bump when what `<store>.prefixes` holds changes
_MAX_KEYS = 32


def engine_for(lang: str, config: dict) -> str:
    return (config.get("lemmatisers") or {}).get(lang, "simplemma")


def phrase_keys(text: str, lang: str, engine: str, cap: int = _MAX_KEYS, stored: bool = False,
                aspect: tuple[tuple[str, str], ...] = (), spelling: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """Every key a phrase can be looked up by: one lemma per word, all combinations (at most
    `cap`; beyond that the words' own forms and first lemmas only)."""
    ws = words(text)
    if not ws:
        return []
    alts = [_word_alts(w, lang, engine, stored, aspect, spelling) for w in ws]
    n = 1
    for a in alts:
        n *= len(a)
    if n > cap:
        alts = [sorted(a, key=lambda x: (x != w.lower(), x))[:2] for a, w in zip(alts, ws)]
        keys = [" ".join(c) for c in itertools.islice(itertools.product(*alts), cap)]
    else:
        keys = [" ".join(c) for c in itertools.product(*alts)]
    return keys


def loose_key(key: str) -> str | None:
    """The order-free form of a multi-word key ("римский папа" = "папа римский"): looked up
    only when the phrase as written finds nothing."""
    ws = key.split(" ")
    return "~" + " ".join(sorted(ws)) if len(ws) > 1 else None


def _word_alts(w: str, lang: str, engine: str, stored: bool = False,
               aspect: tuple[tuple[str, str], ...] = (), spelling: tuple[tuple[str, str], ...] = ()) -> tuple[str, ...]:
    out = set(lemma_set(w, lang, engine, stored))
    if "-" in w.strip("-"):  # военно-морской / военноморской, e-mail / email: either spelling
        out.update({x.replace("-", "") for x in out} | lemma_set(w.replace("-", ""), lang, engine, stored))
    if spelling and not stored:  # stored forms stay as written; a lookup tries the other spellings
        for x in list(out):
            out.update(spelling_variants(x, spelling))
    if aspect and engine == "pymorphy3":
        for lem in list(out):
            out.update(aspect_partners(lem, lang, aspect))
    # elision (l'Union, dell'Europa): the word after the apostrophe too
    for ap in ("'", "’"):
        if ap in w:
            head, _, rest = w.partition(ap)
            if len(head) <= 4 and rest:
                out.update(lemma_set(rest, lang, engine, stored))
    return tuple(sorted(out))


def phrase_value(text: str, lang: str, engine: str) -> str:
    return " ".join(canonical(w, lang, engine) for w in words(text))


def cleaner(config: dict, lang: str, style: str) -> art.Cleaner:
    """The item cleaner for translations in `lang` written in `style`."""
    ph = (config.get("placeholders") or {}).get(lang) or ()
    gl = (config.get("glosses") or {}).get(lang) or ()
    rare = (config.get("rare_labels") or {}).get(style) or ()
    fw = (lambda w: function_word(w, lang)) if engine_for(lang, config) == "pymorphy3" else None
    return art.Cleaner(ph, dotted_is_gloss=style == "mueller", glosses=gl, rare_labels=rare, function_word=fw)


def entries(df: DictFile, style: str, config: dict, lang: str) -> Iterator[tuple[str, list[str]]]:
    """(headword, translations in `lang`) per article."""
    if df.format == "tsv":
        yield from tsv_pairs(df.path)
        return
    items = dictd_articles(df) if df.format == "dictd" else stardict_articles(df)
    if style in ("", "auto"):
        items = list(items)
        style = art.sniff_style([a for _, a in items[:400]])
    clean = cleaner(config, lang, style)
    for head, article in items:
        head = _headword(head, article, style)
        yield head, art.translations(article, style, clean, head)


def _headword(indexed: str, article: str, style: str) -> str:
    first = article.split("\n", 1)[0].strip()
    if style == "mueller" and first.lower() == indexed.lower():
        return first  # the article keeps the headword's case (China, Venus)
    if style == "freedict":
        cand = first.split(" /", 1)[0].split(" <", 1)[0].strip()
        if cand and cand.lower().replace(" ", "") .startswith(indexed.lower().replace(" ", "")[:3]):
            return cand
    return indexed


def compile_pairs(pairs: Iterable[tuple[str, list[str]]], a: str, b: str, config: dict) -> dict:
    ea, eb = engine_for(a, config), engine_for(b, config)
    head: dict[str, set[str]] = {}
    trans: dict[str, set[str]] = {}
    seen: dict[str, tuple[str, tuple[str, ...]]] = {}  # a translation's value and keys, once per distinct text

    def keyed(text: str, lang: str, engine: str) -> tuple[str, tuple[str, ...]]:
        got = seen.get(text) if lang == b else None
        if got is None:
            v = phrase_value(text, lang, engine)
            ks = phrase_keys(text, lang, engine, stored=True) if v else []
            got = (v, tuple(x for k in ks for x in (k, loose_key(k)) if x))
            if lang == b:
                seen[text] = got
        return got

    for hw, tr in pairs:
        if not tr:
            continue
        hv, hkeys = keyed(hw, a, ea)
        if not hv:
            continue
        for t in tr:
            tv, tkeys = keyed(t, b, eb)
            if not tv:
                continue
            for k in hkeys:
                head.setdefault(k, set()).add(tv)
            for k in tkeys:
                trans.setdefault(k, set()).add(hv)
    return {"head": {sys.intern(k): tuple(sys.intern(x) for x in sorted(v)) for k, v in head.items()},
            "trans": {sys.intern(k): tuple(sys.intern(x) for x in sorted(v)) for k, v in trans.items()}}


def cache_root() -> Path:
    return cache_dir() / "lexicon"


def cache_key(df: DictFile, style: str, a: str, b: str, config: dict) -> str:
    h = hashlib.sha256()
    for f in df.files:
        st = f.stat()
        h.update(f"{f.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    extra = repr((style, a, b, FORMAT, audit.__version__, versions(), sys.version_info[:2],
                  sorted((config.get("placeholders") or {}).items()), sorted((config.get("glosses") or {}).items()),
                  sorted((config.get("rare_labels") or {}).items()),
                  sorted((config.get("lemmatisers") or {}).items())))
    h.update(extra.encode())
    return h.hexdigest()[:16]


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:60]


def load_compiled(df: DictFile, style: str, a: str, b: str, config: dict, use_cache: bool = True) -> dict:
    """The compiled tables of one dictionary ({"head": table, "trans": table}, each answering
    `.get(key)` with a tuple of phrases or None): from the on-disk store when it is current,
    read lazily key by key; built (once, under a file lock) when it is not."""
    if not use_cache:
        return compile_pairs(entries(df, style, config, b), a, b, config)
    key = cache_key(df, style, a, b, config)
    path = cache_root() / f"{_safe(df.name)}-{key}{SUFFIX}"
    data = _open(path)
    if data is not None:
        return data
    lock = _lock(path)
    try:
        if lock is not None:  # parallel workers (tqa gate -j N): one builds, the others wait and read
            try:
                lock.acquire(timeout=900)
            except Exception:  # noqa: BLE001 - cannot lock (read-only cache, timeout): build anyway
                lock = None
            data = _open(path)
            if data is not None:
                return data
        if sys.stderr is not None and sys.stderr.isatty():  # the first run waits: say why, once
            print(f"tqa: indexing the dictionary {df.name} for the bilingual lexicon (once; cached in {path.parent})",
                  file=sys.stderr, flush=True)
        data = compile_pairs(entries(df, style, config, b), a, b, config)
        if _write(path, data, f"{_safe(df.name)}-"):
            stored = _open(path)
            if stored is not None:
                return stored  # the dicts are let go: this process, too, reads lazily from now on
        return data
    finally:
        if lock is not None and lock.is_locked:
            lock.release()


SUFFIX = ".sqlite"
_SEP = "\x1f"  # between the phrases of one value (a phrase never holds a control character)
_LRU = 8192  # repeated keys (the same word looked up again) stay in memory


def prefix(key: str) -> str:
    """A key's first two words (a loose key's with its "~"): what `StoredTable` asks before
    reading a key of two words or more."""
    first = key.find(" ")
    cut = key.find(" ", first + 1) if first >= 0 else -1
    return key if cut < 0 else key[:cut]


_PRINT = "I" if array.array("I").itemsize >= 4 else "L"  # an array of unsigned 32-bit fingerprints


class Prefixes:
    """The fingerprints (CRC-32) of a table's key prefixes, sorted: `prefix in prefixes` is a
    bisection. A set of the 87,000 prefixes themselves took 30 ms to read back, a tenth of an
    audit of one bilingual file; these are 350 kB read in one piece. Two prefixes with one
    fingerprint (one in 50,000 at this size) only cost a read that finds nothing."""

    __slots__ = ("_prints",)

    def __init__(self, prints: array.array):
        self._prints = prints

    @classmethod
    def of(cls, prefixes: Iterable[str]) -> "Prefixes":
        return cls(array.array(_PRINT, sorted({fingerprint(p) for p in prefixes})))

    def __contains__(self, text: str) -> bool:
        fp = fingerprint(text)
        prints = self._prints
        i = bisect_left(prints, fp)
        return i < len(prints) and prints[i] == fp


class StoredTable:
    """One table of the store: `get(key)` is one indexed read (a B-tree descent in a file the
    OS caches), the answers of recent keys kept in memory. A key of two words or more is read
    only when some stored key starts with its first two words (`Prefixes`, derived from the
    store once per machine): an aligner asks the lexicon for every phrase of up to three words
    in every reading, as written and in any order, and 97% of those reads found nothing
    (230,000 reads for 50 news articles, an eighth of the bilingual gate's time)."""

    __slots__ = ("_db", "_name", "_sql", "_memo", "_prefixes")

    def __init__(self, db: "_Store", name: str):
        self._db, self._name = db, name
        self._sql = f"SELECT v FROM {name} WHERE k = ?"
        # an OrderedDict: dropping the oldest key from a plain dict (`next(iter(d))`) walks over
        # the holes earlier drops left, 3.5 µs a miss, a twentieth of a bilingual audit
        self._memo: OrderedDict[str, tuple[str, ...] | None] = OrderedDict()
        self._prefixes: Prefixes | None | bool = False  # False: not read yet; None: none to ask

    def get(self, key: str, default=None):
        if " " in key:
            if self._prefixes is False:
                self._prefixes = self._db.prefixes(self._name)
            if self._prefixes is not None and prefix(key) not in self._prefixes:
                return default
        memo = self._memo
        if key in memo:
            hit = memo[key]
        else:
            row = self._db.one(self._sql, key)
            hit = tuple(row.split(_SEP)) if row else None
            if len(memo) >= _LRU:
                try:
                    memo.popitem(last=False)  # the oldest first
                except KeyError:  # another thread got there first
                    pass
            memo[key] = hit
        return default if hit is None else hit

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return self._db.count(self._name)

    def items(self):
        return self._db.items(self._name)


class _Store:
    """A read-only connection to one store file, reopened after a fork (a worker process
    never shares its parent's SQLite handle)."""

    def __init__(self, path: Path):
        self.path = path
        self._pid = -1
        self._con: sqlite3.Connection | None = None
        self._guard = threading.Lock()
        self._prefix_sets: dict[str, Prefixes] | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            self._con = sqlite().connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._con

    def one(self, sql: str, key: str) -> str | None:
        try:
            with self._guard:
                row = self._connect().execute(sql, (key,)).fetchone()
        except sqlite().Error:
            return None  # the file went away or broke under us: no answer, never an exception
        return row[0] if row else None

    def prefixes(self, name: str) -> Prefixes | None:
        """The prefixes (`prefix`) of the keys of two words or more in table `name`: from
        `<store>.prefixes`, derived from the store and written there once per machine (0.2 s
        for 100,000 keys; a side file, so that the stores built before it serve as they are:
        building one anew takes up to half an hour). None when the store cannot be read:
        nothing is filtered."""
        with self._guard:
            if self._prefix_sets is None:
                self._prefix_sets = self._read_prefixes()
        return self._prefix_sets.get(name)

    def _read_prefixes(self) -> dict[str, Prefixes]:
        side = self.path.with_name(self.path.name + ".prefixes")
        try:
            st = self.path.stat()
        except OSError:
            return {}
        stamp = (PREFIXES_FORMAT, sys.byteorder, array.array(_PRINT).itemsize, st.st_size, st.st_mtime_ns)
        try:
            got = marshal.loads(side.read_bytes())
            if isinstance(got, tuple) and len(got) == 2 and got[0] == stamp and isinstance(got[1], dict):
                out = {}
                for name, raw in got[1].items():
                    prints = array.array(_PRINT)
                    prints.frombytes(raw)
                    out[name] = Prefixes(prints)
                return out
        except (OSError, ValueError, EOFError, TypeError):
            pass
        try:
            con = self._connect()
            found = {name: Prefixes.of(prefix(k) for (k,) in con.execute(f"SELECT k FROM {name} WHERE instr(k, ' ') > 0"))
                     for name in ("head", "trans")}
        except sqlite().Error:
            return {}
        try:
            write_atomic(side, marshal.dumps((stamp, {k: v._prints.tobytes() for k, v in found.items()})))
        except (OSError, TqaError):  # a cache that cannot be written: derived again next time
            pass
        return found

    def count(self, name: str) -> int:
        with self._guard:
            return self._connect().execute(f"SELECT count(*) FROM {name}").fetchone()[0]

    def items(self, name: str):
        with self._guard:
            rows = self._connect().execute(f"SELECT k, v FROM {name}").fetchall()
        return [(k, tuple(v.split(_SEP))) for k, v in rows]


def _open(path: Path) -> dict | None:
    """The store at `path` when it is complete and of this format; None (rebuild) otherwise."""
    if not path.is_file():
        return None
    store = _Store(path)
    try:
        with store._guard:
            row = store._connect().execute("SELECT v FROM meta WHERE k = 'format'").fetchone()
    except (sqlite().Error, OSError, ValueError):
        return None  # not a database, truncated, or another layout: rebuilt
    if not row or row[0] != str(FORMAT):
        return None
    return {"head": StoredTable(store, "head"), "trans": StoredTable(store, "trans")}


def _lock(path: Path):
    try:
        from filelock import FileLock  # imports asyncio (~20 ms): only a build locks

        path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(path) + ".lock")
    except Exception:  # noqa: BLE001 - no lock: each process builds its own
        return None


def _write(path: Path, data: dict, prefix: str) -> bool:
    """The tables into a temporary SQLite file in one transaction, then renamed over `path`
    (atomic); older stores (and marshal blobs) of the same dictionary removed. A cache that
    cannot be written is not an error (False: the next run rebuilds)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            con = sqlite().connect(tmp, isolation_level=None)
            try:
                con.execute("PRAGMA journal_mode = OFF")
                con.execute("PRAGMA synchronous = OFF")
                con.execute("PRAGMA page_size = 4096")
                con.execute("BEGIN")
                con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
                for name in ("head", "trans"):
                    con.execute(f"CREATE TABLE {name} (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
                    con.executemany(f"INSERT INTO {name} VALUES (?, ?)",
                                    ((k, _SEP.join(v)) for k, v in sorted(data[name].items())))
                con.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))  # last: marks it complete
                con.execute("COMMIT")
            finally:
                con.close()
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        for old in list(path.parent.glob(f"{prefix}*.marshal")) + list(path.parent.glob(f"{prefix}*{SUFFIX}")):
            if old != path and old.name[len(prefix):].count("-") == 0:
                try:
                    old.unlink()
                except OSError:
                    pass
        return True
    except (OSError, sqlite().Error):
        return False
