"""Add documents to a ``DocBin`` faster, with the bytes ``DocBin.add`` would give.

``DocBin.add`` costs more than running this project's whole pipeline over the document
(measured on Reuters newswire, spaCy 3.8, srsly 2.x), for two reasons:

- every ``srsly.msgpack_dumps`` call builds a new msgpack ``Packer``, and building one
  asks ``catalogue`` for the registered encoders, which filters every entry point of
  every installed package: about 1 ms a call, and ``DocBin.add`` makes three calls per
  document (its user data, its span groups, and each span group);
- it reads nine string attributes token by token to collect the strings to store.

:func:`add_doc` makes the same calls with one ``Packer`` built once, and collects the
strings from ``Doc.to_array`` columns (:func:`add_docs`, for a batch of documents, looks
each distinct string up once for the whole batch). It falls back to ``DocBin.add`` for documents
with tags, lemmas, morphology or dependencies (this pipeline sets none of them), and a
test checks that the serialized DocBin is the same byte for byte. The ``Packer`` takes
srsly's msgpack encoders as they are when a thread first uses it.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Iterable

import numpy
import srsly
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG
from spacy.strings import StringStore
from spacy.tokens import Doc, DocBin, SpanGroup

#: Token attributes ``DocBin.add`` stores strings of.
STRING_ATTRS = [ORTH, NORM, ENT_TYPE, ENT_KB_ID, ENT_ID, TAG, LEMMA, MORPH, DEP]
#: Of these, the ones the fast path expects unset (0) on every token.
UNSET_ATTRS = slice(5, 9)  # TAG, LEMMA, MORPH, DEP
_EMPTY_GROUPS = srsly.msgpack_dumps([])  # SpanGroups._EMPTY_BYTES


_LOCAL = threading.local()


def _packer() -> srsly.msgpack.Packer:
    """The ``Packer`` that ``srsly.msgpack_dumps`` builds on each call, built once per
    thread (a ``Packer`` has one buffer: threads must not share it)."""
    packer = getattr(_LOCAL, "packer", None)
    if packer is None:
        packer = _LOCAL.packer = srsly.msgpack.Packer(use_bin_type=True)
    return packer


def msgpack_dumps(data: object) -> bytes:
    """``srsly.msgpack_dumps(data)``, with a reused ``Packer``."""
    return _packer().pack(data)


def span_group_bytes(group: SpanGroup) -> bytes:
    """``SpanGroup.to_bytes()``."""
    spans = [
        struct.pack(">QQQllll", s.id, s.kb_id, s.label, s.start, s.end, s.start_char,
                    s.end_char)
        for s in group
    ]
    return msgpack_dumps({"name": group.name, "attrs": group.attrs, "spans": spans})


def span_groups_bytes(doc: Doc) -> bytes:
    """``doc.spans.to_bytes()``."""
    if not doc.spans:
        return _EMPTY_GROUPS
    msg: dict[bytes, list[str]] = {}
    for key, group in doc.spans.items():
        msg.setdefault(span_group_bytes(group), []).append(key)
    return msgpack_dumps(msg)


def add_doc(docbin: DocBin, doc: Doc) -> None:
    """``docbin.add(doc)``, faster (see the module docstring)."""
    add_docs(docbin, [doc])


def _query(attrs: list[int]) -> tuple[list[int], list[int], list[int]]:
    """The attributes :func:`add_docs` asks ``Doc.to_array`` for: the DocBin's ``attrs``,
    ``SPACY``, then any of ``STRING_ATTRS`` not among them; and where, in those columns,
    the string attributes and the expected-unset ones are."""
    query = [*attrs, SPACY, *(attr for attr in STRING_ATTRS if attr not in attrs)]
    where = [query.index(attr) for attr in STRING_ATTRS]
    return query, where[:UNSET_ATTRS.start], where[UNSET_ATTRS]


def add_docs(docbin: DocBin, docs: Iterable[Doc]) -> None:
    """``docbin.add(doc)`` for each of ``docs``, faster (see the module docstring).

    Each doc's token attributes (stored ones, spaces and strings) come from one
    ``Doc.to_array`` call, and the strings of all the docs are looked up at the end, once
    per distinct hash (``DocBin.strings`` is a set: the order it is filled in does not
    matter).
    """
    width = len(docbin.attrs)
    query, string_cols, unset_cols = _query(docbin.attrs)
    hashes: dict[int, tuple[StringStore, list[numpy.ndarray]]] = {}  # by vocab
    for doc in docs:
        array = doc.to_array(query)
        if len(doc) and array[:, unset_cols].any():
            docbin.add(doc)
            continue
        docbin.tokens.append(array[:, :width])
        docbin.spaces.append(numpy.asarray(array[:, width:width + 1], dtype=bool))
        docbin.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        if len(doc):
            strings = doc.vocab.strings
            hashes.setdefault(id(strings), (strings, []))[1].append(array[:, string_cols])
        docbin.cats.append(doc.cats)
        if docbin.store_user_data:
            docbin.user_data.append(msgpack_dumps(doc.user_data))
        docbin.span_groups.append(span_groups_bytes(doc))
        for group in doc.spans.values():
            for span in group:
                docbin.strings.add(span.label_)
                if span.kb_id in doc.vocab.strings:
                    docbin.strings.add(span.kb_id_)
                if span.id in doc.vocab.strings:
                    docbin.strings.add(span.id_)
    for strings, arrays in hashes.values():
        unique = numpy.unique(numpy.concatenate(arrays)).tolist()
        docbin.strings.update(map(strings.__getitem__, unique))
        docbin.strings.add("")  # for the unset tag, lemma, morphology and dependency
