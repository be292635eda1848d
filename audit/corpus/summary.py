"""The corpus summary in the report formats: JSON (summary.json, the machine contract),
Markdown (summary.md, for a pull request or a ticket) and plain terminal text."""

from __future__ import annotations

import json

VERDICT = {0: "PASS", 1: "FAIL", 2: "ERROR", 3: "ERROR"}


def quantile(histogram: list[int], q: float) -> int | None:
    """The q-quantile of the scores, to the whole point below (scores are binned by floor)."""
    total = sum(histogram)
    if not total:
        return None
    need = q * total
    seen = 0
    for score, count in enumerate(histogram):
        seen += count
        if seen >= need and count:
            return score
    return 100


def headline(s: dict) -> str:
    c = s["counts"]
    return (f"{VERDICT[s['exit_code']]}  {c['documents']} document(s): {c['pass']} passed, {c['fail']} failed, "
            f"{c['error']} error(s); {s['findings']} finding(s)")


def _bands(s: dict) -> list[tuple[str, int]]:
    h = {int(k): v for k, v in s["score"]["histogram"].items()}
    bands = [("100", 100, 101), ("95–99", 95, 100), ("90–94", 90, 95), ("80–89", 80, 90), ("50–79", 50, 80), ("0–49", 0, 50)]
    return [(name, sum(h.get(i, 0) for i in range(lo, hi))) for name, lo, hi in bands]


def terminal(s: dict, **_: object) -> str:
    sc = s["score"]
    out = [f"corpus {s['corpus']['input']}: {s['corpus']['rows']} rows in {s['corpus']['shards']} shard(s)",
           f"score: mean {sc['mean']}, p10 {sc['p10']}, median {sc['median']}, p90 {sc['p90']}",
           "distribution: " + ", ".join(f"{name}: {n}" for name, n in _bands(s)),
           "severity: " + ", ".join(f"{k} {v}" for k, v in s["severity"].items())]
    if s["rules"]:
        out.append("rules: " + ", ".join(f"{k} {v}" for k, v in list(s["rules"].items())[:15]))
    if s["worst"]:
        out.append("worst: " + ", ".join(f"{w['id']} ({w['score']:.2f})" for w in s["worst"][:10]))
    for e in s["errors"][:10]:
        out.append(f"error: {e['id']}: {e['error']}")
    out.append(headline(s))
    return "\n".join(out) + "\n"


def markdown(s: dict, **_: object) -> str:
    def cell(v) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    sc = s["score"]
    out = ["# tqa corpus", "", f"**{headline(s)}**", "",
           f"Input `{cell(s['corpus']['input'])}`: {s['corpus']['rows']} rows, {s['corpus']['shards']} shard(s), "
           f"{s['words']} words.", "",
           f"Score: mean {sc['mean']}, p10 {sc['p10']}, median {sc['median']}, p90 {sc['p90']}.", "",
           "| Score | Documents |", "|---|---:|"]
    out += [f"| {name} | {n} |" for name, n in _bands(s)]
    out += ["", "| Rule | Findings |", "|---|---:|"]
    out += [f"| {cell(k)} | {v} |" for k, v in s["rules"].items()] or ["| (none) | 0 |"]
    if s["worst"]:
        out += ["", "| Worst documents | Score | Findings |", "|---|---:|---:|"]
        out += [f"| `{cell(w['id'])}` | {w['score']:.2f} | {w['findings']} |" for w in s["worst"]]
    if s["errors"]:
        out += ["", "| Errors | |", "|---|---|"]
        out += [f"| `{cell(e['id'])}` | {cell(e['error'])} |" for e in s["errors"]]
    return "\n".join(out) + "\n"


def as_json(s: dict, **_: object) -> str:
    return json.dumps(s, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"terminal": terminal, "markdown": markdown, "json": as_json}
