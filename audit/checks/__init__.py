"""The registry: every rule tqa runs, listed explicitly, in report order."""

from __future__ import annotations

from audit.checks.backtranslation import LOW_FIDELITY, SOURCE_TERM
from audit.checks.language import FOREIGN_SCRIPT, MIXED_SCRIPT, WRONG_LANGUAGE
from audit.checks.names import GLUED, NEAR_MISS, TWO_SPELLINGS
from audit.checks.numbers import CHANGED as NUM_CHANGED, EXTRA as NUM_EXTRA, MISSING as NUM_MISSING, SPACED_TIME as NUM_SPACED
from audit.checks.omission import LENGTH as LENGTH_RATIO, UNTRANSLATED
from audit.checks.phrasing import BOILERPLATE, CALQUE
from audit.checks.reference import DIFFERS as REF_DIFFERS, UNALIGNED as REF_UNALIGNED
from audit.checks.structure import DUPLICATE
from audit.checks.terms import INCONSISTENT, WRONG_RENDERING
from audit.checks.titles import CONTRADICTING, NON_CANONICAL
from audit.checks.xnames import EXTRA as XNAME_EXTRA, GLOSSARY as XNAME_GLOSSARY, MISSING as XNAME_MISSING
from audit.rules import Rule
from audit.suppress import UNUSED as UNUSED_SUPPRESSION

RULES: tuple[Rule, ...] = (
    WRONG_RENDERING,
    INCONSISTENT,
    NEAR_MISS,
    GLUED,
    TWO_SPELLINGS,
    NON_CANONICAL,
    CONTRADICTING,
    BOILERPLATE,
    DUPLICATE,
    CALQUE,
    WRONG_LANGUAGE,
    MIXED_SCRIPT,
    FOREIGN_SCRIPT,
    SOURCE_TERM,
    LOW_FIDELITY,
    NUM_CHANGED,  # NUM001-003, XNAME001-003, UNTR001, OMIT001: need a source (audit.bilingual)
    NUM_MISSING,
    NUM_EXTRA,
    NUM_SPACED,
    XNAME_MISSING,
    XNAME_EXTRA,
    XNAME_GLOSSARY,
    UNTRANSLATED,
    LENGTH_RATIO,
    REF_UNALIGNED,  # REF001-002: need a reference text (audit.refstage)
    REF_DIFFERS,
    UNUSED_SUPPRESSION,  # SUP001: made by the suppression pass over the other rules' findings (audit.passes)
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
assert len(BY_CODE) == len(RULES), "duplicate rule code"


def select(rules=RULES, select: list[str] | None = None, ignore: list[str] | None = None) -> tuple[Rule, ...]:
    """Rules whose code starts with a prefix in `select` (all when empty) and none in `ignore`."""
    chosen = []
    for r in rules:
        if select and not any(r.code.startswith(p.upper()) for p in select):
            continue
        if ignore and any(r.code.startswith(p.upper()) for p in ignore):
            continue
        chosen.append(r)
    return tuple(chosen)
