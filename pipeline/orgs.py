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

``normalize_org(span)`` gives ``{"id", "ticker"}`` using the gazetteer's registry.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cleanco import basename
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from pipeline import org_rules as rules
from pipeline.org_rules import DocView, Found, OrgLexicon

DEFAULT_REGISTRY = "patterns/org_registry.jsonl"
TICKER_EXT = "org_ticker"
SHORT_FORM_STRIP = [
    "International", "Group", "Holdings", "Holding", "Technology", "Technologies", "Systems",
    "Communications", "Financial", "Brothers", "Industries", "Electronics", "Software", "Labs",
    "Enterprises", "Motor", "Motors", "Securities", "Corporation", "Company", "Incorporated",
    "Limited", "Worldwide", "Global", "Networks", "Pharmaceuticals", "Microsystems",
]

if not Span.has_extension(TICKER_EXT):
    Span.set_extension(TICKER_EXT, default=None)

_registry_path: str = DEFAULT_REGISTRY


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
    """Build ``org_context``; ``registry_path`` also becomes ``normalize_org``'s default."""
    configure_registry(registry_path)
    lexicon = rules.build_lexicon(
        given_names_path=given_names_path,
        places_path=places_path,
        titles_path=titles_path,
        legal_suffixes=legal_suffixes,
        corporate_suffixes=corporate_suffixes,
        head_words=head_words,
        of_heads=of_heads,
        non_org_heads=non_org_heads,
        lowercase_heads=lowercase_heads,
        openers=openers,
        extra_titles=extra_titles,
        ambiguous_titles=ambiguous_titles,
        exchanges=exchanges,
        not_tickers=not_tickers,
        common_word_logprob=common_word_logprob,
    )
    lexicon.title_matcher(nlp.vocab)  # build now, not on the first document
    short_forms = ShortForms(lexicon, frozenset(short_form_strip))
    return OrgContext(lexicon, spans_key, short_forms, drop_products)


class OrgContext:
    """Add contextual ORG candidates; never removes other labels' candidates.

    ORG candidates inside a ticker bracket (a ruler's ``IBM`` in ``<IBM>``) are dropped: the
    bracket is metadata of the name before it. So are ORG candidates right before a model
    number when ``drop_products`` is set (``Airbus`` in ``Airbus A330``, ``Boeing 777``).
    Other mentions of a name found here are added too (``Toshiba Machine Co`` ...
    ``Toshiba Machine``), so that they outgrow a ruler's shorter ``Toshiba``.
    """

    def __init__(
        self,
        lexicon: OrgLexicon,
        spans_key: str = "candidates",
        short_forms: ShortForms | None = None,
        drop_products: bool = True,
    ) -> None:
        self.lexicon = lexicon
        self.spans_key = spans_key
        self.short_forms = short_forms or ShortForms(lexicon, frozenset(SHORT_FORM_STRIP))
        self.drop_products = drop_products

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.lexicon)
        existing = list(doc.spans.get(self.spans_key, []))
        known = {(s.start, s.end) for s in existing if s.label_ == "ORG"}
        found = find_orgs(view, known)
        brackets = ticker_bracket_ranges(view, found)
        abbrevs = {f.abbrev: _text(doc[f.start : f.end]) for f in found if _is_long_form(doc, f)}
        found.extend(abbreviation_mentions(view, abbrevs, brackets, found))
        found = [f for f in found if not _inside_tokens(f.start, f.end, brackets)]
        long_forms = {f.abbrev: _candidate(doc, f) for f in found if _is_long_form(doc, f)}
        new = [_candidate(doc, f, long_forms.get(f.abbrev or "")) for f in found]
        new += self._mentions(view, new, existing, brackets)
        new += rules_divisions(view, existing, self.lexicon)
        covered = _coverage(doc, [*existing, *new])
        defined = {(s.start, s.end) for s in new if s.id}  # this doc's own abbreviations win
        kept = [
            s for s in existing
            if not self._dropped(view, s, brackets, covered)
            and not (s.label_ == "ORG" and (s.start, s.end) in defined)
        ]
        seen = {(s.start, s.end, s.label_) for s in kept}
        for span in new:
            if (span.start, span.end, "ORG") not in seen:
                seen.add((span.start, span.end, "ORG"))
                kept.append(span)
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=kept)
        doc.user_data["org_abbrevs"] = {**doc.user_data.get("org_abbrevs", {}), **abbrevs}
        doc.user_data["org_ticker_brackets"] = [
            [doc[s].idx, doc[e - 1].idx + len(doc[e - 1])] for s, e in brackets
        ]
        return doc

    def _dropped(
        self, view: DocView, span: Span, brackets: list[tuple[int, int]], covered: list[bool]
    ) -> bool:
        """A ruler's ORG in a ticker bracket, before a model number (``Boeing 777``), or
        glued to a capitalized word no candidate explains: a person (``Bill Ford``), a
        product (``Ford Mustang``) or a longer unknown name (``Northrop Grumman``)."""
        if span.label_ != "ORG":
            return False
        if _inside(span, brackets):
            return True
        if not self.drop_products:
            return False
        return rules.before_model_number(view, span.end - 1) or not rules.stands_alone(
            view, span.start, span.end, covered
        )

    def _mentions(
        self, view: DocView, found: list[Span], existing: list[Span],
        brackets: list[tuple[int, int]],
    ) -> list[Span]:
        """Full and short forms of the names found here, wherever else the doc writes them."""
        doc = view.doc
        covered = _coverage(doc, [*found, *existing])
        own = {(s.start, s.end) for s in found}
        forms: dict[tuple[str, ...], Span] = {}
        for span in found:
            words = name_words(span)
            if len(words) > 1 or span.text not in doc.user_data.get("org_abbrevs", {}):
                for variant in [words, *self.short_forms(words)]:
                    forms.setdefault(variant, span)
        out = []
        for words, source in forms.items():
            for start, end in _occurrences(view, Form(words, source)):
                if (start, end) in own or _inside_tokens(start, end, brackets):
                    continue
                if any(s < end and start < e for s, e in own) or not rules.stands_alone(
                    view, start, end, covered
                ):
                    continue
                out.append(_candidate(doc, Found(start, end, "mention"), source))
        return out


