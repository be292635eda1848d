"""`tqa corpus FILE.xlf`: one XLIFF file (1.2 or 2.x) is split into shards by streaming, its
units in `<file>`s and nested `<group>`s, each unit audited as a segment pair; and a TMX or
XLIFF in UTF-16 is read as in UTF-8 (audit/corpus/xliff.py, tmx.py, xmlsplit.py)."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from test_corpus import invoke, shard_bytes, shard_rows, write_jsonl
from test_corpus_formats import PAIRS, write_tmx

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("translate.storage.xliff")


def _pair(i: int) -> tuple[str, str]:
    src, tgt = (s.format(n=2 + i % 40) for s in PAIRS[i % len(PAIRS)])
    return src, tgt


def write_xliff12(path: Path, per_file: int, untranslated: tuple[int, ...] = (), files: int = 2) -> list[dict]:
    """XLIFF 1.2: `files` <file>s of `per_file` units, some in <group>s (one nested), quoted `>` in
    attributes and a header in each file; returns the units as rows (ids as `tqa audit` names them)."""
    rows = []
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
                'version="1.2">\n')
        k = 0
        for n in range(files):
            f.write(f'<file original="doc{n}.txt" source-language="ru" target-language="en" datatype="plaintext">'
                    f'<header><note>a "&gt;" header</note></header>\n<body>\n')
            for i in range(per_file):
                src, tgt = _pair(k)
                if i % 5 == 1:
                    f.write(f'<group id="g{n}-{i}" resname="a>b">\n')
                if i % 5 == 2:
                    f.write(f'<group id="inner{n}-{i}">')
                target = "" if k in untranslated else f"<target>{tgt}</target>"
                f.write(f'<trans-unit id="f{n}u{i}" resname=\'x>"y\'><source>{src}</source>{target}</trans-unit>\n')
                if i % 5 == 2:
                    f.write("</group>")
                if i % 5 == 3 or (i == per_file - 1 and i % 5 in (1, 2)):
                    f.write("</group>\n")
                rows.append({"id": f"f{n}u{i}", "source": src.replace("&amp;", "&"),
                             "target": None if k in untranslated else tgt.replace("&amp;", "&")})
                k += 1
            f.write("</body></file>\n")
        f.write("</xliff>\n")
    return rows


def write_xliff20(path: Path, n: int) -> list[dict]:
    """XLIFF 2.0: units of one or two segments (a two-segment unit is never cut), some in groups."""
    rows = []
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                'version="2.0" srcLang="ru" trgLang="en">\n<file id="f1">\n')
        for i in range(n):
            src, tgt = _pair(i)
            seg = f"<source>{src}</source><target>{tgt}</target>"
            clean = {"source": src.replace("&amp;", "&"), "target": tgt.replace("&amp;", "&")}
            if i % 3 == 0:
                f.write(f'<unit id="u{i}"><segment id="s1">{seg}</segment><segment>{seg}</segment></unit>\n')
                rows += [{"id": f"u{i}::s1", **clean}, {"id": f"u{i}::segment-2", **clean}]
            else:
                f.write(f'<group id="g{i}"><unit id="u{i}"><segment>{seg}</segment></unit></group>\n')
                rows.append({"id": f"u{i}", **clean})
        f.write("</file>\n</xliff>\n")
    return rows


def _recode(src: Path, dst: Path, codec: str, declared: str, bom: bytes = b"") -> Path:
    text = src.read_text(encoding="utf-8").replace('encoding="UTF-8"', f'encoding="{declared}"', 1)
    dst.write_bytes(bom + text.encode(codec))
    return dst


def _corpus(path: Path, out: Path, batch: int, *extra: str):
    return invoke(str(path), "-o", str(out), "--batch-size", str(batch), "-j", "1", "--no-progress", *extra)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_one_xliff_is_split_into_shards_and_gives_what_it_gives_unsplit(tmp_path, version):
    """Shards of 3 units (cutting across <group> and <file> boundaries) give, row by row, the
    bytes one shard of the whole file gives; the units' ids are those `tqa audit FILE.xlf` reads."""
    from audit.bilingual.formats import read_bilingual

    xlf = tmp_path / "big.xlf"
    units = write_xliff12(xlf, 7) if version == "1.2" else write_xliff20(xlf, 8)
    assert [u.id for u in read_bilingual(xlf).units] == [u["id"] for u in units]
    for batch in (3, 1000):
        r = _corpus(xlf, tmp_path / f"b{batch}", batch)
        assert r.exit_code == 1, r.output
    split, whole = tmp_path / "b3", tmp_path / "b1000"
    assert len(list(split.glob("documents-*.jsonl"))) > 3 and len(list(whole.glob("documents-*.jsonl"))) == 1
    for kind in ("documents", "findings"):
        assert shard_rows(split, kind) == shard_rows(whole, kind)
    docs = shard_rows(split, "documents")
    assert [d["id"] for d in docs] == [u["id"] for u in units]
    assert all(d["status"] in ("pass", "fail") for d in docs)


