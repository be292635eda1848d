"""The on-disk cache of parsed data files (yamlio.load): used when the file is unchanged,
rebuilt when it, tqa's version or the loader's format changes, ignored when corrupt or
unwritable, and never changes a result."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import audit
from audit import yamlio

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("TQA_CACHE_DIR", str(d))
    monkeypatch.delenv("TQA_DATA_CACHE", raising=False)
    return d


def _glossary(n: int, wrong: str = "Kieff") -> str:
    """A glossary file of `n` entries."""
    rows = [f"- id: place-{i}\n  kind: place\n  forms: {{en: Place {i}, ru: Место {i}}}\n  wrong: {{en: [{wrong} {i}]}}\n"
            for i in range(n)]
    return "".join(rows)


def _pickles(cache: Path) -> list[Path]:
    return sorted((cache / "data").glob("*.pickle"))


def test_unchanged_file_is_read_from_the_cache(cache, tmp_path):
    f = tmp_path / "g.yaml"
    f.write_text(_glossary(60), encoding="utf-8")
    first = yamlio.load(f)
    (p,) = _pickles(cache)
    digest, data = pickle.loads(p.read_bytes())
    assert data == first
    data[0]["id"] = "from-the-cache"  # proves the second read comes from the pickle, not the YAML
    p.write_bytes(pickle.dumps((digest, data)))
    assert yamlio.load(f)[0]["id"] == "from-the-cache"


def test_stale_cache_after_an_edit_is_rebuilt(cache, tmp_path):
    f = tmp_path / "g.yaml"
    f.write_text(_glossary(60), encoding="utf-8")
    assert yamlio.load(f)[5]["wrong"]["en"] == ["Kieff 5"]
    f.write_text(_glossary(61, wrong="Kiew"), encoding="utf-8")
    again = yamlio.load(f)
    assert len(again) == 61 and again[5]["wrong"]["en"] == ["Kiew 5"]
    assert yamlio.line_of(again[60]) == 241
    (p,) = _pickles(cache)  # rewritten in place: one file per path
    assert pickle.loads(p.read_bytes())[1] == again


def test_new_version_rebuilds(cache, tmp_path, monkeypatch):
    f = tmp_path / "g.yaml"
    f.write_text(_glossary(60), encoding="utf-8")
    yamlio.load(f)
    (p,) = _pickles(cache)
    before = pickle.loads(p.read_bytes())[0]
    monkeypatch.setattr(audit, "__version__", audit.__version__ + ".post1")
    yamlio.load(f)
    assert pickle.loads(p.read_bytes())[0] != before


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95", pickle.dumps("a string"),
                                     pickle.dumps(("digest", "data", "extra"))])
def test_corrupt_cache_is_ignored_and_rebuilt(cache, tmp_path, garbage):
    f = tmp_path / "g.yaml"
    f.write_text(_glossary(60), encoding="utf-8")
    good = yamlio.load(f)
    (p,) = _pickles(cache)
    p.write_bytes(garbage)
    assert yamlio.load(f) == good
    assert pickle.loads(p.read_bytes())[1] == good


def test_unwritable_cache_directory_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("TQA_CACHE_DIR", str(blocker / "sub"))  # cannot be created under a file
    f = tmp_path / "g.yaml"
    f.write_text(_glossary(60), encoding="utf-8")
    assert len(yamlio.load(f)) == 60


def test_small_files_are_cached_too_so_that_a_warm_run_never_imports_the_parser(cache, tmp_path):
    small = tmp_path / "s.yaml"
    small.write_text("a: 1\n", encoding="utf-8")
    assert yamlio.load(small) == {"a": 1} and len(_pickles(cache)) == 1
    code = ("import sys; from audit import yamlio; d = yamlio.load(sys.argv[1]); "
            "print(d == {'a': 1}, 'yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(small)], capture_output=True, text=True,
                         env={**os.environ, "TQA_CACHE_DIR": str(cache)}, check=True).stdout
    assert out.split() == ["True", "False"]


def test_a_switched_off_cache_writes_nothing(cache, tmp_path, monkeypatch):
    monkeypatch.setenv("TQA_DATA_CACHE", "0")
    big = tmp_path / "g.yaml"
    big.write_text(_glossary(60), encoding="utf-8")
    yamlio.load(big)
    assert _pickles(cache) == []


def test_bad_yaml_is_still_an_error_and_not_cached(cache, tmp_path):
    from audit.errors import DataError

    f = tmp_path / "g.yaml"
    f.write_text(_glossary(60) + "- id: [broken\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match="invalid YAML"):
            yamlio.load(f)
    assert _pickles(cache) == []


def test_bundled_data_reads_the_same_from_the_cache(cache):
    files = sorted((ROOT / "references").rglob("*.yaml"))
    parsed = [yamlio.fast_loads(f.read_text(encoding="utf-8"), f) for f in files]
    for _ in range(2):  # the first read writes the cache, the second reads it
        loaded = [yamlio.load(f) for f in files]
        assert loaded == parsed
        assert [yamlio.line_of(d) for d in loaded] == [yamlio.line_of(d) for d in parsed]
    assert len(_pickles(cache)) >= 5


def test_audit_is_identical_with_and_without_the_cache(tmp_path):
    """Three processes: cache off, cache being written, cache read. Same JSON report."""
    import subprocess
    import sys

    seed = ROOT / "seeds" / "state-dept-nato-russia.en.txt"
    outs = []
    for mode in ("0", "1", "1"):
        out = tmp_path / f"r{len(outs)}.json"
        env = {**os.environ, "TQA_CACHE_DIR": str(tmp_path / "cache"), "TQA_DATA_CACHE": mode}
        r = subprocess.run([sys.executable, "-m", "audit", "audit", str(seed), "-f", "json", "-o", str(out)],
                           env=env, capture_output=True, text=True, timeout=120)
        assert r.returncode in (0, 1), r.stderr
        outs.append(json.loads(out.read_text(encoding="utf-8")))
    assert outs[0] == outs[1] == outs[2]
    assert outs[0]["findings"]
    assert len(list((tmp_path / "cache" / "data").glob("*.pickle"))) >= 5


def test_word_frequency_lists_are_read_from_the_cache_with_the_same_counts(cache):
    """pyspellchecker's lists (0.3-0.4 s to parse) are kept in the cache directory; the counts
    are pyspellchecker's, looked up as it looks them up (lower-cased, 0 when absent)."""
    spellchecker = pytest.importorskip("spellchecker")
    from audit import wordclass

    wordclass.frequencies.cache_clear()
    try:
        first = wordclass.frequencies("en")
        files = sorted((cache / "wordfreq").glob("en-*.marshal"))
        assert first is not None and len(files) == 1
        wordclass.frequencies.cache_clear()
        again = wordclass.frequencies("en-GB")  # the same list, now from the cache
        theirs = spellchecker.SpellChecker(language="en", distance=1).word_frequency
        assert again is not first and len(again) == len(first) == len(theirs.dictionary)
        for word in ("the", "The", "COUNCIL", "moscow", "Kyiv", "zzzqx", "straße", ""):
            assert again[word] == first[word] == theirs[word], word
        files[0].write_bytes(b"not marshal")  # a corrupt cache is parsed again, and rewritten
        wordclass.frequencies.cache_clear()
        rebuilt = wordclass.frequencies("en")
        assert len(rebuilt) == len(first) and all(rebuilt[w] == first[w] for w in list(theirs.dictionary)[:2000])
        assert wordclass.frequencies("xx") is None  # no list for the language
    finally:
        wordclass.frequencies.cache_clear()


