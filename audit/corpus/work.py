"""Auditing one shard: the same function whichever executor runs it, so results are identical.

A worker (a pool process, a Ray actor) calls `prepare(job)` once: it loads the references,
glossary and lexicons and builds the optional stages (the gate's `init_worker`), then
`audit_shard(shard, job)` for each shard it is given. The result is the shard's two JSON
Lines files as bytes and a small summary; the driver writes them.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from audit import entry, gate
from audit.config import Settings
from audit.corpus import parquet_out, translators
from audit.corpus.inputs import Row, Shard, read_shard
from audit.errors import InputError, TqaError
from audit.reading import MAX_BYTES_DEFAULT
from audit.report.common import to_dict


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to audit any shard of the corpus (plain, picklable values)."""

    settings: Settings
    refs_root: str | None = None
    glossary: tuple[str, ...] = ()
    lexicon: tuple[str, ...] = ()
    stages: object = None  # audit.gate.StageOptions
    id_col: str = "id"
    text_col: str = "text"
    source_col: str | None = None
    lang: str | None = None
    source_lang: str | None = None
    date: str | None = None
    max_bytes: int | None = None
    worst: int = 20
    output_format: str = "jsonl"  # or "parquet" (audit.corpus.parquet_out)
    # --allow-special-files (or TQA_ALLOW_SPECIAL_FILES=1 for the driver): set in every worker by
    # prepare(), since a Ray actor has its node's environment, not the driver's
    allow_special_files: bool = False

    def key(self) -> dict:
        """What the results depend on: a resumed run must have the same."""
        s = asdict(self.settings)
        s.pop("origins", None)
        d = {k: v for k, v in asdict(self).items() if k not in ("settings", "stages", "worst")}
        if not self.allow_special_files:  # absent when off: runs recorded before the field resume as they were
            d.pop("allow_special_files")
        d["settings"] = s
        d["stages"] = repr(self.stages)
        return json.loads(json.dumps(d, default=str, sort_keys=True))


@dataclass
class ShardResult:
    index: int
    rows: int
    documents: bytes
    findings: bytes
    summary: dict = field(default_factory=dict)


_PREPARED: dict = {}
_SHARED = translators.SharedMake()  # this process's loaded back-translation models


def prepare(job: Job, make=None) -> None:
    """Load what every audit of the job needs, once per process. `make`: the back-translation
    model factory (default: one model per process, loaded on first use; a Ray auditing actor
    gives the translator pool's, audit.corpus.translators)."""
    if (_PREPARED.get("job") == job and (make is None or _PREPARED.get("make") is make)
            and _PREPARED.get("stages") is gate.WORKER_STATE.get("stages")):  # nobody rebuilt them since
        return
    if job.lexicon:  # read by audit.lexicon in every process (a Ray node has no parent's env)
        os.environ["TQA_LEXICON"] = os.pathsep.join(job.lexicon)
    if job.allow_special_files:  # read by audit.reading in every process, likewise
        os.environ["TQA_ALLOW_SPECIAL_FILES"] = "1"
    gate.init_worker(job.refs_root, job.glossary, job.stages)
    if job.stages is not None and job.stages.enabled:  # not a model per document
        gate.WORKER_STATE["stages"] = translators.stages_with(job.stages, make or _SHARED)
    _PREPARED.update(job=job, make=make, stages=gate.WORKER_STATE.get("stages"))


def warm(job: Job) -> None:
    """Audit two short texts in this process so forked workers inherit warm caches (language
    profiles, glossary matchers, the pair's lexicon), without the optional stages: a model
    (named, or a pair's default found on this machine) is never loaded before the fork."""
    prepare(job)
    samples = [Row(0, "warm", "The council met on Tuesday and approved the budget for the libraries.")]
    if job.source_col:
        samples.append(Row(0, "warm", "The minister met the mayor of Moscow on Monday.", "Министр встретился с мэром Москвы в понедельник."))
    stages = gate.WORKER_STATE.get("stages")
    gate.WORKER_STATE["stages"] = ()  # never a model here: torch's thread pools do not survive the fork
    try:
        for r in samples:
            try:
                _audit_row(r, job)
            except Exception:  # noqa: BLE001 - only an optimisation
                pass
    finally:
        gate.WORKER_STATE["stages"] = stages


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def audit_shard(shard: Shard, job: Job) -> ShardResult:
    prepare(job)
    docs: list[dict] = []
    finds: list[dict] = []
    summary = new_summary()
    for row in read_shard(shard, job.id_col, job.text_col, job.source_col):
        doc_row, finding_rows = audit_row(row, job)
        docs.append(doc_row)
        finds.extend(finding_rows)
        add_to_summary(summary, doc_row, finding_rows, job.worst)
    n = len(docs)
    if n != shard.rows:  # the input changed under the run: refuse rather than write a wrong shard
        raise InputError(f"{shard.path}: shard {shard.index} holds {n} rows, expected {shard.rows}: "
                         "the input changed since the run started")
    if job.output_format == "parquet":
        return ShardResult(shard.index, n, parquet_out.encode("documents", docs), parquet_out.encode("findings", finds),
                           summary)
    return ShardResult(shard.index, n, _join(docs), _join(finds), summary)


def _join(rows: list[dict]) -> bytes:
    return ("\n".join(_dumps(r) for r in rows) + "\n").encode("utf-8") if rows else b""


