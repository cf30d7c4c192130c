"""The Dask engine of ``annotate --dask``: partitions of documents run on a cluster.

``--dask local:N`` starts a ``LocalCluster`` of N worker processes on loopback;
``--dask tcp://HOST:8786`` uses a running scheduler. The client reads the inputs (so
rejections, warnings and ids are exactly those of a single-process run), sends
partitions of documents to the workers, and writes what comes
back in input order through the same sharded, checkpointed output as every engine:
the outputs are identical to a single-process run's, and ``--resume`` works.

Each worker process loads the pipeline once (:func:`pipeline.annotate.cached_pipeline`,
preloaded on every worker when the client connects). A partition's JSONL lines and
DocBin travel back through Dask; with ``--dask-parts DIR`` (a directory the client and
all workers see at the same path) workers write them there instead and the client reads
and deletes them. Needs the ``dask`` extra: ``pip install -e ".[dask]"``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import DocBin

from .annotate import BatchResult, Item, UsageError, annotate_batch_with, cached_pipeline

LOCAL_PREFIX = "local:"
PARTITION_DOCS = 250  # documents per Dask task (never more than a shard)


def parse_address(spec: str) -> tuple[str, int | str]:
    """``("local", n_workers)`` or ``("remote", address)``.

    >>> parse_address("local:2")
    ('local', 2)
    >>> parse_address("tcp://10.0.0.5:8786")
    ('remote', 'tcp://10.0.0.5:8786')
    """
    if spec.startswith(LOCAL_PREFIX):
        count = spec[len(LOCAL_PREFIX):]
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--dask {spec!r}: expected local:N with N >= 1 workers")
        return "local", int(count)
    if "://" not in spec and ":" not in spec:
        raise UsageError(f"--dask {spec!r}: expected tcp://HOST:PORT or local:N")
    return "remote", spec


@dataclass
class StoredBatch:
    """A partition's outputs left by a worker in the shared ``--dask-parts`` directory."""

    jsonl_path: str
    spacy_path: str
    stats: dict

    def load(self) -> BatchResult:
        """Read the files back (and delete them) as a :class:`BatchResult`."""
        jsonl, spacy_file = Path(self.jsonl_path), Path(self.spacy_path)
        result = BatchResult(
            jsonl=jsonl.read_bytes(),
            docbin=DocBin(store_user_data=True).from_disk(spacy_file),
            **self.stats,
        )
        jsonl.unlink()
        spacy_file.unlink()
        return result


def run_partition(
    model: str, items: list[Item], chunk_chars: int, batch_size: int, parts_dir: str | None
) -> BatchResult | StoredBatch:
    """The Dask task: annotate one partition with the worker's cached pipeline."""
    result = annotate_batch_with(model, items, chunk_chars, batch_size)
    if parts_dir is None:
        return result
    stem = Path(parts_dir) / f"part-{uuid.uuid4().hex}"
    jsonl_path, spacy_path = stem.with_suffix(".jsonl"), stem.with_suffix(".spacy")
    jsonl_path.write_bytes(result.jsonl)
    result.docbin.to_disk(spacy_path)
    stats = {k: getattr(result, k) for k in ("documents", "words", "entities", "pipeline_s",
                                             "total_s")}
    return StoredBatch(str(jsonl_path), str(spacy_path), stats)


def preload(model: str) -> list[str]:
    """Load the pipeline in a worker process (run on every worker at connection)."""
    return list(cached_pipeline(model).pipe_names)


@dataclass
class _DaskResult:
    future: Any

    def result(self) -> BatchResult:
        value = self.future.result()
        self.future.release()
        return value.load() if isinstance(value, StoredBatch) else value


@dataclass
class DaskEngine:
    """Partitions of up to ``task_docs`` documents, ``slots`` of them in flight."""

    client: Any
    model: str
    chunk_chars: int
    batch_size: int
    task_docs: int
    slots: int
    parts_dir: str | None = None

    def submit(self, items: list[Item]) -> _DaskResult:
        return _DaskResult(self.client.submit(
            run_partition, self.model, items, self.chunk_chars, self.batch_size,
            self.parts_dir, pure=False,
        ))


@contextmanager
def dask_engine(
    spec: str, model: str, chunk_chars: int, batch_size: int, shard_size: int,
    parts_dir: str | None = None,
) -> Iterator[DaskEngine]:
    """A :class:`DaskEngine` connected to ``spec`` (closed, with a local cluster, on exit)."""
    kind, target = parse_address(spec)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise UsageError('--dask needs the dask extra: pip install -e ".[dask]"') from err
    cluster = None
    if kind == "local":
        cluster = LocalCluster(
            n_workers=int(target), threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=":0", silence_logs=logging.ERROR,
        )
    client = Client(cluster if cluster is not None else target)
    try:
        client.run(preload, model)
        n_workers = max(1, len(client.scheduler_info()["workers"]))
        if parts_dir:
            Path(parts_dir).mkdir(parents=True, exist_ok=True)
        yield DaskEngine(client, model, chunk_chars, batch_size, parts_dir=parts_dir,
                         task_docs=min(shard_size, PARTITION_DOCS), slots=2 * n_workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

