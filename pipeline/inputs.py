"""Read input documents, and say exactly what could not be used.

Inputs are ``.txt`` files, directories (their ``.txt`` and ``.jsonl`` files, sorted by
name), and ``.jsonl`` files whose lines are ``{"text": ..., "meta": {...}}`` (``meta.id``
names the document, ``meta.date`` is its publication date; a top-level ``id`` or ``date``
is accepted too).

:func:`read_inputs` yields, in input order, an :class:`InputDoc` for every usable
document and a :class:`Rejection` (file, line, reason) for everything else: invalid
JSON, a line that is not an object, a missing, null, non-string or empty ``text``,
invalid UTF-8, a ``meta`` a DocBin cannot hold (an integer beyond 64 bits), a binary or
empty file, a file type we do not read. Nothing is dropped
silently. Text is kept exactly as given (CRLF and lone CR included, so offsets index
it); only a leading byte-order mark is removed, and recorded in ``meta``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .docbin import msgpack_dumps

BOM = b"\xef\xbb\xbf"
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)


@dataclass
class InputDoc:
    """One usable document: its text, metadata (with ``id``), and where it came from."""

    text: str
    meta: dict
    source: str
    line: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Rejection:
    """An input that could not be used, with the file, line and reason."""

    source: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """UTF-8 text of ``data``, or ``(None, reason)`` naming the first bad byte."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        return None, f"invalid UTF-8 at byte {err.start} ({data[err.start:err.start + 1]!r})"


def _looks_binary(data: bytes) -> bool:
    """A file with NUL bytes in its first 8 KB that is not valid UTF-8 text is binary."""
    head = data[:8192]
    return b"\x00" in head and _decode(head)[0] is None or head.count(b"\x00") > len(head) // 10


def check_text(text: object) -> str | None:
    """The reason a ``text`` value is unusable, or None when it is usable."""
    if text is None:
        return "missing or null 'text'"
    if not isinstance(text, str):
        return f"'text' must be a string, not {type(text).__name__}"
    if not text.strip():
        return "empty 'text'"
    return None


def read_txt(path: Path) -> Iterator[InputDoc | Rejection]:
    """One document from a ``.txt`` file (id: the file name without suffix)."""
    data = path.read_bytes()
    meta: dict = {"id": path.stem, "source": str(path)}
    if not data:
        yield Rejection(str(path), None, "empty file")
        return
    if _looks_binary(data):
        yield Rejection(str(path), None, "binary file (NUL bytes), not text")
        return
    if data.startswith(BOM):
        data = data[len(BOM):]
        meta["bom_removed"] = True
    text, reason = _decode(data)
    if text is None:
        yield Rejection(str(path), None, reason or "undecodable")
        return
    problem = check_text(text)
    if problem:
        yield Rejection(str(path), None, problem)
        return
    yield InputDoc(text=text, meta=meta, source=str(path))


def parse_jsonl_line(raw: bytes, source: str, lineno: int) -> InputDoc | Rejection | None:
    """One JSONL line as a document or a rejection; None for a blank line."""
    if lineno == 1 and raw.startswith(BOM):
        raw = raw[len(BOM):]
    raw = raw.rstrip(b"\r\n")
    if not raw.strip():
        return None
    line, reason = _decode(raw)
    if line is None:
        return Rejection(source, lineno, reason or "undecodable")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Rejection(source, lineno, f"invalid JSON: {err.msg} (column {err.colno})")
    if not isinstance(record, dict):
        return Rejection(source, lineno, f"not a JSON object but {type(record).__name__}")
    problem = check_text(record.get("text"))
    if problem:
        return Rejection(source, lineno, problem)
    meta = record.get("meta", {})
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return Rejection(source, lineno, f"'meta' must be an object, not {type(meta).__name__}")
    meta = dict(meta)
    for key in ("id", "date"):
        if meta.get(key) is None and record.get(key) is not None:
            meta[key] = record[key]
    if meta.get("id") is None:
        meta["id"] = f"{Path(source).stem}:{lineno}"
    meta["id"] = str(meta["id"])
    try:  # the DocBin keeps meta in msgpack: a value it cannot hold would fail the run later
        msgpack_dumps(meta)  # srsly.msgpack_dumps(meta), without its ~0.3 ms Packer setup
    except (OverflowError, TypeError, ValueError) as err:
        return Rejection(source, lineno, f"'meta' cannot be stored in a DocBin: {err}")
    return InputDoc(text=record["text"], meta=meta, source=source, line=lineno)


def read_jsonl(path: Path) -> Iterator[InputDoc | Rejection]:
    """Documents from a JSONL file, one per non-blank line, streamed."""
    with path.open("rb") as f:
        empty = True
        for lineno, raw in enumerate(f, start=1):
            empty = False
            item = parse_jsonl_line(raw, str(path), lineno)
            if item is not None:
                yield item
        if empty:
            yield Rejection(str(path), None, "empty file")


def expand_paths(inputs: Iterable[str | os.PathLike]) -> Iterator[Path | Rejection]:
    """Files to read, in order: each given file, and each directory's files sorted by name."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name.startswith("."):
                    continue
                if child.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES:
                    yield child
                else:
                    yield Rejection(str(child), None, f"unsupported file type {child.suffix!r}")
        elif path.is_file():
            yield path
        else:
            yield Rejection(str(path), None, "no such file or directory")


def read_inputs(inputs: Iterable[str | os.PathLike]) -> Iterator[InputDoc | Rejection]:
    """Every document and rejection of ``inputs``, in input order, with unique ids.

    A repeated id is kept apart by a suffix (``doc-1``, then ``doc-1~2``) and the
    document carries a warning: two different documents are never merged or lost.
    """
    seen: dict[str, int] = {}
    for path in expand_paths(inputs):
        if isinstance(path, Rejection):
            yield path
            continue
        items = read_jsonl(path) if path.suffix.lower() in JSONL_SUFFIXES else read_txt(path)
        try:
            for item in items:
                if isinstance(item, InputDoc):
                    doc_id = item.meta["id"]
                    seen[doc_id] = seen.get(doc_id, 0) + 1
                    if seen[doc_id] > 1:
                        new_id = f"{doc_id}~{seen[doc_id]}"
                        item.warnings.append(f"duplicate id {doc_id!r} renamed to {new_id!r}")
                        item.meta["id"] = new_id
                yield item
        except OSError as err:
            yield Rejection(str(path), None, f"cannot read: {err.strerror or err}")
