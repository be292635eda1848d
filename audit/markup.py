"""Markup → analysable text of the same length, so offsets need no map back.

HTML and Markdown inputs are audited on their words, not their tags. Instead of stripping
markup (and keeping an offset map), every markup character is replaced by a space, or a
newline where the markup breaks a paragraph, and an entity by its character followed by
spaces. The analysed text is exactly as long as the input, so a finding at `[start, end)` of
the analysed text is at `[start, end)` of the file too.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown", ".markdown": "markdown"}

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
# Tag bodies stop at the next "<" as well as at ">": a scan from each "<" then ends at the next one,
# so hostile input ("<a<a<a…", "[[[…", "*a *a *a…") costs linear time, not quadratic (issue 8).
_INVISIBLE = re.compile(r"<(script|style|noscript|template|head)\b[^<>]*>.*?(?:</\1\s*>|$)", re.DOTALL | re.IGNORECASE)
_BLOCK = r"(?:p|div|br|hr|h[1-6]|li|ul|ol|tr|td|th|table|section|article|header|footer|nav|aside|blockquote|figure|figcaption|main|pre|dd|dt|dl|title|body|html)"
_BLOCK_TAG = re.compile(rf"</?{_BLOCK}\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*\?>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def format_of(path: str | Path, override: str | None = None) -> str:
    if override:
        return override
    return FORMATS.get(Path(str(path)).suffix.lower(), "text")


def _blank(m: re.Match) -> str:
    return "".join(c if c in "\n\r" else " " for c in m.group())


def _break(m: re.Match) -> str:
    """Markup that ends a block: a paragraph break where there is room, spaces elsewhere."""
    s = m.group()
    if "\n" in s or len(s) < 2:
        return _blank(m)
    return "\n\n" + " " * (len(s) - 2)


def _entity(m: re.Match) -> str:
    s = m.group()
    ch = html.unescape(s)
    if len(ch) != 1 or ch == s:
        return s
    if ch in "\u00ad\u200b":  # soft hyphen, zero-width space: nothing
        return " " * len(s)
    if ch == "\u00a0":
        ch = " "
    return ch + " " * (len(s) - 1)


def blank_comments(text: str) -> str:
    """HTML comments (tqa-ignore markers among them) are never content, in any format."""
    return _COMMENT.sub(_blank, text) if "<!--" in text else text


def blank_html(text: str) -> str:
    text = _COMMENT.sub(_blank, text)
    text = _INVISIBLE.sub(_blank, text)
    text = _BLOCK_TAG.sub(_break, text)
    text = _TAG.sub(_blank, text)
    return _ENTITY.sub(_entity, text)


_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.DOTALL | re.MULTILINE)
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)", re.MULTILINE)
_URL = r"\((?:[^()\n]|\([^()\n]*\))*\)"  # one level of parentheses inside: (…/NATO_(disambiguation))
_IMAGE = re.compile(rf"!\[[^\[\]\n]*\]{_URL}")
_LINK = re.compile(rf"\[([^\[\]\n]+)\]{_URL}|\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_REFDEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<![\w*_`])(\*{1,3}|_{1,3}|~~|`)(?=\S)((?:(?!\1).)+?)(?<=\S)\1(?![\w*_`])")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$", re.MULTILINE)


def _link(m: re.Match) -> str:
    label_group = 1 if m.group(1) is not None else 2
    start, end = m.span(label_group)
    s = m.group()
    a, b = start - m.start(), end - m.start()
    return " " * a + s[a:b] + " " * (len(s) - b)


def _emphasis(m: re.Match) -> str:
    marks = len(m.group(1))
    inner = m.group(2)
    return " " * marks + inner + " " * marks


def blank_markdown(text: str) -> str:
    text = blank_html(text)  # inline HTML and comments
    text = _FENCE.sub(_blank, text)
    text = _REFDEF.sub(_blank, text)
    text = _RULE.sub(_blank, text)
    text = _IMAGE.sub(_blank, text)
    text = _LINK.sub(_link, text)
    text = _HEADING.sub(_blank, text)
    for _ in range(2):  # nested emphasis: ***a*** or **a _b_**
        text = _EMPHASIS.sub(_emphasis, text)
    return text


def analysable(text: str, fmt: str) -> str:
    if fmt == "html":
        out = blank_html(text)
    elif fmt == "markdown":
        out = blank_markdown(text)
    else:
        out = blank_comments(text)
    assert len(out) == len(text)
    return out
