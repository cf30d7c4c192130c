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
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

PACKAGE_ROOT = Path(__file__).resolve().parents[1]

LEGAL_SUFFIXES = [
    "Inc", "Inc.", "Incorporated", "Corp", "Corp.", "Corporation", "Co", "Co.", "Company",
    "Ltd", "Ltd.", "Limited", "LLC", "L.L.C.", "LLP", "LP", "L.P.", "plc", "PLC", "Plc",
    "AG", "SA", "S.A.", "NV", "N.V.", "BV", "B.V.", "GmbH", "SE", "SpA", "S.p.A.", "AB",
    "ASA", "Oyj", "KK", "K.K.", "Pty", "Bhd", "Tbk", "SAS", "Srl", "S.r.l.",
]
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
]
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
CONNECTORS = frozenset({"&", "and", "of", "for", "the", "-", "de", "du", "des", "von", "van",
                        "der", "y", ","})
OF_WORDS = frozenset({"of", "for"})
PARTICLES = frozenset({"de", "du", "des", "von", "van", "der", "y"})
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
    (-10.8) are common at -11.5; ``toshiba`` (-15.8) is not.
    """
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        probs: dict[str, float] = json.load(handle)
    return frozenset(w for w, p in probs.items() if p >= max_rank_logprob and w.islower())


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
    titles: list[str] = field(default_factory=list)
    generic_suffixes: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    division_words: frozenset[str] = frozenset()
    ambiguous_titles: frozenset[str] = frozenset()
    _title_matcher: PhraseMatcher | None = None

    def title_matcher(self, vocab: Vocab) -> PhraseMatcher:
        """PhraseMatcher over titles as written, Title-cased and upper-cased."""
        if self._title_matcher is None:
            self._title_matcher = _variant_matcher(vocab, self.titles, "TITLE")
        return self._title_matcher

    def is_common(self, text: str) -> bool:
        """``text`` is a frequent English word, a stop word or a month (``General``, ``Sun``)."""
        low = text.lower()
        return low in self.common or low in STOP_WORDS or text in self.months_weekdays

    def is_legal(self, text: str, caps_line: bool = False) -> bool:
        """``Inc``, ``Corp.``, ``plc``; in an ALL-CAPS line also ``CORP``, ``INC.``."""
        if text in self.legal_suffixes:
            return True
        return caps_line and text in {s.upper() for s in self.legal_suffixes}


def _variant_matcher(vocab: Vocab, phrases: Iterable[str], key: str) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab)
    from spacy.lang.en import English

    tokenizer = English(vocab=vocab).tokenizer
    variants = {v for p in phrases for v in (p, p.title(), p.upper()) if v.strip()}
    if variants:
        matcher.add(key, [tokenizer(v) for v in sorted(variants)])
    return matcher


def build_lexicon(
    *,
    given_names_path: str | None,
    places_path: str | None,
    titles_path: str | None,
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
    common_word_logprob: float = -11.5,
) -> OrgLexicon:
    """Load the word lists (missing files give empty lists) and merge the built-in ones."""
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
        given_names=frozenset(read_word_list(given_names_path)),
        places=frozenset(read_word_list(places_path)),
        common=common_words(common_word_logprob),
        titles=sorted(set(read_word_list(titles_path)) | set(extra_titles)),
        generic_suffixes=frozenset(generic_suffixes),
        regions=frozenset(regions),
        division_words=frozenset([*regions, *division_words]),
        ambiguous_titles=frozenset(ambiguous_titles),
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


def is_wrap(token: Token) -> bool:
    """Whitespace inside a paragraph (extra spaces, one hard line wrap): names may cross it.

    ``Kidder\\nPeabody``, ``Security Pacific  Corp``; not ``\\n\\n`` nor ``\\n    ``.
    """
    text = token.text
    if not token.is_space:
        return False
    newlines = text.count("\n")
    return newlines == 0 or (newlines == 1 and len(text) <= 2)


def is_name_word(token: Token) -> bool:
    """A token that can be part of a name: ``Micron``, ``IBM``, ``eBay``, ``3M``, ``E.F.``."""
    text = token.text
    if not text or token.is_space or token.is_punct:
        return False
    first = text[0]
    if first.isupper():
        return True
    if first.islower():
        return any(c.isupper() for c in text[1:]) and text.isalnum()
    return first.isdigit() and any(c.isupper() for c in text)


class DocView:
    """Per-document facts the rules share: significant tokens, lines, sentence starts."""

    def __init__(self, doc: Doc, lex: OrgLexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.text = doc.text
        self.texts = [t.text for t in doc]
        self.positions: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(self.texts):
            self.positions[text].append(i)
        self.caps_line = _caps_line_flags(self.text, [t.idx for t in doc])
        self.breakers = _breaker_flags(doc, self.texts, lex)
        self.sent_start = _sentence_start_flags(doc)
        self._body: str | None = None

    def where(self, text: str) -> list[int]:
        """Indices of the tokens spelled ``text``."""
        return self.positions.get(text, [])

    def body_lower(self) -> str:
        """The text of lines that are not ALL-CAPS, lower-cased (computed once)."""
        if self._body is None:
            lines = self.text.split("\n")
            self._body = "\n".join(
                line for line in lines if any(c.islower() for c in line)
            ).lower()
        return self._body

    def next_sig(self, i: int) -> int | None:
        """Index of the next non-space token, crossing at most one line wrap."""
        j = i + 1
        if j < len(self.doc) and self.doc[j].is_space:
            if not is_wrap(self.doc[j]):
                return None
            j += 1
        return j if j < len(self.doc) and not self.doc[j].is_space else None

    def prev_sig(self, i: int) -> int | None:
        """Index of the previous non-space token, crossing at most one line wrap."""
        j = i - 1
        if j >= 0 and self.doc[j].is_space:
            if not is_wrap(self.doc[j]):
                return None
            j -= 1
        return j if j >= 0 and not self.doc[j].is_space else None

    def glued(self, i: int) -> bool:
        """Token ``i`` touches the next token with no whitespace (``Hewlett-Packard``)."""
        return not self.doc[i].whitespace_ and i + 1 < len(self.doc)

    def name_ok(self, i: int | None) -> bool:
        """Token ``i`` is a name word that may sit inside a name here."""
        return i is not None and is_name_word(self.doc[i]) and not self.breakers[i]


def _caps_line_flags(text: str, starts: list[int]) -> list[bool]:
    """True for tokens on a line written entirely in upper case (a wire headline)."""
    flags: list[bool] = []
    cache: dict[int, bool] = {}
    for idx in starts:
        line_start = text.rfind("\n", 0, idx) + 1
        if line_start not in cache:
            end = text.find("\n", line_start)
            line = text[line_start : end if end >= 0 else len(text)]
            letters = [c for c in line if c.isalpha()]
            cache[line_start] = len(letters) >= 4 and not any(c.islower() for c in letters)
        flags.append(cache[line_start])
    return flags


def _breaker_flags(doc: Doc, texts: list[str], lex: OrgLexicon) -> list[bool]:
    """Tokens no contextual name may contain: titles, months, weekdays.

    An ambiguous one-word title counts only before a given name: ``General Ann Lee``
    but not ``General Motors``.
    """
    flags = [t in lex.months_weekdays for t in texts]
    for _, start, end in lex.title_matcher(doc.vocab)(doc):
        if end - start == 1 and texts[start] in lex.ambiguous_titles:
            nxt = end + 1 if end < len(doc) and doc[end].is_space else end
            if nxt >= len(doc) or texts[nxt] not in lex.given_names:
                continue
        for i in range(start, end):
            flags[i] = True
    return flags


INITIALS_RE = re.compile(r"(?:[A-Z]\.)+[A-Z]?")
HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Mt.", "Prof.", "Gen.", "Lt.", "Col.",
                        "Sen.", "Rep.", "Gov.", "Jr.", "Sr.", "No.", "Ft.", "Capt.", "Sgt."})
SENTENCE_END = frozenset({".", "!", "?", ";", ":", "-", "--", "—", "–", "\u2022"})
OPEN_QUOTES = frozenset({'"', "“", "‘", "'", "("})


def _sentence_start_flags(doc: Doc) -> list[bool]:
    """True where a sentence or paragraph may start (no parser: punctuation and breaks).

    ``U.S. Air Force`` and ``Mr. Smith`` do not start a sentence at ``Air``/``Smith``.
    """
    flags = [False] * len(doc)
    prev: Token | None = None
    prev_flag = True
    broke = True
    for token in doc:
        if token.is_space:
            broke = broke or not is_wrap(token)
            continue
        starts = broke or prev is None or prev.text in SENTENCE_END
        text = prev.text if prev is not None else ""
        if not starts and text.endswith(".") and len(text) > 1:
            starts = not (INITIALS_RE.fullmatch(text) or text in HONORIFICS)
        if text in OPEN_QUOTES:
            starts = prev_flag
        flags[token.i] = starts
        prev, prev_flag, broke = token, starts, False
    return flags


# ---------------------------------------------------------------------------
# Chunks: maximal runs of capitalized words with the connectors names may contain.


def find_chunks(view: DocView) -> list[list[int]]:
    """Runs of name words joined by inner connectors, as token index lists.

    ``Procter & Gamble``, ``Hewlett-Packard``, ``Bank of America Corp``,
    ``Kidder\\nPeabody and Co.``, ``Department of Climate Change, Energy, and Water``.
    A title, month, weekday or multi-word place ends a chunk.
    """
    doc = view.doc
    chunks: list[list[int]] = []
    i = 0
    while i < len(doc):
        if doc[i].is_space or not view.name_ok(i):
            i += 1
            continue
        chunk = [i]
        while more := _extension(view, chunk):
            chunk.extend(more)
        chunks.append(chunk)
        i = chunk[-1] + 1
    return chunks


def _extension(view: DocView, chunk: list[int]) -> list[int]:
    """Tokens that continue ``chunk``: ``[name]`` or ``[connector..., name]``, else []."""
    doc, lex = view.doc, view.lex
    last = chunk[-1]
    k = view.next_sig(last)
    if k is None or view.caps_line[k] != view.caps_line[last] or len(chunk) > 14:
        return []
    caps = view.caps_line[last]
    if lex.is_legal(doc[last].text, caps) and not (
        lex.is_legal(doc[k].text, caps) or doc[k].text in lex.corporate_suffixes
    ):
        return []  # ``Western Mining Corp Holdings Ltd`` goes on, ``Boeing Co and`` stops
    if view.name_ok(k):
        return [] if view.sent_start[k] else [k]
    text = doc[k].text
    after = view.next_sig(k)
    if text == "-" and view.glued(last) and view.glued(k) and view.name_ok(after):
        return [k, after]  # type: ignore[list-item]
    if text in {"&", "and"} | PARTICLES and view.name_ok(after):
        return [k, after]  # type: ignore[list-item]
    in_complement = text == "of" and any(doc[t].text in OF_WORDS for t in chunk)
    last_text = doc[last].text
    head = last_text in lex.of_heads or (text == "of" and last_text in lex.corporate_suffixes)
    if text in OF_WORDS and (head or in_complement) and after:
        if view.name_ok(after):
            return [k, after]
        nxt = view.next_sig(after)
        if doc[after].text == "the" and view.name_ok(nxt):
            return [k, after, nxt]  # type: ignore[list-item]
    if text == "," and any(doc[t].text in OF_WORDS for t in chunk) and _list_closes(view, k):
        if after is not None and doc[after].text == "and":
            return [k, after, view.next_sig(after)]  # type: ignore[list-item]
        return [k, after]  # type: ignore[list-item]
    return []


def _list_closes(view: DocView, comma: int) -> bool:
    """After ``comma``: name groups separated by commas, closed by ``and``/``&`` + name.

    True for ``, Energy, Environment, and Water``; False for ``, which ...``.
    """
    doc = view.doc
    k: int | None = comma
    for _ in range(16):
        k = view.next_sig(k)  # type: ignore[arg-type]
        if k is None:
            return False
        text = doc[k].text
        if text in {"and", "&"}:
            return view.name_ok(view.next_sig(k))
        if text != "," and not view.name_ok(k):
            return False
    return False


# ---------------------------------------------------------------------------
# Brackets after a name: tickers and abbreviations.


@dataclass
class Bracket:
    """A bracket after a name: ``(MU)``, ``(NASDAQ: NVDA)``, ``<IBM>``, ``(ADF)``."""

    open_i: int
    close_i: int
    text: str
    kind: str  # "ticker" (certain) or "paren" (ticker or abbreviation)
    period: bool = False  # a period glued to the name before it: ``COMPUTER ASSOC. <CA>``


def read_bracket(view: DocView, last: int) -> Bracket | None:
    """The bracket right after token ``last`` (a possessive may come between).

    ``General Electric Co's <GE>`` -> ticker ``GE``; ``(NYSE:IBM)`` -> ticker ``IBM``.
    """
    doc = view.doc
    k = view.next_sig(last)
    period = k is not None and doc[k].text == "." and not doc[last].whitespace_
    if period or (k is not None and doc[k].text in {"'s", "’s"}):
        k = view.next_sig(k)  # type: ignore[arg-type]
    if k is None or doc[k].text not in {"(", "<"}:
        return None
    bracket = bracket_at(view, k)
    if bracket is not None:
        bracket.period = period
    return bracket


def bracket_at(view: DocView, k: int) -> Bracket | None:
    """Parse the bracket opening at token ``k``; None unless it holds a ticker or acronym."""
    doc = view.doc
    closer = ")" if doc[k].text == "(" else ">"
    end = next((j for j in range(k + 1, min(k + 7, len(doc))) if doc[j].text == closer), None)
    if end is None or end == k + 1:
        return None
    inner = [t.text for t in doc[k + 1 : end] if not t.is_space]
    if closer == ">":
        text = "".join(inner)
        return Bracket(k, end, text, "ticker") if REUTERS_TICKER_RE.fullmatch(text) else None
    if len(inner) == 3 and inner[0] in view.lex.exchanges and inner[1] == ":":
        ok = EXCHANGE_TICKER_RE.fullmatch(inner[2])
        return Bracket(k, end, inner[2], "ticker") if ok else None
    if len(inner) == 1 and ABBREV_RE.fullmatch(inner[0]) and _n_upper(inner[0]) >= 2:
        return Bracket(k, end, inner[0], "paren")
    return None


def _n_upper(text: str) -> int:
    return sum(c.isupper() for c in text)


ABBREV_SKIPPABLE = frozenset({"of", "and", "for", "the", "&", "-", "de", "du", "des", "on", "in"})


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
    lowered = [w.lower() for w in words]

    @cache
    def match(li: int, wi: int) -> bool:
        if wi == len(lowered):
            return li == len(letters)
        word = lowered[wi]
        if words[wi] in ABBREV_SKIPPABLE or (wi == len(words) - 1 and words[wi] in legal):
            if match(li, wi + 1):
                return True
            if words[wi] in {"-", "&"}:
                return False
        for k in range(1, len(word) + 1):
            if li + k > len(letters) or letters[li : li + k] != list(word[:k]):
                break
            if match(li + k, wi + 1):
                return True
        return False

    for start in range(len(words)):
        if words[start] in ABBREV_SKIPPABLE:
            continue
        if match(0, start):
            return start
    return None


# ---------------------------------------------------------------------------
# Evidence inside a chunk and the span it licenses.


def _is_connector(view: DocView, i: int) -> bool:
    return view.doc[i].text in CONNECTORS


def _name_words(view: DocView, toks: list[int]) -> list[int]:
    return [t for t in toks if not _is_connector(view, t)]


def _corp_ok(view: DocView, suffix: str, mods: list[int]) -> bool:
    """A generic corporate word (``Technology``, ``Group``) needs a distinctive modifier:
    ``Micron Technology``, ``D-Wave Systems``, not ``Information Technology``; a word only
    companies use (``Microsystems``, ``Airways``) does not: ``Sun Microsystems``."""
    return suffix not in view.lex.generic_suffixes or _distinctive(view, mods)


def _distinctive(view: DocView, toks: list[int]) -> bool:
    """Some word is not a plain English word: ``Qatar``, ``ARGOSystems``, ``IBM``, ``D-Wave``."""
    doc, lex = view.doc, view.lex
    for t in _name_words(view, toks):
        text = doc[t].text
        if not text.istitle() or len(text) == 1 or not lex.is_common(text):
            return True
        if t + 1 < len(doc) and doc[t + 1].text == "-" and not doc[t].whitespace_:
            return True
    return False


def _with_region(view: DocView, toks: list[int], p: int) -> int:
    """Extend past a trailing region that names a division: ``Media Labs Europe``."""
    if p + 2 == len(toks) and view.doc[toks[p + 1]].text in view.lex.regions:
        return p + 1
    return p


def evidence(view: DocView, toks: list[int]) -> tuple[int, str] | None:
    """Rightmost evidence in ``toks``: (index of the name's last token, kind).

    Kinds: ``legal`` (``Corp``), ``corp`` (``Airways``), ``head`` (``Commission``),
    ``of`` (``Ministry of ...``: the complement runs to the end of ``toks``).
    """
    doc, lex = view.doc, view.lex
    caps = view.caps_line[toks[0]]
    for p in range(len(toks) - 1, -1, -1):
        text = doc[toks[p]].text
        if _is_connector(view, toks[p]):
            continue
        has_mod = bool(_name_words(view, toks[:p]))
        if lex.is_legal(text, caps) and has_mod:
            return p, "legal"
        if caps:
            continue
        if text in lex.of_heads and p + 1 < len(toks) and doc[toks[p + 1]].text in OF_WORDS:
            return len(toks) - 1, "of"
        in_complement = any(doc[t].text in OF_WORDS for t in toks[:p])
        if text in lex.corporate_suffixes and has_mod and _corp_ok(view, text, toks[:p]):
            return _with_region(view, toks, p), "of" if in_complement else "corp"
        if text in lex.head_words and has_mod:
            return _with_region(view, toks, p), "of" if in_complement else "head"
    return None


def trim(view: DocView, toks: list[int]) -> list[int]:
    """Drop leading ``The``/openers/connectors and trailing connectors.

    ``The US Chamber of Commerce`` -> ``US Chamber of Commerce``;
    ``However Boeing Co`` -> ``Boeing Co``.
    """
    doc, lex = view.doc, view.lex
    start, end = 0, len(toks)
    while start < end:
        tok = doc[toks[start]]
        text = tok.text
        title_stop = text.istitle() and tok.lower_ in TRIM_WORDS
        opener = text in lex.openers and view.sent_start[tok.i]
        if not (_is_connector(view, tok.i) or title_stop or opener):
            break
        start += 1
    while end > start and _is_connector(view, toks[end - 1]):
        end -= 1
    return toks[start:end]


def split_at_and(view: DocView, toks: list[int]) -> list[list[int]]:
    """Split at ``and`` (not ``and Co``): ``Boeing Co and ARGOSystems Inc`` -> two parts."""
    doc = view.doc
    parts: list[list[int]] = [[]]
    for n, t in enumerate(toks):
        is_and = doc[t].text == "and"
        and_co = is_and and n + 1 < len(toks) and doc[toks[n + 1]].text in {"Co", "Co.", "Company"}
        if is_and and not and_co:
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


def span_text(view: DocView, toks: list[int]) -> str:
    """Words of ``toks`` joined by single spaces (line wraps normalized)."""
    doc = view.doc
    return " ".join(t.text for t in doc[toks[0] : toks[-1] + 1] if not t.is_space)


def accept(view: DocView, toks: list[int], kind: str) -> bool:
    """Guards: enough words, not a place, not a person, no non-ORG head right after."""
    if not toks:
        return False
    doc, lex = view.doc, view.lex
    words = _name_words(view, toks)
    text = span_text(view, toks)
    if kind in {"legal", "corp", "head", "of"} and len(words) < 2:
        return False
    plain = [t for t in words if not lex.is_legal(doc[t].text, view.caps_line[t])]
    if len(plain) < 2 and all(doc[t].text in lex.corporate_suffixes for t in plain):
        return False  # ``Holdings Ltd``, ``Corp``; ``Media Labs`` is a name
    if text in lex.places and kind != "legal":
        return False
    if text in lex.titles or all(doc[t].text in lex.months_weekdays for t in words):
        return False
    after = view.next_sig(toks[-1])
    if doc[words[-1]].text in lex.non_org_heads:
        return False
    if after is not None and doc[after].text in lex.non_org_heads:
        return False
    if kind == "abbrev":
        return not _looks_like_person(view, words)
    if kind == "ticker":
        first = doc[words[0]]
        opener = lex.is_common(first.text) and view.sent_start[first.i] and len(words) > 1
        return not (_looks_like_person(view, words) or opener)
    return True


def _looks_like_person(view: DocView, words: list[int]) -> bool:
    """``Brad Smith``: a given name followed by one more word and no ORG word."""
    doc, lex = view.doc, view.lex
    return len(words) == 2 and doc[words[0]].text in lex.given_names


def chunk_findings(view: DocView, chunk: list[int], known: set[tuple[int, int]]) -> list[Found]:
    """ORG names licensed inside one chunk (``known``: ORG candidates from the rulers).

    A bracket after the chunk adds ticker or abbreviation evidence for its last part.
    """
    if view.caps_line[chunk[0]]:
        return caps_line_findings(view, chunk)
    found: list[Found] = []
    bracket = read_bracket(view, chunk[-1])
    parts = _parts(view, chunk, known)
    for n, part in enumerate(parts):
        last_part = n == len(parts) - 1
        found.extend(_part_findings(view, part, bracket if last_part else None))
    return found


def _parts(view: DocView, chunk: list[int], known: set[tuple[int, int]]) -> list[list[int]]:
    """Split a chunk at ``and`` unless a legal suffix or institution word ends it.

    ``Securities and Exchange Commission``, ``Mitsui Trust and Banking Co Ltd`` stay whole;
    ``Lufthansa and British Airways`` and ``Boeing Co and ARGOSystems Inc`` split, and so
    does ``Google and Federal Trade Commission`` when the gazetteer knows ``Google``.
    """
    doc = view.doc
    pieces = split_at_and(view, chunk)
    if len(pieces) == 1:
        return pieces
    bracket = read_bracket(view, chunk[-1])
    if bracket is not None and bracket.kind == "paren":
        words = [doc[t].text for t in chunk]
        start = abbreviation_start(bracket.text, words, view.lex.legal_suffixes)
        if start is not None and start < chunk.index(pieces[-1][0]):
            return [*split_at_and(view, chunk[:start]), chunk[start:]]
    if any(_legal_end(view, p) for p in pieces[:-1]):
        return pieces
    ev = evidence(view, chunk)
    if ev is None or ev[1] == "corp":
        return pieces
    ends = [trim(view, p) for p in pieces]
    if any(e and (e[0], e[-1] + 1) in known for e in ends):
        return pieces
    return [chunk]


def _legal_end(view: DocView, toks: list[int]) -> bool:
    """``Boeing Co`` in ``Boeing Co and ARGOSystems Inc``: a piece ending a company name."""
    return view.lex.is_legal(view.doc[toks[-1]].text) and len(_name_words(view, toks)) > 1


def _part_findings(view: DocView, toks: list[int], bracket: Bracket | None) -> list[Found]:
    """Evidence span of ``toks`` plus what the bracket after it says."""
    doc = view.doc
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
    words = [doc[t].text for t in toks]
    start = abbreviation_start(bracket.text, words, view.lex.legal_suffixes)
    if bracket.kind == "paren" and start is not None:
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
    if bracket.kind == "paren" and not _ticker_like(view, bracket, whole, bool(span)):
        return [_found(span, kind)] if span else []
    if whole and accept(view, whole, "ticker"):
        span, kind = whole, kind or "ticker"
    if span:
        brackets = (bracket.open_i, bracket.close_i + 1)
        found.append(Found(span[0], span[-1] + 1, kind, ticker=bracket.text, bracket=brackets))
    return found


def _has_org_word(view: DocView, toks: list[int]) -> bool:
    """``Augmented Space Launch Vehicle (ASLV)`` has none; ``General Motors (GM)`` has."""
    lex = view.lex
    words = lex.legal_suffixes | lex.corporate_suffixes | lex.head_words | lex.of_heads
    return any(view.doc[t].text in words for t in toks)


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
    return has_evidence or view.doc[name[0]].text[0].upper() == text[0]


def caps_line_findings(view: DocView, chunk: list[int]) -> list[Found]:
    """In an ALL-CAPS headline only a legal suffix or a ticker licenses a name.

    ``TOSHIBA CORP SAYS ...`` -> ``TOSHIBA CORP``; ``BOEING <BA> TO BUY ...`` -> ``BOEING``.
    The name is at most three words before the evidence, stopping at a function word.
    """
    doc, lex = view.doc, view.lex
    found: list[Found] = []
    bracket = read_bracket(view, chunk[-1])
    for p, t in enumerate(chunk):
        is_last = p == len(chunk) - 1
        if lex.is_legal(doc[t].text, True) and p > 0:
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


def _caps_name_before(view: DocView, toks: list[int]) -> list[int]:
    """At most three words before the evidence, no function word; the longest tail that the
    body of the article also writes (``EYES BETHLEHEM STEEL <BS>`` -> ``BETHLEHEM STEEL``)."""
    out: list[int] = []
    for t in reversed(toks):
        if view.doc[t].lower_ in TRIM_WORDS or len(out) == 3:
            break
        out.insert(0, t)
    body = view.body_lower()
    for n in range(len(out)):
        if n and not view.lex.is_common(view.doc[out[n - 1]].text):
            break  # only plain words may be dropped: ``GEN DYNAMICS`` stays whole
        tail = [t for t in out[n:] if not view.lex.is_legal(view.doc[t].text, True)]
        if tail and re.search(r"\b" + _words_pattern(view.doc, tail) + r"\b", body):
            return out[n:]
    return out


def _words_pattern(doc: Doc, toks: list[int]) -> str:
    """Lower-case regex for tokens as spaced in the doc: ``anheuser-busch``, ``first\\s+bank``."""
    parts = []
    for n, t in enumerate(toks):
        parts.append(re.escape(doc[t].lower_))
        if n + 1 < len(toks):
            parts.append(r"\s+" if doc[t].whitespace_ or toks[n + 1] != t + 1 else "")
    return "".join(parts)


def lowercase_head_findings(view: DocView) -> list[Found]:
    """A capitalized word before a lowercase head: ``Health department``,
    ``Milan stock exchange``. Not ``the industry ministry`` nor ``Japanese ministry``.
    """
    doc, lex = view.doc, view.lex
    found: list[Found] = []
    for head in (h.split() for h in lex.lowercase_heads):
        for i in view.where(head[0]):
            if doc[i : i + len(head)].text.split() != head:
                continue
            p = view.prev_sig(i)
            if p is None or not _modifier_ok(view, p):
                continue
            found.append(Found(p, i + len(head), "head"))
    return found


def _modifier_ok(view: DocView, p: int) -> bool:
    doc, lex = view.doc, view.lex
    text = doc[p].text
    if not text.istitle() or view.breakers[p] or doc[p].lower_ in STOP_WORDS:
        return False
    if text in lex.demonyms or text in lex.openers or text.endswith(("ese", "ian", "ish")):
        return False
    before = view.prev_sig(p)
    return before is None or not view.name_ok(before) or view.sent_start[p]


def reverse_abbreviations(view: DocView, found: list[Found]) -> list[Found]:
    """``AAAS (American Association for the Advancement of Science)``: the acronym before
    the bracketed ORG is an ORG too."""
    doc = view.doc
    out: list[Found] = []
    for f in found:
        opener = view.prev_sig(f.start)
        closer = f.end if f.end < len(doc) else None
        if opener is None or doc[opener].text != "(" or closer is None or doc[closer].text != ")":
            continue
        acr = view.prev_sig(opener)
        if acr is None or not ABBREV_RE.fullmatch(doc[acr].text) or _n_upper(doc[acr].text) < 2:
            continue
        words = [t.text for t in doc[f.start : f.end] if not t.is_space]
        if abbreviation_start(doc[acr].text, words, view.lex.legal_suffixes) == 0:
            out.append(Found(acr, acr + 1, "abbrev", abbrev=doc[acr].text))
    return out


def ticker_brackets(view: DocView) -> list[Bracket]:
    """Every certain ticker bracket in the doc: ``<IBM>``, ``(NYSE: IBM)``."""
    out = []
    for i in sorted([*view.where("("), *view.where("<")]):
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
    return not _loose_name(view, after, taken)


MODEL_RE = re.compile(r"(?:[A-Z]{1,3}-?\d{1,5}|\d{3,5})[A-Za-z]{0,3}(?:-\d{1,4})?")


def _model_number(text: str) -> bool:
    """``8086`` in ``Intel 8086``, ``A330-200`` in ``Airbus A330-200``, ``500`` in
    ``Standard & Poor's 500``: a product or index, not the company. Not a year."""
    return bool(MODEL_RE.fullmatch(text)) and not YEAR_RE.fullmatch(text)


def before_model_number(view: DocView, last: int) -> bool:
    """The token after ``last`` (same line, one space) is a model number."""
    doc = view.doc
    nxt = last + 1
    return (
        doc[last].whitespace_ == " "
        and nxt < len(doc)
        and not view.caps_line[nxt]
        and _model_number(doc[nxt].text)
    )


def _loose_name(view: DocView, i: int | None, taken: list[bool]) -> bool:
    """Token ``i`` is a capitalized word outside any entity: not a title, month, ``The``,
    nor the end of a place (``U.S. Federal Reserve``, ``United States Air Force``)."""
    if i is None or taken[i] or not view.name_ok(i):
        return False
    tok = view.doc[i]
    if tok.lower_ in STOP_WORDS or tok.text in view.lex.openers:
        return False
    places = view.lex.places
    return not any(" ".join(view.texts[j : i + 1]) in places for j in range(max(0, i - 2), i + 1))
