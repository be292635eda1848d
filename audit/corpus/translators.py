"""Back-translation models for a corpus run: loaded once per process or per Ray actor, not per
document.

The back-translation stage asks a factory `make(spec, engine=, beams=, quantization=, cache=)`
for a translator for every document. `tqa audit` builds a fresh one each time (its model
loads on the first text not in the cache); over a corpus that would load the model once per
document. Here:

- `SharedMake` (the local pool, and a Ray auditing actor without a translator pool) keeps one
  loaded model per (spec, engine, beams, quantization) in the process and wraps it for each
  document in a fresh translation cache view (so the stage's per-document counts stay right).
- With the Ray executor and a model, back-translation is an actor pool of its own
  (`TranslatorActor`, `--bt-actors`, one GPU each when the cluster has GPUs, one CPU
  otherwise). The auditing actors' factory is `RemoteMake`: texts not in the cache go to a
  pool actor, which queues the requests of all auditing actors. On a GPU it translates what
  has queued as one list ("packing"): the engine sorts it by length into batches of
  128 and restores the order, so the segments of many documents share a batch.
  On a CPU it translates each document's request on its own, in the engine's batches, exactly
  as the local pool does, so the results are byte-identical to it. (Packing changes which
  texts share a batch, and the engine caps a batch's output length by its longest input: a
  translation that runs into that cap, which a sound model rarely does, can come out another
  length; and a GPU's arithmetic is not a CPU's. So GPU results are not compared byte for byte
  with CPU ones.)

The stages a worker audits with are `(back-translation with this factory, the others)`:
`stages_with(options, make)`.
"""

from __future__ import annotations

import itertools
import threading
import time

from audit import gate
from audit.stages.backtranslation import BTOptions, backtranslation_stage
from audit.errors import TqaError
from audit.translate.base import ModelError, ModelUnavailable
from audit.translate.cache import CachedTranslator, TranslationCache
from audit.translate.factory import make_translator

_ERRORS = {"ModelError": ModelError, "ModelUnavailable": ModelUnavailable}


def uses_model(options, settings=None) -> bool:
    """Whether a run with these stage options names a back-translation model: by flag
    (`--model`, `--forward-model`) or in the config's `[backtranslation]` table (`settings`),
    which the stage reads when no flag is given; the two must start the same translator pool.
    (A pair's default model, used when it is already on the machine, is known only per
    document: it is loaded once per worker, not in a pool.)"""
    if options is None or not getattr(options, "enabled", True):
        return False
    if getattr(options, "model", None) or getattr(options, "forward_model", None):
        return True
    cfg = getattr(settings, "backtranslation", None) or {}
    return bool(cfg.get("model") or cfg.get("forward-model"))


def stages_with(options, make) -> tuple:
    """The stages `options` build, the back-translation one with `make` as its factory.
    `build_stages` returns (back-translation, the reference stage)."""
    built = tuple(gate.build_stages(options))
    if not built:
        return built
    bt = backtranslation_stage(BTOptions(model=options.model, forward_model=options.forward_model,
                                         engine=options.engine, beams=getattr(options, "beams", None),
                                         require=options.require_model), make)
    return (bt, *built[1:])


def _cached(inner, cache):
    if cache is False or cache is None:
        return inner
    return CachedTranslator(inner, cache if isinstance(cache, TranslationCache) else TranslationCache())


class SharedMake:
    """make(...) with one loaded model per key in this process."""

    def __init__(self):
        self.models: dict = {}
        self.lock = threading.Lock()

    def model(self, key: tuple):
        with self.lock:
            if key not in self.models:
                spec, engine, beams, quantization = key
                self.models[key] = make_translator(spec, engine=engine, beams=beams, quantization=quantization,
                                                   cache=False)
            return self.models[key]

    def __call__(self, spec, engine="transformers", beams=1, quantization="int8", cache=True):
        return _cached(self.model((spec, engine or "transformers", beams or 1, quantization or "int8")), cache)


# --- Ray: back-translation as its own actor pool ----------------------------------------------


