"""Reading: encodings tqa must recognise, and input it must refuse with one clear line."""

from __future__ import annotations

import pytest

from audit.errors import InputError
from audit.reading import decode, read_path

RU = "Глава МИД России Сергей Лавров заявил, что переговоры зашли в тупик. Это серьёзный вопрос."
EN = "The talks in Geneva lasted almost eight hours, the State Department said."


@pytest.mark.parametrize(
    "encoding,label",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-bom"), ("utf-16", "utf-16-bom"), ("utf-16-le", "utf-16-le"),
     ("utf-16-be", "utf-16-be"), ("cp1251", "cp1251"), ("koi8_r", "koi8_r")],
)
def test_russian_in_many_encodings(encoding, label):
    got = decode(RU.encode(encoding))
    assert got.text == RU and got.encoding == label


def test_english_utf16_without_bom():
    assert decode(EN.encode("utf-16-le")).text == EN


def test_nfc_normalisation():
    decomposed = "Cafe\u0301 owners in Mu\u0308nchen protested."
    assert decode(decomposed.encode()).text == "Café owners in München protested."


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"12345 678 90\n", "no letters"),
    ],
)
def test_refused(data, message):
    with pytest.raises(InputError, match=message):
        decode(data)


def test_paths(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(InputError, match="limit"):
        read_path(big, max_bytes=10)
