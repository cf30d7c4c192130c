"""The annotate command: inputs → pipeline → ``annotations.jsonl`` + ``annotations.spacy``.

``python -m pipeline annotate INPUT... --out DIR`` is a public contract: scripts and
measurements call it. It writes, in ``DIR``:

- ``annotations.jsonl``: one Prodigy-style record per input document, in input order
  (see :mod:`pipeline.records`), written as the run goes;
- ``annotations.spacy``: the same documents as a DocBin (metadata in ``user_data``).
  A run of more than ``--shard-size`` documents (default 1000) is written in shards of
  that many documents, so memory stays flat whatever the corpus size:
  ``annotations.spacy`` holds documents 1-1000, ``annotations_0001.spacy`` the next
  1000, ``annotations_0002.spacy``... (plain name order is document order;
  ``report.json`` lists them under ``outputs.spacy_shards`` and
  :func:`read_docbins` reads them all back in order). A run that fits in one shard
  writes ``annotations.spacy`` alone, as before;
- ``report.json``: documents read, annotated and rejected, each rejection with its file,
  line and reason; ``pipeline_errors`` lists the documents a component failed on (a bug:
  each is written without entities, ``meta.pipeline_error`` saying why, and the run goes
  on).

Exit status: 0 when every document was annotated, 3 when some input was rejected or a
component failed on a document (the outputs hold all the others), 2 on a usage error, 1
on a failure, 130 when interrupted.

Outputs appear under their final names only when the whole run is complete: until then
they are ``DIR/.annotations.jsonl.part`` and ``DIR/.annotations*.spacy.part``, and
``DIR/.annotate-checkpoint.json`` records what is durably done (complete shards and the
JSONL lines of their documents). After Ctrl-C or a kill, ``--resume`` with the same
inputs and options continues from that checkpoint: no document is lost or written twice,
and the outputs are identical to an uninterrupted run's.

Engines (same outputs, same order): one process (default); ``--n-process N`` worker
processes on this machine; ``--dask tcp://HOST:8786`` a Dask cluster, or ``--dask
local:N`` a local one with N worker processes (needs the ``dask`` extra).
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import spacy
import srsly
from spacy.attrs import ENT_IOB, ENT_TYPE, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import load_config

from .collector import gc_paused
from .docbin import add_docs
from .inputs import InputDoc, Rejection, expand_paths, read_inputs
from .progress import Progress, estimate_documents
from .records import RecordWriter

DEFAULT_MODEL = "training/pipeline"
DEFAULT_INPUT = "seeds"
CHUNK_CHARS = 100_000
SHARD_DOCS = 1000
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REJECTED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
JSONL_NAME, SPACY_NAME, REPORT_NAME = "annotations.jsonl", "annotations.spacy", "report.json"
CHECKPOINT_NAME = ".annotate-checkpoint.json"
CHECKPOINT_VERSION = 1

Item = tuple[str, dict]  # (text, meta) of one accepted input document


class UsageError(Exception):
    """A problem with the command line or the output directory (exit status 2)."""


def load_pipeline(model: str | os.PathLike) -> Language:
    """The assembled pipeline at ``model``; assembles from the config when it is missing."""
    from . import components  # noqa: F401  (our factories, also when not pip-installed)

    path = Path(model)
    if path.exists() or str(model) != DEFAULT_MODEL:
        return spacy.load(model, exclude=disabled_components(path))
    from .assemble import build_pipeline

    return build_pipeline()


def disabled_components(path: Path) -> list[str]:
    """Components the config of the pipeline directory ``path`` disables (the optional
    ``lemmatizer``): annotate never runs them, so it does not load them either."""
    config_path = path / "config.cfg"
    if not config_path.is_file():
        return []  # a package name: load it whole
    return list(load_config(config_path)["nlp"].get("disabled") or [])


_PIPELINES: dict[str, Language] = {}
RUN_GC_THRESHOLDS = (20_000, 20, 20)  # gc.set_threshold during annotate and bench runs


def cached_pipeline(model: str | os.PathLike, freeze: bool = False) -> Language:
    """The pipeline at ``model``, loaded once per process (worker processes reuse it).

    ``freeze`` (the annotate and bench commands, and their worker processes): after
    loading, ``gc.freeze()`` moves every object the process holds (the pipeline's pattern
    tables and lexicons: some 100,000 objects) out of the cyclic garbage collector's
    generations, so that its full collections, which run every few hundred documents, do
    not walk them again and again (about 10% of the run time on newswire), and forked
    workers share those pages instead of copying them when the collector touches them.
    Objects frozen that later become cyclic garbage are never collected: library callers
    and Dask workers (processes that outlive a run) leave ``freeze`` off.

    ``freeze`` also raises the collector's first threshold (``RUN_GC_THRESHOLDS``): a run
    allocates millions of short-lived containers, nearly all freed by reference counting,
    and the default (a young collection every 700 net allocations) spends about 1.5% of the
    run on collections that find almost nothing.
    """
    key = str(model)
    if key not in _PIPELINES:
        with gc_paused():  # see pipeline.collector
            _PIPELINES[key] = load_pipeline(model)
    if freeze:
        gc.freeze()
        gc.set_threshold(*RUN_GC_THRESHOLDS)
    return _PIPELINES[key]


def split_points(text: str, limit: int) -> list[int]:
    """Offsets that cut ``text`` into pieces of at most ``limit`` characters.

    Cuts fall after a paragraph break when there is one in the second half of the
    window, else after a line break, a sentence end, or a space; only a text with no
    whitespace at all is cut mid-word.

    >>> split_points("aa bb\\n\\ncc dd", 8)
    [7]
    """
    cuts: list[int] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            i = window.rfind(sep, limit // 2)
            if i > 0:
                cut = start + i + len(sep)
                break
        if cut <= start:
            cut = start + limit
        cuts.append(cut)
        start = cut
    return cuts


def make_docs(
    nlp: Language, items: Iterable[InputDoc | Item], chunk_chars: int
) -> Iterator[Doc]:
    """Docs to run through the pipeline; a long text becomes several chunk docs.

    ``items`` are :class:`InputDoc` or ``(text, meta)`` pairs. Each doc carries
    ``user_data["meta"]`` and, for chunks, ``user_data["chunk"] = (index, count)``;
    :func:`merge_chunks` puts them back together.
    """
    for item in items:
        text, meta = (item.text, item.meta) if isinstance(item, InputDoc) else item
        if len(text) <= chunk_chars:
            doc = nlp.make_doc(text)
            doc.user_data["meta"] = meta
            yield doc
            continue
        bounds = [0, *split_points(text, chunk_chars), len(text)]
        count = len(bounds) - 1
        for i in range(count):
            doc = nlp.make_doc(text[bounds[i]:bounds[i + 1]])
            doc.user_data["meta"] = meta
            doc.user_data["chunk"] = (i, count)
            yield doc


def merge_chunks(docs: Iterable[Doc]) -> Iterator[Doc]:
    """Join the chunk docs of one long text back into one Doc (offsets of the whole text)."""
    pending: list[Doc] = []
    for doc in docs:
        chunk = doc.user_data.get("chunk")
        if chunk is None:
            yield doc
            continue
        pending.append(doc)
        if chunk[0] == chunk[1] - 1:
            meta = pending[0].user_data["meta"]
            for part in pending:  # Doc.from_docs keeps only extension data (offsets moved)
                for key in [k for k in part.user_data if not isinstance(k, tuple)]:
                    del part.user_data[key]  # per-chunk working data of the components
            merged = Doc.from_docs(pending, ensure_whitespace=False)
            merged.user_data["meta"] = {**meta, "chunks": len(pending)}
            pending = []
            yield merged


# --- the work unit: a batch of documents in, JSONL bytes and a DocBin out ---------------


@dataclass
class BatchResult:
    """Annotations of consecutive documents: JSONL lines, DocBin, counts and timings."""

    jsonl: bytes
    docbin: DocBin
    documents: int
    words: int
    entities: Counter = field(default_factory=Counter)
    pipeline_s: float = 0.0
    total_s: float = 0.0
    #: Documents a component failed on, written without entities (see `annotate_alone`)
    errors: list[str] = field(default_factory=list)
    #: How a pickle carries the DocBin: ``compressed`` (its ``to_bytes``, for a network)
    #: or ``raw`` (its fields: 6x faster to pickle, 12x larger, for a local pipe)
    transfer: str = "compressed"

    def __getstate__(self) -> dict:
        # A pickled DocBin loses its settings (spaCy 3.8): send its fields or its bytes.
        docbin = dict(vars(self.docbin)) if self.transfer == "raw" else self.docbin.to_bytes()
        return {**self.__dict__, "docbin": docbin}

    def __setstate__(self, state: dict) -> None:
        data = state["docbin"]
        if isinstance(data, dict):
            docbin = DocBin.__new__(DocBin)
            docbin.__dict__.update(data)
        else:
            docbin = new_docbin().from_bytes(data)
        self.__dict__.update(state, docbin=docbin)


def new_docbin() -> DocBin:
    """An empty DocBin as annotate writes them (user data kept)."""
    return DocBin(store_user_data=True)


_RECORDS = RecordWriter()


def entity_labels(doc: Doc) -> list[str]:
    """The label of each of ``doc.ents``, read from the token arrays (``doc.ents`` builds
    a ``Span`` per entity, and the record writer has built them once already)."""
    if not len(doc):
        return []
    rows = doc.to_array([ENT_IOB, ENT_TYPE])
    strings = doc.vocab.strings
    return [strings[t] for t in rows[(rows[:, 0] == 3) & (rows[:, 1] != 0), 1].tolist()]


def annotate_batch(
    nlp: Language, items: list[Item], chunk_chars: int = CHUNK_CHARS, batch_size: int = 64
) -> BatchResult:
    """Run ``nlp`` over ``items`` and serialize the docs (the unit every engine runs).

    ``pipeline_s`` is the time in the pipeline (tokenizer included), ``total_s`` adds
    building the JSONL records and the DocBin.
    """
    start = time.perf_counter()
    errors: list[str] = []
    try:
        docs = list(merge_chunks(nlp.pipe(make_docs(nlp, items, chunk_chars),
                                          batch_size=batch_size)))
    except Exception:  # noqa: BLE001  (a pipeline bug on some document: keep the others)
        docs = [annotate_alone(nlp, item, chunk_chars, errors) for item in items]
    piped = time.perf_counter()
    lines: list[str] = []
    docbin = new_docbin()
    entities: Counter[str] = Counter()
    words = 0
    add_docs(docbin, docs)  # docbin.add(doc) for each, faster
    for doc in docs:
        lines.append(_RECORDS.line(doc) + "\n")  # srsly.json_dumps(doc_to_record(doc))
        words += len(doc) - int(doc.to_array(IS_SPACE).sum())
        entities.update(entity_labels(doc))
    return BatchResult(
        jsonl="".join(lines).encode("utf-8"),
        docbin=docbin,
        documents=len(docs),
        words=words,
        entities=entities,
        pipeline_s=piped - start,
        total_s=time.perf_counter() - start,
        errors=errors,
    )


def annotate_alone(nlp: Language, item: Item, chunk_chars: int, errors: list[str]) -> Doc:
    """One document through the pipeline. When a component fails on it, the document is
    kept without entities (its text and tokens whole, ``meta["pipeline_error"]`` saying
    why) and the error is added to ``errors``: no document is lost to a pipeline bug."""
    try:
        return next(merge_chunks(nlp.pipe(make_docs(nlp, [item], chunk_chars))))
    except Exception as err:  # noqa: BLE001
        message = f"{type(err).__name__}: {err}"
        errors.append(f"{item[1].get('id', '?')}: pipeline error, written without "
                      f"entities ({message})")
        doc = next(merge_chunks(make_docs(nlp, [item], chunk_chars)))
        doc.user_data["meta"] = {**doc.user_data["meta"], "pipeline_error": message}
        return doc


def annotate_batch_with(
    model: str, items: list[Item], chunk_chars: int = CHUNK_CHARS, batch_size: int = 64,
    transfer: str = "compressed",
) -> BatchResult:
    """:func:`annotate_batch` with the process's cached pipeline (for worker processes);
    ``transfer``: how the result's pickle carries its DocBin (see :class:`BatchResult`)."""
    result = annotate_batch(cached_pipeline(model), items, chunk_chars, batch_size)
    result.transfer = transfer
    return result


