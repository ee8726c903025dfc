"""The built wheel installs into a fresh virtualenv and imports."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path


from conftest import ROOT, _missing


def _wheel() -> Path:
    folder = Path(os.environ.get("TIDINGS_WHEEL_DIR", ROOT / "target" / "wheels"))
    wheels = sorted(folder.glob("tidings-*-abi3-*.whl"), key=lambda p: p.stat().st_mtime)
    if not wheels:
        _missing(f"a built wheel in {folder} (maturin build --release; TIDINGS_WHEEL_DIR)")
    return wheels[-1]


def test_wheel_is_abi3_and_installs_into_a_fresh_venv(tmp_path):
    wheel = _wheel()
    assert "-cp39-abi3-" in wheel.name  # one wheel for every CPython >= 3.9
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    # --no-deps: pyarrow is only needed for process_batch, and this checks
    # the wheel itself, offline.
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True)
    script = (
        "import json, tidings, pathlib;"
        "print(json.dumps([tidings.__version__, pathlib.Path(tidings.__file__).parent.name,"
        " tidings.Pipeline(stages=['clean', 'lang']).process("
        "[{'id': 'w', 'text': 'The wheel was installed into a fresh environment and it works.'}])[0]['language']]))"
    )
    out = subprocess.run([str(py), "-c", script], check=True, capture_output=True, text=True,
                         cwd=tmp_path, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    version, package, language = __import__("json").loads(out.stdout)
    assert package == "tidings" and version
    assert language["iso639_1"] == "en"
    assert str(env_dir) in subprocess.run([str(py), "-c", "import tidings; print(tidings.__file__)"],
                                          check=True, capture_output=True, text=True, cwd=tmp_path).stdout


def test_the_wheel_ships_type_stubs_and_the_py_typed_marker():
    import zipfile

    names = set(zipfile.ZipFile(_wheel()).namelist())
    assert {"tidings/py.typed", "tidings/_native.pyi"} <= names, sorted(names)


def test_the_native_stubs_name_what_the_native_module_has():
    import ast
    import inspect

    from tidings import _native

    tree = ast.parse((ROOT / "python" / "tidings" / "_native.pyi").read_text(encoding="utf-8"))
    stubbed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    public = {n for n in dir(_native) if not n.startswith("_") and callable(getattr(_native, n))}
    assert stubbed == public
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "NativePipeline")
    methods = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)} - {"__init__"}
    native = {n for n in dir(_native.NativePipeline) if not n.startswith("_")}
    assert methods == native
    # Parameter names and defaults as the native functions declare them.
    for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        params = list(inspect.signature(getattr(_native, fn.name)).parameters)
        assert [a.arg for a in fn.args.args] == params, fn.name
