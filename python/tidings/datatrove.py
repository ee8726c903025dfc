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

Every document comes out (a bad one with ``metadata["tidings"]["errors"]``);
with ``text="content"`` (the default) a document's text becomes the cleaned
article when tidings kept one. Stats: ``documents``, ``rejected``,
``with_errors``, ``entities`` and ``lang:<code>`` per document.
"""

from __future__ import annotations

from itertools import islice
from typing import Optional, Sequence

from datatrove.pipeline.base import PipelineStep

from . import Config, Pipeline

__all__ = ["TidingsStep"]

# Record fields that are the input, not tidings' annotations.
_INPUT_FIELDS = ("id", "text", "html", "metadata")


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
        doc.metadata["tidings"] = {k: v for k, v in record.items() if k not in _INPUT_FIELDS}
        self.update_doc_stats(doc)
