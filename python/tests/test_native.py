"""The native API: the same records as the command, order, ids, one row per
row, bad rows, pickling, threads, fork safety."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import pickle
import subprocess

import pyarrow as pa
import pytest

import tidings
from conftest import comparable, run_command

FAST = ["clean", "lang", "ner"]


def test_process_gives_the_records_of_tidings_run(samples, pages, tidings_bin, tmp_path):
    records = samples + pages[:20]
    expected = run_command(tidings_bin, records, tmp_path)
    got = tidings.Pipeline().process(records)
    assert [r["id"] for r in got] == [r["id"] for r in records]
    assert [comparable(r) for r in got] == [comparable(r) for r in expected]


def test_process_batch_matches_process(pages):
    pipe = tidings.Pipeline(stages=FAST)
    by_dict = pipe.process(pages)
    batch = pipe.process_batch(pa.RecordBatch.from_pylist(pages))
    assert batch.schema == tidings.output_schema()
    rows = batch.to_pylist()
    assert [r["id"] for r in rows] == [p["id"] for p in pages]
    for row, rec in zip(rows, by_dict):
        assert row["content"] == rec["content"]
        assert row["title"] == rec.get("title")
        assert row["language"]["iso639_3"] == rec["language"]["iso639_3"]
        spans = [(e["start"], e["end"], e["label"]) for e in row["entities"] or []]
        assert spans == [(e["start"], e["end"], e["label"]) for e in rec.get("entities", [])]
        for e in row["entities"] or []:  # byte offsets into `content`
            assert row["content"].encode()[e["start"]:e["end"]].decode() == e["text"]


def test_process_batches_gives_process_batch_in_order_processing_ahead(pages):
    pipe = tidings.Pipeline(stages=["lang"])
    batches = [pa.RecordBatch.from_pylist(pages[i:i + 5]) for i in range(0, 30, 5)]
    want = [pipe.process_batch(b).drop_columns(["timings"]) for b in batches]
    for ahead in (0, 1, 3):
        got = [out.drop_columns(["timings"]) for out in pipe.process_batches(iter(batches), ahead=ahead)]
        assert len(got) == len(want) and all(g.equals(w) for g, w in zip(got, want)), ahead

    # With ahead=1 the second batch is already taken (and processing) when
    # the caller gets the first output; never more than ahead + 1 in flight.
    pulled = []

    def source():
        for i, b in enumerate(batches):
            pulled.append(i)
            yield b

    seen_when_first = None
    stream = pipe.process_batches(source(), ahead=1)
    for n, _ in enumerate(stream):
        if n == 0:
            seen_when_first = list(pulled)
            break
    stream.close()
    assert seen_when_first == [0, 1]

    def failing():
        yield batches[0]
        raise OSError("the stream broke")

    with pytest.raises(OSError, match="the stream broke"):
        list(pipe.process_batches(failing()))
    with pytest.raises(ValueError):
        list(pipe.process_batches(batches, ahead=-1))


def test_table_input_chunked_and_empty(pages):
    pipe = tidings.Pipeline(stages=["lang"])
    table = pa.Table.from_batches([pa.RecordBatch.from_pylist(pages[i:min(i + 7, 30)]) for i in range(0, 30, 7)])
    assert table.column("id").num_chunks > 1
    out = pipe.process_batch(table)
    assert isinstance(out, pa.RecordBatch)
    assert out.column("id").to_pylist() == [p["id"] for p in pages[:30]]
    empty = pipe.process_batch(table.slice(0, 0))
    assert empty.num_rows == 0 and empty.schema == tidings.output_schema()
    # process_table keeps the chunks: the same rows, no concatenation.
    chunked = pipe.process_table(table)
    assert isinstance(chunked, pa.Table) and chunked.column("id").num_chunks == table.column("id").num_chunks
    assert chunked.drop_columns(["timings"]).equals(pa.Table.from_batches([out]).drop_columns(["timings"]))
    assert pipe.process_table(table.slice(0, 0)).num_rows == 0


def test_bad_rows_become_rows_with_errors():
    pipe = tidings.Pipeline(stages=FAST)
    records = [
        {"id": "ok", "text": "The Prime Minister spoke to reporters in London on Monday about the budget."},
        {"id": "number", "text": 5},
        "not a record",
        {"id": "unserialisable", "text": "x", "when": object()},
        {"id": "nan", "text": "x", "score": float("nan")},
        {"text": "no id at all, but text"},
        {"id": "nothing"},
        {"id": "bytes", "text": b"caf\xe9 au lait"},
    ]
    out = pipe.process(records)
    assert len(out) == len(records)
    by_id = {r["id"]: r for r in out}
    assert not by_id["ok"].get("rejected") and by_id["ok"]["language"]["iso639_1"] == "en"
    for rid in ["number", "unserialisable", "nan", "nothing"]:
        assert by_id[rid]["rejected"] and by_id[rid]["errors"], rid
    assert "not JSON serializable" in by_id["unserialisable"]["errors"][0]["message"]
    assert out[2]["id"] == "records[2]" and out[2]["rejected"]
    assert out[5]["id"] == "records[5]" and not out[5].get("rejected")
    assert by_id["bytes"]["text"] == "caf\ufffd au lait"

    batch = pa.table({"id": ["a", "b", None], "text": ["Some English text about London.", None, "x"]})
    rows = pipe.process_batch(batch).to_pylist()
    assert len(rows) == 3 and rows[0]["id"] == "a" and not rows[0]["rejected"]
    assert rows[1]["rejected"] and rows[1]["errors"][0]["kind"] == "malformed_record"
    assert rows[2]["id"]  # a row without id gets one from its position


def test_other_column_types_and_metadata():
    pipe = tidings.Pipeline(stages=["lang"])
    batch = pa.table({
        "id": pa.array(["a", "b"], pa.large_string()),
        "text": pa.array(["Der Bundestag hat das Gesetz beschlossen.", "Le gouvernement a annoncé un plan."],
                         pa.large_string()),
        "url": ["https://a.example/", None],
        "crawl": pa.array([7, 8], pa.uint32()),
    })
    rows = pipe.process_batch(batch).to_pylist()
    assert [r["language"]["iso639_1"] for r in rows] == ["de", "fr"]
    meta = json.loads(rows[0]["metadata"])
    assert meta["crawl"] == 7 and meta["url"] == "https://a.example/"


def test_bad_configs_raise_value_error():
    with pytest.raises(ValueError, match="unknown stage `cleen`"):
        tidings.Pipeline(stages=["cleen"])
    with pytest.raises(ValueError, match="tidings config"):
        tidings.Pipeline('{"stages": [{"type": "lang", "allowlist": 3}]}')
    with pytest.raises(ValueError, match="tidings config"):
        tidings.Pipeline("{not json")
    with pytest.raises(TypeError):
        tidings.Pipeline(42)
    with pytest.raises(ValueError, match="at least 1"):
        tidings.Pipeline(stages=["lang"], threads=0)


def test_config_round_trip_and_stage_selection():
    config = tidings.default_config()
    assert [s["type"] for s in config["stages"]][:2] == ["clean", "lang"]
    pipe = tidings.Pipeline(config, stages="lang,clean")
    assert pipe.stages == ["lang", "clean"]
    assert [s["type"] for s in pipe.config["stages"]] == ["lang", "clean"]
    assert tidings.Pipeline(json.dumps(pipe.config)).stages == ["lang", "clean"]


def test_pickles_as_its_config_and_builds_once_per_process():
    pipe = tidings.Pipeline(stages=["lang", "ner"], threads=1)
    blob = pickle.dumps(pipe)
    assert len(blob) < 4096  # the config, not the models
    a, b = pickle.loads(blob), pickle.loads(blob)
    rec = [{"id": "x", "text": "Angela Merkel visited Paris on Monday."}]
    assert a.process(rec) == b.process(rec) or comparable(a.process(rec)[0]) == comparable(b.process(rec)[0])
    assert a._pipe() is b._pipe() is pipe._pipe()  # one built pipeline per config in a process
    assert a.threads == 1


def test_threads(monkeypatch):
    monkeypatch.delenv("TIDINGS_THREADS", raising=False)
    assert tidings.Pipeline(stages=["lang"], threads=3).threads == 3
    assert tidings.Pipeline(stages=["lang"]).threads == len(os.sched_getaffinity(0))
    monkeypatch.setenv("TIDINGS_THREADS", "5")
    assert tidings.Pipeline(stages=["lang"]).threads == 5  # not the pipeline built before
    unpickled = pickle.loads(pickle.dumps(tidings.Pipeline(stages=["lang"])))
    monkeypatch.setenv("TIDINGS_THREADS", "1")  # the worker's setting, not the driver's
    assert unpickled.threads == 1
    monkeypatch.setenv("TIDINGS_THREADS", "many")
    with pytest.raises(ValueError, match="TIDINGS_THREADS"):
        tidings.Pipeline(stages=["lang"])


def _child(pipe, queue):
    queue.put([r["id"] for r in pipe.process([{"id": "c", "text": "A short English sentence."}])])


def test_a_pipeline_used_before_fork_works_in_the_child():
    pipe = tidings.Pipeline(stages=["clean", "lang"], threads=2)
    pipe.process([{"id": "p", "text": "The parent creates the pool first."}])  # pool exists now
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(pipe, queue))
    proc.start()
    proc.join(timeout=60)
    alive = proc.is_alive()
    if alive:
        proc.kill()
    assert not alive, "the forked child hung on the parent's thread pool"
    assert proc.exitcode == 0 and queue.get(timeout=5) == ["c"]


def test_gil_is_released_while_it_runs(pages):
    import threading
    import time

    pipe = tidings.Pipeline(stages=["clean"], threads=1)
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.005)

    t = threading.Thread(target=tick)
    t.start()
    start = time.monotonic()
    pipe.process_batch(pa.RecordBatch.from_pylist(pages * 3))
    end = time.monotonic()
    done.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    # A held GIL would starve the ticker for the whole call.
    assert end - start > 0.05 and len(during) >= (end - start) / 0.005 / 4


def test_a_gazetteer_in_the_config_gives_wikidata_ids_as_the_command_does(tidings_bin, tmp_path):
    tsv = tmp_path / "paranames.tsv"
    tsv.write_text(
        "wikidata_id\teng\tlabel\tlanguage\ttype\n"
        "Q76\tBarack Obama\tBarack Obama\ten\tPER\n"
        "Q76\tBarack Obama\tБарак Обама\tru\tPER\n"
        "Q3630\tJakarta\tJakarta\ten\tLOC\n",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    subprocess.run([str(tidings_bin), "gazetteer", "build", str(tsv), "--out", str(index)],
                   check=True, capture_output=True)
    config = tidings.default_config()
    for stage in config["stages"]:
        if stage["type"] == "normalize":
            stage["gazetteer"] = str(index)
    pipe = tidings.Pipeline(config, stages="lang,ner,normalize")
    rec = {"id": "x", "text": "On Monday, Barack Obama arrived in Jakarta. Obama met Joko Widodo."}
    ids = {e["text"]: e.get("wikidata_id") for e in pipe.process([rec])[0]["entities"]}
    assert ids == {"Barack Obama": "Q76", "Jakarta": "Q3630", "Obama": "Q76", "Joko Widodo": None}
    # The same through Arrow: a nullable wikidata_id in the entity struct.
    row = pipe.process_batch(pa.RecordBatch.from_pylist([rec])).to_pylist()[0]
    assert {e["text"]: e["wikidata_id"] for e in row["entities"]} == ids
    # And the same as `tidings run --gazetteer`.
    expected = run_command(tidings_bin, [rec], tmp_path, "--stages", "lang,ner,normalize", "--gazetteer", str(index))
    assert {e["text"]: e.get("wikidata_id") for e in expected[0]["entities"]} == ids
    # A missing index fails when the pipeline is built, naming it.
    for stage in config["stages"]:
        if stage["type"] == "normalize":
            stage["gazetteer"] = str(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="nowhere"):
        tidings.Pipeline(config, stages="normalize")


def test_run_rank_twice_skips_the_completed_rank_and_run_files_commits(tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    for i in range(6):
        (pages / f"p{i}.txt").write_text(f"The council met on Monday to discuss bridge number {i}.\n", encoding="utf-8")
    pipe = tidings.Pipeline(stages=["lang"])
    out = tmp_path / "out"
    first = pipe.run_rank([str(pages)], out, rank=1, world_size=2, out_format="jsonl")
    assert first["status"] == "complete" and first["files_in"] == 3 and first["documents"] == 3
    assert (out / "completions" / "00001").exists() and (out / "stats" / "00001.json").exists()
    records = [json.loads(line) for line in (out / "00001.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"].rsplit("/", 1)[-1] for r in records) == ["p1.txt", "p3.txt", "p5.txt"]
    # The second run finds the marker and reads nothing.
    second = pipe.run_rank([str(pages)], out, rank=1, world_size=2, out_format="jsonl")
    assert second == {"rank": 1, "world_size": 2, "status": "already_complete",
                      "marker": str(out / "completions" / "00001"), "documents": 0}
    # overwrite redoes it; another world size in the same directory is refused.
    assert pipe.run_rank([str(pages)], out, rank=1, world_size=2, out_format="jsonl", overwrite=True)["status"] == "complete"
    with pytest.raises(ValueError, match="world-size"):
        pipe.run_rank([str(pages)], out, rank=0, world_size=3)

    target = tmp_path / "all.jsonl"
    report = pipe.run_files([str(pages)], target)
    assert report["documents"] == 6 and report["written"] == str(target) and not report["interrupted"]
    assert len(target.read_text(encoding="utf-8").splitlines()) == 6
    with pytest.raises(ValueError, match="refusing to overwrite an input"):
        pipe.run_files([str(target)], target)
    with pytest.raises(ValueError, match="cannot open input"):
        pipe.run_files([str(tmp_path / "nowhere")], tmp_path / "x.jsonl")
