#!/usr/bin/env bash
# Make sure a Python >= 3.11 that can create virtual environments is present.
# On a fresh Debian machine, `python3 -m venv` needs the python3-venv package: install it when we can.
set -euo pipefail
py="${1:-python3}"
if ! command -v "$py" >/dev/null 2>&1; then
  echo "raingan needs Python >= 3.11; '$py' was not found. On Debian: apt-get install python3 python3-venv" >&2
  exit 1
fi
if ! "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "raingan needs Python >= 3.11; $("$py" --version 2>&1) found. Set PYTHON=/path/to/python3.11 and retry." >&2
  exit 1
fi
if ! "$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  pkg="python3-venv"
  ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing python${ver}-venv (needed to create .venv)…" >&2
    $sudo apt-get update -qq && ($sudo apt-get install -y -qq "python${ver}-venv" || $sudo apt-get install -y -qq "$pkg")
  else
    echo "Python cannot create virtual environments here: install the venv module for $py" >&2
    exit 1
  fi
fi
