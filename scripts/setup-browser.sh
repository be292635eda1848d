#!/usr/bin/env bash
# Install Debian's chromium for the HTML report test (tests/test_report_html.py), which opens
# the report headless and takes a screenshot. Skips quietly where chromium is already there,
# where apt-get is missing, or where we are not root; the test then skips itself.
set -uo pipefail
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then exit 0; fi
done
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: no apt-get here; the HTML browser test will be skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "setup-browser: not root; the HTML browser test will be skipped" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null \
  && $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null \
  || echo "setup-browser: installing chromium failed; the HTML browser test will be skipped" >&2
exit 0
