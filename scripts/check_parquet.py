"""Reads a tidings Parquet output with pyarrow and checks it against the
JSON Lines output of the same run: one row per record, the typed schema
(only signed integers, structs and lists of structs), nested fields equal.

    python scripts/check_parquet.py OUT.parquet OUT.jsonl
"""

import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq


def unsigned(t):
    if pa.types.is_unsigned_integer(t):
        return True
    if pa.types.is_struct(t):
        return any(unsigned(t.field(i).type) for i in range(t.num_fields))
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return unsigned(t.value_type)
    return False


def strip(value):
    """Drops nulls and empty lists (the JSON record omits them) and timings."""
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if v is not None and v != [] and k != "timings"}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def close(got, want):
    """Equal, floats to 6 digits: float32 columns (entity scores,
    `clean.confidence`) read back as doubles, the JSON holds their shortest
    decimal form."""
    if isinstance(got, float) or isinstance(want, float):
        return isinstance(got, (int, float)) and isinstance(want, (int, float)) and abs(got - want) <= 1e-6 * max(1.0, abs(want))
    if isinstance(got, dict) and isinstance(want, dict):
        return got.keys() == want.keys() and all(close(got[k], want[k]) for k in got)
    if isinstance(got, list) and isinstance(want, list):
        return len(got) == len(want) and all(close(g, w) for g, w in zip(got, want))
    return got == want


def main(parquet_path, jsonl_path):
    table = pq.read_table(parquet_path)
    records = [json.loads(line) for line in open(jsonl_path, encoding="utf-8")]
    assert table.num_rows == len(records), (table.num_rows, len(records))
    schema = table.schema
    bad = [f.name for f in schema if unsigned(f.type)]
    assert not bad, f"unsigned integer columns: {bad}"
    assert pa.types.is_struct(schema.field("language").type)
    for name in ("paragraphs", "entities", "boilerplate", "errors", "timings"):
        t = schema.field(name).type
        assert pa.types.is_list(t) and pa.types.is_struct(t.value_type), (name, t)
    assert schema.field("entities").type.value_type.field("start").type == pa.int64()
    meta = pq.ParquetFile(parquet_path).metadata
    codecs = {meta.row_group(i).column(j).compression for i in range(meta.num_row_groups) for j in range(meta.num_columns)}
    assert codecs == {"ZSTD"}, codecs
    rows = table.to_pylist()
    checked = 0
    for row, rec in zip(rows, records):
        row = dict(row)
        row["metadata"] = json.loads(row["metadata"]) if row["metadata"] else None
        if row.get("rejected") is False:
            row["rejected"] = None
        got, want = strip(row), strip(rec)
        assert close(got, want), (rec["id"], {k for k in set(got) | set(want) if not close(got.get(k), want.get(k))})
        for e in row["entities"] or []:
            assert row["content"].encode()[e["start"]:e["end"]].decode() == e["text"]
        checked += 1
    print(f"pyarrow {pa.__version__}: {checked} rows, {meta.num_row_groups} row group(s), schema and nested fields match the JSON Lines records")


if __name__ == "__main__":
    main(*sys.argv[1:3])
