"""HTML: a self-contained page a reviewer opens offline in any browser.

Rendered from Jinja2 templates with autoescape (audit/report/templates/: the page, its CSS and
its small script, inlined: no external resource). Every piece of the input reaches the page as
a template variable, so it is escaped in text and in attributes alike (the article may hold
`<script>` or `" onmouseover=`); this module only computes what the templates show.

Per file: the verdict and score, a bar chart of the penalty per segment (axis titles, a legend)
and one small chart per per-segment metric, the text with every finding highlighted, its
suggestion shown after it, nested findings nested (a number inside a sentence-level finding
keeps its own highlight), severities told apart by colour, underline and an icon; with a source
(`--source`, bilingual files) the source beside the translation, one row per pair; with a
reference (`--reference`) the word-level diff of each aligned pair that differs; the table of
findings, each rule code linking to its documentation (`rules-url`, else docs/rules.md, as in
SARIF). A filter bar (severity, rule, file, "only segments with findings") hides rows and
highlights; its state is kept in the URL fragment (`#sev=critical,major&rule=TERM001&file=2`),
so a filtered view can be bookmarked or sent. Without script the page shows everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from audit.checks import BY_CODE
from audit.model import AuditResult, Finding, Severity
from audit.reference_texts import shown_path
from audit.report.alignment import differences
from audit.report.common import Locator, line_col, summary_line
from audit.report.ruledocs import default_rules_url, help_uri
from audit.runs import Run

TEMPLATES = Path(__file__).resolve().parent / "templates"
SEV_ORDER = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)
# Okabe-Ito-like: dark red, orange and blue differ in hue and lightness for the common colour
# vision deficiencies; each severity also has its own underline and icon (never colour alone).
COLOUR = {Severity.CRITICAL: "#b2182b", Severity.MAJOR: "#e69f00", Severity.MINOR: "#0072b2"}
ICON = {Severity.CRITICAL: "\u2716", Severity.MAJOR: "\u25b2", Severity.MINOR: "\u25cf"}  # ✖ ▲ ●
NEUTRAL = "#8c8c8c"
MAX_SUGGESTION = 60  # characters of a suggestion shown in the text (the table has it whole)
MAX_DIFF_ROWS = 400  # aligned pairs shown in the reference diff

_env = None


def _environment():
    global _env
    if _env is None:
        from jinja2 import Environment, FileSystemLoader, StrictUndefined  # heavy, optional: only the HTML report needs it

        _env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                           trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return _env


def render(run: Run, max_open: int = 20, **_: object) -> str:
    links = RuleLinks(run.settings)
    files = []
    for i, o in enumerate(run.outcomes, 1):
        view = {"n": i, "path": o.path, "status": o.status, "error": o.error or "could not audit this file",
                "open": len(run.outcomes) == 1 or (o.status != "pass" and i <= max_open), "result": None}
        if o.result is not None:
            view["result"] = _file(o.result, i, run.settings.weights, links)
        files.append(view)
    rules: dict[str, int] = {}
    for o in run.outcomes:
        for f in (o.result.findings if o.result else ()):
            rules[f.rule] = rules.get(f.rule, 0) + 1
    severities = [_sev(s) for s in SEV_ORDER]
    for s in severities:
        s["count"] = sum(o.result.score.counts[s["label"]] for o in run.outcomes if o.result)
    page = _environment().get_template("report.html.j2").render(
        title=run.outcomes[0].path if len(run.outcomes) == 1 else f"{len(run.outcomes)} files",
        summary=summary_line(run),
        files=files,
        multi=len(run.outcomes) > 1,
        severities=severities,
        rules=[{"code": c, "count": n, "url": links(c)} for c, n in sorted(rules.items())],
        total=sum(rules.values()),
        signature=next((o.result.signature for o in run.outcomes if o.result), ""),
    )
    return page


def _sev(s: Severity) -> dict:
    return {"label": s.label, "icon": ICON[s], "colour": COLOUR[s]}


class RuleLinks:
    """Rule code → documentation link: `rules-url` from the config, else the docs/rules.md
    beside this tqa (the template and helper SARIF's helpUri uses). Only http(s) and file links
    are made; anything else (a `javascript:` template) gives no link."""

    def __init__(self, settings):
        self.template = getattr(settings, "rules_url", None) or default_rules_url()
        self.cache: dict[str, str | None] = {}

    def __call__(self, code: str) -> str | None:
        if code not in self.cache:
            self.cache[code] = self._make(code)
        return self.cache[code]

    def _make(self, code: str) -> str | None:
        rule = BY_CODE.get(code)
        if rule is None or not self.template:
            return None
        url = help_uri(self.template, rule)
        return url if urlsplit(url).scheme.lower() in ("http", "https", "file") else None


# --- one file ---------------------------------------------------------------------------------


def _file(r: AuditResult, n: int, weights: dict | None, links: RuleLinks) -> dict:
    doc, s = r.document, r.score
    weights = weights or {"minor": 1.0, "major": 5.0, "critical": 25.0}
    marker = Marker(r, n, links)
    bil = r.data.get("bilingual") or {}
    rows = _bitext_rows(r, marker) if bil.get("pairs") else None
    text = None if rows is not None else marker.tokens(0, len(doc.text))
    where = Locator(r)
    findings = []
    for i, f in enumerate(r.findings, 1):
        w = where(f)
        at = (f"unit {w.unit}" + (f" (line {w.line})" if w.line else "")) if w.unit else f"{w.line}:{w.column}"
        findings.append({"i": i, "at": at, "rule": f.rule, "url": links(f.rule), "sev": _sev(f.severity),
                         "category": f.category, "text": f.text, "suggestion": f.suggestion, "message": f.message,
                         "anchor": f"f{n}-{i}" if i in marker.anchored else None,
                         "absorbed": [{"rule": a.rule, "url": links(a.rule), "severity": a.severity.label,
                                       "message": a.message} for a in f.absorbed]})
    return {
        "quality": f"{s.quality:.2f}", "words": s.words, "per_1000": f"{s.per_1000:g}",
        "counts": [dict(_sev(sv), count=s.counts[sv.label]) for sv in SEV_ORDER],
        "lang": doc.lang, "source_lang": doc.source_lang or (bil.get("source_lang") if bil else None),
        "date": doc.date, "reasons": list(r.reasons), "notices": list(r.notices),
        "chart": penalty_chart(r, weights), "metric_charts": metric_charts(r),
        "text": text, "rows": rows, "source_file": bil.get("source"),
        "refdiff": reference_diff(r), "findings": findings,
    }


@dataclass
class Token:
    kind: str  # "text" | "open" | "close"
    text: str = ""
    mark: dict = field(default_factory=dict)


class Marker:
    """The text of a range as tokens the template turns into nested <mark> elements.

    Each <mark> is one finding. Findings nest as their spans do: a finding inside another (a
    number inside a sentence-level finding) is a <mark> inside the other's, with its own
    colour, so it stays visible. Spans that cross are split at the crossing; the first piece
    of a finding carries its anchor (`f{file}-{i}`, the table links to it), the last its
    suggestion (`data-sugg`, shown after the text by CSS, so a copy of the text stays the text).
    """

    def __init__(self, r: AuditResult, n: int, links: RuleLinks):
        self.text = r.document.text
        self.n = n
        self.links = links
        found = [(i, f) for i, f in enumerate(r.findings, 1) if f.span.end > f.span.start]
        self.order = sorted(found, key=lambda t: (t[1].span.start, -t[1].span.end, t[0]))  # outer first
        self.anchored: set[int] = set()
        self._next = 0  # a sweep over self.order: ranges come in text order (one, or the rows)
        self._active: list[tuple[int, Finding]] = []
        self._at = -1

    def _inside(self, a: int, b: int) -> list[tuple[int, Finding]]:
        if a < self._at:  # out of order: start the sweep again
            self._next, self._active = 0, []
        self._at = a
        while self._next < len(self.order) and self.order[self._next][1].span.start < b:
            self._active.append(self.order[self._next])
            self._next += 1
        self._active = [t for t in self._active if t[1].span.end > a]
        return [t for t in self._active if t[1].span.start < b]

    def tokens(self, a: int, b: int) -> list[Token]:
        text = self.text
        inside = self._inside(a, b)  # in self.order's order: outer before inner
        cuts = sorted({a, b, *(max(a, f.span.start) for _, f in inside), *(min(b, f.span.end) for _, f in inside)})
        out: list[Token] = []
        stack: list[int] = []
        by_id = dict(inside)
        last_open: dict[int, Token] = {}
        active: list[tuple[int, Finding]] = []
        k_next = 0
        for x, y in zip(cuts, cuts[1:]):
            while k_next < len(inside) and inside[k_next][1].span.start <= x:
                active.append(inside[k_next])
                k_next += 1
            active = [t for t in active if t[1].span.end >= y]
            want = [i for i, _ in active]  # still outer first: `active` keeps self.order's order
            k = 0
            while k < len(stack) and k < len(want) and stack[k] == want[k]:
                k += 1
            for i in reversed(stack[k:]):
                out.append(Token("close", mark=self._tip(i, by_id[i])))
            stack = stack[:k]
            for i in want[k:]:
                tok = Token("open", mark=self._open(i, by_id[i]))
                out.append(tok)
                last_open[i] = tok
                stack.append(i)
            out.append(Token("text", text[x:y]))
        for i in reversed(stack):
            out.append(Token("close", mark=self._tip(i, by_id[i])))
        for i, tok in last_open.items():  # the suggestion goes after the finding's last piece
            f = by_id[i]
            if f.suggestion is not None and f.span.end <= b:
                sugg = "delete" if f.suggestion == "" else f.suggestion
                tok.mark["sugg"] = sugg if len(sugg) <= MAX_SUGGESTION else sugg[: MAX_SUGGESTION - 1] + "…"
        return out

    def _open(self, i: int, f: Finding) -> dict:
        anchor = None
        if i not in self.anchored:
            self.anchored.add(i)
            anchor = f"f{self.n}-{i}"
        return {"i": i, "anchor": anchor, "rule": f.rule, "sev": f.severity.label, "sugg": None,
                "label": f"{f.rule} {f.severity.label}: {f.message}"
                         + ("" if f.suggestion is None else f" (suggestion: {f.suggestion or 'delete'})")}

    def _tip(self, i: int, f: Finding) -> dict:
        return {"i": i, "rule": f.rule, "url": self.links(f.rule), "sev": _sev(f.severity), "category": f.category,
                "message": f.message, "suggestion": f.suggestion,
                "absorbed": [f"{a.rule} {a.severity.label}: {a.message}" for a in f.absorbed]}


def _bitext_rows(r: AuditResult, marker: Marker) -> list[dict]:
    """Source beside translation: one row per pair, in the order of the translation; a source
    unit with no translation and target text with no source get a row with one side empty."""
    bil = r.data["bilingual"]
    items = []
    for p in bil.get("pairs", ()):
        items.append((p["start"], 0, {"kind": "pair", "id": str(p.get("id", "")), "line": p.get("line"),
                                      "source": p.get("source") or "", "span": (p["start"], p["end"])}))
    for u in bil.get("unpaired_target", ()) or ():
        items.append((u["start"], 1, {"kind": "target-only", "id": "", "line": None, "source": None,
                                      "span": (u["start"], u["end"])}))
    for u in bil.get("unpaired_source", ()) or ():
        items.append((u.get("at", 0), 2, {"kind": "source-only", "id": str(u.get("id", "")), "line": None,
                                          "source": u.get("source") or "", "span": None}))
    rows = []
    for _, _, row in sorted(items, key=lambda t: (t[0], t[1])):
        a_b = row.pop("span")
        row["target"] = marker.tokens(*a_b) if a_b else None
        row["flagged"] = bool(a_b) and any(t.kind == "open" for t in row["target"])
        rows.append(row)
    return rows


def reference_diff(r: AuditResult) -> dict | None:
    """The reference alignment (`data["alignment"]`, audit/stages/reference.py): references, document
    scores, and each aligned pair that differs as a word diff (deleted: the translation's
    words; inserted: the reference's), glossary and number differences, unaligned segments."""
    al = r.data.get("alignment")
    if not al or not al.get("references"):
        return None
    text = r.document.text
    names = [Path(x["path"]).name for x in al["references"]]
    pairs = []
    differing = [p for p in al.get("pairs", ()) if p.get("diff")]
    for p in differing[:MAX_DIFF_ROWS]:
        parts, pos = [], p["start"]
        for op in sorted(p["diff"], key=lambda o: (o["start"], o["end"])):
            if op["start"] < pos:  # overlapping ops (never expected): keep the text readable
                continue
            if op["start"] > pos:
                parts.append({"kind": "same", "text": text[pos:op["start"]]})
            if op["end"] > op["start"]:
                parts.append({"kind": "del", "text": text[op["start"]:op["end"]]})
            if op.get("reference"):
                parts.append({"kind": "ins", "text": op["reference"]})
                if op["end"] <= op["start"]:
                    parts.append({"kind": "same", "text": " "})
            pos = op["end"]
        if pos < p["end"]:
            parts.append({"kind": "same", "text": text[pos:p["end"]]})
        line, _ = line_col(text, p["start"])
        scores = p.get("scores") or {}
        key = next((k for k in ("chrF", "chrF++", "BLEU") if k in scores), None)
        pairs.append({"line": line, "score": f"{key} {scores[key]:.1f}" if key else "", "parts": parts,
                      "reference": f"{names[p['ref']]}:{p.get('reference_line', '?')}",
                      "reference_text": p.get("reference_text", "")})
    notes = []
    for p, d, kind in differences(al):
        line, col = line_col(text, d["start"])
        what = f"glossary: {', '.join(d['entries'])}" if kind == "glossary" else f"number ({d['kind']})"
        notes.append({"at": f"{line}:{col}", "what": what, "reference": d["reference"],
                      "target": d["target"] if d.get("located", True) else "(not in this place)",
                      "where": f"{names[p['ref']]}:{p.get('reference_line', '?')}"})
    unaligned = [{"at": "{}:{}".format(*line_col(text, a["start"])), "side": "added (translation only)",
                  "text": a["text"]} for a in al.get("unaligned_target", ())]
    unaligned += [{"at": f"after line {line_col(text, max(d['at'] - 1, 0))[0]}",
                   "side": f"dropped ({names[d['ref']]}:{d['line']})", "text": d["text"]}
                  for d in al.get("unaligned_reference", ())]
    return {"references": [{"path": shown_path(x["path"]), "kind": x["kind"], "segments": x["segments"]}
                           for x in al["references"]],
            "metrics": [{"name": m["name"], "score": f"{m['score']:.2f}", "signature": m["signature"],
                         "better": "higher" if m.get("higher_is_better", True) else "lower"}
                        for m in al.get("metrics", ())],
            "pairs": pairs, "hidden": max(0, len(differing) - MAX_DIFF_ROWS), "aligned": len(al.get("pairs", ())),
            "notes": notes, "unaligned": unaligned}


# --- charts (inline SVG; the geometry here, the drawing in templates/charts.html.j2) -----------

LEFT, RIGHT, TOP = 56, 16, 14


def _x_axis(n: int) -> tuple[float, int, list[dict]]:
    step = max(6.0, min(24.0, 860.0 / n))
    if step * n < 320:  # a few segments: wide enough for the axis title
        step = 320.0 / n
    every = max(1, -(-n // 15))
    ticks = [{"x": round(LEFT + i * step + step / 2, 1), "label": i + 1} for i in range(0, n, every)]
    return step, int(LEFT + RIGHT + step * n), ticks


def penalty_chart(r: AuditResult, weights: dict, height: int = 190) -> dict | None:
    """Bars: the weighted penalty of each segment, coloured (and, where wide enough, marked
    with the icon) of its worst finding; axis titles on both axes; the legend is HTML."""
    segs = r.document.segments
    if not segs:
        return None
    n = len(segs)
    pen = [0.0] * n
    worst: list[Severity | None] = [None] * n
    for f in r.findings:
        if f.segment is not None and 0 <= f.segment < n:
            pen[f.segment] += weights[f.severity.label]
            worst[f.segment] = max(worst[f.segment] or f.severity, f.severity)
    step, width, ticks = _x_axis(n)
    bottom = 40
    plot_h = height - TOP - bottom
    top = max(max(pen), 5.0)
    bars = []
    for i, p in enumerate(pen):
        if p <= 0:
            continue
        h = plot_h * p / top
        w = worst[i]
        bw = min(step * 0.7, 28.0)
        bars.append({"x": round(LEFT + i * step + (step - bw) / 2, 1), "y": round(TOP + plot_h - h, 1),
                     "w": round(bw, 1), "h": round(h, 1), "fill": COLOUR[w] if w else NEUTRAL,
                     "icon": ICON[w] if w and step >= 12 else "", "cx": round(LEFT + i * step + step / 2, 1),
                     "title": f"segment {i + 1}: penalty {p:g} (worst: {w.label if w else 'none'}) — "
                              f"{segs[i].text[:80]}"})
    yticks = [{"y": round(TOP + plot_h * (1 - v / top), 1), "label": f"{v:g}"} for v in (0, top / 2, top)]
    w = "/".join(f"{weights[k]:g}" for k in ("minor", "major", "critical"))
    return {"width": width, "height": height, "left": LEFT, "top": TOP, "plot_w": round(step * n, 1),
            "plot_h": plot_h, "bars": bars, "xticks": ticks, "yticks": yticks, "weights": w,
            "x_title": "segment (sentence) in text order", "y_title": "penalty"}


def metric_charts(r: AuditResult, height: int = 120) -> list[dict]:
    """One small chart per per-segment metric (chrF, BLEU, TER, round-trip chrF): each with its
    own axis and title, instead of several lines tangled on one chart."""
    n = len(r.document.segments)
    out = []
    aligned = (r.data.get("alignment") or {}).get("metrics", ())
    lower_better = {m["name"] for m in aligned if not m.get("higher_is_better", True)}
    for m in r.metrics:
        values = list(m.per_segment)[:n]
        if not n or not any(v is not None for v in values):
            continue
        step, width, ticks = _x_axis(n)
        bottom = 34
        plot_h = height - TOP - bottom
        top = max(100.0, *(float(v) for v in values if v is not None))
        runs, run, points = [], [], []
        for i, v in enumerate(values + [None]):
            if v is None:
                if len(run) > 1:
                    runs.append(" ".join(run))
                run = []
                continue
            x = round(LEFT + i * step + step / 2, 1)
            y = round(TOP + plot_h * (1 - max(0.0, float(v)) / top), 1)
            run.append(f"{x},{y}")
            points.append({"x": x, "y": y, "title": f"{m.name}, segment {i + 1}: {float(v):.1f}"})
        better = "lower" if m.name in lower_better or m.name.upper().endswith("TER") else "higher"
        out.append({"name": m.name, "score": f"{m.score:.2f}", "better": better, "width": width, "height": height,
                    "left": LEFT, "top": TOP, "plot_w": round(step * n, 1), "plot_h": plot_h, "runs": runs,
                    "points": points, "xticks": ticks,
                    "yticks": [{"y": round(TOP + plot_h * (1 - v / top), 1), "label": f"{v:g}"}
                               for v in (0, top / 2, top)],
                    "missing": sum(1 for v in values if v is None)})
    return out
