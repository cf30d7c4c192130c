"""Contextual ORG rules for names that are in no list.

The rules read a tokenized ``Doc`` (no parser needed) and return ``Found`` records: token
offsets of an ORG name plus the evidence that made it one. ``pipeline.orgs`` wraps them
in the ``org_context`` and ``org_consistency`` components.

Evidence, strongest first:
- a legal suffix ending a capitalized name: ``Nikko Securities Co Ltd``, ``Apple Inc.``,
  ``Goldman Sachs and Co``, ``Siemens AG``;
- a ticker in brackets after a name: ``Pfizer (PFE)``, ``Nvidia (NASDAQ: NVDA)``,
  Reuters ``Uccel Corp <UCE>``;
- an abbreviation defined in brackets: ``Australian Defence Force (ADF)``;
- an institution head: ``Finance Ministry``, ``University of Western Australia``,
  ``National Health and Medical Research Council``, ``US Chamber of Commerce``;
- a corporate word ending a name: ``Qatar Airways``, ``Fort Pitt Capital Group``.

Speed (the components run on millions of documents): no rule loops over every token in
Python. ``DocView`` reads the doc with ``doc.to_array`` and per-word caches keyed by ORTH
id (``TokenTable``); the rules then visit name words only, and only the stretches around
an evidence word or before a bracket are chunked (``evidence_chunks``). Line and sentence
facts are computed on demand for the tokens visited.
"""

from __future__ import annotations

import gzip
import json
import re
import weakref
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import ORTH, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.lang.lex_attrs import is_punct
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.tokenizer import doc_text

PACKAGE_ROOT = Path(__file__).resolve().parents[1]

LEGAL_SUFFIXES = [
    "Inc", "Inc.", "Incorporated", "Corp", "Corp.", "Corporation", "Co", "Co.", "Company",
    "Ltd", "Ltd.", "Limited", "LLC", "L.L.C.", "LLP", "LP", "L.P.", "plc", "PLC", "Plc",
    "AG", "SA", "S.A.", "NV", "N.V.", "BV", "B.V.", "GmbH", "SE", "SpA", "S.p.A.", "AB",
    "ASA", "Oyj", "KK", "K.K.", "Pty", "Bhd", "Tbk", "SAS", "Srl", "S.r.l.", "Oy",
]  # not ``A/S``, ``Pvt.``: the tokenizer splits them (``A``, ``/``, ``S``)
CORPORATE_SUFFIXES = [
    "Group", "Holdings", "Holding", "Bancorp", "Bancshares", "Securities", "Partners",
    "Capital", "Ventures", "Systems", "Technologies", "Technology", "Labs", "Lab",
    "Laboratories", "Airlines", "Airways", "Motors", "Motor", "Bank", "Brothers", "Financial",
    "Communications", "Telecom", "Industries", "Enterprises", "Electronics", "Pharmaceuticals",
    "Therapeutics", "Biosciences", "Software", "Networks", "Semiconductor", "Microsystems",
    "Energy", "Petroleum", "Resources", "Insurance", "Investments", "Associates",
    "Media", "Entertainment", "Studios", "Solutions", "Consulting", "Mining", "Machines",
    "Economics", "Robotics", "Aerospace", "Automotive", "Chemicals", "Foods", "Logistics",
]
# Corporate words that are also plain nouns: they need a distinctive word before them.
GENERIC_SUFFIXES = [
    "Group", "Holding", "Securities", "Partners", "Capital", "Ventures", "Systems",
    "Technology", "Lab", "Bank", "Brothers", "Financial", "Communications", "Telecom",
    "Industries", "Enterprises", "Electronics", "Software", "Networks", "Semiconductor",
    "Energy", "Petroleum", "Resources", "Insurance", "Investments", "Associates", "Media",
    "Entertainment", "Studios", "Solutions", "Consulting", "Mining", "Machines", "Economics",
    "Robotics", "Aerospace", "Automotive", "Chemicals", "Foods", "Logistics", "Motor", "Motors",
]
# Words after a known ORG that name a unit of it: ``Merrill Lynch Research``.
DIVISION_WORDS = ["Research", "Labs", "Ventures", "Capital", "Securities", "Financial",
                  "Group", "Holdings", "Foundation", "Studios", "Pictures", "Records",
                  "Entertainment", "Bank", "Motors", "Systems", "Technologies", "Airlines",
                  "Airways", "Energy", "Networks", "Communications", "Insurance"]
# Regions that name a division after an ORG word: ``Media Labs Europe``.
REGIONS = ["Europe", "Asia", "Africa", "America", "Americas", "International", "Asia Pacific",
           "UK", "US", "USA", "Australia", "Japan", "China", "India", "Canada", "Germany"]
HEAD_WORDS = [
    "Ministry", "Department", "University", "College", "Academy", "Institute", "Institution",
    "Commission", "Council", "Committee", "Association", "Agency", "Federation", "Society",
    "Exchange", "Board", "Authority", "Union", "Bureau", "Administration", "Organisation",
    "Organization", "Centre", "Center", "Laboratory", "Hospital", "Foundation", "Party",
    "Parliament", "Assembly", "Court", "Tribunal", "Police", "Service", "Force", "Army",
    "Navy", "Corps", "Guard", "Secretariat", "Consortium", "Alliance", "Chamber",
    "League", "Panel", "Regulator",
]  # not ``Office``: ``Microsoft Office``, ``Head Office`` (``Office of ...`` is an of-head)
OF_HEADS = [
    "Ministry", "Department", "University", "College", "Academy", "Institute", "School",
    "Bank", "Chamber", "Board", "Bureau", "Council", "Commission", "Committee", "Association",
    "Federation", "Society", "Administration", "Agency", "Authority", "Centre", "Center",
    "Office", "Court", "House", "Union", "Organisation", "Organization", "League", "Church",
    "Laboratory", "Foundation", "Corporation", "Company", "Exchange", "Institution",
]
NON_ORG_HEADS = [
    "Index", "Act", "Agreement", "Treaty", "Award", "Awards", "Prize", "Report", "Survey",
    "Summit", "Conference", "Expo", "Show", "Week", "Day", "Festival", "Games", "Cup",
    "Championship", "Program", "Programme", "Scheme", "Plan", "Strategy", "Initiative",
    "Project", "Fund", "Rate", "Product", "Offering", "Officer", "Average", "Intelligence",
    "Learning", "Computing", "Standard", "Protocol", "Code", "Law", "Bill", "Policy",
    "Building", "Tower", "Street", "Avenue", "Road", "Square", "Park", "Bridge", "Airport",
]
OPENERS = [
    "However", "Meanwhile", "Also", "But", "And", "Yet", "Still", "Now", "Then", "Today",
    "Yesterday", "Separately", "Earlier", "Later", "Last", "Next", "Instead", "Thus",
    "Although", "Though", "While", "When", "Since", "After", "Before", "Under", "Shares",
    "Analysts", "Officials", "Sources", "According", "Including", "Like", "Unlike", "Unless",
    "Despite", "Rival", "Rivals", "Both", "Neither", "Either", "Overall", "Ex", "Former",
]
EXTRA_TITLES = [
    "CEO", "CFO", "COO", "CTO", "Chairman", "Chairwoman", "Chair", "President", "Minister",
    "Secretary", "Governor", "Director", "Senator", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
    "Dr", "Dr.", "Prof", "Prof.", "Professor", "Sir", "Spokesman", "Spokeswoman", "Analyst",
    "Chief Executive", "Chief Executive Officer", "Vice Chairman", "Vice President",
    "Prime Minister", "Managing Director", "Treasurer", "Commissioner", "Chancellor",
]
# One-word titles that also begin or sit inside names (``General Motors``, ``Justice
# Department``, ``Principal Financial``): they end a name only before a given name.
AMBIGUOUS_TITLES = [
    "General", "Chief", "Head", "Leader", "Partner", "Owner", "Manager", "Principal", "Major",
    "Justice", "Father", "Sister", "King", "Queen", "Prince", "Princess", "Lady", "Lord",
    "Dean", "Premier", "Speaker", "Founder", "Director", "Economist", "Whip", "Representative",
    "Judge", "Commander", "Captain", "Controller", "Rector", "Provost", "Dame", "Chair",
    "Analyst", "Governor", "Secretary", "Minister", "Commissioner", "Treasurer", "Chancellor",
]
EXCHANGES = [
    "NASDAQ", "Nasdaq", "NYSE", "AMEX", "LSE", "TSX", "TSXV", "ASX", "HKEX", "SGX", "TSE",
    "OTC", "OTCQX", "Euronext", "XETRA", "SIX", "BSE", "NSE", "KRX", "TWSE", "SZSE", "SSE",
    "NYSEArca", "NYSE American", "Frankfurt", "FWB",
]
NOT_TICKERS = [
    "US", "USA", "UK", "EU", "UN", "AI", "CEO", "CFO", "GDP", "IPO", "PC", "TV", "IT", "HQ",
    "AM", "PM", "ID", "OK", "VAT", "GST", "FY", "YOY", "QOQ", "EPS", "ETF", "NB",
]
MONTHS_WEEKDAYS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday",
]
DEMONYMS = [
    "American", "British", "Chinese", "Japanese", "German", "French", "Italian", "Spanish",
    "Russian", "Indian", "Korean", "Australian", "Canadian", "European", "Asian", "African",
    "Dutch", "Swiss", "Swedish", "Irish", "Scottish", "Welsh", "English", "Taiwanese",
    "Brazilian", "Mexican", "Saudi", "Israeli", "Turkish", "Polish", "Greek", "Federal",
    "State", "National", "Local", "Regional", "Foreign", "Western", "Eastern",
    "Moroccan", "Iraqi", "Kuwaiti", "Pakistani", "Qatari", "Omani", "Yemeni", "Thai",
    "Filipino", "Philippine", "Venezuelan", "Chilean", "Cuban", "Kenyan", "Libyan",
    "Singaporean", "Soviet", "Yugoslav", "Czech", "Slovak", "Arab", "Emirati",
]
# Stop words that can start a name (``First Boston``, ``Top Glove``): never trimmed.
NAME_STOP_WORDS = frozenset({
    "first", "last", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "fifteen", "twenty", "fifty", "hundred", "top", "bottom", "front",
    "back", "full", "whole", "third", "next", "well", "fire", "show", "move", "call", "mine",
    "due", "empty", "serious", "amount", "bill", "name", "side", "part", "us",
})
TRIM_WORDS = frozenset(STOP_WORDS - NAME_STOP_WORDS)
LOWERCASE_HEADS = ["department", "ministry", "stock exchange"]
# Lower-case nouns after a media outlet's name, not part of it: ``the Tanjug news agency``,
# ``Euromoney magazine``, ``the Guardian newspaper`` (media outlets are ORG).
PUBLICATION_HEADS = (("newspaper",), ("magazine",), ("tabloid",), ("news", "agency"))
# Lower-case nouns after a trade union's name, not part of it: ``the Canadian Auto Workers
# union``, ``the Unite trade union`` (trade unions are ORG).
UNION_HEADS = (("union",), ("trade", "union"), ("labor", "union"), ("labour", "union"))
# Lower-case nouns after a named division of a company named before it: ``GM's Cruise
# division``, ``its Pelham Valve unit`` (a possessive or ``its`` before the name).
DIVISION_HEADS = (("division",), ("unit",), ("subsidiary",), ("arm",))
POSSESSIVES = frozenset({"'s", "’s", "its", "their"})
#: Nouns after ``unit`` that make it a count: ``iPhone unit sales``.
UNIT_MEASURES = frozenset({"sales", "shipments", "volume", "volumes", "price", "prices",
                           "cost", "costs", "growth", "numbers", "demand", "share"})
#: All: a name, then a lower-case noun that says what kind of organization it is.
KIND_HEADS = PUBLICATION_HEADS + UNION_HEADS + DIVISION_HEADS
# Capitalized words that make a kind of union, not a union's name: ``Labour union leader``.
NOT_UNION_NAMES = frozenset({"trade", "labor", "labour", "credit", "customs", "student",
                             "monetary", "banking", "currency", "postal"})
# Lower-case nouns a company name stands in apposition to: ``research firm Zentrix``,
# ``data services provider Quarrin``, ``mobile phone network Lumo``.
APPOSITION_NOUNS = frozenset({
    "firm", "company", "provider", "maker", "manufacturer", "retailer", "operator",
    "developer", "publisher", "insurer", "lender", "brokerage", "consultancy", "network",
    "chain", "supplier", "distributor", "startup", "conglomerate", "agency", "newspaper",
    "magazine", "tabloid", "broadcaster", "group", "website",
    "analysts",  # ``industry analysts Screen Digest`` (a firm; not a person: a given name)
})  # not ``broker`` nor ``carrier``: also people and ships (``the bulk carrier Halvard``)
# Words before the noun that make ``<noun> <Name>`` a clause, not an apposition:
# ``a company Harlan is forming``.
APPOSITION_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "another", "one", "any",
                                    "each", "every", "which", "whose", "no"})
