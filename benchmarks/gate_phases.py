"""Where `tqa gate --jobs N` spends its CPU, per phase and per process: the figures that say how
far `--jobs N` can get from `--jobs 1` whatever the neighbours do.

    python benchmarks/gate_phases.py [--articles 200] [--jobs 2] [--rounds 5] [--tree DIR] [--compare DIR]

On a shared machine the wall-clock speed-up of `--jobs 2` says mostly how busy the other cores
were (benchmarks/bench_speed.py judges it only in rounds where a plain process pool got 1.8x).
CPU time does not wait for the neighbours, so this runs the real command line, `tqa gate DIR
--jobs 1` and `--jobs N` in turn (`rounds` pairs, in fresh processes, JSON reports compared
byte for byte), with timestamps taken around the gate's phases (audit/gate.py's functions,
wrapped from outside: nothing in tqa is changed), and prints for each:

- pre: CPU of the gate process before the pool (interpreter start, imports, options, files
  collected, references loaded; the warm-up of trees before session 8, which audited the first
  file before the fork): serial, no worker exists yet;
- pool: CPU of the gate process while the pool runs (its own files, handing chunks out,
  taking results in) and of each worker (its files, results pickled), with each one's files;
- post: CPU of the gate process after the pool (report built and written): serial again;
- the critical path: pre + the busiest process of the pool + post = the wall time with a free
  core per process, and `--jobs 1`'s CPU over it: the speed-up `--jobs N` would get on an idle
  machine (an upper bound: it leaves out the moments a worker waits for work, and CPU time
  itself grows when both cores are busy, as a plain pool's calibration shows).

The articles are benchmarks/bench_speed.py's (WMT21 news from ../shared/data, else MLQE-PE, else
generated). Worker figures need the fork start method (the gate forks its workers unless torch
is loaded; POSIX only). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


_QUEUE: list = []  # the workers' figures come back through a queue made before the fork
_WRAPPED: dict = {}


def _audit_many(tasks):
    """audit/gate.py's `_audit_many`, timed: module level, so that the pool can pickle it."""
    import pickle

    c = time.process_time()
    done = _WRAPPED["_audit_many"](tasks)
    size = len(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
    _QUEUE[0].put((os.getpid(), time.process_time() - c, len(tasks), size))
    return done


def child(jobs: int, folder: str, out: str) -> None:
    """One `tqa gate FOLDER --jobs JOBS -f json -o OUT` in this process, phases timed; the
    figures as one JSON line on stderr's last line."""
    c0 = time.process_time()
    import multiprocessing
    import resource

    import audit.cli as cli
    from audit import gate as g

    marks: dict[str, float] = {}
    _QUEUE.append(multiprocessing.get_context("fork").SimpleQueue())
    _WRAPPED.update({name: getattr(g, name) for name in ("run", "_run_pool", "_pool", "_audit_many")})

    def mark(name):
        marks[name] = time.process_time() - c0

    def timed(name: str, start: str, end: str | None = None):
        """audit/gate.py's `name`, marking `start` before it runs and `end` (if any) after."""
        def wrapper(*a, **k):
            mark(start)
            try:
                return _WRAPPED[name](*a, **k)
            finally:
                if end:
                    mark(end)
        return wrapper

    # what _run_pool does before _pool (the warm-up, in trees before session 8) is "warm"
    g.run, g._run_pool = timed("run", "run", "run end"), timed("_run_pool", "pre-pool")
    g._pool, g._audit_many = timed("_pool", "pool", "pool end"), _audit_many
    sys.argv = ["tqa", "gate", folder, "--jobs", str(jobs), "--no-progress", "-f", "json", "-o", out]
    code = 0
    try:
        import audit.__main__ as program

        gc.set_threshold(*getattr(program, "GC_THRESHOLD", gc.get_threshold()))  # as `tqa` runs (older trees: as they ran)
        cli.main()
    except SystemExit as exc:
        code = exc.code
    mark("end")
    if code not in (0, 1, None):
        sys.exit(f"tqa gate --jobs {jobs} exited {code}")
    workers: dict[int, list] = {}
    while not _QUEUE[0].empty():
        pid, cpu, files, size = _QUEUE[0].get()
        w = workers.setdefault(pid, [0.0, 0, 0])
        w[0] += cpu
        w[1] += files
        w[2] += size
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {"marks": marks, "workers": list(workers.values()), "children_cpu": kids.ru_utime + kids.ru_stime}
    print(json.dumps(figures), file=sys.stderr)


def summary(fig: dict, cores: int) -> dict:
    m = fig["marks"]
    total = m["end"] + fig["children_cpu"]
    if "pool" not in m:  # --jobs 1
        return {"total": total, "pre": m["run"], "path": m["end"]}
    pool = m["pool end"] - m["pool"]
    busy = [pool] + [w[0] for w in fig["workers"]]
    post = m["end"] - m["pool end"]
    # the pool's phase takes at least its busiest process, and at least its CPU shared by the cores
    return {"total": total, "pre": m["pool"], "warm": m["pool"] - m["pre-pool"], "pool": pool,
            "workers": fig["workers"], "post": post, "path": m["pool"] + max(max(busy), sum(busy) / cores) + post}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--tree", type=Path, default=ROOT, help="run tqa from this source tree (default: this one)")
    ap.add_argument("--compare", type=Path, metavar="TREE", help="another source tree (an older checkout: `git "
                    "archive REV | tar -x -C DIR`) run in the same rounds, in turn")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(int(args.child[0]), args.child[1], args.child[2])
    sys.path.insert(0, str(ROOT / "benchmarks"))
    sys.path.insert(0, str(args.tree.resolve()))
    from bench_speed import corpus

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    trees = {"before": args.compare, "after": args.tree} if args.compare else {"tqa": args.tree}
    with tempfile.TemporaryDirectory(prefix="tqa-gate-phases-") as t:
        tmp = Path(t)
        folder = tmp / "corpus"
        folder.mkdir()
        arts, origin = corpus(args.articles)
        (folder / "tqa.toml").write_text('lang = "en"\nsource-lang = "ru"\n', encoding="utf-8")
        for i, segs in enumerate(arts):
            (folder / f"a{i:04d}.en.txt").write_text("\n\n".join(x for _, x in segs) + "\n", encoding="utf-8")

        def once(label: str, tree: Path, jobs: int) -> dict:
            env = {**os.environ, "TQA_CACHE_DIR": str(tmp / f"cache-{label}"), "PYTHONPATH": str(tree.resolve()),
                   "NO_COLOR": "1", "CI": "1", "HF_HUB_OFFLINE": "1"}
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # as users run it: compiled modules cached
            proc = subprocess.run([sys.executable, __file__, "--child", str(jobs), str(folder),
                                   str(tmp / f"gate-{label}-{jobs}.json")], env=env, cwd=folder, capture_output=True,
                                  text=True)
            if proc.returncode != 0:
                sys.exit(f"the gate failed ({tree}): {proc.stderr[-800:]}")
            return summary(json.loads(proc.stderr.strip().splitlines()[-1]), cores)

        for label, tree in trees.items():
            print(f"[{label}] tqa from {tree.resolve()}")
            once(label, tree, 1)  # caches, page cache, compiled modules
        print(f"tqa gate over {len(arts)} articles ({origin}); {args.rounds} rounds of --jobs 1 and --jobs {args.jobs} "
              f"in turn; CPU seconds; {cores} cores; load average {os.getloadavg()[0]:.2f} before")
        res = {label: ([], []) for label in trees}
        for r in range(args.rounds):
            for label, tree in (trees.items() if r % 2 == 0 else reversed(trees.items())):
                ones, manys = res[label]
                for jobs in ((1, args.jobs) if r % 2 == 0 else (args.jobs, 1)):
                    (ones if jobs == 1 else manys).append(once(label, tree, jobs))
                a, b = ones[-1], manys[-1]
                print(f"  round {r + 1} [{label}]: --jobs 1 {a['total']:.3f} (pre {a['pre']:.3f});  --jobs {args.jobs} "
                      f"total {b['total']:.3f}: pre {b['pre']:.3f} (warm-up {b['warm']:.3f}), pool: gate {b['pool']:.3f}, "
                      + ", ".join(f"worker {w[0]:.3f} ({w[1]} files, {w[2] // 1024} KiB of results)" for w in b["workers"])
                      + f"; post {b['post']:.3f}; critical path {b['path']:.3f}; bound {a['total'] / b['path']:.2f}x")

        def med(runs, key):
            return statistics.median(x[key] for x in runs)

        for label, (ones, manys) in res.items():
            same = (tmp / f"gate-{label}-1.json").read_bytes() == (tmp / f"gate-{label}-{args.jobs}.json").read_bytes()
            print(f"[{label}] medians: --jobs 1 CPU {med(ones, 'total'):.3f}; --jobs {args.jobs} CPU "
                  f"{med(manys, 'total'):.3f} ({statistics.median(b['total'] / a['total'] for a, b in zip(ones, manys)):.2f}x "
                  f"per round), serial {med(manys, 'pre') + med(manys, 'post'):.3f} (pre {med(manys, 'pre'):.3f}, "
                  f"warm-up {med(manys, 'warm'):.3f}, post {med(manys, 'post'):.3f}), critical path "
                  f"{med(manys, 'path'):.3f}: --jobs {args.jobs} at most "
                  f"{statistics.median(a['total'] / b['path'] for a, b in zip(ones, manys)):.2f}x --jobs 1 with a free "
                  f"core per process (median of the rounds' bounds); reports identical: {same}")
        print(f"load average {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
