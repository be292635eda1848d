"""The driver of `tqa corpus`: plan the shards, skip those already done, have an executor audit
the rest, write each shard atomically, then the summary.

Exactly once: shard N's files (`documents-N.jsonl`, `findings-N.jsonl`, or `.parquet` with
`--output-format parquet`) are written atomically
under fixed names, and only then its record `done/N.json` (row count, sizes and SHA-256 of both
files, the shard's summary, a digest of the record). A shard is done when its record exists, has
the shape this version writes and its own digest, and its files match it; any other shard
(a record damaged or edited by hand too) is audited again and its files replaced whole. A run killed at any point therefore
leaves every shard either done or to be redone, never half written or written twice.
`manifest.json` pins what the run is (the input's digest, the audit options, the batch size): a
re-run of the same command continues; a different input or options is refused (exit 2) unless
`--restart` is given.
"""

from __future__ import annotations

import hashlib
import json
import math
import stat
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from audit import __version__, gate
from audit.corpus.executors import Executor
from audit.corpus.inputs import Plan, plan
from audit.corpus.summary import markdown, quantile
from audit.corpus.work import Job, ShardResult, merge_summaries, new_summary, prepare
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
        if not isinstance(old, dict):
            raise InputError(f"{mpath}: unreadable manifest (not a JSON object); use --restart to start over")
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
            rec = None
        if not _record_ok(rec, s.index, len(p.shards)):
            say(f"shard {s.index}: unreadable record, auditing it again")
            continue
        if rec["rows"] != s.rows or not all(_matches(outdir / rec[k]["file"], rec[k]) for k in ("documents", "findings")):
            say(f"shard {s.index}: files differ from their record, auditing it again")
            continue
        done[s.index] = rec
    return done


def _same_run(old: dict, new: dict) -> str | None:
    """None when `old` is the same run as `new`, else what differs (one line, whatever `old`
    holds: it is read from a file)."""
    if old.get("schema") != new["schema"] or old.get("tool") != new["tool"]:
        return f"tqa version ({json.dumps(old.get('tool'))[:80]})"
    if not isinstance(old.get("input"), dict) or old["input"].get("digest") != new["input"]["digest"]:
        return "input (the input changed, or it is another file)"
    if old.get("batch_size") != new["batch_size"]:
        return f"batch size ({json.dumps(old.get('batch_size'))[:80]})"
    if old.get("references") != new["references"]:
        return "version of the references or glossary (their digest differs)"
    if old.get("options") != new["options"]:
        was = old["options"] if isinstance(old.get("options"), dict) else {}
        diff = sorted(str(k) for k in set(was) | set(new["options"]) if was.get(k) != new["options"].get(k))
        return f"set of options ({json.dumps(', '.join(diff))[1:-1][:200]})"
    return None


def _record_ok(rec, index: int, shards: int) -> bool:
    """Whether a done record has the shape this version writes (_write_shard): its shard files
    named as this run names them (no other path is ever read), sizes and digests, and a summary
    of new_summary()'s shape. A record edited or damaged otherwise is audited again."""
    if not isinstance(rec, dict) or not _count(rec.get("rows")):
        return False
    for kind in ("documents", "findings"):
        f = rec.get(kind)
        if not (isinstance(f, dict) and isinstance(f.get("file"), str) and _count(f.get("bytes"))
                and isinstance(f.get("sha256"), str)):
            return False
        if f["file"] not in (shard_name(kind, index, shards, ext) for ext in ("jsonl", "parquet")):
            return False
    return _summary_ok(rec.get("summary")) and rec.get("digest") == _record_digest(rec)


def _record_digest(rec: dict) -> str:
    """SHA-256 of a record without its digest: a summary edited by hand (or by a disk) no longer
    matches, and its shard is audited again instead of trusted."""
    body = {k: v for k, v in rec.items() if k != "digest"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()


def _count(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _summary_ok(s) -> bool:
    """A shard summary (audit/corpus/work.py new_summary, add_to_summary) of the right shape."""
    shape = new_summary()
    if not isinstance(s, dict) or set(s) != set(shape):
        return False
    if not all(_count(s[k]) for k in ("documents", "pass", "fail", "error", "internal", "words", "findings")):
        return False
    if not isinstance(s["score_sum"], (int, float)) or isinstance(s["score_sum"], bool) or not math.isfinite(s["score_sum"]):
        return False
    h = s["histogram"]
    if not (isinstance(h, list) and len(h) == len(shape["histogram"]) and all(_count(c) for c in h)):
        return False
    if not all(isinstance(s[k], dict) and all(isinstance(a, str) and _count(c) for a, c in s[k].items())
               for k in ("severity", "rules")):
        return False
    worst_ok = isinstance(s["worst"], list) and all(
        isinstance(w, list) and len(w) == 3 and isinstance(w[0], (int, float)) and not isinstance(w[0], bool)
        and math.isfinite(w[0]) and isinstance(w[1], (str, int)) and _count(w[2]) for w in s["worst"])
    errors_ok = isinstance(s["errors"], list) and all(
        isinstance(e, list) and len(e) == 2 and isinstance(e[0], (str, int)) and isinstance(e[1], str) for e in s["errors"])
    return worst_ok and errors_ok


def _matches(path: Path, rec: dict) -> bool:
    try:  # a regular file of the recorded size only: a FIFO or /dev/zero in its place is not read
        st = path.stat()
        if not stat.S_ISREG(st.st_mode) or st.st_size != rec["bytes"]:
            return False
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
    rec["digest"] = _record_digest(rec)
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