def _coverage(doc: Doc, spans: list[Span]) -> list[bool]:
    """Per token: inside one of ``spans``."""
    covered = [False] * len(doc)
    for span in spans:
        covered[span.start : span.end] = [True] * len(span)
    return covered


def rules_divisions(view: DocView, existing: list[Span], lexicon: OrgLexicon) -> list[Span]:
    """A ruler's ORG followed by a region or a corporate word names a division or a unit:
    ``AOL Europe``, ``Merrill Lynch Research``, ``Goldman Sachs Group``."""
    doc = view.doc
    out = []
    for span in existing:
        if span.label_ != "ORG" or view.caps_line[span.start]:
            continue
        nxt = view.next_sig(span.end - 1)
        if nxt is None or view.sent_start[nxt] or doc[nxt].text not in lexicon.division_words:
            continue
        after = view.next_sig(nxt)
        if after is not None and view.name_ok(after) and not view.sent_start[after]:
            continue
        out.append(Span(doc, span.start, nxt + 1, label="ORG"))
    return out


def _candidate(doc: Doc, f: Found, source: Span | None = None) -> Span:
    """An ORG span for a finding, carrying its ticker; a mention of a ``source`` name (its
    short form or abbreviation) also carries the source's id and ticker."""
    ident = (source.id_ or org_id(source)) if source is not None and source.start != f.start else 0
    span = Span(doc, f.start, f.end, label="ORG", span_id=ident)
    ticker = f.ticker or (source._.get(TICKER_EXT) if source is not None else None)
    if ticker:
        span._.set(TICKER_EXT, ticker)
    return span


def find_orgs(view: DocView, known: set[tuple[int, int]]) -> list[Found]:
    """All rule findings in the doc (before abbreviation mentions)."""
    found: list[Found] = []
    for chunk in rules.find_chunks(view):
        found.extend(rules.chunk_findings(view, chunk, known))
    found.extend(rules.lowercase_head_findings(view))
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
    taken = [False] * len(view.doc)
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


def _is_long_form(doc: Doc, f: Found) -> bool:
    return f.abbrev is not None and _text(doc[f.start : f.end]) != f.abbrev


def _inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return _inside_tokens(span.start, span.end, ranges)