# People whose employer follows ``with``/``at``/``from``/``for``: ``an analyst with
# Holloway Capital``, ``an equity strategist for Brenn Tasker``.
# Company nouns that head an apposition after a name: ``Zentrix, a software company based
# in Ohio``, ``Pexlo, a former subsidiary``, ``Quarrin, a unit of Delmont``.
DESCRIBED_NOUNS = APPOSITION_NOUNS | frozenset({
    "subsidiary", "unit", "affiliate", "carmaker", "automaker", "chipmaker", "airline",
    "bank", "group", "regulator", "watchdog", "agency", "broker", "broker-dealer",
    "consortium", "partnership", "utility", "miner", "refiner", "producer",
})
# What may follow that noun where the apposition ends (else the noun modifies another:
# ``Lund, a company director``).
DESCRIBED_ENDS = frozenset({
    ",", ".", ";", ":", ")", "--", "of", "in", "based", "that", "which", "with", "owned",
    "controlled", "headquartered", "whose", "for", "from", "specialising", "specializing",
    "and", "said", "says", "has", "had", "is", "was", "will",
})
DESCRIBED_MAX_MODIFIERS = 5  # words between the article and the noun
EMPLOYEE_NOUNS = frozenset(w for word in ("analyst", "economist", "strategist")
                           for w in (word, word + "s", word.title(), word.title() + "s"))
EMPLOYER_PREPOSITIONS = frozenset({"with", "at", "from", "for"})
# Lower-case nouns after a name that make it a facility: ``analysts at Heathrow airport``
# (`GEOGRAPHIC_NOUNS` make it a place).
FACILITY_NOUNS = frozenset({"airport", "airports", "port", "station", "campus", "office",
                            "offices", "plant", "factory", "headquarters", "county", "city",
                            "state", "province", "district", "area"})
# Plural company nouns before ``such as`` and a list of names: ``rivals such as Zentrix,
# Pexlo and Quarrin``.
LIST_NOUNS = frozenset({
    "companies", "firms", "providers", "makers", "manufacturers", "retailers", "operators",
    "developers", "publishers", "insurers", "lenders", "banks", "brokerages", "startups",
    "rivals", "competitors", "suppliers", "carriers", "airlines", "chipmakers", "automakers",
})
#: Apostrophes of a plural possessive inside a name: ``Workers' Party``.
APOSTROPHES = frozenset({"'", "’"})
#: Romance particles that join two name words after a word that is no common English
#: word (``Banco do Brasil``, ``Banca di Roma``; not ``Why do Americans``), and the
#: articles after ``de`` (``Banco de la Nacion``).
ROMANCE_PARTICLES = frozenset({"do", "da", "dos", "das", "di", "del", "della"})
DE_ARTICLES = frozenset({"la", "las", "los", "l'"})
CONNECTORS = frozenset({"&", "and", "of", "for", "the", "-", "de", "du", "des", "von", "van",
                        "der", "y", ",", *APOSTROPHES, *ROMANCE_PARTICLES, *DE_ARTICLES})
OF_WORDS = frozenset({"of", "for"})
PARTICLES = frozenset({"de", "du", "des", "von", "van", "der", "y"})
# Particles that end an apposed name's chunk without joining it (``Orsini da Ponte``)
MORE_PARTICLES = frozenset({"da", "di", "del", "della", "do", "dos", "la", "le"})
TICKER_RE = re.compile(r"[A-Z]{2,5}(?:\.[A-Z]{1,2})?")
REUTERS_TICKER_RE = re.compile(r"[A-Z0-9][A-Z0-9.\-]{0,9}")
EXCHANGE_TICKER_RE = re.compile(r"[A-Z0-9][A-Z0-9.\-]{0,9}")
ABBREV_RE = re.compile(r"[A-Z][A-Za-z&.]{1,9}")


def read_word_list(path: str | Path | None) -> list[str]:
    """Lines of a word list (``#`` comments and blank lines skipped); [] if missing.

    >>> read_word_list("/no/such/file.txt")
    []
    """
    resolved = resolve_path(path)
    if resolved is None:
        return []
    lines = (line.strip() for line in resolved.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def resolve_path(path: str | Path | None) -> Path | None:
    """An existing file: ``path`` as given, else relative to the repository root."""
    if not path:
        return None
    for candidate in (Path(path), PACKAGE_ROOT / path):
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=4)
def common_words(max_rank_logprob: float) -> frozenset[str]:
    """Lowercase English words at least as frequent as ``max_rank_logprob`` (log prob).

    Read from spacy-lookups-data's ``en_lexeme_prob`` table: ``general``, ``sun``, ``apple``
    (-10.8) are common at -11.5; ``toshiba`` (-15.8) is not. Slow (a second): called when
    the pipeline is assembled, and the list is saved with it (:class:`WordLists`).
    """
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        probs: dict[str, float] = json.load(handle)
    return frozenset(w for w, p in probs.items() if p >= max_rank_logprob and w.islower())


def title_variants(titles: Iterable[str]) -> list[str]:
    """Titles as written, Title-cased and upper-cased: ``CEO``, ``Vice Chairman``,
    ``VICE CHAIRMAN``."""
    return sorted({v for p in titles for v in (p, p.title(), p.upper()) if v.strip()})


def tokenize_phrases(phrases: Iterable[str]) -> dict[str, list[str]]:
    """Token texts of each phrase, as spaCy's default English tokenizer splits them
    (``Vice-President`` -> ``Vice``, ``-``, ``President``)."""
    from spacy.lang.en import English

    tokenizer = English().tokenizer
    return {p: [t.text for t in tokenizer(p)] for p in phrases}


@dataclass
class WordLists:
    """The lexicon's lists that come from files and spacy-lookups-data.

    Read once when the pipeline is assembled (:meth:`read`), then saved with it
    (:meth:`to_dict`): loading the pipeline reads no repository file.
    """

    given_names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    common: list[str] = field(default_factory=list)
    # Token texts of title variants (``title_variants``), so loading needs no tokenizer.
    title_tokens: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(
        cls,
        given_names_path: str | None,
        places_path: str | None,
        titles_path: str | None,
        common_word_logprob: float,
        extra_titles: Iterable[str] = EXTRA_TITLES,
    ) -> WordLists:
        """The word list files (a missing file gives an empty list) and the common words."""
        titles = read_word_list(titles_path)
        return cls(
            given_names=read_word_list(given_names_path),
            places=read_word_list(places_path),
            titles=titles,
            common=sorted(common_words(common_word_logprob)),
            title_tokens=tokenize_phrases(title_variants([*titles, *extra_titles])),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WordLists:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


# Per word type, what the rules ask of a token (bits of ``TokenTable.flags``).
(SPACE, WRAP, NAME, NEWLINE, LOWER, MONTH, SENT_END, OPEN_QUOTE, TITLE_START, EVIDENCE,
 BRACKET, LOWERCASE_HEAD, CHUNK_WORD, APPOSITION) = (1 << n for n in range(14))
# Words whose tokens ``DocView`` lists as it reads the doc (``DocView.marked``): brackets,
# lowercase heads, evidence words, apposition cues (rare words: a short list per doc).
MARKED = BRACKET | LOWERCASE_HEAD | EVIDENCE | APPOSITION
MARKED_TEXTS = frozenset({"(", "<"})
ALPHA_SHIFT = 16  # letters in the word, at most 255: ``flags >> ALPHA_SHIFT``
_NOT_LETTERS = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
INITIALS_RE = re.compile(r"(?:[A-Z]\.)+[A-Z]?")
HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Mt.", "Prof.", "Gen.", "Lt.", "Col.",
                        "Sen.", "Rep.", "Gov.", "Jr.", "Sr.", "No.", "Ft.", "Capt.", "Sgt."})
SENTENCE_END = frozenset({".", "!", "?", ";", ":", "-", "--", "—", "–", "\u2022"})
OPEN_QUOTES = frozenset({'"', "“", "‘", "'", "("})
MAX_TABLE_SIZE = 1_000_000  # words in TokenTable.overflow before it is cleared
TABLE_SLOTS = 1 << 17
SLOT_MASK = np.uint64(TABLE_SLOTS - 1)


@dataclass
class OrgLexicon:
    """Every word list the rules consult, built once per component."""

    legal_suffixes: frozenset[str]
    corporate_suffixes: frozenset[str]
    head_words: frozenset[str]
    of_heads: frozenset[str]
    non_org_heads: frozenset[str]
    openers: frozenset[str]
    exchanges: frozenset[str]
    not_tickers: frozenset[str]
    months_weekdays: frozenset[str]
    demonyms: frozenset[str]
    lowercase_heads: frozenset[str]
    given_names: frozenset[str]
    places: frozenset[str]
    common: frozenset[str]
    titles: frozenset[str] = frozenset()
    generic_suffixes: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    division_words: frozenset[str] = frozenset()
    ambiguous_titles: frozenset[str] = frozenset()
    # Title variants as token texts, by first token: {"Vice": [("Vice", "Chairman"), ...]}
    title_phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    legal_upper: frozenset[str] = field(init=False)
    lower_legal: frozenset[str] = field(init=False)  # ``plc``: suffixes in lower case
    lowercase_heads_first: frozenset[str] = field(init=False)
    evidence_words: frozenset[str] = field(init=False)  # words of ``EVIDENCE``
    # Every prefix of an exchange's name: the first token of a span spelling one is among
    # them (a cheap test before the span's text is built)
    exchange_prefixes: frozenset[str] = field(init=False)
    # The last word of each place name (places end with their last token's text)
    place_last_words: frozenset[str] = field(init=False)
    # The first word of each place name of several words (``Hong`` of ``Hong Kong``)
    place_first_words: frozenset[str] = field(init=False)
    tokens: TokenTable = field(init=False, compare=False)  # a cache, shared by equal lexicons

    def __post_init__(self) -> None:
        self.legal_upper = frozenset(s.upper() for s in self.legal_suffixes)
        self.lower_legal = frozenset(s for s in self.legal_suffixes if s[:1].islower())
        self.lowercase_heads_first = frozenset(
            [h.split()[0] for h in self.lowercase_heads] + [h[0] for h in KIND_HEADS])
        self.evidence_words = (self.legal_suffixes | self.legal_upper | self.corporate_suffixes
                               | self.head_words | self.of_heads)
        self.exchange_prefixes = frozenset(
            e[:k] for e in self.exchanges for k in range(1, len(e) + 1))
        self.place_last_words = frozenset(p.rsplit(" ", 1)[-1] for p in self.places)
        self.place_first_words = frozenset(p.split()[0] for p in self.places if " " in p)
        self.tokens = TokenTable(self)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("tokens", None)  # a cache (and it refers back to the lexicon weakly)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.tokens = TokenTable(self)

    def is_common(self, text: str) -> bool:
        """``text`` is a frequent English word, a stop word or a month (``General``, ``Sun``)."""
        low = text.lower()
        return low in self.common or low in STOP_WORDS or text in self.months_weekdays

    def is_legal(self, text: str, caps_line: bool = False) -> bool:
        """``Inc``, ``Corp.``, ``plc``; in an ALL-CAPS line also ``CORP``, ``INC.``."""
        return text in self.legal_suffixes or (caps_line and text in self.legal_upper)

    def word_flags(self, text: str, is_space: bool, is_punct: bool) -> int:
        """The ``TokenTable`` bits of a word (``is_space``/``is_punct``: its lexeme's)."""
        flags = 0
        if is_space:
            newlines = text.count("\n")
            flags |= SPACE | (WRAP if newlines == 0 or (newlines == 1 and len(text) <= 2) else 0)
        if "\n" in text:
            flags |= NEWLINE
        if _is_name_text(text, is_space, is_punct):
            flags |= NAME
        if text.isascii():  # the usual case: letters and case from str methods
            if text.isalpha():
                letters, lower = len(text), not text.isupper()
            else:
                letters = len(text) - len(text.translate(_NOT_LETTERS))
                lower = text != text.upper()
        else:
            chars = [c for c in text if c.isalpha()]
            letters, lower = len(chars), any(c.islower() for c in chars)
        if lower:
            flags |= LOWER
        flags |= min(letters, 255) << ALPHA_SHIFT
        if text in SENTENCE_END or (
            text.endswith(".") and len(text) > 1
            and not (INITIALS_RE.fullmatch(text) or text in HONORIFICS)
        ):
            flags |= SENT_END
        if text in self.months_weekdays:
            flags |= MONTH
        if text in OPEN_QUOTES:
            flags |= OPEN_QUOTE
        if text in self.title_phrases:
            flags |= TITLE_START
        if text in MARKED_TEXTS:
            flags |= BRACKET
        if text in self.lowercase_heads_first:
            flags |= LOWERCASE_HEAD
        if text in CHUNK_WORDS:
            flags |= CHUNK_WORD
        if text in DESCRIBED_NOUNS or text in EMPLOYEE_NOUNS or text.lower() in LIST_NOUNS:
            flags |= APPOSITION
        if text in self.evidence_words:
            flags |= EVIDENCE
        return flags


class TokenTable:
    """Word facts by ORTH id (text and ``OrgLexicon.word_flags`` bits), computed once per word
    type, so a document costs a few numpy operations, never a Python loop over its tokens.

    A direct-mapped cache: a word lives in slot ``orth % TABLE_SLOTS`` of numpy arrays,
    unless another word took that slot first; then in the ``overflow`` dict (bounded).
    """

    def __init__(self, lex: OrgLexicon) -> None:
        self._lex = weakref.ref(lex)  # the lexicon holds this table: no cycle
        self.keys = np.zeros(TABLE_SLOTS, dtype=np.uint64)  # 0: free (no word's ORTH is 0)
        self.texts = np.empty(TABLE_SLOTS, dtype=object)
        self.flags = np.zeros(TABLE_SLOTS, dtype=np.int64)
        self.overflow: dict[int, tuple[str, int]] = {}

    def lookup(self, vocab: Vocab, orths: np.ndarray) -> tuple[list[str], np.ndarray]:
        """Texts and flag bits of the tokens with ORTH ids ``orths``."""
        slots = (orths & SLOT_MASK).astype(np.intp)
        texts, flags = self.texts[slots], self.flags[slots]
        for i in (self.keys[slots] != orths).nonzero()[0].tolist():
            orth = int(orths[i])
            texts[i], flags[i] = self.overflow.get(orth) or self._add(vocab, orth, int(slots[i]))
        return texts.tolist(), flags

    def _add(self, vocab: Vocab, orth: int, slot: int) -> tuple[str, int]:
        if self.keys[slot] == orth:  # added by an earlier token of the same document
            return self.texts[slot], int(self.flags[slot])
        text = vocab.strings[orth]  # no Lexeme object: its two facts are computed here
        lex = self._lex()
        assert lex is not None, "a TokenTable lives in its lexicon"
        entry = (text, lex.word_flags(text, *_space_punct(text)))
        if not self.keys[slot]:
            self.keys[slot], self.texts[slot], self.flags[slot] = orth, text, entry[1]
        else:
            if len(self.overflow) > MAX_TABLE_SIZE:  # a long run sees ever more words
                self.overflow.clear()
            self.overflow[orth] = entry
        return entry


