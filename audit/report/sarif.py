"""SARIF 2.1.0: findings for code-scanning tools (GitHub code scanning, IDE viewers).

One run; every rule (`tqa rules`) as a reportingDescriptor with its summary and doc; each
finding a result with line/column and charOffset/charLength regions (Unicode code points of the
text as read: decoded, BOM dropped, NFC), a stable partial fingerprint (the baseline's), and the
suggestion as a fix. Files that could not be read are tool execution notifications.
Validated against the official schema in tests/test_report_sarif.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from audit import __version__
from audit.model import AuditResult, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "warning", Severity.MINOR: "note"}


def render(result: AuditResult, **options) -> str:
    from audit.report.many import single

    return render_many(single(result), **options)


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
    from audit.checks import RULES

    out = []
    for r in RULES:
        d = {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc},
            "help": {"text": f"{r.summary}\n\n{r.doc}\n\n(`tqa rules {r.code}` prints this with examples.)"},
            "defaultConfiguration": {"level": LEVEL[r.severity]},
            "properties": {"category": r.category, "severity": r.severity.label, "tags": ["translation", r.category]},
        }
        if settings.rules_url:
            d["helpUri"] = settings.rules_url.format(code=r.code, code_lower=r.code.lower(), name=r.name)
        out.append(d)
    return out


def render_many(run, **_: object) -> str:
    from audit.baseline import fingerprint
    from audit.report.common import line_col

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
        text = r.document.text
        for f in r.findings:
            l1, c1 = line_col(text, f.span.start)
            l2, c2 = line_col(text, f.span.end)
            region = {"startLine": l1, "startColumn": c1, "endLine": l2, "endColumn": c2,
                      "charOffset": f.span.start, "charLength": len(f.span), "snippet": {"text": f.text}}
            message = f.message + (f" Suggestion: {f.suggestion!r}." if f.suggestion else "")
            res = {
                "ruleId": f.rule,
                "level": LEVEL[f.severity],
                "message": {"text": message},
                "locations": [{"physicalLocation": {"artifactLocation": _location(uri, rel, a_index), "region": region}}],
                "partialFingerprints": {"tqaFingerprint/v1": fingerprint(r, f)},
                "properties": {"severity": f.severity.label, "category": f.category, "segment": f.segment,
                               "fileScore": r.score.quality, "filePassed": r.passed},
            }
            if f.absorbed:  # the same problem as other rules reported it, not scored (audit/overlap.py)
                res["properties"]["absorbed"] = [{"rule": a.rule, "message": a.message} for a in f.absorbed]
            if f.rule in index:
                res["ruleIndex"] = index[f.rule]
            if f.suggestion is not None:
                res["fixes"] = [{
                    "description": {"text": "delete" if f.suggestion == "" else f"replace with {f.suggestion!r}"},
                    "artifactChanges": [{
                        "artifactLocation": _location(uri, rel, a_index),
                        "replacements": [{"deletedRegion": {"charOffset": f.span.start, "charLength": len(f.span)},
                                          "insertedContent": {"text": f.suggestion}}],
                    }],
                }]
            if run.baseline:
                res["baselineState"] = "new"
            results.append(res)
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
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
