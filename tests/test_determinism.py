"""One audit, one report: Python's per-process string hashing (PYTHONHASHSEED) must not reach
the output. Sets of dictionary phrases, lemmas and names are everywhere in the bilingual checks;
whichever element a loop met first used to decide a link's `via` (and could decide the link)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures"

SOURCE = (
    "Госсекретарь США Энтони Блинкен встретился с министром иностранных дел ОАЭ в Абу-Даби.\n"
    "Переговоры прошли 14 апреля, сообщает РИА Новости.\n"
    "Стороны обсудили Северный поток и ситуацию в Финском заливе.\n"
)
TARGET = (
    "US Secretary of State Antony Blinken met the Foreign Minister of the Emirates in Abu Dhabi.\n"
    "The talks took place on April 14, RIA Novosti reports.\n"
    "The sides discussed Nord Stream and the situation in the Gulf of Finland.\n"
)


def _audit(args: list[str], seed: str, cwd: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-m", "audit", "audit", *args, "-f", "json"], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode in (0, 1), out.stderr
    return out.stdout


@pytest.mark.parametrize("kind", ["pair", "xliff"])
def test_report_is_the_same_whatever_the_hash_seed(tmp_path, kind):
    if kind == "pair":
        (tmp_path / "s.ru.txt").write_text(SOURCE, encoding="utf-8")
        (tmp_path / "t.en.txt").write_text(TARGET, encoding="utf-8")
        args = [str(tmp_path / "t.en.txt"), "--source", str(tmp_path / "s.ru.txt")]
    else:
        args = [str(FIX / "bilingual" / "de-en.xlf")]
    reports = {_audit(args, seed, ROOT) for seed in ("1", "2", "3")}
    assert len(reports) == 1
    assert '"word_alignment"' in next(iter(reports))  # the word alignment is in the report, so it was compared