def _space_punct(text: str) -> tuple[bool, bool]:
    """``(lexeme.is_space, lexeme.is_punct)`` of a word, as spaCy's lexical attributes
    define them (a word starting with a letter or digit is no punctuation)."""
    if text[:1].isalnum():
        return False, False
    return text.isspace(), is_punct(text)


# Lexicons in use (a few): components whose word lists are equal share one, so that they
# share its word cache (TokenTable) and their per-document views (DocView.of).
_LEXICONS: list[OrgLexicon] = []
MAX_LEXICONS = 8


def shared_lexicon(lex: OrgLexicon) -> OrgLexicon:
    """An equal lexicon already in use, else ``lex`` (then remembered)."""
    for known in _LEXICONS:
        if known == lex:
            return known
    _LEXICONS.append(lex)
    del _LEXICONS[:-MAX_LEXICONS]
    return lex


def build_lexicon(
    words: WordLists | None = None,
    *,
    legal_suffixes: Iterable[str] = LEGAL_SUFFIXES,
    corporate_suffixes: Iterable[str] = CORPORATE_SUFFIXES,
    head_words: Iterable[str] = HEAD_WORDS,
    of_heads: Iterable[str] = OF_HEADS,
    non_org_heads: Iterable[str] = NON_ORG_HEADS,
    openers: Iterable[str] = OPENERS,
    extra_titles: Iterable[str] = EXTRA_TITLES,
    exchanges: Iterable[str] = EXCHANGES,
    not_tickers: Iterable[str] = NOT_TICKERS,
    demonyms: Iterable[str] = DEMONYMS,
    lowercase_heads: Iterable[str] = LOWERCASE_HEADS,
    generic_suffixes: Iterable[str] = GENERIC_SUFFIXES,
    regions: Iterable[str] = REGIONS,
    division_words: Iterable[str] = DIVISION_WORDS,
    ambiguous_titles: Iterable[str] = AMBIGUOUS_TITLES,
) -> OrgLexicon:
    """Merge the word lists (``words``; none: empty lists) with the built-in ones. No I/O."""
    words = words or WordLists()
    titles = sorted({*words.titles, *extra_titles})
    missing = [v for v in title_variants(titles) if v not in words.title_tokens]
    tokens = {**words.title_tokens, **(tokenize_phrases(missing) if missing else {})}
    phrases: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for variant in title_variants(titles):
        phrase = tuple(tokens[variant])
        if phrase:
            phrases[phrase[0]].append(phrase)
    return OrgLexicon(
        legal_suffixes=frozenset(legal_suffixes),
        corporate_suffixes=frozenset(corporate_suffixes),
        head_words=frozenset(head_words),
        of_heads=frozenset(of_heads),
        non_org_heads=frozenset(non_org_heads),
        openers=frozenset(openers),
        exchanges=frozenset(exchanges),
        not_tickers=frozenset(not_tickers),
        months_weekdays=frozenset(MONTHS_WEEKDAYS),
        demonyms=frozenset(demonyms),
        lowercase_heads=frozenset(lowercase_heads),
        given_names=frozenset(words.given_names),
        places=frozenset(words.places),
        common=frozenset(words.common),
        titles=frozenset(titles),
        generic_suffixes=frozenset(generic_suffixes),
        regions=frozenset(regions),
        division_words=frozenset([*regions, *division_words]),
        ambiguous_titles=frozenset(ambiguous_titles),
        title_phrases=dict(phrases),
    )


@dataclass
class Found:
    """An ORG name found by a rule: token offsets [start, end) and its evidence."""

    start: int
    end: int
    kind: str
    ticker: str | None = None
    abbrev: str | None = None
    bracket: tuple[int, int] | None = None  # token range of a ticker bracket after the name


def _is_name_text(text: str, is_space: bool, is_punct: bool) -> bool:
    """A word that can be part of a name: ``Micron``, ``IBM``, ``eBay``, ``3M``, ``E.F.``."""
    if not text or is_space or is_punct:
        return False
    first = text[0]
    if first.isupper():
        return True
    if first.islower():
        return any(c.isupper() for c in text[1:]) and text.isalnum()
    return first.isdigit() and any(c.isupper() for c in text)


class DocView:
    """Per-document facts the rules share: token texts, whitespace, lines, sentence starts,
    name words.

    Construction costs a few numpy operations per document (``OrgLexicon.tokens`` caches
    word facts by ORTH id); the rest is computed on demand for the tokens the rules visit,
    which are name words and their neighbours: ``caps_line[i]`` and ``sent_start[i]`` are
    lazy dicts. Per-token facts are tuples, not lists: a view lives as long as its doc, and
    tuples of strings and ints are untracked by the garbage collector.
    """

    @classmethod
    def of(cls, doc: Doc, lex: OrgLexicon, orths: np.ndarray | None = None) -> DocView:
        """The view of ``doc`` with ``lex``, built once: ``org_context`` and
        ``org_consistency`` share it when they share their lexicon (token facts do not
        change between them; the lazy parts depend on the tokens only). ``orths``: the
        doc's ORTH ids if the caller has read them."""
        view = _VIEWS.get(doc)
        if view is None or view.lex is not lex or not view.fits(doc, orths):
            view = _VIEWS[doc] = cls(doc, lex)
        return view

    @staticmethod
    def release(doc: Doc) -> None:
        """Forget the view of ``doc`` (the last component that reads it calls this)."""
        _VIEWS.pop(doc, None)

    def fits(self, doc: Doc, orths: np.ndarray | None = None) -> bool:
        """The doc still has the tokens this view was made from (not retokenized)."""
        if self.n != len(doc):
            return False
        if orths is None:
            orths = doc.to_array(ORTH)
        return bool(np.array_equal(self.orth_array, orths))

    def __init__(self, doc: Doc, lex: OrgLexicon) -> None:
        self._doc = weakref.ref(doc)  # the view is cached by doc (weakly): no cycle
        self.lex = lex
        self.n = n = len(doc)
        # ORTH and SPACY in one call: most docs need the whitespace too (``ws``)
        columns = doc.to_array([ORTH, SPACY]) if n else np.zeros((0, 2), dtype=np.uint64)
        self.orth_array = columns[:, 0]
        self._spacy = columns[:, 1]
        texts, flag_array = lex.tokens.lookup(doc.vocab, self.orth_array)
        # tuples, not lists: the garbage collector stops tracking a tuple of strings or ints
        # (views live as long as their docs, and a batch holds many)
        self.texts: tuple[str, ...] = tuple(texts)
        self.flags: tuple[int, ...] = tuple(flag_array.tolist())
        flags = self.flags
        self.caps_line = _CapsLines(flags)
        self.sent_start = _SentenceStarts(self)
        rare = (flag_array & (MARKED | TITLE_START)).nonzero()[0].tolist()  # one scan, both
        self._marked = tuple(i for i in rare if flags[i] & MARKED)
        titled = [i for i in rare if flags[i] & TITLE_START]
        self._where: dict[str, tuple[int, ...]] = {}
        self._brackets: dict[int, Bracket | None] = {}
        name_mask = (flag_array & (NAME | MONTH)) == NAME
        self._titles = _title_tokens(self, titled) if titled else NO_TOKENS
        if self._titles:
            name_mask[list(self._titles)] = False
        # name words that are no title, month or weekday, in order
        self.names: tuple[int, ...] = tuple(name_mask.nonzero()[0].tolist())
        self._name_ok: tuple[bool, ...] = tuple(name_mask.tolist())
        self._body: str | None = None

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        if doc is None:
            raise ReferenceError("the document of this view is gone")
        return doc

    def marked(self, bit: int) -> list[int]:
        """Tokens whose word has ``bit``, one of ``MARKED`` (``BRACKET``...), in order."""
        flags = self.flags
        return [i for i in self._marked if flags[i] & bit]

    @cached_property
    def ws(self) -> tuple[int, ...]:
        """Per token: 1 where a space follows it."""
        return tuple(self._spacy.tolist())

    def where(self, text: str) -> tuple[int, ...]:
        """Indices of the tokens spelled ``text`` (their ORTH id is the hash of ``text``),
        remembered for the next component that reads the view.

        Found per text asked, as tuples: an index of every marked word in lists would
        outlive the call with the view, and a batch of views full of lists makes the
        garbage collector's full passes frequent and slow."""
        found = self._where.get(text)
        if found is None:
            found = self._where[text] = tuple(
                (self.orth_array == _orth_of(text)).nonzero()[0].tolist())
        return found

    def breaker(self, i: int) -> bool:
        """Token ``i`` is a title, month or weekday: no name contains it."""
        return bool(self.flags[i] & MONTH) or i in self._titles

    @property
    def text(self) -> str:
        """``doc.text`` (the tokenizer's text, see :func:`pipeline.tokenizer.doc_text`)."""
        return doc_text(self.doc)

    def body_lower(self) -> str:
        """The text of lines with a lower-case letter, lower-cased (computed once)."""
        if self._body is None:
            lines = self.text.split("\n")
            self._body = "\n".join(line for line in lines if _has_lower(line)).lower()
        return self._body

    def is_space(self, i: int) -> bool:
        return bool(self.flags[i] & SPACE)

    def next_sig(self, i: int) -> int | None:
        """Index of the next non-space token, crossing at most one line wrap."""
        j, flags = i + 1, self.flags
        if j < self.n and flags[j] & SPACE:
            if not flags[j] & WRAP:
                return None
            j += 1
        return j if j < self.n and not flags[j] & SPACE else None

    def prev_sig(self, i: int) -> int | None:
        """Index of the previous non-space token, crossing at most one line wrap."""
        j, flags = i - 1, self.flags
        if j >= 0 and flags[j] & SPACE:
            if not flags[j] & WRAP:
                return None
            j -= 1
        return j if j >= 0 and not flags[j] & SPACE else None

    def legal_at(self, i: int) -> bool:
        """Token ``i`` is a legal suffix as written on its line (`OrgLexicon.is_legal`);
        its line is read only for an upper-cased suffix (``CORP``)."""
        text, lex = self.texts[i], self.lex
        return text in lex.legal_suffixes or (text in lex.legal_upper and self.caps_line[i])

    def same_line(self, i: int, j: int) -> bool:
        """Tokens ``i`` < ``j`` start on one line: no token in [i, j) holds a line break."""
        return not any(map(NEWLINE.__and__, self.flags[i:j]))

    def in_chunk(self, i: int) -> bool:
        """Token ``i`` may sit inside a chunk: a name word, a connector, a line wrap."""
        return self._name_ok[i] or bool(self.flags[i] & (CHUNK_WORD | WRAP))

    def glued(self, i: int) -> bool:
        """Token ``i`` touches the next token with no whitespace (``Hewlett-Packard``)."""
        return not self.ws[i] and i + 1 < self.n

    def name_ok(self, i: int | None) -> bool:
        """Token ``i`` is a name word that may sit inside a name here."""
        return i is not None and self._name_ok[i]

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        if end == start + 1:
            return self.texts[start]
        texts, ws = self.texts[start:end], self.ws[start:end]
        parts = [t + " " if w else t for t, w in zip(texts, ws, strict=True)]
        return "".join(parts)[: -1 if end > start and self.ws[end - 1] else None]


NO_TOKENS: frozenset[int] = frozenset()


@lru_cache(maxsize=4096)
def _orth_of(text: str) -> int:
    return int(hash_string(text))


_VIEWS: weakref.WeakKeyDictionary[Doc, DocView] = weakref.WeakKeyDictionary()


class _CapsLines(dict[int, bool]):
    """Token index -> on a line written entirely in upper case (a wire headline): at least
    four letters, none lower-case. A token's line is the one its first character is on.

    Computed on first use: a lower-case word near the token settles it at once (the usual
    case); else the whole line is read once, and its tokens remembered (linear time).
    """

    NEAR = 8  # tokens read on each side before reading the whole line

    def __init__(self, flags: tuple[int, ...]) -> None:
        super().__init__()  # the view's flags, not the view: no reference cycle
        self.flags, self.n = flags, len(flags)

    def __missing__(self, i: int) -> bool:
        caps = self._near(i)
        if caps is None:
            caps = self._whole_line(i)
        self[i] = caps
        return caps

    def _near(self, i: int) -> bool | None:
        """False if a lower-case word is near on the line; None if that does not settle it."""
        flags, n = self.flags, self.n
        for j in range(i, min(n, i + self.NEAR)):  # rightwards, to the token ending the line
            if flags[j] & LOWER:
                return False
            if flags[j] & NEWLINE:
                break
        for j in range(i - 1, max(-1, i - 1 - self.NEAR), -1):  # leftwards, to the line start
            if flags[j] & NEWLINE:
                break
            if flags[j] & LOWER:
                return False
        return None

    def _whole_line(self, i: int) -> bool:
        """Read the line of token ``i`` (from after a token holding a line break to the
        next such token, included) and remember the answer for all its tokens."""
        flags, n = self.flags, self.n
        start = end = i
        while start > 0 and not flags[start - 1] & NEWLINE:
            start -= 1
        while end < n and not flags[end] & NEWLINE:
            end += 1
        end = end + 1 if end < n else n
        line = flags[start:end]
        caps = not any(map(LOWER.__and__, line)) and sum(
            map(ALPHA_SHIFT.__rrshift__, line)) >= 4
        self.update(dict.fromkeys(range(start, end), caps))
        return caps


