"""The annotate command: inputs → pipeline → ``annotations.jsonl`` + ``annotations.spacy``.

``python -m pipeline annotate INPUT... --out DIR`` is a public contract: scripts and
measurements call it. It writes, in ``DIR``:

- ``annotations.jsonl``: one Prodigy-style record per input document, in input order
  (see :mod:`pipeline.records`);
- ``annotations.spacy``: the same documents as a DocBin (metadata in ``user_data``);
- ``report.json``: documents read, annotated and rejected, each rejection with its file,
  line and reason.

Exit status: 0 when every document was annotated, 3 when some input was rejected (the
outputs hold all the others), 2 on a usage error, 1 on a failure.
Outputs appear under their final names only when complete (written to temporary files,
then renamed).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .inputs import InputDoc, Rejection, read_inputs
from .records import doc_to_record

DEFAULT_MODEL = "training/pipeline"
DEFAULT_INPUT = "seeds"
CHUNK_CHARS = 100_000
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3


def load_pipeline(model: str | os.PathLike) -> Language:
    """The assembled pipeline at ``model``; assembles from the config when it is missing."""
    path = Path(model)
    if path.exists() or str(model) != DEFAULT_MODEL:
        return spacy.load(model)
    from .assemble import build_pipeline

    return build_pipeline()


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


def make_docs(nlp: Language, items: Iterable[InputDoc], chunk_chars: int) -> Iterator[Doc]:
    """Docs to run through the pipeline; a long text becomes several chunk docs.

    Each doc carries ``user_data["meta"]`` and, for chunks, ``user_data["chunk"] =
    (index, count)``; :func:`merge_chunks` puts them back together.
    """
    for item in items:
        text = item.text
        if len(text) <= chunk_chars:
            doc = nlp.make_doc(text)
            doc.user_data["meta"] = item.meta
            yield doc
            continue
        bounds = [0, *split_points(text, chunk_chars), len(text)]
        count = len(bounds) - 1
        for i in range(count):
            doc = nlp.make_doc(text[bounds[i]:bounds[i + 1]])
            doc.user_data["meta"] = item.meta
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
            merged = Doc.from_docs(pending, ensure_whitespace=False)
            merged.user_data = {
                k: v for k, v in merged.user_data.items() if k not in ("chunk", "meta")
            }
            merged.user_data["meta"] = {**meta, "chunks": len(pending)}
            pending = []
            yield merged


def annotate(
    inputs: list[str],
    out_dir: str | os.PathLike,
    model: str | os.PathLike = DEFAULT_MODEL,
    batch_size: int = 64,
    chunk_chars: int = CHUNK_CHARS,
    quiet: bool = False,
) -> dict:
    """Annotate ``inputs`` into ``out_dir`` and return the run report."""
    start = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    nlp = load_pipeline(model)
    rejections: list[Rejection] = []
    warnings: list[str] = []
    counts: Counter[str] = Counter()
    n_read = n_done = n_words = 0

    def accepted() -> Iterator[InputDoc]:
        nonlocal n_read
        for item in read_inputs(inputs):
            n_read += 1
            if isinstance(item, Rejection):
                rejections.append(item)
                print(f"rejected {item}", file=sys.stderr)
                continue
            for warning in item.warnings:
                note = f"{item.source}:{item.line}: {warning}" if item.line else warning
                warnings.append(note)
                print(f"warning {note}", file=sys.stderr)
            yield item

    jsonl_path, spacy_path = out / "annotations.jsonl", out / "annotations.spacy"
    tmp_jsonl, tmp_spacy = out / ".annotations.jsonl.part", out / ".annotations.spacy.part"
    docbin = DocBin(store_user_data=True)
    with tmp_jsonl.open("w", encoding="utf-8") as f:
        chunks = make_docs(nlp, accepted(), chunk_chars)
        docs = merge_chunks(nlp.pipe(chunks, batch_size=batch_size))
        for doc in docs:
            record = doc_to_record(doc)
            f.write(srsly.json_dumps(record) + "\n")
            docbin.add(doc)
            n_done += 1
            n_words += sum(1 for t in doc if not t.is_space)
            counts.update(s["label"] for s in record["spans"])
    docbin.to_disk(tmp_spacy)
    os.replace(tmp_jsonl, jsonl_path)
    os.replace(tmp_spacy, spacy_path)
    seconds = time.perf_counter() - start
    report = {
        "documents_read": n_read,
        "documents_annotated": n_done,
        "documents_rejected": len(rejections),
        "words": n_words,
        "entities": dict(sorted(counts.items())),
        "seconds": round(seconds, 3),
        "words_per_second": round(n_words / seconds) if seconds else None,
        "rejections": [
            {"file": r.source, "line": r.line, "reason": r.reason} for r in rejections
        ],
        "warnings": warnings,
        "outputs": {"jsonl": str(jsonl_path), "spacy": str(spacy_path)},
    }
    srsly.write_json(out / "report.json", report)
    if not quiet:
        print_summary(report)
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
    print(f"wrote {report['outputs']['jsonl']} and {report['outputs']['spacy']}")


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
    p.add_argument("--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Entry point of ``annotate``."""
    report = annotate(args.inputs or [DEFAULT_INPUT], args.out, args.model,
                      args.batch_size, args.chunk_chars, args.quiet)
    return EXIT_REJECTED if report["documents_rejected"] else EXIT_OK
