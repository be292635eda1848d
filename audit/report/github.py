"""GitHub Actions workflow commands: an annotation per finding on its line, per file summary.

    ::warning file=a.txt,line=3,endLine=3,col=5,endColumn=20,title=TERM001 (major)::message

Severity → annotation: critical → error, major → warning, minor → notice. A file that failed
the gate gets an `error` annotation saying why; an unreadable file gets an `error` too.
"""

from __future__ import annotations

from audit.model import AuditResult, Severity

KIND = {Severity.CRITICAL: "error", Severity.MAJOR: "warning", Severity.MINOR: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cmd(kind: str, message: str, **props) -> str:
    p = ",".join(f"{k}={_prop(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind} {p}::{_data(message)}" if p else f"::{kind}::{_data(message)}"


def render(result: AuditResult, **options) -> str:
    from audit.report.many import single

    return render_many(single(result), **options)


def render_many(run, **_: object) -> str:
    from audit.report.common import line_col
    from audit.report.many import summary_line

    out = []
    for o in run.outcomes:
        if o.result is None:
            out.append(_cmd("error", o.error or "could not audit this file", file=o.path, title="tqa: cannot audit"))
            continue
        r = o.result
        for f in r.findings:
            l1, c1 = line_col(r.document.text, f.span.start)
            l2, c2 = line_col(r.document.text, f.span.end)
            msg = f.message
            if f.suggestion is not None:
                msg += " → " + ("delete it" if f.suggestion == "" else f.suggestion)
            props = {"file": o.path, "line": l1, "endLine": l2, "title": f"{f.rule} ({f.severity.label})"}
            if l1 == l2:  # GitHub ignores columns on multi-line annotations
                props.update(col=c1, endColumn=c2)
            out.append(_cmd(KIND[f.severity], msg, **{k: props[k] for k in ("file", "line", "endLine", "col", "endColumn", "title") if k in props}))
        if not r.passed:
            out.append(_cmd("error", f"quality {r.score.quality:.2f}/100: " + "; ".join(r.reasons), file=o.path,
                            line=1, title="tqa gate: FAIL"))
    out.append(summary_line(run))
    return "\n".join(out) + "\n"