class TranslatorActor:
    """One model per key, loaded on first use; requests from every auditing actor queue here and
    are translated together (a Ray actor with several threads: callers wait, one thread runs
    the model)."""

    def __init__(self, batch_size: int | None = None, pack: bool | None = None, make: SharedMake | None = None):
        self.make = make or SharedMake()
        self.batch_size = batch_size
        self.pack = pack  # None: when the model runs on a GPU
        self.cond = threading.Condition()
        self.queue: list[dict] = []
        self.stats = {"requests": 0, "texts": 0, "calls": 0, "seconds": 0.0, "device": None, "packed": None}
        self.closed = False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop the model thread (a Ray actor is killed instead; tests and embedders call this)."""
        with self.cond:
            self.closed = True
            self.cond.notify()
        self.thread.join(timeout=10)

    def _model(self, key: tuple):
        model = self.make.model(key)
        if self.pack is None:
            if hasattr(model, "load"):
                model.load()  # where it runs (cuda, cpu) is known once loaded
            self.pack = str(getattr(model, "device", "cpu") or "cpu") != "cpu"
        if self.pack and self.batch_size:
            model.batch_size = self.batch_size
        return model

    def describe(self, key: tuple) -> tuple:
        """(model id, revision, decoding) of the model for `key`, or why it cannot be had."""
        try:
            m = self._model(tuple(key))
            return ("ok", m.model_id, m.revision, m.decoding)
        except TqaError as exc:
            return ("error", type(exc).__name__, str(exc))

    def translate(self, key: tuple, texts: list[str]) -> tuple:
        req = {"key": tuple(key), "texts": list(texts), "done": threading.Event()}
        with self.cond:
            self.queue.append(req)
            self.cond.notify()
        req["done"].wait()
        return req["result"]

    def report(self) -> dict:
        return dict(self.stats)

    def _loop(self) -> None:
        while True:
            with self.cond:
                while not self.queue and not self.closed:
                    self.cond.wait()
                if self.closed:
                    return
                key = self.queue[0]["key"]
                take = [r for r in self.queue if r["key"] == key]
                self.queue = [r for r in self.queue if r["key"] != key]
            texts = [t for r in take for t in r["texts"]]
            t0 = time.perf_counter()
            calls = 0
            try:
                model = self._model(key)
                if self.pack:  # one list: length-sorted batches across documents, order restored (the engine's)
                    out, calls = model.translate(texts), 1
                else:  # each document's texts in the engine's own batches: what the local pool gives
                    out = []
                    for r in take:
                        out.extend(model.translate(r["texts"]))
                        calls += 1
            except TqaError as exc:
                result = ("error", type(exc).__name__, str(exc))
                for r in take:
                    r["result"] = result
            except Exception as exc:  # noqa: BLE001 - a model's failure goes back to the callers, not into the void
                result = ("error", "RuntimeError", f"{type(exc).__name__}: {exc}")
                for r in take:
                    r["result"] = result
            else:
                i = 0
                for r in take:
                    r["result"] = ("ok", out[i:i + len(r["texts"])])
                    i += len(r["texts"])
                self.stats["device"] = getattr(model, "device", None)
            self.stats["seconds"] += time.perf_counter() - t0
            self.stats["requests"] += len(take)
            self.stats["texts"] += len(texts)
            self.stats["calls"] += calls
            self.stats["packed"] = self.pack
            for r in take:
                r["done"].set()


def _unwrap(answer: tuple):
    if answer[0] == "ok":
        return answer[1:] if len(answer) > 2 else answer[1]
    _, kind, message = answer
    raise _ERRORS.get(kind, RuntimeError)(message)


class RemoteTranslator:
    """A Translator whose model runs in a `TranslatorActor` of the pool."""

    def __init__(self, handle, key: tuple, model_id: str, revision: str, decoding: str):
        self.handle, self.key = handle, key
        self.model_id, self.revision, self.decoding = model_id, revision, decoding

    def translate(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        import ray  # optional (tqa[ray]); only a Ray worker gets here

        return list(_unwrap(ray.get(self.handle.translate.remote(self.key, list(texts)))))


class RemoteMake:
    """make(...) for an auditing actor: translators served by the pool (round robin)."""

    def __init__(self, handles: list):
        self.handles = list(handles)
        self.turn = itertools.cycle(range(len(self.handles)))
        self.meta: dict = {}

    def __call__(self, spec, engine="transformers", beams=1, quantization="int8", cache=True):
        import ray  # optional (tqa[ray]); only a Ray worker gets here

        key = (spec, engine or "transformers", beams or 1, quantization or "int8")
        if key not in self.meta:
            self.meta[key] = _unwrap(ray.get(self.handles[0].describe.remote(key)))
        handle = self.handles[next(self.turn)]
        return _cached(RemoteTranslator(handle, key, *self.meta[key]), cache)


def start_pool(ray, actors: int | None, concurrency: int, batch_size: int | None = None) -> tuple[list, dict]:
    """The translator actors (one GPU each when the cluster has GPUs, else one CPU each) and
    what was chosen."""
    gpus = int(ray.cluster_resources().get("GPU", 0))
    n = actors or max(1, gpus)
    res = {"num_gpus": 1, "num_cpus": 1} if gpus else {"num_gpus": 0, "num_cpus": 1}
    batch = batch_size or (128 if gpus else None)  # a GPU takes long batches (docs/scale.md); on CPUs the engine's default
    cls = ray.remote(TranslatorActor).options(max_concurrency=max(4, concurrency + 2), max_restarts=-1,
                                             max_task_retries=-1, **res)
    handles = [cls.remote(batch) for _ in range(n)]
    return handles, {"bt_actors": n, "bt_device": "gpu" if gpus else "cpu", "bt_batch": batch}
