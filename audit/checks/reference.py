"""REF: what the alignment with reference texts shows (audit/stages/reference.py, `ctx.outputs.alignment`).

Both rules are silent when no reference was aligned. They yield to the rules that say more
about the same place (`yields_to`, applied by the overlap pass, audit/overlap.py), so a problem
is not counted twice: target content that BOIL001 (boilerplate) or DUP001 (repeated paragraph)
flags is kept as that finding's evidence, not counted as REF001 too; a glossary difference the
title and name rules report is not counted as REF002 too. A difference where the translation
has a form the glossary lists as wrong is left to TERM001 from the alignment data itself. The
alignment data and the reports still list every unaligned segment and every word-level
difference.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from pathlib import Path

from audit.glossary.index import term_index
from audit.model import Severity, Span
from audit.phrases import tokenize
from audit.reference_diff import glossary_differences, number_differences, word_diff
from audit.rules import Context, Rule, fails, passes
from audit.stages import ReferenceAlignment

MIN_PAIR_SIMILARITY = 0.3  # below this an aligned pair is too loose to compare words or numbers
MAX_UNALIGNED_SHARE = 0.5  # above this share unaligned, one finding says the reference does not fit


def _alignment(ctx: Context) -> ReferenceAlignment | None:
    al = ctx.outputs.alignment
    return al if al is not None and al.references else None


def _ref_name(al: ReferenceAlignment, k: int) -> str:
    refs = al.references
    return Path(refs[k]["path"]).name if k < len(refs) else f"reference {k + 1}"


def _runs(items: list[dict], key) -> list[list[dict]]:
    """Consecutive items (by `key` index, same reference) grouped: one finding per block."""
    runs: list[list[dict]] = []
    for it in items:
        if runs and runs[-1][-1]["ref"] == it["ref"] and key(runs[-1][-1]) + 1 == key(it):
            runs[-1].append(it)
        else:
            runs.append([it])
    return runs


def _unaligned(ctx: Context):
    al = _alignment(ctx)
    if al is None:
        return
    segments = ctx.document.segments
    names = ", ".join(_ref_name(al, k) for k in range(len(al.references)))
    all_added = list(al.unaligned_target)
    if segments and len(all_added) > MAX_UNALIGNED_SHARE * len(segments):
        # Most of the article has no counterpart: a partial or wrong reference, not additions.
        first = min(all_added, key=lambda a: a["start"])
        yield ctx.finding(
            UNALIGNED, Span(first["start"], first["end"]),
            f"{len(all_added)} of {len(segments)} sentences have no counterpart in the reference ({names}): "
            "is it a reference for this document, and a complete one?",
        )
        return
    def paragraph(item: dict) -> int | None:
        seg = ctx.segment_at(item["start"])
        return seg.paragraph if seg else None

    for run in _runs(sorted(all_added, key=lambda a: a["segment"]), key=lambda a: a["segment"]):
        for _, part in groupby(run, key=paragraph):  # one block to delete per paragraph
            part = list(part)
            span = Span(part[0]["start"], part[-1]["end"])
            yield ctx.finding(
                UNALIGNED, span,
                f"no counterpart in the reference ({names}): content the translation added?",
                evidence=[f"unaligned in every reference: {ctx.text[span.start:span.end][:80]!r}"],
            )
    dropped = list(al.unaligned_reference)
    for k, ref in enumerate(al.references):
        mine = [d for d in dropped if d["ref"] == k]
        if ref.get("segments") and len(mine) > MAX_UNALIGNED_SHARE * ref["segments"] and segments:
            dropped = [d for d in dropped if d["ref"] != k]
            yield ctx.finding(
                UNALIGNED, segments[0].span,
                f"{len(mine)} of {ref['segments']} reference sentences have no counterpart in the translation "
                f"({_ref_name(al, k)}): is it a reference for this document?",
            )
    reported: set[int] = set()  # several references dropping at one place: one finding there
    for run in _runs(dropped, key=lambda d: d["segment"]):
        at = run[0]["at"]
        seg = ctx.segment_at(max(at - 1, 0)) or (segments[0] if segments else None)
        if seg is None or seg.index in reported:
            continue
        reported.add(seg.index)
        text = " ".join(d["text"] for d in run)
        short = text if len(text) <= 160 else text[:157] + "…"
        yield ctx.finding(
            UNALIGNED, seg.span,
            f"the reference has content the translation lacks near here: {short!r} "
            f"({_ref_name(al, run[0]['ref'])}:{run[0]['line']})",
            suggestion=None,
            evidence=[f"dropped: {d['text']!r}" for d in run],
        )


UNALIGNED = Rule(
    code="REF001",
    name="reference-unaligned",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="Content the translation added (no counterpart in any reference) or dropped (in the reference only).",
    doc="""\
