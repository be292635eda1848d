"""Concise: one line per finding, like ruff's `--output-format concise` or a compiler's.

    news/article.en.txt:7:74: TERM001 [major] 'WRONG FORM' is a known wrong rendering … → 'CANONICAL FORM'

`path:line:col:` (bilingual files: `path:line:` of the unit, and `(unit ID)`), the rule, the
severity, the message and the suggestion (`→ (delete)` for a deletion). An unreadable file is
`path: error: …`. The last line is the verdict, as in the terminal report; nothing is coloured,
so the output greps, sorts and opens in editors' quickfix lists (`vim -q`, Emacs
compilation-mode).
"""

from __future__ import annotations

from audit.errors import printable
from audit.report.common import Locator, summary_line
from audit.runs import Run


def render(run: Run, **_: object) -> str:
    out = []
    for o in run.outcomes:
        if o.result is None:
            out.append(f"{o.path}: error: {' '.join((o.error or 'could not audit this file').split())}")
            continue
        where = Locator(o.result)
        for f in o.result.findings:
            w = where(f)
            pos = ":".join(str(x) for x in (o.path, w.line, w.column) if x is not None)
            line = f"{pos}: {f.rule} [{f.severity.label}] {' '.join(f.message.split())}"
            if f.suggestion is not None:
                line += " → " + ("(delete)" if f.suggestion == "" else repr(f.suggestion))
            if w.unit is not None:
                line += f" (unit {w.unit})"
            out.append(line)
    n = sum(len(o.result.findings) for o in run.outcomes if o.result is not None)
    out.append(f"{summary_line(run)}  ·  {n} finding(s)")
    return "\n".join(printable(line) for line in out) + "\n"
