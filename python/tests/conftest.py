"""Shared fixtures: the benchmark pages as records, the `tidings` command.

Data comes from ``TIDINGS_DATA`` (default ``../shared/data`` from the
workspace root); under ``CI=true`` a missing data set or binary fails the
test instead of skipping it, as in the Rust suite.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _missing(what: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {what} is missing")
    pytest.skip(f"{what} is missing")


def data_dir() -> Path:
    raw = os.environ.get("TIDINGS_DATA", "../shared/data")
    path = Path(raw)
    return path if path.is_absolute() else (ROOT / path).resolve()


def wcxb_records(limit: int | None = None) -> list[dict]:
    """WCXB-dev pages as ``{"id", "html"}`` records, in file order."""
    html = data_dir() / "boilerplate" / "wcxb-dev" / "html"
    if not html.is_dir():
        _missing(f"WCXB-dev ({html})")
    files = sorted(html.glob("*.html.gz"))[:limit]
    return [
        {"id": f.name.removesuffix(".html.gz"), "html": gzip.decompress(f.read_bytes()).decode("utf-8", "replace")}
        for f in files
    ]


@pytest.fixture(scope="session")
def pages() -> list[dict]:
    return wcxb_records(limit=60)


@pytest.fixture(scope="session")
def samples() -> list[dict]:
    """The README's sample records (examples/docs/03-records.jsonl), less the
    line that is deliberately not JSON (a test of the command's reader)."""
    path = ROOT / "examples" / "docs" / "03-records.jsonl"
    records = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    assert len(records) >= 4
    return records


@pytest.fixture(scope="session")
def tidings_bin() -> Path:
    path = Path(os.environ.get("TIDINGS_BIN", ROOT / "target" / "release" / "tidings"))
    if not path.is_file():
        _missing(f"the tidings command ({path}; set TIDINGS_BIN)")
    return path


def run_command(binary: Path, records: list[dict], tmp: Path, *args: str) -> list[dict]:
    """``tidings run`` over the records as JSON Lines: its records, in order."""
    src, out = tmp / "in.jsonl", tmp / "out.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    subprocess.run([str(binary), "run", str(src), "--out", str(out), "--no-progress", *args],
                   check=True, capture_output=True)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]


def comparable(record: dict) -> dict:
    """A record without what differs between two runs of the same input
    (stage timings)."""
    return {k: v for k, v in record.items() if k != "timings"}


def arrow_comparable(row: dict) -> dict:
    """An Arrow output row without timings, with nulls and empty lists
    dropped (the Parquet schema writes an absent field as null)."""
    return {k: v for k, v in row.items() if k != "timings" and v not in (None, [], False)}