Runs when the article was aligned with reference texts (a bundled reference found by the
document's id, or `--reference FILE`). The aligner links target and reference sentences
monotonically (1-1, 1-2, 2-1) and leaves out what has no counterpart. A run of target
sentences that no reference has is reported as an addition; a run of reference sentences the
translation lacks is reported as an omission, at the target sentence just before where it
would go, citing the reference file and line. Where BOIL001 (boilerplate), DUP001 (repeated
paragraph), UNTR001 or LANG001 (not translated) or OMIT001 (length) reports the same
sentences, that finding stays and carries this one as evidence (audit/overlap.py). Example: a reference that
drops "Leave a Reply" has no counterpart for it; the omission of "The talks lasted eight
hours." shows where the translation skipped a sentence.""",
    check=_unaligned,
    yields_to=("BOIL001", "DUP001", "UNTR001", "LANG001", "OMIT001"),
    examples=(),  # set at the end of the module, with the example builder
)


def _differences(ctx: Context):
    al = _alignment(ctx)
    if al is None:
        return
    seen: set = set()  # the same difference seen through several references: reported once
    for pair in al.reference_pairs:  # target ↔ reference links
        if pair.get("similarity", 1.0) < MIN_PAIR_SIMILARITY:
            continue
        where = f"{_ref_name(al, pair['ref'])}:{pair.get('reference_line', '?')}"
        evidence = f"reference ({where}): {pair['reference_text'][:160]!r}"
        glossary = pair.get("glossary")
        if glossary is None:  # alignment data from elsewhere: compute as the stage does
            glossary = glossary_differences(pair, ctx.mentions, _ref_mentions(ctx, pair["reference_text"]), ctx.text)
        for g in glossary:
            if g["target_wrong"] or not g.get("located", True):
                continue  # a known wrong form (TERM001 reports it), or no target words in its place
            span = Span(g["start"], g["end"])
            if (span, g["reference"]) in seen:
                continue
            seen.add((span, g["reference"]))
            yield ctx.finding(
                DIFFERS, span,
                f"the reference writes {g['reference']!r} here ({where}); the translation has {g['target']!r}",
                suggestion=g["reference"],
                evidence=[f"glossary entry: {', '.join(g['entries'])}", evidence],
            )
        numbers = pair.get("numbers")
        if numbers is None:
            numbers = number_differences(pair, ctx.text, ctx.lang)
        for n in numbers:
            span = Span(n["start"], n["end"])
            if (span, n["kind"], n["reference"]) in seen:
                continue
            seen.add((span, n["kind"], n["reference"]))
            if n["kind"] == "changed":
                msg, sug = f"the reference has {n['reference']!r} where the translation has {n['target']!r} ({where})", n["reference"]
            elif n["kind"] == "missing":
                msg, sug = f"the reference has {n['reference']!r}, which this sentence lacks ({where})", None
            else:
                msg, sug = f"{n['target']!r} is not in the reference ({where})", None
            yield ctx.finding(DIFFERS, span, msg, suggestion=sug, evidence=[evidence])


def _ref_mentions(ctx: Context, text: str):
    return term_index(ctx.references, ctx.lang).find(tokenize(text), text)


DIFFERS = Rule(
    code="REF002",
    name="reference-differs",
    category="Accuracy",
    severity=Severity.MINOR,
    summary="An aligned pair where the reference names a glossary entry or gives a number differently.",
    doc="""\
Runs when the article was aligned with reference texts. In each aligned pair (similar enough
to be the same content), the reference's glossary mentions (canonical forms and accepted
variants, references/glossary/) must be matched by an accepted form of the same entry in the
translation where the word-level diff puts other words in their place, and its numbers and
dates must be there too (audit/quantities/: "10-13" and
"10 to 13" agree; "12" and "13" do not). The finding points at the words the word-level diff
pairs with the reference's, cites the reference file and line, and suggests the reference's
form. Where the translation has a known wrong form of the entry, TERM001 already reports it
and REF002 stays silent; where a title, name, glossary or number rule reports the same words
(TITLE, NAME001, TERM001, XNAME003, NUM), that finding stays and carries this one as evidence
(audit/overlap.py). Example: the reference has "Russia's Permanent Representative to the
OSCE" where the translation has "the representative of Russia to the organization".""",
    check=_differences,
    yields_to=("TITLE", "NAME001", "TERM001", "XNAME003", "NUM"),
    examples=(),
)


