"""tidings as datatrove steps: read crawl files with tidings' readers,
annotate, write JSON Lines, on datatrove's LocalPipelineExecutor (swap in
SlurmPipelineExecutor or RayPipelineExecutor unchanged).

    python examples/python/datatrove_annotate.py [IN_DIR [OUT_DIR]]

IN_DIR holds WARC (.warc, .warc.gz), JSON Lines, Parquet, HTML or text files
(default: examples/docs); rerunning skips the tasks datatrove has marked
complete.
"""

import sys
import tempfile
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import JsonlWriter

from tidings.datatrove import TidingsReader, TidingsStep

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":  # datatrove's workers re-import this script
    src = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "examples" / "docs")
    out = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="tidings-datatrove-")
    LocalPipelineExecutor(
        pipeline=[
            TidingsReader(src),  # one document per page, line, row or file, errors included
            TidingsStep(),  # metadata["tidings"]: language, entities, boilerplate, translation...
            JsonlWriter(f"{out}/data"),
        ],
        tasks=2,
        workers=2,
        logging_dir=f"{out}/logs",
    ).run()
    print(f"annotated documents in {out}/data, datatrove logs and stats in {out}/logs")
