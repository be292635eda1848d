"""JUnit XML: a test case per file; a file that failed the gate is a failed test case.

CI systems (GitLab, Jenkins, Azure, CircleCI) show JUnit as test results. The policy:

- `tests` counts files, `failures` the files that failed the gate, `errors` the files that could
  not be audited, so `tests >= failures + errors` always holds;
- a failed file has exactly one `<failure>`: its `message` says why the gate failed it (score
  under the minimum, a finding at or above `fail-on`, new findings over a baseline), its text
  lists every finding counted in its score, worst first, one per line
  (`path:line:col RULE [severity] message`);
- a finding is never a failure of its own: a file full of minor notes (an unused suppression,
  SUP001) passes unless their weight pulls its score under the minimum or `fail-on` is minor.
  A passing file's findings are listed, as notes, in the suite's `<system-out>`;
- a file that could not be read is an `<error>`.

Valid against the Apache Ant JUnit schema as published by Windy Road (the strict one: `time`,
`timestamp` and `hostname` required, at most one failure per test case, no attributes on
`<testsuites>`) and against Jenkins' junit-10.xsd; both are tested (tests/test_report_ci.py).
`time` is the seconds each file's audit took; `timestamp` is when the report was written (UTC),
or `SOURCE_DATE_EPOCH` when set, for reproducible reports.
"""

from __future__ import annotations

import os
import re
import socket
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from audit.model import AuditResult
from audit.report.common import Locator, extra, summary_line
from audit.runs import Run

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: object) -> str:
    """XML 1.0 cannot hold control characters even escaped: replace them."""
    return _INVALID_XML.sub("\ufffd", str(text))


def _timestamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S")  # the Ant schema's pattern: no fraction, no zone


def _hostname() -> str:
    try:
        name = socket.gethostname().strip()
    except OSError:  # pragma: no cover - no network stack at all
        name = ""
    return _x(name) or "localhost"


def _seconds(result: AuditResult | None) -> float:
    value = result.data.get("seconds") if result is not None else None
    return float(value) if isinstance(value, (int, float)) and value >= 0 else 0.0


def finding_line(path: str, w, f) -> str:
    """`path:line:col RULE [severity] message → suggestion (unit ID)`: one finding, one line."""
    pos = f"{path}:{w.line}" if w.line else path
    if w.column:
        pos += f":{w.column}"
    line = f"{pos} {f.rule} [{f.severity.label}] {f.message}"
    if f.suggestion is not None:
        line += " → " + ("(delete)" if f.suggestion == "" else repr(f.suggestion))
    if w.unit is not None:
        line += f" (unit {w.unit}: {f.text!r})"
    return line


def render(run: Run, **_: object) -> str:
    c = run.counts
    total = sum(_seconds(o.result) for o in run.outcomes)
    root = ET.Element("testsuites")
    suite = ET.SubElement(root, "testsuite", {
        "name": "tqa", "package": "tqa", "id": "0", "timestamp": _timestamp(), "hostname": _hostname(),
        "tests": str(len(run.outcomes)), "failures": str(c["fail"]), "errors": str(c["error"]),
        "time": f"{total:.3f}",
    })
    props = ET.SubElement(suite, "properties")
    s = run.settings
    for name, value in (("min-score", f"{s.min_score:g}"), ("fail-on", s.fail_on.label if s.fail_on else "none"),
                        ("baseline", run.baseline or ""),
                        ("signature", next((o.result.signature for o in run.outcomes if o.result), ""))):
        ET.SubElement(props, "property", {"name": name, "value": _x(value)})
    notes = []
    for o in run.outcomes:
        case = ET.SubElement(suite, "testcase", {"name": _x(o.path), "classname": "tqa.gate",
                                                 "time": f"{_seconds(o.result):.3f}"})
        if o.result is None:
            ET.SubElement(case, "error", {"type": "InputError", "message": _x(o.error or "")}).text = _x(o.error or "")
            continue
        r = o.result
        where = Locator(r)
        head = f"quality {r.score.quality:.2f}/100, {len(r.findings)} finding(s), {r.score.words} words"
        lines = [finding_line(o.path, where(f), f)
                 for f in sorted(r.findings, key=lambda f: (-f.severity, f.span.start, f.rule))]
        if r.passed:
            if lines:
                notes += [f"{o.path}: passed, {head}" + (f" ({extra(o)})" if extra(o) else ""), *lines]
            continue
        message = "; ".join(r.reasons) or "failed the gate"
        text = "\n".join([head, *r.reasons, *([extra(o)] if extra(o) else []), "", *lines])
        ET.SubElement(case, "failure", {"type": "tqa.gate", "message": _x(message)}).text = _x(text)
    ET.SubElement(suite, "system-out").text = _x("\n".join([*notes, summary_line(run)]))
    ET.SubElement(suite, "system-err").text = ""
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