def _example_data(text: str, pairs=(), added=(), dropped=(), lang: str = "en") -> dict:
    """Alignment data for a rule example: pairs of (target substring, reference text), the
    reference in the target's language."""
    ref = {"path": f"ref.example.{lang}.txt", "label": "example", "kind": "reference", "lang": lang, "segments": 0, "sha256": ""}
    out = {"references": [ref],
           "metrics": [], "pairs": [], "unaligned_target": [], "unaligned_reference": []}
    for n, (target, reference) in enumerate(pairs):
        s = text.index(target)
        out["pairs"].append({"ref": 0, "target": [n], "reference": [n], "start": s, "end": s + len(target),
                             "target_text": target, "reference_text": reference, "reference_line": n + 1,
                             "similarity": 0.8, "scores": {}, "diff": word_diff(text, s, s + len(target), reference)})
    for n, target in enumerate(added):
        s = text.index(target)
        out["unaligned_target"].append({"ref": 0, "segment": 100 + n, "start": s, "end": s + len(target), "text": target})
    for n, (reference, after) in enumerate(dropped):
        at = text.index(after) + len(after) if after else 0
        out["unaligned_reference"].append({"ref": 0, "segment": 50 + 2 * n, "text": reference, "line": 3, "at": at})
    return {"alignment": out}


def _ex(make, text: str, **kw):
    """An example whose alignment data is built from (target, reference) pairs in `text`."""
    opts = {k: kw.pop(k) for k in ("date", "lang", "source_lang") if k in kw}
    return make(text, data=_example_data(text, lang=opts.get("lang", "en"), **kw), **opts)


_GENEVA = "The talks in Geneva lasted almost eight hours."
_GENEVA_REF = "The Geneva talks lasted almost eight hours."
_GENF = "Die Gespräche in Genf dauerten fast acht Stunden."  # the same in German
_GENF_REF = "Die Genfer Gespräche dauerten fast acht Stunden."

# The reference of each example is in its data; `tqa rules REF001` shows the translation.
UNALIGNED = replace(UNALIGNED, examples=(
    _ex(fails, f"{_GENEVA} Follow our channel for exclusive photos!",
        pairs=[(_GENEVA, _GENEVA_REF)], added=["Follow our channel for exclusive photos!"]),
    _ex(fails, f"{_GENEVA}\n\nThe sides agreed to meet again.",  # the reference has a sentence between
        pairs=[(_GENEVA, _GENEVA_REF), ("The sides agreed to meet again.", "They agreed to meet again.")],
        dropped=[("Both delegations then left for Brussels.", "eight hours.")]),
    _ex(passes, f"Leave a Reply\n\n{_GENEVA}", pairs=[(_GENEVA, _GENEVA_REF)], added=["Leave a Reply"]),  # BOIL001's
    _ex(passes, "The sides agreed to meet again in Vienna.",
        pairs=[("The sides agreed to meet again in Vienna.", "Both sides agreed to meet again in Vienna.")]),
    # a German translation (of a French source) against its German reference
    _ex(fails, f"{_GENF} Folgen Sie unserem Kanal für exklusive Fotos!", lang="de", source_lang="fr",
        pairs=[(_GENF, _GENF_REF)], added=["Folgen Sie unserem Kanal für exklusive Fotos!"]),
    _ex(passes, _GENF, lang="de", source_lang="fr", pairs=[(_GENF, _GENF_REF)]),
))

_TITLE = "The representative of Russia to the organization spoke."
_NRC = "On January 12, the Russia — NATO Council met in Brussels."

DIFFERS = replace(DIFFERS, examples=(
    _ex(fails, _TITLE, date="2022-01-14", pairs=[(_TITLE, "Russia's Permanent Representative to the OSCE spoke.")]),
    _ex(fails, "The talks in Geneva lasted almost nine hours.",
        pairs=[("The talks in Geneva lasted almost nine hours.", "The Geneva talks lasted almost 8 hours.")]),
    _ex(passes, _NRC, date="2022-01-14",  # a known wrong form: TERM001 reports it, not REF002
        pairs=[(_NRC, "On January 12, the NATO-Russia Council met in Brussels.")]),
    _ex(passes, "Talks in Geneva went on for nearly 8 hours.",
        pairs=[("Talks in Geneva went on for nearly 8 hours.", "The Geneva talks lasted almost eight hours.")]),
    _ex(fails, "Die Gespräche in Genf dauerten fast neun Stunden.", lang="de", source_lang="fr",
        pairs=[("Die Gespräche in Genf dauerten fast neun Stunden.", _GENF_REF)]),
    _ex(passes, "Die Gespräche in Genf dauerten fast 8 Stunden.", lang="de", source_lang="fr",
        pairs=[("Die Gespräche in Genf dauerten fast 8 Stunden.", _GENF_REF)]),
))
