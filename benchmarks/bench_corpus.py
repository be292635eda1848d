"""Benchmark `tqa corpus`: the local process pool against Ray on this machine, peak memory, and
the cost of resuming after a SIGKILL; figures for docs/scale.md.

    python benchmarks/bench_corpus.py [--articles 10000] [--pairs 100000] [--jobs 2]
                                      [--batch-size 200] [--no-ray] [--json results.json]

Articles come from benchmarks/bench_audit.make_articles (glossary names in right and wrong
forms, calques, boilerplate); segment pairs from Russian/English sentence templates, some with
a number dropped or a name misspelt. Each run is the real command line in a subprocess.

1. articles, local pool (`--jobs J`): wall time, documents/s, peak RSS (driver, largest worker,
   all together, sampled from /proc every 0.25 s);
2. articles, Ray: a one-node cluster started here with `ray start --head --num-cpus J` (its
   start time reported apart; `--ray-nodes 2`: a head and a worker node, J CPUs shared), `--executor ray --actors J`; overhead = Ray wall / pool wall - 1;
   the shard files must be byte-identical to the pool's;
3. articles, resume: the pool run SIGKILLed (driver and workers) once half the shards are done,
   then the same command; resume cost = both parts - the clean run; and a re-run of a finished
   run (planning + verifying every shard: the fixed cost of resuming);
4. pairs: the pool run killed at half and resumed (no row lost or duplicated: checked), then the
   same corpus on Ray: byte-identical shards.
Prints figures; asserts only the identities and the row counts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PAIRS = [
    ("Министр иностранных дел России Сергей Лавров встретился с Энтони Блинкеном в Женеве {d} января.",
     "Russian Foreign Minister Sergei Lavrov met Antony Blinken in Geneva on January {d}.",
     "Russian Foreign Minister Sergei Lavrov met Anthony Blinken in Geneva on January {d}."),
    ("В понедельник в Москве {n} человек пострадали при пожаре на складе.",
     "On Monday, {n} people were injured in a warehouse fire in Moscow.",
     "On Monday, people were injured in a warehouse fire in Moscow."),
    ("Генеральный секретарь НАТО Йенс Столтенберг заявил, что альянс готов к диалогу.",
     "NATO Secretary General Jens Stoltenberg said the alliance was ready for dialogue.",
     "NATO Secretary General Jens Stoltenbreg said the alliance was ready for dialogue."),
    ("Переговоры продолжались почти {n} часов и завершились без конкретных результатов.",
     "The talks lasted almost {n} hours and ended without concrete results.",
     "The talks lasted almost {m} hours and ended without concrete results."),
    ("Городской совет Киева утвердил бюджет на строительство {n} новых школ.",
     "The Kyiv city council approved the budget for the construction of {n} new schools.",
     "The Kiev city council approved the budget for the construction of {n} new schools."),
    ("Президент Владимир Путин провёл совещание с членами правительства {d} марта.",
     "President Vladimir Putin held a meeting with members of the government on March {d}.",
     "President Vladimir Putin held a meeting with members of the government."),
]


def make_pairs(n: int, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        src, good, bad = rng.choice(PAIRS)
        v = {"n": rng.randint(2, 40), "m": rng.randint(41, 90), "d": rng.randint(1, 28)}
        tgt = bad if rng.random() < 0.3 else good
        out.append({"id": f"seg-{i:06d}", "source": src.format(**v), "target": tgt.format(**v)})
    return out


# --- memory: peak RSS of the processes of a run, sampled from /proc ----------------------------


def _status(pid: int) -> dict:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            k, _, v = line.partition(":")
            out[k] = v.strip()
    except OSError:
        pass
    return out


_HZ = os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])  # utime, stime


class Sampler(threading.Thread):
    """Peak RSS per process and in total of `root`'s descendants and of the given Ray raylets'
    workers (they carry RAY_RAYLET_PID), every 0.25 s."""

    def __init__(self, root: int, raylets: set[int] = frozenset(), groups: set[int] = frozenset()):
        super().__init__(daemon=True)
        self.root, self.raylets, self.groups = root, set(raylets), set(groups)
        self.peak: dict[int, int] = {}
        self.cpu_first: dict[int, int] = {}
        self.cpu_last: dict[int, int] = {}
        self.first_round = True
        self.names: dict[int, str] = {}
        self.total = 0
        self.stop = threading.Event()

    def pids(self) -> set[int]:
        parent, found = {}, set()
        for d in Path("/proc").iterdir():
            if not d.name.isdigit():
                continue
            st = _status(int(d.name))
            if "PPid" in st:
                parent[int(d.name)] = int(st["PPid"])
            if self.groups:
                try:
                    if os.getpgid(int(d.name)) in self.groups:
                        found.add(int(d.name))
                except OSError:
                    pass
            if self.raylets:
                try:
                    env = (d / "environ").read_bytes()
                except OSError:
                    continue
                for e in env.split(b"\0"):
                    if e.startswith(b"RAY_RAYLET_PID=") and e[15:].isdigit() and int(e[15:]) in self.raylets:
                        found.add(int(d.name))
        for pid in parent:
            p = pid
            while p in parent and p != self.root and p > 1:
                p = parent[p]
            if p == self.root:
                found.add(pid)
        return found

    def run(self) -> None:
        while not self.stop.is_set():
            total = 0
            for pid in self.pids():
                ticks = _cpu_ticks(pid)
                if ticks is not None:
                    self.cpu_first.setdefault(pid, ticks if self.first_round else 0)
                    self.cpu_last[pid] = ticks
                st = _status(pid)
                kb = int(st.get("VmRSS", "0 kB").split()[0]) if st.get("VmRSS") else 0
                total += kb
                if kb > self.peak.get(pid, 0):
                    self.peak[pid] = kb
                    self.names[pid] = st.get("Name", "?")
            self.total = max(self.total, total)
            self.first_round = False
            self.stop.wait(0.25)

    def report(self, driver: int) -> dict:
        self.stop.set()
        self.join(timeout=5)
        workers = [kb for pid, kb in self.peak.items() if pid != driver]
        return {"driver_mb": round(self.peak.get(driver, 0) / 1024, 1),
                "max_worker_mb": round(max(workers, default=0) / 1024, 1),
                "total_mb": round(self.total / 1024, 1), "processes": len(self.peak),
                "cpu_s": round(sum(self.cpu_last[p] - self.cpu_first[p] for p in self.cpu_last) / _HZ, 1),
                "cpu_by_process": self.by_name(driver)}

    def by_name(self, driver: int) -> dict:
        """CPU seconds per kind of process (the driver; Ray's actors, raylet, GCS, agents...)."""
        out: dict[str, float] = {}
        for p in self.cpu_last:
            name = "driver" if p == driver else self.names.get(p) or _status(p).get("Name", "?")
            out[name] = out.get(name, 0) + (self.cpu_last[p] - self.cpu_first[p]) / _HZ
        return {k: round(v, 1) for k, v in sorted(out.items(), key=lambda kv: -kv[1]) if v >= 0.05}


# --- runs ---------------------------------------------------------------------------------------


def corpus_cmd(src: Path, out: Path, args, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "audit", "corpus", str(src), "-o", str(out), "--batch-size", str(args.batch_size),
           "-f", "json", *extra]
    return cmd


def run(cmd: list[str], raylets=frozenset(), kill_at: int | None = None, out: Path | None = None,
        groups=frozenset()) -> dict:
    """Run `cmd`; with `kill_at`, SIGKILL its process group once `kill_at` shards are done."""
    env = {**os.environ, "CI": "1", "TQA_PROGRESS_SECONDS": "60"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    sampler = Sampler(proc.pid, raylets, groups)
    sampler.start()
    killed = False
    if kill_at is not None:
        while proc.poll() is None:
            if out is not None and (out / "done").is_dir() and len(os.listdir(out / "done")) >= kill_at:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.05)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    mem = sampler.report(proc.pid)
    if not killed and proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    summary = json.loads(stdout) if not killed else None
    return {"wall_s": round(wall, 2), "exit": proc.returncode, "killed": killed, "memory": mem, "summary": summary}


def shard_bytes(out: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(out.glob("*-*.jsonl"))}


def check_rows(out: Path, ids: list[str]) -> None:
    got = [json.loads(line)["id"] for f in sorted(out.glob("documents-*.jsonl")) for line in f.read_bytes().splitlines()]
    assert got == ids, f"{out}: {len(got)} rows, {len(set(got))} distinct, expected {len(ids)}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """`ray start --head --block` in its own session, and with `nodes` > 1 as many more nodes
    joining it (`ray start --address`, each in its own session: a two-node cluster as
    tests/test_corpus_ray.py starts), `cpus` shared among them; stop() kills them and their workers."""

    def __init__(self, cpus: int, nodes: int = 1):
        self.tmp = Path(tempfile.mkdtemp(prefix="tqa-bray-", dir="/tmp"))
        self.port = _free_port()
        ray = shutil.which("ray", path=str(Path(sys.executable).parent)) or "ray"
        env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
        per_node = [cpus // nodes + (1 if i < cpus % nodes else 0) for i in range(nodes)]
        t0 = time.perf_counter()
        self.procs = []
        for i, n in enumerate(per_node):
            log = self.tmp / f"node{i}.log"
            where = (["--head", "--port", str(self.port), "--include-dashboard", "false", "--temp-dir", str(self.tmp)]
                     if i == 0 else ["--address", f"127.0.0.1:{self.port}"])
            proc = subprocess.Popen([ray, "start", *where, "--num-cpus", str(n), "--node-manager-port", str(_free_port()),
                                     "--object-manager-port", str(_free_port()), "--block", "--disable-usage-stats"],
                                    stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True, env=env)
            self.procs.append(proc)
            while b"Ray runtime started" not in log.read_bytes():
                if proc.poll() is not None:
                    self.stop()
                    sys.exit(f"ray start failed: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
        self.proc = self.procs[0]
        self.nodes = nodes
        self.start_s = round(time.perf_counter() - t0, 2)
        self.address = f"127.0.0.1:{self.port}"

    def groups(self) -> set[int]:
        return {p.pid for p in self.procs}

    def raylets(self) -> set[int]:
        out = set()
        groups = self.groups()
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    if os.getpgid(int(d.name)) in groups and (d / "comm").read_text().strip() == "raylet":
                        out.add(int(d.name))
                except OSError:
                    pass
        return out

    def stop(self) -> None:
        raylets = self.raylets()
        groups = self.groups()
        victims = set()
        for d in Path("/proc").iterdir():
            if not d.name.isdigit():
                continue
            try:
                if os.getpgid(int(d.name)) in groups:
                    victims.add(int(d.name))
                    continue
                env = (d / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(e.startswith(b"RAY_RAYLET_PID=") and e[15:].isdigit() and int(e[15:]) in raylets for e in env):
                victims.add(int(d.name))
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for p in self.procs:
            p.wait(timeout=30)
        shutil.rmtree(self.tmp, ignore_errors=True)


def fmt_run(name: str, r: dict, rows: int) -> str:
    m = r["memory"]
    return (f"{name}: {r['wall_s']:8.1f} s = {rows / r['wall_s']:7.1f} docs/s; peak RSS driver {m['driver_mb']} MB, "
            f"largest worker {m['max_worker_mb']} MB, all {m['total_mb']} MB ({m['processes']} processes); "
            f"CPU {m['cpu_s']} s = {1000 * m['cpu_s'] / rows:.1f} ms/doc; load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--pairs", type=int, default=100000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--ray-nodes", type=int, default=1,
                    help="Ray nodes on this machine, the --jobs CPUs shared among them (2: head + worker, as the tests)")
    ap.add_argument("--no-resume", action="store_true", help="skip step 3 (the articles killed and resumed)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    ray_ok = not args.no_ray
    if ray_ok:
        try:
            import ray  # noqa: F401
        except ImportError:
            print("ray not installed: Ray runs skipped (pip install 'tqa[ray]')")
            ray_ok = False

    from bench_audit import make_articles

    from audit.references import load_references

    results: dict = {"jobs": args.jobs, "batch_size": args.batch_size, "cpus": os.cpu_count(),
                     "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="tqa-bench-corpus-") as tmp:
        tmp = Path(tmp)
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; jobs {args.jobs}, batch {args.batch_size}")
        if args.articles:
            texts = make_articles(args.articles, load_references())
            src = tmp / "articles.jsonl"
            with src.open("w", encoding="utf-8") as f:
                for i, t in enumerate(texts):
                    f.write(json.dumps({"id": f"art-{i:06d}", "text": t, "lang": "en", "source_lang": "ru",
                                        "date": "2022-01-14"}, ensure_ascii=False) + "\n")
            ids = [f"art-{i:06d}" for i in range(len(texts))]
            words = sum(len(t.split()) for t in texts)
            print(f"articles: {len(texts)} ({words} words, {src.stat().st_size / 1e6:.1f} MB)")
            local = run(corpus_cmd(src, tmp / "a-local", args, "-j", str(args.jobs)))
            check_rows(tmp / "a-local", ids)
            print(fmt_run(f"  local pool -j {args.jobs}", local, len(texts)))
            results["articles"] = {"rows": len(texts), "words": words, "local": local}
            again = run(corpus_cmd(src, tmp / "a-local", args, "-j", str(args.jobs)))
            print(f"  re-run of the finished run (plan + verify {local['summary']['corpus']['shards']} shards): {again['wall_s']} s")
            results["articles"]["rerun_finished_s"] = again["wall_s"]
            if ray_ok:
                cluster = Cluster(args.jobs, args.ray_nodes)
                try:
                    r = run(corpus_cmd(src, tmp / "a-ray", args, "--executor", "ray", "--address", cluster.address,
                                       "--actors", str(args.jobs)), raylets=cluster.raylets(),
                          groups=cluster.groups())
                finally:
                    cluster.stop()
                same = shard_bytes(tmp / "a-ray") == shard_bytes(tmp / "a-local")
                over = r["wall_s"] / local["wall_s"] - 1
                over_cpu = r["memory"]["cpu_s"] / local["memory"]["cpu_s"] - 1
                print(fmt_run(f"  Ray, {args.jobs} actors", r, len(texts)))
                print(f"  CPU by process: local {local['memory']['cpu_by_process']}; Ray {r['memory']['cpu_by_process']}")
                print(f"  Ray cluster start {cluster.start_s} s (not counted); overhead against the pool: wall {100 * over:+.1f}%, "
                      f"CPU {100 * over_cpu:+.1f}%; "
                      f"shards byte-identical: {same}")
                results["articles"].update(ray=r, ray_start_s=cluster.start_s, ray_overhead=round(over, 4),
                                           ray_cpu_overhead=round(over_cpu, 4), identical=same)
                assert same, "Ray and the local pool wrote different shards"
        if args.articles and not args.no_resume:
            half = (args.articles // args.batch_size + 1) // 2
            k = run(corpus_cmd(src, tmp / "a-kill", args, "-j", str(args.jobs)), kill_at=half, out=tmp / "a-kill")
            res = run(corpus_cmd(src, tmp / "a-kill", args, "-j", str(args.jobs)))
            check_rows(tmp / "a-kill", ids)
            same = shard_bytes(tmp / "a-kill") == shard_bytes(tmp / "a-local")
            cost = k["wall_s"] + res["wall_s"] - local["wall_s"]
            print(f"  killed at {half} shards after {k['wall_s']} s, resumed in {res['wall_s']} s: resume cost "
                  f"{cost:+.1f} s ({100 * cost / local['wall_s']:+.1f}%); byte-identical to the clean run: {same}")
            results["articles"].update(killed=k, resumed=res, resume_cost_s=round(cost, 2), resume_identical=same)
            assert same
        if args.pairs:
            pairs = make_pairs(args.pairs)
            src = tmp / "pairs.jsonl"
            with src.open("w", encoding="utf-8") as f:
                for p in pairs:
                    f.write(json.dumps(p, ensure_ascii=False) + "\n")
            ids = [p["id"] for p in pairs]
            cols = ["--text-col", "target", "--source-col", "source", "--lang", "en", "--source-lang", "ru"]
            print(f"pairs: {len(pairs)} ({src.stat().st_size / 1e6:.1f} MB)")
            half = (args.pairs // args.batch_size + 1) // 2
            out = tmp / "p-local"
            k = run(corpus_cmd(src, out, args, "-j", str(args.jobs), *cols), kill_at=half, out=out)
            res = run(corpus_cmd(src, out, args, "-j", str(args.jobs), *cols))
            check_rows(out, ids)
            total = k["wall_s"] + res["wall_s"]
            print(f"  local pool -j {args.jobs}: killed at {half} shards after {k['wall_s']} s, resumed in "
                  f"{res['wall_s']} s ({len(pairs) / total:.1f} pairs/s overall); every row once: yes")
            for name, part in (("killed part", k), ("resumed part", res)):
                m = part["memory"]
                print(f"  {name}: peak RSS driver {m['driver_mb']} MB, largest worker {m['max_worker_mb']} MB, "
                      f"all {m['total_mb']} MB")
            results["pairs"] = {"rows": len(pairs), "killed": k, "resumed": res}
            if ray_ok:
                cluster = Cluster(args.jobs, args.ray_nodes)
                try:
                    r = run(corpus_cmd(src, tmp / "p-ray", args, "--executor", "ray", "--address", cluster.address,
                                       "--actors", str(args.jobs), *cols), raylets=cluster.raylets(),
                          groups=cluster.groups())
                finally:
                    cluster.stop()
                same = shard_bytes(tmp / "p-ray") == shard_bytes(out)
                print(fmt_run(f"  Ray, {args.jobs} actors on {args.ray_nodes} node(s)", r, len(pairs)))
                print(f"  shards byte-identical to the killed-and-resumed local run: {same}")
                results["pairs"].update(ray=r, identical=same)
                assert same
    results["load_after"] = os.getloadavg()[0]
    if args.json:
        for part in ("articles", "pairs"):
            for run_ in (results.get(part) or {}).values():
                if isinstance(run_, dict) and run_.get("summary"):
                    run_["summary"] = {k: run_["summary"][k] for k in ("counts", "findings", "score")}
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
