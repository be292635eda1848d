"""JUnit XML: a test case per file, a failure per finding of a file that failed the gate.

CI systems (GitLab, Jenkins, Azure, CircleCI) show JUnit as test results. A file that passed
is a passing test case (its findings, if any, are listed in <system-out>); a file that failed
has one <failure> per finding (every finding counts toward the score that failed it; with a
baseline, only the new ones are left); a file that could not be read is an <error>.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from audit.model import AuditResult

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: object) -> str:
    """XML 1.0 cannot hold control characters even escaped: replace them."""
    return _INVALID_XML.sub("\ufffd", str(text))


def render(result: AuditResult, **options) -> str:
    from audit.report.many import single

    return render_many(single(result), **options)


def render_many(run, **_: object) -> str:
    from audit.report.common import line_col
    from audit.report.many import summary_line

    c = run.counts
    failures = sum(len(o.result.findings) for o in run.outcomes if o.result is not None and not o.result.passed)
    attrs = {"name": "tqa gate", "tests": str(len(run.outcomes)), "failures": str(failures), "errors": str(c["error"])}
    root = ET.Element("testsuites", attrs)
    suite = ET.SubElement(root, "testsuite", {**attrs, "name": "tqa", "skipped": "0"})
    props = ET.SubElement(suite, "properties")
    s = run.settings
    for name, value in (("min-score", f"{s.min_score:g}"), ("fail-on", s.fail_on.label if s.fail_on else "none"),
                        ("baseline", run.baseline or "")):
        ET.SubElement(props, "property", {"name": name, "value": _x(value)})
    for o in run.outcomes:
        case = ET.SubElement(suite, "testcase", {"classname": "tqa.gate", "name": _x(o.path), "file": _x(o.path)})
        if o.result is None:
            ET.SubElement(case, "error", {"type": "InputError", "message": _x(o.error or "")}).text = _x(o.error or "")
            continue
        r = o.result
        lines = [f"quality {r.score.quality:.2f}/100, {len(r.findings)} finding(s), {r.score.words} words",
                 *r.reasons]
        for f in r.findings:
            line, col = line_col(r.document.text, f.span.start)
            detail = f"{o.path}:{line}:{col} {f.rule} [{f.severity.label}] {f.message}"
            if f.suggestion is not None:
                detail += f"\n  found: {f.text!r}\n  suggestion: {'(delete)' if f.suggestion == '' else repr(f.suggestion)}"
            if r.passed:
                lines.append(detail)
            else:
                el = ET.SubElement(case, "failure", {"type": f.rule, "message": _x(f"{f.rule} [{f.severity.label}] line {line}: {f.message}")})
                el.text = _x(detail)
        ET.SubElement(case, "system-out").text = _x("\n".join(lines))
    ET.SubElement(suite, "system-out").text = _x(summary_line(run))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