def _inside_tokens(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def _text(span: Span) -> str:
    return " ".join(t.text for t in span if not t.is_space)


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
    """Build ``org_consistency``."""
    lexicon = rules.build_lexicon(
        given_names_path=given_names_path,
        places_path=places_path,
        titles_path=titles_path,
        common_word_logprob=common_word_logprob,
    )
    lexicon.title_matcher(nlp.vocab)
    return OrgConsistency(lexicon, frozenset(short_form_strip), boilerplate_key)


class ShortForms:
    """Shorter ways a document writes a name it has given in full."""

    def __init__(self, lexicon: OrgLexicon, strip: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.strip = strip | lexicon.legal_suffixes

    def __call__(self, words: tuple[str, ...]) -> list[tuple[str, ...]]:
        """``Computer Associates International Inc`` -> ``Computer Associates International``,
        ``Computer Associates``; ``Micron Technology`` -> ``Micron``; not ``General``."""
        out = []
        current = list(words)
        while len(current) > 1 and (current[-1] in self.strip or current[-1] in {"&", "and"}):
            current.pop()
            while current and current[-1] in {"&", "and", ",", "-"}:
                current.pop()
            if current and self._valid_short(tuple(current)):
                out.append(tuple(current))
        return out

    def _valid_short(self, words: tuple[str, ...]) -> bool:
        lex = self.lexicon
        text = " ".join(words)
        if text in lex.places or text in lex.titles:
            return False
        if len(words) == 1:
            word = words[0]
            return len(word) > 1 and not (
                lex.is_common(word) or word in lex.given_names or word in lex.demonyms
                or word in self.strip
            )
        return not (len(words) == 2 and words[0] in lex.given_names)



def name_words(span: Span) -> tuple[str, ...]:
    """Token texts of a span without whitespace tokens (line wraps)."""
    return tuple(t.text for t in span if not t.is_space)


@dataclass
class Form:
    """A way a found ORG is written again: its words and the entity it came from."""

    words: tuple[str, ...]
    source: Span
    caps_only: bool = False  # upper-cased form: only matches in ALL-CAPS lines


class OrgConsistency:
    """Tag other mentions of names already found as ORG in the same document.

    Matches are token-aligned, case-exact (upper-case forms only in ALL-CAPS lines), never
    overlap an entity, a ticker bracket or boilerplate, and are not glued to another
    capitalized word (``Micron`` in ``Micron Electronics`` is left alone).
    """

    def __init__(self, lexicon: OrgLexicon, strip: frozenset[str], boilerplate_key: str) -> None:
        self.lexicon = lexicon
        self.short_forms = ShortForms(lexicon, strip)
        self.boilerplate_key = boilerplate_key

    def __call__(self, doc: Doc) -> Doc:
        orgs = [e for e in doc.ents if e.label_ == "ORG"]
        if not orgs:
            return doc
        view = DocView(doc, self.lexicon)
        taken = self._blocked(doc)
        new: list[Span] = []
        for form in self.forms(doc, orgs):
            for start, end in _occurrences(view, form):
                if any(taken[start:end]) or not rules.stands_alone(view, start, end, taken):
                    continue
                new.append(self._entity(doc, form.source, start, end))
                for i in range(start, end):
                    taken[i] = True
        if new:
            doc.ents = sorted([*doc.ents, *new], key=lambda s: s.start)
        return doc

    def forms(self, doc: Doc, orgs: list[Span]) -> list[Form]:
        """Full names, short forms and abbreviations, longest first, one source each."""
        by_words: dict[tuple[str, ...], Form] = {}
        abbrevs = doc.user_data.get("org_abbrevs", {})
        for ent in orgs:
            words = name_words(ent)
            for variant in [words, *self.short_forms(words)]:
                by_words.setdefault(variant, Form(variant, ent))
            long_text = " ".join(words)
            for abbr, long_form in abbrevs.items():
                if long_form == long_text:
                    by_words.setdefault((abbr,), Form((abbr,), ent))
        forms = list(by_words.values())
        forms += [Form(tuple(w.upper() for w in f.words), f.source, True) for f in forms]
        return sorted(forms, key=lambda f: -len(f.words))

    def _blocked(self, doc: Doc) -> list[bool]:
        """Tokens no new entity may use: entities, ticker brackets, boilerplate."""
        taken = [t.ent_iob_ in {"B", "I"} for t in doc]
        ranges = [tuple(r) for r in doc.user_data.get("org_ticker_brackets", [])]
        if self.boilerplate_key in doc.spans:
            ranges += [(s.start_char, s.end_char) for s in doc.spans[self.boilerplate_key]]
        for start_char, end_char in ranges:
            span = doc.char_span(start_char, end_char, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    taken[i] = True
        return taken

    @staticmethod
    def _entity(doc: Doc, source: Span, start: int, end: int) -> Span:
        span = Span(doc, start, end, label="ORG", span_id=source.id_ or org_id(source))
        ticker = source._.get(TICKER_EXT)
        if ticker:
            span._.set(TICKER_EXT, ticker)
        return span


def _occurrences(view: DocView, form: Form) -> list[tuple[int, int]]:
    """Token ranges spelling ``form.words``, crossing line wraps between words."""
    words, texts = form.words, view.texts
    out = []
    for start in view.where(words[0]):
        if form.caps_only and not view.caps_line[start]:
            continue
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
    """The gazetteer's org registry, indexed by name, alias, ticker and base name."""

    by_id: dict[str, dict[str, Any]]
    by_key: dict[str, str]
    by_base: dict[str, str]

    def lookup(self, text: str) -> str | None:
        """Id for ``Microsoft``, ``Microsoft Corp.`` or ``MSFT`` when the registry has it."""
        return self.by_key.get(text) or self.by_base.get(base_key(text))


def configure_registry(path: str) -> None:
    """Set the registry file ``normalize_org`` reads by default."""
    global _registry_path
    _registry_path = path


@lru_cache(maxsize=4)
def load_registry(path: str) -> Registry:
    """Read ``{"id","name","ticker","kind","aliases"}`` lines; empty if the file is missing."""
    by_id: dict[str, dict[str, Any]] = {}
    by_key: dict[str, str] = {}
    by_base: dict[str, str] = defaultdict(str)
    resolved = rules.resolve_path(path)
    lines = resolved.read_text(encoding="utf-8").splitlines() if resolved else []
    for line in lines:
        if not line.strip():
            continue
        entry = json.loads(line)
        by_id[entry["id"]] = entry
        names = [entry.get("name"), *(entry.get("aliases") or []), entry.get("ticker")]
        for name in filter(None, names):
            by_key.setdefault(name, entry["id"])
            by_base.setdefault(base_key(name), entry["id"])
    by_base.pop("", None)
    return Registry(by_id, by_key, dict(by_base))


LEGAL_TAIL = re.compile(
    r"(?:[\s,]+(?:and|&)\s+Co\.?|[\s,]+(?:"
    + "|".join(re.escape(s) for s in sorted(rules.LEGAL_SUFFIXES, key=len, reverse=True))
    + r"))+$"
)


def base_name(text: str) -> str:
    """Name without legal suffixes: ``Goldman Sachs and Co`` -> ``Goldman Sachs``,
    ``Nikko Securities Co Ltd`` -> ``Nikko Securities``, ``Apple Inc.`` -> ``Apple``."""
    text = " ".join(text.split())
    stripped = LEGAL_TAIL.sub("", text).strip(" ,") or text
    return basename(stripped).strip(" ,") or stripped


def slug(text: str) -> str:
    """``Procter & Gamble`` -> ``procter-gamble``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def base_key(text: str) -> str:
    return slug(base_name(text))


def org_id(span: Span, registry_path: str | None = None) -> str:
    """Canonical id: the pattern's id, else the registry's, else a slug of the base name."""
    if span.id_:
        return span.id_
    text = " ".join(span.text.split())
    found = load_registry(registry_path or _registry_path).lookup(text)
    return found or base_key(text) or slug(text)


def normalize_org(span: Span, registry_path: str | None = None) -> dict[str, Any]:
    """``{"id", "ticker"}`` for an ORG span; the ticker comes from the registry, else from a
    bracket in the text (``Pfizer (PFE)``).

    ``Microsoft``, ``Microsoft Corp.`` and ``MSFT`` share one id when the registry lists them.
    """
    registry = load_registry(registry_path or _registry_path)
    ident = org_id(span, registry_path)
    entry = registry.by_id.get(ident, {})
    ticker = entry.get("ticker") or span._.get(TICKER_EXT)
    return {"id": ident, "ticker": ticker}


def registry_path_default() -> Path:
    """Where the registry is looked up when no path is configured."""
    return rules.PACKAGE_ROOT / DEFAULT_REGISTRY
