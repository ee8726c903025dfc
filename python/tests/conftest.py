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


def warc_record(kind: str, n: int, uri: str, content_type: str, block: bytes) -> bytes:
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012d}>\r\n"
        f"WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def write_warc(path: Path, pages: list[dict], *, truncate_last: bool = False, first: int = 0) -> dict:
    """``pages`` as a multi-member ``.warc.gz`` the way crawlers write one:
    a warcinfo record, then a request and a response per page, one gzip
    member per record. ``truncate_last`` adds one more response whose member
    is cut in half (a crawl stopped mid-write). Returns what a reader must
    find: ``{"ids": [...], "skipped": {...}}``, the ids of the whole pages and
    the skip counts ``tidings run`` reports."""
    members, ids, n = [], [], first
    info = b"software: tidings-tests\r\nformat: WARC File Format 1.1\r\n"
    members.append(gzip.compress(warc_record("warcinfo", n, "", "application/warc-fields", info)))
    for p in pages:
        uri = f"https://wcxb.example/{p['id']}"
        n += 1
        request = f"GET /{p['id']} HTTP/1.1\r\nHost: wcxb.example\r\n\r\n".encode()
        members.append(gzip.compress(warc_record("request", n, uri, "application/http; msgtype=request", request)))
        n += 1
        body = p["html"].encode("utf-8")
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + \
            f"Content-Length: {len(body)}\r\n\r\n".encode() + body
        members.append(gzip.compress(warc_record("response", n, uri, "application/http; msgtype=response", http)))
        ids.append(f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>")
    if truncate_last:
        n += 1
        body = ("<html><body><p>" + "The crawl stopped while this page was written. " * 200 + "</p></body></html>").encode()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        member = gzip.compress(warc_record("response", n, "https://wcxb.example/cut", "application/http; msgtype=response", http))
        members.append(member[: len(member) // 2])
    path.write_bytes(b"".join(members))
    skipped = {"record:request": len(pages), "record:warcinfo": 1}
    if truncate_last:
        skipped["corrupt"] = 1  # the cut record, counted as the command counts it
    return {"ids": ids, "skipped": skipped}
