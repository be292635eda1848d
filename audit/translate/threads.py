"""How many threads a translation engine may use: what the machine really gives this process.

`os.cpu_count()` counts the host's cores, not ours: a container limited by a cgroup CPU quota,
or a process pinned to some cores (taskset, a CI runner), gets fewer. Engines left at their
defaults take every core they see (CTranslate2 `intra_threads=0` = all, torch likewise plus an
inter-op pool), so under a quota, or with the gate running several workers, threads outnumber
cores and all of them wait on each other: measured on a 2-core machine, a `--model` audit of the
seed took 1.8x as long as with one thread.

Order: `--threads N` / `TQA_THREADS` (what the user says), else the CPUs available (affinity,
then the cgroup quota, v2 `cpu.max` or v1 `cpu.cfs_quota_us`), shared between the workers that
`worker_share` announces (the gate's pool), at least one each. A process alone (no pool) takes
no more threads than there are idle CPUs (`busy_cpus`: the load average and the tasks runnable
now, the smaller), at least one: on a busy
machine every extra thread of an engine waits on the others at each step (OpenMP barriers),
and the transformers engine at two threads on two cores at load 9-12 ran past 15 minutes
where one thread did the same work in 45 s (issue 15). The load average speaks of the whole
machine, so it is read only when this process may use every CPU of it (not in a container with
a quota or under taskset, where the busy CPUs may not be ours).
"""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ENV_THREADS = "TQA_THREADS"  # the user's override (--threads sets it)
ENV_WORKERS = "TQA_WORKERS"  # processes sharing the CPUs, set by the gate for its pool


def _cgroup_quota(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """CPUs allowed by the cgroup quota (may be fractional), None when unlimited or unknown."""
    try:
        text = (root / "cpu.max").read_text().split()  # v2: "max 100000" or "150000 100000"
        if text and text[0] != "max":
            return int(text[0]) / int(text[1])
        if text:
            return None
    except (OSError, ValueError, IndexError):
        pass
    try:
        quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())  # v1: -1 unlimited
        period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        return quota / period if quota > 0 and period > 0 else None
    except (OSError, ValueError):
        return None


def available_cpus(cgroup_root: Path = Path("/sys/fs/cgroup")) -> int:
    """CPUs this process may run on: its affinity mask, capped by the cgroup quota (rounded up)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        n = os.cpu_count() or 1
    quota = _cgroup_quota(cgroup_root)
    if quota is not None:
        n = min(n, max(1, math.ceil(quota)))
    return max(1, n)


def _positive(name: str) -> int | None:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return None
    return value if value >= 1 else None


def busy_cpus(cpus: int, loadavg: Path = Path("/proc/loadavg")) -> float:
    """CPUs that other work keeps busy, as far as this process can tell: the smaller of the
    1-minute load average (sustained, but it remembers this process's own work of the last
    minute) and the tasks runnable now besides this one (current, but one instant). Both are
    high only under lasting contention. 0 where they say nothing about our `cpus` (a
    container's quota, an affinity mask) or cannot be read (not Linux)."""
    if cpus < (os.cpu_count() or 1):
        return 0.0
    try:
        fields = loadavg.read_text().split()  # "0.60 1.00 2.81 3/250 4242"
        load, running = float(fields[0]), int(fields[3].split("/")[0]) - 1  # this process is one
    except (OSError, ValueError, IndexError):
        return 0.0
    return max(0.0, min(load, running))


def engine_threads() -> int:
    """Threads for one engine in this process (see the module docstring for the order)."""
    explicit = _positive(ENV_THREADS)
    if explicit:
        return explicit
    workers = _positive(ENV_WORKERS) or 1
    cpus = available_cpus()
    share = max(1, cpus // workers)
    if workers > 1:  # the gate's pool: its own workers are much of the load, and each has its share
        return share
    return max(1, min(share, math.ceil(cpus - busy_cpus(cpus))))


@contextmanager
def worker_share(workers: int) -> Iterator[None]:
    """While a pool of `workers` processes runs (forked or spawned: they inherit the
    environment), each engine takes its share of the CPUs instead of all of them."""
    saved = os.environ.get(ENV_WORKERS)
    os.environ[ENV_WORKERS] = str(max(1, workers))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(ENV_WORKERS, None)
        else:
            os.environ[ENV_WORKERS] = saved


def configure_torch(threads: int) -> None:
    """torch's intra-op threads to `threads`, inter-op to 1 (greedy and beam decoding run one
    op after another: an inter-op pool only adds threads that compete with the intra-op ones).
    The inter-op count can be set once per process, before torch's first parallel work."""
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    try:
        if torch.get_num_interop_threads() != 1:
            torch.set_num_interop_threads(1)
    except RuntimeError:  # already used in this process: it keeps what it had
        pass
