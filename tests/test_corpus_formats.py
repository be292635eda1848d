"""`tqa corpus`: Parquet shards (`--output-format parquet`) hold the JSON Lines shards' rows, and
one TMX file is split into shards by streaming, each unit audited as a segment pair."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_corpus import articles, invoke, shard_rows, write_jsonl

ROOT = Path(__file__).resolve().parent.parent


# One process (-j 1) throughout: these tests are about formats, and a pool forked from a test
# process that earlier tests left with threads (torch's, a translator actor's) can deadlock.


def parquet_rows(outdir: Path, kind: str) -> list[dict]:
    from audit.corpus import parquet_out

    return [r for f in sorted(outdir.glob(f"{kind}-*.parquet")) for r in parquet_out.rows(f)]


def test_parquet_shards_hold_the_json_lines_rows(tmp_path):
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = articles(7) + [{"id": "bad", "text": ""}]
    src = write_jsonl(tmp_path / "c.jsonl", rows)
    for fmt in ("jsonl", "parquet"):
        r = invoke(str(src), "-o", str(tmp_path / fmt), "--batch-size", "3", "-j", "1", "--no-progress",
                   "--output-format", fmt)
        assert r.exit_code == 2, r.output  # the empty row is an error row
    out = tmp_path / "parquet"
    assert sorted(p.name for p in out.glob("*-*.parquet")) == [f"{k}-0000{i}.parquet" for k in ("documents", "findings")
                                                                for i in range(3)]
    assert not list(out.glob("*.jsonl"))
    for kind in ("documents", "findings"):
        assert parquet_rows(out, kind) == shard_rows(tmp_path / "jsonl", kind)
    # one schema for every shard: a reader takes them all as one table
    tables = [pq.read_table(f) for f in sorted(out.glob("documents-*.parquet"))]
    assert len({t.schema for t in tables}) == 1
    assert tables[0].schema.field("score").type == "double"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["files"] == {"documents": "documents-*.parquet", "findings": "findings-*.parquet"}
    assert summary["counts"] == json.loads((tmp_path / "jsonl" / "summary.json").read_text(encoding="utf-8"))["counts"]


def test_parquet_rows_round_trip_nulls_odd_types_and_unknown_fields(tmp_path):
    pytest.importorskip("pyarrow")
    from audit.corpus import parquet_out

    rows = [{"id": "a", "rule": "X1", "suggestion": None, "line": 3, "span": {"start": 0, "end": 2}, "new": [1, "b"]},
            {"id": "b", "rule": "X2", "line": True, "segment": "7", "unit": None},
            {"id": "c"}]
    path = tmp_path / "f.parquet"
    path.write_bytes(parquet_out.encode("findings", rows))
    assert parquet_out.rows(path) == rows
    assert parquet_out.rows(path)[1]["line"] is True  # a bool is not taken for an int column
    path.write_bytes(parquet_out.encode("documents", [{"id": "d", "row": 0, "score": 100, "passed": True}]))
    assert parquet_out.rows(path) == [{"id": "d", "row": 0, "score": 100.0, "passed": True}]


def test_parquet_shards_resume_like_json_lines(tmp_path):
    """A damaged Parquet shard is audited again, byte-identical; another format in the same
    OUTDIR is another run (refused)."""
    pytest.importorskip("pyarrow")
    src = write_jsonl(tmp_path / "c.jsonl", articles(6))
    out = tmp_path / "out"
    args = [str(src), "-o", str(out), "--batch-size", "2", "-j", "1", "--output-format", "parquet"]
    assert invoke(*args, "--no-progress").exit_code == 1
    before = {f.name: f.read_bytes() for f in out.glob("*.parquet")}
    damaged = out / "findings-00001.parquet"
    damaged.write_bytes(damaged.read_bytes()[:-10])
    r = invoke(*args)
    assert r.exit_code == 1 and "shard 1: files differ from their record, auditing it again" in r.stderr
    assert "1 audited now, 2 already done" in r.stderr
    assert {f.name: f.read_bytes() for f in out.glob("*.parquet")} == before
    r = invoke(str(src), "-o", str(out), "--batch-size", "2", "-j", "1", "--no-progress")
    assert r.exit_code == 2 and "another set of options (output_format)" in r.stderr


def test_unknown_output_format_is_one_line(tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", articles(1))
    r = invoke(str(src), "-o", str(tmp_path / "o"), "--output-format", "csv")
    assert r.exit_code == 2 and "unknown output format 'csv'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


# --- one TMX file, split by streaming ------------------------------------------------------------

PAIRS = [
    ("В понедельник в Москве {n} человек пострадали при пожаре.", "On Monday in Moscow {n} people were injured in a fire."),
    ("В понедельник в Москве {n} человек пострадали при пожаре.", "On Monday in Moscow people were injured in a fire."),
    ("Сергей Лавров встретился с Энтони Блинкеном в Женеве.", "Sergei Lavrov met Anthony Blinken in Geneva."),
    ("Переговоры &amp; встречи прошли в Вене.", "Talks &amp; meetings were held in Vienna."),
]


def write_tmx(path: Path, n: int, untranslated: tuple[int, ...] = ()) -> list[dict]:
    """A TMX of `n` units (some without a tuid, some without a target); returns them as rows."""
    rows = []
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
                '<header creationtool="t" creationtoolversion="1" datatype="plaintext" segtype="sentence" '
                'adminlang="en" srclang="ru" o-tmf="t"><note>a header with a note</note></header>\n<body>\n')
        for i in range(n):
            src, tgt = (s.format(n=2 + i % 40) for s in PAIRS[i % len(PAIRS)])
            tuid = f' tuid="tu-{i}"' if i % 3 else ""
            target = "" if i in untranslated else f'<tuv xml:lang="en"><seg>{tgt}</seg></tuv>'
            f.write(f'<tu{tuid}>\n  <tuv xml:lang="ru"><seg>{src}</seg></tuv>{target}</tu>\n<!-- unit {i} -->\n')
            rows.append({"id": f"tu-{i}" if i % 3 else str(i + 1), "source": src.replace("&amp;", "&"),
                         "target": None if i in untranslated else tgt.replace("&amp;", "&")})
        f.write("</body>\n</tmx>\n")
    return rows


def test_one_tmx_is_split_into_shards_and_each_unit_audited_as_a_pair(tmp_path):
    """A TMX of 11 units in shards of 4 gives, unit by unit, what the same pairs give as a JSON
    Lines corpus with --source-col (itself tested against `tqa audit`)."""
    pytest.importorskip("translate.storage.tmx")
    units = write_tmx(tmp_path / "tm.tmx", 11, untranslated=(5,))
    r = invoke(str(tmp_path / "tm.tmx"), "-o", str(tmp_path / "tmx"), "--batch-size", "4", "-j", "1", "--no-progress",
               "-f", "json")
    assert r.exit_code == 2, r.output  # unit 5 has no target: an error row, the rest audited
    docs = shard_rows(tmp_path / "tmx", "documents")
    assert [d["id"] for d in docs] == [u["id"] for u in units]
    assert len(list((tmp_path / "tmx").glob("documents-*.jsonl"))) == 3
    assert docs[5] == {"id": units[5]["id"], "row": 5, "status": "error", "error": "unit has no target (en)"}

    pairs = [{**u, "lang": "en", "source_lang": "ru"} for u in units if u["target"] is not None]
    write_jsonl(tmp_path / "pairs.jsonl", pairs)
    r2 = invoke(str(tmp_path / "pairs.jsonl"), "-o", str(tmp_path / "jsonl"), "--text-col", "target",
                "--source-col", "source", "-j", "1", "--no-progress")
    assert r2.exit_code == 1, r2.output
    expected = {d["id"]: d for d in shard_rows(tmp_path / "jsonl", "documents")}
    strip = lambda d: {k: v for k, v in d.items() if k != "row"}  # noqa: E731
    assert [strip(d) for d in docs if d["status"] != "error"] == [strip(expected[u["id"]]) for u in pairs]
    findings = shard_rows(tmp_path / "tmx", "findings")
    assert findings == shard_rows(tmp_path / "jsonl", "findings")
    assert {f["rule"] for f in findings} >= {"NUM002", "TERM001"}  # the dropped number, Anthony Blinken
    assert json.loads(r.stdout)["corpus"]["kind"] == "tmx"


def test_tmx_with_declared_entities_or_without_units_is_refused(tmp_path):
    bomb = tmp_path / "bomb.tmx"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaa">]>\n<tmx version="1.4"><header srclang="ru"/>'
                    '<body><tu><tuv xml:lang="ru"><seg>&a;</seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    empty = tmp_path / "empty.tmx"
    empty.write_text('<tmx version="1.4"><header srclang="ru"/><body></body></tmx>\n', encoding="utf-8")
    broken = tmp_path / "broken.tmx"
    broken.write_text('<tmx version="1.4"><header srclang="ru"/><body><tu></body></tmx>\n', encoding="utf-8")
    for path, message in ((bomb, "declares XML entities"), (empty, "no translation units"), (broken, "not valid TMX")):
        r = invoke(str(path), "-o", str(tmp_path / f"out-{path.stem}"), "-j", "1", "--no-progress")
        assert r.exit_code == 2, r.output
        assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output


def test_planning_a_large_tmx_keeps_memory_flat(tmp_path):
    """Planning streams the file: 120,000 units (about 30 MB) grow the planner's peak memory by
    far less than the file (one offset per shard is kept, not the units)."""
    big = tmp_path / "big.tmx"
    write_tmx(big, 120_000)
    size = big.stat().st_size
    code = ("import resource, sys\nfrom pathlib import Path\nfrom audit.corpus.inputs import plan\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "p = plan(Path(sys.argv[1]), 500)\n"
            "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "print(p.rows, len(p.shards), (after - before) * 1024)\n")
    out = subprocess.run([sys.executable, "-c", code, str(big)], capture_output=True, text=True, cwd=ROOT, check=True)
    rows, shards, grew = map(int, out.stdout.split())
    assert (rows, shards) == (120_000, 240)
    assert size > 25_000_000 and grew < 8_000_000, (size, grew)
