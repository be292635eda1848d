"""The driver of `tqa corpus`: plan the shards, skip those already done, have an executor audit
the rest, write each shard atomically, then the summary.

Exactly once: shard N's files (`documents-N.jsonl`, `findings-N.jsonl`, or `.parquet` with
`--output-format parquet`) are written atomically
under fixed names, and only then its record `done/N.json` (row count, sizes and SHA-256 of both
files, the shard's summary). A shard is done when its record exists and its files match it; any
other shard is audited again and its files replaced whole. A run killed at any point therefore
leaves every shard either done or to be redone, never half written or written twice.
`manifest.json` pins what the run is (the input's digest, the audit options, the batch size): a
re-run of the same command continues; a different input or options is refused (exit 2) unless
`--restart` is given.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from audit import __version__, gate
from audit.corpus.executors import Executor
from audit.corpus.inputs import Plan, plan
from audit.corpus.summary import markdown, quantile
from audit.corpus.work import Job, ShardResult, merge_summaries, prepare
from audit.errors import InputError
from audit.fsutil import write_atomic

MANIFEST = "manifest.json"
DONE = "done"
SCHEMA = 1


@dataclass
class CorpusRun:
    plan: Plan
    summary: dict
    resumed_shards: int  # shards found done when the run started
    audited_shards: int  # shards this run audited
    elapsed: float
    outdir: Path

    @property
    def exit_code(self) -> int:
        return self.summary["exit_code"]


def shard_name(kind: str, index: int, shards: int, ext: str = "jsonl") -> str:
    return f"{kind}-{index:0{max(5, len(str(shards - 1)))}d}.{ext}"


def run_corpus(
    input_path: Path,
    outdir: Path,
    job: Job,
    executor: Executor,
    batch: int = 500,
    restart: bool = False,
    progress: Callable[[int, int], None] | None = None,
    notice: Callable[[str], None] | None = None,
) -> CorpusRun:
    t0 = time.perf_counter()
    say = notice or (lambda _m: None)
    p = plan(input_path, batch, job.settings)
    if p.kind in ("tmx", "xliff") and not job.source_col:  # a unit is a segment pair, audited as a --source-col row
        job = replace(job, text_col="target", source_col="source")
    _check_outdir(outdir, input_path)
    outdir.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock, Timeout

    lock = FileLock(str(outdir / ".tqa-corpus.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise InputError(f"{outdir}: another tqa corpus run is writing here") from None
    try:
        manifest = _manifest(p, job, batch)
        done = _start(outdir, manifest, p, restart, say)
        pending = [s for s in p.shards if s.index not in done]
        done_rows = sum(done[i]["rows"] for i in done)
        if progress:
            progress(done_rows, p.rows)
        audited = 0
        from contextlib import closing

        with closing(executor.imap(job, pending)) as results:  # stops the workers on any exit, Ctrl-C too
            for res in results:
                done[res.index] = _write_shard(outdir, res, len(p.shards), job.output_format)
                audited += 1
                done_rows += res.rows
                if progress:
                    progress(done_rows, p.rows)
        summary = _summary(p, manifest, [done[s.index]["summary"] for s in p.shards], job.worst, job.output_format)
        write_atomic(outdir / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        write_atomic(outdir / "summary.md", markdown(summary))
        return CorpusRun(p, summary, len(p.shards) - len(pending), audited, time.perf_counter() - t0, outdir)
    finally:
        lock.release()


def _check_outdir(outdir: Path, input_path: Path) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: not a directory")
    try:
        if outdir.resolve() == input_path.resolve() or (input_path.is_dir() and input_path.resolve() in outdir.resolve().parents):
            raise InputError(f"{outdir}: the output directory must not be inside the input directory")
    except OSError:
        pass


def _manifest(p: Plan, job: Job, batch: int) -> dict:
    prepare(job)  # the references' digest: an edited glossary is another run, as is another option
    return {
        "schema": SCHEMA,
        "tool": f"tqa {__version__}",
        "input": {"path": str(Path(p.path).resolve()), "kind": p.kind, "rows": p.rows, "digest": p.digest},
        "batch_size": batch,
        "shards": len(p.shards),
        "options": job.key(),
        "references": gate.WORKER_STATE["refs"].digest,
    }


def _start(outdir: Path, manifest: dict, p: Plan, restart: bool, say) -> dict[int, dict]:
    """The shards already done (verified), after checking or writing the manifest."""
    mpath = outdir / MANIFEST
    if mpath.exists() and not restart:
        try:
            old = json.loads(mpath.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{mpath}: unreadable manifest ({exc}); use --restart to start over") from None
        if _same_run(old, manifest) is not None:
            raise InputError(f"{outdir} holds a run of another {_same_run(old, manifest)}; "
                             "re-run the same command to continue it, or give --restart to start over")
    else:
        if restart:
            _clean(outdir)
        elif any(outdir.glob("documents-*.*")) or (outdir / DONE).exists():
            raise InputError(f"{outdir}: has corpus shards but no manifest; use --restart to start over")
        write_atomic(mpath, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    (outdir / DONE).mkdir(exist_ok=True)
    done: dict[int, dict] = {}
    for s in p.shards:
        rec_path = outdir / DONE / f"{s.index:05d}.json"
        if not rec_path.exists():
            continue
        try:
            rec = json.loads(rec_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            say(f"shard {s.index}: unreadable record, auditing it again")
            continue
        if rec.get("rows") != s.rows or not all(_matches(outdir / rec[k]["file"], rec[k]) for k in ("documents", "findings")):
            say(f"shard {s.index}: files differ from their record, auditing it again")
            continue
        done[s.index] = rec
    return done


def _same_run(old: dict, new: dict) -> str | None:
    """None when `old` is the same run as `new`, else what differs."""
    if old.get("schema") != new["schema"] or old.get("tool") != new["tool"]:
        return f"tqa version ({old.get('tool')})"
    if old.get("input", {}).get("digest") != new["input"]["digest"]:
        return "input (the input changed, or it is another file)"
    if old.get("batch_size") != new["batch_size"]:
        return f"batch size ({old.get('batch_size')})"
    if old.get("references") != new["references"]:
        return "version of the references or glossary (their digest differs)"
    if old.get("options") != new["options"]:
        diff = sorted(k for k in set(old.get("options", {})) | set(new["options"])
                      if old.get("options", {}).get(k) != new["options"].get(k))
        return f"set of options ({', '.join(diff)})"
    return None


def _matches(path: Path, rec: dict) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return len(data) == rec["bytes"] and hashlib.sha256(data).hexdigest() == rec["sha256"]


def _clean(outdir: Path) -> None:
    for pattern in ("documents-*.jsonl", "findings-*.jsonl", "documents-*.parquet", "findings-*.parquet",
                    f"{DONE}/*.json", MANIFEST, "summary.json", "summary.md"):
        for f in outdir.glob(pattern):
            f.unlink()


def _write_shard(outdir: Path, res: ShardResult, shards: int, ext: str) -> dict:
    rec = {"shard": res.index, "rows": res.rows}
    for kind, data in (("documents", res.documents), ("findings", res.findings)):
        name = shard_name(kind, res.index, shards, ext)
        write_atomic(outdir / name, data)
        rec[kind] = {"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    rec["summary"] = res.summary
    write_atomic(outdir / DONE / f"{res.index:05d}.json", json.dumps(rec, ensure_ascii=False) + "\n")
    return rec


def _summary(p: Plan, manifest: dict, parts: list[dict], worst: int, ext: str) -> dict:
    m = merge_summaries(parts, worst)
    scored = m["pass"] + m["fail"]
    code = 3 if m["internal"] else 2 if m["error"] else 1 if m["fail"] else 0
    return {
        "schema": SCHEMA,
        "corpus": {"input": manifest["input"]["path"], "kind": p.kind, "digest": p.digest, "rows": p.rows,
                   "shards": len(p.shards), "batch_size": manifest["batch_size"]},
        "passed": code == 0,
        "exit_code": code,
        "counts": {"documents": m["documents"], "pass": m["pass"], "fail": m["fail"], "error": m["error"]},
        "words": m["words"],
        "findings": m["findings"],
        "score": {
            "mean": round(m["score_sum"] / scored, 2) if scored else None,
            "p10": quantile(m["histogram"], 0.10),
            "median": quantile(m["histogram"], 0.50),
            "p90": quantile(m["histogram"], 0.90),
            "histogram": {str(i): c for i, c in enumerate(m["histogram"]) if c},
        },
        "severity": m["severity"],
        "rules": dict(sorted(m["rules"].items(), key=lambda kv: (-kv[1], kv[0]))),
        "worst": [{"id": w[1], "score": w[0], "findings": w[2]} for w in m["worst"]],
        "errors": [{"id": e[0], "error": e[1]} for e in m["errors"]],
        "files": {"documents": f"documents-*.{ext}", "findings": f"findings-*.{ext}"},
    }