class _SentenceStarts(dict[int, bool]):
    """Token index -> a sentence or paragraph may start there (no parser: punctuation and
    breaks). A word starts one after a paragraph break, a sentence-ending mark, or a word
    ending in a full stop that is no initial or honorific (``U.S. Air Force`` and ``Mr.
    Smith`` do not start at ``Air``/``Smith``); after an opening quote or bracket, as the
    quote does. Computed on first use."""

    def __init__(self, view: DocView) -> None:
        super().__init__()
        self.flags = view.flags

    def __missing__(self, i: int) -> bool:
        flags = self.flags
        if flags[i] & SPACE:
            return False
        quoted: list[int] = []  # words after an opening quote start as the quote does
        while True:
            j, broke = i - 1, False
            while j >= 0 and flags[j] & SPACE:
                broke = broke or not flags[j] & WRAP
                j -= 1
            if j < 0:
                starts = True
            elif flags[j] & OPEN_QUOTE:
                if j not in self:
                    quoted.append(i)
                    i = j
                    continue
                starts = self[j]
            else:
                starts = broke or bool(flags[j] & SENT_END)
            break
        for k in [i, *quoted]:
            self[k] = starts
        return starts


ASCII_LOWER_RE = re.compile(r"[a-z]")


def _has_lower(line: str) -> bool:
    """Some character of ``line`` is lower-case (an ASCII test first: it is faster)."""
    return bool(ASCII_LOWER_RE.search(line)) or any(c.islower() for c in line)


def _title_tokens(view: DocView, starts: list[int]) -> set[int]:
    """Tokens inside a title (``Vice Chairman``, ``CEO``) starting at one of ``starts``.

    An ambiguous one-word title counts only before a given name: ``General Ann Lee``
    but not ``General Motors``.
    """
    lex, texts, n = view.lex, view.texts, view.n
    out: set[int] = set()
    for start in starts:
        for phrase in lex.title_phrases[texts[start]]:
            end = start + len(phrase)
            if end > n or tuple(texts[start:end]) != phrase:
                continue
            if end - start == 1 and phrase[0] in lex.ambiguous_titles:
                nxt = end + 1 if end < n and view.is_space(end) else end
                if nxt >= n or texts[nxt] not in lex.given_names:
                    continue
            out.update(range(start, end))
    return out


# ---------------------------------------------------------------------------
# Chunks: maximal runs of capitalized words with the connectors names may contain.


def find_chunks(view: DocView, starts: list[int] | None = None) -> list[list[int]]:
    """Runs of name words joined by inner connectors, as token index lists.

    ``Procter & Gamble``, ``Hewlett-Packard``, ``Bank of America Corp``,
    ``Kidder\\nPeabody and Co.``, ``Department of Climate Change, Energy, and Water``.
    A title, month, weekday or multi-word place ends a chunk. ``starts``: the name words
    to start from (default: all; see ``evidence_chunks``).
    """
    chunks: list[list[int]] = []
    end = -1
    texts, name_ok, next_sig = view.texts, view.name_ok, view.next_sig
    lower_legal = view.lex.lower_legal
    for i in view.names if starts is None else starts:
        if i <= end:
            continue
        chunk = [i]
        k = next_sig(i)
        if k is not None and (name_ok(k) or texts[k] in EXTENDERS
                              or texts[k] in lower_legal):  # else: one word
            while more := _extension(view, chunk):
                chunk.extend(more)
        chunks.append(chunk)
        end = chunk[-1]
    return chunks


EXTENDERS = frozenset({"-", "&", "and", ",", *OF_WORDS, *PARTICLES, *APOSTROPHES,
                       *ROMANCE_PARTICLES})
CHUNK_WORDS = EXTENDERS | {"the"} | DE_ARTICLES  # every word a chunk may hold but names
AND_PARTICLES = frozenset({"&", "and", *PARTICLES})  # connectors a single name word follows


def evidence_chunks(view: DocView) -> list[list[int]]:
    """The chunks that may hold a finding: those with an evidence word (``Corp``,
    ``Ministry``) or a bracket after them; the same as ``find_chunks`` keeps of them.

    A chunk never crosses a token that no chunk holds (a lower-case word, a full stop, a
    paragraph break), so chunking restarted after one gives the chunks that follow it: only
    the stretches between two such tokens around an evidence word or before a bracket are
    chunked.
    """
    seeds = view.marked(EVIDENCE)
    for b in view.marked(BRACKET):  # name, [wrap], ``.``/``'s``, [wrap], bracket
        seeds.extend(range(max(0, b - 4), b))
    starts: list[int] = []
    end = 0
    inside = view.in_chunk
    lower_legal = view.lex.lower_legal
    for seed in sorted(seeds):
        if not inside(seed) and view.texts[seed] in lower_legal:
            seed = view.prev_sig(seed)  # ``Lanbrook plc``: the name before the suffix
            if seed is None:
                continue
        if seed < end or not inside(seed):
            continue
        start, end = seed, seed + 1
        while start > 0 and inside(start - 1):
            start -= 1
        while end < view.n and inside(end):
            end += 1
        starts.extend(view.names[bisect_left(view.names, start) : bisect_left(view.names, end)])
    return find_chunks(view, starts) if starts else []


def _extension(view: DocView, chunk: list[int]) -> list[int]:
    """Tokens that continue ``chunk``: ``[name]`` or ``[connector..., name]``, else []."""
    texts, lex = view.texts, view.lex
    last = chunk[-1]
    k = view.next_sig(last)
    if k is not None and texts[k] in lex.lower_legal and view.same_line(last, k):
        return [k]  # ``Zentrix Holdings plc``: a legal suffix written in lower case
    if k is None or not (view.name_ok(k) or texts[k] in EXTENDERS):
        return []
    if len(chunk) > 14 or (
        not view.same_line(last, k) and view.caps_line[k] != view.caps_line[last]
    ):
        return []
    last_text = texts[last]
    if last_text in lex.legal_suffixes or last_text in lex.legal_upper:  # else not legal
        caps = view.caps_line[last]
        if lex.is_legal(last_text, caps) and not (
            lex.is_legal(texts[k], caps) or texts[k] in lex.corporate_suffixes
        ):
            return []  # ``Western Mining Corp Holdings Ltd`` goes on, ``Boeing Co and`` stops
    if view.name_ok(k):
        return [] if view.sent_start[k] else [k]
    text = texts[k]
    after = view.next_sig(k)
    if text == "-" and view.glued(last) and view.glued(k) and view.name_ok(after):
        return [k, after]  # type: ignore[list-item]
    if text in AND_PARTICLES and view.name_ok(after):
        return [k, after]  # type: ignore[list-item]
    if text in APOSTROPHES and view.glued(last) and last_text.endswith("s") and (
            not view.glued(k)) and view.name_ok(after) and (
            texts[after] in lex.head_words or texts[after] in lex.of_heads):
        return [k, after]  # type: ignore[list-item]  # ``Workers' Party``, not ``Cos' Metal``
    if text in ROMANCE_PARTICLES and view.name_ok(after) and not lex.is_common(last_text):
        return [k, after]  # type: ignore[list-item]  # ``Banco do Brasil``
    if text == "de" and after is not None and texts[after] in DE_ARTICLES:
        nxt = view.next_sig(after)
        if view.name_ok(nxt):
            return [k, after, nxt]  # type: ignore[list-item]  # ``Banco de la Nacion``
    if text == "and" and after is not None and texts[after] == "the":
        nxt = view.next_sig(after)
        if nxt is not None and texts[nxt] in REGIONS_AFTER_THE and any(
                texts[t] in OF_WORDS for t in chunk) and not view.name_ok(view.next_sig(nxt)):
            return [k, after, nxt]  # ``Commission for Asia and the Pacific`` (ends there)
    in_complement = text == "of" and any(texts[t] in OF_WORDS for t in chunk)
    head = last_text in lex.of_heads or (text == "of" and last_text in lex.corporate_suffixes)
    if text in OF_WORDS and (head or in_complement) and after:
        if view.name_ok(after):
            return [k, after]
        nxt = view.next_sig(after)
        if texts[after] == "the" and view.name_ok(nxt):
            return [k, after, nxt]  # type: ignore[list-item]
    if text == "," and any(texts[t] in OF_WORDS for t in chunk) and _list_closes(view, k):
        if after is not None and texts[after] == "and":
            return [k, after, view.next_sig(after)]  # type: ignore[list-item]
        return [k, after]  # type: ignore[list-item]
    return []


#: Regions written with ``the`` that end a complement after ``and``: ``Economic and Social
#: Commission for Asia and the Pacific``, ``... for Latin America and the Caribbean``.
REGIONS_AFTER_THE = frozenset({"Pacific", "Caribbean", "Americas", "Mediterranean",
                               "Balkans", "Baltic", "Arctic", "Antarctic"})

MAX_COMPLEMENT_WORDS = 3  # words of one item that continues a complement


def complement_list_end(view: DocView, start: int, end: int) -> int | None:
    """Where a head's complement that the name [start, end) ends goes on as a list of
    capitalized plain words: ``Department of Energy`` + ``and Climate Change``, ``Ministry
    of Finance`` + ``and Economy``, ``Department of Industry`` + ``, Science and
    Resources``. None if it does not, or the list holds a name of its own (``and
    Microsoft``), an institution word (``and Central Bank``) or a title."""
    texts, lex = view.texts, view.lex
    if end - start < 3 or texts[end - 2] not in OF_WORDS:
        return None
    if texts[end - 3] not in lex.of_heads and texts[end - 3] not in lex.head_words:
        return None
    k, last, closed = view.next_sig(end - 1), None, False
    while k is not None and not closed and texts[k] in {",", "and"}:
        closed = texts[k] == "and"
        nxt = view.next_sig(k)
        if not closed and nxt is not None and texts[nxt] == "and":
            closed, nxt = True, view.next_sig(nxt)  # the serial comma
        words = 0
        while nxt is not None and view.name_ok(nxt) and _plain_capitalized(view, nxt):
            last, nxt, words = nxt, view.next_sig(nxt), words + 1
        if not words or words > MAX_COMPLEMENT_WORDS:
            return None
        k = nxt
    if not closed or last is None or (k is not None and view.name_ok(k)):
        return None
    return last + 1


def _plain_capitalized(view: DocView, i: int) -> bool:
    """A capitalized common word (or its plural) that is no institution word, title, place
    or month: ``Climate``, ``Sciences``; not ``Microsoft``, ``Bank``, ``Secretary``."""
    text, lex = view.texts[i], view.lex
    common = lex.is_common(text) or (text.endswith("s") and lex.is_common(text[:-1]))
    return (text.istitle() and text.isalpha() and common
            and text not in lex.evidence_words and text not in lex.titles
            and text not in lex.places and text not in lex.months_weekdays)


def _list_closes(view: DocView, comma: int) -> bool:
    """After ``comma``: name groups separated by commas, closed by ``and``/``&`` + name.

    True for ``, Energy, Environment, and Water``; False for ``, which ...``.
    """
    k: int | None = comma
    for _ in range(16):
        k = view.next_sig(k)  # type: ignore[arg-type]
        if k is None:
            return False
        text = view.texts[k]
        if text in {"and", "&"}:
            last = view.next_sig(k)
            return view.name_ok(last) and not _company_word(view, last)  # type: ignore[arg-type]
        if text != "," and (not view.name_ok(k) or _company_word(view, k)):
            return False
    return False


#: Words of company names that no list of fields holds (``Barclays Capital``).
COMPANY_LIST_WORDS = frozenset({"Capital", "Securities", "Group", "Holdings", "Partners",
                                "Bank", "Bancorp", "Chartered"})


def _company_word(view: DocView, i: int) -> bool:
    """Token ``i`` belongs to a company's name, not to a list of fields (``Department of
    Parks, Water, and Energy``): an acronym (``HSBC``, ``Lloyds TSB``), a legal suffix or a
    word of `COMPANY_LIST_WORDS`."""
    text = view.texts[i]
    return ((len(text) > 1 and text.isupper() and not view.caps_line[i])
            or text in COMPANY_LIST_WORDS or view.legal_at(i))


MAX_COMMA_PIECES = 4


def join_comma_names(
    view: DocView, chunks: list[list[int]], known: set[tuple[int, int]]
) -> list[list[int]]:
    """Merge chunks that a comma splits inside one name closed by a ticker bracket.

    ``Boeing Defense, Space & Security (BA)`` is one name: the last piece joins plain
    words with ``&``, the ticker's initial is not its own but the first piece's. Lists stay
    apart: ``IBM, Intel and Samsung``, ``Zantrex, Voltaria & Quillon (ZNX)`` (distinctive
    pieces), ``Orbelle, Space & Security (OS)`` when a ruler knows a later piece.
    """
    out: list[list[int]] = []
    for chunk in chunks:
        out.append(chunk)
        if len(chunk) < 3:
            continue  # no ``&`` inside
        first = _comma_name_start(view, out, known)
        if first is None:
            first = _partners_start(view, out, known)
        if first is not None:
            out[first:] = [[t for piece in out[first:] for t in _with_comma(view, piece)]]
    return out


