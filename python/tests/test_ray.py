"""tidings on Ray Data: a local cluster with two CPUs, an actor pool, and one
actor killed mid-run."""

from __future__ import annotations

import pyarrow as pa
import pytest

ray = pytest.importorskip("ray")

import tidings  # noqa: E402
from tidings.ray import Tidings  # noqa: E402

import faults  # noqa: E402

STAGES = ["clean", "lang", "ner"]


@pytest.fixture(scope="module")
def cluster():
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(faults)  # workers need not import the tests
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _dataset(pages, blocks=6):
    """Pages as a dataset of several blocks, already in the object store (no
    read or repartition tasks competing with the actors for the two CPUs)."""
    step = -(-len(pages) // blocks)
    return ray.data.from_arrow([pa.Table.from_pylist(pages[i:i + step]) for i in range(0, len(pages), step)])


def _rows(table) -> dict:
    rows = table.to_pylist()
    for r in rows:
        r.pop("timings")
    return {r["id"]: r for r in rows}


def test_map_batches_gives_one_row_per_row_in_the_output_schema(cluster, pages):
    expected = _rows(tidings.Pipeline(stages=STAGES).process_batch(pa.Table.from_pylist(pages)))
    ds = _dataset(pages)
    out = ds.map_batches(
        Tidings,
        fn_constructor_kwargs={"stages": STAGES},
        batch_format="pyarrow",
        batch_size=8,
        compute=ray.data.ActorPoolStrategy(size=2),
    )
    table = out.to_arrow_refs()
    table = pa.concat_tables(ray.get(table))
    assert table.schema.remove_metadata() == tidings.output_schema()
    got = _rows(table)
    assert len(got) == table.num_rows == len(pages)
    assert got == expected


def _with_one_actor_killed(ds, victim: str, marker) -> pa.Table:
    """``ds`` through an actor pool of two whose actor dies on ``victim``'s
    batch, once: the table out, after checking that the fault happened and
    that no row is lost or doubled."""
    out = ds.map_batches(
        faults.FaultyTidings,
        fn_constructor_kwargs={"victim": victim, "marker": str(marker), "stages": STAGES},
        batch_format="pyarrow",
        batch_size=8,
        compute=ray.data.ActorPoolStrategy(size=2),
    )
    table = pa.concat_tables(ray.get(out.to_arrow_refs()))
    assert marker.exists(), "the fault was not injected"
    ids = table.column("id").to_pylist()
    assert len(ids) == len(set(ids))
    return table


def test_a_killed_actor_loses_no_row(cluster, pages, tmp_path):
    victim = pages[len(pages) // 2]["id"]
    expected = _rows(tidings.Pipeline(stages=STAGES).process_batch(pa.Table.from_pylist(pages)))
    table = _with_one_actor_killed(_dataset(pages), victim, tmp_path / "killed")
    assert table.num_rows == len(pages)
    assert _rows(table) == expected


def _warc_expected(warc) -> dict:
    docs = pa.Table.from_batches(list(tidings.read_batches(warc)))
    return _rows(tidings.Pipeline(stages=STAGES).process_batch(docs))


def test_a_warc_read_through_tidings_reader_gives_every_page(cluster, pages, tmp_path):
    from conftest import write_warc

    from tidings.ray import read_documents

    warc = tmp_path / "crawl.warc.gz"
    want = write_warc(warc, pages, truncate_last=True)
    docs = read_documents(str(warc), batch_rows=16)
    out = docs.map_batches(Tidings, fn_constructor_kwargs={"stages": STAGES}, batch_format="pyarrow",
                           batch_size=8, compute=ray.data.ActorPoolStrategy(size=2))
    table = pa.concat_tables(ray.get(out.to_arrow_refs()))
    got = _rows(table)
    assert len(got) == table.num_rows == len(want["ids"])  # the cut record is counted as corrupt
    assert got == _warc_expected(warc)


def test_a_killed_actor_loses_no_page_of_a_warc(cluster, pages, tmp_path):
    from conftest import write_warc

    from tidings.ray import read_documents

    warc = tmp_path / "crawl.warc.gz"
    want = write_warc(warc, pages)
    victim = want["ids"][len(pages) // 2]
    table = _with_one_actor_killed(read_documents(str(warc), batch_rows=16), victim, tmp_path / "killed")
    assert table.num_rows == len(want["ids"])
    assert _rows(table) == _warc_expected(warc)
