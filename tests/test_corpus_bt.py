"""`tqa corpus --model`: the back-translation model is loaded once per worker process, not once
per document, and the results are those of a translator built per document (audit.corpus.translators).
The Ray translator pool is tested on the test cluster in test_corpus_ray.py."""

from __future__ import annotations

import pytest

from test_corpus import articles, invoke, shard_bytes, shard_rows, write_jsonl


def test_a_corpus_loads_the_model_once_and_gives_per_document_results(tmp_path, tiny_marian, monkeypatch):
    from transformers import MarianMTModel

    from audit.corpus import translators, work
    from audit.translate.factory import make_translator

    loads = []
    real = MarianMTModel.from_pretrained.__func__

    def counting(cls, *a, **kw):
        loads.append(a[0] if a else kw)
        return real(cls, *a, **kw)

    monkeypatch.setattr(MarianMTModel, "from_pretrained", classmethod(counting))
    rows = [{"id": f"d{i}", "text": text, "lang": "en", "source_lang": "ru"} for i, text in enumerate(
        ["Antony Blinken met Sergei Lavrov in Geneva.", "The talks lasted 7 hours.\n\nThe ministry said so.",
         "The council of Kyiv approved the budget.", "Talks lasted 7 hours.\n\nNATO was ready for dialogue."])]
    src = write_jsonl(tmp_path / "c.jsonl", rows)
    args = ["--model", str(tiny_marian), "-j", "1", "--batch-size", "2", "--no-progress"]

    monkeypatch.setenv("TQA_CACHE_DIR", str(tmp_path / "cache-shared"))
    monkeypatch.setattr(work, "_SHARED", translators.SharedMake())
    assert invoke(str(src), "-o", str(tmp_path / "shared"), *args).exit_code == 1
    assert len(loads) == 1  # four documents, two shards, one model

    loads.clear()
    monkeypatch.setenv("TQA_CACHE_DIR", str(tmp_path / "cache-per-doc"))
    monkeypatch.setattr(work, "_SHARED", make_translator)  # what `tqa audit` does: a translator per document
    work._PREPARED.clear()
    assert invoke(str(src), "-o", str(tmp_path / "per-doc"), *args).exit_code == 1
    assert len(loads) > 1  # a load for each document with a segment the cache did not have yet
    assert shard_bytes(tmp_path / "shared") == shard_bytes(tmp_path / "per-doc")
    for d in shard_rows(tmp_path / "shared", "documents"):
        assert not any(n.startswith("back-translation skipped") for n in d["notices"]), d["notices"]


def test_bt_actors_need_the_ray_executor(tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", articles(1))
    r = invoke(str(src), "-o", str(tmp_path / "o"), "--bt-actors", "2")
    assert r.exit_code == 2 and "--bt-actors needs --executor ray" in r.stderr


def _call_at_once(actor, key, requests: list[list[str]]) -> list:
    """Call the actor from one thread per request at once, as Ray calls a threaded actor."""
    import threading

    out: dict = {}
    threads = [threading.Thread(target=lambda i=i: out.__setitem__(i, actor.translate(key, requests[i])))
               for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return [out.get(i) for i in range(len(requests))]


REQUESTS = [[f"The minister met the mayor on day {i}.", "Talks ended.", f"Troops were moved {i} times."][: 1 + i % 3]
            for i in range(12)]


def test_on_a_gpu_the_translator_actor_packs_queued_requests_and_gives_each_its_own(monkeypatch):
    """Packing (a model on a GPU): requests that queued while the model ran go through it as one
    list; every caller gets back its own texts' translations, in its order."""
    import time

    from audit.corpus.translators import SharedMake, TranslatorActor

    class Engine:  # a model on a GPU that takes its time: upper-cases, records its batches
        device, model_id, revision, decoding, batch_size = "cuda", "stub", "0", "stub", 16
        calls: list = []

        def translate(self, texts):
            self.calls.append(list(texts))
            time.sleep(0.05)
            return [t.upper() for t in texts]

    class Make(SharedMake):
        def model(self, key):
            return engine

    engine = Engine()
    actor = TranslatorActor(batch_size=64, make=Make())
    key = ("stub", "transformers", 1, "int8")
    assert actor.describe(key) == ("ok", "stub", "0", "stub")
    got = _call_at_once(actor, key, REQUESTS)
    assert got == [("ok", [t.upper() for t in texts]) for texts in REQUESTS]
    stats = actor.report()
    assert stats["packed"] is True and engine.batch_size == 64
    assert stats["requests"] == 12 and stats["texts"] == sum(map(len, REQUESTS))
    assert stats["calls"] == len(engine.calls) < 12  # queued requests shared model calls
    assert max(map(len, engine.calls)) > 3  # a call held several documents' texts
    actor.close()
    assert not actor.thread.is_alive()


def test_on_a_cpu_the_translator_actor_gives_what_the_model_gives_each_document(tiny_marian):
    """No packing on a CPU: each request in the engine's own batches, so the texts come back as
    a translator of their own would give them (what the local pool does)."""
    from audit.corpus.translators import TranslatorActor
    from audit.translate.factory import make_translator

    key = (str(tiny_marian), "transformers", 1, "int8")
    alone = make_translator(str(tiny_marian), cache=False)
    requests = REQUESTS[:5]
    expected = [("ok", alone.translate(texts)) for texts in requests]
    actor = TranslatorActor()
    assert actor.describe(key)[0] == "ok"
    assert _call_at_once(actor, key, requests) == expected
    stats = actor.report()
    assert stats["packed"] is False and stats["device"] == "cpu" and stats["calls"] == 5
    assert actor.describe(("/no/such/model", "transformers", 1, "int8"))[:2] == ("error", "ModelError")
    actor.close()  # no thread left behind in the test process (a later test's forked pool)


@pytest.fixture(autouse=True)
def _fresh_prepare():
    """Each test's run prepares its own job (models, stages) in this process, and so does the
    next test's: nothing prepared here (a model's stages) is taken for another job's."""
    from audit.corpus import work

    work._PREPARED.clear()
    yield
    work._PREPARED.clear()


def test_a_model_named_in_the_config_counts_as_one_named_by_flag():
    """The translator pool (Ray) and the no-model-before-fork rule (local pool) follow the model
    whether --model or the config's [backtranslation] table names it."""
    from audit.config import Settings
    from audit.corpus.translators import uses_model
    from audit.entry import StageOptions

    assert uses_model(StageOptions(model="dir"), Settings())
    assert uses_model(StageOptions(), Settings(backtranslation={"model": "dir"}))
    assert uses_model(StageOptions(), Settings(backtranslation={"forward-model": "dir"}))
    assert not uses_model(StageOptions(), Settings(backtranslation={"beams": 2}))
    assert not uses_model(StageOptions(enabled=False), Settings(backtranslation={"model": "dir"}))
    assert not uses_model(None, Settings(backtranslation={"model": "dir"}))


def test_warming_the_driver_never_runs_a_stage(monkeypatch):
    """warm() audits samples in the driver before the pool forks: a model there would leave torch's
    thread pools in a forked child; the stages are put back afterwards."""
    from audit import gate
    from audit.config import Settings
    from audit.corpus import work

    seen = []

    def stage(doc, references, settings, earlier=None):  # a stand-in stage: it must not be called
        seen.append(doc)
        raise AssertionError("a stage ran while warming")

    job = work.Job(settings=Settings(), source_col="source")
    work.prepare(job)
    monkeypatch.setitem(gate.WORKER_STATE, "stages", (stage,))
    work.warm(job)
    assert seen == [] and gate.WORKER_STATE["stages"] == (stage,)
