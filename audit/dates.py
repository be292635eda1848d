"""Calendar dates as tqa's data files write them: a year, a month or a day (YYYY, YYYY-MM or
YYYY-MM-DD). Glossary roles and article metadata check theirs here."""

from __future__ import annotations

import datetime as dt
import re


def date_problem(text: str) -> str | None:
    """Why `text` is not a YYYY, YYYY-MM or YYYY-MM-DD calendar date (None when it is one)."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return "must be YYYY, YYYY-MM or YYYY-MM-DD"
    if len(text) >= 7 and not 1 <= int(text[5:7]) <= 12:
        return "has no such month"
    if len(text) == 10:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return "is not a day of the calendar"
    return None
