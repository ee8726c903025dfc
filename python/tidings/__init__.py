"""tidings from Python: the same pipeline and the same records as the command.

>>> import tidings
>>> pipe = tidings.Pipeline(stages=["clean", "lang"])
>>> [out] = pipe.process([{"id": "a", "text": "Harga beras naik lagi di pasar induk pekan ini."}])
>>> out["id"], out["language"]["iso639_1"]
('a', 'id')

:class:`Pipeline` wraps the Rust pipeline of the ``tidings`` crate (built into
this wheel). ``process`` takes and returns lists of dicts (the command's JSON
records); ``process_batch`` takes a ``pyarrow.RecordBatch`` or ``Table`` and
returns a ``RecordBatch`` in :func:`output_schema`, the schema of the command's
``.parquet`` output. The engines are one import away: :mod:`tidings.ray`,
:mod:`tidings.spark`, :mod:`tidings.datatrove`.
"""

from __future__ import annotations

import json
import os
import threading
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from . import _native

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "Pipeline", "read_batches", "output_schema", "spark_ddl", "default_config", "__version__",
]
__version__ = _native.__version__

Config = Union[None, str, dict]

# Built pipelines of this process: a pipeline that is unpickled once per task
# (Spark) or per batch still loads its models once per worker process.
_BUILT: dict = {}
_BUILT_LOCK = threading.Lock()


def _key(config: str, threads: Optional[int]) -> tuple:
    """What a built pipeline depends on: its config and what sizes its pool
    (``threads``, else ``TIDINGS_THREADS``, else the CPUs this process may use)."""
    if threads is not None:
        return (config, threads)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (config, None, os.environ.get("TIDINGS_THREADS"), cpus)


def _native_for(config: str, threads: Optional[int]) -> "_native.NativePipeline":
    key = _key(config, threads)
    with _BUILT_LOCK:
        native = _BUILT.get(key)
        if native is None:
            native = _native.NativePipeline(config, None, threads)
            _BUILT[key] = native
        return native


def _config_json(config: Config) -> Optional[str]:
    if config is None or isinstance(config, str):
        return config
    if isinstance(config, dict):
        return json.dumps(config)
    raise TypeError(f"config must be a dict, a JSON string or None, not {type(config).__name__}")


