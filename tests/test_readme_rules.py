"""Every rule is in the README's rule table (a row per code or per range, NUM001–003), so a
rule added to the registry is not missing from the page users read first (NUM004 and NUM005
were, for two sessions)."""

from __future__ import annotations

import re
from pathlib import Path

from audit.checks import RULES

README = Path(__file__).resolve().parent.parent / "README.md"


def _codes_in_table(text: str) -> set[str]:
    covered = set()
    for line in text.splitlines():
        if not re.match(r"\| [A-Z]+\d{3}", line):
            continue
        for m in re.finditer(r"([A-Z]+)(\d{3})(?:[–-](\d{3}))?", line.split("|")[1]):
            first, last = int(m.group(2)), int(m.group(3) or m.group(2))
            covered.update(f"{m.group(1)}{n:03d}" for n in range(first, last + 1))
    return covered


def test_every_rule_has_a_row():
    missing = [r.code for r in RULES if r.code not in _codes_in_table(README.read_text(encoding="utf-8"))]
    assert not missing, f"rules missing from README's rule table: {missing}"


def test_ranges_are_read():
    assert _codes_in_table("| NUM001–003 | a |\n| XNAME002 | b |\n") == {"NUM001", "NUM002", "NUM003", "XNAME002"}
