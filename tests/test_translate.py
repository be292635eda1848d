"""audit.translate: loading a real (tiny) Marian checkpoint, batching, the cache, CTranslate2,
and the errors a bad model gives. No network: HF_HUB_OFFLINE is set in conftest."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from audit.translate.base import ModelError, ModelUnavailable
from audit.translate.cache import CachedTranslator, TranslationCache, cache_dir
from audit.translate.factory import make_translator
from audit.translate.marian import length_batches
from audit.translate.models import fingerprint, resolve

TEXTS = [
    "The minister spoke to reporters in Geneva on Monday after the talks.",
    "NATO is ready.",
    "Госсекретарь Энтони Блинкен прибыл в Женеву.",
    "Officials called on the government to take measures.",
]


class Counting:
    """A Translator that records what it was asked."""

    model_id, revision, decoding = "fake/model", "r1", "fake"

    def __init__(self):
        self.calls: list[list[str]] = []

    def translate(self, texts):
        self.calls.append(list(texts))
        return [t.upper() for t in texts]


def test_length_batches_cover_every_index_once_longest_first():
    texts = ["a", "ccc", "bb", "dddd", "e"]
    batches = length_batches(texts, 2)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(5)) and all(len(b) <= 2 for b in batches)
    assert [len(texts[i]) for i in flat] == sorted((len(t) for t in texts), reverse=True)


def test_marian_loads_from_a_directory_and_restores_order(tiny_marian):
    t = make_translator(str(tiny_marian), cache=False)
    out = t.translate(TEXTS)
    assert len(out) == len(TEXTS) and all(isinstance(o, str) and o for o in out)
    # Same batches either way (sorted by length), so each text gets the same output back.
    assert t.translate(TEXTS[::-1]) == out[::-1]
    assert t.revision == fingerprint(tiny_marian) and t.model_id == str(tiny_marian)
    # Random weights, but outputs depend on the input.
    assert len(set(out)) > 1


def test_cache_second_pass_translates_nothing(mt_cache):
    inner = Counting()
    first = CachedTranslator(inner, TranslationCache())
    assert first.translate(["a", "b", "a"]) == ["A", "B", "A"]
    assert inner.calls == [["a", "b"]] and first.translated == 2
    again = CachedTranslator(inner, TranslationCache())
    assert again.translate(["b", "a"]) == ["B", "A"]
    assert inner.calls == [["a", "b"]] and again.translated == 0 and again.cached == 2
    assert (mt_cache / "translations.sqlite3").is_file()


def test_cache_key_includes_revision_and_decoding(mt_cache):
    inner = Counting()
    CachedTranslator(inner, TranslationCache()).translate(["a"])
    inner.revision = "r2"
    CachedTranslator(inner, TranslationCache()).translate(["a"])
    inner.decoding = "beams:4"
    CachedTranslator(inner, TranslationCache()).translate(["a"])
    assert inner.calls == [["a"], ["a"], ["a"]]


def test_corrupt_cache_entry_is_ignored(mt_cache):
    inner = Counting()
    CachedTranslator(inner, TranslationCache()).translate(["a", "b"])
    db = sqlite3.connect(mt_cache / "translations.sqlite3")
    db.execute("UPDATE translations SET output = 'garbage' WHERE output = 'A'")
    db.commit()
    db.close()
    t = CachedTranslator(inner, TranslationCache())
    assert t.translate(["a", "b"]) == ["A", "B"]
    assert inner.calls[-1] == ["a"] and t.cached == 1


def test_cache_file_that_is_not_a_database_is_set_aside(mt_cache):
    mt_cache.mkdir(parents=True)
    (mt_cache / "translations.sqlite3").write_bytes(b"this is not sqlite" * 100)
    inner = Counting()
    cache = TranslationCache()
    assert CachedTranslator(inner, cache).translate(["a"]) == ["A"]
    assert (mt_cache / "translations.sqlite3.corrupt").is_file()
    assert CachedTranslator(inner, TranslationCache()).translate(["a"]) == ["A"] and len(inner.calls) == 1


def test_cache_dir_follows_env_and_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("TQA_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    import sys

    if sys.platform.startswith("linux"):
        assert cache_dir() == tmp_path / "tqa"
    monkeypatch.setenv("TQA_CACHE_DIR", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"


def test_ct2_float32_greedy_tokens_equal_transformers(tiny_marian, mt_cache):
    pytest.importorskip("ctranslate2")
    hf = make_translator(str(tiny_marian), cache=False)
    ct = make_translator(str(tiny_marian), engine="ct2", quantization="float32", cache=False)
    assert ct.token_ids(TEXTS) == hf.token_ids(TEXTS)
    assert ct.translate(TEXTS) == hf.translate(TEXTS)


def test_ct2_int8_converts_once_into_the_cache(tiny_marian, mt_cache):
    pytest.importorskip("ctranslate2")
    ct = make_translator(str(tiny_marian), engine="ct2", cache=False)
    out = ct.translate(TEXTS)
    assert len(out) == len(TEXTS) and all(isinstance(o, str) for o in out)
    converted = list((mt_cache / "ct2").iterdir())
    assert len(converted) == 1 and converted[0].name.endswith("-int8") and (converted[0] / "model.bin").is_file()
    assert make_translator(str(tiny_marian), engine="ct2", cache=False).translate(TEXTS) == out


def test_missing_directory_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        resolve(str(tmp_path / "nope"))


def test_directory_without_config_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="no config.json"):
        resolve(str(tmp_path))


def test_corrupt_config_is_a_model_error(tiny_marian, tmp_path):
    bad = tmp_path / "m"
    shutil.copytree(tiny_marian, bad)
    (bad / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt model config"):
        resolve(str(bad))


def test_corrupt_weights_are_a_model_error_when_loaded(tiny_marian, tmp_path):
    bad = tmp_path / "m"
    shutil.copytree(tiny_marian, bad)
    (bad / "model.safetensors").write_bytes(b"\0garbage" * 64)
    t = make_translator(str(bad), cache=False)
    with pytest.raises(ModelError, match="cannot load"):
        t.translate(["hello"])


def test_hub_id_not_cached_offline_is_unavailable(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    with pytest.raises(ModelUnavailable, match="not in the local Hugging Face cache"):
        resolve("Helsinki-NLP/opus-mt-en-ru")


def test_hub_cache_snapshot_is_found_without_network(tiny_marian, monkeypatch, tmp_path):
    """A model in the hub cache layout resolves to its snapshot and loads with from_pretrained
    of the hub id (local_files_only)."""
    repo = tmp_path / "models--example--tiny-en-ru"
    commit = "0123456789abcdef0123456789abcdef01234567"
    shutil.copytree(tiny_marian, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    src = resolve("example/tiny-en-ru")
    assert src.origin == "hub-cache" and src.revision == commit
    out = make_translator("example/tiny-en-ru", cache=False).translate(["NATO is ready."])
    assert out == make_translator(str(tiny_marian), cache=False).translate(["NATO is ready."])


def test_fingerprint_changes_with_the_weights(tiny_marian, tmp_path):
    copy = tmp_path / "m"
    shutil.copytree(tiny_marian, copy)
    assert fingerprint(copy) == fingerprint(tiny_marian)
    cfg = json.loads((copy / "config.json").read_text())
    cfg["d_model"] = 32  # same
    data = bytearray((copy / "model.safetensors").read_bytes())
    data[-10] ^= 0xFF
    (copy / "model.safetensors").write_bytes(bytes(data))
    assert fingerprint(copy) != fingerprint(tiny_marian)


class _FakeHub:
    """Stands in for the Hugging Face hub: model_info and snapshot_download, no network."""

    def __init__(self, tiny, cache, sha="f" * 40, fail=None):
        self.tiny, self.cache, self.sha, self.fail = tiny, cache, sha, fail
        self.patterns = None

    def model_info(self, api, repo_id, revision=None, timeout=None):
        if self.fail:
            raise self.fail
        from types import SimpleNamespace

        names = [p.name for p in self.tiny.iterdir()] + ["tf_model.h5", "rust_model.ot"]
        return SimpleNamespace(sha=self.sha, siblings=[SimpleNamespace(rfilename=n) for n in names])

    def snapshot_download(self, repo_id, revision=None, allow_patterns=None, cache_dir=None):
        self.patterns = list(allow_patterns)
        snap = self.cache / ("models--" + repo_id.replace("/", "--")) / "snapshots" / revision
        snap.mkdir(parents=True)
        for name in allow_patterns:
            if (self.tiny / name).is_file():
                shutil.copy(self.tiny / name, snap / name)
        refs = snap.parent.parent / "refs"
        refs.mkdir()
        (refs / "main").write_text(revision)
        return str(snap)


@pytest.fixture
def online(monkeypatch, tmp_path):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    return tmp_path / "hub"


def _install(monkeypatch, hub):
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", lambda api, *a, **k: hub.model_info(api, *a, **k))
    monkeypatch.setattr(huggingface_hub, "snapshot_download", hub.snapshot_download)


def test_download_fetches_only_the_marian_files_then_loads_from_the_cache(tiny_marian, online, monkeypatch, mt_cache):
    hub = _FakeHub(tiny_marian, online)
    _install(monkeypatch, hub)
    t = make_translator("example/tiny-en-ru")
    assert t.revision == "unresolved"
    out = t.translate(["NATO is ready."])
    assert t.revision == hub.sha and "model.safetensors" in hub.patterns and "tf_model.h5" not in hub.patterns
    assert out == make_translator(str(tiny_marian), cache=False).translate(["NATO is ready."])
    again = make_translator("example/tiny-en-ru")  # now cached: resolves without the hub
    assert again.revision == hub.sha and again.translate(["NATO is ready."]) == out and again.translated == 0


def test_unreachable_hub_is_unavailable_at_once(tiny_marian, online, monkeypatch):
    _install(monkeypatch, _FakeHub(tiny_marian, online, fail=ConnectionError("Connection refused")))
    with pytest.raises(ModelUnavailable, match="hub cannot be reached"):
        make_translator("example/tiny-en-ru", cache=False).translate(["x"])


def test_unknown_hub_id_is_a_model_error(tiny_marian, online, monkeypatch):
    from huggingface_hub.errors import RepositoryNotFoundError

    err = RepositoryNotFoundError.__new__(RepositoryNotFoundError)
    Exception.__init__(err, "404")
    _install(monkeypatch, _FakeHub(tiny_marian, online, fail=err))
    with pytest.raises(ModelError, match="no model example/nope on the Hugging Face hub"):
        make_translator("example/nope", cache=False).translate(["x"])


# --- threads: engines take the CPUs the process really has (audit/translate/threads.py) ---


def _cgroup(tmp_path, files: dict):
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


@pytest.mark.parametrize("files,quota", [
    ({"cpu.max": "150000 100000\n"}, 1.5),             # cgroup v2 with a quota
    ({"cpu.max": "max 100000\n"}, None),               # v2 unlimited
    ({"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3.0),  # v1
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),     # v1 unlimited
    ({"cpu.max": "garbage"}, None),
    ({}, None),
])
def test_cgroup_quota_is_read_in_both_layouts(tmp_path, files, quota):
    from audit.translate.threads import _cgroup_quota

    assert _cgroup_quota(_cgroup(tmp_path, files)) == quota


def test_available_cpus_is_the_affinity_capped_by_the_quota(tmp_path, monkeypatch):
    import os

    from audit.translate import threads

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 4, 5, 6, 7}, raising=False)
    assert threads.available_cpus(_cgroup(tmp_path / "a", {})) == 8
    assert threads.available_cpus(_cgroup(tmp_path / "b", {"cpu.max": "150000 100000"})) == 2  # 1.5 rounded up
    assert threads.available_cpus(_cgroup(tmp_path / "c", {"cpu.max": "20000 100000"})) == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)  # taskset -c 3
    assert threads.available_cpus(_cgroup(tmp_path / "d", {"cpu.max": "400000 100000"})) == 1


def test_engine_threads_override_and_worker_share(monkeypatch):
    from audit.translate import threads

    monkeypatch.setattr(threads, "available_cpus", lambda: 8)
    monkeypatch.setattr(threads, "busy_cpus", lambda cpus: 0.0)  # an idle machine
    monkeypatch.delenv("TQA_THREADS", raising=False)
    monkeypatch.delenv("TQA_WORKERS", raising=False)
    assert threads.engine_threads() == 8
    with threads.worker_share(3):
        assert threads.engine_threads() == 2  # 8 CPUs among 3 workers: 2 each, never 8 each
        with threads.worker_share(16):
            assert threads.engine_threads() == 1  # at least one
        assert threads.engine_threads() == 2
    assert "TQA_WORKERS" not in __import__("os").environ
    monkeypatch.setenv("TQA_THREADS", "3")  # --threads: what the user says wins
    with threads.worker_share(4):
        assert threads.engine_threads() == 3
    monkeypatch.setenv("TQA_THREADS", "0")  # not a thread count: ignored
    assert threads.engine_threads() == 8


def test_a_process_alone_takes_no_more_threads_than_idle_cpus(monkeypatch, tmp_path):
    """On a busy machine an engine's extra threads wait on each other at every step: a process
    alone takes the idle CPUs the load average leaves (at least one); --threads still wins."""
    import os

    from audit.translate import threads

    monkeypatch.delenv("TQA_THREADS", raising=False)
    monkeypatch.delenv("TQA_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(threads, "available_cpus", lambda: 4)
    real = threads.busy_cpus
    fake = tmp_path / "loadavg"
    monkeypatch.setattr(threads, "busy_cpus", lambda cpus: real(cpus, fake))
    # (1-minute load, tasks runnable now with this one) -> threads
    for load, running, expected in ((0.0, 1, 4), (0.6, 2, 4), (1.2, 3, 3), (2.5, 4, 2), (3.9, 9, 1), (11.0, 12, 1),
                                    (11.0, 1, 4),   # the load of this process's own last minute, idle now
                                    (0.2, 9, 4)):   # a burst of one instant, idle before
        fake.write_text(f"{load} {load} {load} {running}/300 4242\n")
        assert threads.engine_threads() == expected, (load, running)
    fake.unlink()  # unreadable (not Linux): no cap
    assert threads.engine_threads() == 4
    with threads.worker_share(2):  # the gate's pool: a share each, whatever the load
        assert threads.engine_threads() == 2
    monkeypatch.setenv("TQA_THREADS", "3")
    assert threads.engine_threads() == 3
    monkeypatch.delenv("TQA_THREADS")
    # in a container or under taskset the load average is the host's, not about our CPUs
    monkeypatch.setattr(threads, "available_cpus", lambda: 2)
    assert threads.engine_threads() == 2


def test_ct2_gets_an_explicit_thread_count(tiny_marian, mt_cache, monkeypatch):
    ctranslate2 = pytest.importorskip("ctranslate2")
    from audit.translate import threads

    seen = {}
    real = ctranslate2.Translator

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", spy)
    monkeypatch.setattr(threads, "available_cpus", lambda: 6)
    monkeypatch.delenv("TQA_THREADS", raising=False)
    with threads.worker_share(2):
        make_translator(str(tiny_marian), engine="ct2", quantization="float32", cache=False).translate(TEXTS[:1])
    assert seen["intra_threads"] == 3 and seen["inter_threads"] == 1  # never 0 ("every core it sees")
    monkeypatch.setenv("TQA_THREADS", "1")
    make_translator(str(tiny_marian), engine="ct2", quantization="float32", cache=False).translate(TEXTS[:1])
    assert seen["intra_threads"] == 1


def test_torch_threads_are_set_when_the_model_loads(tiny_marian, tmp_path):
    """In a fresh process (torch's inter-op pool can be sized once): --threads 1 gives torch one
    intra-op and one inter-op thread, and the same output as this process's default."""
    import os
    import subprocess
    import sys

    texts = ["NATO is ready.", "The talks ended."]
    code = ("import sys, json, torch; from audit.translate.factory import make_translator;"
            f"out = make_translator(sys.argv[1], cache=False).translate({texts!r});"
            "print(json.dumps([torch.get_num_threads(), torch.get_num_interop_threads(), out]))")
    env = {**os.environ, "TQA_THREADS": "1", "TQA_CACHE_DIR": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", code, str(tiny_marian)], env=env, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    intra, interop, out = json.loads(r.stdout.strip().splitlines()[-1])
    assert (intra, interop) == (1, 1)
    assert out == make_translator(str(tiny_marian), cache=False).translate(texts)
