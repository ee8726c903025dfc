#!/usr/bin/env bash
# The Python virtualenv for everything Python in tidings: pyarrow reading the
# command's Parquet output, maturin building the `tidings` wheel, and the
# pytest suite with Ray, Spark and datatrove (python/requirements-dev.txt pins
# them all). It lives outside the repository, like the libtorch venv, so that
# every clone and every CI run on a machine shares it; its name carries a hash
# of the requirements, so changing a pin builds a new one beside the old:
#   ${TIDINGS_PY_VENV:-$HOME/.cache/tidings/py-<hash>}
# A venv counts as built only once `.complete` is written in it, last, so an
# interrupted install is redone rather than mistaken for a finished one.
#
# Usage:
#   scripts/setup-python.sh          # create the venv if missing (idempotent)
#   scripts/setup-python.sh --python # print the venv's python
set -euo pipefail
cd "$(dirname "$0")/.."

REQ=python/requirements-dev.txt
HASH=$(sha256sum "$REQ" | cut -c1-12)
VENV="${TIDINGS_PY_VENV:-$HOME/.cache/tidings/py-$HASH}"
PY="${PYTHON:-python3}"

if [ "${1:-}" = "--python" ]; then
  echo "$VENV/bin/python"
  exit 0
fi
if [ ! -e "$VENV/.complete" ]; then
  rm -rf -- "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ"
  # Spark needs a JVM: use the machine's Java 17, else Debian's.
  if ! command -v java >/dev/null; then
    echo "setup-python: no java on PATH; Spark tests need OpenJDK 17 (apt-get install openjdk-17-jre-headless)" >&2
  fi
  touch "$VENV/.complete"
fi
"$VENV/bin/python" -c "import pyarrow; print('pyarrow', pyarrow.__version__, 'in $VENV')"
