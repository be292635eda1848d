"""Multi-file reports for `tqa gate`: dispatch to a renderer's `render_many(run)`, or build one
from the single-file renderers (terminal, json, markdown) plus a summary of the run."""

from __future__ import annotations

import io
import json
from importlib import import_module

from audit.gate import FileOutcome, GateRun
from audit.model import AuditResult

VERDICT = {"pass": "PASS", "fail": "FAIL", "error": "ERROR"}


def render_run(fmt: str, run: GateRun, **options) -> str:
    from audit.report import FORMATS

    module = import_module(FORMATS[fmt])
    if hasattr(module, "render_many"):
        return module.render_many(run, **options)
    builtin = {"terminal": terminal, "json": as_json, "markdown": markdown}.get(fmt)
    if builtin is not None:
        return builtin(run, **options)
    # a renderer with only the single-file form: one report after another
    return "".join(module.render(o.result, **options) for o in run.outcomes if o.result is not None)


def single(result: AuditResult, settings=None) -> GateRun:
    """A one-file run, so `render(result)` of a multi-file renderer shares its code; `settings`
    (those the audit ran with: `tqa audit` passes them) for what reports show of them, such as
    SARIF's `rules-url` and JUnit's min-score."""
    from audit.config import Settings

    return GateRun((FileOutcome(result.document.path, result),), settings if settings is not None else Settings())


def extra(o: FileOutcome) -> str:
    """Baseline and suppression counts of one file, for the summaries."""
    if o.result is None:
        return ""
    bits = []
    b = o.result.data.get("baseline")
    if b and b["known"]:
        bits.append(f"{b['known']} known")
    s = o.result.data.get("suppressions")
    if s and s.get("suppressed"):
        bits.append(f"{len(s['suppressed'])} suppressed")
    return ", ".join(bits)


def summary_line(run: GateRun) -> str:
    c = run.counts
    n = len(run.outcomes)
    verdict = "PASS" if run.exit_code == 0 else ("FAIL" if run.exit_code == 1 else "ERROR")
    line = f"{verdict}  {n} file(s): {c['pass']} passed, {c['fail']} failed, {c['error']} error(s)"
    return line + (f"  ·  baseline {run.baseline}" if run.baseline else "")


def terminal(run: GateRun, color: bool = False, width: int = 110, max_rows: int = 40, **_: object) -> str:
    """The findings of every file (a passing file's too: minor notes and findings under the
    threshold are still worth a look, as ruff and Vale list them), then a table of files, then
    the verdict. `--min-severity major` hides the minor ones."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from audit.report.common import line_col
    from audit.report.terminal import STYLE

    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, soft_wrap=True)
    for o in run.outcomes:
        if o.result is None:
            continue
        for f in o.result.findings:
            line, col = line_col(o.result.document.text, f.span.start)
            t = Text()
            t.append(f"{o.path}:{line}:{col}", style="bold")
            t.append(f"  {f.rule}", style="cyan")
            t.append(f" [{f.severity.label}] ", style=STYLE[f.severity])
            t.append(f.message)
            con.print(t)
    shown = [o for o in run.outcomes if o.status != "pass"] if len(run.outcomes) > max_rows else list(run.outcomes)
    if shown:
        table = Table(show_edge=False, pad_edge=False, expand=False)
        for col, just in (("file", "left"), ("score", "right"), ("crit", "right"), ("major", "right"),
                          ("minor", "right"), ("verdict", "left"), ("why", "left")):
            table.add_column(col, justify=just, overflow="fold")
        for o in shown:
            style = {"pass": "green", "fail": "bold red", "error": "bold magenta"}[o.status]
            if o.result is None:
                table.add_row(o.path, "", "", "", "", Text("ERROR", style=style), o.error or "")
                continue
            s = o.result.score
            why = "; ".join(o.result.reasons) or extra(o)
            table.add_row(o.path, f"{s.quality:.2f}", str(s.counts["critical"]), str(s.counts["major"]),
                          str(s.counts["minor"]), Text(VERDICT[o.status], style=style), why)
        con.print()
        con.print(table)
    if len(shown) < len(run.outcomes):
        con.print(Text(f"({len(run.outcomes) - len(shown)} passing file(s) not listed)", style="dim"))
    style = "bold green" if run.exit_code == 0 else "bold red"
    con.print(Text(summary_line(run), style=style))
    return buf.getvalue()


def as_json(run: GateRun, **_: object) -> str:
    """`{"schema": 1, "gate": {...}, "files": [report | {"path", "error"}]}`; each report is the
    single-file JSON contract (audit.report.common.to_dict)."""
    from audit.report.common import to_dict

    data = {
        "schema": 1,
        "gate": {
            "passed": run.exit_code == 0,
            "exit_code": run.exit_code,
            "counts": run.counts,
            "baseline": run.baseline,
            "min_score": run.settings.min_score,
            "fail_on": run.settings.fail_on.label if run.settings.fail_on else None,
        },
        "files": [
            {"path": o.path, "status": o.status, **to_dict(o.result)} if o.result is not None
            else {"path": o.path, "status": "error", "error": o.error}
            for o in run.outcomes
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def markdown(run: GateRun, **options) -> str:
    """A summary table for a pull-request comment, then each failing file's report."""
    from audit.report.markdown import _cell, render

    out = ["# tqa gate", "", f"**{summary_line(run)}**", "", "| File | Score | Findings | Verdict | Why |",
           "|---|---:|---:|---|---|"]
    for o in run.outcomes:
        if o.result is None:
            out.append(f"| `{_cell(o.path)}` |  |  | ERROR | {_cell(o.error)} |")
        else:
            r = o.result
            why = "; ".join(r.reasons) or extra(o)
            out.append(f"| `{_cell(o.path)}` | {r.score.quality:.2f} | {len(r.findings)} | {VERDICT[o.status]} | {_cell(why)} |")
    out.append("")
    body = [render(o.result, **options) for o in run.outcomes if o.result is not None and not o.result.passed]
    return "\n".join(out) + ("\n" + "\n".join(body) if body else "")
