"""Bytes → text: detect the encoding, refuse what is not text, NFC-normalise.

Offsets everywhere else in tqa are offsets into the string this module returns.
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from audit.errors import InputError

MAX_BYTES_DEFAULT = 20 * 1024 * 1024  # raise with --max-bytes / TQA_MAX_BYTES

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Text:
    text: str
    encoding: str


def read_path(path: str | os.PathLike, max_bytes: int | None = None) -> Text:
    p = Path(path)
    limit = max_bytes or int(os.environ.get("TQA_MAX_BYTES", MAX_BYTES_DEFAULT))
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file")
    try:
        size = p.stat().st_size
        if size > limit:
            raise InputError(
                f"{p}: {size} bytes is over the {limit}-byte limit "
                "(raise it with --max-bytes or TQA_MAX_BYTES)"
            )
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from None
    return decode(data, name=str(p))


def decode(data: bytes, name: str = "<input>") -> Text:
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    text, encoding = _decode(data, name)
    text = unicodedata.normalize("NFC", text)
    if not any(ch.isalpha() for ch in text):
        raise InputError(f"{name}: file has no letters, nothing to audit")
    return Text(text=text, encoding=encoding)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "") + "-bom"
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {codec} byte-order mark but is not valid {codec}") from None
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _legacy(data, name)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes, an even length, and a decoding that reads as text."""
    head = data[:8192]
    if len(head) < 4 or len(data) % 2 or b"\x00" not in head:
        return None
    best, best_share = None, 0.9
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            sample = head.decode(codec)
        except UnicodeDecodeError:
            continue
        share = sum(1 for ch in sample if _texty(ch)) / max(1, len(sample))
        if share > best_share:
            best, best_share = codec, share
    return best


def _texty(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LNPZ" or ch in "\t\n\r" or cat == "Sc"


def _legacy(data: bytes, name: str) -> tuple[str, str]:
    """Not UTF-8: let charset-normalizer choose among legacy code pages (cp1251, koi8-r, cp1252…)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: not text in any encoding tqa recognises (binary file?)")
    text = str(best)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > 0.01 * len(text):
        raise InputError(f"{name}: binary file (control characters), not text")
    return text, best.encoding