#: Pieces of a partners' firm name before ``X and Co``: ``Kohlberg, Kravis, Roberts and Co``.
MAX_PARTNERS = 3


def _partners_start(
    view: DocView, pieces: list[list[int]], known: set[tuple[int, int]]
) -> int | None:
    """Index of the first piece of a firm named after its partners, ending at the last
    piece: ``Sturm, Ruger and Co Inc``, ``Scott, Foresman and Co``, ``Moore, Grossman and
    deRose Inc``. The last piece joins a surname by ``and`` to ``Co`` or a surname and a
    legal suffix; each piece before it is one capitalized word no ruler knows, no common
    word, place or nationality, one comma apart; the first may be two capitalized words
    before such a word (``Merrill Lynch, Pierce, Fenner and Smith Inc``). Lists stay
    apart: ``Exxon, Mobil and Texaco Inc`` (a ruler knows ``Mobil``)."""
    last = pieces[-1]
    texts = view.texts
    words = [texts[t] for t in last if not view.is_space(t)]
    if (len(words) < 3 or words[1] != "and" or view.caps_line[last[0]]
            or not (words[-1] in AND_CO or view.lex.is_legal(words[-1]))):
        return None
    n = len(pieces) - 1
    lex = view.lex
    while n > 0 and len(pieces) - n <= MAX_PARTNERS:
        piece = pieces[n - 1]
        if not _comma_between(view, piece, pieces[n]):
            break
        if len(piece) == 2 and n < len(pieces) - 1 and all(
                texts[t].istitle() for t in piece):
            return n - 1  # a two-word first partner: ``Merrill Lynch, Pierce, Fenner and``
        word = texts[piece[0]]
        if (len(piece) != 1 or not word.istitle() or lex.is_common(word)
                or word in lex.places or word in lex.demonyms
                or any(s <= piece[0] < e for s, e in known)):
            break
        n -= 1
    return n if n < len(pieces) - 1 else None


def _comma_name_start(
    view: DocView, pieces: list[list[int]], known: set[tuple[int, int]]
) -> int | None:
    """Index in ``pieces`` of the first piece of a comma-split name ending at the last one."""
    last = pieces[-1]
    if not any(view.texts[t] == "&" for t in last) or view.caps_line[last[0]]:
        return None
    bracket = read_bracket(view, last[-1])
    if bracket is None or bracket.kind != "paren" or not TICKER_RE.fullmatch(bracket.text):
        return None
    initial = bracket.text[0]
    n = len(pieces) - 1
    while n > 0 and len(pieces) - n < MAX_COMMA_PIECES:
        piece = pieces[n]
        if view.texts[piece[0]][0] == initial or not _plain_piece(view, piece, known):
            return None
        if not _comma_between(view, pieces[n - 1], piece):
            return None
        n -= 1
        if view.texts[pieces[n][0]][0] == initial:
            return n
    return None


def _plain_piece(view: DocView, piece: list[int], known: set[tuple[int, int]]) -> bool:
    """Capitalized common words no ruler knows: ``Space & Security``, not ``Intel``."""
    lex = view.lex
    start, end = piece[0], piece[-1] + 1
    if any(s < end and start < e for s, e in known):
        return False
    return all(
        view.texts[t].istitle() and lex.is_common(view.texts[t])
        for t in piece if not _is_connector(view, t)
    )


def _comma_between(view: DocView, before: list[int], after: list[int]) -> bool:
    """``before`` and ``after`` are separated by one comma (``Defense, Space``)."""
    comma = view.next_sig(before[-1])
    return (
        comma is not None and view.texts[comma] == ","
        and not view.sent_start[after[0]] and view.next_sig(comma) == after[0]
    )


def _with_comma(view: DocView, piece: list[int]) -> list[int]:
    """``piece`` and the comma after it, when one follows."""
    comma = view.next_sig(piece[-1])
    return [*piece, comma] if comma is not None and view.texts[comma] == "," else piece


# ---------------------------------------------------------------------------
# Brackets after a name: tickers and abbreviations.


@dataclass(frozen=True)
class Bracket:
    """A bracket after a name: ``(MU)``, ``(NASDAQ: NVDA)``, ``<IBM>``, ``(ADF)``."""

    open_i: int
    close_i: int
    text: str
    kind: str  # "ticker" (certain), "paren" (ticker or abbreviation), "comma" (abbreviation)
    period: bool = False  # a period glued to the name before it: ``COMPUTER ASSOC. <CA>``


# what may follow a name + bracket (``,`` opens an abbreviation between commas)
BEFORE_BRACKET = frozenset({"(", "<", ".", "'s", "’s", ","})


def read_bracket(view: DocView, last: int) -> Bracket | None:
    """The bracket right after token ``last`` (a possessive may come between).

    ``General Electric Co's <GE>`` -> ticker ``GE``; ``(NYSE:IBM)`` -> ticker ``IBM``.
    """
    k = view.next_sig(last)
    if k is not None and view.texts[k] == ",":
        return _comma_abbreviation(view, k)
    period = k is not None and view.texts[k] == "." and not view.ws[last]
    if period or (k is not None and view.texts[k] in {"'s", "’s"}):
        k = view.next_sig(k)  # type: ignore[arg-type]
    if k is None or view.texts[k] not in {"(", "<"}:
        return None
    bracket = bracket_at(view, k)
    if bracket is not None and period:
        bracket = replace(bracket, period=True)
    return bracket


def _comma_abbreviation(view: DocView, k: int) -> Bracket | None:
    """An abbreviation between commas after a name: ``International Coffee Organization,
    ICO, said`` (a bracket of kind ``comma``: an abbreviation, never a ticker)."""
    j, close = k + 1, k + 2  # no line break in between: the abbreviation is token k + 1
    if close >= view.n or view.texts[close] != "," or view.is_space(j):
        return None
    if not ABBREV_RE.fullmatch(view.texts[j]) or _n_upper(view.texts[j]) < 2:
        return None
    return Bracket(k, close, view.texts[j], "comma")


def bracket_at(view: DocView, k: int) -> Bracket | None:
    """Parse the bracket opening at token ``k``; None unless it holds a ticker or acronym.
    Parsed once per view (the rules and ``ticker_brackets`` ask for the same brackets)."""
    try:
        return view._brackets[k]
    except KeyError:
        bracket = view._brackets[k] = _parse_bracket(view, k)
        return bracket


def _parse_bracket(view: DocView, k: int) -> Bracket | None:
    closer = ")" if view.texts[k] == "(" else ">"
    end = next((j for j in range(k + 1, min(k + 7, view.n)) if view.texts[j] == closer), None)
    if end is None or end == k + 1:
        return None
    inner = word_texts(view, k + 1, end)
    if closer == ">":
        text = "".join(inner)
        if _spaced(view, k + 1, end) and not _exchange_ticker(view, inner):
            return None  # words: a name (``<SIEMENS AG>``), see `angle_bracket_findings`
        return Bracket(k, end, text, "ticker") if REUTERS_TICKER_RE.fullmatch(text) else None
    if len(inner) == 3 and inner[0] in view.lex.exchanges and inner[1] == ":":
        ok = EXCHANGE_TICKER_RE.fullmatch(inner[2])
        return Bracket(k, end, inner[2], "ticker") if ok else None
    if len(inner) == 1 and ABBREV_RE.fullmatch(inner[0]) and _n_upper(inner[0]) >= 2:
        return Bracket(k, end, inner[0], "paren")
    if len(inner) == 1 and TITLE_ABBREV_RE.fullmatch(inner[0]):
        return Bracket(k, end, inner[0], "comma")  # ``(Trai)``: an abbreviation, no ticker
    return None


#: An abbreviation written as a word (``Trai``, ``Sarb``, ``Sebi``): it defines one only
#: where it spells the initials of the name before it (`abbreviation_start`).
TITLE_ABBREV_RE = re.compile(r"[A-Z][a-z]{2,5}")


def _n_upper(text: str) -> int:
    return sum(c.isupper() for c in text)


ABBREV_SKIPPABLE = frozenset({"of", "and", "for", "the", "&", "-", "de", "du", "des", "on", "in",
                              "'", "’", "do", "da", "di", "del", "la", ","})
#: Skippable words that give no letter.
_NO_LETTER = frozenset({"-", "&", "'", "’", ","})


def abbreviation_start(abbrev: str, words: list[str], legal: frozenset[str]) -> int | None:
    """Index of the first word of the longest tail of ``words`` that ``abbrev`` abbreviates.

    Every content word gives its initial (or a prefix); ``of``/``and``/``&`` may give theirs;
    a trailing legal suffix may give nothing.
    >>> abbreviation_start("ADF", ["the", "Australian", "Defence", "Force"], frozenset())
    1
    >>> abbreviation_start("BoA", ["Bank", "of", "America"], frozenset())
    0
    >>> abbreviation_start("EADS", ["European", "Aeronautic", "Defence", "&", "Space", "NV"],
    ...                    frozenset({"NV"}))
    0
    >>> abbreviation_start("PFE", ["Pfizer"], frozenset()) is None
    True
    """
    letters = [c.lower() for c in abbrev if c.isalnum()]
    lowered = [w.lower().replace(".", "") or w.lower() for w in words]  # U.S. gives US
    starts = [  # a first word that does not give the first letter cannot start it
        n for n, w in enumerate(words)
        if w not in ABBREV_SKIPPABLE and (not letters or lowered[n][:1] == letters[0])
    ]
    if not starts:
        return None

    # ok[wi][li]: letters[li:] abbreviate words[wi:] (filled from the last word back)
    n, m = len(lowered), len(letters)
    ok = [[False] * (m + 1) for _ in range(n + 1)]
    ok[n][m] = True
    for wi in range(n - 1, -1, -1):
        word, row, after = lowered[wi], ok[wi], ok[wi + 1]
        skippable = (words[wi] in ABBREV_SKIPPABLE or (wi == n - 1 and words[wi] in legal)
                     or (wi > 0 and words[wi - 1] == "-" and words[wi][:1].islower()))
        for li in range(m + 1):
            if skippable and after[li]:
                row[li] = True
                continue
            if skippable and words[wi] in _NO_LETTER:
                continue  # these give no letter: skipped or nothing
            for k in range(1, len(word) + 1):
                if li + k > m or letters[li : li + k] != list(word[:k]):
                    break
                if after[li + k]:
                    row[li] = True
                    break
    return next((start for start in starts if ok[start][0]), None)


# ---------------------------------------------------------------------------
# Evidence inside a chunk and the span it licenses.


def word_texts(view: DocView, start: int, end: int) -> list[str]:
    """Texts of the tokens in [start, end) that are not whitespace (line wraps)."""
    flags = view.flags
    if not any(map(SPACE.__and__, flags[start:end])):  # the usual case: no line wrap
        return list(view.texts[start:end])
    return [t for i, t in enumerate(view.texts[start:end], start) if not flags[i] & SPACE]


def _is_connector(view: DocView, i: int) -> bool:
    return view.texts[i] in CONNECTORS


def _name_words(view: DocView, toks: list[int]) -> list[int]:
    return [t for t in toks if not _is_connector(view, t)]


def _corp_ok(view: DocView, suffix: str, mods: list[int]) -> bool:
    """A generic corporate word (``Technology``, ``Group``) needs a distinctive modifier:
    ``Micron Technology``, ``D-Wave Systems``, not ``Information Technology``; a word only
    companies use (``Microsystems``, ``Airways``) does not: ``Sun Microsystems``."""
    return suffix not in view.lex.generic_suffixes or _distinctive(view, mods)


def _distinctive(view: DocView, toks: list[int]) -> bool:
    """Some word is not a plain English word: ``Qatar``, ``ARGOSystems``, ``IBM``, ``D-Wave``."""
    lex = view.lex
    for t in _name_words(view, toks):
        text = view.texts[t]
        if not text.istitle() or len(text) == 1 or not lex.is_common(text):
            return True
        if t + 1 < view.n and view.texts[t + 1] == "-" and not view.ws[t]:
            return True
    return False


def _with_region(view: DocView, toks: list[int], p: int) -> int:
    """Extend past a trailing region that names a division: ``Media Labs Europe``."""
    if p + 2 == len(toks) and view.texts[toks[p + 1]] in view.lex.regions:
        return p + 1
    return p


def evidence(view: DocView, toks: list[int]) -> tuple[int, str] | None:
    """Rightmost evidence in ``toks``: (index of the name's last token, kind).

    Kinds: ``legal`` (``Corp``), ``corp`` (``Airways``), ``head`` (``Commission``),
    ``of`` (``Ministry of ...``: the complement runs to the end of ``toks``).
    """
    lex, flags = view.lex, view.flags
    words = [view.texts[t] for t in toks]
    first_word = _first_index(words, lambda w: w not in CONNECTORS)
    first_of = _first_index(words, OF_WORDS.__contains__)
    caps = view.caps_line[toks[0]]
    for p in range(len(toks) - 1, -1, -1):
        if not flags[toks[p]] & EVIDENCE:
            continue  # no legal suffix, corporate word or head: no rule below applies
        text = words[p]
        if text in CONNECTORS:
            continue
        has_mod = p > first_word  # a name word before
        if lex.is_legal(text, caps) and has_mod and not _word_part(view, toks[p]):
            return p, "legal"
        if caps:
            continue
        if text in lex.of_heads and p + 1 < len(toks) and words[p + 1] in OF_WORDS:
            return len(toks) - 1, "of"
        in_complement = p > first_of
        if text in lex.corporate_suffixes and has_mod and _corp_ok(view, text, toks[:p]):
            return _with_region(view, toks, p), "of" if in_complement else "corp"
        if text in lex.head_words and has_mod:
            return _with_region(view, toks, p), "of" if in_complement else "head"
    return None


