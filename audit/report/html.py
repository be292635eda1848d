"""HTML: a self-contained page a reviewer opens offline in any browser.

Per file: the verdict and score, a per-segment chart (inline SVG: the penalty of each segment
as bars, and each metric's per-segment scores as lines when a stage produced them), the article
with every finding highlighted by severity (hover, focus or click a highlight for its rule,
message and suggestion), and the table of findings linking back to the text. No script, no
external resource; every piece of the input is escaped (the article may contain `<script>`).
"""

from __future__ import annotations

from html import escape

from audit.model import AuditResult, Severity

SEV_ORDER = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)
COLOUR = {Severity.CRITICAL: "#c62828", Severity.MAJOR: "#ef6c00", Severity.MINOR: "#f9a825"}
LINE_COLOURS = ("#1565c0", "#2e7d32", "#6a1b9a", "#00838f")

CSS = """
:root{--crit:#c62828;--major:#ef6c00;--minor:#f9a825;--ink:#1d1d1f;--muted:#616161;--line:#e0e0e0}
*{box-sizing:border-box}body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--ink);margin:0;background:#fafafa}
header.top{background:#263238;color:#fff;padding:14px 24px}header.top h1{margin:0;font-size:20px}
header.top p{margin:4px 0 0;color:#cfd8dc}main{max-width:1100px;margin:0 auto;padding:12px 24px 40px}
details.file{background:#fff;border:1px solid var(--line);border-radius:8px;margin:16px 0;padding:0 18px 12px}
details.file>summary{cursor:pointer;padding:12px 0;font-weight:600;font-size:17px;list-style-position:outside}
.badge{display:inline-block;border-radius:4px;padding:0 8px;font-size:13px;color:#fff;margin-left:8px;vertical-align:2px}
.badge.pass{background:#2e7d32}.badge.fail{background:var(--crit)}.badge.error{background:#6a1b9a}
.scorebox{display:flex;gap:24px;align-items:center;flex-wrap:wrap;margin:4px 0 8px}
.score{font-size:40px;font-weight:700;line-height:1}.score small{font-size:16px;color:var(--muted);font-weight:400}
.counts span{margin-right:12px}.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px}
ul.reasons{color:var(--crit);margin:4px 0}ul.notices{color:var(--muted);font-style:italic;margin:4px 0}
figure.chart{margin:10px 0;overflow-x:auto}figure.chart figcaption{font-size:13px;color:var(--muted)}
.legend span{margin-right:14px;font-size:13px}
article.text{white-space:pre-wrap;word-wrap:break-word;border-top:1px solid var(--line);padding-top:12px;
font-family:Georgia,"DejaVu Serif",serif;font-size:17px;line-height:1.7}
mark.f{position:relative;background:transparent;color:inherit;border-radius:2px;cursor:help;padding:1px 0}
mark.sev-critical{background:rgba(198,40,40,.22);border-bottom:3px double var(--crit)}
mark.sev-major{background:rgba(239,108,0,.20);border-bottom:2px solid var(--major)}
mark.sev-minor{background:rgba(255,235,59,.38);border-bottom:2px dotted #b28900}
mark.f .tip{display:none;position:absolute;left:0;top:1.9em;z-index:10;width:max-content;max-width:420px;
white-space:normal;background:#263238;color:#fff;font:13px/1.4 system-ui,"DejaVu Sans",sans-serif;
padding:8px 10px;border-radius:6px;box-shadow:0 4px 14px rgba(0,0,0,.25)}
mark.f:hover .tip,mark.f:focus .tip,mark.f:target .tip{display:block}
mark.f:target{outline:2px solid #1565c0}.tip b{color:#ffe082}.tip .sugg{color:#a5d6a7}
table.findings{border-collapse:collapse;width:100%;margin-top:14px;font-size:14px}
table.findings th,table.findings td{border-bottom:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}
table.findings th{background:#f5f5f5}table.index{background:#fff;margin-bottom:8px}td.sev-critical{color:var(--crit);font-weight:700}
td.sev-major{color:var(--major);font-weight:700}td.sev-minor{color:#a07700;font-weight:700}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.92em}
footer{color:var(--muted);font-size:12px;margin-top:24px;word-break:break-all}
@media print{mark.f .tip{display:none!important}details.file{break-inside:avoid}}
"""


def render(result: AuditResult, **options) -> str:
    from audit.report.many import single

    return render_many(single(result, options.pop("settings", None)), **options)


