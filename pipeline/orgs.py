"""ORG names that are in no list: contextual rules, document consistency, normalization.

Components (registered with ``@Language.factory``):
- ``org_context`` runs after the rulers and ADDS ORG candidates to ``doc.spans[spans_key]``
  (rules in ``pipeline.org_rules``): ``Fundamental Brokers Inc``, ``Pfizer (PFE)``,
  ``Australian Defence Force (ADF)`` + later ``ADF``, ``Ministry of Commerce``.
  It records tickers on the span extension ``Span._.org_ticker``, defined abbreviations in
  ``doc.user_data["org_abbrevs"]`` ({"ADF": "Australian Defence Force"}) and ticker brackets
  (never entities) in ``doc.user_data["org_ticker_brackets"]`` ([[start_char, end_char]]).
- ``org_consistency`` runs after the resolver: other mentions of a found ORG name become
  ORG too, with short forms (``Micron Technology`` ... ``Micron``; ``Toshiba Machine Co``
  ... ``Toshiba Machine``) and abbreviations.

Their data (given names, places, titles, common English words; for ``org_context`` also
the org registry) is read from the configured files by ``initialize`` when the pipeline is
assembled, and saved in the component's folder of the pipeline directory (``to_disk``):
``spacy.load`` reads it from there (``from_disk``), from any working directory, with no
repository at hand. Constructing a component reads nothing.

``normalize_org(span)`` gives ``{"id", "ticker"}`` using the org registry of the pipeline
that made the span: each ``org_context`` registers its registry under its vocabulary when
it initializes or loads it (see :func:`registry_for`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from cleanco.clean import (
    custom_basename,
    normalized,
    prepare_default_terms,
    strip_punct,
    tail_removal_rexp,
)
from spacy.attrs import ENT_IOB, ENT_TYPE, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import ensure_path
from spacy.vocab import Vocab

from pipeline import org_rules as rules
from pipeline.batching import BatchedPipe
from pipeline.org_rules import DocView, Found, OrgLexicon, WordLists, word_texts
from pipeline.tokenizer import doc_text

DEFAULT_REGISTRY = "patterns/org_registry.jsonl"
LEXICON_FILE = "lexicon.json"
REGISTRY_FILE = "registry.json"
TICKER_EXT = "org_ticker"
MAX_MEMO = 100_000  # entries of a per-component memo before it is cleared
SHORT_FORM_STRIP = [
    "International", "Group", "Holdings", "Holding", "Technology", "Technologies", "Systems",
    "Communications", "Financial", "Brothers", "Industries", "Electronics", "Software", "Labs",
    "Enterprises", "Motor", "Motors", "Securities", "Corporation", "Company", "Incorporated",
    "Limited", "Worldwide", "Global", "Networks", "Pharmaceuticals", "Microsystems",
]

#: Endings of adjectives (nationalities, ``Congressional``): never a lead word.
ADJECTIVE_ENDINGS = ("ese", "ian", "ish", "ican", "ean", "ional")

#: Second words after which the first is no name of its own: ``Agriculture`` of
#: ``Agriculture Department`` is a field (``Agriculture Secretary``), not the agency.
LEAD_NOT_BEFORE = frozenset({
    "Department", "Ministry", "Office", "Committee", "Commission", "Council", "Board",
    "Agency", "Bureau", "Service", "Authority", "Administration", "Subcommittee",
})

if not Span.has_extension(TICKER_EXT):
    Span.set_extension(TICKER_EXT, default=None)


# ---------------------------------------------------------------------------
# Data the components read at assemble time and save with the pipeline


@dataclass
class LexiconSource:
    """Where ``initialize`` reads the word lists: files (relative to the working directory
    or the repository; a missing file gives an empty list) and the common-word threshold."""

    given_names_path: str
    places_path: str
    titles_path: str
    common_word_logprob: float
    extra_titles: list[str] = field(default_factory=lambda: list(rules.EXTRA_TITLES))

    def read(self) -> WordLists:
        return WordLists.read(
            self.given_names_path, self.places_path, self.titles_path,
            self.common_word_logprob, self.extra_titles,
        )


class LexiconComponent(BatchedPipe):
    """Base of both components: a lexicon whose word lists ``initialize`` reads (when the
    pipeline is assembled) and ``to_disk``/``from_disk``/``to_bytes``/``from_bytes`` save
    and load with the pipeline (``lexicon.json`` in the component's folder).

    A component used with neither (``nlp.add_pipe(...)`` then ``nlp(text)``) reads the
    configured files on its first document.
    """

    def __init__(self, source: LexiconSource, settings: dict[str, Any]) -> None:
        self.source = source
        self.settings = settings  # keyword lists for rules.build_lexicon, from the config
        self.words: WordLists | None = None
        self._lexicon: OrgLexicon | None = None

    @property
    def lexicon(self) -> OrgLexicon:
        if self._lexicon is None:
            self.set_words(self.words or self.source.read())
        return self._lexicon  # type: ignore[return-value]

    def set_words(self, words: WordLists) -> None:
        self.words = words
        self._lexicon = rules.shared_lexicon(rules.build_lexicon(words, **self.settings))

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Read the word lists from the configured files (``python -m pipeline assemble``)."""
        self.set_words(self.source.read())

    def get_data(self) -> dict[str, Any]:
        """What ``to_disk`` saves: file name -> JSON-serializable data."""
        return {LEXICON_FILE: (self.words or self.source.read()).to_dict()}

    def set_data(self, data: dict[str, Any]) -> None:
        """Take the data ``get_data`` gave (one entry may be missing: then nothing is set)."""
        if LEXICON_FILE in data:
            self.set_words(WordLists.from_dict(data[LEXICON_FILE]))

    def to_disk(self, path: str | Path, *, exclude: Any = tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, data in self.get_data().items():
            srsly.write_json(path / name, data, indent=0)

    def from_disk(self, path: str | Path, *, exclude: Any = tuple()) -> LexiconComponent:
        path = ensure_path(path)
        files = [name for name in self.get_data_names() if (path / name).is_file()]
        self.set_data({name: srsly.read_json(path / name) for name in files})
        return self

    def to_bytes(self, *, exclude: Any = tuple()) -> bytes:
        return srsly.msgpack_dumps(self.get_data())

    def from_bytes(self, data: bytes, *, exclude: Any = tuple()) -> LexiconComponent:
        self.set_data(srsly.msgpack_loads(data))
        return self

    def get_data_names(self) -> list[str]:
        return [LEXICON_FILE]


# ---------------------------------------------------------------------------
# org_context


@Language.factory(
    "org_context",
    default_config={
        "spans_key": "candidates",
        "given_names_path": "patterns/lexicon/given_names.txt",
        "places_path": "patterns/lexicon/places.txt",
        "titles_path": "patterns/lexicon/titles.txt",
        "registry_path": DEFAULT_REGISTRY,
        "legal_suffixes": rules.LEGAL_SUFFIXES,
        "corporate_suffixes": rules.CORPORATE_SUFFIXES,
        "head_words": rules.HEAD_WORDS,
        "of_heads": rules.OF_HEADS,
        "non_org_heads": rules.NON_ORG_HEADS,
        "lowercase_heads": rules.LOWERCASE_HEADS,
        "openers": rules.OPENERS,
        "extra_titles": rules.EXTRA_TITLES,
        "ambiguous_titles": rules.AMBIGUOUS_TITLES,
        "exchanges": rules.EXCHANGES,
        "not_tickers": rules.NOT_TICKERS,
        "short_form_strip": SHORT_FORM_STRIP,
        "drop_products": True,
        "common_word_logprob": -11.5,
    },
)
def make_org_context(
    nlp: Language,
    name: str,
    spans_key: str,
    given_names_path: str,
    places_path: str,
    titles_path: str,
    registry_path: str,
    legal_suffixes: list[str],
    corporate_suffixes: list[str],
    head_words: list[str],
    of_heads: list[str],
    non_org_heads: list[str],
    lowercase_heads: list[str],
    openers: list[str],
    extra_titles: list[str],
    ambiguous_titles: list[str],
    exchanges: list[str],
    not_tickers: list[str],
    short_form_strip: list[str],
    drop_products: bool,
    common_word_logprob: float,
) -> OrgContext:
    """Build ``org_context``. The paths are read by ``initialize`` only (see the module)."""
    source = LexiconSource(
        given_names_path, places_path, titles_path, common_word_logprob, extra_titles
    )
    settings = dict(
        legal_suffixes=legal_suffixes, corporate_suffixes=corporate_suffixes,
        head_words=head_words, of_heads=of_heads, non_org_heads=non_org_heads,
        lowercase_heads=lowercase_heads, openers=openers, extra_titles=extra_titles,
        ambiguous_titles=ambiguous_titles, exchanges=exchanges, not_tickers=not_tickers,
    )
    return OrgContext(
        source, settings, registry_path, spans_key, frozenset(short_form_strip), drop_products,
        vocab=nlp.vocab,
    )


class ShortFormComponent(LexiconComponent):
    """A lexicon component that also derives short forms of names (``Micron Technology`` ->
    ``Micron``), rebuilt when its word lists change."""

    strip: frozenset[str]
    _short_forms: ShortForms | None = None

    def set_words(self, words: WordLists) -> None:
        super().set_words(words)
        self._short_forms = None

    @property
    def short_forms(self) -> ShortForms:
        """Short forms of names, with the legal suffixes in :attr:`strip` removed."""
        if self._short_forms is None:
            self._short_forms = ShortForms(self.lexicon, self.strip)
        return self._short_forms


class OrgContext(ShortFormComponent):
    """Add contextual ORG candidates; never removes other labels' candidates.

    ORG candidates inside a ticker bracket (a ruler's ``IBM`` in ``<IBM>``) are dropped: the
    bracket is metadata of the name before it. So are ORG candidates right before a model
    number when ``drop_products`` is set (``Airbus`` in ``Airbus A330``, ``Boeing 777``).
    Other mentions of a name found here are added too (``Toshiba Machine Co`` ...
    ``Toshiba Machine``), so that they outgrow a ruler's shorter ``Toshiba``.
    """

    def __init__(
        self,
        source: LexiconSource,
        settings: dict[str, Any],
        registry_path: str = DEFAULT_REGISTRY,
        spans_key: str = "candidates",
        strip: frozenset[str] = frozenset(SHORT_FORM_STRIP),
        drop_products: bool = True,
        vocab: Vocab | None = None,
    ) -> None:
        super().__init__(source, settings)
        self.vocab = vocab
        self.registry_path = registry_path
        self.spans_key = spans_key
        self.strip = strip
        self.drop_products = drop_products
        self._registry: Registry | None = None
        self._short_forms: ShortForms | None = None

    @property
    def registry(self) -> Registry:
        """The org registry (also ``normalize_org``'s, see :func:`registry_for`)."""
        if self._registry is None:
            self.set_registry(Registry.read(self.registry_path))
        return self._registry  # type: ignore[return-value]

    def set_registry(self, registry: Registry) -> None:
        self._registry = registry
        use_registry(registry, self.vocab)

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Read the word lists and the registry from the configured files."""
        super().initialize(get_examples, nlp=nlp)
        self.set_registry(Registry.read(self.registry_path))

    def get_data(self) -> dict[str, Any]:
        return {**super().get_data(), REGISTRY_FILE: self.registry.to_dict()}

    def set_data(self, data: dict[str, Any]) -> None:
        super().set_data(data)
        if REGISTRY_FILE in data:
            self.set_registry(Registry.from_dict(data[REGISTRY_FILE]))

    def get_data_names(self) -> list[str]:
        return [LEXICON_FILE, REGISTRY_FILE]

    def __call__(self, doc: Doc) -> Doc:
        view = DocView.of(doc, self.lexicon)
        existing = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        known = {(s.start, s.end) for s in existing if s.label == ORG_ID}
        found = find_orgs(view, known)
        if found:
            found = _not_products(view, found, existing, known)
        brackets = ticker_bracket_ranges(view, found)
        abbrevs = {f.abbrev: _text(view, f.start, f.end) for f in found if _is_long_form(view, f)}
        if found or known:  # else no candidate to add or drop
            new, covered = self._new_candidates(view, found, existing, brackets, abbrevs)
            self._update_candidates(view, existing, new, brackets, covered)
        doc.user_data["org_abbrevs"] = {**doc.user_data.get("org_abbrevs", {}), **abbrevs}
        doc.user_data["org_ticker_brackets"] = [
            [doc[s].idx, doc[e - 1].idx + len(doc[e - 1])] for s, e in brackets
        ]
        return doc

    def _new_candidates(
        self, view: DocView, found: list[Found], existing: list[Span],
        brackets: list[tuple[int, int]], abbrevs: dict[str, str],
    ) -> tuple[list[Span], list[bool]]:
        """ORG spans for the findings, their abbreviations and other mentions, and divisions
        of the rulers' ORGs (``Orbelle Research``); and the tokens that these and
        ``existing`` cover."""
        doc, registry = view.doc, self.registry
        found = found + abbreviation_mentions(view, abbrevs, brackets, found)
        found = [f for f in found if not _inside_tokens(f.start, f.end, brackets)]
        long_forms = {
            f.abbrev: _candidate(doc, f, registry) for f in found if _is_long_form(view, f)
        }
        new = [_candidate(doc, f, registry, long_forms.get(f.abbrev or "")) for f in found]
        covered = _coverage(view.n, [*new, *existing])
        more = self._mentions(view, new, existing, brackets, covered)
        more += rules_divisions(view, existing, self.lexicon)
        _cover(covered, more)
        return new + more, covered

    def _update_candidates(
        self, view: DocView, existing: list[Span], new: list[Span],
        brackets: list[tuple[int, int]], covered: list[bool],
    ) -> None:
        """Drop the rulers' ORGs that the rules rule out, add the new ones (no duplicates;
        ``covered``: the tokens inside ``existing`` and ``new``)."""
        doc = view.doc
        defined = {(s.start, s.end) for s in new if s.id}  # this doc's own abbreviations win
        kept = [
            s for s in existing
            if not self._dropped(view, s, brackets, covered)
            and not (s.label == ORG_ID and (s.start, s.end) in defined)
        ]
        seen = {(s.start, s.end, s.label) for s in kept}
        added = []
        for span in new:
            if (span.start, span.end, ORG_ID) not in seen:
                seen.add((span.start, span.end, ORG_ID))
                added.append(span)
        if len(kept) == len(existing) and self.spans_key in doc.spans:
            doc.spans[self.spans_key].extend(added)  # nothing dropped: the same group
        else:
            doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=kept + added)

    def _dropped(
        self, view: DocView, span: Span, brackets: list[tuple[int, int]], covered: list[bool]
    ) -> bool:
        """A ruler's ORG in a ticker bracket, an exchange standing for its index (``the
        Nasdaq fell 82 points``), before a model number (``Boeing 777``), or
        glued to a capitalized word no candidate explains: a person (``Bill Ford``), a
        product (``Ford Mustang``) or a longer unknown name (``Northrop Grumman``)."""
        if span.label != ORG_ID:
            return False
        if _inside(span, brackets):
            return True
        if rules.names_an_index(view, span.start, span.end) or rules.names_a_place(
                view, span.start, span.end):
            return True
        if not self.drop_products:
            return False
        return rules.before_model_number(view, span.end - 1) or not rules.stands_alone(
            view, span.start, span.end, covered
        )

    def _mentions(
        self, view: DocView, found: list[Span], existing: list[Span],
        brackets: list[tuple[int, int]], covered: list[bool],
    ) -> list[Span]:
        """Full and short forms of the names found here, wherever else the doc writes them
        (``covered``: the tokens inside ``found`` and the rulers' candidates)."""
        if not found:
            return []
        doc = view.doc
        own = {(s.start, s.end) for s in found}
        # the rulers' names with their ids: ``Senate`` stays the gazetteer's Senate, not
        # a short form of ``Senate Appropriations Committee``
        listed = {(s.start, s.end): s.id for s in existing if s.label == ORG_ID and s.id}
        forms: dict[tuple[str, ...], Span] = {}
        names: set[tuple[str, ...]] = set()  # the names themselves (not short forms)
        abbrevs = doc.user_data.get("org_abbrevs", {})
        leads: set[tuple[str, ...]] = set()
        for span in found:
            words = tuple(word_texts(view, span.start, span.end))
            names.add(words)
            if len(words) > 1 or view.span_text(span.start, span.end) not in abbrevs:
                for variant in [words, *self.short_forms(words)]:
                    forms.setdefault(variant, span)
                lead = self.short_forms.lead(words)
                if lead:
                    leads.add(lead)
        out = []
        for words, source in forms.items():
            guarded = words not in names and self.short_forms.guarded(words)
            lead_only = words in leads and words not in names
            for start, end in _occurrences(view, words, guarded=guarded):
                if (start, end) in own or _inside_tokens(start, end, brackets):
                    continue
                if any(s < end and start < e for s, e in own) or not rules.stands_alone(
                    view, start, end, covered
                ):
                    continue
                if lead_only and not rules.isolated(view, start, end):
                    continue
                mention = _candidate(doc, Found(start, end, "mention"), self.registry, source)
                if listed.get((start, end), mention.id) == mention.id:
                    out.append(mention)  # else the ruler's name of another org stays
        return out


ORG_ID = get_string_id("ORG")  # ``Span.label`` of ORG spans (no string-store lookup)
TECH_ID = get_string_id("TECH")


#: Legal suffixes that also name a model after a product: ``iPhone SE``, ``Macintosh SE``.
MODEL_SUFFIXES = frozenset({"SE"})


def _not_products(
    view: DocView, found: list[Found], existing: list[Span], known: set[tuple[int, int]]
) -> list[Found]:
    """Leave out names that are a product the TECH ruler knows and a model suffix: ``iPhone
    SE``, ``Macintosh II and Macintosh SE`` (``SE`` is no Societas Europaea there), unless
    the ORG ruler knows the name too."""
    products = {s.end: s.start for s in existing if s.label == TECH_ID}
    if not products:
        return found
    org_starts = {start for start, _ in known}
    return [
        f for f in found
        if not (f.kind == "legal" and view.texts[f.end - 1] in MODEL_SUFFIXES
                and f.end - 1 in products and products[f.end - 1] not in org_starts)
    ]


def _coverage(n: int, spans: list[Span]) -> list[bool]:
    """Per token: inside one of ``spans``."""
    covered = [False] * n
    _cover(covered, spans)
    return covered


def _cover(covered: list[bool], spans: list[Span]) -> None:
    """Mark the tokens of ``spans`` in ``covered``."""
    for span in spans:
        start, end = span.start, span.end
        covered[start:end] = [True] * (end - start)


def rules_divisions(view: DocView, existing: list[Span], lexicon: OrgLexicon) -> list[Span]:
    """A ruler's ORG followed by a region or a corporate word names a division or a unit:
    ``AOL Europe``, ``Merrill Lynch Research``, ``Goldman Sachs Group``; followed by legal
    suffixes, the same company as written (``Standard and Poor's Corp``, ``British Petroleum
    plc``, ``BRITISH PETROLEUM CO PLC``); a ministry's complement that goes on, the longer
    ministry (``Department of Energy and Climate Change``)."""
    out = []
    texts = view.texts
    for span in existing:
        if span.label != ORG_ID:
            continue
        last, j = None, view.next_sig(span.end - 1)
        while j is not None and not view.sent_start[j] and view.legal_at(j):
            last, j = j, view.next_sig(j)
        if last is not None:
            out.append(Span(view.doc, span.start, last + 1, label=ORG_ID))
            continue
        longer = rules.complement_list_end(view, span.start, span.end)
        if longer is not None and not any(  # ``Bank of England and Fed``: two names
                span.end <= s.start < longer for s in existing if s.label == ORG_ID):
            out.append(Span(view.doc, span.start, longer, label="ORG"))
            continue
        nxt = view.next_sig(span.end - 1)
        if nxt is None or texts[nxt] not in lexicon.division_words or view.sent_start[nxt]:
            continue
        if view.caps_line[span.start]:
            continue
        after = view.next_sig(nxt)
        if after is not None and view.name_ok(after) and not view.sent_start[after]:
            continue
        out.append(Span(view.doc, span.start, nxt + 1, label=ORG_ID))
    return out


def _candidate(doc: Doc, f: Found, registry: Registry, source: Span | None = None) -> Span:
    """An ORG span for a finding, carrying its ticker; a mention of a ``source`` name (its
    short form or abbreviation) also carries the source's id and ticker."""
    ident = 0
    if source is not None and source.start != f.start:
        ident = source.id_ or registry.id_for(span_text(source))
    span = Span(doc, f.start, f.end, label=ORG_ID, span_id=ident)
    ticker = f.ticker or (_ticker(source) if source is not None else None)
    if ticker:
        _set_ticker(span, ticker)
    return span


def find_orgs(view: DocView, known: set[tuple[int, int]]) -> list[Found]:
    """All rule findings in the doc (before abbreviation mentions)."""
    found: list[Found] = []
    for chunk in rules.join_comma_names(view, rules.evidence_chunks(view), known):
        found.extend(rules.chunk_findings(view, chunk, known))
    found.extend(rules.lowercase_head_findings(view))
    found.extend(rules.publication_findings(view))
    found.extend(rules.apposition_findings(view, known))
    found.extend(rules.angle_bracket_findings(view))
    found.extend(rules.reverse_abbreviations(view, found))
    return found


def ticker_bracket_ranges(view: DocView, found: list[Found]) -> list[tuple[int, int]]:
    """Token ranges [start, end) of brackets that hold a ticker: ``<MU.N>``, ``(PFE)``."""
    ranges = {(b.open_i, b.close_i + 1) for b in rules.ticker_brackets(view)}
    ranges.update(f.bracket for f in found if f.bracket is not None)
    return sorted(ranges)


def abbreviation_mentions(
    view: DocView, abbrevs: dict[str, str], brackets: list[tuple[int, int]], found: list[Found]
) -> list[Found]:
    """Every other token spelled like a defined abbreviation (headline included):
    ``Innovation Expert Committee (IEC)`` ... ``the IEC will``."""
    taken = [False] * view.n
    for f in found:
        taken[f.start : f.end] = [True] * (f.end - f.start)
    out = []
    for abbr in abbrevs:
        for i in view.where(abbr):
            if taken[i] or _inside_tokens(i, i + 1, brackets):
                continue
            if rules.stands_alone(view, i, i + 1, taken):
                out.append(Found(i, i + 1, "abbrev", abbrev=abbr))
    return out


def _is_long_form(view: DocView, f: Found) -> bool:
    return f.abbrev is not None and _text(view, f.start, f.end) != f.abbrev


def _inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return _inside_tokens(span.start, span.end, ranges)


def _inside_tokens(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def _text(view: DocView, start: int, end: int) -> str:
    """Words of tokens [start, end) joined by single spaces (line wraps normalized)."""
    return " ".join(word_texts(view, start, end))


# ---------------------------------------------------------------------------
# org_consistency


@Language.factory(
    "org_consistency",
    default_config={
        "given_names_path": "patterns/lexicon/given_names.txt",
        "places_path": "patterns/lexicon/places.txt",
        "titles_path": "patterns/lexicon/titles.txt",
        "short_form_strip": SHORT_FORM_STRIP,
        "common_word_logprob": -11.5,
        "boilerplate_key": "boilerplate",
    },
)
def make_org_consistency(
    nlp: Language,
    name: str,
    given_names_path: str,
    places_path: str,
    titles_path: str,
    short_form_strip: list[str],
    common_word_logprob: float,
    boilerplate_key: str,
) -> OrgConsistency:
    """Build ``org_consistency``. The paths are read by ``initialize`` only."""
    source = LexiconSource(given_names_path, places_path, titles_path, common_word_logprob)
    return OrgConsistency(source, frozenset(short_form_strip), boilerplate_key)


class ShortForms:
    """Shorter ways a document writes a name it has given in full."""

    def __init__(self, lexicon: OrgLexicon, strip: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.strip = strip | lexicon.legal_suffixes
        self._memo: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        self._guarded: dict[tuple[str, ...], list[tuple[tuple[str, ...], bool]]] = {}
        self._upper: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._lead: dict[tuple[str, ...], tuple[str] | None] = {}
        self._guarded_word: dict[str, bool] = {}

    def guarded_variants(self, words: tuple[str, ...]) -> list[tuple[tuple[str, ...], bool]]:
        """``(short form, self.guarded(short form))`` for the short forms of ``words``."""
        out = self._guarded.get(words)
        if out is None:
            if len(self._guarded) > MAX_MEMO:
                self._guarded.clear()
            out = self._guarded[words] = [(v, self.guarded(v)) for v in self(words)]
        return out

    def upper(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """``words`` upper-cased (memoized)."""
        out = self._upper.get(words)
        if out is None:
            if len(self._upper) > MAX_MEMO:
                self._upper.clear()
            out = self._upper[words] = tuple(w.upper() for w in words)
        return out

    def __call__(self, words: tuple[str, ...]) -> list[tuple[str, ...]]:
        """``Computer Associates International Inc`` -> ``Computer Associates International``,
        ``Computer Associates``; ``Micron Technology`` -> ``Micron``; not ``General``."""
        out = self._memo.get(words)
        if out is None:
            if len(self._memo) > MAX_MEMO:
                self._memo.clear()
            out = self._memo[words] = self._short_forms(words)
        return out

    def _short_forms(self, words: tuple[str, ...]) -> list[tuple[str, ...]]:
        out = []
        current = list(words)
        while len(current) > 1 and (current[-1] in self.strip or current[-1] in {"&", "and"}):
            current.pop()
            while current and current[-1] in {"&", "and", ",", "-"}:
                current.pop()
            if current and self._valid_short(tuple(current)):
                out.append(tuple(current))
        lead = self.lead(words)
        if lead and lead not in out:
            out.append(lead)
        return out

    def lead(self, words: tuple[str, ...]) -> tuple[str] | None:
        """The lead word of a name (`_lead_word`), after its stripped suffixes (memoized)."""
        try:
            return self._lead[words]
        except KeyError:
            if len(self._lead) > MAX_MEMO:
                self._lead.clear()
            out = self._lead[words] = self._find_lead(words)
            return out

    def _find_lead(self, words: tuple[str, ...]) -> tuple[str] | None:
        current = list(words)
        while len(current) > 1 and current[-1] in self.strip:
            current.pop()
        # One word left: the short form itself (``Versatile`` of ``Versatile Corp``)
        return self._lead_word(current) if len(current) > 1 else None

    def _lead_word(self, words: list[str]) -> tuple[str] | None:
        """The distinctive first word of a longer name, by which a story calls it again
        (``Mellon`` of ``Mellon Bank``, ``Hutton`` of ``E.F. Hutton Group``, ``Purolator``
        of ``Purolator Courier``): a capitalized word of three letters or more, after any
        initials, that is no common word, given name, place, demonym or title."""
        rest = list(words)
        while rest and rules.INITIALS_RE.fullmatch(rest[0]):
            rest.pop(0)
        if not rest or len(rest) == len(words) == 1:
            return None
        if len(rest) > 1 and (rest[1] in {"&", "and", "of", "-", "'s", "’s"}
                              or rest[1] in LEAD_NOT_BEFORE):
            return None
        word, lex = rest[0], self.lexicon
        if len(word) < 3 or not word.isalpha() or not word[0].isupper() or word.isupper():
            return None
        if word.endswith(ADJECTIVE_ENDINGS):  # ``Jamaican``, ``Congressional``
            return None
        if (word in lex.given_names or lex.is_common(word) or word in lex.places
                or word in lex.demonyms or word in lex.titles or word in self.strip
                or word in self.place_starts):
            return None
        return (word,)

    @cached_property
    def place_starts(self) -> frozenset[str]:
        """First words of places of several words (``United``, ``Hong``): a lead word
        alone would match them in ``United Kingdom``, where the place stands alone."""
        return frozenset(p.split()[0] for p in self.lexicon.places if " " in p)

    def _valid_short(self, words: tuple[str, ...]) -> bool:
        lex = self.lexicon
        text = " ".join(words)
        if text in lex.places or text in lex.titles:
            return False
        if len(words) == 1:
            word = words[0]
            if len(word) < 2 or word in lex.demonyms or word in self.strip:
                return False
            if word in lex.given_names or lex.is_common(word):
                return self.guarded(words)  # a common word (``Sun``), if inside a sentence
            return True
        return not (len(words) == 2 and words[0] in lex.given_names)

    def guarded(self, words: tuple[str, ...]) -> bool:
        """A one-word short form that is also a common word (``Sun`` of ``Sun
        Microsystems``): it counts only inside a sentence, where its capital marks a name
        (``owned by Sun.``), never at a sentence start (``Sun shines``) or upper-cased."""
        if len(words) != 1:
            return False
        word = words[0]
        out = self._guarded_word.get(word)
        if out is None:
            if len(self._guarded_word) > MAX_MEMO:
                self._guarded_word.clear()
            lex = self.lexicon
            out = self._guarded_word[word] = (
                len(word) > 2 and word.istitle() and word.isalpha() and lex.is_common(word)
                and word.lower() not in STOP_WORDS and word not in lex.months_weekdays
            )
        return out


@dataclass
class Form:
    """A way a found ORG is written again: its words and the entity it came from."""

    words: tuple[str, ...]
    source: tuple[int, int]  # token range of the entity
    caps_only: bool = False  # upper-cased form: only matches in ALL-CAPS lines
    guarded: bool = False  # a short form that is a common word: inside a sentence only
    lead: bool = False  # only a lead word (`ShortForms.lead`): no capitalized neighbour
    acronym: bool = False  # initials of a name (`acronyms`); a common word: not in caps


BLOCKING_IOB = frozenset({1, 3})  # ENT_IOB of tokens inside an entity: I, B


class OrgConsistency(ShortFormComponent):
    """Tag other mentions of names already found as ORG in the same document.

    Matches are token-aligned, case-exact (upper-case forms only in ALL-CAPS lines), never
    overlap an entity, a ticker bracket or boilerplate, and are not glued to another
    capitalized word (``Micron`` in ``Micron Electronics`` is left alone). A match may
    only replace ORG entities that lie wholly inside it: the headline ``LLOYDS BANK
    CANADA`` after ``Lloyds Bank Canada`` in the body is that name, not ``LLOYDS BANK``.
    """

    def __init__(
        self, source: LexiconSource, strip: frozenset[str], boilerplate_key: str
    ) -> None:
        super().__init__(source, {})
        self.strip = strip
        self.boilerplate_key = boilerplate_key
        self._short_forms: ShortForms | None = None

    def __call__(self, doc: Doc) -> Doc:
        # one call: the view's check, the entities (``doc.ents`` makes a Span of each)
        columns = doc.to_array([ORTH, ENT_IOB, ENT_TYPE])
        orgs = _org_entities(columns[:, 1], columns[:, 2])
        if not orgs:
            DocView.release(doc)  # org_context's view: this is its last reader
            return doc
        view = DocView.of(doc, self.lexicon, columns[:, 0])
        DocView.release(doc)
        taken = self._blocked(doc, columns[:, 1])
        org_at = {i: ent for ent in orgs for i in range(*ent)}
        registry = registry_for(doc.vocab)
        new: list[Span] = []
        replaced: set[tuple[int, int]] = set()
        for form in self.forms(view, orgs):
            for start, end in _occurrences(view, form.words, form.caps_only, form.guarded):
                inner = _inner_orgs(taken, org_at, start, end)
                if inner is None or not rules.stands_alone(view, start, end, taken):
                    continue
                if form.lead and not rules.isolated(view, start, end):
                    continue
                if form.acronym and (view.caps_line[start] and self.lexicon.is_common(
                        form.words[0]) or _in_word(view, start) or _after_ticker_word(
                        view, start)):
                    continue  # ``SAT`` in a headline is the verb; ``non-ICO`` is no
                    # mention; ``under the ticker TSM`` is the ticker
                if rules.names_an_index(view, start, end) or rules.names_a_place(
                        view, start, end):
                    continue  # ``the Nasdaq fell 82 points`` after ``listed on the Nasdaq``
                new.append(self._entity(doc, form.source, start, end, registry))
                replaced |= inner
                taken[start:end] = [True] * (end - start)
        if new:
            kept = [e for e in doc.ents if (e.start, e.end) not in replaced]
            doc.ents = sorted([*kept, *new], key=lambda s: s.start)
        return doc

    def forms(self, view: DocView, orgs: list[tuple[int, int]]) -> list[Form]:
        """Full names, short forms and abbreviations, longest first, one source each
        (``orgs``: the token ranges of the ORG entities)."""
        by_words: dict[tuple[str, ...], Form] = {}
        abbrs_of: dict[str, list[str]] = {}  # long form -> its abbreviations, in order
        for abbr, long_form in view.doc.user_data.get("org_abbrevs", {}).items():
            abbrs_of.setdefault(long_form, []).append(abbr)
        short_forms = self.short_forms
        plain: set[tuple[str, ...]] = set()  # names and their short forms but lead words
        leads: set[tuple[str, ...]] = set()
        acronym_forms: list[tuple[tuple[str, ...], tuple[int, int]]] = []
        for ent in orgs:
            words = tuple(word_texts(view, *ent))
            if words not in by_words:
                by_words[words] = Form(words, ent)
            lead = short_forms.lead(words)
            if lead:
                leads.add(lead)
            plain.add(words)
            for variant, guarded in short_forms.guarded_variants(words):
                if variant not in by_words:
                    by_words[variant] = Form(variant, ent, guarded=guarded)
                if variant != lead:
                    plain.add(variant)
            if abbrs_of:
                for abbr in abbrs_of.get(" ".join(words), ()):
                    if (abbr,) not in by_words:
                        by_words[(abbr,)] = Form((abbr,), ent)
            acronym_forms.extend(((a,), ent) for a in acronyms(words, self.lexicon))
        for words, ent in acronym_forms:  # after every name: a name's own form wins
            if words not in by_words:
                by_words[words] = Form(words, ent, acronym=True)
        forms = list(by_words.values())
        for form in forms:  # a mention of a lead word (org_context's) is one here too
            form.lead = form.words in leads
        # Upper-cased forms, except those spelled like an earlier form: that one comes first
        # (stable sort) and already took every place the upper-cased one could match.
        # Not of a lead word that is no name here: in a headline it is the start of the
        # name more often than the name (``HUDSON BAY MINING``, ``PACIFIC SOUTHWEST``).
        upper_of = short_forms.upper
        for form in list(forms):
            if form.guarded or form.acronym or (form.lead and form.words not in plain):
                continue
            upper = upper_of(form.words)
            if upper not in by_words:
                by_words[upper] = Form(upper, form.source, True)
                forms.append(by_words[upper])
        return sorted(forms, key=lambda f: -len(f.words))

    def _blocked(self, doc: Doc, iob: np.ndarray | None = None) -> list[bool]:
        """Tokens no new entity may use: entities, ticker brackets, boilerplate (``iob``:
        the tokens' ENT_IOB, if read)."""
        if iob is None:
            iob = doc.to_array(ENT_IOB)
        taken: list[bool] = ((iob == 1) | (iob == 3)).tolist()  # BLOCKING_IOB
        ranges = [tuple(r) for r in doc.user_data.get("org_ticker_brackets", [])]
        if self.boilerplate_key in doc.spans:
            ranges += [(s.start_char, s.end_char) for s in doc.spans[self.boilerplate_key]]
        for start_char, end_char in ranges:
            span = doc.char_span(start_char, end_char, alignment_mode="expand")
            if span is not None:
                taken[span.start : span.end] = [True] * (span.end - span.start)
        return taken

    @staticmethod
    def _entity(
        doc: Doc, ent: tuple[int, int], start: int, end: int, registry: Registry
    ) -> Span:
        """An ORG span [start, end) with the id and ticker of the entity at ``ent``."""
        source = Span(doc, *ent, label=ORG_ID, span_id=doc[ent[0]].ent_id)  # as doc.ents
        ident = source.id_ or registry.id_for(span_text(source))
        span = Span(doc, start, end, label=ORG_ID, span_id=ident)
        ticker = _ticker(source)
        if ticker:
            _set_ticker(span, ticker)
        return span


#: Initials that name a country more often than an organization (``United Steelworkers
#: of America``).
NOT_ACRONYMS = frozenset({"USA", "UAE", "USSR", "GDR", "FRG", "PRC", "ROK", "DPRK", "ROC"})


def acronyms(words: tuple[str, ...], lexicon: OrgLexicon) -> list[str]:
    """The initials a name of three or more capitalized words is known by without a
    definition in brackets (``University of Western Australia`` ... ``UWA``): one
    letter a word, ``of``/``and``/``the``... giving none; with and without a final legal
    suffix (``American Motors Corp``: ``AMC``); a hyphenated word gives one letter. Three
    to six letters, no country's.

    >>> lex = rules.build_lexicon()
    >>> acronyms(("Federal", "Savings", "and", "Loan", "Insurance", "Corp"), lex)
    ['FSLIC', 'FSLI']
    >>> acronyms(("Time", "Warner"), lex), acronyms(("Dai", "-", "Ichi", "Kangyo", "Bank"), lex)
    ([], ['DKB'])
    """
    content = [w for n, w in enumerate(words) if w not in rules.ABBREV_SKIPPABLE
               and (n == 0 or words[n - 1] != "-")]  # ``Dai-Ichi``: one word, one letter
    if len(content) < 3 or not all(
            w[:1].isascii() and w[:1].isupper() and w[0].isalpha() for w in content):
        return []
    out = []
    for kept in (content, content[:-1] if lexicon.is_legal(content[-1]) else []):
        initials = "".join(w[0] for w in kept)
        if 3 <= len(initials) <= 6 and initials not in NOT_ACRONYMS:
            out.append(initials)
    return out


#: Words after which a capitalized code is a ticker: ``under the ticker TSM``.
TICKER_WORDS = frozenset({"ticker", "tickers", "symbol", "symbols"})
_QUOTES_AND_PUNCT = frozenset({",", ":", '"', "“", "'", "‘", "("})


def _after_ticker_word(view: DocView, i: int) -> bool:
    """Token ``i`` follows ``ticker``/``symbol`` (across a comma, colon or quote)."""
    j = view.prev_sig(i)
    if j is not None and view.texts[j] in _QUOTES_AND_PUNCT:
        j = view.prev_sig(j)
    return j is not None and view.texts[j].lower() in TICKER_WORDS


def _in_word(view: DocView, i: int) -> bool:
    """Token ``i`` is glued by a hyphen to a word before or after (``non-ICO``,
    ``ICO-member``)."""
    texts = view.texts
    return (i >= 2 and texts[i - 1] == "-" and view.glued(i - 2) and view.glued(i - 1)) or (
        i + 2 < view.n and texts[i + 1] == "-" and view.glued(i) and view.glued(i + 1))


def _inner_orgs(
    taken: list[bool], org_at: dict[int, tuple[int, int]], start: int, end: int
) -> set[tuple[int, int]] | None:
    """The ORG entities a mention [start, end) of a longer name found in the document
    replaces (``LLOYDS BANK`` in the headline ``LLOYDS BANK CANADA ...`` after ``Lloyds
    Bank Canada``), or None when a taken token is no such entity: another label, a ticker
    bracket, boilerplate, a new mention, or an ORG reaching outside the mention."""
    inner: set[tuple[int, int]] = set()
    for i in range(start, end):
        if not taken[i]:
            continue
        ent = org_at.get(i)
        if ent is None or ent[0] < start or ent[1] > end or ent == (start, end):
            return None
        inner.add(ent)
    return inner


def _org_entities(iob: np.ndarray, types: np.ndarray) -> list[tuple[int, int]]:
    """Token ranges of the ORG entities, as ``doc.ents`` gives them, from the tokens'
    ENT_IOB and ENT_TYPE: a B token of type ORG and the I tokens after it."""
    starts = ((iob == 3) & (types == ORG_ID)).nonzero()[0].tolist()
    if not starts:
        return []
    inside = (iob == 1).tolist()
    n = len(inside)
    out = []
    for start in starts:
        end = start + 1
        while end < n and inside[end]:
            end += 1
        out.append((start, end))
    return out


def _occurrences(
    view: DocView, words: tuple[str, ...], caps_only: bool = False, guarded: bool = False
) -> list[tuple[int, int]]:
    """Token ranges spelling ``words``, crossing line wraps between words (only in
    ALL-CAPS lines if ``caps_only``, not at a sentence start if ``guarded``)."""
    texts = view.texts
    out = []
    for start in view.where(words[0]):
        if caps_only and not view.caps_line[start]:
            continue
        if guarded and view.sent_start[start]:
            continue  # ``Sun`` of ``Sun Microsystems``: inside a sentence only
        i: int | None = start
        for word in words[1:]:
            i = view.next_sig(i)  # type: ignore[arg-type]
            if i is None or texts[i] != word:
                break
        else:
            out.append((start, i + 1))  # type: ignore[operator]
    return out


# ---------------------------------------------------------------------------
# normalize_org


@dataclass
class Registry:
    """The part of the gazetteer's org registry the pipeline needs at run time: tickers by
    id, and ids by name, alias or ticker (``by_key``) and by base name (``by_base``)."""

    tickers: dict[str, str]
    by_key: dict[str, str]
    by_base: dict[str, str]
    _ids: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def read(cls, path: str | Path | None) -> Registry:
        """Read ``{"id","name","ticker","aliases",...}`` lines; empty if the file is missing."""
        tickers: dict[str, str] = {}
        by_key: dict[str, str] = {}
        by_base: dict[str, str] = defaultdict(str)
        resolved = rules.resolve_path(path)
        lines = resolved.read_text(encoding="utf-8").splitlines() if resolved else []
        for line in lines:
            if not line.strip():
                continue
            entry = json.loads(line)
            if entry.get("ticker"):
                tickers[entry["id"]] = entry["ticker"]
            names = [entry.get("name"), *(entry.get("aliases") or []), entry.get("ticker")]
            for name in filter(None, names):
                by_key.setdefault(name, entry["id"])
                by_base.setdefault(base_key(name), entry["id"])
        by_base.pop("", None)
        return cls(tickers, by_key, dict(by_base))

    def to_dict(self) -> dict[str, dict[str, str]]:
        return {"tickers": self.tickers, "by_key": self.by_key, "by_base": self.by_base}

    @classmethod
    def from_dict(cls, data: dict[str, dict[str, str]]) -> Registry:
        return cls(data["tickers"], data["by_key"], data["by_base"])

    def lookup(self, text: str) -> str | None:
        """Id for ``Microsoft``, ``Microsoft Corp.`` or ``MSFT`` when the registry has it."""
        return self.by_key.get(text) or self.by_base.get(base_key(text))

    def id_for(self, text: str) -> str:
        """Canonical id of a name as written: the registry's, else a slug of its base name
        (``Fenwick Harlow and Co`` -> ``fenwick-harlow``). Memoized per text."""
        ident = self._ids.get(text)
        if ident is None:
            if len(self._ids) > MAX_MEMO:
                self._ids.clear()
            name = " ".join(text.split())
            key = base_key(name)  # as lookup(name) would compute it
            ident = self._ids[text] = (
                self.by_key.get(name) or self.by_base.get(key) or key or slug(name))
        return ident


# Registries of the loaded pipelines, by vocabulary (a few; the vocabulary is kept so that
# its id is not reused), and the last one registered.
_registries: OrderedDict[int, tuple[Vocab | None, Registry]] = OrderedDict()
MAX_REGISTRIES = 8


def use_registry(registry: Registry, vocab: Vocab | None = None) -> None:
    """Register ``registry`` for the pipeline of ``vocab`` and make it the default
    (``org_context`` calls this when it initializes or loads its registry)."""
    _registries[id(vocab)] = (vocab, registry)
    _registries.move_to_end(id(vocab))
    while len(_registries) > MAX_REGISTRIES:
        _registries.popitem(last=False)


def registry_for(vocab: Vocab | None = None) -> Registry:
    """The registry of the pipeline whose vocabulary is ``vocab``; else the one registered
    last; before any ``org_context`` has registered one, the repository's
    ``patterns/org_registry.jsonl`` if it is there, else an empty one."""
    entry = _registries.get(id(vocab))
    if entry is not None and entry[0] is vocab:
        return entry[1]
    if not _registries:
        use_registry(load_registry(DEFAULT_REGISTRY))
    return next(reversed(_registries.values()))[1]


@lru_cache(maxsize=4)
def load_registry(path: str) -> Registry:
    """The registry in a JSONL file (empty if the file is missing), read once per path."""
    return Registry.read(path)


LEGAL_TAIL = re.compile(
    r"(?:[\s,]+(?:and|&)\s+Co\.?|[\s,]+(?:"
    + "|".join(re.escape(s) for s in sorted(rules.LEGAL_SUFFIXES, key=len, reverse=True))
    + r"))+$"
)


class SuffixStripper:
    """cleanco's ``basename`` (legal-form suffixes removed), found without trying each of
    its several hundred terms on every name.

    ``cleanco.clean.custom_basename(name, terms)`` tries the terms in their order and
    removes each one that ends the name at that moment. The same result comes from
    looking up only the terms that end with the name's current last word, among those
    after the last one removed (a test checks the two agree).
    """

    def __init__(self, terms: list[tuple[int, list[str]]]) -> None:
        self.terms = terms
        self.by_last: dict[str, list[tuple[int, int, list[str]]]] = defaultdict(list)
        for order, (size, parts) in enumerate(terms):
            if parts:
                self.by_last[parts[-1]].append((order, size, parts))

    def __call__(self, name: str) -> str:
        name = strip_tail(name)
        parts = name.split()
        # cleanco's normalization is casefold + NFKD + a map of non-ASCII letters
        folded = name.casefold() if name.isascii() else normalized(name)
        nparts = [strip_punct(p) for p in folded.split()]
        after = 0
        while nparts:
            found = next(((order, size) for order, size, term in self.by_last.get(nparts[-1], ())
                          if order >= after and nparts[-size:] == term), None)
            if found is None:
                break
            after, size = found[0] + 1, found[1]
            del nparts[-size:]
            del parts[-size:]
        return strip_tail(" ".join(parts))


def strip_tail(name: str) -> str:
    """cleanco's ``strip_tail`` (the trailing non-word characters but dots removed), its
    compiled regex searched directly (``re.search`` of a compiled pattern hashes it anew
    on every call, as long as the search)."""
    m = tail_removal_rexp.search(name)
    return name[:m.start()] if m is not None else name


#: ``cleanco.basename``, faster (see :class:`SuffixStripper`)
basename = SuffixStripper(prepare_default_terms())


def cleanco_basename(name: str) -> str:
    """cleanco's own ``basename`` (what :data:`basename` must agree with)."""
    return custom_basename(name, basename.terms)


def base_name(text: str) -> str:
    """Name without legal suffixes: ``Goldman Sachs and Co`` -> ``Goldman Sachs``,
    ``Nikko Securities Co Ltd`` -> ``Nikko Securities``, ``Apple Inc.`` -> ``Apple``."""
    text = " ".join(text.split())
    stripped = LEGAL_TAIL.sub("", text).strip(" ,") or text
    return basename(stripped).strip(" ,") or stripped


_SLUG_GAP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """``Procter & Gamble`` -> ``procter-gamble``."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_GAP.sub("-", text.lower()).strip("-")


def base_key(text: str) -> str:
    return slug(base_name(text))


def _registry_of(span: Span, registry_path: str | None) -> Registry:
    return load_registry(registry_path) if registry_path else registry_for(span.doc.vocab)


def span_text(span: Span) -> str:
    """``span.text``, sliced from the doc's text (spaCy joins the span's tokens)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def org_id(span: Span, registry_path: str | None = None) -> str:
    """Canonical id: the pattern's id, else the registry's, else a slug of the base name."""
    return span.id_ or _registry_of(span, registry_path).id_for(span.text)


def normalize_org(span: Span, registry_path: str | None = None) -> dict[str, Any]:
    """``{"id", "ticker"}`` for an ORG span; the ticker comes from the registry, else from a
    bracket in the text (``Pfizer (PFE)``).

    ``Microsoft``, ``Microsoft Corp.`` and ``MSFT`` share one id when the registry lists them.
    The registry is the span's pipeline's (:func:`registry_for`) unless ``registry_path``
    names a JSONL file.
    """
    return org_norm(span, span_text(span), _registry_of(span, registry_path))


def org_norm(span: Span, text: str, registry: Registry) -> dict[str, Any]:
    """`normalize_org` of ``span`` written ``text`` (``span.text``), with ``registry``
    (the entity normalizer looks the registry up once per document, not per entity)."""
    ident = span.id_ or registry.id_for(text)
    ticker = registry.tickers.get(ident) or _ticker(span)
    return {"id": ident, "ticker": ticker}


def _ticker(span: Span) -> str | None:
    """``span._.org_ticker``, read from ``doc.user_data`` directly when the extension is a
    plain value (building the ``span._`` object costs more than the lookup)."""
    default, method, getter, setter = Span.get_extension(TICKER_EXT)
    if _plain_extension(default, method, getter, setter):
        key = ("._.", TICKER_EXT, span.start_char, span.end_char)
        return span.doc.user_data.get(key, default)
    return span._.get(TICKER_EXT)


def _set_ticker(span: Span, ticker: str) -> None:
    """``span._.org_ticker = ticker``, written to ``doc.user_data`` directly when the
    extension is a plain value (where spaCy's ``Underscore`` writes it)."""
    if _plain_extension(*Span.get_extension(TICKER_EXT)):
        span.doc.user_data[("._.", TICKER_EXT, span.start_char, span.end_char)] = ticker
    else:
        span._.set(TICKER_EXT, ticker)


def _plain_extension(default: Any, method: Any, getter: Any, setter: Any) -> bool:
    """A span extension whose value spaCy keeps in ``doc.user_data`` as set: no method,
    getter or setter, and no mutable default (that one is copied on first read)."""
    return (method is None and getter is None and setter is None
            and not isinstance(default, (dict, list, set)))
