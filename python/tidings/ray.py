"""tidings on Ray Data.

``Tidings`` is a callable class for ``Dataset.map_batches``: each actor builds
the pipeline (loads the models) once and maps ``pyarrow`` batches through it.

    import ray
    from tidings.ray import Tidings

    ds = ray.data.read_parquet("pages/")          # columns id, html (or text), ...
    out = ds.map_batches(
        Tidings,
        fn_constructor_kwargs={"config": None},   # or the JSON of `tidings config`
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=4),
    )
    out.write_parquet("annotated/")

WARC, JSON Lines and Parquet files are read by tidings' own readers (those
of ``tidings run``: multi-member ``.warc.gz``, truncated members, charsets)
with :func:`read_documents`, one read task per file, streamed::

    from tidings.ray import Tidings, read_documents

    docs = read_documents("crawl/*.warc.gz")       # one row per page, errors included
    out = docs.map_batches(Tidings, batch_format="pyarrow",
                           compute=ray.data.ActorPoolStrategy(size=4))

The output has one row per input row, in :func:`tidings.output_schema`.
Each actor's pool has as many threads as the CPUs Ray assigned it
(``num_cpus=`` in ``map_batches``; 1 by default), unless ``threads=`` or
``TIDINGS_THREADS`` says otherwise.
"""

from __future__ import annotations

from typing import Optional, Sequence

from . import Config, Pipeline

__all__ = ["Tidings", "read_documents"]


def _assigned_cpus() -> Optional[int]:
    try:
        import ray

        cpus = ray.get_runtime_context().get_assigned_resources().get("CPU")
    except Exception:  # not in a Ray worker
        return None
    return max(1, int(round(cpus))) if cpus else None


class Tidings:
    """``map_batches`` callable: ``pyarrow.Table`` in, ``pyarrow.Table`` out."""

    def __init__(self, config: Config = None, *, stages: Optional[Sequence[str]] = None,
                 threads: Optional[int] = None):
        self.pipeline = Pipeline(config, stages=stages, threads=threads)._with_engine_cpus(_assigned_cpus())

    def __call__(self, batch):
        # Chunk by chunk: putting the chunks together would copy every page.
        return self.pipeline.process_table(batch)


_DATASOURCE = None


def _datasource_class():
    """``TidingsDatasource``, defined on first use so that importing this
    module does not import Ray."""
    global _DATASOURCE
    if _DATASOURCE is not None:
        return _DATASOURCE
    from ray.data.datasource import FileBasedDatasource

    class TidingsDatasource(FileBasedDatasource):
        """Files read by tidings' readers: one read task per file, streamed
        from its filesystem (local, S3, GCS…) in batches of ``batch_rows``
        documents in :func:`tidings.output_schema`."""

        def __init__(self, paths, *, format: Optional[str] = None, batch_rows: int = 1024,
                     max_bytes: Optional[int] = None, **file_based_kwargs):
            super().__init__(paths, **file_based_kwargs)
            self._format = format
            self._batch_rows = batch_rows
            self._max_bytes = max_bytes

        def resolve_compression(self, path, open_args):
            # The bytes as stored: tidings' readers decompress them (a WARC's
            # gzip members one by one, so a truncated member keeps its records).
            return None

        def _read_stream(self, f, path: str):
            import pyarrow as pa

            from . import read_batches

            reader = read_batches(f, self._format, batch_rows=self._batch_rows,
                                  max_bytes=self._max_bytes, name=path)
            for batch in reader:
                yield pa.Table.from_batches([batch])

    _DATASOURCE = TidingsDatasource
    return _DATASOURCE


def read_documents(paths, *, format: Optional[str] = None, batch_rows: int = 1024,
                   max_bytes: Optional[int] = None, file_extensions: Optional[Sequence[str]] = None,
                   **read_kwargs):
    """WARC, JSON Lines, Parquet, HTML or text files as a Ray ``Dataset`` of
    documents in :func:`tidings.output_schema`, read by the readers of
    ``tidings run`` (the same ids, texts and errors): one read task per file,
    streamed from any filesystem Ray reads. ``format`` forces the kind (see
    :func:`tidings.read_batches`); ``read_kwargs`` go to
    ``ray.data.read_datasource`` (``concurrency``, ``override_num_blocks``…).

    Read tasks take no CPU slot unless ``num_cpus=`` says otherwise: reading
    is a few per cent of the pipeline's work, and an actor pool that takes
    every CPU (one actor per CPU, the fastest layout) would otherwise leave
    the reads no slot to run in and wait for ever."""
    import ray.data

    source = _datasource_class()(paths, format=format, batch_rows=batch_rows, max_bytes=max_bytes,
                                 file_extensions=file_extensions)
    read_kwargs.setdefault("num_cpus", 0)
    return ray.data.read_datasource(source, **read_kwargs)
