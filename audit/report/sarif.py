"""SARIF 2.1.0: findings for code-scanning tools (GitHub code scanning, IDE viewers).

One run; every rule (`tqa rules`) as a reportingDescriptor with its summary, doc, Markdown
help (`help.markdown`: what `tqa rules CODE` prints) and `helpUri` (`rules-url` from the config,
else the docs/rules.md beside this tqa); each finding a result with line/column and
charOffset/charLength regions (Unicode code points of the text as read: decoded, BOM dropped,
NFC), a stable partial fingerprint (the baseline's), and the suggestion as a fix. Bilingual
files (XLIFF, TMX, PO, TSV/CSV) get the unit's line in the file and the unit id as a logical
location instead (offsets there are into the unit's text). Findings a baseline knew are
results with `baselineState: "unchanged"` (the others "new"), and suppressed ones are results
with `suppressions` (inSource: a tqa-ignore marker; external: the config's per-file ignores),
so an upload to code scanning keeps, or marks suppressed, alerts that still exist. Files that
could not be read are tool execution notifications. Validated against the official schema in
tests/test_report_ci.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from audit import __version__
from audit.model import Severity
from audit.baseline import fingerprint
from audit.checks import RULES
from audit.report.common import Locator, finding_from
from audit.report.json_report import dumps
from audit.report.ruledocs import default_rules_url, help_uri, rule_markdown
from audit.runs import Run

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "warning", Severity.MINOR: "note"}


def _uri(path: str) -> tuple[str, bool]:
    """(uri, relative?): relative to the current directory with `/` when inside it."""
    p = Path(os.path.abspath(path))
    try:
        return quote(p.relative_to(Path.cwd()).as_posix()), True
    except ValueError:
        return p.as_uri(), False


def _location(uri: str, relative: bool, index: int) -> dict:
    loc = {"uri": uri, "index": index}
    if relative:
        loc["uriBaseId"] = "SRCROOT"
    return loc


def _rules(settings) -> list[dict]:
    template = settings.rules_url or default_rules_url()
    out = []
    for r in RULES:
        d = {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc},
            "help": {"text": f"{r.summary}\n\n{r.doc}\n\n(`tqa rules {r.code}` prints this with examples.)",
                     "markdown": rule_markdown(r)},
            "defaultConfiguration": {"level": LEVEL[r.severity]},
            "properties": {"category": r.category, "severity": r.severity.label, "tags": ["translation", r.category]},
        }
        if template:
            d["helpUri"] = help_uri(template, r)
        out.append(d)
    return out


def _suppression(by: str, uri: str, rel: bool, a_index: int, lines_are_the_files: bool = True) -> dict:
    """SARIF suppression for audit/suppress.py's `by`: "inline:LINE" (a marker in the file) or
    "config:per-file-ignores" (the tqa config)."""
    if by.startswith("inline:"):
        sup = {"kind": "inSource", "status": "accepted", "justification": "a tqa-ignore marker in the file"}
        line = by.partition(":")[2]
        if line.isdigit() and lines_are_the_files:  # a bilingual file's marker line is its units' text
            sup["location"] = {"physicalLocation": {"artifactLocation": _location(uri, rel, a_index),
                                                    "region": {"startLine": int(line)}}}
        return sup
    return {"kind": "external", "status": "accepted", "justification": f"tqa config: {by.partition(':')[2] or by}"}


def render(run: Run, **_: object) -> str:
    rules = _rules(run.settings)
    index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts, results, notes = [], [], []
    for o in run.outcomes:
        uri, rel = _uri(o.path)
        a_index = len(artifacts)
        artifact = {"location": _location(uri, rel, a_index), "roles": ["analysisTarget"]}
        if o.result is not None:
            artifact["encoding"] = o.result.document.encoding
        artifacts.append(artifact)
        if o.result is None:
            notes.append({"level": "error", "message": {"text": o.error or "could not audit this file"},
                          "locations": [{"physicalLocation": {"artifactLocation": _location(uri, rel, a_index)}}]})
            continue
        r = o.result
        where = Locator(r)
        # What the gate judged, then what a baseline knew ("unchanged": still there, so an upload
        # keeps its alert open) and what markers or the config suppressed (reported as such, not
        # left out: code scanning would close alerts that still exist).
        entries = [(f, "new", None, None) for f in r.findings]
        entries += [(finding_from(k, r), "unchanged", None, k.get("fingerprint"))
                    for k in r.data.get("baseline_known", ())]
        entries += [(finding_from(x, r), "new", x.get("by", ""), None)
                    for x in (r.data.get("suppressions") or {}).get("suppressed", ())]
        entries.sort(key=lambda e: (e[0].span.start, e[0].span.end, e[0].rule))
        for f, state, by, fp in entries:
            results.append(_result(f, r, where(f), uri, rel, a_index, index, fp or fingerprint(r, f)))
            if run.baseline:
                results[-1]["baselineState"] = state
            if by is not None:
                results[-1]["suppressions"] = [_suppression(by, uri, rel, a_index, not where.pairs)]
    sarif_run = {
        "tool": {"driver": {"name": "tqa", "version": __version__, "semanticVersion": __version__, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri() + "/"}},
        "artifacts": artifacts,
        "results": results,
        "invocations": [{
            "executionSuccessful": run.exit_code in (0, 1),
            "exitCode": run.exit_code,
            "toolExecutionNotifications": notes,
        }],
        "properties": {"passed": run.exit_code == 0, "counts": run.counts, "minScore": run.settings.min_score,
                       "signature": next((o.result.signature for o in run.outcomes if o.result), "")},
    }
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]}
    return dumps(doc) + "\n"


def _result(f, r, w, uri: str, rel: bool, a_index: int, index: dict, fp: str) -> dict:
    artifact = _location(uri, rel, a_index)
    if w.in_text:  # a text file: the exact characters
        region = {"startLine": w.line, "startColumn": w.column, "endLine": w.end_line, "endColumn": w.end_column,
                  "charOffset": f.span.start, "charLength": len(f.span), "snippet": {"text": f.text}}
    else:  # a bilingual file: the unit's line (offsets are into its target text, not the file)
        region = {"startLine": w.line} if w.line else None
    physical = {"artifactLocation": artifact, **({"region": region} if region else {})}
    location = {"physicalLocation": physical}
    if w.unit is not None:
        location["logicalLocations"] = [{"name": w.unit, "fullyQualifiedName": f"{uri}#{w.unit}", "kind": "element"}]
    message = f.message + (f" Suggestion: {f.suggestion!r}." if f.suggestion else "")
    if w.unit is not None:
        message += f" (unit {w.unit}: {f.text!r})"
    res = {
        "ruleId": f.rule,
        "level": LEVEL[f.severity],
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {"tqaFingerprint/v1": fp},
        "properties": {"severity": f.severity.label, "category": f.category, "segment": f.segment,
                       "fileScore": r.score.quality, "filePassed": r.passed},
    }
    if w.unit is not None:
        res["properties"]["unit"] = {"id": w.unit, "offset": w.unit_offset, "text": f.text}
    if f.absorbed:  # the same problem as other rules reported it, not scored (audit/overlap.py)
        res["properties"]["absorbed"] = [{"rule": a.rule, "message": a.message} for a in f.absorbed]
    if f.rule in index:
        res["ruleIndex"] = index[f.rule]
    if f.suggestion is not None and w.in_text:  # a fix edits the file: only where offsets are the file's
        res["fixes"] = [{
            "description": {"text": "delete" if f.suggestion == "" else f"replace with {f.suggestion!r}"},
            "artifactChanges": [{
                "artifactLocation": _location(uri, rel, a_index),
                "replacements": [{"deletedRegion": {"charOffset": f.span.start, "charLength": len(f.span)},
                                  "insertedContent": {"text": f.suggestion}}],
            }],
        }]
    return res