def _word_part(view: DocView, i: int) -> bool:
    """Token ``i`` starts a hyphenated lower-case word: ``Co`` of ``Co-operation``."""
    j = i + 2
    return (j < view.n and view.texts[i + 1] == "-" and view.glued(i) and view.glued(i + 1)
            and view.texts[j][:1].islower())


def _first_index(words: list[str], test: Callable[[str], bool]) -> int:
    """Index of the first word that passes ``test``, else ``len(words)``."""
    for p, word in enumerate(words):
        if test(word):
            return p
    return len(words)


def trim(view: DocView, toks: list[int]) -> list[int]:
    """Drop leading ``The``/openers/connectors and trailing connectors.

    ``The US Chamber of Commerce`` -> ``US Chamber of Commerce``;
    ``However Boeing Co`` -> ``Boeing Co``; a sentence's first word that describes the
    company (`DESCRIPTORS`): ``Chipmaker Intel Corp`` -> ``Intel Corp``.
    """
    lex = view.lex
    start, end = 0, len(toks)
    while start < end:
        i = toks[start]
        text = view.texts[i]
        title_stop = text.istitle() and text.lower() in TRIM_WORDS
        opener = (text in lex.openers or text.lower() in DESCRIPTORS) and view.sent_start[i]
        if not (_is_connector(view, i) or title_stop or opener):
            break
        start += 1
    while end > start and _is_connector(view, toks[end - 1]):
        end -= 1
    return toks[start:end]


#: Words for what a company does that open a sentence before its name (``Insurer
#: American International Group said``), and are not the first word of a name.
DESCRIPTORS = frozenset({
    "chipmaker", "carmaker", "automaker", "drugmaker", "planemaker", "steelmaker",
    "shipbuilder", "insurer", "reinsurer", "retailer", "lender", "miner", "refiner",
    "brewer", "conglomerate", "startup", "start-up", "broadcaster", "regulator", "watchdog",
    "grocer", "supermarket", "brokerage", "consultancy", "supplier", "manufacturer",
    "distributor",
})  # not ``Maker``, ``Firm``, ``Telco``, ``Carrier``, ``Airline``...: also the first word
#   of names (Telco Systems, Carrier Corp, Airline Pilots Association)

AND_CO = frozenset({"Co", "Co.", "Company"})


def split_at_and(view: DocView, toks: list[int]) -> list[list[int]]:
    """Split at ``and`` (not ``and Co``): ``Boeing Co and ARGOSystems Inc`` -> two parts."""
    if "and" not in (view.texts[t] for t in toks):
        return [toks] if toks else []
    parts: list[list[int]] = [[]]
    for n, t in enumerate(toks):
        is_and = view.texts[t] == "and"
        and_co = is_and and n + 1 < len(toks) and view.texts[toks[n + 1]] in AND_CO
        if is_and and not and_co:
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


def span_text(view: DocView, toks: list[int]) -> str:
    """Words of ``toks`` joined by single spaces (line wraps normalized)."""
    return " ".join(word_texts(view, toks[0], toks[-1] + 1))


def accept(view: DocView, toks: list[int], kind: str) -> bool:
    """Guards: enough words, not a place, not a person, no non-ORG head right after."""
    if not toks:
        return False
    lex = view.lex
    words = _name_words(view, toks)
    text = span_text(view, toks)
    if kind in {"legal", "corp", "head", "of"} and len(words) < 2:
        return False
    plain = [t for t in words if not view.legal_at(t)]
    if len(plain) < 2 and all(view.texts[t] in lex.corporate_suffixes for t in plain):
        return False  # ``Holdings Ltd``, ``Corp``; ``Media Labs`` is a name
    if text in lex.places and kind != "legal":
        return False
    if text in lex.titles or all(view.texts[t] in lex.months_weekdays for t in words):
        return False
    after = view.next_sig(toks[-1])
    if view.texts[words[-1]] in lex.non_org_heads:
        return False
    if after is not None and (view.texts[after] in lex.non_org_heads
                              or view.texts[after] in CALL_SIGN_NUMBERS):
        return False
    if kind == "abbrev":
        return not _looks_like_person(view, words)
    if kind == "ticker":
        first = words[0]
        opener = lex.is_common(view.texts[first]) and view.sent_start[first] and len(words) > 1
        return not (_looks_like_person(view, words) or opener)
    return True


def _looks_like_person(view: DocView, words: list[int]) -> bool:
    """``Brad Smith``: a given name followed by one more word and no ORG word."""
    lex = view.lex
    return len(words) == 2 and view.texts[words[0]] in lex.given_names


def chunk_findings(view: DocView, chunk: list[int], known: set[tuple[int, int]]) -> list[Found]:
    """ORG names licensed inside one chunk (``known``: ORG candidates from the rulers).

    A bracket after the chunk adds ticker or abbreviation evidence for its last part.
    """
    k = view.next_sig(chunk[-1])
    bracket = None
    if k is not None and view.texts[k] in BEFORE_BRACKET:
        bracket = read_bracket(view, chunk[-1])
    if bracket is None and (len(chunk) == 1 or not _has_evidence_word(view, chunk)):
        return []  # every rule needs a bracket, or an evidence word after a name word
    if view.caps_line[chunk[0]]:
        return caps_line_findings(view, chunk, bracket)
    found: list[Found] = []
    parts = _parts(view, chunk, known, bracket)
    for n, part in enumerate(parts):
        last_part = n == len(parts) - 1
        found.extend(_part_findings(view, part, bracket if last_part else None))
    return found


def _has_evidence_word(view: DocView, chunk: list[int]) -> bool:
    """Some word of ``chunk`` is a legal suffix, a corporate word or an institution head."""
    if len(chunk) == 1:
        return bool(view.flags[chunk[0]] & EVIDENCE)
    return any(map(EVIDENCE.__and__, map(view.flags.__getitem__, chunk)))


def _parts(
    view: DocView, chunk: list[int], known: set[tuple[int, int]], bracket: Bracket | None
) -> list[list[int]]:
    """Split a chunk at ``and`` unless a legal suffix or institution word ends it.

    ``Securities and Exchange Commission``, ``Mitsui Trust and Banking Co Ltd`` stay whole;
    ``Lufthansa and British Airways`` and ``Boeing Co and ARGOSystems Inc`` split, and so
    does ``Google and Federal Trade Commission`` when the gazetteer knows ``Google``.
    """
    pieces = split_at_and(view, chunk)
    if len(pieces) == 1:
        return pieces
    if bracket is not None and bracket.kind in ("paren", "comma"):
        words = [view.texts[t] for t in chunk]
        start = abbreviation_start(bracket.text, words, view.lex.legal_suffixes)
        before = view.prev_sig(chunk[start]) if start else None
        if (start is not None and start < chunk.index(pieces[-1][0])
                and before is not None and view.texts[before] in ("and", "&", ",")):
            # ``Lufthansa and British Airways (BA)``; not ``Department for Business,
            # Innovation and Skills (BIS)``, whose abbreviation leaves out its head
            return [*split_at_and(view, chunk[:start]), chunk[start:]]
    if any(_legal_end(view, p) for p in pieces[:-1]) or _shared_head(view, pieces):
        return pieces
    if len(pieces) == 2 and _bank_then_company(view, pieces[0], pieces[1]):
        return pieces
    if len(pieces) == 2 and _place_and_name(view, pieces[0], pieces[1]):
        return pieces
    if bracket is not None and _ticker_of_both(view, pieces, bracket, known):
        return [chunk]
    ev = evidence(view, chunk)
    if ev is None or ev[1] == "corp":
        return pieces
    ends = [trim(view, p) for p in pieces]
    if any(e and (e[0], e[-1] + 1) in known for e in ends):
        return pieces
    return [chunk]


def _ticker_of_both(
    view: DocView, pieces: list[list[int]], bracket: Bracket, known: set[tuple[int, int]]
) -> bool:
    """A ticker after ``A and B`` whose first letter is A's, not B's, names one company:
    ``Procter and Gamble <PG>``, ``Shell Transport and Trading <SC.L>``, ``Johnson and
    Johnson <JNJ>``. Not ``Lufthansa and Swissair <SWSZ.S>`` (B's ticker), ``IBM and Apple
    <AAPL>``, nor a piece that a ruler knows, a place or a person's given name."""
    if bracket.kind != "ticker" or len(pieces) != 2:
        return False
    lex, texts = view.lex, view.texts
    first, last = (trim(view, p) for p in pieces)
    if not first or not last or len(first) > 3 or len(last) > 3:
        return False
    if any((p[0], p[-1] + 1) in known for p in (first, last)):
        return False
    words = [span_text(view, p) for p in (first, last)]
    if any(w in lex.places or w in lex.demonyms or texts[p[0]] in lex.given_names
           or not texts[p[0]][:1].isupper() for w, p in zip(words, (first, last), strict=True)):
        return False
    initial = bracket.text[:1].upper()
    return texts[first[0]][:1] == initial and (
        texts[last[0]][:1] != initial or words[0] == words[1])


#: Institution words that, in every part of ``A and B``, make them two names.
SHARED_HEADS = frozenset({
    "University", "Hospital", "College", "Institute", "School", "Bank", "Museum", "Library",
    "Foundation", "Council", "Commission", "Agency", "Department", "Ministry", "Authority",
})


def _shared_head(view: DocView, pieces: list[list[int]]) -> bool:
    """Every part of ``A and B`` is a name of two or more words with the same institution
    word first or last: ``Edith Cowan University and Murdoch University``, ``University
    of Adelaide and Flinders University`` (not ``Department of Health and Human
    Services``)."""
    heads = None
    for piece in pieces:
        words = [view.texts[t] for t in trim(view, piece) if not view.is_space(t)]
        if len(words) < 2:
            return False
        ends = {words[0], words[-1]} & SHARED_HEADS
        heads = ends if heads is None else heads & ends
        if not heads:
            return False
    return bool(heads)


#: Words after ``Place and`` that make one name of both: ``Gulf and Western``, ``Columbus
#: and Southern Ohio Electric``, ``British and Commonwealth``.
PLACE_PAIR_WORDS = frozenset({
    "Western", "Eastern", "Northern", "Southern", "Central", "Commonwealth", "Overseas",
    "Continental", "Pacific", "Atlantic", "Colonial", "Provincial", "National", "General",
})


def _place_and_name(view: DocView, before: list[int], after: list[int]) -> bool:
    """A place, ``and``, then a name that starts with no place: ``in France and Juster
    Steel Corp``, ``Switzerland and Philips NV`` name one company, not two places' one.
    Not ``Hong Kong and Shanghai Banking Corp``, ``London and Scottish Marine Oil``."""
    lex = view.lex
    first = trim(view, before)
    if not first or span_text(view, first) not in lex.places:
        return False
    word = view.texts[after[0]]
    return not (word in lex.places or word in lex.demonyms or word in lex.place_first_words
                or word in PLACE_PAIR_WORDS)


def _bank_then_company(view: DocView, first: list[int], last: list[int]) -> bool:
    """``Chemical Bank and Manufacturers Hanover Trust Co``: a name of two or more words
    ending in ``Bank``, then a company of two or more words before its legal suffix (not
    ``Midland Bank and Trust Co``)."""
    lex = view.lex
    words = [view.texts[t] for t in trim(view, first) if not view.is_space(t)]
    if len(words) < 2 or words[-1] != "Bank":
        return False
    rest = [view.texts[t] for t in trim(view, last) if not view.is_space(t)]
    return len(rest) >= 3 and lex.is_legal(rest[-1]) and not any(
        lex.is_legal(w) for w in rest[:-2])


def _legal_end(view: DocView, toks: list[int]) -> bool:
    """``Boeing Co`` in ``Boeing Co and ARGOSystems Inc``: a piece ending a company name."""
    return view.lex.is_legal(view.texts[toks[-1]]) and len(_name_words(view, toks)) > 1


def _part_findings(view: DocView, toks: list[int], bracket: Bracket | None) -> list[Found]:
    """Evidence span of ``toks`` plus what the bracket after it says."""
    found: list[Found] = []
    ev = evidence(view, toks)
    span: list[int] = []
    kind = ""
    if ev is not None:
        span, kind = trim(view, toks[: ev[0] + 1]), ev[1]
        if not accept(view, span, kind):
            span, kind = [], ""
    if bracket is None:
        return [_found(span, kind)] if span else []
    start = None
    if bracket.kind in ("paren", "comma"):
        words = [view.texts[t] for t in toks]
        start = abbreviation_start(bracket.text, words, view.lex.legal_suffixes)
        if start is not None and repeats_name(bracket.text, words[start:]):
            start = None  # ``IBM (IBM)``: a ticker, not an abbreviation
    if start is not None:
        long_form = trim(view, toks[start:])
        if (
            long_form
            and (not span or long_form[0] < span[0])
            and (span or _has_org_word(view, long_form))
            and accept(view, long_form, "abbrev")
        ):
            span, kind = long_form, kind or "abbrev"
        if span:
            abbr = bracket.open_i + 1
            found.append(Found(abbr, abbr + 1, "abbrev", abbrev=bracket.text))
            found.append(Found(span[0], span[-1] + 1, kind, abbrev=bracket.text))
        return found
    whole = trim(view, toks)
    if bracket.kind == "comma" or (
        bracket.kind == "paren" and not _ticker_like(view, bracket, whole, bool(span))
    ):
        return [_found(span, kind)] if span else []
    if whole and accept(view, whole, "ticker"):
        span, kind = whole, kind or "ticker"
    if span:
        brackets = (bracket.open_i, bracket.close_i + 1)
        found.append(Found(span[0], span[-1] + 1, kind, ticker=bracket.text, bracket=brackets))
    return found


