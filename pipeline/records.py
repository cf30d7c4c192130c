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

from collections.abc import Callable, Iterable, Iterator

import srsly
from murmurhash import hash as murmur
from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab


def input_hash(text: str) -> int:
    """Prodigy-style hash of the input (the text)."""
    return murmur(srsly.json_dumps({"text": text}, sort_keys=True))


def task_hash(in_hash: int, spans: list[dict]) -> int:
    """Prodigy-style hash of the task: the input hash and the spans."""
    key = [(s["start"], s["end"], s["label"]) for s in spans]
    return murmur(srsly.json_dumps({"input": in_hash, "spans": key}, sort_keys=True))


def _norm_reader(doc: Doc) -> Callable[[Span], object]:
    """``span -> span._.norm`` (or ``None`` without the extension). A plain value
    extension is read from ``doc.user_data`` under spaCy's key, as ``span._`` does
    (building the ``span._`` object costs more than the read)."""
    if not Span.has_extension("norm"):
        return lambda span: None
    default, method, getter, setter = Span.get_extension("norm")
    if method is not None or getter is not None or isinstance(default, (dict, list, set)):
        return lambda span: span._.norm
    get = doc.user_data.get
    return lambda span: get(("._.", "norm", span.start_char, span.end_char), default)


def _span_record(span: Span, text: str, norm_of: Callable[[Span], object]) -> dict:
    """:func:`span_record` with the doc's text and norm reader given."""
    start = span.start_char
    end = span.end_char
    record: dict = {
        "start": start,
        "end": end,
        "token_start": span.start,
        "token_end": span.end - 1,
        "label": span.label_,
        "text": text[start:end],
    }
    if span.id_:
        record["id"] = span.id_
    norm = norm_of(span)
    if norm:
        record["norm"] = norm
    return record


def span_record(span: Span) -> dict:
    """One entity as a JSONL span dict (with ``id`` and ``norm`` when known)."""
    return _span_record(span, span.doc.text, _norm_reader(span.doc))


def _doc_tokens(doc: Doc) -> tuple[str, list[dict]]:
    """The doc's text and its tokens as JSONL token dicts, built from ``doc.to_array``
    and the vocab's strings rather than from ``Token`` objects (``doc.text`` makes one
    per token too)."""
    if not len(doc):
        return "", []
    strings = doc.vocab.strings
    rows = doc.to_array([IDX, SPACY, ORTH]).tolist()
    tokens = []
    append = tokens.append
    pieces = []
    add = pieces.append
    for i, (start, space, orth) in enumerate(rows):
        word = strings[orth]
        ws = space == 1
        append({"text": word, "start": start, "end": start + len(word), "id": i, "ws": ws})
        add(word + " " if ws else word)
    return "".join(pieces), tokens


def doc_to_record(doc: Doc) -> dict:
    """A processed Doc as a Prodigy-style record (see the module docstring)."""
    text, tokens = _doc_tokens(doc)
    spans = _spans(doc, text)
    in_hash = input_hash(text)
    return {
        "text": text,
        "meta": _meta(doc),
        "tokens": tokens,
        "spans": spans,
        "_input_hash": in_hash,
        "_task_hash": task_hash(in_hash, spans),
    }


def _meta(doc: Doc) -> dict:
    meta = dict(doc.user_data.get("meta") or {})
    if doc.spans.get("boilerplate"):
        meta["boilerplate"] = [[s.start_char, s.end_char] for s in doc.spans["boilerplate"]]
    return meta


def _spans(doc: Doc, text: str) -> list[dict]:
    norm_of = _norm_reader(doc)
    return [_span_record(ent, text, norm_of) for ent in doc.ents]


class RecordWriter:
    """``srsly.json_dumps(doc_to_record(doc))``, built faster (annotate's JSONL lines).

    The token dicts are most of a record and most of its cost: here each token is written
    straight into the JSON text, with its word's JSON string (``srsly.json_dumps``, so
    escaped exactly as in the rest of the line) made once per word type. A test checks
    that the lines are the same, byte for byte.
    """

    MAX_WORDS = 200_000  # word JSON strings kept before the cache starts over

    def __init__(self) -> None:
        self._words: dict[int, str] = {}

    def line(self, doc: Doc) -> str:
        """The record of ``doc`` as one JSON line (without the newline)."""
        rows = doc.to_array([IDX, SPACY, ORTH]).tolist() if len(doc) else []
        strings, words = doc.vocab.strings, self._words
        if len(words) > self.MAX_WORDS:
            words.clear()
        pieces: list[str] = []
        tokens: list[str] = []
        for i, (start, space, orth) in enumerate(rows):
            word = strings[orth]
            quoted = words.get(orth)
            if quoted is None:
                quoted = words[orth] = srsly.json_dumps(word)
            ws = space == 1
            pieces.append(word + " " if ws else word)
            tokens.append(f'{{"text":{quoted},"start":{start},"end":{start + len(word)},'
                          f'"id":{i},"ws":{"true" if ws else "false"}}}')
        text = "".join(pieces)
        spans = _spans(doc, text)
        in_hash = input_hash(text)
        head = srsly.json_dumps({"text": text, "meta": _meta(doc)})
        tail = srsly.json_dumps(
            {"spans": spans, "_input_hash": in_hash, "_task_hash": task_hash(in_hash, spans)})
        return f'{head[:-1]},"tokens":[{",".join(tokens)}],{tail[1:]}'


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
