"""annotate --dask local:2 writes exactly what a single process writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import srsly
from spacy.vocab import Vocab

from pipeline.annotate import UsageError, annotate, read_docbins
from pipeline.bench import standin_pipeline, synthetic_corpus

pytest.importorskip("dask.distributed")

from pipeline.distributed import StoredBatch, parse_address, run_partition  # noqa: E402


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> tuple[Path, Path, Path]:
    """Stand-in pipeline, an invented corpus, and a single-process run of it."""
    root = tmp_path_factory.mktemp("dask")
    model = root / "pipeline"
    standin_pipeline().to_disk(model)
    corpus = root / "news.jsonl"
    records = synthetic_corpus(700)
    records.insert(2, {"text": None})
    srsly.write_jsonl(corpus, records)
    reference = root / "reference"
    annotate([str(corpus)], reference, model, quiet=True, shard_size=300)
    return model, corpus, reference


def docs_of(out: Path) -> list[tuple]:
    return [(d.to_json(), d.user_data["meta"]) for d in read_docbins(out)]


def test_local_cluster_matches_single_process(setup, tmp_path):
    model, corpus, reference = setup
    out = tmp_path / "out"
    report = annotate([str(corpus)], out, model, quiet=True, shard_size=300, dask="local:2")
    assert report["documents_rejected"] == 1
    jsonl = "annotations.jsonl"
    assert (out / jsonl).read_bytes() == (reference / jsonl).read_bytes()
    assert docs_of(out) == docs_of(reference)
    assert [p.name for p in sorted(out.glob("*.spacy"))] == [
        "annotations.spacy", "annotations_0001.spacy", "annotations_0002.spacy"]


def test_partition_written_to_a_shared_directory_reads_back(setup, tmp_path):
    """--dask-parts: the worker leaves its files there; the client reads and deletes them."""
    model, _, _ = setup
    items = [(r["text"], r["meta"]) for r in synthetic_corpus(5)]
    stored = run_partition(str(model), items, 100_000, 64, str(tmp_path))
    assert isinstance(stored, StoredBatch) and len(list(tmp_path.iterdir())) == 2
    direct = run_partition(str(model), items, 100_000, 64, None)
    loaded = stored.load()
    assert loaded.jsonl == direct.jsonl and loaded.documents == 5
    assert len(list(loaded.docbin.get_docs(Vocab()))) == 5
    assert not list(tmp_path.iterdir())


def test_bad_addresses_are_usage_errors(setup, tmp_path):
    with pytest.raises(UsageError):
        parse_address("local:0")
    with pytest.raises(UsageError):
        parse_address("scheduler")
    model, corpus, _ = setup
    with pytest.raises(UsageError):
        annotate([str(corpus)], tmp_path, model, quiet=True, dask="local:2", n_process=2)
