"""The registry: every rule tqa runs, listed explicitly, in report order; which of them an audit
selects; and the check that a rule code someone wrote (config, flags) names one of them."""

from __future__ import annotations

from audit.checks.backtranslation import LOW_FIDELITY, SOURCE_TERM
from audit.checks.invisible import INVISIBLE
from audit.checks.language import FOREIGN_SCRIPT, MIXED_SCRIPT, WRONG_LANGUAGE
from audit.checks.names import GLUED, NEAR_MISS, TWO_SPELLINGS
from audit.checks.numbers import CHANGED as NUM_CHANGED, DECIMAL_COMMA as NUM_DECIMAL, EXTRA as NUM_EXTRA, MISSING as NUM_MISSING, SIGN_LOST as NUM_SIGN, SPACED_TIME as NUM_SPACED
from audit.checks.omission import LENGTH as LENGTH_RATIO, UNTRANSLATED
from audit.checks.phrasing import BOILERPLATE, CALQUE
from audit.checks.reference import DIFFERS as REF_DIFFERS, UNALIGNED as REF_UNALIGNED
from audit.checks.structure import DUPLICATE
from audit.checks.terms import INCONSISTENT, WRONG_RENDERING
from audit.checks.titles import CONTRADICTING, NON_CANONICAL
from audit.checks.bilingual_names import EXTRA as XNAME_EXTRA, GLOSSARY as XNAME_GLOSSARY, MISSING as XNAME_MISSING
from audit.config import Settings
from audit.errors import ConfigError
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
    INVISIBLE,
    SOURCE_TERM,
    LOW_FIDELITY,
    NUM_CHANGED,  # NUM001-003, XNAME001-003, UNTR001, OMIT001: need a source (audit.bilingual)
    NUM_MISSING,
    NUM_EXTRA,
    NUM_SPACED,
    NUM_DECIMAL,
    NUM_SIGN,
    XNAME_MISSING,
    XNAME_EXTRA,
    XNAME_GLOSSARY,
    UNTRANSLATED,
    LENGTH_RATIO,
    REF_UNALIGNED,  # REF001-002: need a reference text (audit.stages.reference)
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


def check_codes(codes: tuple[str, ...], what: str, exact: bool = False) -> tuple[str, ...]:
    """Refuse a rule code or prefix that names no rule (a typo would silently do nothing)."""
    known = [r.code for r in RULES]
    for c in codes:
        ok = c in known if exact else any(k.startswith(c) for k in known)
        if not c or not ok:
            kind = "rule code" if exact else "rule code or prefix"
            raise ConfigError(f"{what}: {c!r} is not a {kind} (`tqa rules` lists them)")
    return codes


def check_settings(settings: Settings) -> Settings:
    """`settings` if every rule code in them names a rule (select, ignore, severity,
    per-file-ignores, and the same inside overrides), else a ConfigError naming the file and line
    they came from. The config reader (audit/config.py) knows no rules; every command checks
    the settings it loads here (audit/cli/common.py, load_settings)."""

    def check(codes, what: str, field: str, exact: bool = False) -> None:
        try:
            check_codes(tuple(codes), what, exact)
        except ConfigError as exc:
            where = settings.origin(field)
            raise ConfigError(f"{where}: {exc}" if where != "default" else str(exc)) from None

    for field in ("select", "ignore"):
        check(getattr(settings, field), field, field)
    check(settings.severity, "severity", "severity", exact=True)
    for _, codes in settings.per_file_ignores:
        check(codes, "per-file-ignores", "per_file_ignores")
    for _, fields in settings.overrides:
        for field in ("select", "ignore"):
            check(fields.get(field, ()), field, "overrides")
        check(fields.get("severity", {}), "severity", "overrides", exact=True)
    return settings