def test_xliff_units_are_audited_as_the_same_pairs_in_json_lines(tmp_path):
    """Unit by unit, what the same pairs give as JSON Lines with --source-col; a unit without a
    target is an error row, as in a TMX."""
    xlf = tmp_path / "tm.xlf"
    units = write_xliff12(xlf, 6, untranslated=(4,))
    r = _corpus(xlf, tmp_path / "xlf", 4, "-f", "json")
    assert r.exit_code == 2, r.output
    docs = shard_rows(tmp_path / "xlf", "documents")
    assert docs[4] == {"id": units[4]["id"], "row": 4, "status": "error", "error": "unit has no target (en)"}
    pairs = [{**u, "lang": "en", "source_lang": "ru"} for u in units if u["target"] is not None]
    write_jsonl(tmp_path / "pairs.jsonl", pairs)
    r2 = invoke(str(tmp_path / "pairs.jsonl"), "-o", str(tmp_path / "jsonl"), "--text-col", "target",
                "--source-col", "source", "-j", "1", "--no-progress")
    assert r2.exit_code == 1, r2.output
    expected = {d["id"]: d for d in shard_rows(tmp_path / "jsonl", "documents")}
    strip = lambda d: {k: v for k, v in d.items() if k != "row"}  # noqa: E731
    assert [strip(d) for d in docs if d["status"] != "error"] == [strip(expected[u["id"]]) for u in pairs]
    findings = shard_rows(tmp_path / "xlf", "findings")
    assert findings == shard_rows(tmp_path / "jsonl", "findings")
    assert {f["rule"] for f in findings} >= {"NUM002", "TERM001"}


@pytest.mark.parametrize("codec,declared,bom", [("utf-16-le", "UTF-16", codecs.BOM_UTF16_LE),
                                                ("utf-16-be", "UTF-16", codecs.BOM_UTF16_BE),
                                                ("utf-16-le", "UTF-16LE", b"")])
def test_utf16_tmx_and_xliff_give_the_utf8_files_shards(tmp_path, codec, declared, bom):
    """A TMX or XLIFF in UTF-16 (with a BOM, or only the declaration) is split and read as the
    same file in UTF-8: the shard files are byte-identical."""
    pytest.importorskip("translate.storage.tmx")
    tmx8 = tmp_path / "tm.tmx"
    write_tmx(tmx8, 9, untranslated=(2,))
    xlf8 = tmp_path / "tm.xlf"
    write_xliff12(xlf8, 5)
    for src in (tmx8, xlf8):
        wide = _recode(src, tmp_path / f"wide{src.suffix}", codec, declared, bom)
        r8 = _corpus(src, tmp_path / f"{src.suffix[1:]}-8", 4)
        r16 = _corpus(wide, tmp_path / f"{src.suffix[1:]}-16", 4)
        assert r16.exit_code == r8.exit_code and r8.exit_code in (1, 2), r16.output
        assert shard_bytes(tmp_path / f"{src.suffix[1:]}-16") == shard_bytes(tmp_path / f"{src.suffix[1:]}-8")


