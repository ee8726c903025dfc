"""tidings as a datatrove step: LocalPipelineExecutor with 4 tasks on 2
workers, and a rerun that skips the completed tasks."""

from __future__ import annotations

import gzip
import json

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("orjson")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import tidings  # noqa: E402
from tidings.datatrove import TidingsStep  # noqa: E402

STAGES = ["clean", "lang", "ner"]


def _write_inputs(folder, pages, files=4):
    folder.mkdir()
    for i in range(files):
        with open(folder / f"part-{i}.jsonl", "w", encoding="utf-8") as f:
            for p in pages[i::files]:
                f.write(json.dumps({"id": p["id"], "text": p["html"], "metadata": {"url": f"u/{p['id']}"}}) + "\n")


def _read_outputs(folder):
    docs = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            docs.extend(json.loads(line) for line in f)
    return docs


def _executor(tmp_path, step):
    return LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "in")), step, JsonlWriter(str(tmp_path / "out"))],
        tasks=4,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )


def test_local_executor_annotates_every_document_and_resumes(pages, tmp_path):
    _write_inputs(tmp_path / "in", pages)
    _executor(tmp_path, TidingsStep(stages=STAGES, input_format="html", batch_size=5)).run()

    docs = _read_outputs(tmp_path / "out")
    assert sorted(d["id"] for d in docs) == sorted(p["id"] for p in pages)
    expected = {r["id"]: r for r in tidings.Pipeline(stages=STAGES).process(
        [{"id": p["id"], "html": p["html"], "url": f"u/{p['id']}"} for p in pages])}
    for d in docs:
        ann, exp = d["metadata"]["tidings"], expected[d["id"]]
        assert d["metadata"]["url"] == f"u/{d['id']}"  # datatrove's own metadata is kept
        assert ann["language"] == exp["language"]
        assert ann.get("entities") == exp.get("entities")
        assert d["text"] == (exp["content"] or d["text"])  # the cleaned article replaces the page
    completions = sorted(p.name for p in (tmp_path / "logs" / "completions").iterdir())
    assert completions == ["00000", "00001", "00002", "00003"]
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step_stats = next(s for s in stats if "tidings" in s["name"])
    assert step_stats["stats"]["documents"] == len(pages)

    # A rerun skips every completed task: no output file is written again.
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}
    _executor(tmp_path, TidingsStep(stages=STAGES, input_format="html")).run()
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()} == mtimes


def test_step_arguments_are_checked():
    with pytest.raises(ValueError):
        TidingsStep(input_format="pdf")
    with pytest.raises(ValueError, match="unknown stage"):
        TidingsStep(stages=["nope"])


def test_a_warc_read_by_tidings_reader_is_annotated_as_the_command_would(pages, tmp_path):
    from conftest import write_warc

    from tidings.datatrove import TidingsReader

    (tmp_path / "in").mkdir()
    warc = tmp_path / "in" / "crawl.warc.gz"
    want = write_warc(warc, pages, truncate_last=True)
    LocalPipelineExecutor(
        pipeline=[TidingsReader(str(tmp_path / "in"), glob_pattern="*.warc.gz", batch_rows=16),
                  TidingsStep(stages=STAGES, batch_size=8), JsonlWriter(str(tmp_path / "out"))],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    docs = _read_outputs(tmp_path / "out")
    assert [d["id"] for d in docs][: len(pages)] == want["ids"]
    assert len(docs) == len(pages)
    import pyarrow as pa

    read = pa.Table.from_batches(list(tidings.read_batches(warc)))
    expected = {r["id"]: r for r in tidings.Pipeline(stages=STAGES).process_batch(read).to_pylist()}
    for d in docs:
        ann, exp = d["metadata"]["tidings"], expected[d["id"]]
        assert (ann.get("language") or {}).get("iso639_3") == (exp["language"] or {}).get("iso639_3")
        names = [(e["text"], e["label"]) for e in ann.get("entities") or []]
        assert names == [(e["text"], e["label"]) for e in exp["entities"] or []]
        assert [e["kind"] for e in ann.get("errors") or []] == [e["kind"] for e in exp["errors"] or []], d["id"]
        assert d["metadata"].get("url") == json.loads(exp["metadata"] or "{}").get("url")
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    reader_stats = next(s for s in stats if "tidings reader" in s["name"])
    assert reader_stats["stats"]["skipped:record:request"]["total"] == len(pages)
