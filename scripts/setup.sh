#!/usr/bin/env bash
# Create .venv and install tqa with everything the tests and back-translation need.
# CPU torch is installed first and pinned: an unpinned torch pulls a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q torch==2.13.0
python -m pip install -q -e ".[mt,ct2,formats,test]"
# Ray for `tqa corpus --executor ray` and its tests (a local two-node cluster), and pyarrow for
# Parquet: about 17 s, 410 MB (Ray core 240 MB, pyarrow 170 MB; no Ray Data, so no pandas).
# TQA_SKIP_RAY=1 skips it (the Ray tests then skip).
[ -n "${TQA_SKIP_RAY:-}" ] || python -m pip install -q -e ".[ray]"
# Bilingual dictionaries for the lexicon (audit/lexicon, references/bilingual/lexicons.yaml):
# Debian's dictd packages, installed when running as root with apt-get; a failure (no network,
# another distribution) leaves tqa working without them (it says so in one notice line).
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -z "${TQA_SKIP_DICTIONARIES:-}" ]; then
  DICTS="mueller7-dict dict-freedict-eng-rus dict-freedict-deu-eng dict-freedict-fra-eng"
  {
    apt-get install -y -qq --no-install-recommends $DICTS >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends $DICTS >/dev/null 2>&1; }
  } || echo "setup: bilingual dictionaries not installed ($DICTS); tqa works without them" >&2
fi
