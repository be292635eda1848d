"""Glossary entries as plain data and as YAML text in the house style.

The house style is the one of the bundled files: one entry per block, forms on one line as a
flow mapping, variants and wrong renderings as flow lists (one line per language when long),
roles as a block list of flow mappings. Rendering is ours, not a YAML dump of the whole file,
so that writing one entry never reflows the lines a person wrote around it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from typing import Any

from audit.glossary.model import Entry, Role
from audit.translit import latin

ORDER = ("id", "kind", "forms", "variants", "wrong", "roles", "source", "note", "fuzzy")
ROLE_ORDER = ("title", "from", "to", "note")
MAX_LINE = 120

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^,\[\]{}#:]|:(?!\s)|(?<!\s)#)*$")
_PLAIN_BLOCK = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^#:]|:(?!\s)|(?<!\s)#)*$")
_RESERVED = re.compile(
    r"^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+"
    r"|\.inf|\.nan|[-+]?\.inf|\d{4}-\d{2}-\d{2}.*)$",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def entry_to_data(e: Entry) -> dict:
    """The fields tqa keeps, as plain data in house order (fuzzy only where not the default)."""
    data: dict[str, Any] = {"id": e.id, "kind": e.kind, "forms": dict(e.forms)}
    if any(e.variants.values()):
        data["variants"] = {k: list(v) for k, v in e.variants.items() if v}
    if any(e.wrong.values()):
        data["wrong"] = {k: list(v) for k, v in e.wrong.items() if v}
    if e.roles:
        data["roles"] = [role_to_data(r) for r in e.roles]
    if e.source:
        data["source"] = e.source
    if e.note:
        data["note"] = e.note
    if e.fuzzy != (e.kind == "person"):
        data["fuzzy"] = e.fuzzy
    return data


def role_to_data(r: Role) -> dict:
    out = {"title": r.title}
    if r.start:
        out["from"] = r.start
    if r.end:
        out["to"] = r.end
    return out


def plain(node: Any) -> Any:
    """ruamel nodes → dicts, lists, strings (dates as ISO text), keeping key order."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [plain(v) for v in node]
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    return node


def make_id(text: str) -> str:
    """An entry id from a form: "Olaf Scholz" → "olaf-scholz", «Дмитрий Песков» →
    "dmitry-peskov" (ASCII letters only; other scripts romanised by audit.translit.latin)."""
    ascii_ = unicodedata.normalize("NFKD", latin(text).lower()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return slug or "entry-" + hashlib.sha1(text.encode()).hexdigest()[:8]


def same_entry(a: Entry, b: Entry) -> bool:
    """Equal in every field tqa keeps (where it was read from does not count)."""
    return entry_to_data(a) == entry_to_data(b)


# ---------------------------------------------------------------------------------------------
# YAML text


def scalar(value: Any, flow: bool = True, date: bool = False) -> str:
    """A YAML scalar that reads back as exactly `value` (quoted only when it must be).

    `flow`: inside [...] or {...}, where commas and brackets end a plain scalar. `date`: a role
    date, written bare (YAML reads 2015-01-09 as a date, 2015 as a number; the loader takes both)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if date and _DATE.match(text):
        return text
    plain_ok = _PLAIN.match(text) if flow else _PLAIN_BLOCK.match(text)
    if (text and plain_ok and not _RESERVED.match(text) and not text.endswith(":")
            and text == text.strip() and "\n" not in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow_list(items) -> str:
    return "[" + ", ".join(scalar(i) for i in items) + "]"


def _flow_map(d: dict, inner=scalar) -> str:
    return "{" + ", ".join(f"{k}: {inner(v)}" for k, v in d.items()) + "}"


def render_entry(data: dict, indent: str = "") -> str:
    """One entry as a YAML block list item, every line prefixed with `indent`."""
    keys = [k for k in data if k in ORDER] + [k for k in data if k not in ORDER]
    lines: list[str] = []
    for n, key in enumerate(keys):
        value = data[key]
        head = "- " if n == 0 else "  "
        if key in ("variants", "wrong") and isinstance(value, dict):
            one = f"{head}{key}: {_flow_map(value, _flow_list)}"
            if len(indent) + len(one) <= MAX_LINE:
                lines.append(one)
            else:
                lines.append(f"{head}{key}:")
                lines.extend(f"    {lang}: {_flow_list(items)}" for lang, items in value.items())
        elif key == "forms" and isinstance(value, dict):
            lines.append(f"{head}{key}: {_flow_map(value)}")
        elif key == "roles" and isinstance(value, list):
            lines.append(f"{head}{key}:")
            for role in value:
                ordered = {k: role[k] for k in ROLE_ORDER if k in role}
                ordered.update({k: v for k, v in role.items() if k not in ordered})
                lines.append(f"    - {_flow_map(ordered, lambda v: scalar(v, date=True))}")
        elif isinstance(value, (dict, list)):
            body = _flow_map(value) if isinstance(value, dict) else _flow_list(value)
            lines.append(f"{head}{key}: {body}")
        else:
            lines.append(f"{head}{key}: {scalar(value, flow=False)}")
    return "".join(f"{indent}{line}\n" for line in lines)
