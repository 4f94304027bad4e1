#!/usr/bin/env bash
# Install the Debian packages listed in scripts/debian-packages.txt that are not installed yet.
# As root it runs apt-get itself; otherwise it uses `sudo -n` when that works, and else prints the
# command to run and fails, so that `make` stops with a message instead of half-working tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mapfile -t wanted < <(grep -v '^\s*#' "$here/debian-packages.txt" | awk 'NF {print $1}')
missing=()
for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
    echo "system-deps: not a Debian/Ubuntu system; install these by hand: ${missing[*]}" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    run=()
elif sudo -n true 2>/dev/null; then
    run=(sudo -n)
else
    echo "system-deps: missing Debian packages: ${missing[*]}" >&2
    echo "run: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${run[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    "${run[@]}" apt-get update -q
    "${run[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
