#!/usr/bin/env bash
# Print the path of a Python >= 3.11 that can create virtual environments (on stdout; messages on stderr).
# Tries $1 (or $PYTHON) first, then python3, python3.13, python3.12, python3.11 — only ones that really run
# (a pyenv shim can exist for a version that is not selected). On a fresh Debian machine `python3 -m venv`
# needs the python3-venv package: it is installed with apt-get when possible.
set -euo pipefail
works() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; }
py=""
for candidate in ${1:-} ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
  if works "$candidate"; then py=$(command -v "$candidate"); break; fi
done
if [ -z "$py" ]; then
  echo "raingan needs Python >= 3.11 and none was found. On Debian: apt-get install python3 python3-venv;" \
       "elsewhere set PYTHON=/path/to/python3.11 and retry." >&2
  exit 1
fi
if ! "$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing python${ver}-venv (needed to create .venv)…" >&2
    { $sudo apt-get update -qq && { $sudo apt-get install -y -qq "python${ver}-venv" || $sudo apt-get install -y -qq python3-venv; }; } >&2
  else
    echo "$py cannot create virtual environments: install its venv module and retry" >&2
    exit 1
  fi
fi
echo "$py"
