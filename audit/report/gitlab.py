"""GitLab Code Quality: a JSON array of issues for `artifacts: reports: codequality:`.

GitLab reads a subset of the Code Climate issue format (docs.gitlab.com, "Code Quality report
format"): `description`, `check_name`, `fingerprint` (unique per issue: GitLab compares the
merge request's issues with the target branch's by it), `severity` (info, minor, major,
critical, blocker) and `location.path` with `location.lines.begin`. tqa's severities map to
GitLab's of the same name; a file that could not be audited is a `blocker` issue on its line 1
(check `tqa-error`), so the widget shows why the gate could not pass. Paths are relative to the
current directory (run tqa from the repository root). Bilingual files give the unit's line.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from audit.baseline import fingerprint
from audit.report.common import Locator, relative_path
from audit.report.json_report import dumps
from audit.runs import Run


def render(run: Run, **_: object) -> str:
    issues = []
    seen: Counter = Counter()

    def unique(*parts: str) -> str:
        key = "\x1f".join(parts)
        seen[key] += 1  # the same finding twice in a file (a repeated mistake) stays two issues
        return hashlib.sha256(f"{key}\x1f{seen[key]}".encode("utf-8")).hexdigest()[:32]

    for o in run.outcomes:
        path = relative_path(o.path)
        if o.result is None:
            issues.append({"type": "issue", "check_name": "tqa-error",
                           "description": o.error or "could not audit this file",
                           "categories": ["Bug Risk"], "severity": "blocker",
                           "fingerprint": unique(path, "tqa-error"), "location": {"path": path, "lines": {"begin": 1}}})
            continue
        r = o.result
        where = Locator(r)
        for f in r.findings:
            w = where(f)
            text = f"{f.rule} {f.message}"
            if f.suggestion is not None:
                text += " → " + ("delete it" if f.suggestion == "" else repr(f.suggestion))
            if w.unit is not None:
                text += f" (unit {w.unit}: {f.text!r})"
            begin = w.line or 1
            issues.append({
                "type": "issue",
                "check_name": f.rule,
                "description": text,
                "categories": ["Style" if f.category == "Style" else "Clarity"],
                "severity": f.severity.label,
                "fingerprint": unique(path, fingerprint(r, f)),
                "location": {"path": path, "lines": {"begin": begin, "end": max(begin, w.end_line or begin)}},
            })
    return dumps(issues) + "\n"
