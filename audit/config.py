"""Settings: defaults, then `[tool.tqa]` in pyproject.toml or a tqa.toml, then flags.

Every value remembers where it came from (`Settings.origins`), so `tqa config` can say so.
Paths in the file are relative to the file's directory (the project root) and must stay inside
it unless `allow-outside-paths = true`. Per-path overrides (`[tool.tqa.overrides."glob"]`) and
per-file ignores (`[tool.tqa.per-file-ignores]`) apply to one file through `for_path`.
Rule codes (select, ignore, severity, per-file-ignores) are read here, not judged: this module
knows no rules; the registry checks them (`audit.checks.check_settings`, which the commands'
`audit.cli.common.load_settings` applies to every config they read).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from audit.errors import ConfigError
from audit.model import Severity
from audit.reading import file_kind
from audit.stages.backtranslation import parse_config

DEFAULT_WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 25.0}
# Articles, and the localisation files a team keeps its translations in (audited as bilingual
# files with their sources). Not HTML or tables: in a repository those are more often templates
# and data than translations, so they are named or included on purpose.
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.xlf", "*.xliff", "*.po", "*.tmx")
DEFAULT = "default"
FLAG = "command line"


@dataclass(frozen=True)
class Settings:
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    min_score: float = 95.0
    fail_on: Severity | None = Severity.CRITICAL
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)  # rule code -> Severity override
    references: str | None = None
    glossary: tuple[str, ...] = ()  # replaces the references' glossary
    extend_glossary: tuple[str, ...] = ()  # added to the glossary in force (--extend-glossary)
    glossary_languages: tuple[str, ...] = ()  # `tqa glossary lint`: every entry needs a form in each
    lexicon: tuple[str, ...] = ()  # bilingual dictionaries (dictd/StarDict/TSV), `[SRC-TGT=]PATH` (audit.lexicon)
    source: str | None = None  # where the file settings came from
    lang: str | None = None  # fallback when neither metadata nor the file name tell
    source_lang: str | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE  # which files a directory given to `tqa gate` holds
    exclude: tuple[str, ...] = ()
    fail_on_new: Severity | None = Severity.MAJOR  # with a baseline: any new finding this bad fails
    baseline: str | None = None
    rules_url: str | None = None  # help link template for SARIF, e.g. https://x/rules.md#{code}
    allow_outside_paths: bool = False
    root: str | None = None  # the project root: the config file's directory
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, code prefixes)
    overrides: tuple[tuple[str, dict], ...] = ()  # (glob, parsed fields)
    file_ignores: tuple[str, ...] = ()  # resolved by for_path: prefixes suppressed in this file
    backtranslation: dict = field(default_factory=dict)  # [tool.tqa.backtranslation], see audit.stages.backtranslation
    origins: dict = field(default_factory=dict, compare=False)  # field name -> where it came from

    def with_(self, _origin: str = FLAG, **changes: Any) -> "Settings":
        """Override with the values that are not None (flags), remembering where they came from."""
        changes = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **changes, origins={**self.origins, **{k: _origin for k in changes}})

    def origin(self, name: str) -> str:
        return self.origins.get(name, DEFAULT)

    def relpath(self, path: str | os.PathLike) -> str:
        """`path` relative to the project root (or the current directory), with `/`. On strings:
        the gate asks it three times per file, and pathlib's parsing was 0.02 s of its start."""
        base, resolved = _bases(self.root or None, os.getcwd())
        p = os.path.abspath(path)
        if p == resolved:
            return "."
        head = resolved if resolved.endswith(os.sep) else resolved + os.sep
        rel = p[len(head):] if p.startswith(head) else os.path.relpath(p, base)
        return rel.replace(os.sep, "/") if os.sep != "/" else rel

    def for_path(self, path: str | os.PathLike) -> "Settings":
        """The settings for one file: matching overrides in order, then its per-file ignores."""
        rel = self.relpath(path)
        s = self
        for pattern, fields in self.overrides:
            fields = {k: v for k, v in fields.items() if self.origins.get(k) != FLAG}  # flags win
            if fields and glob_match(pattern, rel):
                where = f"{self.source}: overrides {pattern!r}"
                s = replace(s, **fields, origins={**s.origins, **{k: where for k in fields}})
        ignores = tuple(c for pattern, codes in self.per_file_ignores if glob_match(pattern, rel) for c in codes)
        if ignores:
            s = replace(s, file_ignores=ignores, origins={**s.origins, "file_ignores": f"{self.source}: per-file-ignores"})
        return s

    def is_included(self, path: str | os.PathLike) -> bool:
        rel = self.relpath(path)
        return any(glob_match(p, rel) for p in self.include) and not self.is_excluded(path)

    def is_excluded(self, path: str | os.PathLike) -> bool:
        rel = self.relpath(path)
        return any(glob_match(p, rel) for p in self.exclude)


