#!/usr/bin/env bash
# Throughput side by side: the Python peers (trafilatura, rs-trafilatura,
# resiliparse; trafilatura and resiliparse also with lingua) and `tidings
# bench`, on the same pages, one core.
# The peers come from PyPI into a venv outside the clone, named by a hash of
# python/requirements-bench.txt (like scripts/setup-python.sh):
#   ${TIDINGS_BENCH_VENV:-$HOME/.cache/tidings/bench-<hash>}
#
# Usage:
#   scripts/bench_peers.sh [PAGES_DIR ...] [-- bench_peers.py options]
#   scripts/bench_peers.sh ../shared/data/boilerplate/wcxb-dev/html -- --repeat 3
#   scripts/bench_peers.sh TRAF/tests/eval TRAF/tests/cache -- --repeat 5
#   scripts/bench_peers.sh PAGES -- --peers resiliparse --repeat 5   # resiliparse alone
# (TRAF: a clone of github.com/adbar/trafilatura, whose evaluation pages these are.)
# Default pages: $TIDINGS_DATA/boilerplate/wcxb-dev/html. The tidings binary
# is target/release/tidings (built here if missing), or $TIDINGS_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."

REQ=python/requirements-bench.txt
HASH=$(sha256sum "$REQ" | cut -c1-12)
VENV="${TIDINGS_BENCH_VENV:-$HOME/.cache/tidings/bench-$HASH}"
if [ ! -e "$VENV/.complete" ]; then
  rm -rf -- "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "${PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ"
  touch "$VENV/.complete"
fi

BIN="${TIDINGS_BIN:-target/release/tidings}"
if [ ! -x "$BIN" ]; then
  cargo build --release --bin tidings
fi

pages=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do pages+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
if [ ${#pages[@]} -eq 0 ]; then
  pages=("${TIDINGS_DATA:-../shared/data}/boilerplate/wcxb-dev/html")
fi
exec "$VENV/bin/python" scripts/bench_peers.py --tidings "$BIN" "$@" "${pages[@]}"