def batches(items: Iterable[Item], size: int, shard_size: int) -> Iterator[list[Item]]:
    """Lists of at most ``size`` items that never straddle a multiple of ``shard_size``.

    >>> [len(b) for b in batches([("a", {})] * 7, 3, 4)]
    [3, 1, 3]
    """
    batch: list[Item] = []
    for count, item in enumerate(items, start=1):
        batch.append(item)
        if len(batch) == size or count % shard_size == 0:
            yield batch
            batch = []
    if batch:
        yield batch


# --- engines: where batches run -------------------------------------------------------


class ResultLike(Protocol):
    def result(self) -> BatchResult: ...


class Engine(Protocol):
    """Runs batches; ``slots`` batches may be in flight, ``task_docs`` documents each."""

    slots: int
    task_docs: int

    def submit(self, items: list[Item]) -> ResultLike: ...


@dataclass
class _Done:
    value: BatchResult

    def result(self) -> BatchResult:
        return self.value


@dataclass
class InlineEngine:
    """Batches run in this process, one after the other."""

    nlp: Language
    chunk_chars: int
    batch_size: int
    slots: int = 1

    @property
    def task_docs(self) -> int:
        return self.batch_size

    def submit(self, items: list[Item]) -> ResultLike:
        return _Done(annotate_batch(self.nlp, items, self.chunk_chars, self.batch_size))


