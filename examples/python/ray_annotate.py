"""tidings on Ray Data: an actor pool maps Arrow batches through the pipeline.

    python examples/python/ray_annotate.py [PATH...]   # default: examples/docs

Each actor loads the models once; the output rows are in tidings' Arrow schema.
"""

import pyarrow as pa
import ray

import pages
from tidings.ray import Tidings

if __name__ == "__main__":
    ray.init(num_cpus=2, include_dashboard=False)
    records = pages.load_records(pages.args())
    ds = ray.data.from_arrow(pa.Table.from_pylist(records))
    out = ds.map_batches(
        Tidings,
        fn_constructor_kwargs={"config": None},  # or the JSON of `tidings config`
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=2),
    )
    for row in out.take_all():
        lang = (row["language"] or {}).get("iso639_1")
        people = [e["canonical"] or e["text"] for e in row["entities"] or [] if e["label"] == "PER"]
        print(f"{row['id']}\t{lang}\t{people[:5]}")
    ray.shutdown()
