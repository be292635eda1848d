"""Who audits the shards: an Executor takes the pending shards and yields each one's result as
it completes (in any order: the driver writes every shard on its own and merges summaries in
shard order). Two implementations:

- `LocalExecutor`: a process pool on this machine (the default; no new dependency). At most
  2 × jobs shards are in flight, so memory is bounded by the batch size, not the corpus.
- `RayExecutor`: a Ray cluster (`pip install 'tqa[ray]'`). Ray Data streams the shard list
  through `map_batches` on a pool of actors; each actor loads the references, glossary and
  lexicons once (`audit.corpus.work.prepare`) and audits whole shards. An actor lost with its
  node is restarted and its shard retried by Ray. Every node needs tqa installed and the
  input path readable; results come back to the driver, which writes them. With a
  back-translation model, translation is an actor pool of its own (audit/corpus/translators.py:
  one model per actor, on a GPU each when the cluster has GPUs) that the auditing actors call.

Both call the same `audit_shard`, so per-document results are identical byte for byte.
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator

from audit.corpus.inputs import Shard
from audit.corpus.translators import RemoteMake, start_pool, uses_model
from audit.corpus.work import Job, ShardResult, audit_shard, prepare, warm
from audit.errors import TqaError

EXECUTORS = ("local", "ray")


class Executor:
    name = "executor"
    report: tuple | list = ()  # lines on what the run used, said by the driver at the end

    def imap(self, job: Job, shards: Iterable[Shard]) -> Iterator[ShardResult]:  # pragma: no cover - interface
        raise NotImplementedError

    def describe(self) -> dict:
        return {"executor": self.name}


class LocalExecutor(Executor):
    name = "local"

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, jobs)

    def describe(self) -> dict:
        return {"executor": self.name, "jobs": self.jobs}

    def imap(self, job: Job, shards: Iterable[Shard]) -> Iterator[ShardResult]:
        shards = list(shards)
        prepare(job)  # in this process: validates the references once, before any worker starts
        jobs = min(self.jobs, len(shards))
        if jobs <= 1:
            for s in shards:
                yield audit_shard(s, job)
            return
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        warm(job)  # forked workers inherit warm caches
        it = iter(shards)
        ex = ProcessPoolExecutor(max_workers=jobs, initializer=_pool_init, initargs=(job,))
        pending = set()
        clean = False
        try:
            for s in it:
                pending.add(ex.submit(audit_shard, s, job))
                if len(pending) >= 2 * jobs:
                    break
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield f.result()
                    nxt = next(it, None)
                    if nxt is not None:
                        pending.add(ex.submit(audit_shard, nxt, job))
            clean = True
        except BrokenProcessPool:
            raise WorkerLost("a worker process died (killed, or out of memory); the completed shards are "
                             "kept: run the same command again to continue") from None
        finally:
            if clean:
                ex.shutdown(wait=True)
            else:  # interrupted, or a shard failed: stop the workers now, not after their shards
                queue = getattr(ex, "_call_queue", None)
                if queue is not None:  # its feeder thread may still write to the pipe being closed:
                    queue._on_queue_feeder_error = lambda _e, _obj: None  # no stray traceback after our one line
                for proc in list((getattr(ex, "_processes", None) or {}).values()):
                    try:
                        proc.terminate()
                    except Exception:  # noqa: BLE001 - already gone
                        pass
                ex.shutdown(wait=False, cancel_futures=True)


def _pool_init(job: Job) -> None:
    """A pool worker: Ctrl-C is the driver's to handle (it stops the workers), then prepare."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare(job)


class WorkerLost(TqaError):
    exit_code = 3


