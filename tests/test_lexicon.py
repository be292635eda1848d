"""audit/lexicon: reading dictd/StarDict/TSV dictionaries, senses not examples, inversion,
lemma keys, abbreviations, the disk cache, the --lexicon flag.

Fixture dictionaries: tests/fixtures/lexicon (made by make_fixtures.py there). Tests with the
real Debian dictionaries skip when /usr/share/dictd lacks them (scripts/setup.sh installs them).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from audit.errors import DataError
from audit.lexicon import lexicon_for, parse_lexicon_arg, use_lexicons
from audit.lexicon.articles import Cleaner, parse_freedict, parse_mueller
from audit.lexicon.readers import b64_digits, b64_number, dictd_index, locate

FIX = Path(__file__).resolve().parent / "fixtures" / "lexicon"
DICTD = Path("/usr/share/dictd")
MUELLER = DICTD / "mueller7.index"


@pytest.fixture()
def isolated(tmp_path, monkeypatch):
    """No installed dictionaries, a fresh cache; user dictionaries registered per test."""
    monkeypatch.setenv("TQA_DICTD_PATH", "")
    monkeypatch.setenv("TQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TQA_LEXICON", "")  # empty: none; restored afterwards even if a CLI test sets it
    from audit import lexicon

    monkeypatch.setattr(lexicon, "_GLOBAL_USER", [])
    monkeypatch.setattr(lexicon, "_NO_REFS_CACHE", {})
    return tmp_path


def fixture_lex(src, tgt, *names):
    use_lexicons(None, [FIX / n for n in names])
    return lexicon_for(None, src, tgt)


# --- the containers -------------------------------------------------------------------------

def test_base64_numbers():
    assert b64_number("A") == 0 and b64_number("BA") == 64 and b64_number("/") == 63
    for n in (0, 1, 63, 64, 4095, 4096, 9303472):
        assert b64_number(b64_digits(n)) == n


def test_fixtures_are_rebuilt_byte_for_byte(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for p in mod.build(tmp_path):
        assert p.read_bytes() == (FIX / p.name).read_bytes(), p.name


def test_dictd_index_and_articles():
    df = locate(FIX / "mini-eng-rus.index")
    assert df.format == "dictd" and df.files[1].name == "mini-eng-rus.dict.dz"
    heads = [h for h, _, _ in dictd_index(df.files[0])]
    assert "king" in heads and not any(h.startswith("00database") for h in heads)
    assert locate(FIX / "mini-eng-rus.dict.dz") == df == locate(FIX / "mini-eng-rus")


def test_locate_refuses_what_it_cannot_read(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        locate(tmp_path / "missing.tsv")
    (tmp_path / "x.pdf").write_text("x")
    with pytest.raises(DataError, match="not a dictionary"):
        locate(tmp_path / "x.pdf")
    (tmp_path / "lonely.index").write_text("a\tA\tB\n")
    with pytest.raises(DataError, match="without its articles"):
        locate(tmp_path / "lonely.index")
    (tmp_path / "bad.index").write_text("a\tA!\tB\n")
    (tmp_path / "bad.dict").write_text("x")
    with pytest.raises(DataError, match="dictd index line"):
        parse_lexicon_arg(str(tmp_path / "bad.index"))
    (tmp_path / "bad.tsv").write_text("no tab here\n")
    with pytest.raises(DataError, match="source<TAB>target"):
        parse_lexicon_arg(str(tmp_path / "bad.tsv"))
    (tmp_path / "bad.ifo").write_text("not stardict\n")
    (tmp_path / "bad.idx").write_bytes(b"")
    (tmp_path / "bad.dict").write_bytes(b"")
    with pytest.raises(DataError, match="ifo"):
        parse_lexicon_arg(str(tmp_path / "bad.ifo"))


def test_languages_of_a_users_dictionary():
    assert parse_lexicon_arg(str(FIX / "mini-eng-rus.index")).langs == ("en", "ru")
    assert parse_lexicon_arg(str(FIX / "fr-en.tsv")).langs == ("fr", "en")
    assert parse_lexicon_arg(f"de-en={FIX / 'mini-deu-eng.index'}").langs == ("de", "en")


# --- articles: senses, not examples ----------------------------------------------------------

RU = Cleaner(["кого-л.", "тж."], dotted_is_gloss=True, glosses=["указывает на"], rare_labels=["_уст."])


def test_mueller_article_senses_not_examples():
    art = ("king\n   [kɪŋ]\n   1. _n.\n      1) король; монарх; king of beasts царь зверей\n"
           "      2) _перен. магнат\n   2. _v. править")
    assert parse_mueller(art, RU) == ["король", "монарх", "магнат", "править"]


def test_mueller_subsenses_of_a_phrase_are_not_translations():
    art = ("job\n   _I  [dʒɘb]\n      1. _n.\n         1) работа, труд; a good job\n            а) хорошо сделанная работа;\n"
           "            б) удача\n         2) задание\n      2. _v. работать сдельно\n   _II[dʒɘb] _n. _уст. толчок")
    got = parse_mueller(art, RU)
    assert got == ["работа", "труд", "задание", "работать сдельно"]
    assert "удача" not in got and "толчок" not in got  # phrase sub-sense; obsolete homonym


def test_mueller_glosses_and_parentheses():
    art = "at\n   [æt] _prep.\n   1) указывает на местонахождение в, на, у; at home дома\n   2) защита (на суде)"
    assert parse_mueller(art, RU) == ["защита"]  # the whole "указывает на ..." chunk is a usage note
    assert parse_mueller("venus\n   [x] _n. _миф. Венера; _перен. тж. красавица", RU) == ["Венера", "красавица"]


def test_freedict_article_translation_lines_only():
    art = ("Bank /bˈaŋk/ <fem, n, sg>\n [fin.] bank <n>, credit bank <n>\n      \"die vorlegende Bank\"  - the presenting bank\n"
           "   Synonym: {Geldinstitut}\n         Note: in a public area\n\n see: {Banken}\n")
    assert parse_freedict(art, Cleaner()) == ["bank", "credit bank"]
    assert parse_freedict("x /x/\n1. go <v>, walk <v>\n2. work <v>\n", Cleaner()) == ["go", "walk", "work"]


# --- lookups through the fixture dictionaries ---------------------------------------------

def test_ru_en_inverted_from_an_en_ru_dictionary(isolated):
    lex = fixture_lex("ru", "en", "mini-eng-rus.index")
    assert lex.available and lex.sources[0] == "mini-eng-rus (dictd, en→ru, inverted, --lexicon)"
    assert lex.translations("короля") == {"king"}  # any inflected form
    assert "defence" in lex.translations("обороной")
    assert lex.translations("Гроба Господня") == {"holy sepulchre"}  # phrase keyed by its lemmas
    assert lex.translations("Венеры") == {"venus"}
    assert "defence ministry" in lex.translations("министерства обороны")


def test_words_only_in_examples_or_rare_senses_are_not_found(isolated):
    lex = fixture_lex("ru", "en", "mini-eng-rus.index")
    assert "king" not in lex.translations("царь")  # "king of beasts царь зверей" is an example
    assert "news" not in lex.translations("информационное агентство")  # set phrase
    assert "job" not in lex.translations("удача")  # sub-sense of "a good job"
    assert "job" not in lex.translations("толчок")  # _уст.
    assert "at" not in lex.translations("дома")  # "at home дома"
    assert lex.translations("новости") == {"news"}


def test_back_and_explains(isolated):
    lex = fixture_lex("ru", "en", "mini-eng-rus.index")
    assert "король" in lex.back("kings") and "монарх" in lex.back("King")
    assert lex.explains("короля", "Kings") and lex.explains("Гроба Господня", "Holy Sepulchre")
    assert not lex.explains("короля", "Queen")
    en = fixture_lex("en", "ru", "mini-eng-rus.index")
    assert en.explains("defence ministry", "министерства обороны")
    assert en.explains("defences", "обороны")


def test_head_word_of_a_translation(isolated):
    lex = fixture_lex("ru", "en", "mini-eng-rus.index")
    assert lex.explains("Минобороны", "ministry")  # head of "defence ministry" / "ministry of defence"
    assert not lex.explains("Минобороны", "defence")


def test_abbreviations_are_served(isolated):
    lex = lexicon_for(None, "ru", "en")
    assert not lex.available  # no dictionary: abbreviations and CLDR names still answer
    assert {"uae", "united arab emirates", "emirates"} <= lex.translations("ОАЭ")
    assert {"smes", "small and medium-sized enterprises"} <= lex.translations("МСБ")
    assert {"premier league", "nuclear submarine"} <= lex.translations("АПЛ")
    assert lex.explains("США", "U.S.") and lex.explains("ОАЭ", "Emirates") and lex.explains("МСБ", "SMEs")
    assert not lex.explains("ОАЭ", "Qatar")
    assert "сша" in lex.back("United States")
    de = lexicon_for(None, "de", "en")
    assert "germany" in de.translations("BRD") and "un" in lexicon_for(None, "fr", "en").translations("ONU")


def test_cldr_country_names(isolated):
    lex = lexicon_for(None, "ru", "en")
    assert "sweden" in lex.translations("Швеции") and "china" in lex.translations("Китая")
    assert "germany" in lexicon_for(None, "fr", "en").translations("Allemagne")


def test_de_en_freedict_style(isolated):
    lex = fixture_lex("de", "en", "mini-deu-eng.index")
    assert {"bank", "bench"} <= lex.translations("Banken")
    assert {"house", "home"} <= lex.translations("Hauses")
    assert "go" not in lex.translations("Hause") or "go" not in lex.translations("Haus")
    assert "presenting bank" not in lex.translations("Bank")  # example
    assert "federal republic of germany" in lex.translations("Bundesrepublik Deutschland")
    assert lex.explains("Haus", "houses") and not lex.explains("Haus", "bench")


def test_fr_en_tsv_and_stardict(isolated):
    fr = fixture_lex("fr", "en", "fr-en.tsv")
    assert fr.translations("maisons") >= {"house", "home"} and "king" in fr.translations("rois")
    ru = fixture_lex("ru", "en", "mini-en-ru.ifo")
    assert {"china", "chinaware"} <= ru.translations("фарфора")  # .syn gives chinaware the article
    assert "china" in ru.translations("фарфоровых изделий")


def test_user_dictionary_without_languages_serves_the_audited_pair(isolated, tmp_path):
    p = tmp_path / "mine.tsv"
    p.write_text("Ниагарский водопад\tNiagara Falls\n", encoding="utf-8")
    use_lexicons(None, [str(p)])
    assert lexicon_for(None, "ru", "en").translations("Ниагарского водопада") == {"niagara falls"}


def test_no_dictionary_notice(isolated):
    lex = lexicon_for(None, "ru", "en")
    assert lex.notice() == ("no bilingual dictionary for ru-en: install mueller7-dict or dict-freedict-eng-rus "
                            "or give --lexicon; name checks fall back to transliteration")
    assert lexicon_for(None, "ja", "en").notice().startswith("no bilingual dictionary for ja-en: give --lexicon")
    assert fixture_lex("ru", "en", "mini-eng-rus.index").notice() is None


def test_lookups_never_raise(isolated):
    lex = lexicon_for(None, "ru", "en")
    for text in ("", "   ", "!!!", "123", "a" * 5000, "\x00"):
        assert isinstance(lex.translations(text), frozenset) and isinstance(lex.back(text), frozenset)
        assert lex.explains(text, text) in (True, False)
    assert lexicon_for(None, None, None).translations("x") == frozenset()


# --- lazy loading and the cache ------------------------------------------------------------

def test_nothing_is_read_until_a_lookup(isolated, monkeypatch):
    from audit.lexicon import index

    calls = []
    real = index.compile_pairs
    monkeypatch.setattr(index, "compile_pairs", lambda *a, **k: calls.append(1) or real(*a, **k))
    lex = fixture_lex("ru", "en", "mini-eng-rus.index")
    assert lex.available and lex.sources and lex.digest and calls == []
    lex.translations("короля")
    assert calls == [1]


def test_cache_is_used_rebuilt_when_stale_and_when_corrupt(isolated, monkeypatch, tmp_path):
    import shutil

    from audit import lexicon
    from audit.lexicon import index

    for f in ("mini-eng-rus.index", "mini-eng-rus.dict.dz"):
        shutil.copy(FIX / f, tmp_path / f)
    calls = []
    real = index.compile_pairs
    monkeypatch.setattr(index, "compile_pairs", lambda *a, **k: calls.append(1) or real(*a, **k))

    def fresh():
        monkeypatch.setattr(lexicon, "_NO_REFS_CACHE", {})
        return fixture_lex("ru", "en", tmp_path / "mini-eng-rus.index")

    assert "king" in fresh().translations("король") and len(calls) == 1
    cached = list((tmp_path / "cache" / "lexicon").glob("mini-eng-rus-*.sqlite"))
    assert len(cached) == 1
    assert "king" in fresh().translations("король") and len(calls) == 1  # loaded, not rebuilt
    cached[0].write_bytes(b"\x00garbage")
    assert "king" in fresh().translations("король") and len(calls) == 2  # corrupt: rebuilt silently
    st = (tmp_path / "mini-eng-rus.index").stat()
    os.utime(tmp_path / "mini-eng-rus.index", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert "king" in fresh().translations("король") and len(calls) == 3  # changed: rebuilt
    assert len(list((tmp_path / "cache" / "lexicon").glob("mini-eng-rus-*.sqlite"))) == 1  # old one removed


def test_store_is_read_per_key_and_answers_as_the_compiled_tables(isolated):
    from audit.lexicon import index
    from audit.lexicon.readers import locate

    df = locate(FIX / "mini-eng-rus.index")
    fresh = index.load_compiled(df, "auto", "en", "ru", {}, use_cache=False)
    stored = index.load_compiled(df, "auto", "en", "ru", {})  # builds the store, then reads it
    again = index.load_compiled(df, "auto", "en", "ru", {})  # a later process: opens it, loads nothing
    for name in ("head", "trans"):
        assert isinstance(again[name], index.StoredTable) and isinstance(stored[name], index.StoredTable)
        assert dict(again[name].items()) == fresh[name] and len(again[name]) == len(fresh[name])
        for k, v in fresh[name].items():
            assert again[name].get(k) == v and k in again[name]
        assert again[name].get("no such key") is None and again[name].get("no such key", ()) == ()


def test_keys_of_two_words_are_read_only_when_a_stored_key_starts_so(isolated, monkeypatch, tmp_path):
    """A key of two words or more is read from the store only when some stored key begins with
    its first two words; the prefixes are derived once and kept beside the store."""
    from audit.lexicon import index
    from audit.lexicon.readers import locate

    df = locate(FIX / "mini-eng-rus.index")
    fresh = index.load_compiled(df, "auto", "en", "ru", {}, use_cache=False)
    index.load_compiled(df, "auto", "en", "ru", {})  # builds the store
    reads, derived = [], []
    real_one, real_of = index._Store.one, index.Prefixes.of
    monkeypatch.setattr(index._Store, "one", lambda self, sql, key: reads.append(key) or real_one(self, sql, key))
    monkeypatch.setattr(index.Prefixes, "of", classmethod(lambda cls, ps: derived.append(1) or real_of.__func__(cls, ps)))
    table = index.load_compiled(df, "auto", "en", "ru", {})["trans"]
    for k, v in fresh["trans"].items():  # every stored key still answers
        assert table.get(k) == v
    assert derived == [1, 1]  # head and trans, derived once
    [side] = (tmp_path / "cache" / "lexicon").glob("mini-eng-rus-*.sqlite.prefixes")
    reads.clear()
    for key in ("в связи с", "~с связи в", "указывает куда-то далеко", "совсем другое дело"):  # no stored key starts so
        assert table.get(key) is None and table.get(key, ()) == ()
    assert table.get("указывает на что-то") is None  # its prefix is stored: read, not found
    assert reads == ["указывает на что-то"]
    assert table.get("слово") is None and reads[-1] == "слово"  # one word: always read
    # a later process reads the side file and derives nothing
    assert index.load_compiled(df, "auto", "en", "ru", {})["trans"].get("в связи с") is None and derived == [1, 1]
    assert index.prefix("~в местонахождение на указывать") == "~в местонахождение" and index.prefix("один") == "один"


def test_prefix_file_stale_damaged_or_unwritable_is_derived_again(isolated, monkeypatch, tmp_path):
    from audit.lexicon import index
    from audit.lexicon.readers import locate

    df = locate(FIX / "mini-eng-rus.index")
    fresh = index.load_compiled(df, "auto", "en", "ru", {}, use_cache=False)

    def answers() -> bool:
        t = index.load_compiled(df, "auto", "en", "ru", {})["trans"]
        return all(t.get(k) == v for k, v in fresh["trans"].items()) and t.get("в связи с") is None

    assert answers()
    [store] = (tmp_path / "cache" / "lexicon").glob("mini-eng-rus-*.sqlite")
    side = store.with_name(store.name + ".prefixes")
    good = side.read_bytes()
    for garbage in (b"", b"\x00not marshal", good[:40]):
        side.write_bytes(garbage)
        assert answers() and side.read_bytes() == good  # derived and written again
    st = store.stat()
    os.utime(store, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # the store changed under it
    assert answers() and side.read_bytes() != good
    side.unlink()
    monkeypatch.setattr(index, "write_atomic", lambda *a, **k: (_ for _ in ()).throw(OSError("read-only")))
    assert answers() and not side.exists()


def test_partial_or_foreign_store_is_rebuilt(isolated, monkeypatch, tmp_path):
    import sqlite3

    from audit.lexicon import index
    from audit.lexicon.readers import locate

    df = locate(FIX / "mini-eng-rus.index")
    index.load_compiled(df, "auto", "en", "ru", {})
    [path] = (tmp_path / "cache" / "lexicon").glob("mini-eng-rus-*.sqlite")
    con = sqlite3.connect(path)
    con.execute("DELETE FROM meta")  # as if the build had stopped before its last row
    con.commit()
    con.close()
    calls = []
    real = index.compile_pairs
    monkeypatch.setattr(index, "compile_pairs", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert "король" in index.load_compiled(df, "auto", "en", "ru", {})["head"].get("king") and calls == [1]
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 40)  # truncated
    assert "король" in index.load_compiled(df, "auto", "en", "ru", {})["head"].get("king") and calls == [1, 1]
    assert list((tmp_path / "cache" / "lexicon").glob("mini-eng-rus-*.sqlite")) == [path]
    assert not list((tmp_path / "cache" / "lexicon").glob(".*.tmp"))  # no temporary file left behind


def test_store_memo_is_bounded(isolated, monkeypatch):
    from audit.lexicon import index
    from audit.lexicon.readers import locate

    monkeypatch.setattr(index, "_LRU", 4)
    table = index.load_compiled(locate(FIX / "mini-eng-rus.index"), "auto", "en", "ru", {})["head"]
    for i in range(50):
        table.get(f"w{i}")
    assert "король" in table.get("king") and len(table._memo) <= 4


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_store_opened_before_a_fork_serves_the_child(isolated):
    """tqa gate -j N forks workers after warming the parent: a child never reuses the parent's
    SQLite handle (it reopens the file), and threads share one table safely."""
    import multiprocessing as mp
    import threading

    lex = fixture_lex("ru", "en", "mini-eng-rus.index")
    assert "king" in lex.translations("короля")  # the parent has the store open
    ctx = mp.get_context("fork")
    with ctx.Pool(2) as pool:
        got = pool.map(_child_lookup, ["новости", "монарха"])  # keys the parent has not read
    assert "news" in got[0] and "king" in got[1]
    errors = []

    def hammer():
        try:
            for i in range(300):
                lex.translations(f"слово{i}")
                assert "king" in lex.translations("короля")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def _child_lookup(word):
    return sorted(lexicon_for(None, "ru", "en").translations(word))


def test_unwritable_cache_is_not_an_error(isolated, monkeypatch, tmp_path):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("TQA_CACHE_DIR", str(tmp_path / "file" / "sub"))
    assert "king" in fixture_lex("ru", "en", "mini-eng-rus.index").translations("короля")


# --- the command line ------------------------------------------------------------------------

def _cli(args, tmp_path):
    from typer.testing import CliRunner

    from audit.cli import app

    (tmp_path / "s.ru.txt").write_text("Москва и ОАЭ подписали соглашение.\n", encoding="utf-8")
    (tmp_path / "t.en.txt").write_text("Moscow and the Emirates signed an agreement.\n", encoding="utf-8")
    base = ["audit", str(tmp_path / "t.en.txt"), "--source", str(tmp_path / "s.ru.txt"), "-f", "json", "--select", "TERM"]
    return CliRunner().invoke(app, base + args)


@pytest.mark.parametrize("content", [None, "no tab\n"])
def test_cli_lexicon_missing_or_malformed_exits_2(isolated, tmp_path, content):
    p = tmp_path / "lex.tsv"
    if content is not None:
        p.write_text(content)
    r = _cli(["--lexicon", str(p)], tmp_path)
    assert r.exit_code == 2
    err = (r.stderr if hasattr(r, "stderr") else r.output).strip()
    assert len(err.splitlines()) == 1 and "lex.tsv" in err and "Traceback" not in r.output


def test_cli_lexicon_accepted_and_notice_without_one(isolated, tmp_path):
    import json

    (tmp_path / "ru-en.tsv").write_text("Эмираты\tEmirates\n", encoding="utf-8")
    r = _cli(["--lexicon", str(tmp_path / "ru-en.tsv")], tmp_path)
    assert r.exit_code in (0, 1), r.output
    notices = json.loads(r.stdout)["notices"]
    assert not any("no bilingual dictionary" in n for n in notices)
    os.environ["TQA_LEXICON"] = ""
    from audit import lexicon

    lexicon._GLOBAL_USER.clear()
    r = _cli([], tmp_path)
    assert any(n.startswith("no bilingual dictionary for ru-en") for n in json.loads(r.stdout)["notices"])


def test_config_lexicon_key(tmp_path):
    from audit.config import load_settings

    (tmp_path / "lex").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.tqa]\nlexicon = ["lex/mine.tsv", "ru-en=lex/other.tsv"]\n')
    s = load_settings(tmp_path / "pyproject.toml")
    assert s.lexicon == (str((tmp_path / "lex/mine.tsv").resolve()), "ru-en=" + str((tmp_path / "lex/other.tsv").resolve()))


# --- the real dictionaries (installed by scripts/setup.sh) ----------------------------------

real = pytest.mark.skipif(not MUELLER.exists(), reason="mueller7-dict is not installed")


@pytest.fixture(scope="module")
def ru_en():
    from audit import lexicon

    saved = os.environ.pop("TQA_DICTD_PATH", None), os.environ.pop("TQA_LEXICON", None)
    lexicon._NO_REFS_CACHE.clear()
    users = list(lexicon._GLOBAL_USER)
    lexicon._GLOBAL_USER.clear()
    yield lexicon_for(None, "ru", "en")
    lexicon._GLOBAL_USER[:] = users
    for k, v in zip(("TQA_DICTD_PATH", "TQA_LEXICON"), saved):
        if v is not None:
            os.environ[k] = v


@real
def test_mueller_real_translations(ru_en):
    assert any(s.startswith("mueller7 (dictd, en→ru, inverted)") for s in ru_en.sources)
    assert "venus" in ru_en.translations("Венера")
    assert "china" in ru_en.translations("Китая")
    assert "king" in ru_en.translations("короля")
    assert "defence" in ru_en.translations("оборона")
    assert "leo" in ru_en.translations("Льва")
    hs = ru_en.translations("Гроба Господня")
    if hs:  # only if the installed edition has the phrase
        assert "holy sepulchre" in hs


@real
def test_mueller_real_examples_stay_out(ru_en):
    news = ru_en.translations("новости")
    assert "news" in news and "at" not in news and "job" not in news


@real
def test_mueller_real_back(ru_en):
    assert {"король", "монарх"} <= ru_en.back("kings")
    assert "оборона" in ru_en.back("defence")


@pytest.mark.skipif(not (DICTD / "freedict-fra-eng.index").exists(), reason="dict-freedict-fra-eng is not installed")
def test_freedict_real_fr_en(ru_en):
    fr = lexicon_for(None, "fr", "en")
    assert "house" in fr.translations("maisons") and "germany" in fr.translations("Allemagne")
    assert "bank" in fr.translations("banque")


def test_gzip_dict_is_one_stream():
    with gzip.open(FIX / "mini-eng-rus.dict.dz", "rb") as fh:
        assert fh.read().startswith(b"00databaseshort")


@pytest.mark.parametrize("command", ["gate", "eval"])
def test_gate_and_eval_take_lexicon_too(isolated, tmp_path, command):
    from typer.testing import CliRunner

    from audit.cli import app

    target = tmp_path / "rows.tsv" if command == "eval" else tmp_path
    if command == "eval":
        target.write_text("id\tsrc_lang\ttgt_lang\tsource\ttranslation\treference\tlabel\tcategory\n"
                          "1\tru\ten\tОАЭ\tUAE\t\tok\tnames\n", encoding="utf-8")
    r = CliRunner().invoke(app, [command, str(target), "--lexicon", str(tmp_path / "missing.tsv")])
    assert r.exit_code == 2 and "missing.tsv: no such file" in r.output


def test_dictd_entry_past_the_end_is_refused(tmp_path):
    (tmp_path / "short.index").write_text("word\tA\tBA\n")  # 64 bytes at 0
    (tmp_path / "short.dict").write_text("tiny")
    with pytest.raises(DataError, match="past the end"):
        parse_lexicon_arg(str(tmp_path / "short.index"))


def test_word_order_and_hyphens(isolated, tmp_path):
    p = tmp_path / "en-ru.tsv"
    p.write_text("pope\tримский папа\nnaval\tвоенноморской\n", encoding="utf-8")
    lex = fixture_lex("ru", "en", p)
    assert lex.translations("Папы Римского") == {"pope"}  # the other word order, as a fallback
    assert lex.translations("военно-морского") == {"naval"}  # hyphen or none
    assert lex.translations("римский") == frozenset()


def test_inflected_participle_of_a_name_finds_its_entry(isolated):
    # pymorphy3's normal form of a participle is the verb (соединить); the abbreviation table
    # files Соединённое Королевство as written: the participle's own nominatives are looked up too
    lex = lexicon_for(None, "ru", "en")
    assert "united kingdom" in lex.translations("Соединенного Королевства")
    assert "united arab emirates" in lex.translations("Объединенных Арабских Эмиратов")
    assert "united kingdom" not in lex.translations("Соединенного Штата")
    assert {"hpp", "hydropower station"} <= lex.translations("ГЭС")
