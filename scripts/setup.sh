#!/usr/bin/env bash
# Set up .venv with the project installed (editable). Usage: scripts/setup.sh [demo|test]
#   demo: the runtime dependencies only.
#   test: also what the test suite needs: Python test packages, Debian's chromium and a Java runtime
#         (for the browser and HTML-validity tests), and the npm packages vnu-jar and axe-core.
# Works on a fresh Debian machine with Python 3.11; installs missing system packages with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-demo}"
python="${PYTHON:-python3}"

apt_install() {  # install Debian packages that are missing (as root, or through sudo)
  local missing=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "setup: please install ${missing[*]}" >&2; return 1; }
  local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "setup: installing ${missing[*]} with apt-get" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
  apt_install python3-venv
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$kind" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
  command -v chromium >/dev/null 2>&1 || apt_install chromium
  command -v java >/dev/null 2>&1 || apt_install default-jre-headless
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  npm ci --no-audit --no-fund --loglevel=error
else
  .venv/bin/python -m pip install -q -e .
fi
