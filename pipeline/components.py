"""The project's own spaCy components, registered as factories.

The chain is described in ``pipeline/config.cfg``. Every rule-based step writes
*candidates* to ``doc.spans["candidates"]``; one resolver turns them into
``doc.ents``; the normalizer then attaches a ``norm`` dict to each entity
(``ent._.norm``), which DocBin keeps (``store_user_data=True``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import registry

from .batching import BatchedPipe
from .boilerplate import find_boilerplate
from .collector import gc_paused

with gc_paused():  # the rules build large regexes and tables at import (pipeline.collector)
    from . import orgs, patterns, rulers, tech, tokenizer  # noqa: F401  (registers functions)
    from .grammar.dates import find_dates
    from .grammar.money import find_money
    from .tokenizer import doc_text

logger = logging.getLogger(__name__)

CANDIDATES = "candidates"
BOILERPLATE = "boilerplate"
LABELS = ("ORG", "MONEY", "DATE", "TECH")
DEFAULT_PRIORITY = ("MONEY", "DATE", "ORG", "TECH")

if not Span.has_extension("norm"):
    Span.set_extension("norm", default=None)


def doc_meta(doc: Doc) -> dict:
    """The document's metadata (``doc.user_data["meta"]``), or an empty dict."""
    meta = doc.user_data.get("meta")
    return meta if isinstance(meta, dict) else {}


def add_char_spans(
    doc: Doc, key: str, offsets: Iterable[tuple[int, int]], label: str
) -> int:
    """Add ``(start, end)`` character spans to ``doc.spans[key]`` with ``label``.

    Spans must fall on token boundaries; the ones that do not are skipped and
    counted in the return value (the tokenizer rules keep that number at zero
    for the grammars' output, and a test pins it).
    """
    group = doc.spans[key] if key in doc.spans else SpanGroup(doc, name=key)
    skipped = 0
    for start, end in offsets:
        span = doc.char_span(start, end, label=label)
        if span is None:
            skipped += 1
            continue
        group.append(span)
    doc.spans[key] = group
    return skipped


# --- boilerplate ---------------------------------------------------------------------


