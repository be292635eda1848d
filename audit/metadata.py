"""An article's metadata file (`article.meta.yaml`): what its keys may hold."""

from __future__ import annotations

import datetime as dt
import re

from audit import yamlio
from audit.dates import date_problem
from audit.errors import DataError


def check_metadata(meta: dict, path, node=None) -> None:
    """`lang` and `source_lang` are language codes, `date` a YYYY, YYYY-MM or YYYY-MM-DD
    calendar date; anything else is a one-line DataError naming the file, the line and the
    key (a number or a list there crashed the audit, and `date: yesterday` was compared as
    text)."""

    def line(key):
        return yamlio.line_of(node, key) if node is not None else None

    for key in ("lang", "source_lang"):
        value = meta.get(key)
        if value is not None and not (isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)?", value)):
            raise DataError(path, f"{key} must be a language code such as en or ru, not {value!r}", line=line(key))
    value = meta.get("date")
    if value is None or isinstance(value, dt.date):
        return
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    problem = date_problem(value) if isinstance(value, str) else "must be YYYY, YYYY-MM or YYYY-MM-DD"
    if problem:
        raise DataError(path, f"date {meta.get('date')!r} {problem}", line=line("date"))
