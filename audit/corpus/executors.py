"""Who audits the shards: an Executor takes the pending shards and yields each one's result as
it completes (in any order: the driver writes every shard on its own and merges summaries in
shard order). Two implementations:

- `LocalExecutor`: a process pool on this machine (the default; no new dependency). At most
  2 × jobs shards are in flight, so memory is bounded by the batch size, not the corpus.
- `RayExecutor`: a Ray cluster (`pip install 'tqa[ray]'`). A pool of Ray actors, each loading
  the references, glossary and lexicons once (`audit.corpus.work.prepare`), audits whole
  shards that the driver hands out, two in flight per actor. An actor lost with its node is
  dropped and its shards go to the others. Every node needs tqa installed and the input path
  readable; results come back to the driver, which writes them. (Until this commit the shards
  went through Ray Data's `map_batches`; its helper actors and the driver's streaming executor
  cost about as much CPU as the auditing did on a short run: docs/scale.md.) With a
  back-translation model, translation is an actor pool of its own (audit/corpus/translators.py:
  one model per actor, on a GPU each when the cluster has GPUs) that the auditing actors call.

Both call the same `audit_shard`, so per-document results are identical byte for byte.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import sys
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

        # Forked workers inherit warm caches; but torch's thread pools do not survive a fork, so a
        # process that has torch loaded starts its workers fresh, and warming never runs a model.
        ctx = multiprocessing.get_context("spawn") if "torch" in sys.modules else None
        if ctx is None and not uses_model(job.stages, job.settings):
            warm(job)
        it = iter(shards)
        ex = ProcessPoolExecutor(max_workers=jobs, initializer=_pool_init, initargs=(job,), mp_context=ctx)
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
                for proc in list((getattr(ex, "_processes", None) or {}).values()):
                    try:
                        proc.terminate()
                    except Exception:  # noqa: BLE001 - already gone
                        pass
                # The pool's queue-feeder thread may trip over the pipe of the workers just stopped and
                # print a traceback; wait for it here, quietly, so that our one line is the last word.
                with contextlib.redirect_stderr(io.StringIO()):
                    ex.shutdown(wait=True, cancel_futures=True)


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
        cpus = int(ray.cluster_resources().get("CPU", 1))
        pool, info = [], {}
        if uses_model(job.stages, job.settings):  # back-translation: an actor pool of its own, on GPUs if there are any
            wanted = self.actors or max(1, cpus - (self.bt_actors or 1))
            pool, info = start_pool(ray, self.bt_actors, concurrency=wanted)
            cpus -= info["bt_actors"] if info["bt_device"] == "cpu" else 0
        n = max(1, min(self.actors or max(1, int(cpus // self.num_cpus)), len(shards)))
        auditors = _Auditors(ray, ray.remote(num_cpus=self.num_cpus)(_Auditor), (job, pool), n)
        try:
            yield from auditors.run(shards)
        finally:
            auditors.stop()
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


class _Auditors:
    """`n` auditing actors fed shards from the driver, two in flight each (one auditing, one
    waiting: an actor never idles for the driver's round trip). An actor that dies (its node
    lost, killed) is dropped and its shards go to the others; when none is left, new ones are
    started where the cluster has room, a few times before the run gives up (exit 3)."""

    def __init__(self, ray, cls, args: tuple, n: int):
        self.ray, self.cls, self.args, self.n = ray, cls, args, n
        self.actors = [cls.remote(*args) for _ in range(n)]
        self.started = n

    def run(self, shards: list[Shard]) -> Iterator[ShardResult]:
        from collections import deque

        ray = self.ray
        todo = deque(shards)
        flight: dict = {}  # ObjectRef -> (actor, shard)
        load = {id(a): 0 for a in self.actors}

        def feed() -> None:
            for a in list(self.actors):
                while load[id(a)] < 2 and todo:
                    s = todo.popleft()
                    flight[a.audit.remote(s)] = (a, s)
                    load[id(a)] += 1

        feed()
        while flight:
            ready, _ = ray.wait(list(flight), num_returns=1)
            ref = ready[0]
            actor, shard = flight.pop(ref)
            load[id(actor)] -= 1
            try:
                result = ray.get(ref)
            except (ray.exceptions.RayActorError, ray.exceptions.ActorUnavailableError):
                todo.appendleft(shard)  # audited again elsewhere: shard files are written only once it returns
                if actor in self.actors:
                    self.actors.remove(actor)
                    self._replace_if_none(load)
                feed()
                continue
            except ray.exceptions.RayTaskError as exc:
                cause = _root_cause(exc)
                if isinstance(cause, TqaError):
                    raise cause from None
                raise WorkerLost(f"the Ray run failed: {type(cause).__name__}: {_first_line(cause)}; "
                                 "the completed shards are kept: run the same command again to continue") from None
            yield result
            feed()

    def _replace_if_none(self, load: dict) -> None:
        if self.actors:
            return
        if self.started >= 4 * self.n:
            raise WorkerLost("the Ray run lost every auditing actor, again and again; the completed shards are "
                             "kept: run the same command again to continue")
        self.actors = [self.cls.remote(*self.args) for _ in range(self.n)]
        self.started += self.n
        load.update({id(a): 0 for a in self.actors})

    def stop(self) -> None:
        for a in self.actors:
            try:
                self.ray.kill(a)
            except Exception:  # noqa: BLE001 - already gone
                pass


class _Auditor:
    """A Ray actor: prepares the job once (back-translating through the translator pool when
    there is one), then audits the shards it is given."""

    def __init__(self, job: Job, pool: list):
        import logging

        logging.getLogger("ray").setLevel(logging.ERROR)
        self.job = job
        prepare(job, RemoteMake(pool) if pool else None)

    def audit(self, shard: Shard) -> ShardResult:
        return audit_shard(shard, self.job)


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else ""


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
