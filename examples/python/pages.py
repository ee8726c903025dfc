"""Input records for the Python examples: JSON Lines files, and .html/.txt
pages (optionally .gz), from files or folders. Defaults to examples/docs."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _files(paths):
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file())
        else:
            yield p


def load_records(paths=None) -> list:
    records = []
    for f in _files(paths or [ROOT / "examples" / "docs"]):
        raw = f.read_bytes()
        name = f.name
        if name.endswith(".gz"):
            raw, name = gzip.decompress(raw), name[:-3]
        if name.endswith(".jsonl"):
            records += [json.loads(line) for line in raw.decode("utf-8").split("\n") if line.strip()]
        elif name.endswith((".html", ".htm")):
            records.append({"id": name, "html": raw.decode("utf-8", "replace")})
        elif name.endswith(".txt"):
            records.append({"id": name, "text": raw.decode("utf-8", "replace")})
    return records


def args() -> list:
    return sys.argv[1:]
