"""An audit's signature, sacrebleu-style: everything its result depends on, in one line.

    tqa:0.1.0|refs:e5740980|entries:59|rules:30@9e13ad24|sev:none|weights:1/5/25|min:95|fail-on:critical|src:ru

Two audits of one text with the same signature give the same findings and score. Each field:

    tqa       the version
    refs      digest of every data file in force (languages.yaml, glossary, phrasings,
              bilingual/*.yaml, models.yaml: `References.digest`)
    entries   glossary entries
    rules     how many rules ran @ a hash of their codes and severities (overrides applied)
    sev       the severity overrides of those rules (CODE=severity, sorted), or none
    weights, min, fail-on   the scoring settings
    src       the source language (calques, and every check across languages, depend on it)
    lex       (bilingual audits) digest of the bilingual lexicon: dictionaries, abbreviations
    bt, fw    (back-translation) the model that translated back, and forward for the round
              trip, as id@revision; dec: the engine and its decoding options (, for its |)
"""

from __future__ import annotations

import hashlib

from audit import __version__
from audit.config import Settings
from audit.lexicon import lexicon_for
from audit.model import Document
from audit.references import References


def rules_key(rules, overrides: dict) -> str:
    """`N@hash`: how many rules, and a hash of each one's code and severity in force."""
    h = hashlib.sha256()
    for rule in sorted(rules, key=lambda r: r.code):
        sev = overrides.get(rule.code, rule.severity)
        h.update(f"{rule.code}:{sev.label if sev is not None else 'none'}\n".encode())
    return f"{len(rules)}@{h.hexdigest()[:8]}"


def overrides_key(rules, overrides: dict) -> str:
    codes = {r.code for r in rules}
    out = [f"{code}={sev.label if sev is not None else 'none'}" for code, sev in sorted(overrides.items()) if code in codes]
    return ",".join(out) or "none"


def signature(references: References, settings: Settings, rules, doc: Document, data: dict | None = None) -> str:
    """The signature of an audit of `doc` by `rules` under `settings`; `data` is the result's
    JSON-able data (what the stages produced: "bilingual", "backtranslation")."""
    data = data or {}
    w = settings.weights
    overrides = dict(settings.severity)
    fields = [
        f"tqa:{__version__}",
        f"refs:{references.digest}",
        f"entries:{len(references.glossary)}",
        f"rules:{rules_key(rules, overrides)}",
        f"sev:{overrides_key(rules, overrides)}",
        f"weights:{w['minor']:g}/{w['major']:g}/{w['critical']:g}",
        f"min:{settings.min_score:g}",
        f"fail-on:{settings.fail_on.label if settings.fail_on else 'none'}",
        f"src:{doc.source_lang or 'none'}",
    ]
    if data.get("bilingual"):
        lex = lexicon_for(references, doc.source_lang, doc.lang)
        fields.append(f"lex:{lex.digest if lex.available else 'none'}")
    bt = data.get("backtranslation") or {}
    if bt.get("model"):
        fields.append(f"bt:{bt['model']}@{str(bt.get('revision') or '')[:12]}")
        if bt.get("forward_model"):
            fields.append(f"fw:{bt['forward_model']}@{str(bt.get('forward_revision') or '')[:12]}")
        fields.append(f"dec:{str(bt.get('decoding') or 'none').replace('|', ',')}")  # its own | would split fields
    return "|".join(fields)