class BoilerplateMarker(BatchedPipe):
    """Mark site furniture (footers, comment forms, share lines) in ``doc.spans``.

    The text is kept whole; the resolver drops candidates inside these ranges.
    """

    def __init__(self, name: str, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        group = SpanGroup(doc, name=self.spans_key)
        for start, end, reason in find_boilerplate(doc_text(doc)):
            span = doc.char_span(start, end, label=reason, alignment_mode="expand")
            if span is not None:
                group.append(span)
        doc.spans[self.spans_key] = group
        return doc


@Language.factory("boilerplate", default_config={"spans_key": BOILERPLATE})
def make_boilerplate(nlp: Language, name: str, spans_key: str) -> BoilerplateMarker:
    """Factory for :class:`BoilerplateMarker`."""
    return BoilerplateMarker(name, spans_key)


# --- MONEY and DATE grammars ---------------------------------------------------------


class MoneyDateGrammar(BatchedPipe):
    """Run the MONEY and DATE regular-expression grammars over the text.

    The grammars live in :mod:`pipeline.grammar.money` and
    :mod:`pipeline.grammar.dates`; this component aligns their character spans
    to tokens and adds them as candidates.

    The text comes from :func:`doc_text`, shared with the boilerplate marker and the
    normalizer.
    """

    def __init__(self, name: str, spans_key: str, money: bool, dates: bool) -> None:
        self.name = name
        self.spans_key = spans_key
        self.money = money
        self.dates = dates

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        skipped = 0
        if self.money:
            skipped += add_char_spans(doc, self.spans_key, find_money(text), "MONEY")
        if self.dates:
            skipped += add_char_spans(doc, self.spans_key, find_dates(text), "DATE")
        if skipped:
            doc.user_data["unaligned_candidates"] = skipped
        return doc


@Language.factory(
    "money_date", default_config={"spans_key": CANDIDATES, "money": True, "dates": True}
)
def make_money_date(
    nlp: Language, name: str, spans_key: str, money: bool, dates: bool
) -> MoneyDateGrammar:
    """Factory for :class:`MoneyDateGrammar`."""
    return MoneyDateGrammar(name, spans_key, money, dates)


# --- resolver ------------------------------------------------------------------------


@registry.misc("pipeline.longest_span_filter.v1")
def make_longest_span_filter(
    priority: list[str] | None = None,
) -> Callable[[Iterable[Span]], list[Span]]:
    """Choose non-overlapping spans: longest first, then by label priority, then earliest.

    ``[IBM PC]`` (TECH, 2 tokens) beats ``[IBM]`` (ORG); between spans of the same
    length, the label earlier in ``priority`` wins. Returns the spans sorted by
    position.
    """
    labels = list(priority or DEFAULT_PRIORITY)
    rank = {get_string_id(label): i for i, label in enumerate(labels)}  # by label id
    last = len(rank)

    def longest_span_filter(spans: Iterable[Span]) -> list[Span]:
        ordered = sorted(
            spans, key=lambda s: (s.start_char - s.end_char, rank.get(s.label, last), s.start)
        )
        taken: set[int] = set()
        chosen: list[Span] = []
        for span in ordered:
            tokens = range(span.start, span.end)
            if span.start == span.end or any(i in taken for i in tokens):
                continue
            taken.update(tokens)
            chosen.append(span)
        return sorted(chosen, key=lambda s: s.start)

    return longest_span_filter


class EntityResolver(BatchedPipe):
    """Turn ``doc.spans[candidates]`` into ``doc.ents``.

    Drops candidates with unknown labels or inside boilerplate, then applies the
    configured filter (by default :func:`make_longest_span_filter`).
    """

    def __init__(
        self,
        name: str,
        spans_key: str,
        boilerplate_key: str,
        labels: list[str],
        span_filter: Callable[[Iterable[Span]], list[Span]],
        keep_candidates: bool,
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.boilerplate_key = boilerplate_key
        self.labels = set(labels)
        self.label_ids = {get_string_id(label) for label in labels}
        self.span_filter = span_filter
        self.keep_candidates = keep_candidates

    def __call__(self, doc: Doc) -> Doc:
        candidates = list(doc.spans.get(self.spans_key, []))
        excluded = [(s.start, s.end) for s in doc.spans.get(self.boilerplate_key, [])]
        label_ids = self.label_ids
        kept = [s for s in candidates if s.label in label_ids]
        if excluded:
            kept = [s for s in kept if not any(s.start < e and b < s.end for b, e in excluded)]
        doc.set_ents(self.span_filter(kept), default="outside")
        if not self.keep_candidates and self.spans_key in doc.spans:
            del doc.spans[self.spans_key]
        return doc


@Language.factory(
    "entity_resolver",
    default_config={
        "spans_key": CANDIDATES,
        "boilerplate_key": BOILERPLATE,
        "labels": list(LABELS),
        "span_filter": {"@misc": "pipeline.longest_span_filter.v1"},
        "keep_candidates": False,
    },
)
def make_entity_resolver(
    nlp: Language,
    name: str,
    spans_key: str,
    boilerplate_key: str,
    labels: list[str],
    span_filter: Callable[[Iterable[Span]], list[Span]],
    keep_candidates: bool,
) -> EntityResolver:
    """Factory for :class:`EntityResolver`."""
    return EntityResolver(name, spans_key, boilerplate_key, labels, span_filter, keep_candidates)


# --- normalizer ----------------------------------------------------------------------


class EntityNormalizer(BatchedPipe):
    """Attach a normalized value to every entity as ``ent._.norm`` (a dict).

    MONEY: value, currency, qualifier; DATE: TIMEX3 type and value resolved
    against ``meta.date``; ORG: canonical id and ticker; TECH: id and category.
    A normalizer that fails on one span leaves ``norm`` empty and logs it; it
    never loses the document.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._normalizers: dict[str, Normalizer] | None = None
        self._direct: bool | None = None  # see set_norms

    def set_norms(self, doc: Doc, norms: list[tuple[Span, dict]]) -> None:
        """``span._.norm = norm`` for each pair. Setting an extension value through
        ``span._`` costs more than making most norms; where ``norm`` is a plain value
        extension kept in ``doc.user_data`` under spaCy's key (checked once, on the
        first span), the values are written there directly."""
        if not norms:
            return
        if self._direct is None:
            span, norm = norms[0]
            span._.norm = norm
            default, method, getter, setter = Span.get_extension("norm")
            key = ("._.", "norm", span.start_char, span.end_char)
            self._direct = (method, getter, setter) == (None, None, None) and (
                doc.user_data.get(key) is norm)
        if self._direct:
            user_data = doc.user_data
            for span, norm in norms:
                user_data[("._.", "norm", span.start_char, span.end_char)] = norm
        else:
            for span, norm in norms:
                span._.norm = norm

    def normalizers(self) -> dict[str, Normalizer]:
        """The per-label normalizers, imported on first use. Each takes the span, the
        document's text (``doc.text`` builds it anew on every call: ask once per
        document) and the document date."""
        if self._normalizers is None:
            from .grammar.dates import normalize_date
            from .grammar.money import normalize_money
            from .orgs import normalize_org
            from .tech import normalize_tech

            self._normalizers = {
                "MONEY": lambda s, text, d: normalize_money(text, s.start_char, s.end_char),
                "DATE": lambda s, text, d: normalize_date(text, s.start_char, s.end_char, d),
                "ORG": lambda s, text, d: normalize_org(s),
                "TECH": lambda s, text, d: normalize_tech(s),
            }
        return self._normalizers

    def __call__(self, doc: Doc) -> Doc:
        ents = doc.ents
        if not ents:
            return doc
        doc_date = doc_meta(doc).get("date")
        if not isinstance(doc_date, str):
            doc_date = None
        text = doc_text(doc)
        normalizers = self.normalizers()
        norms: list[tuple[Span, dict]] = []
        for ent in ents:
            normalize = normalizers.get(ent.label_)
            if normalize is None:
                continue
            try:
                norms.append((ent, normalize(ent, text, doc_date)))
            except Exception:  # a bad value must not lose the document
                logger.exception("could not normalize %s %r", ent.label_, ent.text)
                norms.append((ent, {}))
        self.set_norms(doc, norms)
        return doc


#: A label's normalizer: (span, document text, document date) -> norm dict.
Normalizer = Callable[[Span, str, "str | None"], dict]


@Language.factory("entity_normalizer", default_config={})
def make_entity_normalizer(nlp: Language, name: str) -> EntityNormalizer:
    """Factory for :class:`EntityNormalizer`."""
    return EntityNormalizer(name)
