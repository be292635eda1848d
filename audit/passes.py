"""Passes over findings: what happens to the checks' findings before they are scored.

Checks look at the document; passes look only at findings. Each pass is a function of the
findings so far and what the audit knows (`PassInput`), returning the findings that go on and
any data for the reports. Rules never call rules: what depends on other rules' findings is a
pass. In order:

  1. suppression  inline `tqa-ignore` markers and per-file ignores drop findings; SUP001
                  reports markers that silenced nothing (audit/suppress.py). First, so that a
                  finding the user silenced takes part in nothing after it.
  2. severity     configured severity overrides (`[tool.tqa.severity]`).
  3. overlap      one finding per problem: overlapping findings resolved by the precedence
                  rules declare, `Rule.yields_to` (audit/overlap.py).

The pipeline (audit/pipeline.py) and the rule examples (tests/test_rule_examples.py) run the
same passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from audit import overlap, suppress
from audit.model import Document, Finding
from audit.rules import Rule


@dataclass(frozen=True)
class PassInput:
    document: Document
    rules: tuple[Rule, ...]  # the rules selected for this audit (SUP001 among them when it is)
    registry: tuple[Rule, ...]  # every rule tqa has: a marker naming a code none has is reported
    file_ignores: tuple[str, ...] = ()  # per-file ignores that apply to this document
    severity: dict = field(default_factory=dict)  # rule code -> Severity, configured overrides


@dataclass(frozen=True)
class PassOutput:
    findings: list[Finding]
    data: dict = field(default_factory=dict)  # JSON-able, merged into the result's data


Pass = Callable[[list[Finding], PassInput], PassOutput]


def suppression(findings: list[Finding], inp: PassInput) -> PassOutput:
    """Drop what markers and per-file ignores silence; SUP001's findings (markers that silenced
    nothing), when SUP001 is selected, judged by the findings of the checks that ran."""
    ran = tuple(r for r in inp.rules if r.check is not None)
    sup = suppress.apply(inp.document, findings, ran, inp.file_ignores,
                         report_unused=any(r.code == suppress.UNUSED.code for r in inp.rules),
                         known=tuple(r.code for r in inp.registry))
    data = {}
    if sup.suppressed or sup.unused_file_ignores:
        data["suppressions"] = {"suppressed": list(sup.suppressed), "unused_file_ignores": list(sup.unused_file_ignores)}
    return PassOutput([*sup.kept, *sup.unused], data)


def severity(findings: list[Finding], inp: PassInput) -> PassOutput:
    if not inp.severity:
        return PassOutput(findings)
    return PassOutput([replace(f, severity=inp.severity.get(f.rule, f.severity)) for f in findings])


def one_per_problem(findings: list[Finding], inp: PassInput) -> PassOutput:
    return PassOutput(overlap.resolve(findings, inp.document, inp.rules))


PASSES: tuple[Pass, ...] = (suppression, severity, one_per_problem)


def run_passes(findings: list[Finding], inp: PassInput, passes: tuple[Pass, ...] = PASSES) -> tuple[list[Finding], dict]:
    data: dict = {}
    for p in passes:
        out = p(findings, inp)
        findings = out.findings
        data.update(out.data)
    return findings, data
