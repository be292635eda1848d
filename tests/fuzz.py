"""Longer fuzzing runs of the property tests (hypothesis), for hardening work, not for CI.

    python -m tests.fuzz                       # every property, 5000 cases each (bilingual: a quarter)
    python -m tests.fuzz --examples 20000 -k bilingual
    python -m tests.fuzz --rounds 0            # round after round until Ctrl-C

Runs tests/test_properties_all.py, tests/test_properties.py, tests/test_hardening_fuzz.py
(every non-article entry point: config, metadata, glossary YAML/CSV/TBX and write journal,
baseline, TSV/CSV, environment, file names) and tests/test_hardening_fuzz_cli.py (generated
command lines for every command, corpora and damaged corpus run directories, eval tables;
a sixth of the cases: each runs a command) under the `long` profile with
TQA_FUZZ_EXAMPLES cases per property and prints hypothesis's statistics (cases run, time per
case). A failure is shrunk to a minimal input and saved in .hypothesis/, so the next plain
`pytest` replays it first. Exit status: pytest's (0: no failure found).
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ["tests/test_properties_all.py", "tests/test_properties.py", "tests/test_hardening_fuzz.py",
         "tests/test_hardening_fuzz_cli.py"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=5000, help="cases per property (default 5000)")
    ap.add_argument("--rounds", type=int, default=1, help="repeat with fresh random cases; 0 = until interrupted")
    ap.add_argument("-k", dest="select", help="pytest -k expression: which properties")
    args = ap.parse_args(argv)
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "TQA_FUZZ_EXAMPLES": str(args.examples), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics", *FILES]
    if args.select:
        cmd += ["-k", args.select]
    rounds = itertools.count(1) if args.rounds == 0 else range(1, args.rounds + 1)
    try:
        for r in rounds:
            print(f"== fuzz round {r}: {args.examples} cases per property", flush=True)
            code = subprocess.call(cmd, cwd=ROOT, env=env)
            if code:
                return code
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
