"""Benchmark one very large input: time and peak memory of `tqa audit` on 1, 10 and 50 MB.

    python benchmarks/bench_large.py [--sizes 1,10,50] [--format json] [--keep DIR]

Each size is one text file of generated articles (benchmarks/bench_audit.py's templates,
glossary names right and wrong, boilerplate, repeated headlines), audited by a fresh
`python -m audit audit FILE --max-bytes ... -f json -o OUT` subprocess. Prints, per size:
wall time, peak resident memory of the subprocess (getrusage of the child), findings, and
MB/s. Also checks that the default limit refuses the file with one line. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024

# Run the audit as a grandchild, so that RUSAGE_CHILDREN holds that one process alone.
_WRAP = """
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(p.returncode, wall, rss)
sys.stderr.write(p.stderr[-2000:])
"""


def make_text(size: int) -> str:
    from audit.references import load_references
    from benchmarks.bench_audit import make_articles

    refs = load_references()
    sample = "\n".join(make_articles(100, refs, seed=11))
    n = int(size / len(sample.encode("utf-8")) * 100) + 100
    return "\n".join(make_articles(n, refs, seed=11))  # no repeated chunk: every article drawn anew


def run_audit(path: Path, out: Path, fmt: str, limit: int | None) -> tuple[int, float, int, str]:
    cmd = [sys.executable, "-m", "audit", "audit", str(path), "-f", fmt, "-o", str(out)]
    if limit:
        cmd += ["--max-bytes", str(limit)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TQA_MAX_BYTES": ""}
    env.pop("TQA_MAX_BYTES")
    p = subprocess.run([sys.executable, "-c", _WRAP, *cmd], capture_output=True, text=True, cwd=ROOT, env=env)
    code, wall, rss = p.stdout.split()
    return int(code), float(wall), int(rss), p.stderr.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,50", help="sizes in MB, comma-separated")
    ap.add_argument("--format", default="json")
    ap.add_argument("--keep", type=Path, help="keep the generated inputs and reports here")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="tqa-large-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [float(s) for s in args.sizes.split(",")]
    base = make_text(int(max(sizes) * MB))
    print(f"{'size':>8} {'bytes':>10} {'exit':>4} {'wall s':>8} {'peak RSS MiB':>12} {'MB/s':>6} {'findings':>8} {'segments':>8}")
    for mb in sizes:
        n = int(mb * MB)
        text = base.encode("utf-8")[:n].decode("utf-8", errors="ignore")
        path = work / f"large-{mb:g}mb.en.txt"
        path.write_text(text, encoding="utf-8")
        out = work / f"large-{mb:g}mb.{args.format}"
        if mb > 20:
            code, _, _, err = run_audit(path, out, args.format, None)
            print(f"  default limit: exit {code}: {err}")
        code, wall, rss, err = run_audit(path, out, args.format, n + MB)
        findings = segments = "-"
        if code in (0, 1) and args.format == "json":
            data = json.loads(out.read_text(encoding="utf-8"))
            findings = len(data.get("findings", []))
            segments = len(data.get("segments") or [])
        print(f"{mb:>6g}MB {path.stat().st_size:>10} {code:>4} {wall:>8.1f} {rss / 1024:>12.0f} "
              f"{path.stat().st_size / MB / wall:>6.2f} {findings!s:>8} {segments!s:>8}", flush=True)
        if code not in (0, 1):
            print(f"  error: {err}")
    if not args.keep:
        for p in work.iterdir():
            p.unlink()
        work.rmdir()


if __name__ == "__main__":
    main()