def repeats_name(abbrev: str, words: list[str]) -> bool:
    """The bracket spells the name itself, so it defines no abbreviation: it is a ticker.

    >>> repeats_name("IBM", ["IBM"]), repeats_name("ADF", ["Australian", "Defence", "Force"])
    (True, False)
    """
    return abbrev.casefold() == "".join(words).casefold()


def _has_org_word(view: DocView, toks: list[int]) -> bool:
    """``Augmented Space Launch Vehicle (ASLV)`` has none; ``General Motors (GM)`` has."""
    lex = view.lex
    words = lex.legal_suffixes | lex.corporate_suffixes | lex.head_words | lex.of_heads
    return any(view.texts[t] in words for t in toks)


def _found(toks: list[int], kind: str) -> Found:
    return Found(toks[0], toks[-1] + 1, kind)


def _ticker_like(view: DocView, bracket: Bracket, name: list[int], has_evidence: bool) -> bool:
    """``Pfizer (PFE)``, ``Micron Technology (MU)``; not ``(US)``, ``(CEO)``, a place, nor
    ``Tariffs and Trade (GATT)`` (a bare name needs the ticker's first letter)."""
    lex, text = view.lex, bracket.text
    if not TICKER_RE.fullmatch(text) or not name:
        return False
    if text in lex.not_tickers or text in lex.places or text in lex.titles:
        return False
    return has_evidence or view.texts[name[0]][0].upper() == text[0]


def caps_line_findings(
    view: DocView, chunk: list[int], bracket: Bracket | None
) -> list[Found]:
    """In an ALL-CAPS headline only a legal suffix or a ticker licenses a name.

    ``TOSHIBA CORP SAYS ...`` -> ``TOSHIBA CORP``; ``BOEING <BA> TO BUY ...`` -> ``BOEING``.
    The name is at most three words before the evidence, stopping at a function word.
    """
    lex = view.lex
    found: list[Found] = []
    for p, t in enumerate(chunk):
        is_last = p == len(chunk) - 1
        if not is_last and lex.is_legal(view.texts[chunk[p + 1]], True):
            continue  # ``CO INC``: the last suffix of a run ends the name
        if lex.is_legal(view.texts[t], True) and p > 0:
            toks = _caps_name_before(view, chunk[: p + 1])
            if len(toks) >= 2:
                found.append(Found(toks[0], t + 1, "legal"))
        elif is_last and bracket is not None and bracket.kind == "ticker":
            toks = _caps_name_before(view, chunk)
            if toks:
                end = t + 1 + bracket.period
                where = (bracket.open_i, bracket.close_i + 1)
                found.append(Found(toks[0], end, "ticker", ticker=bracket.text, bracket=where))
    return found


CAPS_NAME_WORDS = 3  # words of a headline name before its evidence (legal suffixes aside)
CAPS_NAME_MAX = 6  # ... or up to this many where the body writes them all


def _caps_name_before(view: DocView, toks: list[int]) -> list[int]:
    """At most three words before the evidence (``CO INC`` does not count), no function
    word, or up to six that the body writes too (``FAR WEST INDUSTRIES INC``); then the
    longest tail that the body of the article also writes (``EYES BETHLEHEM STEEL <BS>``
    -> ``BETHLEHEM STEEL``)."""
    lex = view.lex
    run: list[int] = []  # up to CAPS_NAME_MAX counted words
    out: list[int] = []  # its tail of CAPS_NAME_WORDS counted words
    words = 0
    texts, ws = view.texts, view.ws
    for t in reversed(toks):
        glued = t + 1 < view.n and not ws[t] and texts[t + 1] in HYPHENS  # ``UP-``
        starts_word = not _continues_word(view, t)
        if (texts[t].lower() in TRIM_WORDS and starts_word and not glued) or (
            words == CAPS_NAME_MAX
        ):
            break
        run.insert(0, t)
        if starts_word and not lex.is_legal(texts[t], True):
            words += 1
        if starts_word and words <= CAPS_NAME_WORDS:
            out = run[:]
    for n in range(len(run) - len(out)):  # a longer name, if the body writes it
        tail = [t for t in run[n:] if not lex.is_legal(view.texts[t], True)]
        if _body_writes(view, tail, view.body_lower()):
            return run[n:]
    if len(out) < 2 or not view.lex.is_common(view.texts[out[0]]):
        return out  # the body is read only to drop a plain first word
    body = view.body_lower()
    for n in range(len(out)):
        if n and not view.lex.is_common(view.texts[out[n - 1]]):
            break  # only plain words may be dropped: ``GEN DYNAMICS`` stays whole
        tail = [t for t in out[n:] if not view.lex.is_legal(view.texts[t], True)]
        if tail and _body_writes(view, tail, body):
            return out[n:]
    return out


HYPHENS = frozenset({"-", "–"})


def _continues_word(view: DocView, t: int) -> bool:
    """Token ``t`` goes on the word before it: ``-GO``, ``GO`` of ``MERRY-GO``, ``'S``."""
    if t == 0 or view.ws[t - 1]:
        return False
    texts = view.texts
    return texts[t] in HYPHENS or texts[t - 1] in HYPHENS or texts[t - 1][-1:].isalnum()


def _body_writes(view: DocView, toks: list[int], body: str) -> bool:
    """The lower-cased ``body`` writes the tokens as a phrase (:func:`_words_pattern`,
    between word boundaries). Each word is looked for first: the regex is built only if
    the body holds them all."""
    texts = view.texts
    if not all(texts[t].lower() in body for t in toks):
        return False
    return re.search(r"\b" + _words_pattern(view, toks) + r"\b", body) is not None


def _words_pattern(view: DocView, toks: list[int]) -> str:
    """Lower-case regex for tokens as spaced in the doc: ``anheuser-busch``, ``first\\s+bank``."""
    parts = []
    for n, t in enumerate(toks):
        parts.append(re.escape(view.texts[t].lower()))
        if n + 1 < len(toks):
            parts.append(r"\s+" if view.ws[t] or toks[n + 1] != t + 1 else "")
    return "".join(parts)


def lowercase_head_findings(view: DocView) -> list[Found]:
    """A capitalized word before a lowercase head: ``Health department``,
    ``Milan stock exchange``. Not ``the industry ministry`` nor ``Japanese ministry``.
    """
    found: list[Found] = []
    starts = view.marked(LOWERCASE_HEAD)
    if not starts:
        return found
    for head in (h.split() for h in sorted(view.lex.lowercase_heads)):
        for i in (i for i in starts if view.texts[i] == head[0]):
            if view.span_text(i, min(i + len(head), view.n)).split() != head:
                continue
            p = view.prev_sig(i)
            if p is None:
                continue
            start = _place_start(view, p)  # ``the Hong Kong stock exchange``
            if start is None and not _modifier_ok(view, p):
                continue
            found.append(Found(p if start is None else start, i + len(head), "head"))
    return found


def _place_start(view: DocView, last: int) -> int | None:
    """Start of a place name of two or three words ending at token ``last`` (``Hong
    Kong``, ``New York``), else None."""
    lex = view.lex
    if view.texts[last] not in lex.place_last_words:
        return None
    start = last
    for _ in range(2):
        before = view.prev_sig(start)
        if before is None or not view.texts[before][:1].isupper():
            return None
        start = before
        if " ".join(word_texts(view, start, last + 1)) in lex.places:
            return start
    return None


def apposition_findings(
    view: DocView, known: Collection[tuple[int, int]] = frozenset()
) -> list[Found]:
    """A name right after a lower-case company noun (``research firm Zentrix Analytics``,
    ``telephone directory company Pagelio``) or after ``analyst with``/``at``/
    ``from``/``for`` (``an analyst with Marsh Quill and Partners``).

    The name is the chunk of name words that starts there; not a chunk with a comma (a
    list, or a name that holds one), nor one that starts a sentence, a person, a place or a
    title. The noun must follow a modifier (``research``, ``French``), not an article:
    ``a company Harlan is forming`` is a clause.
    """
    found: list[Found] = []
    for i in view.marked(APPOSITION):
        j = view.next_sig(i)
        if view.texts[i].lower() in LIST_NOUNS:  # ``Companies such as`` opens sentences
            found.extend(_such_as_list(view, j))
            continue
        if view.texts[i] in DESCRIBED_NOUNS:
            described = _described_name(view, i)
            if described is not None:
                found.append(described)
        if (view.texts[i] in EMPLOYEE_NOUNS and j is not None
                and view.texts[j] in EMPLOYER_PREPOSITIONS):
            j = view.next_sig(j)
        elif view.texts[i] not in APPOSITION_NOUNS:
            continue
        else:
            before = view.prev_sig(i)
            if before is None or view.texts[before].lower() in APPOSITION_DETERMINERS:
                continue  # ``research firm X``, ``French firm X``; not ``a company X``
        if j is None or not view.name_ok(j) or view.sent_start[j] or view.caps_line[j]:
            continue
        chunk = find_chunks(view, [j])[0]
        if "," in (view.texts[t] for t in chunk):
            continue  # a list, or a name with commas (``Prescott, Ball and Turben``)
        toks = trim(view, chunk)
        if not toks or toks[0] != j or _name_goes_on(view, toks[-1]):
            continue
        after = view.next_sig(toks[-1])
        if after is not None and (view.texts[after] in FACILITY_NOUNS
                                  or view.texts[after] in GEOGRAPHIC_NOUNS):
            continue  # ``analysts at Heathrow airport``: a place
        for piece in _apposed_pieces(view, toks, known):
            if _apposed_name_ok(view, piece):
                found.append(_found(piece, "apposition"))
    return found


def _apposed_pieces(
    view: DocView, toks: list[int], known: Collection[tuple[int, int]]
) -> list[list[int]]:
    """The names of an apposed chunk: ``Goldman Sachs and Morgan Stanley`` are two when a
    ruler knows one of them (left to it); ``Kahn and Harris``, a firm named after its
    partners, is one."""
    pieces = [trim(view, p) for p in split_at_and(view, toks)]
    if len(pieces) < 2 or not all(pieces):
        return [toks]
    unknown = [p for p in pieces if (p[0], p[-1] + 1) not in known]
    return [toks] if len(unknown) == len(pieces) else unknown


def _described_name(view: DocView, noun: int) -> Found | None:
    """The name an apposition describes: ``Zentrix, a software company based in Ohio``,
    ``Pexlo, a former subsidiary``: name, comma, ``a``/``an``, at most five lower-case
    modifiers, the company noun, and the end of the apposition (``DESCRIBED_ENDS``)."""
    after = view.next_sig(noun)
    if after is not None and view.texts[after] not in DESCRIBED_ENDS:
        return None  # ``Lund, a company director``: the noun modifies another
    k = view.prev_sig(noun)
    for _ in range(DESCRIBED_MAX_MODIFIERS):
        if k is None or view.texts[k] in ("a", "an"):
            break
        text = view.texts[k]
        if not (view.flags[k] & LOWER) or text in CONNECTORS:
            return None  # a capitalized word, or a list: not a plain description
        k = view.prev_sig(k)
    if k is None or view.texts[k] not in ("a", "an"):
        return None
    comma = view.prev_sig(k)
    if comma is None or view.texts[comma] != ",":
        return None
    last = view.prev_sig(comma)
    if last is None or not view.name_ok(last) or view.caps_line[last]:
        return None
    toks = _name_ending_at(view, last)
    if not toks or not _apposed_name_ok(view, toks):
        return None
    if len(toks) == 1 and view.sent_start[toks[0]] and view.lex.is_common(view.texts[toks[0]]):
        return None  # ``Sales, a unit said, rose``: a common word opening the sentence
    return _found(toks, "apposition")


def _name_ending_at(view: DocView, last: int) -> list[int]:
    """The chunk of name words that ends at token ``last``, trimmed; [] when it holds a
    comma (a list, or a name that holds one)."""
    start = last
    while start > 0 and view.in_chunk(start - 1) and view.texts[start - 1] != ",":
        start -= 1
    names = view.names[bisect_left(view.names, start):bisect_left(view.names, last + 1)]
    chunk = next((c for c in find_chunks(view, names) if c[-1] == last), None)
    if chunk is None or "," in (view.texts[t] for t in chunk):
        return []
    return trim(view, chunk)


def publication_findings(view: DocView) -> list[Found]:
    """A media outlet's name before ``newspaper``, ``magazine``, ``tabloid`` or ``news
    agency`` (``the Tanjug news agency`` -> ``Tanjug``), a trade union's before ``union``
    or ``trade union`` (``the Canadian Auto Workers union``); not ``the Japanese
    newspaper``, ``a Hong Kong newspaper``, a person or a common word opening a sentence."""
    found: list[Found] = []
    starts = view.marked(LOWERCASE_HEAD)
    if not starts:
        return found
    for head in KIND_HEADS:
        for i in (i for i in starts if view.texts[i] == head[0]):
            if len(head) > 1 and view.span_text(i, min(i + len(head), view.n)).split() != list(
                head
            ):
                continue
            last = view.prev_sig(i)
            if last is None or not view.name_ok(last) or view.caps_line[last]:
                continue
            if head in UNION_HEADS and view.texts[last].lower() in NOT_UNION_NAMES:
                continue
            toks = _name_ending_at(view, last)
            if toks and head in DIVISION_HEADS:
                before, after = view.prev_sig(toks[0]), view.next_sig(i)
                if before is None or view.texts[before].lower() not in POSSESSIVES:
                    continue  # ``the Pelham Valve unit`` may be a product's
                if after is not None and view.texts[after] in UNIT_MEASURES:
                    continue  # ``Apple's iPhone unit sales``
            if toks and _publication_name_ok(view, toks):
                found.append(_found(toks, "publication"))
    return found