def test_derived_values_are_built_once_and_again_when_a_source_changes(cache, tmp_path):
    from audit import datafiles

    src = tmp_path / "source.txt"
    src.write_text("one", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return {"words": {"one": 1.0}, "months": ["May"]}

    first = datafiles.derived("test", (src, "v1"), build)
    assert datafiles.derived("test", (src, "v1"), build) == first and len(calls) == 1  # read back
    assert len(list((cache / "derived").glob("test-*.marshal"))) == 1
    src.write_text("one, two", encoding="utf-8")  # a source changed: built again, the stale file gone
    assert datafiles.derived("test", (src, "v1"), build) == first and len(calls) == 2
    assert datafiles.derived("test", (src, "v2"), build) == first and len(calls) == 3
    assert len(list((cache / "derived").glob("test-*.marshal"))) == 1
    next((cache / "derived").glob("test-*.marshal")).write_bytes(b"\x00garbage")  # corrupt: built again
    assert datafiles.derived("test", (src, "v2"), build) == first and len(calls) == 4


def test_number_words_and_months_read_from_the_cache_are_the_libraries(cache):
    """quantities.tables takes babel's and num2words' facts from the cache on a second start."""
    pytest.importorskip("babel")
    pytest.importorskip("num2words")
    from audit import datafiles
    from audit.quantities import language as quantities

    fresh = quantities._locale_facts("ru")
    assert datafiles.derived("locale-ru", quantities._locale_sources("ru"), lambda: fresh) == fresh
    assert datafiles.derived("locale-ru", quantities._locale_sources("ru"),
                             lambda: pytest.fail("not read from the cache")) == fresh
    assert fresh[2]["января"] == 1 and fresh[6]["двадцать"] == 20.0
