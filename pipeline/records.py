"""Annotated documents as Prodigy-style JSONL records, and back.

One record per document::

    {"text": "...", "meta": {"id": "...", "date": "2024-04-09", ...},
     "tokens": [{"text": "Microsoft", "start": 0, "end": 9, "id": 0, "ws": true}, ...],
     "spans": [{"start": 0, "end": 9, "token_start": 0, "token_end": 0,
                "label": "ORG", "text": "Microsoft", "id": "microsoft", "norm": {...}}],
     "_input_hash": -1277324294, "_task_hash": 1520937001}

``token_end`` is inclusive (Prodigy's convention); offsets index the original text.
``meta.boilerplate`` lists the ``[start, end]`` ranges excluded as site furniture.
The hashes follow Prodigy's scheme (input hash over the text, task hash over the
input hash and the spans), so Prodigy deduplicates our records as its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import srsly
from murmurhash import hash as murmur
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab


def input_hash(text: str) -> int:
    """Prodigy-style hash of the input (the text)."""
    return murmur(srsly.json_dumps({"text": text}, sort_keys=True))


def task_hash(in_hash: int, spans: list[dict]) -> int:
    """Prodigy-style hash of the task: the input hash and the spans."""
    key = [(s["start"], s["end"], s["label"]) for s in spans]
    return murmur(srsly.json_dumps({"input": in_hash, "spans": key}, sort_keys=True))


def span_record(span: Span) -> dict:
    """One entity as a JSONL span dict (with ``id`` and ``norm`` when known)."""
    record: dict = {
        "start": span.start_char,
        "end": span.end_char,
        "token_start": span.start,
        "token_end": span.end - 1,
        "label": span.label_,
        "text": span.text,
    }
    if span.id_:
        record["id"] = span.id_
    norm = span._.norm if span.has_extension("norm") else None
    if norm:
        record["norm"] = norm
    return record


def doc_to_record(doc: Doc) -> dict:
    """A processed Doc as a Prodigy-style record (see the module docstring)."""
    meta = dict(doc.user_data.get("meta") or {})
    if doc.spans.get("boilerplate"):
        meta["boilerplate"] = [[s.start_char, s.end_char] for s in doc.spans["boilerplate"]]
    tokens = [
        {"text": t.text, "start": t.idx, "end": t.idx + len(t), "id": t.i,
         "ws": bool(t.whitespace_)}
        for t in doc
    ]
    spans = [span_record(ent) for ent in doc.ents]
    in_hash = input_hash(doc.text)
    return {
        "text": doc.text,
        "meta": meta,
        "tokens": tokens,
        "spans": spans,
        "_input_hash": in_hash,
        "_task_hash": task_hash(in_hash, spans),
    }


def record_to_doc(record: dict, vocab: Vocab) -> Doc:
    """Rebuild a Doc from a record's tokens and spans (the inverse of :func:`doc_to_record`).

    Raises ``ValueError`` when a span does not fall on the record's token boundaries.
    """
    tokens = record["tokens"]
    doc = Doc(vocab, words=[t["text"] for t in tokens], spaces=[bool(t["ws"]) for t in tokens])
    if doc.text != record["text"]:
        raise ValueError("tokens do not rebuild the text")
    ents = []
    spans = sorted(record.get("spans", []), key=lambda s: s["start"])
    for s in spans:
        span = doc.char_span(s["start"], s["end"], label=s["label"], span_id=s.get("id") or 0)
        if span is None:
            raise ValueError(f"span {s['start']}-{s['end']} does not align with tokens")
        ents.append(span)
    doc.set_ents(ents, default="outside")
    if not Span.has_extension("norm"):
        Span.set_extension("norm", default=None)
    for ent, s in zip(doc.ents, spans, strict=True):
        if s.get("norm"):
            ent._.norm = s["norm"]
    meta = dict(record.get("meta") or {})
    ranges = meta.pop("boilerplate", None) or []
    pieces = [doc.char_span(b, e, label="boilerplate", alignment_mode="expand") for b, e in ranges]
    if pieces:
        doc.spans["boilerplate"] = [p for p in pieces if p is not None]
    doc.user_data["meta"] = meta
    return doc


def write_jsonl_stream(path: str, records: Iterable[dict]) -> Iterator[dict]:
    """Write records one line at a time, yielding each after it is written."""
    with open(path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(srsly.json_dumps(record) + "\n")
            yield record
