"""Decoding that says what it did (issue 14): a UTF-8 file with a few stray bytes stays UTF-8
with a notice naming the lines (it decoded as mac_iceland before); a PO file declaring
CP1251 or KOI8-R is read in that charset (it came out as mojibake); legacy files still go
to legacy detection."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from audit.reading import decode, transcode_declared
from tests.conftest import ROOT, SEED

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}


def test_a_stray_cp1252_byte_in_a_utf8_article_keeps_utf8_and_says_where():
    data = SEED.read_bytes()
    lines = data.split(b"\n")
    n = next(i for i, ln in enumerate(lines) if b"Blinken" in ln)
    lines[n] = lines[n].replace(b"Blinken", b"Blinken\x92s", 1)  # a cp1252 apostrophe
    lines[n + 2] = lines[n + 2] + b" \x96 more"  # a cp1252 en dash further down
    got = decode(b"\n".join(lines), "a.en.txt")
    assert got.encoding == "utf-8"
    assert "Blinken\u2019s" in got.text and "\u2013 more" in got.text
    assert got.text.replace("Blinken\u2019s", "Blinken").replace(" \u2013 more", "") == decode(data).text
    assert len(got.notices) == 1
    assert f"lines {n + 1}, {n + 3}" in got.notices[0] and "2 stray bytes" in got.notices[0]


def test_clean_utf8_has_no_notice_and_legacy_files_are_still_detected():
    assert decode(SEED.read_bytes()).notices == ()
    ru = ("Министр иностранных дел России Сергей Лавров заявил, что Москва ждёт ответа "
          "на свои предложения о гарантиях безопасности.\n")
    for codec in ("cp1251", "koi8-r"):
        got = decode(ru.encode(codec), "ru.txt")
        assert got.text == ru and got.notices == (), codec
    latin = ("Le ministre a déclaré à la presse que la réunion était très importante pour l'été. " * 3).encode("cp1252")
    got = decode(latin)  # dozens of cp1252 bytes: a legacy file, not "UTF-8 with strays"
    assert "déclaré" in got.text and got.encoding != "utf-8" and got.notices == ()


def test_the_notice_reaches_the_json_report(tmp_path):
    art = tmp_path / "stray.en.txt"
    art.write_bytes(SEED.read_bytes().replace(b"the ", b"th\x92e ", 1))
    r = subprocess.run([sys.executable, "-m", "audit", "audit", art, "-f", "json"], cwd=ROOT, env=ENV,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    assert report["document"]["encoding"] == "utf-8"
    assert any("not valid UTF-8 at line" in n and "stray byte" in n for n in report["notices"])


PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset={charset}\\n"
"Language: en\\n"

msgid "Министр иностранных дел России Сергей Лавров встретился с Антони Блинкеном."
msgstr "Russian Foreign Minister Sergey Lavrov met Antony Blinken."
'''


@pytest.mark.parametrize("charset,codec", [("CP1251", "cp1251"), ("KOI8-R", "koi8-r"), ("windows-1251", "cp1251")])
def test_po_files_are_read_in_the_charset_they_declare(tmp_path, charset, codec):
    from audit.bilingual.formats import read_bilingual

    po = tmp_path / "article.po"
    po.write_bytes(PO.format(charset=charset).encode(codec))
    units = read_bilingual(po).units
    assert units[0].source.startswith("Министр иностранных дел России")
    assert units[0].target == "Russian Foreign Minister Sergey Lavrov met Antony Blinken."


def test_transcoding_leaves_utf8_and_undeclared_bytes_alone():
    utf8 = PO.format(charset="UTF-8").encode("utf-8")
    assert transcode_declared(utf8) == utf8
    undeclared = "Привет".encode("cp1251")
    assert transcode_declared(undeclared) == undeclared
    wrong = PO.format(charset="no-such-charset").encode("cp1251")
    assert transcode_declared(wrong) == wrong
