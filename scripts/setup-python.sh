#!/usr/bin/env bash
# A Python virtualenv for the checks that need Python packages (pyarrow reads
# tidings' Parquet output in CI). It lives outside the repository, like the
# libtorch venv, so that every clone shares it:
#   ${TIDINGS_PY_VENV:-$HOME/.cache/tidings/py-venv}
#
# Usage:
#   scripts/setup-python.sh          # create/refresh the venv (idempotent)
#   scripts/setup-python.sh --python # print the venv's python
set -euo pipefail

VENV="${TIDINGS_PY_VENV:-$HOME/.cache/tidings/py-venv}"
PY="${PYTHON:-python3}"
PYARROW_VERSION=26.0.1

if [ "${1:-}" = "--python" ]; then
  echo "$VENV/bin/python"
  exit 0
fi
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import pyarrow, sys; sys.exit(pyarrow.__version__ != '$PYARROW_VERSION')" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "pyarrow==$PYARROW_VERSION"
fi
"$VENV/bin/python" -c "import pyarrow; print('pyarrow', pyarrow.__version__, 'in $VENV')"