@lru_cache(maxsize=64)
def _bases(root: str | None, cwd: str) -> tuple[str, str]:
    """The root (or `cwd`) as given and resolved (absolute, normalised): resolving walks the
    path's links, a stat per component, and the gate asked it three times per file (0.08 s of
    its serial part for 200)."""
    base = Path(root) if root else Path(cwd)
    return str(base), str(base.resolve() if base.exists() else Path(os.path.abspath(base)))


# --- globs -----------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern:
    """gitignore-like: `*` within a name, `**` across directories; no `/` → match the name."""
    pat = pattern.strip()
    while pat.startswith("./"):
        pat = pat[2:]
    if "/" not in pat.rstrip("/"):
        pat = "**/" + pat
    if pat.endswith("/"):
        pat += "**"
    out, i = [], 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        elif pat[i] == "[" and "]" in pat[i + 1 :]:
            j = pat.index("]", i + 1)
            body = pat[i + 1 : j].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = j + 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    # A `*` followed by fixed-width parts (letters, `?`, a class) takes the first place they
    # fit, atomically, as fnmatch does: plain `[^/]*` backtracked exponentially in the stars
    # (`*a*a*a*a*a*a*a*a*b` against 40 a's: 10 s).
    atomic, i = [], 0
    while i < len(out):
        j = i + 1
        while out[i] == "[^/]*" and j < len(out) and out[j] not in ("[^/]*", ".*", "(?:.*/)?"):
            j += 1
        # (not the last: it must end where the name ends, so it stays greedy, one star: linear)
        atomic.append(f"(?>[^/]*?{''.join(out[i + 1:j])})" if i + 1 < j < len(out) else "".join(out[i:j]))
        i = j
    out = atomic
    # a pattern naming a directory matches everything below it too
    try:
        return re.compile("".join(out) + "(?:/.*)?")
    except re.error as exc:  # a class such as [z-a]
        raise ConfigError(f"glob {pattern!r}: {exc.msg}") from None


def glob_match(pattern: str, relpath: str) -> bool:
    return _glob_regex(pattern).fullmatch(relpath) is not None


# --- reading the file ------------------------------------------------------------------------


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "tqa.toml").is_file():
            return d / "tqa.toml"
        pp = d / "pyproject.toml"
        if pp.is_file():
            try:
                if "tqa" in tomllib.loads(pp.read_text(encoding="utf-8")).get("tool", {}):
                    return pp
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError, RecursionError):
                continue
    return None


def load_settings(path: Path | None = None, discover: bool = True) -> Settings:
    path = path or (find_config() if discover else None)
    if path is None:
        return Settings()
    try:
        if Path(path).exists() and not Path(path).is_file() and not Path(path).is_dir():  # a FIFO would hang
            raise ConfigError(f"{path}: is {file_kind(Path(path).stat().st_mode)}, not a config file")
        raw = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(raw)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a config file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    except OSError as exc:  # permission denied, a FIFO's EIO...
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    is_pyproject = Path(path).name == "pyproject.toml"
    table = data.get("tool", {}).get("tqa", {}) if is_pyproject else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.tqa] must be a table")
    return parse_settings(table, str(path), raw, "[tool.tqa]" if is_pyproject else None)


# TOML key -> Settings field, for keys allowed at the top level and inside overrides.
_SCALAR_KEYS = {
    "weights": "weights",
    "min-score": "min_score",
    "fail-on": "fail_on",
    "fail-on-new": "fail_on_new",
    "select": "select",
    "ignore": "ignore",
    "severity": "severity",
    "lang": "lang",
    "source-lang": "source_lang",
}
TOP_KEYS = {
    **_SCALAR_KEYS,
    "references": "references",
    "glossary": "glossary",
    "extend-glossary": "extend_glossary",
    "glossary-languages": "glossary_languages",
    "lexicon": "lexicon",
    "include": "include",
    "exclude": "exclude",
    "baseline": "baseline",
    "rules-url": "rules_url",
    "allow-outside-paths": "allow_outside_paths",
    "per-file-ignores": "per_file_ignores",
    "overrides": "overrides",
    "backtranslation": "backtranslation",
}