def render_many(run, max_open: int = 20, **_: object) -> str:
    from audit.report.many import summary_line

    e = escape
    title = run.outcomes[0].path if len(run.outcomes) == 1 else f"{len(run.outcomes)} files"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>tqa report: {e(title)}</title><style>{CSS}</style></head><body>",
           '<header class="top"><h1>Translation quality report</h1>', f"<p>{e(summary_line(run))}</p></header><main>"]
    out.append('<p class="legend">' + "".join(
        f'<span><span class="dot" style="background:{COLOUR[s]}"></span>{s.label}</span>' for s in SEV_ORDER)
        + "<span>· hover or click a highlight for details</span></p>")
    if len(run.outcomes) > 1:
        out.append(_index(run))
    for i, o in enumerate(run.outcomes, 1):
        is_open = o.status != "pass" and i <= max_open or len(run.outcomes) == 1
        out.append(f'<details class="file" id="file-{i}"{" open" if is_open else ""}><summary>{e(o.path)}'
                   f'<span class="badge {o.status}">{o.status.upper()}</span></summary>')
        if o.result is None:
            out.append(f'<p class="error">{e(o.error or "could not audit this file")}</p></details>')
            continue
        out.append(_file(o.result, i, run.settings.weights))
        out.append("</details>")
    sig = next((o.result.signature for o in run.outcomes if o.result), "")
    out.append(f"<footer>{e(sig)}</footer></main></body></html>")
    return "\n".join(out) + "\n"


def _index(run) -> str:
    """One row per file, linking to its section: the overview of a multi-file run."""
    e = escape
    rows = ['<table class="findings index"><thead><tr><th>File</th><th>Score</th><th>Findings</th><th>Verdict</th>'
            "<th>Why</th></tr></thead><tbody>"]
    for i, o in enumerate(run.outcomes, 1):
        r = o.result
        score = f"{r.score.quality:.2f}" if r else ""
        count = str(len(r.findings)) if r else ""
        why = "; ".join(r.reasons) if r else (o.error or "")
        rows.append(f'<tr><td><a href="#file-{i}">{e(o.path)}</a></td><td>{score}</td><td>{count}</td>'
                    f'<td><span class="badge {o.status}">{o.status.upper()}</span></td><td>{e(why)}</td></tr>')
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _file(r: AuditResult, n: int, weights: dict | None = None) -> str:
    e = escape
    s = r.score
    doc = r.document
    parts = ['<div class="scorebox">',
             f'<div class="score">{s.quality:.2f}<small> / 100</small></div>',
             '<div class="counts">' + "".join(
                 f'<span><span class="dot" style="background:{COLOUR[sv]}"></span>{s.counts[sv.label]} {sv.label}</span>'
                 for sv in SEV_ORDER) + f"<br>{s.words} words · penalty {s.per_1000:g} per 1000 words · "
             + e(f"language {doc.lang}" + (f" from {doc.source_lang}" if doc.source_lang else "")
                 + (f" · date {doc.date}" if doc.date else "")) + "</div></div>"]
    if r.reasons:
        parts.append('<ul class="reasons">' + "".join(f"<li>{e(x)}</li>" for x in r.reasons) + "</ul>")
    if r.notices:
        parts.append('<ul class="notices">' + "".join(f"<li>{e(x)}</li>" for x in r.notices) + "</ul>")
    parts.append(chart(r, weights=weights))
    parts.append(f'<article class="text" lang="{e(doc.lang)}">{marked_text(r, n)}</article>')
    parts.append(_table(r, n))
    return "\n".join(parts)


def _tip(f) -> str:
    e = escape
    sugg = ""
    if f.suggestion is not None:
        sugg = '<br><span class="sugg">→ ' + ("delete" if f.suggestion == "" else e(f.suggestion)) + "</span>"
    return f"<b>{e(f.rule)}</b> {e(f.severity.label)} · {e(f.category)}<br>{e(f.message)}{sugg}"


def marked_text(r: AuditResult, n: int) -> str:
    """The text, split at every finding boundary; each covered piece in a <mark> of the worst
    severity covering it, with the covering findings in its tooltip."""
    text = r.document.text
    findings = [(i, f) for i, f in enumerate(r.findings, 1) if f.span.end > f.span.start]
    cuts = sorted({0, len(text), *(f.span.start for _, f in findings), *(f.span.end for _, f in findings)})
    out, first_piece = [], set()
    for a, b in zip(cuts, cuts[1:]):
        cover = [(i, f) for i, f in findings if f.span.start <= a and b <= f.span.end]
        piece = escape(text[a:b])
        if not cover:
            out.append(piece)
            continue
        worst = max(f.severity for _, f in cover)
        ids = " ".join(str(i) for i, _ in cover)
        anchor = ""
        new = [i for i, _ in cover if i not in first_piece]
        if new:
            first_piece.update(new)
            anchor = f' id="f{n}-{new[0]}"'
        tips = "<hr>".join(_tip(f) for _, f in cover)
        label = escape("; ".join(f"{f.rule} {f.severity.label}: {f.message}" for _, f in cover), quote=True)
        out.append(f'<mark class="f sev-{worst.label}"{anchor} tabindex="0" data-f="{ids}" aria-label="{label}">'
                   f'{piece}<span class="tip" role="tooltip">{tips}</span></mark>')
    return "".join(out)


