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

The output has one row per input row, in :func:`tidings.output_schema`.
Each actor's pool has as many threads as the CPUs Ray assigned it
(``num_cpus=`` in ``map_batches``; 1 by default), unless ``threads=`` or
``TIDINGS_THREADS`` says otherwise.
"""

from __future__ import annotations

from typing import Optional, Sequence

from . import Config, Pipeline

__all__ = ["Tidings"]


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
        import pyarrow as pa

        out = self.pipeline.process_batch(batch)
        return pa.Table.from_batches([out])
