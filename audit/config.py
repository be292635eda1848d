"""Settings: defaults, then `[tool.tqa]` in pyproject.toml or a tqa.toml, then flags."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from audit.errors import ConfigError
from audit.model import Severity

DEFAULT_WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 25.0}


@dataclass(frozen=True)
class Settings:
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    min_score: float = 95.0
    fail_on: Severity | None = Severity.CRITICAL
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)  # rule code -> Severity override
    references: str | None = None
    glossary: tuple[str, ...] = ()
    source: str | None = None  # where the file settings came from

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


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
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue
    return None


def load_settings(path: Path | None = None, discover: bool = True) -> Settings:
    path = path or (find_config() if discover else None)
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("tqa", {}) if Path(path).name == "pyproject.toml" else data
    return parse_settings(table, str(path))


def parse_settings(table: dict, source: str = "<config>") -> Settings:
    s = Settings(source=source)
    known = {"weights", "min-score", "fail-on", "select", "ignore", "severity", "references", "glossary"}
    unknown = set(table) - known
    if unknown:
        raise ConfigError(f"{source}: unknown setting(s): {', '.join(sorted(unknown))}")
    base = Path(source).parent if source and not source.startswith("<") else Path(".")
    try:
        if "weights" in table:
            w = dict(DEFAULT_WEIGHTS)
            for k, v in table["weights"].items():
                Severity.parse(k)
                w[k.lower()] = float(v)
            s = replace(s, weights=w)
        if "min-score" in table:
            s = replace(s, min_score=float(table["min-score"]))
        if "fail-on" in table:
            s = replace(s, fail_on=parse_fail_on(table["fail-on"]))
        if "select" in table:
            s = replace(s, select=tuple(table["select"]))
        if "ignore" in table:
            s = replace(s, ignore=tuple(table["ignore"]))
        if "severity" in table:
            s = replace(s, severity={str(k).upper(): Severity.parse(v) for k, v in table["severity"].items()})
        if "references" in table:
            s = replace(s, references=str(base / table["references"]))
        if "glossary" in table:
            g = table["glossary"]
            s = replace(s, glossary=tuple(str(base / p) for p in ([g] if isinstance(g, str) else g)))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{source}: {exc}") from None
    return s


def parse_fail_on(value: str | None) -> Severity | None:
    if value is None or str(value).lower() in ("none", "never", "off"):
        return None
    return Severity.parse(value)