def audit_row(row: Row, job: Job) -> tuple[dict, list[dict]]:
    """One document row and its finding rows; a row that cannot be audited is an error row."""
    head = {"id": row.id, "row": row.row}
    if row.error:
        return {**head, "status": "error", "error": row.error}, []
    try:
        result = _audit_row(row, job)
    except TqaError as exc:
        return {**head, "status": "error", "error": str(exc)}, []
    except RecursionError:  # pragma: no cover - a pathological input
        return {**head, "status": "error", "error": "input too deeply nested"}, []
    except Exception as exc:  # noqa: BLE001 - one row's bug must not lose the others' results
        return {**head, "status": "error", "error": f"internal error: {type(exc).__name__}: {exc}", "internal": True}, []
    d = to_dict(result)
    doc_row = {
        **head,
        "status": "pass" if result.passed else "fail",
        "score": d["score"],
        "passed": d["passed"],
        "reasons": d["reasons"],
        "words": d["words"],
        "penalty": d["penalty"],
        "penalty_per_1000": d["penalty_per_1000"],
        "counts": d["counts"],
        "findings": len(d["findings"]),
        "notices": d["notices"],
        "document": d["document"],
        "signature": d["tool"]["signature"],
    }
    if d["metrics"]:
        doc_row["metrics"] = [{"name": m["name"], "score": m["score"]} for m in d["metrics"]]
    return doc_row, [{"id": row.id, **f} for f in d["findings"]]


def _audit_row(row: Row, job: Job):

    refs = gate.WORKER_STATE["refs"]
    stages = gate.WORKER_STATE.get("stages")
    settings = job.settings
    if row.path is not None:  # a file of a directory tree (XLIFF, TMX, PO, TSV, CSV too): what `tqa audit FILE` does
        return entry.audit(row.path, refs, settings.for_path(row.path), stages, lang=job.lang,
                           source_lang=job.source_lang, date=job.date, max_bytes=job.max_bytes)
    text = _text(row.text, job.text_col, row.id, job.max_bytes)
    meta = row.meta or {}
    lang = job.lang or meta.get("lang") or settings.lang
    source_lang = job.source_lang or meta.get("source_lang") or settings.source_lang
    date = job.date or meta.get("date")
    if job.source_col and row.source is not None:
        source = _text(row.source, job.source_col, row.id, job.max_bytes)
        # a segment pair as a one-unit bilingual document, audited as `tqa audit FILE.tsv` would
        return entry.audit(entry.Pair(source, text, str(row.id), path=str(row.id)), refs, settings, stages,
                           lang=lang, source_lang=source_lang, date=date)
    return entry.audit(entry.Text(text, str(row.id)), refs, settings, stages, lang=lang, source_lang=source_lang,
                       date=date)


def _text(value, col: str, ident, max_bytes: int | None) -> str:
    if value is None:
        raise InputError(f"no {col!r} column")
    if not isinstance(value, str):
        raise InputError(f"{col!r} must be a string, not {type(value).__name__}")
    if not value.strip():
        raise InputError(f"{col!r} is empty")
    limit = max_bytes if max_bytes is not None else _default_max_bytes()
    if limit and len(value.encode("utf-8")) > limit:
        raise InputError(f"{col!r} is larger than {limit} bytes (--max-bytes)")
    import unicodedata

    return unicodedata.normalize("NFC", value)


def _default_max_bytes() -> int:
    return int(os.environ.get("TQA_MAX_BYTES", MAX_BYTES_DEFAULT))


# --- summaries: small, mergeable, in shard order -----------------------------------------------


def new_summary() -> dict:
    return {"documents": 0, "pass": 0, "fail": 0, "error": 0, "internal": 0, "words": 0, "findings": 0,
            "score_sum": 0.0, "histogram": [0] * 101, "severity": {"critical": 0, "major": 0, "minor": 0},
            "rules": {}, "worst": [], "errors": []}


def add_to_summary(s: dict, doc_row: dict, finding_rows: list[dict], worst: int) -> None:
    s["documents"] += 1
    s[doc_row["status"]] += 1
    if doc_row["status"] == "error":
        s["internal"] += 1 if doc_row.get("internal") else 0
        if len(s["errors"]) < worst:
            s["errors"].append([doc_row["id"], doc_row["error"]])
        return
    score = doc_row["score"]
    s["words"] += doc_row["words"]
    s["findings"] += len(finding_rows)
    s["score_sum"] += score
    s["histogram"][max(0, min(100, int(score)))] += 1
    for sev, c in doc_row["counts"].items():
        s["severity"][sev] = s["severity"].get(sev, 0) + c
    for f in finding_rows:
        s["rules"][f["rule"]] = s["rules"].get(f["rule"], 0) + 1
    s["worst"] = sorted([*s["worst"], [score, doc_row["id"], len(finding_rows)]], key=lambda w: (w[0], str(w[1])))[:worst]


def merge_summaries(parts, worst: int = 20) -> dict:
    out = new_summary()
    for p in parts:
        for k in ("documents", "pass", "fail", "error", "internal", "words", "findings", "score_sum"):
            out[k] += p[k]
        out["histogram"] = [a + b for a, b in zip(out["histogram"], p["histogram"])]
        for sev, c in p["severity"].items():
            out["severity"][sev] = out["severity"].get(sev, 0) + c
        for r, c in p["rules"].items():
            out["rules"][r] = out["rules"].get(r, 0) + c
        out["worst"] = sorted([*out["worst"], *p["worst"]], key=lambda w: (w[0], str(w[1])))[:worst]
        out["errors"] = (out["errors"] + p["errors"])[:worst]
    out["score_sum"] = round(out["score_sum"], 6)
    return out
