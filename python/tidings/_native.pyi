"""Type stubs of ``tidings._native``, the Rust half of the package
(``crates/tidings-py``). Users import :mod:`tidings`; these types are what it
calls."""

import os
from typing import IO, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import pyarrow as pa

__version__: str

# A record as JSON text, or a record that could not be serialised:
# ``(id, reason)`` becomes a rejected record with a ``malformed_record`` error.
Row = Union[str, Tuple[str, str]]

class NativePipeline:
    """The facade's pipeline, built once and shared by threads."""

    def __init__(
        self,
        config: Optional[str] = None,
        stages: Optional[Sequence[str]] = None,
        threads: Optional[int] = None,
    ) -> None:
        """Builds the pipeline from the JSON of ``tidings config`` (``None``:
        every stage with its defaults); ``stages`` keeps and orders stages like
        ``tidings run --stages``. A bad config raises ``ValueError``."""
    @property
    def threads(self) -> int:
        """The size of the pipeline's own thread pool."""
    def config_json(self) -> str:
        """The effective configuration, as JSON."""
    def stage_names(self) -> List[str]:
        """The stages, in order."""
    def process_json(self, rows: Sequence[Row]) -> List[str]:
        """One JSON record out per row in, in order (the GIL is released)."""
    def process_batch(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """One row out per row in, in :func:`output_schema`."""

    def run_files(self, inputs: Sequence[str], out: str, max_bytes: Optional[int] = None) -> str:
        """``tidings run INPUTS --out OUT``; the report as JSON."""
    def run_rank(
        self,
        inputs: Sequence[str],
        out_dir: str,
        rank: Optional[int] = None,
        world_size: Optional[int] = None,
        out_format: str = "jsonl.zst",
        max_file_size: int = 0,
        overwrite: bool = False,
        max_bytes: Optional[int] = None,
    ) -> str:
        """``tidings run INPUTS --out-dir OUT_DIR``; the report as JSON."""

class BatchReader:
    """Documents read by the library's readers, as batches in :func:`output_schema`."""

    def __iter__(self) -> Iterator[pa.RecordBatch]: ...
    def __next__(self) -> pa.RecordBatch: ...
    @property
    def documents(self) -> int:
        """Documents read so far (one per input document, errors included)."""
    @property
    def skipped(self) -> Dict[str, int]:
        """Input records that were not documents, by reason."""
    @property
    def bytes_read(self) -> int:
        """Bytes read from the input so far (as stored)."""

Source = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], bytes, bytearray, IO[bytes]]

def read_batches(
    source: Source,
    format: Optional[str] = None,
    batch_rows: int = 1024,
    max_bytes: Optional[int] = None,
    name: Optional[str] = None,
) -> BatchReader:
    """Reads WARC, JSON Lines, Parquet, HTML or text with ``tidings run``'s readers."""

def output_schema() -> pa.Schema:
    """The Arrow schema of a record (the command's ``.parquet`` output)."""

def default_config() -> str:
    """The default pipeline configuration, as JSON."""

def effective_config(config: Optional[str] = None, stages: Optional[Sequence[str]] = None) -> str:
    """The configuration a pipeline built from these arguments would use."""