def _exit_with_parent(parent: int) -> None:
    """Stop this worker process when its parent is gone (e.g. killed with SIGKILL)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _init_pool_worker(model: str, parent: int) -> None:
    """Pool worker setup: Ctrl-C is the parent's business; load the pipeline once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    cached_pipeline(model, freeze=True)


@dataclass
class PoolEngine:
    """Batches run in ``n`` worker processes on this machine (each loads the pipeline once)."""

    executor: ProcessPoolExecutor
    model: str
    chunk_chars: int
    batch_size: int
    slots: int

    @property
    def task_docs(self) -> int:
        return self.batch_size * 4

    def submit(self, items: list[Item]) -> ResultLike:
        return self.executor.submit(  # results come back through a local pipe: raw
            annotate_batch_with, self.model, items, self.chunk_chars, self.batch_size, "raw"
        )


@contextmanager
def pool_engine(model: str, n: int, chunk_chars: int, batch_size: int) -> Iterator[PoolEngine]:
    """A :class:`PoolEngine` with ``n`` processes (forked where possible: the loaded
    pipeline is inherited, not loaded again)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    if context.get_start_method() == "fork":
        cached_pipeline(model, freeze=True)
    executor = ProcessPoolExecutor(
        max_workers=n, mp_context=context, initializer=_init_pool_worker,
        initargs=(model, os.getpid()),
    )
    try:
        yield PoolEngine(executor, model, chunk_chars, batch_size, slots=2 * n)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def ordered_results(engine: Engine, work: Iterable[list[Item]]) -> Iterator[BatchResult]:
    """Results of ``work`` in submission order, with at most ``engine.slots`` in flight."""
    pending: deque[ResultLike] = deque()
    for items in work:
        pending.append(engine.submit(items))
        if len(pending) >= engine.slots:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# --- outputs: sharded, checkpointed, renamed into place when complete ------------------


def shard_name(index: int) -> str:
    """File name of DocBin shard ``index``: ``annotations.spacy``, ``annotations_0001.spacy``..."""
    return SPACY_NAME if index == 0 else f"annotations_{index:04d}.spacy"


def shard_index(name: str) -> int | None:
    """The shard index of an output file name, or None when it is not a shard."""
    if name == SPACY_NAME:
        return 0
    stem = name.removeprefix("annotations_").removesuffix(".spacy")
    if name.startswith("annotations_") and name.endswith(".spacy") and stem.isdigit():
        return int(stem)
    return None


def part_path(out: Path, name: str) -> Path:
    """Where ``name`` is written until the run is complete."""
    return out / f".{name}.part"


def read_docbins(out_dir: str | os.PathLike, vocab=None) -> Iterator[Doc]:
    """Every document of an annotate output directory's DocBin shards, in order."""
    from spacy.vocab import Vocab

    vocab = vocab or Vocab()
    out = Path(out_dir)
    names = sorted((i, p.name) for p in out.iterdir() if (i := shard_index(p.name)) is not None)
    for _, name in names:
        yield from DocBin().from_disk(out / name).get_docs(vocab)