def _publication_name_ok(view: DocView, toks: list[int]) -> bool:
    first, lex = toks[0], view.lex
    text = view.texts[first]
    if len(toks) == 1 and (
        text in lex.demonyms or text in lex.openers or text.endswith(("ese", "ian", "ish"))
    ):
        return False  # ``the Japanese newspaper``
    if view.sent_start[first] and lex.is_common(text):
        return False
    return _apposed_name_ok(view, toks)


def _apposed_name_ok(view: DocView, toks: list[int]) -> bool:
    """A name in apposition passes: no person (a given name first), place or title."""
    words = _name_words(view, toks)
    if _looks_like_person(view, words) or view.texts[words[0]] in view.lex.given_names:
        return False
    return accept(view, toks, "apposition")


def _such_as_list(view: DocView, j: int | None) -> list[Found]:
    """The names listed after ``such as`` (``j``: the token after the plural noun):
    ``companies such as Zentrix, Pexlo and Quarrin``. Each item must be a whole chunk of
    name words, separated by commas, ``and`` or ``or``; the list ends at anything else.
    A lone legal suffix among the items (``Tarn, Welby and Co``) means the commas belong
    to a name: nothing is found."""
    if j is None or view.texts[j] != "such":
        return []
    j = view.next_sig(j)
    if j is None or view.texts[j] != "as":
        return []
    found: list[Found] = []
    j = view.next_sig(j)
    while j is not None and view.name_ok(j) and not view.sent_start[j]:
        chunk = find_chunks(view, [j])[0]
        cut = next((n for n, t in enumerate(chunk) if view.texts[t] in LIST_SEPARATORS),
                   len(chunk))
        toks = trim(view, chunk[:cut])
        if not toks or toks[0] != j:
            break
        words = _name_words(view, toks)
        if len(words) == 1 and (view.texts[words[0]] in AND_CO
                                or view.lex.is_legal(view.texts[words[0]])):
            return []  # ``Tarn, Welby and Co``: the commas were part of a name
        if _apposed_name_ok(view, toks):
            found.append(_found(toks, "apposition"))
        after = view.next_sig(toks[-1])
        if after is None or view.texts[after] not in LIST_SEPARATORS:
            break
        j = view.next_sig(after)
        if j is not None and view.texts[after] == "," and view.texts[j] in ("and", "or"):
            j = view.next_sig(j)
    return found


LIST_SEPARATORS = frozenset({",", "and", "or"})


def _name_goes_on(view: DocView, last: int) -> bool:
    """The name may not end at ``last``: a comma and another name word follow (``Tarn,
    Welby and Co``, or a list), or a particle or a glued piece (``Orsini da Ponte``,
    ``Institut d'Etudes``, ``Vasa -Norden``)."""
    after = view.next_sig(last)
    if after is None:
        return False
    text = view.texts[after]
    if text == ",":
        return view.name_ok(view.next_sig(after))
    return (text in PARTICLES or text in MORE_PARTICLES or text[:2].lower() in ("d'", "l'")
            or text.startswith("-"))


def _modifier_ok(view: DocView, p: int) -> bool:
    lex = view.lex
    text = view.texts[p]
    if not text.istitle() or view.breaker(p) or view.texts[p].lower() in STOP_WORDS:
        return False
    if text in lex.demonyms or text in lex.openers or text.endswith(("ese", "ian", "ish")):
        return False
    before = view.prev_sig(p)
    return before is None or not view.name_ok(before) or view.sent_start[p]


def reverse_abbreviations(view: DocView, found: list[Found]) -> list[Found]:
    """``AAAS (American Association for the Advancement of Science)``: the acronym before
    the bracketed ORG is an ORG too."""
    out: list[Found] = []
    for f in found:
        opener = view.prev_sig(f.start)
        closer = f.end if f.end < view.n else None
        if opener is None or closer is None:
            continue
        if (view.texts[opener], view.texts[closer]) != ("(", ")"):
            continue
        acr = view.prev_sig(opener)
        if acr is None or not ABBREV_RE.fullmatch(view.texts[acr]) or _n_upper(view.texts[acr]) < 2:
            continue
        words = word_texts(view, f.start, f.end)
        if abbreviation_start(view.texts[acr], words, view.lex.legal_suffixes) == 0:
            out.append(Found(acr, acr + 1, "abbrev", abbrev=view.texts[acr]))
    return out


#: Last words of a bracketed fund or series: not a company (funds are not ORG).
FUND_ENDS = frozenset({"fund", "funds", "series", "portfolio"})
ANGLE_MAX_TOKENS = 14  # tokens inside a bracketed name at most
NAME_TRAILERS = frozenset({"'s", "’s", "'", "’", ",", ";", ":"})  # not part of a name


def angle_bracket_findings(view: DocView) -> list[Found]:
    """Newswires mark company names in angle brackets; the whole content is the name:
    ``<Austin Rover Group Ltd>``, headline ``<WESTERN SECURITY BANK>``,
    ``<Goldman, Sachs and Co>``.

    Not a ticker (``<IBM>``, one word; ``<ALFS ST>``, a ticker and its exchange), a fund
    (``<Franklin Age High Income Fund>``) or a comparison (``x < 5 and y > 3``): the content
    starts with a capitalized word and has two words at least.
    """
    out: list[Found] = []
    texts, flags = view.texts, view.flags
    for i in view.marked(BRACKET):
        if texts[i] != "<" or i + 1 == view.n or not flags[i + 1] & NAME:
            continue
        end = next((j for j in range(i + 2, min(i + ANGLE_MAX_TOKENS + 2, view.n))
                    if texts[j] in {">", "<"} or flags[j] & SPACE and not flags[j] & WRAP),
                   None)
        if end is None or texts[end] != ">":
            continue
        while not view.flags[end - 1] & NAME and view.texts[end - 1] in NAME_TRAILERS:
            end -= 1  # ``<Nelson Holdings Ltd's>``, ``<Bangkok Bank Ltd,>``
        words = word_texts(view, i + 1, end)
        if not _spaced(view, i + 1, end) or words[-1].lower() in FUND_ENDS or _exchange_ticker(
            view, words
        ):
            continue
        out.append(Found(i + 1, end, "angle"))
    return out


def _spaced(view: DocView, start: int, end: int) -> bool:
    """Tokens [start, end) hold whitespace: words, not one code (``AT&T``, ``MU.N``)."""
    return any(view.ws[start : end - 1]) or any(map(SPACE.__and__, view.flags[start:end]))


def _exchange_ticker(view: DocView, words: list[str]) -> bool:
    """``VOLV ST``, ``REED L``, ``PHK PR``: a ticker and the code of its exchange or share
    class (not a legal suffix: ``SIEMENS AG``, ``GOLDOME FSB``)."""
    return (len(words) == 2 and len(words[1]) <= 2 and words[1].isupper()
            and not view.lex.is_legal(words[1], True)
            and bool(REUTERS_TICKER_RE.fullmatch(words[0])))


def ticker_brackets(view: DocView) -> list[Bracket]:
    """Every certain ticker bracket in the doc: ``<IBM>``, ``(NYSE: IBM)``."""
    out = []
    for i in view.marked(BRACKET):  # ``(`` and ``<``
        bracket = bracket_at(view, i)
        if bracket is not None and bracket.kind == "ticker":
            out.append(bracket)
    return out


# ---------------------------------------------------------------------------
# Mentions of a known name elsewhere in the document.

YEAR_RE = re.compile(r"(?:19|20)\d\d")


def stands_alone(view: DocView, start: int, end: int, taken: list[bool]) -> bool:
    """A mention [start, end) is not part of a longer capitalized name or a product model.

    ``Micron`` in ``Micron Electronics``, ``GM`` in ``GM Total Confidence`` and ``Intel`` in
    ``Intel 8086`` do not stand alone; in ALL-CAPS lines every mention does.
    """
    if view.caps_line[start]:
        return True
    before, after = view.prev_sig(start), view.next_sig(end - 1)
    if before_model_number(view, end - 1):
        return False
    if _loose_name(view, before, taken) and not view.sent_start[start]:
        return False
    if after is not None and view.texts[after] in PARTY_MEMBERS:
        return True  # ``Senate Republicans``: the Senate's members of a party
    if after is not None and view.texts[after] in CALL_SIGN_NUMBERS:
        return False  # ``Air Force One``, ``Marine One``: an aircraft
    return not _loose_name(view, after, taken)


#: Members of a party, after the body they sit in: ``Senate Republicans``, ``House
#: Democrats`` (the body is ORG, its members NORP, as OntoNotes tags them).
PARTY_MEMBERS = frozenset({
    "Republicans", "Democrats", "Conservatives", "Liberals", "Tories", "Socialists",
    "Communists", "Greens",
})


#: Capitalized numbers that make a name a call sign: ``Air Force One``, ``Marine Two``.
CALL_SIGN_NUMBERS = frozenset({"One", "Two"})


def isolated(view: DocView, start: int, end: int) -> bool:
    """No capitalized word touches the mention [start, end), but a sentence's first word
    before it: ``Taft`` alone, not in ``Dudley Taft`` (a person) or ``McDonnell Douglas``."""
    before, after = view.prev_sig(start), view.next_sig(end - 1)
    if _capitalized_word(view, before) and not view.sent_start[start]:
        return False
    return not _capitalized_word(view, after)


def _capitalized_word(view: DocView, i: int | None) -> bool:
    """Token ``i`` is a name word, not a capitalized stop word or sentence opener."""
    if i is None or not view.name_ok(i):
        return False
    text = view.texts[i]
    return text.lower() not in STOP_WORDS and text not in view.lex.openers


MODEL_RE = re.compile(r"(?:[A-Z]{1,3}-?\d{1,5}|\d{3,5})[A-Za-z]{0,3}(?:-\d{1,4})?")


def _model_number(text: str) -> bool:
    """``8086`` in ``Intel 8086``, ``A330-200`` in ``Airbus A330-200``, ``500`` in
    ``Standard & Poor's 500``: a product or index, not the company. Not a year."""
    return bool(MODEL_RE.fullmatch(text)) and not YEAR_RE.fullmatch(text)


INDEX_WORDS = frozenset({"index", "indexes", "indices", "composite"})
# Verbs of an index's move: ``the Nasdaq fell 82 points``, ``the Nasdaq was up 9 points``
INDEX_MOVES = frozenset({
    "fell", "rose", "gained", "lost", "dropped", "climbed", "slipped", "slid", "jumped",
    "surged", "tumbled", "edged", "added", "shed", "closed", "ended", "finished", "plunged",
    "soared", "advanced", "declined", "eased", "rallied", "sank", "dipped", "was", "is",
    "has", "had",
})
INDEX_REACH = 6  # tokens after the verb searched for ``points``


def names_an_index(view: DocView, start: int, end: int) -> bool:
    """An exchange's name that stands for its index (indexes are not ORG, exchanges are):
    before ``index``/``composite`` (``the Nasdaq index``), or before a verb of a move in
    ``points`` (``the Nasdaq fell 82 points``; not ``the NYSE said shares rose 5 points``).
    """
    if view.texts[start] not in view.lex.exchange_prefixes:
        return False  # no exchange's name starts with this token
    if view.span_text(start, end) not in view.lex.exchanges:
        return False
    k = view.next_sig(end - 1)
    if k is None:
        return False
    if view.texts[k].lower() in INDEX_WORDS:
        return True
    if view.texts[k] not in INDEX_MOVES:
        return False
    flags, texts = view.flags, view.texts
    for j in range(k + 1, min(view.n, k + 1 + INDEX_REACH)):
        if texts[j] in ("points", "point"):
            return True
        if flags[j] & SENT_END or (flags[j] & NEWLINE and not flags[j] & WRAP):
            return False
    return False


#: Lowercase nouns after a one-word name that make it a place: ``the Amazon basin``.
GEOGRAPHIC_NOUNS = frozenset({
    "region", "regions", "basin", "river", "rainforest", "rainforests", "rain", "jungle",
    "forest", "forests", "delta", "valley", "coast", "coastline", "peninsula", "desert",
    "estuary", "watershed",
})


def names_a_place(view: DocView, start: int, end: int) -> bool:
    """A one-word name before a geographic noun is the place: ``the Amazon region``,
    ``the Amazon rain forest`` (not the company)."""
    if end - start != 1:
        return False
    k = view.next_sig(start)
    return k is not None and view.texts[k] in GEOGRAPHIC_NOUNS


def before_model_number(view: DocView, last: int) -> bool:
    """The token after ``last`` (same line, one space) is a model number."""
    nxt = last + 1
    return (
        nxt < view.n
        and bool(view.ws[last])
        and _model_number(view.texts[nxt])
        and not view.caps_line[nxt]
    )


def _loose_name(view: DocView, i: int | None, taken: list[bool]) -> bool:
    """Token ``i`` is a capitalized word outside any entity: not a title, month, ``The``,
    nor the end of a place (``U.S. Federal Reserve``, ``United States Air Force``)."""
    if i is None or taken[i] or not view.name_ok(i):
        return False
    text = view.texts[i]
    if text.lower() in STOP_WORDS or text in view.lex.openers:
        return False
    if text not in view.lex.place_last_words and " " not in text:
        return True  # no place ends with this word
    places = view.lex.places
    return not any(" ".join(view.texts[j : i + 1]) in places for j in range(max(0, i - 2), i + 1))