class RayExecutor(Executor):
    name = "ray"

    def __init__(self, address: str | None = None, actors: int | None = None, num_cpus: float = 1.0,
                 bt_actors: int | None = None):
        _import_ray()  # before anything is planned or written: no Ray, one line
        self.address = address
        self.actors = actors
        self.num_cpus = num_cpus
        self.bt_actors = bt_actors
        self.report: list[str] = []  # what the run used, for the driver to say

    def describe(self) -> dict:
        return {"executor": self.name, "address": self.address, "actors": self.actors, "bt_actors": self.bt_actors}

    def imap(self, job: Job, shards: Iterable[Shard]) -> Iterator[ShardResult]:
        shards = list(shards)
        if not shards:
            return
        ray = _import_ray()
        prepare(job)  # validate the references here first: a bad glossary is one line, not a Ray traceback
        _connect(ray, self.address)
        import pickle

        import ray.data

        import logging

        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        try:
            ctx.print_on_execution_start = False
        except AttributeError:  # pragma: no cover - older Ray
            pass
        cpus = int(ray.cluster_resources().get("CPU", 1))
        pool, info = [], {}
        if uses_model(job.stages):  # back-translation: an actor pool of its own, on GPUs if there are any
            wanted = self.actors or max(1, cpus - (self.bt_actors or 1))
            pool, info = start_pool(ray, self.bt_actors, concurrency=wanted)
            cpus -= info["bt_actors"] if info["bt_device"] == "cpu" else 0
        n = max(1, min(self.actors or max(1, int(cpus // self.num_cpus)), len(shards)))
        job_blob = pickle.dumps(job)
        items = [{"index": s.index, "shard": pickle.dumps(s)} for s in shards]
        ds = ray.data.from_items(items, override_num_blocks=len(items))
        ds = ds.map_batches(_auditor_class(job_blob, pool), batch_size=1,
                            compute=ray.data.ActorPoolStrategy(size=n), num_cpus=self.num_cpus,
                            batch_format="default", zero_copy_batch=False)
        try:
            for row in ds.iter_rows():
                yield pickle.loads(row["result"])
        except Exception as exc:  # noqa: BLE001 - Ray wraps the worker's error; say it in one line
            cause = _root_cause(exc)
            if isinstance(cause, TqaError):
                raise cause from None
            raise WorkerLost(f"the Ray run failed: {type(cause).__name__}: {str(cause).splitlines()[0] if str(cause) else ''}; "
                             "the completed shards are kept: run the same command again to continue") from None
        finally:
            self._stop_pool(ray, pool, info, n)

    def _stop_pool(self, ray, pool: list, info: dict, auditors: int) -> None:
        if not pool:
            return
        try:
            stats = ray.get([h.report.remote() for h in pool], timeout=30)
            texts, calls, requests = (sum(s[k] for s in stats) for k in ("texts", "calls", "requests"))
            secs = sum(s["seconds"] for s in stats)
            self.report.append(f"back-translation: {info['bt_actors']} translator actor(s) on {stats[0]['device'] or info['bt_device']} "
                               f"for {auditors} auditing actor(s): {texts} texts from {requests} documents' requests "
                               f"in {calls} model calls, {secs:.1f} s")
        except Exception:  # noqa: BLE001 - a lost actor's stats are not worth failing the run for
            pass
        for h in pool:
            try:
                ray.kill(h)
            except Exception:  # noqa: BLE001 - already gone
                pass


def _auditor_class(job_blob: bytes, pool: list):
    """The Ray Data actor class for this job (the job and the translator pool's handles travel
    with the class, not as constructor arguments in the object store, so an actor restarted on
    another node can always be built)."""

    class Auditor(_Auditor):
        def __init__(self):
            super().__init__(job_blob, pool)

    return Auditor


class _Auditor:
    """A Ray Data actor: prepares the job once (back-translating through the pool when there is
    one), then audits one shard per batch."""

    def __init__(self, job_blob: bytes, pool: list):
        import pickle

        self.job = pickle.loads(job_blob)
        prepare(self.job, RemoteMake(pool) if pool else None)

    def __call__(self, batch: dict) -> dict:
        import pickle

        out = []
        for blob in batch["shard"]:
            out.append(pickle.dumps(audit_shard(pickle.loads(blob), self.job)))
        return {"index": list(batch["index"]), "result": out}


def _import_ray():
    try:
        import ray
    except ImportError:
        raise TqaError("--executor ray needs Ray: pip install 'tqa[ray]'") from None
    return ray


def _connect(ray, address: str | None) -> None:
    if ray.is_initialized():
        return
    import logging

    os.environ.setdefault("RAY_DATA_DISABLE_PROGRESS_BARS", "1")
    _probe(address)
    try:
        ray.init(address=address or "auto", logging_level=logging.ERROR, log_to_driver=False,
                 include_dashboard=False, configure_logging=False)
    except ConnectionError as exc:
        raise TqaError(f"cannot connect to the Ray cluster at {address or 'auto'}: {str(exc).splitlines()[0]}") from None
    except Exception as exc:  # noqa: BLE001 - Ray raises several types for a wrong address
        raise TqaError(f"cannot connect to the Ray cluster at {address or 'auto'}: {type(exc).__name__}: "
                       f"{str(exc).splitlines()[0] if str(exc) else ''}") from None


def _probe(address: str | None) -> None:
    """A HOST:PORT that does not answer is one line now, not Ray's minutes of retries."""
    import socket

    if not address or address == "auto" or "://" in address or ":" not in address:
        return
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        raise TqaError(f"--address {address}: give HOST:PORT or auto")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except OSError as exc:
        raise TqaError(f"cannot connect to the Ray cluster at {address}: {exc.strerror or exc}") from None


def _root_cause(exc: BaseException) -> BaseException:
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = getattr(exc, "cause", None) or exc.__cause__
        if inner is None:
            break
        exc = inner
    return exc


def make_executor(name: str, jobs: int, address: str | None = None, actors: int | None = None,
                  bt_actors: int | None = None) -> Executor:
    if name == "local":
        return LocalExecutor(jobs)
    if name == "ray":
        return RayExecutor(address, actors, bt_actors=bt_actors)
    raise TqaError(f"unknown executor {name!r} (choose from: {', '.join(EXECUTORS)})")
