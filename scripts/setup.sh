#!/usr/bin/env bash
# Create .venv with the project installed (editable). Usage: scripts/setup.sh [demo|test]
#   demo: runtime dependencies only.
#   test: also what the test suite needs.
# Works on a fresh Debian machine with Python 3.11: installs python3-venv first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-demo}"
python="${PYTHON:-python3}"

if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c "import ensurepip" >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing python3-venv with apt-get" >&2
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
  fi
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$kind" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