def _table(r: AuditResult, n: int) -> str:
    from audit.report.common import line_col

    e = escape
    if not r.findings:
        return "<p>No findings.</p>"
    rows = ['<table class="findings"><thead><tr><th>#</th><th>Line</th><th>Rule</th><th>Severity</th><th>Found</th>'
            "<th>Suggestion</th><th>Message</th></tr></thead><tbody>"]
    for i, f in enumerate(r.findings, 1):
        line, col = line_col(r.document.text, f.span.start)
        sugg = "" if f.suggestion is None else ("<em>(delete)</em>" if f.suggestion == "" else e(f.suggestion))
        found = f'<a href="#f{n}-{i}">{e(f.text)}</a>' if f.span.end > f.span.start else e(f.text)
        rows.append(f"<tr><td>{i}</td><td>{line}:{col}</td><td><code>{e(f.rule)}</code></td>"
                    f'<td class="sev-{f.severity.label}">{f.severity.label}</td><td>{found}</td><td>{sugg}</td>'
                    f"<td>{e(f.message)}</td></tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def chart(r: AuditResult, height: int = 150, weights: dict | None = None) -> str:
    """Per-segment penalty bars (coloured by the worst finding) and metric lines (0-100)."""
    e = escape
    segs = r.document.segments
    if not segs:
        return ""
    weights = weights or {"minor": 1.0, "major": 5.0, "critical": 25.0}
    pen = [0.0] * len(segs)
    worst: list[Severity | None] = [None] * len(segs)
    for f in r.findings:
        if f.segment is not None and 0 <= f.segment < len(segs):
            pen[f.segment] += weights[f.severity.label]
            worst[f.segment] = max(worst[f.segment] or f.severity, f.severity)
    n = len(segs)
    left, right, top, bottom = 36, 36, 10, 22
    step = max(6.0, min(24.0, 860.0 / n))
    width = int(left + right + step * n)
    plot_h = height - top - bottom
    top_pen = max(max(pen), 5.0)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
           f'aria-label="per-segment penalty and metrics" font-family="system-ui,DejaVu Sans,sans-serif" font-size="10">',
           f'<rect x="{left}" y="{top}" width="{step * n:.1f}" height="{plot_h}" fill="#fcfcfc" stroke="#e0e0e0"/>',
           f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" fill="#616161">{top_pen:g}</text>',
           f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" fill="#616161">0</text>']
    for i, p in enumerate(pen):
        if p <= 0:
            continue
        h = plot_h * p / top_pen
        x = left + i * step + step * 0.15
        colour = COLOUR[worst[i]] if worst[i] else "#9e9e9e"
        svg.append(f'<rect class="bar" x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                   f'fill="{colour}"><title>segment {i + 1}: penalty {p:g} — {e(segs[i].text[:80])}</title></rect>')
    metrics = [m for m in r.metrics if m.per_segment]
    for k, m in enumerate(metrics):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        run: list[str] = []
        for i, v in enumerate(list(m.per_segment)[:n] + [None]):
            if v is None:
                if len(run) > 1:
                    svg.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{" ".join(run)}"/>')
                run = []
                continue
            y = top + plot_h * (1 - max(0.0, min(100.0, float(v))) / 100.0)
            x = left + i * step + step / 2
            run.append(f"{x:.1f},{y:.1f}")
            svg.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{colour}"><title>{e(m.name)} segment {i + 1}: '
                       f"{float(v):.1f}</title></circle>")
    if metrics:
        svg.append(f'<text x="{width - right + 4}" y="{top + 8}" fill="#616161">100</text>'
                   f'<text x="{width - right + 4}" y="{top + plot_h}" fill="#616161">0</text>')
    for i in range(0, n, max(1, n // 12 or 1)):
        svg.append(f'<text x="{left + i * step + step / 2:.1f}" y="{height - 8}" text-anchor="middle" fill="#616161">{i + 1}</text>')
    svg.append("</svg>")
    names = ", ".join(f'<span style="color:{LINE_COLOURS[k % len(LINE_COLOURS)]}">━ {e(m.name)}</span>'
                      for k, m in enumerate(metrics))
    w = "/".join(f"{weights[k]:g}" for k in ("minor", "major", "critical"))
    caption = (f"Bars: penalty per segment (severity weights {w}), coloured by the worst finding. "
               + (f"Lines (right axis, 0–100): {names}." if metrics else
                  "No per-segment metrics in this audit (reference alignment or back-translation adds them)."))
    return f'<figure class="chart">{"".join(svg)}<figcaption>{caption}</figcaption></figure>'
