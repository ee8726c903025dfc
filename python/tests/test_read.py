"""``tidings.read_batches``: the readers of ``tidings run`` from Python, on
paths, bytes and file objects, with the command's ids, texts, errors and
skip counts."""

from __future__ import annotations

import io
import json
import subprocess

import pyarrow as pa
import pytest

import tidings
from conftest import _missing, data_dir, write_warc


def _command(tidings_bin, src, tmp_path) -> tuple[list[dict], dict]:
    """``tidings run SRC`` with the cheapest stage: its records (id, text,
    errors) and its skip counts."""
    out = tmp_path / "cmd.jsonl"
    done = subprocess.run([str(tidings_bin), "run", str(src), "--stages", "lang", "--out", str(out),
                           "--no-progress"], check=True, capture_output=True, text=True)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
    return records, done.stderr


def _read(source, **kwargs) -> tuple[list[dict], "tidings._native.BatchReader"]:
    reader = tidings.read_batches(source, **kwargs)
    rows = []
    for batch in reader:
        assert batch.schema == tidings.output_schema()
        rows.extend(batch.to_pylist())
    return rows, reader


def _essentials(row: dict) -> tuple:
    # What reading decided (the command's `lang` stage adds its own notes).
    errors = [(e["stage"], e["kind"]) for e in row.get("errors") or [] if e["stage"] == "read"]
    return row["id"], row.get("text"), row.get("format"), errors, bool(row.get("rejected"))


def test_a_warc_reads_as_tidings_run_reads_it_from_a_path_bytes_or_a_stream(pages, tidings_bin, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    want = write_warc(warc, pages, truncate_last=True)
    records, stderr = _command(tidings_bin, warc, tmp_path)
    expected = [_essentials(r) for r in records]
    assert [e[0] for e in expected[: len(pages)]] == want["ids"]

    for source, kwargs in [
        (warc, {}),
        (str(warc), {"batch_rows": 7}),
        (warc.read_bytes(), {"name": str(warc)}),
        (io.BufferedReader(io.FileIO(warc)), {"name": str(warc)}),
        (pa.BufferReader(pa.py_buffer(warc.read_bytes())), {"name": str(warc), "format": "warc"}),
    ]:
        rows, reader = _read(source, **kwargs)
        assert [_essentials(r) for r in rows] == expected, type(source)
        assert reader.documents == len(records)
        assert reader.skipped == want["skipped"]
        # The command reports the same skips.
        for reason, n in want["skipped"].items():
            assert f"{reason} {n}" in stderr
    # The ids are the WARC-Record-IDs as their headers give them.
    assert rows[0]["id"].startswith("<urn:uuid:") and rows[0]["id"].endswith(">")
    # The cut member is counted as corrupt, and no neighbour is lost.
    assert [r["id"] for r in rows] == want["ids"]


def test_warcio_captures_read_as_the_command_reads_them(tidings_bin, tmp_path):
    folder = data_dir() / "warc" / "warcio"
    if not folder.is_dir():
        _missing(f"warcio's captures ({folder})")
    files = sorted(p for p in folder.iterdir() if p.name.endswith((".warc", ".warc.gz")))
    assert len(files) >= 6
    for path in files:
        records, _ = _command(tidings_bin, path, tmp_path)
        rows, _ = _read(path)
        assert [_essentials(r) for r in rows] == [_essentials(r) for r in records], path.name
        rows, _ = _read(path.read_bytes())
        assert [r["id"] for r in rows] == [r["id"] for r in records], f"{path.name} as bytes"


def test_json_lines_parquet_and_directories(samples, tmp_path):
    lines = "".join(json.dumps(r) + "\n" for r in samples).encode()
    rows, _ = _read(lines)
    assert [r["id"] for r in rows] == [r["id"] for r in samples]
    table = pa.Table.from_pylist([{"id": r["id"], "text": r.get("text") or r.get("html")} for r in samples])
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    parquet = sink.getvalue().to_pybytes()
    rows, _ = _read(parquet)
    assert [r["id"] for r in rows] == [r["id"] for r in samples]
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.jsonl").write_bytes(lines)
    (tmp_path / "d" / "b.parquet").write_bytes(parquet)
    rows, reader = _read(tmp_path / "d")
    assert len(rows) == 2 * len(samples) == reader.documents
    # The documents go through the pipeline as they are.
    out = tidings.Pipeline(stages=["lang"]).process_batch(pa.Table.from_pylist(rows, schema=tidings.output_schema()))
    assert out.num_rows == len(rows)


def test_bad_sources_and_arguments():
    rows, _ = _read(b"\x00\x01binary\x00" * 10, name="blob")
    assert len(rows) == 1 and rows[0]["rejected"] and rows[0]["errors"][0]["kind"] == "binary"
    with pytest.raises(ValueError, match="expected one of"):
        tidings.read_batches(b"x", format="csv")
    with pytest.raises(ValueError, match="batch_rows"):
        tidings.read_batches(b"x", batch_rows=0)
    with pytest.raises(ValueError, match="a path, a list of paths, bytes or a file object"):
        tidings.read_batches(42)
    with pytest.raises(ValueError, match="/no/such"):
        tidings.read_batches("/no/such/crawl.warc.gz")

    class Failing(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, b):
            raise OSError("connection reset")

    rows, _ = _read(Failing(), name="s3://b/x.warc.gz")
    assert len(rows) == 1 and rows[0]["rejected"]
    assert "connection reset" in rows[0]["errors"][0]["message"]
