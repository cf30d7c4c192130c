"""The spans of a span group, handed from the component that wrote it to the next reader.

Reading a ``SpanGroup`` makes a new ``Span`` object for every span it holds (about a
microsecond each, through two token look-ups): on the ``candidates`` group, most of
what ``tech_modifiers`` and ``entity_resolver`` cost. ``tech_modifiers`` holds a
``Span`` for every span of the group it leaves; it hands them over
(:func:`hand_over`) and :func:`group_spans` gives them to the resolver instead of
reading the group again, if the document still holds that very group, with as many
spans.

Spans refer to their document, so a held list would keep its document alive: each list
is taken once, and at most :data:`MAX_HELD` are kept (the oldest go first), so a
pipeline with no reader after the writer holds no more documents than that.
"""

from __future__ import annotations

from spacy.tokens import Span, SpanGroup

#: Span lists held at most (``nlp.pipe`` hands over a batch of documents at a time).
MAX_HELD = 1024

#: id(doc) -> (the group the doc holds, its spans); the spans keep the doc alive, so
#: its id stays its own while held.
_HELD: dict[int, tuple[SpanGroup, list[Span]]] = {}


def hand_over(group: SpanGroup, spans: list[Span]) -> None:
    """Give ``spans`` (``group``'s spans, in order) to the next :func:`group_spans` of
    ``group``."""
    key = id(group.doc)
    _HELD.pop(key, None)  # a document handed over again goes last
    _HELD[key] = (group, spans)
    if len(_HELD) > MAX_HELD:
        del _HELD[next(iter(_HELD))]


def group_spans(group: SpanGroup) -> list[Span]:
    """``list(group)``: the spans handed over for this group if its length has not
    changed since, else read from the group."""
    held = _HELD.pop(id(group.doc), None)
    if held is not None and held[0] is group and len(held[1]) == len(group):
        return held[1]
    return list(group)
