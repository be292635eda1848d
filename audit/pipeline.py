"""One document through the stages, the rules and the passes over their findings, scored.

What reads an input into a document is audit/document.py; which input kind gets which stages is
audit/entry.py; the stage contract is audit/stages/__init__.py."""

from __future__ import annotations

import time

from audit.checks import RULES, select
from audit.config import Settings
from audit.model import AuditResult, Document, Finding, Metric
from audit.passes import PassInput, run_passes
from audit.references import References
from audit.rules import Context, Rule
from audit.scoring import score, verdict
from audit.signature import signature
from audit.stages import Outputs, Stage
from audit.stages.word_alignment import word_alignment_stage

# Stages derived from what the optional ones produced, run for every audit and every rule example
# (whose stage data is given as JSON), after the optional stages: each returns nothing when what
# it derives from is missing or its product is already there.
DERIVED: tuple[Stage, ...] = (word_alignment_stage,)


def run_stages(doc: Document, references: References, settings: Settings | None, stages: tuple[Stage, ...],
               data: dict | None = None) -> tuple[Document, dict, list[Metric], list[str]]:
    """The stages in order, each seeing what the ones before it produced; then the derived ones.
    Returns the (possibly replaced) document, the stages' data, metrics and notices."""
    data = dict(data or {})
    metrics: list[Metric] = []
    notices: list[str] = []
    for stage in (*stages, *DERIVED):
        out = stage(doc, references, settings, Outputs.of(data))
        doc = out.document or doc
        metrics.extend(out.metrics)
        notices.extend(out.notices)
        data.update(out.json())
    return doc, data, metrics, notices


def run_rules(doc: Document, references: References, rules: tuple[Rule, ...], data: dict | None = None) -> list[Finding]:
    """The rules' findings over `doc`, with the stage data `data` as a rule example or a test
    gives it: the derived stages run first, as in an audit."""
    doc, data, _, _ = run_stages(doc, references, None, (), data)
    return _check(doc, references, rules, data)


def _check(doc: Document, references: References, rules: tuple[Rule, ...], data: dict) -> list[Finding]:
    ctx = Context(doc, references, data)
    findings: list[Finding] = []
    for rule in rules:
        if rule.check is not None:  # a rule made by a pass over findings (SUP001) has none
            findings.extend(rule.check(ctx))
    return findings


def pass_input(doc: Document, rules: tuple[Rule, ...], settings: Settings | None = None) -> PassInput:
    """What the passes over findings know of an audit (audit/passes.py)."""
    return PassInput(doc, rules, RULES, settings.file_ignores if settings else (), dict(settings.severity) if settings else {})


def audit_document(
    doc: Document,
    references: References,
    settings: Settings,
    rules: tuple[Rule, ...] | None = None,
    stages: tuple[Stage, ...] = (),
) -> AuditResult:
    started = time.perf_counter()
    references.activate()  # its names, transcription, quantities files for translit and quantities
    rules = rules if rules is not None else select(RULES, list(settings.select), list(settings.ignore))
    doc, data, metrics, notices = run_stages(doc, references, settings, stages)
    # Checks, then the passes over their findings: suppression, severity overrides, one finding
    # per problem (audit/passes.py).
    findings, passed_data = run_passes(_check(doc, references, rules, data), pass_input(doc, rules, settings))
    data.update(passed_data)
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    s = score(findings, doc.words, settings)
    passed, reasons = verdict(s, findings, settings)
    data["seconds"] = time.perf_counter() - started  # JUnit's time; not in the JSON report (varies)
    return AuditResult(
        document=doc,
        findings=tuple(findings),
        score=s,
        passed=passed,
        reasons=reasons,
        signature=signature(references, settings, rules, doc, data),
        metrics=tuple(metrics),
        notices=tuple(notices),
        data=data,
    )
