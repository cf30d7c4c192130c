"""The project's own spaCy components, registered as factories.

The chain is described in ``pipeline/config.cfg``. Every rule-based step writes
*candidates* to ``doc.spans["candidates"]``; one resolver turns them into
``doc.ents``; the normalizer then attaches a ``norm`` dict to each entity
(``ent._.norm``), which DocBin keeps (``store_user_data=True``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import minibatch, registry

from .batching import DEFAULT_BATCH_SIZE, BatchedPipe
from .boilerplate import find_boilerplate
from .collector import gc_paused
from .handover import group_spans

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
ORG_LABEL = get_string_id("ORG")

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

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = DEFAULT_BATCH_SIZE
             ) -> Iterator[Doc]:
        """What ``self(doc)`` does to each document, a batch at a time: the MONEY grammar
        over the whole batch, then the DATE grammar (each keeps its regexes and tables in
        the CPU caches), then the spans, document by document. A document that raises goes
        to the error handler (see :class:`BatchedPipe`)."""
        error_handler = self.get_error_handler()
        key = self.spans_key
        grammars = [(label, find) for label, find, wanted in (
            ("MONEY", find_money, self.money), ("DATE", find_dates, self.dates)) if wanted]
        for batch in minibatch(stream, size=batch_size):
            found = [(label, _find_all(find, batch)) for label, find in grammars]
            done = []
            for i, doc in enumerate(batch):
                try:
                    skipped = 0
                    for label, spans in found:
                        spans_i = spans[i]
                        if isinstance(spans_i, Exception):
                            raise spans_i
                        skipped += add_char_spans(doc, key, spans_i, label)
                    if skipped:
                        doc.user_data["unaligned_candidates"] = skipped
                    done.append(doc)
                except Exception as e:  # noqa: BLE001  (the handler decides)
                    error_handler(self.name, self, [doc], e)
            yield from done


def _find_all(find: Callable[[str], list[tuple[int, int]]], docs: list[Doc]
              ) -> list[list[tuple[int, int]] | Exception]:
    """``find(doc_text(doc))`` for each document, or the exception it raised."""
    found: list[list[tuple[int, int]] | Exception] = []
    for doc in docs:
        try:
            found.append(find(doc_text(doc)))
        except Exception as e:  # noqa: BLE001  (raised again for its document)
            found.append(e)
    return found


@Language.factory(
    "money_date", default_config={"spans_key": CANDIDATES, "money": True, "dates": True}
)
def make_money_date(
    nlp: Language, name: str, spans_key: str, money: bool, dates: bool
) -> MoneyDateGrammar:
    """Factory for :class:`MoneyDateGrammar`."""
    return MoneyDateGrammar(name, spans_key, money, dates)


# --- resolver ------------------------------------------------------------------------


#: A candidate as the resolver sees it: (start, end, start_char, end_char, label id).
SpanKey = tuple[int, int, int, int, int]


class LongestSpanFilter:
    """Choose non-overlapping spans: longest first, then by label priority, then earliest.

    ``[IBM PC]`` (TECH, 2 tokens) beats ``[IBM]`` (ORG); between spans of the same
    length, the label earlier in ``priority`` wins. Called with spans, returns the chosen
    spans sorted by position; :meth:`choose` does the same on plain tuples (the
    resolver reads each candidate's offsets and label once).
    """

    def __init__(self, priority: list[str] | None = None) -> None:
        labels = list(priority or DEFAULT_PRIORITY)
        self.rank = {get_string_id(label): i for i, label in enumerate(labels)}  # by label id
        self.last = len(self.rank)

    def __call__(self, spans: Iterable[Span]) -> list[Span]:
        spans = list(spans)
        keys = [(s.start, s.end, s.start_char, s.end_char, s.label) for s in spans]
        return [spans[i] for i in self.choose(keys)]

    def choose(self, spans: list[SpanKey]) -> list[int]:
        """Indexes of the chosen spans in ``spans``, in position order."""
        rank, last = self.rank.get, self.last
        order = sorted([(start_char - end_char, rank(label, last), start, i, end)
                        for i, (start, end, start_char, end_char, label) in enumerate(spans)])
        taken = 0  # the tokens of the spans chosen so far, as bits
        chosen: list[tuple[int, int]] = []
        for _, _, start, i, end in order:
            tokens = ((1 << (end - start)) - 1) << start
            if start == end or taken & tokens:
                continue
            taken |= tokens
            chosen.append((start, i))
        chosen.sort()  # chosen spans do not overlap: their starts differ
        return [i for _, i in chosen]


@registry.misc("pipeline.longest_span_filter.v1")
def make_longest_span_filter(priority: list[str] | None = None) -> LongestSpanFilter:
    """Choose non-overlapping spans: longest first, then by label priority, then earliest
    (see :class:`LongestSpanFilter`)."""
    return LongestSpanFilter(priority)


class EntityResolver(BatchedPipe):
    """Turn ``doc.spans[candidates]`` into ``doc.ents``.

    Drops candidates with unknown labels or inside boilerplate, then applies the
    configured filter (by default :class:`LongestSpanFilter`, whose ``choose`` works on
    the candidates' offsets and label as tuples). The candidates are the ``Span`` objects
    ``tech_modifiers`` handed over with the group (:mod:`pipeline.handover`), if it
    is the group it left, else read from the group.
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
        groups = doc.spans
        candidates = groups.get(self.spans_key)
        label_ids = self.label_ids
        spans = group_spans(candidates) if candidates else []
        kept = [s for s in spans if s.label in label_ids]
        boilerplate = groups.get(self.boilerplate_key)
        if kept and boilerplate:
            excluded = [(s.start, s.end) for s in boilerplate]
            kept = [s for s in kept if not any(s.start < e and b < s.end for b, e in excluded)]
        choose = getattr(self.span_filter, "choose", None)
        if choose is None:
            ents = self.span_filter(kept)
        elif kept:
            keys = [(s.start, s.end, s.start_char, s.end_char, s.label) for s in kept]
            ents = [kept[i] for i in choose(keys)]
        else:
            ents = []
        doc.set_ents(ents, default="outside")
        if not self.keep_candidates and candidates is not None:
            del groups[self.spans_key]
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
        self._normalizers: dict[int, Normalizer] | None = None
        self._direct: bool | None = None  # see set_norms

    def set_norms(self, doc: Doc, norms: list[tuple[Span, int, int, dict]]) -> None:
        """``ent._.norm = norm`` for each ``(ent, start_char, end_char, norm)``. Setting an
        extension value through ``span._`` costs more than making most norms; where
        ``norm`` is a plain value extension kept in ``doc.user_data`` under spaCy's key
        (checked once, on the first entity), the values are written there directly."""
        if not norms:
            return
        if self._direct is None:
            first, _, _, norm = norms[0]
            first._.norm = norm
            default, method, getter, setter = Span.get_extension("norm")
            key = ("._.", "norm", first.start_char, first.end_char)
            self._direct = (method, getter, setter) == (None, None, None) and (
                doc.user_data.get(key) is norm)
        if self._direct:
            user_data = doc.user_data
            for _, start_char, end_char, norm in norms:
                user_data[("._.", "norm", start_char, end_char)] = norm
        else:
            for ent, _, _, norm in norms:
                ent._.norm = norm

    def normalizers(self) -> dict[int, Normalizer]:
        """The per-label normalizers by label id, imported on first use. Each takes the
        entity, its character offsets, the document's text (``doc.text`` builds it anew
        on every call: ask once per document), the document date and the document's org
        registry (:func:`pipeline.orgs.registry_for`, looked up once per document)."""
        if self._normalizers is None:
            from .grammar.money import normalize_money
            from .grammar.timex import normalize_date
            from .orgs import org_norm
            from .tech import normalize_tech

            self._normalizers = {
                get_string_id("MONEY"): lambda ent, start, end, text, d, r: normalize_money(
                    text, start, end),
                get_string_id("DATE"): lambda ent, start, end, text, d, r: normalize_date(
                    text, start, end, d),
                get_string_id("ORG"): lambda ent, start, end, text, d, r: org_norm(
                    ent, text[start:end], r),
                get_string_id("TECH"): lambda ent, start, end, text, d, r: normalize_tech(ent),
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
        registry = None  # looked up at the first ORG
        normalizers = self.normalizers()
        norms: list[tuple[Span, int, int, dict]] = []
        for ent in ents:
            label = ent.label
            normalize = normalizers.get(label)
            if normalize is None:
                continue
            start, end = ent.start_char, ent.end_char
            try:
                if registry is None and label == ORG_LABEL:
                    registry = orgs.registry_for(doc.vocab)
                norm = normalize(ent, start, end, text, doc_date, registry)
            except Exception:  # a bad value must not lose the document
                logger.exception("could not normalize %s %r", ent.label_, text[start:end])
                norm = {}
            norms.append((ent, start, end, norm))
        self.set_norms(doc, norms)
        return doc


#: A label's normalizer: (entity, start_char, end_char, document text, document date,
#: org registry) -> norm dict.
Normalizer = Callable[[Span, int, int, str, "str | None", "orgs.Registry"], dict]


@Language.factory("entity_normalizer", default_config={})
def make_entity_normalizer(nlp: Language, name: str) -> EntityNormalizer:
    """Factory for :class:`EntityNormalizer`."""
    return EntityNormalizer(name)
