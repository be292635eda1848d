"""Where tqa keeps what it derives, per user: `TQA_CACHE_DIR`, else `$XDG_CACHE_HOME/tqa`, else
`~/.cache/tqa` (`~/Library/Caches/tqa` on macOS, `%LOCALAPPDATA%\\tqa\\Cache` on Windows).

A module of its own, importing nothing heavy: the package's first lines read it
(audit/codecache.py), before anything else is loaded."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path:
    if os.environ.get("TQA_CACHE_DIR"):
        return Path(os.environ["TQA_CACHE_DIR"]).expanduser()
    if sys.platform == "darwin":
        return Path("~/Library/Caches/tqa").expanduser()
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "tqa" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser() / "tqa"


def caching_off() -> bool:
    """`TQA_DATA_CACHE=0` (or off, no, false): parsed data files (audit/yamlio.py) and compiled
    dataclass methods (audit/codecache.py) are neither read from nor written to disk."""
    return os.environ.get("TQA_DATA_CACHE", "1").strip().lower() in ("0", "off", "no", "false")


def sqlite():
    """The sqlite3 module, imported when a cache database is first opened (6 ms with its C
    library): the translation cache when a model runs, a dictionary's store when a source is
    audited; not by every audit, which imports both modules."""
    import sqlite3

    return sqlite3