def test_entities_are_refused_in_any_encoding_and_a_multibyte_encoding_in_one_line(tmp_path):
    bomb = ('<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n')
    cases = [
        ("bomb16.tmx", (bomb.format(enc="UTF-16") + '<tmx version="1.4"><header srclang="ru"/><body><tu><tuv xml:lang="ru">'
                        "<seg>&a;</seg></tuv></tu></body></tmx>\n").encode("utf-16"), "declares XML entities"),
        ("bomb16.xlf", (bomb.format(enc="UTF-16") + '<xliff version="1.2"><file source-language="ru"><body>'
                        '<trans-unit id="1"><source>&a;</source></trans-unit></body></file></xliff>\n').encode("utf-16"),
         "declares XML entities"),
        ("bomb8.xlf", (bomb.format(enc="UTF-8") + '<xliff version="1.2"><file><body><trans-unit id="1"><source>&a;'
                       '</source></trans-unit></body></file></xliff>\n').encode(), "declares XML entities"),
        ("sjis.xlf", '<?xml version="1.0" encoding="Shift_JIS"?>\n<xliff version="1.2"/>\n'.encode("shift_jis"),
         "convert it to UTF-8"),
        ("empty.xlf", b'<xliff version="1.2"><file><body></body></file></xliff>\n', "no translation units"),
        ("notxliff.xlf", b'<tmx version="1.4"><body/></tmx>\n', "not XLIFF"),
        ("broken.xlf", b'<xliff version="1.2"><file><body><trans-unit id="1"></body></file></xliff>\n',
         "not valid XLIFF"),
    ]
    for name, data, message in cases:
        path = tmp_path / name
        path.write_bytes(data)
        r = _corpus(path, tmp_path / f"out-{path.stem}", 10)
        assert r.exit_code == 2, (name, r.output)
        assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output, (name, r.stderr)


def test_planning_a_large_xliff_keeps_memory_flat(tmp_path):
    """Planning streams the file: 60,000 units (about 13 MB) grow the planner's peak memory by
    far less than the file."""
    big = tmp_path / "big.xlf"
    write_xliff12(big, 30_000)
    size = big.stat().st_size
    code = ("import resource, sys\nfrom pathlib import Path\nfrom audit.corpus.inputs import plan\n"
            "import translate.storage.xliff\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "p = plan(Path(sys.argv[1]), 500)\n"
            "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "print(p.rows, len(p.shards), (after - before) * 1024)\n")
    out = subprocess.run([sys.executable, "-c", code, str(big)], capture_output=True, text=True, cwd=ROOT, check=True)
    rows, shards, grew = map(int, out.stdout.split())
    assert (rows, shards) == (60_000, 120)
    assert size > 10_000_000 and grew < 6_000_000, (size, grew)


def test_tqa_audit_reads_a_utf16_xliff_2_as_xliff_2(tmp_path):
    """The 1.x/2.x choice reads the file's head in its own encoding: a UTF-16 XLIFF 2.0 was
    taken for 1.x (its namespace not found in the head decoded as UTF-8)."""
    from audit.bilingual.formats import read_bilingual

    xlf8 = tmp_path / "a.xlf"
    write_xliff20(xlf8, 4)
    wide = _recode(xlf8, tmp_path / "w.xlf", "utf-16-le", "UTF-16", codecs.BOM_UTF16_LE)
    a, b = read_bilingual(xlf8), read_bilingual(wide)
    assert b.format == "xliff2" and b.units == a.units and (b.source_lang, b.target_lang) == ("ru", "en")