def run_fingerprint(
    inputs: list[str], model: str | os.PathLike, chunk_chars: int, shard_size: int
) -> dict:
    """What must not change for ``--resume`` to be exact: inputs (with sizes and
    modification times), the pipeline, chunking and shard size."""
    files = [
        [str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns]
        for p in expand_paths(inputs)
        if not isinstance(p, Rejection)
    ]
    model_path = Path(model)
    model_id: list = [str(model)]
    if model_path.exists():
        model_id = [str(model_path.resolve())]
        for name in ("config.cfg", "meta.json"):
            if (model_path / name).exists():
                model_id.append((model_path / name).stat().st_mtime_ns)
    return {"inputs": files, "model": model_id, "chunk_chars": chunk_chars,
            "shard_size": shard_size}


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, fsynced, then renamed."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class ShardedOutput:
    """The ``.part`` files of a run, its checkpoint, and the final rename.

    After each full shard the JSONL is flushed and fsynced, the shard is written, and
    the checkpoint records ``shards``, ``documents`` and ``jsonl_bytes``: the state a
    resumed run goes back to (later JSONL lines are cut off and annotated again).

    The fsync, the shard and the checkpoint are written by a background thread while the
    next documents are annotated (``DocBin.to_bytes`` is mostly ``zlib.compress``, which
    releases the GIL: about a tenth of a run's time). The order stays the same (fsync,
    shard, then its checkpoint, all from state taken when the shard was full), at most
    one shard is in flight, and every later flush, :meth:`finish` and :meth:`close` wait
    for it first: a checkpoint never names a shard or JSONL bytes that are not on disk.
    """

    def __init__(self, out: Path, shard_size: int, fingerprint: dict) -> None:
        self.out, self.shard_size, self.fingerprint = out, shard_size, fingerprint
        self.checkpoint_path = out / CHECKPOINT_NAME
        self.jsonl_part = part_path(out, JSONL_NAME)
        self.shards = 0
        self.documents = 0
        self.words = self.words_at_start = 0
        self.entities: Counter[str] = Counter()
        self.docbin = new_docbin()
        self.in_shard = 0
        self.finished_report: dict | None = None
        self._jsonl = None
        self._writer: ThreadPoolExecutor | None = None
        self._pending: Future | None = None

    # starting

    def start(self, resume: bool, warn: Callable[[str], None]) -> None:
        """Open the part files: fresh, or from the checkpoint when resuming."""
        state = self._load_checkpoint() if resume else None
        if resume and state is None:
            warn(f"no checkpoint in {self.out}: starting from the first document")
        if state is None:
            if not resume and self.checkpoint_path.exists():
                warn(f"discarding the unfinished run in {self.out} (use --resume to continue it)")
            self._remove_parts()
            self._jsonl = self.jsonl_part.open("wb")
            return
        self.shards, self.documents = state["shards"], state["documents"]
        self.words, self.entities = state["words"], Counter(state["entities"])
        self.words_at_start = self.words
        if state.get("complete"):  # interrupted while renaming: only that is left to do
            report = part_path(self.out, REPORT_NAME)
            self.finished_report = srsly.read_json(
                report if report.exists() else self.out / REPORT_NAME)
            return
        self._remove_parts(keep_shards=self.shards)
        self._jsonl = self.jsonl_part.open("r+b")
        if self._jsonl.seek(0, os.SEEK_END) < state["jsonl_bytes"]:
            raise UsageError(f"{self.jsonl_part} is shorter than its checkpoint: "
                             "run again without --resume")
        self._jsonl.truncate(state["jsonl_bytes"])
        self._jsonl.seek(state["jsonl_bytes"])

    def _load_checkpoint(self) -> dict | None:
        if not self.checkpoint_path.exists():
            return None
        state = srsly.read_json(self.checkpoint_path)
        if state.get("version") != CHECKPOINT_VERSION or state["fingerprint"] != self.fingerprint:
            raise UsageError(
                f"the unfinished run in {self.out} had other inputs, pipeline or options "
                "(or the inputs changed since): run again without --resume to start over"
            )
        return state

    def _remove_parts(self, keep_shards: int | None = None) -> None:
        """Delete leftover part files; a resumed run (``keep_shards`` given) keeps the
        JSONL part and the first ``keep_shards`` shards."""
        if keep_shards is None:
            self.checkpoint_path.unlink(missing_ok=True)
        for path in self.out.glob(".*.part*"):
            name = path.name[1:].split(".part")[0]
            index = shard_index(name)
            keep = keep_shards is not None and path.name.endswith(".part") and (
                name == JSONL_NAME or (index is not None and index < keep_shards))
            if not keep and (name in (JSONL_NAME, REPORT_NAME) or index is not None):
                path.unlink()
        (self.out / f"{CHECKPOINT_NAME}.tmp").unlink(missing_ok=True)

    # writing

    def add(self, result: BatchResult) -> None:
        """Append one batch (never straddling shards, see :func:`batches`)."""
        assert self._jsonl is not None
        self._jsonl.write(result.jsonl)
        self.docbin.merge(result.docbin)
        self.in_shard += result.documents
        self.documents += result.documents
        self.words += result.words
        self.entities.update(result.entities)
        if self.in_shard >= self.shard_size:
            self._flush_shard()

    def _sync_jsonl(self) -> None:
        assert self._jsonl is not None
        self._jsonl.flush()
        os.fsync(self._jsonl.fileno())

    def _flush_shard(self, complete: bool = False) -> None:
        """Write the shard and then the checkpoint: in the background for a full shard
        of a run that goes on, here for the last one (``complete``)."""
        self._wait()
        assert self._jsonl is not None
        self._jsonl.flush()  # the checkpoint's jsonl_bytes are in the file: fsync is enough
        path = part_path(self.out, shard_name(self.shards))
        docbin = self.docbin
        self.shards += 1
        self.docbin, self.in_shard = new_docbin(), 0
        checkpoint = self._checkpoint_bytes(complete)
        if complete:
            self._write_shard(path, docbin, checkpoint)
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="annotate-shards")
        self._pending = self._writer.submit(self._write_shard, path, docbin, checkpoint)

    def _write_shard(self, path: Path, docbin: DocBin, checkpoint: bytes) -> None:
        assert self._jsonl is not None
        os.fsync(self._jsonl.fileno())
        write_atomic(path, docbin.to_bytes())
        write_atomic(self.checkpoint_path, checkpoint)

    def _wait(self) -> None:
        """Wait for the shard in flight (re-raising its error, e.g. a full disk)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def _save_checkpoint(self, complete: bool) -> None:
        write_atomic(self.checkpoint_path, self._checkpoint_bytes(complete))

    def _checkpoint_bytes(self, complete: bool) -> bytes:
        """The checkpoint of what is written once the JSONL is fsynced and the shards so
        far are on disk."""
        assert self._jsonl is not None
        state = {
            "version": CHECKPOINT_VERSION,
            "fingerprint": self.fingerprint,
            "shards": self.shards,
            "documents": self.documents,
            "jsonl_bytes": self._jsonl.tell(),
            "words": self.words,
            "entities": dict(self.entities),
            "complete": complete,
        }
        return srsly.json_dumps(state).encode("utf-8")

    def shard_paths(self) -> list[Path]:
        """Final paths of the DocBin shards of this run, the unfinished last one included."""
        count = self.shards + (1 if self.in_shard or not self.shards else 0)
        return [self.out / shard_name(i) for i in range(count)]

    # finishing

    def finish(self, report: dict) -> None:
        """Write the last shard and the report, then rename everything into place."""
        if self.finished_report is None:
            assert self._jsonl is not None
            self._wait()
            write_atomic(part_path(self.out, REPORT_NAME),
                         srsly.json_dumps(report, indent=2).encode("utf-8"))
            if self.in_shard or not self.shards:
                self._flush_shard(complete=True)
            else:
                self._sync_jsonl()
                self._save_checkpoint(complete=True)
            self._jsonl.close()
        self._commit()

    def _commit(self) -> None:
        """Rename the part files (idempotent: a resumed run may redo it)."""
        for i in range(self.shards):
            self._publish(shard_name(i))
        for path in self.out.glob("annotations_*.spacy"):
            index = shard_index(path.name)
            if index is not None and index >= self.shards:
                path.unlink()  # a stale shard of an earlier, longer run
        self._publish(JSONL_NAME)
        self._publish(REPORT_NAME)
        self.checkpoint_path.unlink(missing_ok=True)

    def _publish(self, name: str) -> None:
        part = part_path(self.out, name)
        if part.exists():
            os.replace(part, self.out / name)

    def close(self) -> None:
        """Close the JSONL part file (the part files stay for ``--resume``), once the
        shard in flight is written (an error there leaves the checkpoint before it, and
        the error that stopped the run, if any, is the one raised)."""
        try:
            self._wait()
        except Exception:  # noqa: BLE001  (finish() raises it on a complete run)
            pass
        finally:
            if self._writer is not None:
                self._writer.shutdown()
                self._writer = None
            if self._jsonl is not None and not self._jsonl.closed:
                self._jsonl.close()


# --- the run --------------------------------------------------------------------------


@contextmanager
def open_engine(
    model: str, n_process: int, dask: str | None, dask_parts: str | None,
    chunk_chars: int, batch_size: int, shard_size: int,
) -> Iterator[Engine]:
    """The engine the options ask for (see the module docstring)."""
    if dask:
        from .distributed import dask_engine

        with dask_engine(dask, model, chunk_chars, batch_size, shard_size, dask_parts) as engine:
            yield engine
    elif n_process > 1:
        with pool_engine(model, n_process, chunk_chars, batch_size) as engine:
            yield engine
    else:
        yield InlineEngine(cached_pipeline(model, freeze=True), chunk_chars, batch_size)


def resolve_model(model: str | os.PathLike) -> str:
    """``model`` as an absolute path when it is a local directory (for other processes)."""
    path = Path(model)
    return str(path.resolve()) if path.exists() else str(model)


def annotate(
    inputs: list[str],
    out_dir: str | os.PathLike,
    model: str | os.PathLike = DEFAULT_MODEL,
    batch_size: int = 64,
    chunk_chars: int = CHUNK_CHARS,
    quiet: bool = False,
    *,
    n_process: int = 1,
    shard_size: int = SHARD_DOCS,
    resume: bool = False,
    dask: str | None = None,
    dask_parts: str | None = None,
    progress: bool | None = None,
) -> dict:
    """Annotate ``inputs`` into ``out_dir`` and return the run report.

    ``progress`` None shows the progress bar when stderr is a terminal and not ``quiet``.
    Raises :class:`UsageError` for bad options or a checkpoint that does not match.
    """
    if n_process < 1 or shard_size < 1 or batch_size < 1 or chunk_chars < 1:
        raise UsageError("--n-process, --shard-size, --batch-size and --chunk-chars must be >= 1")
    if dask and n_process > 1:
        raise UsageError("use either --dask or --n-process")
    start = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    show = progress if progress is not None else (not quiet and sys.stderr.isatty())
    bar = Progress(estimate_documents(inputs) if show else None, enabled=show)
    output = ShardedOutput(out, shard_size, run_fingerprint(inputs, model, chunk_chars, shard_size))
    output.start(resume, bar.write)
    skip = output.documents
    bar.start(skip)
    rejections: list[Rejection] = []
    warnings: list[str] = []
    pipeline_errors: list[str] = []
    n_read = 0

    def accepted() -> Iterator[Item]:
        nonlocal n_read
        seen = 0
        for item in read_inputs(inputs):
            n_read += 1
            if isinstance(item, Rejection):
                rejections.append(item)
                bar.write(f"rejected {item}")
                continue
            for warning in item.warnings:
                note = f"{item.source}:{item.line}: {warning}" if item.line else warning
                warnings.append(note)
                bar.write(f"warning {note}")
            seen += 1
            if seen > skip:
                yield item.text, item.meta

    try:
        if output.finished_report is None:
            with open_engine(resolve_model(model), n_process, dask, dask_parts,
                             chunk_chars, batch_size, shard_size) as engine:
                work = batches(accepted(), engine.task_docs, shard_size)
                for result in ordered_results(engine, work):
                    output.add(result)
                    bar.update(result.documents)
                    for error in result.errors:
                        pipeline_errors.append(error)
                        bar.write(f"error {error}")
            bar.close()
            report = build_report(output, n_read, rejections, warnings,
                                  time.perf_counter() - start, skip, pipeline_errors)
        else:
            report = output.finished_report
        output.finish(report)
    finally:
        bar.close()
        output.close()
    if not quiet:
        print_summary(report)
    return report


def build_report(
    output: ShardedOutput, n_read: int, rejections: list[Rejection], warnings: list[str],
    seconds: float, resumed_from: int, pipeline_errors: list[str] | None = None,
) -> dict:
    """The run report (``report.json``)."""
    new_words = output.words - output.words_at_start
    report = {
        "documents_read": n_read,
        "documents_annotated": output.documents,
        "documents_rejected": len(rejections),
        "words": output.words,
        "entities": dict(sorted(output.entities.items())),
        "seconds": round(seconds, 3),
        "words_per_second": round(new_words / seconds) if seconds else None,
        "rejections": [
            {"file": r.source, "line": r.line, "reason": r.reason} for r in rejections
        ],
        "warnings": warnings,
        "pipeline_errors": pipeline_errors or [],
        "outputs": {
            "jsonl": str(output.out / JSONL_NAME),
            "spacy": str(output.out / SPACY_NAME),
            "spacy_shards": [str(p) for p in output.shard_paths()],
        },
    }
    if resumed_from:
        report["resumed_from_document"] = resumed_from
    return report


def print_summary(report: dict) -> None:
    """What the run did, in a few lines."""
    ents = ", ".join(f"{k} {v}" for k, v in report["entities"].items()) or "none"
    print(
        f"annotated {report['documents_annotated']} of {report['documents_read']} documents "
        f"({report['documents_rejected']} rejected), {report['words']} words, "
        f"{report['seconds']:.2f} s ({report['words_per_second'] or 0} words/s)"
    )
    print(f"entities: {ents}")
    if report.get("pipeline_errors"):
        print(f"{len(report['pipeline_errors'])} documents written without entities after a "
              "pipeline error (report.json: pipeline_errors)")
    shards = report["outputs"].get("spacy_shards", [])
    extra = f" (+{len(shards) - 1} more DocBin shards)" if len(shards) > 1 else ""
    print(f"wrote {report['outputs']['jsonl']} and {report['outputs']['spacy']}{extra}")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``annotate`` subcommand."""
    p = subparsers.add_parser(
        "annotate",
        help="annotate documents into annotations.jsonl and annotations.spacy",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="*", default=[DEFAULT_INPUT],
                   help=".txt files, directories or .jsonl files (default: seeds/)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--model", default=DEFAULT_MODEL,
                   help=f"assembled pipeline directory or package name (default: {DEFAULT_MODEL})")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--chunk-chars", type=int, default=CHUNK_CHARS,
                   help="longer texts are annotated in chunks of at most this many characters")
    p.add_argument("--shard-size", type=int, default=SHARD_DOCS,
                   help=f"documents per DocBin shard (default: {SHARD_DOCS})")
    p.add_argument("--n-process", type=int, default=1,
                   help="worker processes on this machine (default: 1)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run on a Dask cluster: tcp://HOST:PORT, or local:N for N local workers")
    p.add_argument("--dask-parts", metavar="DIR",
                   help="a directory every Dask worker and this client see (shared file "
                        "system): workers write their shards there instead of sending them back")
    p.add_argument("--resume", action="store_true",
                   help="continue the interrupted run in --out (same inputs and options)")
    p.add_argument("--quiet", action="store_true",
                   help="print nothing on success, and no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Entry point of ``annotate``."""
    try:
        report = annotate(
            args.inputs or [DEFAULT_INPUT], args.out, args.model, args.batch_size,
            args.chunk_chars, args.quiet, n_process=args.n_process, shard_size=args.shard_size,
            resume=args.resume, dask=args.dask, dask_parts=args.dask_parts,
        )
    except UsageError as err:
        print(f"annotate: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"\ninterrupted: `--resume` continues from the last checkpoint in {args.out}",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    failed = report["documents_rejected"] or report.get("pipeline_errors")
    return EXIT_REJECTED if failed else EXIT_OK
