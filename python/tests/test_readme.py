"""Every ```python block of README.md and docs/*.md runs as written (as a script, from the
workspace root)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCKS = [block for page in PAGES for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)]


def test_the_readme_and_the_guide_have_python_snippets():
    readme = re.findall(r"```python\n", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(readme) >= 1 and len(BLOCKS) >= 5


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_python_snippet_runs(index, tmp_path):
    script = tmp_path / f"readme_{index}.py"
    script.write_text(BLOCKS[index], encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"README python block {index} failed:\n{BLOCKS[index]}\n{done.stderr[-3000:]}"