def parse_settings(table: dict, source: str = "<config>", raw: str = "", header: str | None = None) -> Settings:
    unknown = set(table) - set(TOP_KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown setting(s): {', '.join(sorted(unknown))} (known: {', '.join(TOP_KEYS)})")
    from_file = source and not source.startswith("<")
    base = Path(source).resolve().parent if from_file else Path.cwd()
    allow = table.get("allow-outside-paths", False)
    if not isinstance(allow, bool):
        raise ConfigError(f"{source}: allow-outside-paths must be true or false")
    fields: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, value in table.items():
        name = TOP_KEYS[key]
        where = f"{source}:{_line_of(raw, key, header)}" if raw else source
        try:
            if key in _SCALAR_KEYS:
                fields[name] = _parse_scalar(key, value)
            elif key == "references":
                fields[name] = _inside(value, base, allow, key, source)
            elif key in ("glossary", "extend-glossary"):
                fields[name] = tuple(_inside(g, base, allow, key, source) for g in _str_list(value, key))
            elif key == "baseline":
                fields[name] = _inside(value, base, allow, key, source)
            elif key == "lexicon":  # "PATH" or "SRC-TGT=PATH"
                fields[name] = tuple((m.group(1) or "") + _inside(m.group(2), base, allow, key, source)
                                     for m in (re.match(r"([A-Za-z]{2,3}-[A-Za-z]{2,3}=)?(.+)", v, re.S)
                                               for v in _str_list(value, key)))
            elif key in ("include", "exclude", "glossary-languages"):
                fields[name] = _str_list(value, key)
            elif key == "rules-url":
                fields[name] = _str(value, key)
            elif key == "allow-outside-paths":
                fields[name] = value
            elif key == "per-file-ignores":
                fields[name] = _per_file_ignores(value)
            elif key == "overrides":
                fields[name] = _overrides(value)
            elif key == "backtranslation":
                fields[name] = parse_config(value, base)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        except (ValueError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{where}: {key}: {exc}") from None
        origins[name] = where
    return Settings(source=source, root=str(base), origins=origins, **fields)


def _parse_scalar(key: str, value: Any) -> Any:
    if key == "weights":
        if not isinstance(value, dict):
            raise ConfigError("weights must be a table, e.g. {minor = 1, major = 5, critical = 25}")
        w = dict(DEFAULT_WEIGHTS)
        for k, v in value.items():
            w[Severity.parse(k).label] = _number(v, f"weights.{k}")
            if w[Severity.parse(k).label] < 0:
                raise ConfigError(f"weights.{k} must be 0 or more, got {v!r}")
        return w
    if key == "min-score":
        score = _number(value, key)
        if not 0 <= score <= 100:
            raise ConfigError(f"min-score must be between 0 and 100, got {score:g}")
        return score
    if key in ("fail-on", "fail-on-new"):
        return parse_fail_on(_str(value, key))
    if key in ("select", "ignore"):
        return tuple(c.strip().upper() for c in _str_list(value, key))
    if key == "severity":
        if not isinstance(value, dict):
            raise ConfigError("severity must be a table of rule code = severity, e.g. {PHRASE001 = \"major\"}")
        return {str(c).upper(): Severity.parse(v) for c, v in value.items()}
    if key in ("lang", "source-lang"):
        code = _str(value, key).strip()
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", code):
            raise ConfigError(f"{key} must be a language code such as 'en', got {code!r}")
        return code
    raise AssertionError(key)


def _per_file_ignores(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError('per-file-ignores must be a table of "glob" = ["CODE", ...]')
    return tuple((str(g), tuple(c.upper() for c in _str_list(v, f"per-file-ignores.{g}"))) for g, v in value.items())


def _overrides(value: Any) -> tuple[tuple[str, dict], ...]:
    if not isinstance(value, dict):
        raise ConfigError('overrides must be a table of "glob" = { setting = value, ... }')
    out = []
    for pattern, table in value.items():
        if not isinstance(table, dict):
            raise ConfigError(f"overrides.{pattern!r} must be a table")
        bad = set(table) - set(_SCALAR_KEYS)
        if bad:
            raise ConfigError(f"overrides.{pattern!r}: cannot override {', '.join(sorted(bad))} per path "
                              f"(allowed: {', '.join(_SCALAR_KEYS)})")
        out.append((str(pattern), {_SCALAR_KEYS[k]: _parse_scalar(k, v) for k, v in table.items()}))
    return tuple(out)


def _inside(value: Any, base: Path, allow: bool, key: str, source: str) -> str:
    """Resolve a path from the config against its directory; refuse one outside the project."""
    text = _str(value, key)
    resolved = (base / os.path.expanduser(text)).resolve()
    if not allow and not resolved.is_relative_to(base):
        raise ConfigError(f"{key} = {text!r} resolves to {resolved}, outside the project {base} "
                          "(set allow-outside-paths = true to allow it)")
    return str(resolved)


def _str(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be a non-empty string, got {value!r}")
    return value


def _str_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{key} must be a string or a list of strings, got {value!r}")
    return tuple(value)


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{key} must be a number, got {value!r}")
    if value != value or value in (float("inf"), float("-inf")):  # nan, inf: scores above 100, NaN JSON
        raise ConfigError(f"{key} must be a finite number, got {value!r}")
    return float(value)


def _line_of(raw: str, key: str, header: str | None) -> int | str:
    """Best-effort line number of `key = ...` or `[...key...]` (after `header`), for messages."""
    lines = raw.splitlines()
    start = next((i for i, line in enumerate(lines) if header and line.strip() == header), 0)
    pat = re.compile(rf"^\s*\[?(tool\.tqa\.)?[\"']?{re.escape(key)}[\"']?\s*[=\].]")
    for i in range(start, len(lines)):
        if pat.match(lines[i]):
            return i + 1
    return "?"


def parse_fail_on(value: str | None) -> Severity | None:
    if value is None or str(value).strip().lower() in ("none", "never", "off"):
        return None
    try:
        return Severity.parse(value)
    except ValueError:
        names = ", ".join(s.label for s in Severity)
        raise ValueError(f"unknown severity {value!r} (expected one of: {names}, none)") from None
