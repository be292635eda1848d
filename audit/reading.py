"""Bytes → text: detect the encoding, refuse what is not text, NFC-normalise.

Offsets everywhere else in tqa are offsets into the string this module returns.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from audit.errors import InputError, TqaError

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
    notices: tuple[str, ...] = ()  # what decoding did that a reader should know (stray bytes)


def max_bytes_from_env(default: int = MAX_BYTES_DEFAULT) -> int:
    """TQA_MAX_BYTES, or `default`; a value that is not a whole number of bytes ≥ 1 is a
    one-line usage error (exit 2), never a traceback."""
    raw = os.environ.get("TQA_MAX_BYTES", "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise TqaError(f"TQA_MAX_BYTES={raw!r}: not a whole number of bytes") from None
    if value < 1:
        raise TqaError(f"TQA_MAX_BYTES={raw!r}: must be 1 or more")
    return value


def special_allowed() -> bool:
    """FIFOs, pipes, devices and sockets are read only when TQA_ALLOW_SPECIAL_FILES=1, which
    the commands' --allow-special-files sets (a process substitution `<(cmd)` is a pipe)."""
    return os.environ.get("TQA_ALLOW_SPECIAL_FILES", "").strip().lower() in ("1", "true", "yes", "on")


def file_kind(mode: int) -> str | None:
    """What a non-regular, non-directory file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"


def read_bounded(path: str | os.PathLike, limit: int, allow_special: bool | None = None,
                 error: type[TqaError] = InputError) -> bytes:
    """At most `limit` bytes of `path`, whatever its size claims (/dev/zero, pipes and
    /proc files say 0): one byte more is read to tell it was over, then refused.

    The file is opened without blocking and checked on the open descriptor, so a FIFO
    without a writer cannot hang tqa, and a file swapped for one after a check cannot either.
    Directories, FIFOs, devices and sockets are refused in one line unless `allow_special`
    (default: TQA_ALLOW_SPECIAL_FILES=1)."""
    p = Path(path)
    allow = special_allowed() if allow_special is None else allow_special
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except IsADirectoryError:
        raise error(f"{p}: is a directory, not a file") from None
    except PermissionError:
        raise error(f"{p}: permission denied") from None
    except OSError as exc:  # a socket cannot be opened at all (ENXIO): say what it is
        try:
            kind = file_kind(os.stat(p).st_mode)
        except OSError:
            kind = None
        if kind:
            raise error(f"{p}: is {kind}, not a regular file; refused") from None
        raise error(f"{p}: cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        kind = file_kind(st.st_mode)
        if kind == "a directory":
            raise error(f"{p}: is a directory, not a file")
        if kind and not allow:
            raise error(f"{p}: is {kind}, not a regular file; refused "
                        "(--allow-special-files or TQA_ALLOW_SPECIAL_FILES=1 reads it)")
        if kind == "a FIFO (named pipe)":  # allowed: wait for its writer (without one it reads as empty)
            blocking = os.open(p, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            os.close(fd)
            fd = blocking
        elif kind and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # an allowed pipe or device
        if not kind and st.st_size > limit:
            raise error(f"{p}: {st.st_size} bytes is over the {limit}-byte limit "
                        "(raise it with --max-bytes or TQA_MAX_BYTES)")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise error(f"{p}: more than the {limit}-byte limit "
                        "(raise it with --max-bytes or TQA_MAX_BYTES)")
        return b"".join(chunks)
    except PermissionError:
        raise error(f"{p}: permission denied") from None
    except IsADirectoryError:
        raise error(f"{p}: is a directory, not a file") from None
    except OSError as exc:
        raise error(f"{p}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_path(path: str | os.PathLike, max_bytes: int | None = None, allow_special: bool | None = None) -> Text:
    p = Path(path)
    limit = max_bytes or max_bytes_from_env()
    return decode(read_bounded(p, limit, allow_special), name=str(p))


def decode(data: bytes, name: str = "<input>") -> Text:
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    text, encoding, notices = _decode(data, name)
    text = unicodedata.normalize("NFC", text)
    if not any(ch.isalpha() for ch in text):
        raise InputError(f"{name}: file has no letters, nothing to audit")
    return Text(text=text, encoding=encoding, notices=tuple(notices))


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "") + "-bom", []
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {codec} byte-order mark but is not valid {codec}") from None
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16, []
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared, []
        except (UnicodeDecodeError, LookupError):
            pass
    stray = _stray_bytes(data, name)
    if stray is not None:
        return stray
    text, encoding = _legacy(data, name)
    return text, encoding, []


_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z][A-Za-z0-9._:-]{1,30})""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a file declares near its start (a PO header's Content-Type, an HTML
    <meta charset>, an XML declaration), as a Python codec name; None when none is known."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        codec = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return None if codec in ("utf-8", "ascii") else codec


def transcode_declared(data: bytes) -> bytes:
    """Bytes that are not UTF-8 but declare their charset (a PO file in CP1251 or KOI8-R),
    re-encoded as UTF-8 with the declaration changed to match; anything else unchanged."""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    codec = declared_charset(data)
    if not codec:
        return data
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return data
    head, tail = text[:4096], text[4096:]
    head = re.sub(r"""((?:charset|encoding)\s*=\s*["']?)[A-Za-z][A-Za-z0-9._:-]{1,30}""", r"\1UTF-8", head, count=1, flags=re.I)
    return (head + tail).encode("utf-8")


STRAY_MAX = 8  # more invalid bytes than this and the file is taken to be in a legacy code page


def _stray_bytes(data: bytes, name: str) -> tuple[str, str, list[str]] | None:
    """UTF-8 but for a few stray bytes (a cp1252 quote pasted into a UTF-8 article): stays
    UTF-8, each stray byte read as cp1252 (latin-1 where cp1252 has none), and a notice names
    the lines. A file whose non-UTF-8 bytes are many, or adjacent (a legacy code page's words),
    is left to legacy detection."""
    bad: list[int] = []
    pos = 0
    while len(bad) <= STRAY_MAX:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad.extend(range(pos + exc.start, pos + exc.end))
            pos += exc.end
    if not bad or len(bad) > STRAY_MAX:
        return None
    bad_set = set(bad)
    if any(i + 1 in bad_set and i + 2 in bad_set for i in bad_set):
        return None  # three high bytes side by side: a word in a legacy code page
    valid = sum(1 for ch in data.decode("utf-8", "replace") if ch > "\x7f" and ch != "\ufffd")
    if valid == 0 and any(i + 1 in bad_set for i in bad_set):
        return None  # two side by side and no UTF-8 anywhere: a legacy code page
    out, lines, pos = [], [], 0
    for i in sorted(set(bad)):
        out.append(data[pos:i].decode("utf-8", "replace"))
        byte = data[i:i + 1]
        try:
            ch = byte.decode("cp1252")
        except UnicodeDecodeError:
            ch = byte.decode("latin-1")
        out.append(ch)
        lines.append(data.count(b"\n", 0, i) + 1)
        pos = i + 1
    out.append(data[pos:].decode("utf-8", "replace"))
    where = ", ".join(str(n) for n in sorted(set(lines)))
    notice = (f"{name}: not valid UTF-8 at line{'s' if len(set(lines)) > 1 else ''} {where} "
              f"({len(bad)} stray byte{'s' if len(bad) > 1 else ''}, read as cp1252); the rest is UTF-8")
    return "".join(out), "utf-8", [notice]


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
    from charset_normalizer import from_bytes  # 40 ms to import: only for a legacy code page

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: not text in any encoding tqa recognises (binary file?)")
    text = str(best)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > 0.01 * len(text):
        raise InputError(f"{name}: binary file (control characters), not text")
    return text, best.encoding

