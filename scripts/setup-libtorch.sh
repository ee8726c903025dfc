#!/usr/bin/env bash
# Sets up libtorch for the `transformers` feature (rust-bert 0.23 / tch 0.17).
#
# libtorch comes from PyTorch 2.4.0 on PyPI, installed into a virtualenv that
# lives outside the repository so that every clone shares it:
#   ${TIDINGS_TORCH_VENV:-$HOME/.cache/tidings/torch-venv}
#
# Usage:
#   scripts/setup-libtorch.sh              # create/refresh the venv (idempotent)
#   scripts/setup-libtorch.sh --python-ref # also install transformers+sentencepiece
#                                          # (fixture generation and Python benchmarks)
#   eval "$(scripts/setup-libtorch.sh --env)"  # print the exports for cargo
#
# After `eval`, build with:  cargo test --workspace --features transformers
set -euo pipefail

VENV="${TIDINGS_TORCH_VENV:-$HOME/.cache/tidings/torch-venv}"
TORCH_VERSION=2.4.0
PY="${PYTHON:-python3}"

print_env() {
  local site
  site=$("$VENV/bin/python" -c 'import torch, os; print(os.path.dirname(torch.__file__))')
  echo "export LIBTORCH_USE_PYTORCH=1"
  echo "export LIBTORCH_BYPASS_VERSION_CHECK=0"
  echo "export PATH=\"$VENV/bin:\$PATH\""
  echo "export LD_LIBRARY_PATH=\"$site/lib:\${LD_LIBRARY_PATH:-}\""
}

want_ref=0
for arg in "$@"; do
  case "$arg" in
    --env)
      if [ ! -x "$VENV/bin/python" ]; then
        echo "setup-libtorch: no venv at $VENV; run scripts/setup-libtorch.sh first" >&2
        exit 1
      fi
      print_env
      exit 0
      ;;
    --python-ref) want_ref=1 ;;
    *) echo "setup-libtorch: unknown argument $arg" >&2; exit 2 ;;
  esac
done

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup-libtorch: creating venv at $VENV" >&2
  mkdir -p "$(dirname "$VENV")"
  "$PY" -m venv "$VENV"
fi

if ! "$VENV/bin/python" -c "import torch, sys; sys.exit(0 if torch.__version__.startswith('$TORCH_VERSION') else 1)" 2>/dev/null; then
  echo "setup-libtorch: installing torch==$TORCH_VERSION (about 4 GB)" >&2
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet "torch==$TORCH_VERSION" "numpy<2"
fi

if [ "$want_ref" = 1 ]; then
  if ! "$VENV/bin/python" -c "import transformers, sentencepiece" 2>/dev/null; then
    echo "setup-libtorch: installing transformers + sentencepiece" >&2
    "$VENV/bin/python" -m pip install --quiet "transformers==4.44.2" "sentencepiece==0.2.0" "protobuf<5" "safetensors"
  fi
fi

"$VENV/bin/python" -c 'import torch; print("setup-libtorch: torch", torch.__version__, "ok")' >&2
