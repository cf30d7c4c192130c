"""annotate at scale: DocBin shards, --n-process, kill + --resume, progress, bench --json.

A stand-in pipeline (tokenizer, lookup lemmatizer, entity ruler; pipeline.bench) keeps
these fast and independent of the real rules; the corpus is invented text.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import srsly
from spacy.vocab import Vocab

from pipeline.annotate import (
    SPACY_NAME,
    UsageError,
    annotate,
    batches,
    read_docbins,
    shard_index,
    shard_name,
)
from pipeline.bench import standin_pipeline, synthetic_corpus
from pipeline.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def standin(tmp_path_factory) -> Path:
    """The stand-in pipeline on disk."""
    path = tmp_path_factory.mktemp("standin") / "pipeline"
    standin_pipeline().to_disk(path)
    return path


def write_corpus(path: Path, n_docs: int) -> Path:
    """``n_docs`` invented documents, one rejected line, one long text and a repeated id."""
    records: list[dict] = synthetic_corpus(n_docs)
    records.insert(3, {"text": ""})
    long_text = "\n\n".join(r["text"] for r in records[10:40])
    records.insert(7, {"text": long_text, "meta": {"id": "long", "date": "2024-05-02"}})
    records.append({"text": "Kazomi Corp sold chips.", "meta": {"id": "syn-1"}})
    srsly.write_jsonl(path, records)
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "news.jsonl", 600)


def doc_keys(out: Path) -> list[tuple]:
    """What identifies a DocBin doc: tokens, entities, span groups and user data."""
    return [
        (json.dumps(doc.to_json(), sort_keys=True), repr(sorted(doc.user_data.items(), key=repr)),
         {k: [(s.start, s.end, s.label_) for s in g] for k, g in doc.spans.items()})
        for doc in read_docbins(out, Vocab())
    ]


def run_annotate(corpus: Path, out: Path, standin: Path, **options) -> dict:
    return annotate([str(corpus)], out, standin, chunk_chars=2000, quiet=True, **options)


@pytest.fixture(scope="module")
def reference(corpus, standin, tmp_path_factory) -> Path:
    """One uninterrupted single-process run with shards of 100 documents."""
    out = tmp_path_factory.mktemp("reference")
    run_annotate(corpus, out, standin, shard_size=100)
    return out


def test_batches_never_straddle_a_shard():
    items = [("x", {})] * 10
    assert [len(b) for b in batches(items, 4, 5)] == [4, 1, 4, 1]


def test_shard_names_sort_in_document_order():
    names = [shard_name(i) for i in range(12)]
    assert names[:2] == [SPACY_NAME, "annotations_0001.spacy"]
    assert sorted(names) == names
    assert [shard_index(n) for n in names] == list(range(12))
    assert shard_index("annotations.jsonl") is None


def test_sharded_output_keeps_every_document_in_order(reference):
    report = srsly.read_json(reference / "report.json")
    records = list(srsly.read_jsonl(reference / "annotations.jsonl"))
    assert report["documents_annotated"] == len(records) == 602
    assert report["rejections"] == [{"file": report["rejections"][0]["file"], "line": 4,
                                     "reason": "empty 'text'"}]
    shards = sorted(p.name for p in reference.glob("annotations*.spacy"))
    assert shards == [Path(p).name for p in report["outputs"]["spacy_shards"]]
    assert len(shards) == 7
    docs = list(read_docbins(reference))
    assert [d.user_data["meta"]["id"] for d in docs] == [r["meta"]["id"] for r in records]
    assert [d.text for d in docs] == [r["text"] for r in records]
    long = next(r for r in records if r["meta"]["id"] == "long")
    assert long["meta"]["chunks"] > 1
    assert records[-1]["meta"]["id"] == "syn-1~2"
    assert not list(reference.glob(".*"))  # no part file or checkpoint left


def test_small_run_writes_one_docbin(corpus, standin, tmp_path):
    run_annotate(corpus, tmp_path, standin, shard_size=5000)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "annotations.jsonl", SPACY_NAME, "report.json"]


def test_n_process_output_is_identical_and_keeps_meta(corpus, standin, reference, tmp_path):
    run_annotate(corpus, tmp_path, standin, shard_size=100, n_process=2)
    jsonl = (tmp_path / "annotations.jsonl").read_bytes()
    assert jsonl == (reference / "annotations.jsonl").read_bytes()
    assert doc_keys(tmp_path) == doc_keys(reference)
    meta = next(read_docbins(tmp_path)).user_data["meta"]
    assert meta == {"id": "syn-0", "date": "2024-03-01"}


def test_a_failed_shard_write_stops_the_run_and_keeps_the_checkpoint_before_it(
        corpus, standin, reference, tmp_path, monkeypatch):
    """Shards are written in the background: an error there (a full disk) still ends the
    run, and the checkpoint names only what was written; --resume then finishes it."""
    import pipeline.annotate as annotate_module

    real = annotate_module.write_atomic

    def failing(path: Path, data: bytes) -> None:
        if path.name == ".annotations_0002.spacy.part":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(annotate_module, "write_atomic", failing)
    with pytest.raises(OSError, match="No space left"):
        run_annotate(corpus, tmp_path, standin, shard_size=100)
    state = json.loads((tmp_path / ".annotate-checkpoint.json").read_text())
    assert (state["shards"], state["documents"]) == (2, 200)
    assert not (tmp_path / "annotations.jsonl").exists()
    monkeypatch.setattr(annotate_module, "write_atomic", real)
    run_annotate(corpus, tmp_path, standin, shard_size=100, resume=True)
    jsonl = (tmp_path / "annotations.jsonl").read_bytes()
    assert jsonl == (reference / "annotations.jsonl").read_bytes()
    assert doc_keys(tmp_path) == doc_keys(reference)


def test_resume_refuses_other_options(corpus, standin, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".annotate-checkpoint.json").write_text(json.dumps(
        {"version": 1, "fingerprint": {}, "shards": 1}))
    with pytest.raises(UsageError):
        run_annotate(corpus, out, standin, shard_size=100, resume=True)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "annotate", *args, "--quiet"]


def test_killed_run_resumes_to_identical_outputs(standin, tmp_path):
    """SIGKILL mid-run leaves only part files; --resume finishes with the same outputs."""
    corpus = write_corpus(tmp_path / "big.jsonl", 2000)
    reference = tmp_path / "reference"
    run_annotate(corpus, reference, standin, shard_size=100)
    out = tmp_path / "out"
    args = [str(corpus), "--out", str(out), "--model", str(standin), "--chunk-chars", "2000",
            "--shard-size", "100"]
    proc = subprocess.Popen(cli(*args), cwd=ROOT, env=ENV, stderr=subprocess.DEVNULL)
    checkpoint = out / ".annotate-checkpoint.json"
    deadline = time.monotonic() + 60
    while not checkpoint.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (out / "annotations.jsonl").exists()
    assert not (out / SPACY_NAME).exists()
    assert (out / ".annotations.jsonl.part").exists()

    done = subprocess.run(cli(*args, "--resume"), cwd=ROOT, env=ENV, capture_output=True)
    assert done.returncode == 3, done.stderr.decode()  # one rejected line
    jsonl = (out / "annotations.jsonl").read_bytes()
    assert jsonl == (reference / "annotations.jsonl").read_bytes()
    assert doc_keys(out) == doc_keys(reference)
    report, expected = srsly.read_json(out / "report.json"), srsly.read_json(
        reference / "report.json")
    for key in ("documents_read", "documents_annotated", "rejections", "words", "entities"):
        assert report[key] == expected[key]
    assert report["resumed_from_document"] % 100 == 0
    assert not checkpoint.exists()


def test_progress_line_shows_rate_and_eta():
    stream = io.StringIO()
    bar = Progress(1000, stream=stream, interval=0)
    bar.start()
    time.sleep(0.01)
    bar.update(250)
    bar.write("rejected x.jsonl:3: empty 'text'")
    bar.close()
    text = stream.getvalue()
    assert "250/~1,000 docs" in text and "docs/s" in text and "ETA" in text
    assert "rejected x.jsonl:3" in text


def test_progress_is_silent_when_disabled():
    stream = io.StringIO()
    bar = Progress(10, enabled=False, stream=stream)
    bar.update(5)
    bar.close()
    assert stream.getvalue() == ""


def test_bench_json_has_the_figures(standin, tmp_path):
    corpus = tmp_path / "bench.jsonl"
    srsly.write_jsonl(corpus, synthetic_corpus(60))
    cmd = [sys.executable, "-m", "pipeline", "bench", str(corpus), "--model", str(standin),
           "--words", "2000", "--n-process", "2", "--json", "--components", "--repeat", "2"]
    done = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    for key in ("tokenizer_wps", "pipeline_wps", "ratio", "load_s", "peak_rss_mb",
                "n_process_speedup"):
        assert figures[key] > 0
    assert figures["words"] >= 2000
    assert len(figures["load_s_runs"]) == 5
    assert sorted(figures["load_s_runs"])[2] == figures["load_s"]  # the median
    assert len(figures["ratio_runs"]) == 2 and all(r > 0 for r in figures["ratio_runs"])
    steps = figures["component_us_per_token"]
    assert list(steps) == ["tokenizer", "lemmatizer", "entity_ruler"]
    assert all(us > 0 for us in steps.values())


def test_bench_refuses_zero_rounds(standin, tmp_path):
    cmd = [sys.executable, "-m", "pipeline", "bench", str(tmp_path), "--model", str(standin),
           "--repeat", "0"]
    done = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert done.returncode == 2
    assert "--repeat must be >= 1" in done.stderr
