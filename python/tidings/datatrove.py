"""tidings as a datatrove pipeline step.

``TidingsStep`` batches datatrove ``Document``s through the pipeline and puts
tidings' fields into each document's ``metadata["tidings"]``, so that
datatrove's readers, writers and executors (Local, Slurm, Ray), its
completion markers and its stats work unchanged:

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from tidings.datatrove import TidingsStep

    if __name__ == "__main__":
        LocalPipelineExecutor(
            pipeline=[JsonlReader("pages/"), TidingsStep(), JsonlWriter("annotated/")],
            tasks=4, workers=2, logging_dir="logs/",
        ).run()

``TidingsReader`` reads WARC, JSON Lines and Parquet files with tidings' own
readers (those of ``tidings run``: multi-member ``.warc.gz``, truncated
members, charsets) as datatrove documents, for ``TidingsStep`` or any other
step::

    pipeline=[TidingsReader("crawl/", glob_pattern="*.warc.gz"), TidingsStep(), ...]

Every document comes out (a bad one with ``metadata["tidings"]["errors"]``);
with ``text="content"`` (the default) a document's text becomes the cleaned
article when tidings kept one. Stats: ``documents``, ``rejected``,
``with_errors``, ``entities`` and ``lang:<code>`` per document.
"""

from __future__ import annotations

import json
from itertools import islice
from typing import Optional, Sequence

from datatrove.data import Document
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader

from . import Config, Pipeline, read_batches

__all__ = ["TidingsReader", "TidingsStep"]

# Record fields that are the input, not tidings' annotations.
_INPUT_FIELDS = ("id", "text", "html", "metadata")

# Where TidingsReader leaves what it read beside the text (format, url,
# errors), for TidingsStep to give back to the pipeline.
_READ_KEY = "tidings_read"

# What TidingsReader keeps of a read record besides its id and text.
_READ_FIELDS = ("format", "source", "encoding", "errors", "rejected")


class TidingsReader(BaseDiskReader):
    """Reads files with tidings' readers: one datatrove ``Document`` per
    input document (a WARC response page, a JSON line, a Parquet row, a
    file), errors included, with the ids and texts of ``tidings run``.

    ``format`` forces the kind of every file (``"warc"``, ``"jsonl"``,
    ``"parquet"``, ``"html"``, ``"text"``; default: by name, then by the first
    bytes). A document's ``metadata`` holds its ``url`` and, under
    ``"tidings_read"``, what ``TidingsStep`` needs to annotate it as the
    command would (its format and any read errors). Stats:
    ``skipped:<reason>`` for WARC records that are not pages.
    """

    name = "📰 tidings reader"

    def __init__(self, data_folder, paths_file=None, *, format: Optional[str] = None,
                 batch_rows: int = 256, max_bytes: Optional[int] = None, limit: int = -1,
                 skip: int = 0, file_progress: bool = False, doc_progress: bool = False,
                 default_metadata: Optional[dict] = None, recursive: bool = True,
                 glob_pattern: Optional[str] = None, shuffle_files: bool = False):
        super().__init__(data_folder, paths_file, limit, skip, file_progress, doc_progress, None,
                         "text", "id", default_metadata, recursive, glob_pattern, shuffle_files)
        self.format = format
        self.batch_rows = batch_rows
        self.max_bytes = max_bytes

    def read_file(self, filepath: str):
        with self.data_folder.open(filepath, "rb") as f:
            reader = read_batches(f, self.format, batch_rows=self.batch_rows,
                                  max_bytes=self.max_bytes, name=filepath)
            for batch in reader:
                with self.track_time(unit="batch"):
                    rows = batch.to_pylist()
                for row in rows:
                    yield self._document(row)
            for reason, n in reader.skipped.items():
                self.stat_update(f"skipped:{reason}", value=n)

    def _document(self, row: dict) -> Document:
        read = {k: row[k] for k in _READ_FIELDS if row.get(k) not in (None, [], False)}
        extra = json.loads(row["metadata"]) if row.get("metadata") else {}
        if extra:
            read["metadata"] = extra
        metadata = {_READ_KEY: read}
        if isinstance(extra.get("url"), str):
            metadata["url"] = extra["url"]
        if self.default_metadata:
            metadata = self.default_metadata | metadata
        return Document(text=row.get("text") or "", id=row["id"], metadata=metadata)


class TidingsStep(PipelineStep):
    """Runs tidings over datatrove documents, ``batch_size`` at a time.

    ``input_format``: ``"text"`` or ``"html"`` to say what ``Document.text``
    holds (datatrove's WARC reader gives HTML); ``None`` lets tidings decide.
    ``text``: ``"content"`` replaces the document's text with the cleaned
    article (kept as it was when tidings found none); ``"keep"`` never does.
    """

    name = "tidings"
    type = "📰 - ANNOTATE"

    def __init__(self, config: Config = None, *, stages: Optional[Sequence[str]] = None,
                 threads: Optional[int] = None, batch_size: int = 256,
                 input_format: Optional[str] = None, text: str = "content"):
        super().__init__()
        if input_format not in (None, "text", "html"):
            raise ValueError(f"input_format must be None, 'text' or 'html', not {input_format!r}")
        if text not in ("content", "keep"):
            raise ValueError(f"text must be 'content' or 'keep', not {text!r}")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        # Validated here, in the launching process; pickled to workers as config.
        self.pipeline = Pipeline(config, stages=stages, threads=threads)
        self.batch_size = batch_size
        self.input_format = input_format
        self.text = text

    def _record(self, doc) -> dict:
        given = doc.metadata.get(_READ_KEY)
        if isinstance(given, dict):
            # Read by TidingsReader: the record as tidings read it, errors included.
            return {**given, "id": str(doc.id), "text": doc.text}
        record = {"id": str(doc.id)}
        record["html" if self.input_format == "html" else "text"] = doc.text
        if self.input_format == "text":
            record["format"] = "text"
        url = doc.metadata.get("url")
        if isinstance(url, str):
            record["url"] = url
        return record

    def run(self, data, rank: int = 0, world_size: int = 1):
        if data is None:
            return
        data = iter(data)
        while True:
            chunk = list(islice(data, self.batch_size))
            if not chunk:
                return
            with self.track_time(unit="batch"):
                records = self.pipeline.process([self._record(d) for d in chunk])
            for doc, record in zip(chunk, records):
                self._annotate(doc, record)
                yield doc

    def _annotate(self, doc, record: dict) -> None:
        self.stat_update("documents")
        if record.get("rejected"):
            self.stat_update("rejected")
        if record.get("errors"):
            self.stat_update("with_errors")
        entities = record.get("entities") or []
        if entities:
            self.stat_update("entities", value=len(entities))
        lang = (record.get("language") or {}).get("iso639_3")
        if lang:
            self.stat_update(f"lang:{lang}")
        content = record.get("content")
        if self.text == "content" and content and not record.get("rejected"):
            doc.text = content
        doc.metadata.pop(_READ_KEY, None)
        doc.metadata["tidings"] = {k: v for k, v in record.items() if k not in _INPUT_FIELDS}
        self.update_doc_stats(doc)
