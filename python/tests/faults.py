"""Fault injection for the engine tests: kill the worker process the first
time it sees a given row, once per marker file (so the retry succeeds)."""

from __future__ import annotations

import os

import pyarrow as pa

from tidings.ray import Tidings


def kill_once(batch, victim: str, marker: str) -> None:
    ids = batch.column("id").to_pylist()
    if victim in ids:
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os._exit(17)


class FaultyTidings(Tidings):
    """``Tidings`` whose actor dies (``os._exit``) on the victim's batch, once."""

    def __init__(self, victim: str, marker: str, **kwargs):
        super().__init__(**kwargs)
        self.victim, self.marker = victim, marker

    def __call__(self, batch):
        kill_once(batch, self.victim, self.marker)
        return super().__call__(batch)


def kill_once_in_spark(victim: str, marker: str):
    """A ``mapInArrow`` function that passes batches through and kills its
    Python worker on the victim's batch, once."""

    def run(batches):
        for batch in batches:
            kill_once(pa.Table.from_batches([batch]), victim, marker)
            yield batch

    return run