def _as_text(value: Any) -> Any:
    """``json.dumps`` fallback: bytes become text (invalid bytes replaced)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _row(index: int, record: Any) -> Union[str, tuple]:
    try:
        return json.dumps(record, ensure_ascii=False, allow_nan=False, default=_as_text)
    except (TypeError, ValueError, RecursionError) as e:
        rid = record.get("id") if isinstance(record, dict) else None
        rid = rid if isinstance(rid, str) and rid else f"records[{index}]"
        return (rid, f"cannot serialise the record as JSON: {type(e).__name__}: {e}")


class Pipeline:
    """The tidings pipeline.

    ``config`` is the JSON that ``tidings config`` prints (a dict or a string;
    ``None`` runs every stage with its defaults); ``stages`` keeps and orders
    stages like ``tidings run --stages``; ``threads`` sizes the pipeline's own
    thread pool (default: ``TIDINGS_THREADS``, else the CPUs this process may
    use). A bad config raises ``ValueError`` with the library's message.

    The pool is created on first use in the process that uses it, so a
    pipeline made before a ``fork`` works in the child. The GIL is released
    while the pipeline runs. A ``Pipeline`` pickles as its config: workers
    that unpickle it build the models once per process.
    """

    def __init__(self, config: Config = None, *, stages: Optional[Sequence[str]] = None,
                 threads: Optional[int] = None):
        if isinstance(stages, str):
            stages = stages.split(",")
        self._config = _native.effective_config(_config_json(config),
                                                list(stages) if stages is not None else None)
        self._threads = threads
        # Built here (not on first use) so that a bad config, model or thread
        # count raises now; once per process for a config and pool size.
        self._native = _native_for(self._config, threads)

    # --- pickling: the config, never the models --------------------------
    def __getstate__(self) -> dict:
        return {"config": self._config, "threads": self._threads}

    def __setstate__(self, state: dict) -> None:
        self._config = state["config"]
        self._threads = state["threads"]
        self._native = None

    def _pipe(self) -> "_native.NativePipeline":
        if self._native is None:
            self._native = _native_for(self._config, self._threads)
        return self._native

    def _with_engine_cpus(self, cpus: Optional[int]) -> "Pipeline":
        """For an engine's worker: the pool gets the CPUs the engine gave it
        (``cpus``), unless ``threads=`` or ``TIDINGS_THREADS`` already says."""
        if self._threads is not None or os.environ.get("TIDINGS_THREADS") or cpus is None:
            return self
        return self.with_threads(cpus)

    def with_threads(self, threads: Optional[int]) -> "Pipeline":
        """The same pipeline with a pool of ``threads`` (built lazily, once
        per process): how an engine gives each worker the CPUs it was given."""
        clone = Pipeline.__new__(Pipeline)
        clone.__setstate__({"config": self._config, "threads": threads})
        return clone

    # --- what it is --------------------------------------------------------
    @property
    def config(self) -> Dict[str, Any]:
        """The effective config (stages selected), as ``tidings config`` prints it."""
        return json.loads(self._config)

    @property
    def stages(self) -> List[str]:
        """The stages, in order."""
        return self._pipe().stage_names()

    @property
    def threads(self) -> int:
        """Threads of this pipeline's pool (resolved from ``threads=``,
        ``TIDINGS_THREADS`` or the CPUs available)."""
        return self._pipe().threads

    def __repr__(self) -> str:
        return f"tidings.Pipeline(stages={self.stages!r}, threads={self.threads})"

    # --- running -----------------------------------------------------------
    def process(self, records: Iterable[Any]) -> List[Dict[str, Any]]:
        """Runs the pipeline over records (dicts with ``id`` and ``text`` or
        ``html``; optional ``url``, ``source``, ``format``, ``metadata``) and
        returns one dict per record, in order. A bad record comes back as a
        record with ``rejected: True`` and its ``errors``; it never raises."""
        rows = [_row(i, r) for i, r in enumerate(records)]
        return [json.loads(s) for s in self._pipe().process_json(rows)]

    def process_batch(self, batch: Union["pa.RecordBatch", "pa.Table"]) -> "pa.RecordBatch":
        """Runs the pipeline over a ``pyarrow.RecordBatch`` or ``Table`` with
        ``id`` and ``text`` or ``html`` (optional ``url``, ``source``,
        ``format``, ``metadata``; other columns go to ``metadata``). Returns a
        ``pyarrow.RecordBatch`` in :func:`output_schema` with one row per
        input row, in order; a bad row is a row with ``errors``."""
        import pyarrow as pa

        if isinstance(batch, pa.RecordBatch):
            return self._pipe().process_batch(batch)
        if isinstance(batch, pa.Table):
            outs = self.process_table(batch).to_batches()
            if not outs:
                return _empty_batch()
            return outs[0] if len(outs) == 1 else pa.concat_batches(outs)
        raise TypeError(f"process_batch takes a pyarrow.RecordBatch or Table, not {type(batch).__name__}")


    def process_batches(self, batches: Iterable[Union["pa.RecordBatch", "pa.Table"]], *,
                        ahead: int = 1) -> Iterator["pa.RecordBatch"]:
        """:meth:`process_batch` over a stream of batches, in order, with the
        next ``ahead`` batches processed while the caller uses the current
        output: reading the input and writing the output (which hold the
        GIL) overlap the pipeline (which releases it), as ``tidings run``
        overlaps them. At most ``ahead + 1`` batches are in flight.

        >>> import tidings
        >>> pipe = tidings.Pipeline(stages=["lang"])
        >>> reader = tidings.read_batches(b'{"id": "a", "text": "Halo, apa kabar?"}\\n', format="jsonl")
        >>> [out.column("id").to_pylist() for out in pipe.process_batches(reader)]
        [['a']]
        """
        if ahead < 0:
            raise ValueError(f"ahead must be at least 0, not {ahead}")
        if ahead == 0:
            for batch in batches:
                yield self.process_batch(batch)
            return
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        pending: deque = deque()
        with ThreadPoolExecutor(1, thread_name_prefix="tidings-batches") as worker:
            try:
                for batch in batches:
                    pending.append(worker.submit(self.process_batch, batch))
                    if len(pending) > ahead:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:
                # The consumer stopped early (or the input failed): nothing
                # more is started, and what runs is waited for.
                for future in pending:
                    future.cancel()

    def process_table(self, table: Union["pa.RecordBatch", "pa.Table"]) -> "pa.Table":
        """:meth:`process_batch` for a ``pyarrow.Table`` of many chunks, as
        engines hand them over: each chunk goes through the pipeline as it is
        and the result is a ``Table`` of the output chunks, with no copy to
        put them together."""
        import pyarrow as pa

        native = self._pipe()
        if isinstance(table, pa.RecordBatch):
            return pa.Table.from_batches([native.process_batch(table)])
        if isinstance(table, pa.Table):
            outs = [native.process_batch(b) for b in table.to_batches() if b.num_rows]
            return pa.Table.from_batches(outs, schema=output_schema())
        raise TypeError(f"process_table takes a pyarrow.RecordBatch or Table, not {type(table).__name__}")

    # --- files and corpus runs: the command's protocol, from the library ------
    def run_files(self, inputs: Union[str, Sequence[str]], out: str, *,
                  max_bytes: Optional[int] = None) -> Dict[str, Any]:
        """Runs the pipeline over files and directories into ``out`` as
        ``tidings run INPUTS --out OUT`` does: the output is staged under a
        partial name and renamed when complete, an input that is the output is
        refused (``ValueError``), and every input document gives one record.
        Returns ``{"documents", "with_errors", "interrupted", "written",
        "skipped"}``."""
        inputs = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
        report = self._pipe().run_files([os.fspath(i) for i in inputs], os.fspath(out), max_bytes)
        return json.loads(report)

    def run_rank(self, inputs: Union[str, Sequence[str]], out_dir: str, rank: Optional[int] = None,
                 world_size: Optional[int] = None, *, out_format: str = "jsonl.zst",
                 max_file_size: int = 0, overwrite: bool = False,
                 max_bytes: Optional[int] = None) -> Dict[str, Any]:
        """Runs one rank of a corpus job into ``out_dir`` as ``tidings run
        --out-dir`` does: every ``world_size``-th of the sorted input files
        from ``rank`` (default: the Slurm or Kubernetes environment, else rank
        0 of 1), shards under partial names, then ``stats/RANK.json``, then the
        marker ``completions/RANK``. A rank with its marker is skipped
        (``status: "already_complete"``) unless ``overwrite``. Returns
        ``{"rank", "world_size", "status", "marker", "documents", …}``."""
        inputs = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
        report = self._pipe().run_rank([os.fspath(i) for i in inputs], os.fspath(out_dir), rank,
                                       world_size, out_format, max_file_size, overwrite, max_bytes)
        return json.loads(report)


def read_batches(source, format: Optional[str] = None, *, batch_rows: int = 1024,
                 max_bytes: Optional[int] = None, name: Optional[str] = None) -> "_native.BatchReader":
    """Reads documents with the readers of ``tidings run`` and yields them as
    ``pyarrow.RecordBatch``es of at most ``batch_rows`` rows, in
    :func:`output_schema` (what :meth:`Pipeline.process_batch` takes back).

    ``source`` is a path (a file or a directory, read as ``tidings run``
    reads it), a list of paths, ``bytes``, or a file object with ``read``
    (an engine's or an object store's stream, read as it arrives). WARC
    (``.warc``, ``.warc.gz``, multi-member, truncated members kept to their
    last whole record), JSON Lines (plain, gzip, zstd), Parquet, HTML and
    text are known by their name, else by their first bytes; ``format``
    (``"warc"``, ``"jsonl"``, ``"parquet"``, ``"html"``, ``"text"``) says it
    instead. ``name`` names bytes or a stream in ids and errors.

    The documents, their ids and their errors are those of ``tidings run`` on
    the same file; after the last batch, ``.skipped`` holds the records that
    were not documents (WARC requests, revisits…) and ``.documents`` the count.

    >>> import tidings
    >>> reader = tidings.read_batches(b'{"id": "a", "text": "Halo."}\\n', format="jsonl")
    >>> [batch.column("id").to_pylist() for batch in reader], reader.documents
    ([['a']], 1)
    """
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    elif isinstance(source, (list, tuple)):
        source = [os.fspath(s) for s in source]
    elif isinstance(source, memoryview):
        source = source.tobytes()
    return _native.read_batches(source, format, batch_rows, max_bytes, name)


def _empty_batch() -> "pa.RecordBatch":
    import pyarrow as pa

    schema = output_schema()
    return pa.RecordBatch.from_arrays([pa.array([], type=f.type) for f in schema], schema=schema)


def output_schema() -> "pa.Schema":
    """The Arrow schema of :meth:`Pipeline.process_batch`'s output and of the
    command's ``.parquet`` files (see the ``tidings-arrow`` crate)."""
    return _native.output_schema()


def default_config() -> Dict[str, Any]:
    """Every stage with its defaults, as ``tidings config`` prints it."""
    return json.loads(_native.default_config())


def _spark_type(t) -> str:
    import pyarrow as pa
    import pyarrow.types as pt

    if pt.is_string(t) or pt.is_large_string(t):
        return "STRING"
    if pt.is_int64(t):
        return "BIGINT"
    if pt.is_int32(t):
        return "INT"
    if pt.is_float64(t):
        return "DOUBLE"
    if pt.is_float32(t):
        return "FLOAT"
    if pt.is_boolean(t):
        return "BOOLEAN"
    if pt.is_list(t) or pt.is_large_list(t):
        return f"ARRAY<{_spark_type(t.value_type)}>"
    if pt.is_struct(t):
        return "STRUCT<" + ", ".join(f"`{f.name}`: {_spark_type(f.type)}" for f in t) + ">"
    raise TypeError(f"no Spark type for Arrow {t}")  # pragma: no cover - the schema is fixed


def spark_ddl() -> str:
    """:func:`output_schema` as a Spark DDL string, for ``mapInArrow``."""
    return ", ".join(f"`{f.name}` {_spark_type(f.type)}" for f in output_schema())
