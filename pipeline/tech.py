"""TECH entities: the taxonomy, the ``tech_modifiers`` component and ``normalize_tech``.

Config (``[components.tech_modifiers]``): ``match_attr`` must be the ``tech_ruler``'s
``phrase_matcher_attr`` (``NORM`` or ``LEMMA``); ``taxonomy`` is the file ``initialize``
reads (``""``: ``patterns/sources/tech_taxonomy.jsonl`` of this repository); the word
lists (technical and evaluative modifiers, units, ...) default to the constants below.
The component only looks at tokens around TECH candidates.

The assembled pipeline is self-contained: ``tech_modifiers`` saves the taxonomy records
and their index (keyed as the ruler matches terms) in its folder of the pipeline
directory (``taxonomy.jsonl``, ``index.json``) and loads them with it; constructing the
component reads nothing. :func:`normalize_tech` uses the taxonomy the pipeline's
``tech_modifiers`` loaded (found by the span's vocabulary, :func:`taxonomy_for`).

The ``tech_ruler`` span ruler (lemma phrase patterns generated from
``patterns/sources/tech_taxonomy.jsonl`` by :mod:`pipeline.build.tech_patterns`) adds
bare technology terms to ``doc.spans["candidates"]``. ``tech_modifiers`` then rewrites
those TECH candidates by the guidelines (other labels are left alone):

- technical modifiers that narrow the technology are kept: ``generative AI``,
  ``lithium-ion batteries``, ``two-nanometer chips``, ``70MB fixed disk drive``,
  ``high speed broadband``, ``Linux-based operating system``; two technology terms in
  a row are one compound: ``AI chips``, ``laptop computers``, ``desktop search software``;
- evaluative and temporal modifiers, determiners and possessives stay out:
  ``next generation chips`` -> ``chips``, ``Apple's iPhone`` -> ``iPhone``;
- a technology modifying a generic or process noun is tagged alone: the patterns
  never reach over those nouns (``semiconductor industry`` -> ``semiconductor``,
  ``chip-making equipment`` -> ``chip``, ``AI infrastructure`` -> ``AI``);
- a product followed by its own class noun is tagged without it:
  ``PlayStation 3 console`` -> ``PlayStation 3``, ``Cell processor`` -> ``Cell``;
- ambiguous terms (``Mac``, ``mouse``, ``DS``, ``Tiger``, ``memory``) are kept only in a
  technology context: followed by their class noun, inside a compound or after a
  technical modifier, coordinated with another technology (``keyboard and mouse``),
  after a measure (``2MB of memory``), after their maker's possessive (``Google's
  Chrome``), or when the same document has confirmed them (``Nintendo DS`` ... ``the
  DS``); a form of an ambiguous term that the record also lists among its plain
  ``terms`` is not ambiguous (the noun plural ``handhelds`` of ``handheld``);
- lemma matches that are not the term's word are dropped: verb forms (``phoned``,
  ``displayed``) and the singular of an ``-s`` field (``electronic`` for ``electronics``);
- a product that is also its company's name (the record's ``companies``: ``Skype``,
  ``YouTube``) is ORG where the sentence makes it the company, a brand standing for its
  maker (:func:`acts_as_company`: ``Skype said``, ``a YouTube spokesman``, ``Google bought
  YouTube``), and TECH elsewhere (``calls on Skype``).

Taxonomy records (``patterns/sources/tech_taxonomy.jsonl``, one per line)::

    {"id": "playstation", "category": "consumer-electronics", "kind": "product",
     "terms": ["PlayStation 3", "PSP"], "ambiguous": [], "makers": ["Sony"],
     "classes": ["games-console"]}

``kind`` is ``field`` (a technology or discipline), ``class`` (a class of products) or
``product`` (a named product or platform); ``classes`` lists the ids (or plain nouns,
``scan``) of a product's own class nouns; ``companies``, the terms that are also a
company's name. ``category`` is one of :data:`CATEGORIES`.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import srsly
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, SpanGroup, Token

from .batching import BatchedPipe
from .handover import hand_over
from .tokenizer import doc_text

if TYPE_CHECKING:
    from spacy.training import Example
    from spacy.vocab import Vocab

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TAXONOMY = ROOT / "patterns" / "sources" / "tech_taxonomy.jsonl"

#: The taxonomy's categories.
CATEGORIES: dict[str, str] = {
    "ai": "artificial intelligence, machine learning, AI models and assistants",
    "semiconductors": "chips, processors, memory, chipmaking technology",
    "computing": "computers, servers, data centres, storage, peripherals, cloud, quantum",
    "software": "software, operating systems, apps, named software products",
    "internet": "the internet, broadband, web search, e-mail, messaging, e-commerce",
    "telecom": "telecoms, phones, mobile networks, 5G, wireless links",
    "consumer-electronics": "TVs, music players, games consoles, wearables, VR",
    "electronics": "electronics, sensors, radar, displays, signal processing",
    "robotics": "robots and robotics",
    "industrial": "automation, 3D printing, nanotechnology",
    "aerospace": "satellites, drones, spacecraft",
    "mobility": "electric and autonomous vehicles, engines, charging",
    "energy": "clean energy, batteries, solar, wind, nuclear, fusion",
    "security": "cybersecurity, encryption, malware",
    "fintech": "financial technology, blockchain, electronic trading, payments",
    "health-tech": "medical technology, biotech, digital health, medical imaging",
    "tech-sector": "named technology sectors: deep tech, edtech, agtech, defence technology",
}
KINDS = ("field", "class", "product")
TECH = "TECH"
TECH_LABEL = get_string_id(TECH)
ORG_LABEL = get_string_id("ORG")
#: After a product that is also its company's name, words that make it the company (a
#: brand standing for its maker is ORG): ``Skype said``, ``a YouTube spokesman``.
COMPANY_NEXT = frozenset({
    "said", "says", "announced", "announces", "confirmed", "confirms", "declined",
    "spokesman", "spokeswoman", "spokesperson", "executives", "shareholders", "investors",
    "founder", "founders", "co-founder", "co-founders", "employees", "staff",
})
#: After ``<product>'s``: ``YouTube's founders``, ``Skype's chief executive``.
COMPANY_POSSESSED = frozenset({
    "chief", "founder", "founders", "co-founder", "co-founders", "owner", "owners", "ceo",
    "chairman", "president", "shareholders", "investors", "board", "parent", "spokesman",
    "spokeswoman", "staff", "employees", "executives", "valuation", "acquisition", "sale",
})
#: Participles after ``<product> was`` that make it the company: ``YouTube was founded``.
COMPANY_PASSIVES = frozenset({
    "founded", "acquired", "bought", "sold", "valued", "listed", "headquartered", "based",
    "incorporated", "spun",
})
#: Right before it, verbs of buying (``Google bought YouTube``) and company nouns in
#: apposition (``its subsidiaries WhatsApp``, ``the startup YouTube``).
COMPANY_WORDS_BEFORE = frozenset({
    "bought", "buys", "buy", "buying", "acquired", "acquire", "acquires", "acquiring",
    "subsidiary", "subsidiaries", "startup", "start-up", "startups", "unit",
})
#: Before ``of``/``in``/``for`` before it: ``the takeover of Skype``.
COMPANY_NOUNS_BEFORE = frozenset({
    "acquisition", "takeover", "purchase", "sale", "stake", "shares", "investors",
    "founder", "co-founder", "owner", "bid",
})

#: Modifiers that narrow a technology (words or phrases; a hyphen counts as a space).
TECHNICAL_MODIFIERS = [
    "generative", "conversational", "agentic", "mobile", "wireless", "cellular",
    "digital", "analogue", "analog", "electronic", "electric", "electrical", "solar",
    "nuclear", "quantum", "humanoid", "industrial", "autonomous", "self-driving",
    "driverless", "handheld", "portable", "personal", "home", "flash", "hard", "fixed",
    "optical", "solid-state", "high speed", "high-speed", "fast", "superfast",
    "ultrafast", "short range", "long range", "low power", "low-power", "lithium-ion",
    "smart", "open-source", "open source", "3d", "4k", "hd", "high-definition",
    "flat-panel", "flat screen", "touch", "touch-screen", "defense", "defence",
    "military", "medical", "enterprise", "consumer", "web", "online", "keyword",
    "integrated", "embedded", "wearable", "micro", "nano", "colour", "color", "rooftop",
    "offshore", "onshore", "fibre", "fiber", "multimedia", "interactive", "virtual",
    "robotic", "biometric", "programmable", "video", "audio", "music",
    "gaming", "games", "data", "network", "networked", "connected", "cloud-based",
    "storage", "logic", "power", "space", "weather", "spy", "office", "dual-core",
    "multi-core", "silicon", "hybrid", "full-hybrid", "plug-in", "thin-film",
    "system", "systems", "cleaning", "surgical", "delivery", "mainframe", "desktop",
    "laptop", "server", "satellite", "broadband", "internet", "search", "computer",
]
#: Evaluative and temporal modifiers: a left extension never crosses them.
EVALUATIVE_MODIFIERS = [
    "advanced", "next generation", "next-generation", "new", "newer", "latest",
    "emerging", "critical", "cutting-edge", "cutting edge", "leading-edge",
    "state-of-the-art", "sophisticated", "innovative", "revolutionary", "powerful",
    "modern", "old", "existing", "current", "future", "traditional", "conventional",
    "key", "major", "important", "strategic", "cheap", "cheaper", "expensive",
]
#: Units of a measure before a technology: ``two-nanometer``, ``70MB``, ``3.5 inch``.
UNITS = [
    "nm", "nanometer", "nanometre", "nanometers", "nanometres", "micron", "mm",
    "kb", "mb", "gb", "tb", "pb", "k", "kilobyte", "megabyte", "gigabyte", "terabyte",
    "bit", "byte", "megabit", "gigabit", "kbps", "mbps", "gbps", "mbit", "gbit",
    "inch", "khz", "mhz", "ghz", "megahertz", "gigahertz", "kw", "mw", "gw", "kwh",
    "mwh", "gwh", "watt", "volt", "megapixel", "mp", "qubit", "core", "channel",
]
#: Words that join a modifier to a technology: ``Linux-based``, ``80386-based``.
CONNECTORS = ["based"]
#: Words that follow a product name and belong to it: ``Model 30``, ``Version 3.3``.
PRODUCT_SUFFIXES = ["model", "models", "version", "series", "mark", "release"]
#: Tokens between two coordinated technologies: ``keyboard and mouse``.
COORDINATORS = [",", "and", "or", "&", "/", "nor", "plus"]
#: Words after an acronym plural ``PC's`` (not a possessive): ``the PC's are``.
PLURAL_APOSTROPHE_NEXT = [
    "are", "were", "and", "or", "that", "which", "with", "in", "to", "from", "have",
    "will", "can", "could", "would", "for", "on", "at", "by", "as", "use", "run",
]
#: Words before an ambiguous term that make it a verb: ``to monitor``, ``can display``.
VERB_BEFORE = [
    "to", "will", "would", "can", "could", "may", "might", "must", "should", "shall",
    "not", "i", "we", "you", "they", "he", "she", "them", "us", "let", "helps", "help",
]
#: Words after an ambiguous term that make it a plain noun: ``search for``, ``memory of``.
NOUN_AFTER = ["for", "of", "in"]
#: Accepted TECH mentions that make a document about technology (see
#: ``TechModifiers._confirm_in_document``).
TOPIC_MIN = 6
#: Legal suffixes that end a company name: ``Develcon Electronics Ltd``.
COMPANY_SUFFIXES = [
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
    "plc", "llc", "ag", "sa", "nv", "gmbh", "group", "holdings", "associates",
]
#: Suffixes that, written in lower case, are a description, not part of a name: ``an AI
#: company``, ``the BMW group`` (``plc`` and ``Ltd`` are written either way).
DESCRIPTOR_SUFFIXES = frozenset({"company", "corporation", "group", "holdings", "associates",
                                 "limited", "incorporated"})
#: Acronyms that are ordinary words in an ALL CAPS headline: ``IT WILL``, ``RALLY LED BY``.
CAPS_AMBIGUOUS = ["IT", "LED"]


def load_taxonomy(path: str | Path = DEFAULT_TAXONOMY) -> list[dict]:
    """Read and check the taxonomy records (a bad record raises ``ValueError``)."""
    with Path(path).open(encoding="utf-8") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1) if line.strip()]
    return check_records([json.loads(line) for _, line in lines], str(path), [n for n, _ in lines])


def check_records(
    records: list[dict], source: str, line_numbers: list[int] | None = None
) -> list[dict]:
    """``records`` if every one is usable, else ``ValueError`` naming ``source:line``."""
    seen: set[str] = set()
    for i, record in enumerate(records):
        problem = check_record(record, seen)
        if problem:
            number = line_numbers[i] if line_numbers else i + 1
            raise ValueError(f"{source}:{number}: {problem}")
        seen.add(record["id"])
    return records


def check_record(record: dict, seen_ids: set[str]) -> str | None:
    """Why a taxonomy record is unusable, or None.

    >>> check_record({"id": "x", "category": "ai", "kind": "field", "terms": ["x"]}, set())
    >>> check_record({"id": "x", "category": "toys", "kind": "field", "terms": []}, set())
    "unknown category 'toys'"
    """
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", str(record.get("id", ""))):
        return f"bad id {record.get('id')!r}"
    if record["id"] in seen_ids:
        return f"duplicate id {record['id']!r}"
    if record.get("category") not in CATEGORIES:
        return f"unknown category {record.get('category')!r}"
    if record.get("kind") not in KINDS:
        return f"unknown kind {record.get('kind')!r}"
    for key in ("terms", "ambiguous", "makers", "classes", "not", "companies"):
        values = record.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            return f"{key!r} must be a list of strings"
    if not record.get("terms") and not record.get("ambiguous"):
        return "no terms"
    if set(record.get("companies", [])) - set(record.get("terms", [])):
        return "'companies' must be among its 'terms'"
    return None


@dataclass(eq=False)
class Taxonomy:
    """The taxonomy records with the lookups :func:`normalize_tech` needs.

    >>> tax = Taxonomy([{"id": "ipod", "category": "consumer-electronics",
    ...                  "kind": "product", "terms": ["iPod"]}])
    >>> tax.ids_by_text["ipod"], tax.by_id["ipod"]["category"]
    ('ipod', 'consumer-electronics')
    """

    records: list[dict]
    by_id: dict[str, dict] = field(init=False, repr=False)
    ids_by_text: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {record["id"]: record for record in self.records}
        self.ids_by_text = {}
        for record in self.records:
            for term in [*record.get("terms", []), *record.get("ambiguous", [])]:
                self.ids_by_text.setdefault(_fold(term), record["id"])

    def normalize(self, span: Span) -> dict:
        """``{"id", "category"}`` of a TECH span (see :func:`normalize_tech`)."""
        tech_id = span.id_ if span.id_ in self.by_id else None
        if tech_id is None:
            words = [t for t in span if not t.is_space]
            last = words[-1] if words else None
            for text in (span.text, last.text if last else "", last.norm_ if last else ""):
                folded = _fold(text)
                tech_id = self.ids_by_text.get(folded) or self.ids_by_text.get(
                    folded.rstrip("s")
                )
                if tech_id:
                    break
        if tech_id is None:
            return {"id": None, "category": None}
        return {"id": tech_id, "category": self.by_id[tech_id]["category"]}


@lru_cache(maxsize=4)
def read_taxonomy(path: str) -> Taxonomy:
    """The taxonomy file at ``path`` (read once per path)."""
    return Taxonomy(load_taxonomy(path))


#: id(vocab) -> the tech_modifiers component that loaded a taxonomy for that vocabulary
_LOADED: dict[int, weakref.ReferenceType[TechModifiers]] = {}


def taxonomy_for(vocab: Vocab) -> Taxonomy:
    """The taxonomy of the pipeline that owns ``vocab``: the one its ``tech_modifiers``
    component loaded (from the pipeline directory, or at ``initialize``); for a
    vocabulary with no such component, the project's ``DEFAULT_TAXONOMY`` file."""
    ref = _LOADED.get(id(vocab))
    component = ref() if ref is not None else None
    if component is not None and component.nlp.vocab is vocab and component.data is not None:
        return component.data
    return read_taxonomy(str(DEFAULT_TAXONOMY))


def _fold(text: str) -> str:
    """Lower case, hyphens and line breaks as spaces: ``E-Mail`` -> ``e mail``."""
    return " ".join(re.sub(r"[-\s]+", " ", text.lower()).split())


def normalize_tech(span: Span, taxonomy: str | Path | Taxonomy | None = None) -> dict:
    """The canonical id and category of a TECH span.

    The span's ``id_`` (set by the patterns and kept on the head of an extended span,
    ``generative AI chips`` -> ``semiconductor``) is looked up in the taxonomy; a span
    without one is looked up by its text, then by its last word.

    The taxonomy is, by default, the one the pipeline's ``tech_modifiers`` component
    loaded: an assembled pipeline carries it in ``tech_modifiers/taxonomy.jsonl`` and
    needs no file of the repository (see :func:`taxonomy_for`); ``taxonomy`` can name
    another file or pass a :class:`Taxonomy`.
    """
    if isinstance(taxonomy, Taxonomy):
        return taxonomy.normalize(span)
    if taxonomy:
        return read_taxonomy(str(taxonomy)).normalize(span)
    return taxonomy_for(span.doc.vocab).normalize(span)


def _words(phrases: Iterable[str]) -> set[tuple[str, ...]]:
    return {tuple(_fold(p).split()) for p in phrases}


@dataclass
class Candidate:
    """A TECH span being rewritten (token offsets)."""

    start: int
    end: int
    tech_id: str
    ambiguous: bool = False
    confirmed: bool = False
    lexical_key: tuple[str, ...] = ()
    parts: list[Candidate] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def accepted(self) -> bool:
        """Unambiguous, or confirmed by its context."""
        return not self.ambiguous or self.confirmed


@dataclass
class TermIndex:
    """What the component knows about the taxonomy, keyed as the ruler matches terms."""

    kinds: dict[str, str] = field(default_factory=dict)
    classes: dict[str, set[str]] = field(default_factory=dict)
    ambiguous: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    heads: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    written: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    cased: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    lower: set[tuple[str, ...]] = field(default_factory=set)
    lower_texts: set[str] = field(default_factory=set)
    makers: set[str] = field(default_factory=set)
    exclusions: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=dict)
    #: plain terms written as a form of an ambiguous term (``handhelds``), folded
    sure: set[str] = field(default_factory=set)
    #: products that are also their company's name (``Skype``, ``YouTube``), as written
    companies: set[str] = field(default_factory=set)

    def to_dict(self) -> dict:
        """JSON-ready: sets as sorted lists, tuple keys as ``[key, values]`` pairs."""
        return {
            "kinds": self.kinds,
            "classes": {k: sorted(v) for k, v in self.classes.items()},
            "ambiguous": {k: sorted(v) for k, v in self.ambiguous.items()},
            "heads": _pairs(self.heads),
            "written": _pairs(self.written),
            "cased": _pairs(self.cased),
            "lower": sorted(self.lower),
            "lower_texts": sorted(self.lower_texts),
            "makers": sorted(self.makers),
            "exclusions": _pairs(self.exclusions),
            "sure": sorted(self.sure),
            "companies": sorted(self.companies),
        }

    @classmethod
    def from_dict(cls, data: dict) -> TermIndex:
        """The index :meth:`to_dict` wrote."""
        return cls(
            kinds=dict(data["kinds"]),
            classes={k: set(v) for k, v in data["classes"].items()},
            ambiguous={k: {tuple(t) for t in v} for k, v in data["ambiguous"].items()},
            heads=_from_pairs(data["heads"], str),
            written=_from_pairs(data["written"], str),
            cased=_from_pairs(data["cased"], str),
            lower={tuple(t) for t in data["lower"]},
            lower_texts=set(data["lower_texts"]),
            makers=set(data["makers"]),
            exclusions=_from_pairs(data["exclusions"], tuple),
            sure=set(data.get("sure", ())),
            companies=set(data.get("companies", ())),
        )


def _pairs(mapping: dict[tuple[str, ...], set]) -> list[list]:
    return [[list(k), sorted(v)] for k, v in mapping.items()]


def _from_pairs(pairs: list[list], item: type) -> dict:
    return {tuple(k): {item(v) for v in values} for k, values in pairs}


class TechModifiers(BatchedPipe):
    """Rewrite the TECH candidates of ``doc.spans[spans_key]`` (see the module doc).

    Its data (the taxonomy records and their index keyed as the ruler matches terms) is
    read at ``initialize`` from ``taxonomy`` (a path; ``""`` is the project's
    ``DEFAULT_TAXONOMY``) and saved with the pipeline (``to_disk``: ``taxonomy.jsonl``
    and ``index.json`` in the component's folder), so a loaded pipeline needs no file
    of the repository. A component neither initialized nor loaded reads ``taxonomy``
    on first use.

    The ``Span`` objects of the group it leaves go to the next reader of the group, the
    ``entity_resolver`` (:mod:`pipeline.handover`), which then need not make them again.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        spans_key: str,
        taxonomy: str,
        match_attr: str,
        lemmatizer: str,
        technical_modifiers: list[str],
        evaluative_modifiers: list[str],
        units: list[str],
        connectors: list[str],
        product_suffixes: list[str],
        coordinators: list[str],
        plural_apostrophe_next: list[str],
        caps_ambiguous: list[str],
        verb_before: list[str],
        noun_after: list[str],
        topic_min: int,
        company_suffixes: list[str],
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.taxonomy = taxonomy
        self.attr = match_attr.upper()
        self.lemmatizer = lemmatizer
        self.modifiers = _words(technical_modifiers) - _words(evaluative_modifiers)
        self.max_modifier = max((len(m) for m in self.modifiers), default=1)
        self.units = {u.lower() for u in units}
        alternatives = "|".join(map(re.escape, sorted(self.units, key=len, reverse=True)))
        self.unit_re = re.compile(rf"^\d+(?:\.\d+)?(?:{alternatives})$")
        self.connectors = {c.lower() for c in connectors}
        self.product_suffixes = {s.lower() for s in product_suffixes}
        self.coordinators = {c.lower() for c in coordinators}
        self.plural_next = {w.lower() for w in plural_apostrophe_next}
        self.caps_ambiguous = set(caps_ambiguous)
        self.verb_before = {w.lower() for w in verb_before}
        self.noun_after = {w.lower() for w in noun_after}
        self.topic_min = topic_min
        self.company_suffixes = {w.lower().rstrip(".") for w in company_suffixes}
        self.data: Taxonomy | None = None
        self._index: TermIndex | None = None
        # (orth, norm or lemma) of a one-word match -> (text, key, form_ok), see _surface
        self._surfaces: dict[tuple[int, int], tuple[str, tuple[str, ...], bool]] = {}

    # -- taxonomy data ----------------------------------------------------------------

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        taxonomy: str | None = None,
    ) -> None:
        """Read the taxonomy (``taxonomy``, else the ``taxonomy`` setting, else
        ``DEFAULT_TAXONOMY``) and index it with the pipeline's tokenizer."""
        self.set_data(read_taxonomy(str(taxonomy or self.taxonomy or DEFAULT_TAXONOMY)))
        self.index()

    def set_data(self, data: Taxonomy, index: TermIndex | None = None) -> None:
        """Use ``data`` (and its ``index``, if built with this pipeline's tokenizer)."""
        self.data = data
        self._index = index
        self._surfaces.clear()
        _LOADED[id(self.nlp.vocab)] = weakref.ref(self)

    def taxonomy_data(self) -> Taxonomy:
        """The loaded taxonomy; read from the ``taxonomy`` setting if none was loaded."""
        if self.data is None:
            self.set_data(read_taxonomy(str(self.taxonomy or DEFAULT_TAXONOMY)))
        return self.data  # type: ignore[return-value]

    def index(self) -> TermIndex:
        """The lemma-keyed index of the taxonomy (built on first use)."""
        if self._index is None:
            self._index = self._build_index()
        return self._index

    def _lemma_key(self, text: str) -> tuple[str, ...]:
        """A term's key as the ruler sees it: its lemmas or lemma norms, lower-cased."""
        doc = self.nlp.make_doc(text)
        if self.attr == "LEMMA" and self.lemmatizer in self.nlp.component_names:
            doc = self.nlp.get_pipe(self.lemmatizer)(doc)
        return _key(doc[:], self.attr)

    def _build_index(self) -> TermIndex:
        index = TermIndex()
        for record in self.taxonomy_data().records:
            self._index_record(record, index)
        # names written with capitals only (``Windows``, ``IT``): their case matters
        index.cased = {k: v for k, v in index.written.items() if k not in index.lower}
        return index

    def _index_record(self, record: dict, index: TermIndex) -> None:
        tech_id = record["id"]
        index.kinds[tech_id] = record["kind"]
        index.classes[tech_id] = set(record.get("classes", []))
        ambiguous = {self._lemma_key(t) for t in record.get("ambiguous", [])}
        index.ambiguous[tech_id] = ambiguous
        index.makers.update(record.get("makers", []))
        index.companies.update(record.get("companies", []))
        plain = set(record.get("terms", []))
        for term in [*record.get("terms", []), *record.get("ambiguous", [])]:
            key = self._lemma_key(term)
            if term in plain and (key in ambiguous or _singular(key) in ambiguous):
                index.sure.add(_fold(term))
            index.heads.setdefault(key, set()).add(_fold(term).split()[-1])
            if term == term.lower():
                index.lower.add(key)
                index.lower_texts.add(_fold(term))
            else:
                index.written.setdefault(key, set()).add(_fold_space(term))
        for phrase in record.get("not", []):
            key = self._lemma_key(phrase)
            index.exclusions.setdefault(key[-1:], set()).add(key)

    # -- serialization ----------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """``taxonomy.jsonl`` (the records, as in the source file) and ``index.json``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "taxonomy.jsonl", self.taxonomy_data().records)
        srsly.write_json(path / "index.json", self._index_data(), indent=0)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TechModifiers:
        """Load what :meth:`to_disk` wrote (the index is rebuilt if made for another
        ``match_attr``)."""
        path = Path(path)
        data = Taxonomy(load_taxonomy(path / "taxonomy.jsonl"))
        index_path = path / "index.json"
        self._load(data, srsly.read_json(index_path) if index_path.exists() else None)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The records and the index, as one msgpack message."""
        return srsly.msgpack_dumps(
            {"records": self.taxonomy_data().records, "index": self._index_data()}
        )

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> TechModifiers:
        """Load what :meth:`to_bytes` wrote."""
        message = srsly.msgpack_loads(bytes_data)
        self._load(Taxonomy(check_records(message["records"], "bytes")), message["index"])
        return self

    def _index_data(self) -> dict:
        return {"match_attr": self.attr, "index": self.index().to_dict()}

    def _load(self, data: Taxonomy, index_data: dict | None) -> None:
        usable = index_data is not None and index_data.get("match_attr") == self.attr
        self.set_data(data, TermIndex.from_dict(index_data["index"]) if usable else None)

    # -- the component ----------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        if self.spans_key not in doc.spans:
            return doc
        group = doc.spans[self.spans_key]
        tech: list[Span] = []
        others: list[Span] = []
        for span in group:
            (tech if span.label == TECH_LABEL else others).append(span)
        found = self.rewrite(doc, tech) if tech else []
        named = named_products(doc, found)
        if not tech and not named:  # the group stays: ``others`` are all its spans
            hand_over(group, others)
            return doc
        if named:
            found = sorted([*found, *named], key=lambda c: c.start)
        companies = self.index().companies
        spans = others + [
            Span(doc, c.start, c.end, label=ORG_LABEL)
            if companies and doc[c.start:c.end].text in companies
            and acts_as_company(doc, c.start, c.end)
            else Span(doc, c.start, c.end, label=TECH, span_id=c.tech_id)
            for c in found
        ]
        group = SpanGroup(doc, name=self.spans_key, attrs=group.attrs, spans=spans)
        doc.spans[self.spans_key] = group
        hand_over(group, spans)
        return doc

    def rewrite(self, doc: Doc, spans: list[Span]) -> list[Candidate]:
        """The final, non-overlapping TECH candidates of a document."""
        index = self.index()
        found = self._matches(doc, spans, index)
        if not found:
            return []
        found = [cand for cand in found if not (
            _email_message(doc, cand) or _in_law_name(doc, cand) or _names_a_company(doc, cand))]
        if not found:
            return []
        found = _merge_overlaps(found)
        found = self._attach_classes(doc, found, index)
        found = self._compounds(doc, found)
        for cand in found:
            self._extend_right(doc, cand, index)
        terms = {i for cand in found for i in range(cand.start, cand.end)}
        found = [cand for cand in found if _whole_compound(doc, cand, terms)]
        self._confirm_in_context(doc, found)
        return _without_overlaps(self._confirm_in_document(doc, found, index))

    def _matches(self, doc: Doc, spans: list[Span], index: TermIndex) -> list[Candidate]:
        """The ruler's matches that are really the term (:meth:`_keep_match`) and not part
        of a company name, in order.

        Most matches fail on their own word (``it``, ``has``, ``cts`` match ``IT``,
        ``HAS``, ``CT`` on lemma norms): that test is cached per word type
        (:meth:`_surface`), so those matches cost two dictionary lookups.
        """
        surfaces = [self._surface(span, index) for span in spans]
        kept = [i for i, (_, _, form_ok) in enumerate(surfaces) if form_ok]
        if not kept:
            return []
        texts = {surfaces[i][0] for i in kept}
        companies = self._ticker_names(doc, texts)
        companies.update(
            text
            for span, (text, _, _) in zip(spans, surfaces, strict=True)
            if text in texts and text not in companies and self._company_name(span)
        )
        found = []
        for i in kept:
            text, key, _ = surfaces[i]
            if text not in companies and self._in_context(spans[i], text, key, index):
                found.append(self._candidate(spans[i], key, index))
        return found

    def _surface(self, span: Span, index: TermIndex) -> tuple[str, tuple[str, ...], bool]:
        """``(text, key, form_ok)`` of a match: its text, its key as the ruler matched it
        (:func:`_key`) and whether the word is the term's form, written as the term is
        written (:meth:`_is_term_form`, :func:`_written_case`); cached for one-word
        matches by the word's ``ORTH`` and ``NORM`` (or ``LEMMA``)."""
        if span.end - span.start != 1:
            text, key = span.text, _key(span, self.attr)
            return text, key, self._form_ok(span, text, key, index)
        token = span.doc[span.start]
        cache_key = (token.orth, token.lemma if self.attr == "LEMMA" else token.norm)
        found = self._surfaces.get(cache_key)
        if found is None:
            text, key = token.text, _key(span, self.attr)
            found = (text, key, self._form_ok(span, text, key, index))
            self._surfaces[cache_key] = found
        return found

    def _candidate(self, span: Span, key: tuple[str, ...], index: TermIndex) -> Candidate:
        amb = index.ambiguous.get(span.id_, set())
        is_amb = (
            bool(amb)
            and (key in amb or _singular(key) in amb)
            and _fold(span.text) not in index.sure
        )
        return Candidate(span.start, span.end, span.id_, ambiguous=is_amb, lexical_key=key)

    # -- filters on single matches ----------------------------------------------------

    def _keep_match(self, span: Span, index: TermIndex) -> bool:
        """Whether a lemma match is really the term, written as the term is written."""
        text, key = span.text, _key(span, self.attr)
        return self._form_ok(span, text, key, index) and self._in_context(
            span, text, key, index
        )

    def _form_ok(self, span: Span, text: str, key: tuple[str, ...], index: TermIndex) -> bool:
        """The tests of :meth:`_keep_match` on the match's own words (no context)."""
        return self._is_term_form(span, key, index) and _written_case(text, key, index)

    def _in_context(
        self, span: Span, text: str, key: tuple[str, ...], index: TermIndex
    ) -> bool:
        """The tests of :meth:`_keep_match` that look at the words around the match."""
        return (
            not _name_like(span, _lower_term(text, key, index), _written_form(text, key, index))
            and not self._caps_word(span, text)
            and not _negated(span)
            and not self._excluded(span, key, index)
            and not _code_continues(span)
        )

    def _ticker_names(self, doc: Doc, names: set[str]) -> set[str]:
        """The ``names`` written as stock tickers in ``doc`` (``<GPU>``, ``<ELBTF.O>``):
        those names are companies here. The document's text is the tokenizer's
        (:func:`~pipeline.tokenizer.doc_text`, which :func:`named_products` reads too)."""
        wanted = {n for n in names if TICKER_NAME_RE.fullmatch(n)}
        if not wanted:
            return set()
        text = doc_text(doc)
        if "<" not in text:  # a substring test: faster than the regex
            return set()
        return wanted.intersection(TICKER_RE.findall(text))

    def _excluded(self, span: Span, key: tuple[str, ...], index: TermIndex) -> bool:
        """A phrase the taxonomy marks as not the technology: ``blue-chip``."""
        phrases = index.exclusions.get(key[-1:]) if key else None
        if not phrases:
            return False
        doc = span.doc
        window = doc[max(0, span.start - 4) : span.end]
        words = [_token_key(t, self.attr) for t in window if not (t.is_space or t.text == "-")]
        return any(tuple(words[-len(p):]) == p for p in phrases)

    def _company_name(self, span: Span) -> bool:
        """``Develcon Electronics Ltd``, ``ELBIT COMPUTERS <ELBTF.O>``, ``<PC>``: the term
        is part of a company name (capitalized words up to a legal suffix or a ticker).
        The same text is then a company name everywhere in the document."""
        doc = span.doc
        if span.start > 0 and doc[span.start - 1].text == "<":
            return True
        if span[-1].is_lower:
            return False
        for token in doc[span.end : span.end + 5]:
            suffix = token.lower_.rstrip(".")
            if token.text == "<" or (suffix in self.company_suffixes and (
                    not token.is_lower or suffix not in DESCRIPTOR_SUFFIXES)):
                return True
            if not (token.is_title or token.is_upper or token.text in {".", "&", "and"}):
                return False
        return False

    def _is_term_form(self, span: Span, key: tuple[str, ...], index: TermIndex) -> bool:
        """``phoned``, ``displayed``, ``electronic`` (for ``electronics``) are not terms.

        A matched last word that is not the term's own word must be a noun inflection:
        no ``-ed``/``-ing`` form (unless the term is one: ``computing``), not the
        ``-ing`` term's other forms (``programmes`` for ``programming``), not an ``-s``
        field without its ``s``.
        """
        heads = index.heads.get(key)
        word = span[-1].lower_
        if not heads or word in heads:
            return True
        if word.endswith(("ed", "ing")) or word + "s" in heads:
            return False
        return not all(h.endswith("ing") for h in heads)

    def _caps_word(self, span: Span, text: str) -> bool:
        """``IT`` in an ALL CAPS headline (``IBM SAYS IT WILL``) is the pronoun."""
        if text not in self.caps_ambiguous:
            return False
        doc = span.doc
        neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
        words = [t for t in neighbours if t.is_alpha]
        return bool(words) and all(t.is_upper for t in words)

    # -- product class nouns ----------------------------------------------------------

    def _attach_classes(
        self, doc: Doc, found: list[Candidate], index: TermIndex
    ) -> list[Candidate]:
        """``PlayStation 3 console`` -> ``PlayStation 3``; ``CT scans`` confirms ``CT``."""
        out: list[Candidate] = []
        skip: set[int] = set()
        for i, cand in enumerate(found):
            if i in skip:
                continue
            own = index.classes.get(cand.tech_id, set())
            if own:
                nxt = found[i + 1] if i + 1 < len(found) else None
                end = cand.end  # after the version: ``Snapdragon 8 Gen 3 chip``
                if nxt and index.kinds.get(cand.tech_id) == "product":
                    end = min(_version_end(doc, end) or end, nxt.start)
                if nxt and nxt.tech_id in own and self._near(doc, end, nxt.start):
                    skip.add(i + 1)
                    cand.confirmed = True
                elif cand.end < len(doc) and _token_key(doc[cand.end], self.attr) in own:
                    cand.confirmed = True
            out.append(cand)
        return out

    def _near(self, doc: Doc, end: int, start: int) -> bool:
        """At most one lower-case word (``8087 math coprocessor``, not ``Linux-based``),
        white space (one line break at most) or a hyphen between a product and its class."""
        between = doc[end:start]
        words = [t for t in between if not (t.is_space or _joining_hyphen(doc, t.i))]
        if between.text.count("\n") > 1 or len(words) > 1:
            return False
        return all(
            t.is_lower and t.is_alpha and not t.is_stop and t.lower_ not in self.connectors
            for t in words
        )

    # -- compounds and left modifiers -------------------------------------------------

    def _compounds(self, doc: Doc, found: list[Candidate]) -> list[Candidate]:
        """Join adjacent technologies and extend each over its technical modifiers."""
        by_end = {c.end: c for c in found}
        absorbed: set[int] = set()
        for cand in reversed(found):
            if id(cand) in absorbed:
                continue
            while True:
                start = self._left_step(doc, cand, by_end, absorbed)
                if start is None:
                    break
                cand.start = start
        return [c for c in found if id(c) not in absorbed]

    def _left_step(
        self, doc: Doc, cand: Candidate, by_end: dict[int, Candidate], absorbed: set[int]
    ) -> int | None:
        """The new start of ``cand`` after one more modifier, or None."""
        prev = _previous_word(doc, cand.start)
        if prev is None:
            return None
        left = by_end.get(prev + 1)
        if left is not None and left.tech_id in self.index().classes.get(cand.tech_id, ()):
            return None  # ``the streaming service Disney+``: the class, then the product
        if left is not None and left is not cand and id(left) not in absorbed:
            absorbed.add(id(left))
            cand.parts.append(left)
            cand.confirmed = True
            return left.start
        starts = [self._modifier_start(doc, prev)]
        if self.index().kinds.get(cand.tech_id) != "product":
            starts.append(self._measure_start(doc, prev))
        for start in starts:
            if start is not None:
                cand.confirmed = True
                return start
        if doc[prev].lower_ in self.connectors:
            return self._connected_start(doc, cand, prev, by_end, absorbed)
        return None

    def _connected_start(
        self,
        doc: Doc,
        cand: Candidate,
        connector: int,
        by_end: dict[int, Candidate],
        absorbed: set[int],
    ) -> int | None:
        """``Linux-based``, ``80386-based``, ``keyword based``: the start before the connector."""
        before = _previous_word(doc, connector)
        if before is None:
            return None
        left = by_end.get(before + 1)
        if left is not None and id(left) not in absorbed:
            absorbed.add(id(left))
            cand.parts.append(left)
            return left.start
        start = self._modifier_start(doc, before)
        if start is None and any(ch.isdigit() for ch in doc[before].text):
            start = before
        return start

    def _modifier_start(self, doc: Doc, last: int) -> int | None:
        """Start of the longest technical modifier ending at token ``last``."""
        words: list[tuple[int, str]] = []
        i: int | None = last
        while i is not None and len(words) < self.max_modifier:
            if not (doc[i].is_alpha or doc[i].like_num or doc[i].text.isalnum()):
                break
            words.insert(0, (i, doc[i].lower_))
            i = _previous_word(doc, i)
        for n in range(len(words), 0, -1):
            if tuple(w for _, w in words[-n:]) in self.modifiers:
                return words[-n][0]
        return None

    def _measure_start(self, doc: Doc, last: int) -> int | None:
        """Start of a measure ending at ``last``: ``44MB``, ``3.5 inch``, ``two-nanometer``."""
        word = doc[last].lower_
        if self.unit_re.match(word):
            return last
        if word not in self.units:
            return None
        before = _previous_word(doc, last)
        if before is not None and doc[before].like_num:
            return before
        return None

    # -- right side -------------------------------------------------------------------

    def _extend_right(self, doc: Doc, cand: Candidate, index: TermIndex) -> None:
        """``Personal System/2 Model 30``, ``IBM DOS Version 3.3``, ``PC's`` (plural)."""
        end = cand.end
        if (
            index.kinds.get(cand.tech_id) == "product"
            and end + 1 < len(doc)
            and doc[end].lower_ in self.product_suffixes
            and doc[end + 1].like_num
        ):
            cand.end = end + 2
            return
        if index.kinds.get(cand.tech_id) == "product":
            version_end = _version_end(doc, end)
            if version_end is not None:
                cand.end = version_end
                if any(c.isdigit() for c in doc[end].text):
                    cand.confirmed = True  # ``Galaxy S5``, ``Pixel 3 XL``: the product
                return
        last = doc[end - 1]
        if end < len(doc) and doc[end].text in ("'s", "’s") and last.is_upper and len(last) > 1:
            nxt = doc[end + 1] if end + 1 < len(doc) else None
            if nxt is None or nxt.text in ",.;:)" or nxt.lower_ in self.plural_next:
                cand.end = end + 1

    # -- ambiguous terms --------------------------------------------------------------

    def _confirm_in_context(self, doc: Doc, found: list[Candidate]) -> None:
        """Coordination, a bracketed abbreviation, ``2MB of memory`` and the maker's
        possessive (``Google's Chrome``) confirm a term."""
        changed = True
        while changed:
            changed = False
            for i, cand in enumerate(found):
                if not cand.ambiguous or cand.confirmed:
                    continue
                neighbours = found[i - 1 : i] + found[i + 1 : i + 2]
                if (
                    any(self._coordinated(doc, cand, other) for other in neighbours)
                    or self._measure_of(doc, cand)
                    or self._maker_possessive(doc, cand)
                    or _before_technology(doc, cand)
                    or _before_business_noun(doc, cand)
                ):
                    cand.confirmed = changed = True

    def _maker_possessive(self, doc: Doc, cand: Candidate) -> bool:
        """``Google's Chrome``, ``Sun's Java``: one of the record's makers, then ``'s``."""
        i = cand.start
        if i < 2 or doc[i - 1].lower_ not in ("'s", "’s"):
            return False
        record = self.taxonomy_data().by_id.get(cand.tech_id)
        makers = record.get("makers", ()) if record else ()
        name = doc[i - 2].text
        return name in makers or (name.isupper() and name in {m.upper() for m in makers})

    def _coordinated(self, doc: Doc, a: Candidate, b: Candidate) -> bool:
        first, second = (a, b) if a.start < b.start else (b, a)
        gap = [t for t in doc[first.end : second.start] if not t.is_space]
        if len(gap) > 2:
            return False
        if [t.text for t in gap] in (["("], ["["]):
            return True
        return bool(gap) and all(t.lower_ in self.coordinators for t in gap)

    def _confirm_in_document(
        self, doc: Doc, found: list[Candidate], index: TermIndex
    ) -> list[Candidate]:
        """Keep an unconfirmed ambiguous term only if the document confirms it.

        A product named unambiguously once (``Nintendo DS``, ``Windows``) confirms its
        short forms (``DS``, ``Longhorn``); an ambiguous word accepted once (``search
        software``, ``keyboard and mouse``) confirms its other mentions (``the search
        market``); a document with at least ``topic_min`` accepted TECH mentions is about
        technology and confirms them all. Never confirmed this way: a mention inside
        another name (``Mario Kart DS``, ``Mac Format``) or used as a verb or a plain noun
        (``to monitor``, ``search for``, ``memory of``).
        """
        accepted = [c for c in found if c.accepted]
        if len(accepted) == len(found):
            return found
        products = {c.tech_id for c in accepted if index.kinds.get(c.tech_id) == "product"}
        words = {
            _singular(p.lexical_key) for c in accepted for p in _with_parts(c) if p.ambiguous
        }
        on_topic = len(accepted) >= self.topic_min
        return [
            c for c in found
            if c.accepted
            or (
                (on_topic or c.tech_id in products or _singular(c.lexical_key) in words)
                and not _in_name(
                    doc[c.start : c.end],
                    digits=index.kinds.get(c.tech_id) == "product",
                    makers=index.makers,
                )
                and not self._plain_word(doc, c)
            )
        ]

    def _plain_word(self, doc: Doc, cand: Candidate) -> bool:
        """``to monitor``, ``they screen``, ``search for``, ``memory of``: not the technology."""
        prev = doc[cand.start - 1].lower_ if cand.start > 0 else ""
        nxt = doc[cand.end].lower_ if cand.end < len(doc) else ""
        return prev in self.verb_before or nxt in self.noun_after

    def _measure_of(self, doc: Doc, cand: Candidate) -> bool:
        prev = _previous_word(doc, cand.start)
        if prev is None or doc[prev].lower_ != "of":
            return False
        unit = _previous_word(doc, prev)
        return unit is not None and self._measure_start(doc, unit) is not None


#: Nouns after an ambiguous term that make it the technology: ``wireless technology``.
TECHNOLOGY_NOUNS = frozenset({"technology", "technologies"})


def _before_technology(doc: Doc, cand: Candidate) -> bool:
    """``wireless technology``, ``display technologies``: the term names a technology
    (the noun stays out of the span, as the guidelines' ``chip technology`` -> ``chip``)."""
    return cand.end < len(doc) and doc[cand.end].lower_ in TECHNOLOGY_NOUNS


#: Nouns of the technology business that, after an ambiguous common noun of
#: `BUSINESS_CONFIRMED`, show it is the technology: ``cloud revenue``, ``browser makers``,
#: ``memory market`` (the guidelines' generic nouns, outside the span).
BUSINESS_NOUNS = frozenset({
    "industry", "sector", "market", "markets", "maker", "makers", "revenue", "revenues",
    "sales", "business", "businesses", "unit", "division", "provider", "providers",
    "spending", "migration", "infrastructure", "giant", "giants", "vendor", "vendors",
    "startup", "startups", "manufacturer", "manufacturers", "shipments",
})
#: Ambiguous words that a business noun after them confirms; not ``CD`` (``the CD market``
#: of certificates of deposit), ``bus`` (``bus makers``), ``search`` (``search firm``),
#: ``monitor``, ``controller``, ``screen`` (``screen industry``).
BUSINESS_CONFIRMED = frozenset({
    ("cloud",), ("memory",), ("browser",), ("wafer",), ("processor",), ("router",),
    ("fibre",), ("fiber",), ("streaming",), ("tablet",), ("printer",), ("display",),
    ("wireless",), ("crypto",), ("headset",), ("handheld",), ("gadget",), ("keyboard",),
    ("ev",),
})


def _before_business_noun(doc: Doc, cand: Candidate) -> bool:
    """``cloud revenue``, ``browser makers``: an ambiguous word of `BUSINESS_CONFIRMED`
    before a noun of `BUSINESS_NOUNS` on the same line."""
    return (cand.end < len(doc) and doc[cand.end].lower_ in BUSINESS_NOUNS
            and _singular(cand.lexical_key) in BUSINESS_CONFIRMED)


def _token_key(token: Token, attr: str) -> str:
    """The token's lemma norm (``NORM``) or lower-cased lemma (``LEMMA``)."""
    return token.lemma_.lower() if attr == "LEMMA" else token.norm_


def _key(span: Span, attr: str) -> tuple[str, ...]:
    """Lemma keys without spaces and hyphens: ``E-Mails`` -> ``('e', 'mail')``."""
    return tuple(_token_key(t, attr) for t in span if not t.is_space and t.text != "-")


def _singular(key: tuple[str, ...]) -> tuple[str, ...]:
    """``('macs',)`` -> ``('mac',)``: a plural the lookup table does not know."""
    if not key:
        return key
    last = re.sub(r"(?:'s|’s|s)$", "", key[-1])
    return (*key[:-1], last)


def _previous_word(doc: Doc, i: int) -> int | None:
    """Index of the token before ``i`` across spaces and hyphens (not a blank line)."""
    j = i - 1
    while j >= 0 and (doc[j].is_space or _joining_hyphen(doc, j)):
        if doc[j].text.count("\n") > 1:
            return None
        j -= 1
    return j if j >= 0 else None


#: A version after a product's name: ``iOS 17``, ``Razr V3``, ``3.5``, ``Macintosh II``.
VERSION_RE = re.compile(
    r"(?:\d{1,4}(?:\.\d{1,2})?|\d{1,2}s|[A-Z]{1,2}\d{1,3}[a-z]?|v\d{1,2}[a-z]?|II|III|IV|VI|VII"
    r"|VIII|IX|X|XI|XII|X[RS])")
#: Words after a number that make it a quantity, not a version: ``Windows 7 years ago``.
QUANTITY_NEXT = frozenset({
    "percent", "pct", "%", "per", "million", "billion", "trillion", "thousand", "mln", "bn",
    "m", "k", "units", "users", "customers", "people", "subscribers", "years", "year",
    "months", "month", "weeks", "week", "days", "day", "hours", "hour", "minutes", "times",
    "gb", "mb", "tb", "kb", "ghz", "mhz", "inch", "inches", "cents", "dollars", "copies",
    "devices", "phones", "apps", "to", "of", "-", "/", "x",
})
#: Model words after a product's version: ``iPhone 15 Pro Max``.
MODEL_WORDS = frozenset({"Pro", "Max", "Plus", "Mini", "Ultra", "Air", "SE", "Lite", "XL",
                         "Elite"})
#: A model word that takes a number: ``Snapdragon 8 Gen 3``.
NUMBERED_MODEL_WORDS = frozenset({"Gen"})


def _version_end(doc: Doc, end: int) -> int | None:
    """End of a version and model words right after a product's name at ``end``:
    ``iOS 17``, ``iPhone 15 Pro Max``; None when there is none or the number counts
    something (``Windows 7 years ago``, ``Android 40 percent``, ``a 15-inch screen``)."""
    after = end
    if (end < len(doc) and not doc[end - 1].like_num and doc[end - 1].whitespace_ == " "
            and VERSION_RE.fullmatch(doc[end].text)):
        after = end + 1
        if after < len(doc) and (
                (doc[end].text[0].isdigit() and doc[after].lower_ in QUANTITY_NEXT)
                or (not doc[end].whitespace_
                    and (not doc[after].is_punct or doc[after].text in {"-", "%", "/"}))):
            return None  # ``7 years``, ``15-inch``, ``3.5%``
    while after < len(doc) and doc[after - 1].whitespace_ == " ":
        if doc[after].text in MODEL_WORDS:
            after += 1
        elif (doc[after].text in NUMBERED_MODEL_WORDS and after + 1 < len(doc)
              and doc[after].whitespace_ == " " and doc[after + 1].text.isdigit()
              and len(doc[after + 1].text) <= 2):
            after += 2
        else:
            break
    return after if after > end else None


#: ``e-mail`` the medium is a technology; a message is not: ``e-mails she had
#: discovered``, ``in an e-mail to his son``, ``the e-mail correspondence``.
EMAIL_ID = "email"  # the taxonomy's id of e-mail
EMAIL_WORDS = frozenset({"e-mail", "email", "e mail", "e-mails", "emails", "e mails"})
MESSAGE_DETERMINERS = frozenset({"a", "an", "one", "another", "each", "every", "this",
                                 "that", "the"})
#: Nouns that make ``e-mail`` before them the medium: ``the e-mail system``.
EMAIL_MEDIUM_HEADS = frozenset({
    "system", "systems", "server", "servers", "software", "service", "services", "account",
    "accounts", "address", "addresses", "program", "programs", "client", "clients",
    "network", "networks", "filter", "filters", "provider", "providers", "app", "apps",
    "application", "platform", "security", "encryption", "technology", "marketing",
    "traffic", "inbox", "box",
})


def _email_message(doc: Doc, cand: Candidate) -> bool:
    """``e-mail(s)`` meaning messages (plural, or after ``an``/``the``/``this``...),
    unless a noun of the medium follows (``the e-mail system``, ``e-mail addresses``)."""
    if cand.tech_id != EMAIL_ID or cand.end - cand.start > 3:
        return False
    word = doc[cand.start:cand.end].text.lower()
    if word not in EMAIL_WORDS:
        return False
    nxt = _next_word(doc, cand.end)
    if nxt is not None and doc[nxt].lower_ in EMAIL_MEDIUM_HEADS:
        return False
    if word.endswith("s"):
        return True
    before = _previous_word(doc, cand.start)
    return before is not None and doc[before].lower_ in MESSAGE_DETERMINERS


def _whole_compound(doc: Doc, cand: Candidate, terms: set[int]) -> bool:
    """A span never starts inside a hyphenated word: ``wide-screen TV``, ``dual-screen
    Nintendo DS``, not ``screen TV`` (the words before the hyphens join it). False for a
    term after a call sign or code that is no term (``KHJ-TV``, a station; ``terms``: the
    tokens of the document's TECH candidates, so ``LCD-TV`` stays)."""
    start = cand.start
    while start >= 2 and _joining_hyphen(doc, start - 1) and (
            doc[start - 2].is_alpha or doc[start - 2].like_num):
        start -= 2
        if doc[start].is_upper and len(doc[start]) >= 3 and start not in terms:
            return False
    cand.start = start
    return True


def _joining_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen inside a compound (``lithium-ion``), not a dash between spaces."""
    return doc[i].text == "-" and not doc[i].whitespace_ and (i == 0 or not doc[i - 1].whitespace_)


def _code_continues(span: Span) -> bool:
    """``GSM-102``: a hyphen and a number glued to the match make another name."""
    doc, end = span.doc, span.end
    return (
        end + 1 < len(doc)
        and _joining_hyphen(doc, end)
        and doc[end + 1].like_num
        and not span[-1].whitespace_
    )


def _negated(span: Span) -> bool:
    """``non-computer businesses``: the term is negated by a ``non-`` prefix."""
    doc, i = span.doc, span.start
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "non"


def _written_case(text: str, key: tuple[str, ...], index: TermIndex) -> bool:
    """A name written with capitals matches only as written or in ALL CAPS.

    Lemma norms are case-insensitive, so ``IT`` would match ``it`` and ``It``,
    ``Windows`` would match ``windows``: kept are ``IT``, ``Windows``, ``WINDOWS``,
    ``iPods`` (a plural of the written form).
    """
    forms = index.cased.get(key) or index.cased.get(_singular(key))
    if forms is None:
        return True
    surface = _fold_space(text)
    # the singular drops ``s`` or ``es``: ``Kindles``, ``SMS messages``; ``Xboxes``
    singulars = {re.sub(r"(?:'s|’s|s)$", "", surface), re.sub(r"es$", "", surface)}
    for form in {surface, *singulars}:
        if form in forms or (form.isupper() and form in {f.upper() for f in forms}):
            return True
    return False


def _fold_space(text: str) -> str:
    """Hyphens and line breaks as single spaces, case kept: ``Wi-Fi`` -> ``Wi Fi``."""
    return " ".join(re.sub(r"[-\s]+", " ", text).split())


SENTENCE_OPENERS = {".", "!", "?", ":", ";", '"', "“", "'", "‘", "(", "-", "–", "—"}
NAME_JOINERS = {"of", "for", "&", "and"}


def _lower_term(text: str, key: tuple[str, ...], index: TermIndex) -> bool:
    """Whether the match is a term the taxonomy writes in lower case (``Chips``)."""
    folded = _fold(text)
    return bool(
        {key, _singular(key)} & index.lower
        or {folded, re.sub(r"(?:'s|’s|s)$", "", folded)} & index.lower_texts
    )


def _written_form(text: str, key: tuple[str, ...], index: TermIndex) -> bool:
    """Whether the match is written as the taxonomy also writes the term with capitals
    (``Bitcoin`` beside ``bitcoin``, ``Internet of Things``, ``Ethernet``)."""
    forms = index.written.get(key) or index.written.get(_singular(key))
    if not forms:
        return False
    surface = _fold_space(text)
    return surface in forms or re.sub(r"(?:'s|’s|s)$", "", surface) in forms


def _name_like(span: Span, lower_term: bool, written: bool = False) -> bool:
    """A lower-case term capitalized inside a name: ``France Telecom``, ``Computer
    Associates``, ``Federation of Robotics``, ``Chip Bergh``.

    A capitalized lower-case term is a name part when a capitalized word follows it,
    or, away from a sentence start, precedes it (also across ``of``/``for``/``&``/``and``),
    or when it follows a lower-case word (``to buy Telecom's stake``); ``Semiconductor
    sales rose`` at a sentence start and ``U.S. Chip producers`` are the term. A form
    the taxonomy also writes with capitals (``the Internet``, ``Sales of Bitcoin``) is
    a name part only when a capitalized word follows it (``Internet Capital Group``).
    """
    if not (span[0].is_title and lower_term):
        return False
    doc, i = span.doc, span.start
    if written:
        nxt = doc[span.end] if span.end < len(doc) else None
        return nxt is not None and nxt.is_title and nxt.is_alpha
    after_word = i > 0 and doc[i - 1].is_lower and doc[i - 1].is_alpha
    return after_word or _in_name(span, digits=False)


def _in_name(span: Span, digits: bool, makers: Collection[str] = ()) -> bool:
    """Whether capitalized words (or, with ``digits``, numbers) around the span make it
    part of a longer name: ``Mac Format``, ``Mario Kart DS``, ``Super Mario 64 DS``.

    A maker before a product (``Nintendo handheld``) and a capitalized function word
    (``The DS``) do not."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].is_title and doc[span.end].is_alpha:
        return True
    i = span.start
    while i > 0 and doc[i - 1].is_space and "\n" not in doc[i - 1].text:
        i -= 1
    if _sentence_start(doc, i):
        return False
    prev = doc[i - 1]
    if _capitalized(prev) and prev.text not in makers:
        return True
    if digits and prev.like_num:
        return True
    return prev.lower_ in NAME_JOINERS and i > 1 and _capitalized(doc[i - 2])


TICKER_RE = re.compile(r"<([A-Z][A-Za-z0-9&-]{0,9})(?:\.[A-Z]{1,2})?>")


#: A name :data:`TICKER_RE` can capture.
TICKER_NAME_RE = re.compile(r"[A-Z][A-Za-z0-9&-]{0,9}")


def _capitalized(token: Token) -> bool:
    """A capitalized content word: ``France``, ``TriQuint``, ``SBC`` (not ``The``)."""
    return (
        token.is_alpha
        and token.text[0].isupper()
        and not token.is_stop
        and (len(token) > 1 or token.is_title)
    )


def _sentence_start(doc: Doc, i: int) -> bool:
    """Token ``i`` opens the text, a line, a sentence, a quote or a bracket."""
    if i == 0:
        return True
    prev = doc[i - 1]
    return (prev.is_space and "\n" in prev.text) or prev.text in SENTENCE_OPENERS


#: Verbs that give a product its name: ``a humanoid robot called Zorbot``.
NAMING_RE = re.compile(r"\b(?:called|named|dubbed|code-?named|branded)\b")
NAMING_STEMS = ("called", "named", "dubbed", "branded")  # in every match of NAMING_RE
#: Technology nouns a naming verb may follow (a TECH term found there counts too).
NAMED_HEADS = frozenset({
    "robot", "robots", "system", "software", "app", "application", "device", "gadget",
    "chip", "processor", "platform", "browser", "phone", "smartphone", "handset", "console",
    "computer", "tool", "program", "programme", "engine", "algorithm", "chatbot",
    "assistant", "service", "network", "feature", "technology", "interface", "format",
})
NAMED_WINDOW = 6  # words between the head and the naming verb, at most
NAMED_MAX_WORDS = 4  # words in a product name, at most
_CLAUSE_BREAKS = frozenset({".", ";", "!", "?", ":", "(", ")", '"', "“", "”"})


def named_products(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Products a document names after a technology noun, and their other mentions:
    ``a humanoid robot, called Zorbot`` (``Zorbot`` is TECH wherever the document writes
    it), ``a search tool for its computers called Beacon``. Nothing that overlaps
    ``found``. The name is one to four capitalized words (``Zorbot 2``, ``iBand``)."""
    text = doc_text(doc)
    if not any(verb in text for verb in NAMING_STEMS):  # substring tests: faster than the regex
        return []
    taken = [False] * len(doc)
    for cand in found:
        taken[cand.start:cand.end] = [True] * cand.length
    ends = {cand.end for cand in found}
    names: set[str] = set()  # the names as written
    for m in NAMING_RE.finditer(text):
        verb = doc.char_span(m.start(), m.end())
        if verb is None:
            continue
        name = _product_name(doc, verb.start)
        if name and _after_tech_head(doc, verb.start, ends):
            names.add(doc[name[0]:name[1]].text)
    out: list[Candidate] = []
    for name in sorted(names, key=lambda n: (-len(n), n)):  # longest first, deterministic
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            span = doc.char_span(m.start(), m.end())
            if span is None or any(taken[span.start:span.end]):
                continue
            if _name_alone(doc, span.start, span.end):
                out.append(Candidate(span.start, span.end, ""))
                taken[span.start:span.end] = [True] * len(span)
    return sorted(out, key=lambda c: c.start)


def _product_word(token: Token) -> bool:
    """``Zorbot``, ``iBand``, ``X1``: a capital first letter, or a capital after a letter."""
    text = token.text
    return text[:1].isupper() or (text[:1].isalpha() and any(c.isupper() for c in text[1:]))


def _product_name(doc: Doc, verb: int) -> tuple[int, int] | None:
    """Token range of the name after the naming verb at ``verb``: capitalized words, then
    numbers (``Zorbot 2``), across a line wrap or a glued hyphen (``CD-Interactive``);
    None when none follows, or when the verb appoints someone (``it named Ann Lee``)."""
    if verb > 0 and doc[verb - 1].lower_ in APPOINTING_BEFORE:
        return None
    n = len(doc)
    i = verb + 1
    if i < n and doc[i].is_space:
        i += 1
    if i + 1 < n and doc[i].text == "The":  # no determiner: ``called The Zorbot`` -> Zorbot
        i += 1
    start, end, words = i, i, 0
    while i < n and words < NAMED_MAX_WORDS:
        token = doc[i]
        if not (_product_word(token) or (words and token.like_num)) or not (
                token.text.isalnum()):
            break
        words, end = words + 1, i + 1
        if token.whitespace_:
            i += 1
        elif i + 2 < n and doc[i + 1].text in ("\n", "-") and not doc[i + 1].whitespace_:
            i += 2  # a line wrap, or a hyphen inside the name
        else:
            break
    return (start, end) if end > start else None


#: Words before ``named`` that make it a verb of appointing: ``it named Ann Lee chairman``.
APPOINTING_BEFORE = frozenset({"it", "he", "she", "they", "we", "has", "have", "had", "also"})


def _after_tech_head(doc: Doc, verb: int, ends: set[int]) -> bool:
    """A technology noun or a TECH term ends at most ``NAMED_WINDOW`` words before the
    naming verb, in the same clause."""
    i, words = verb - 1, 0
    while i >= 0 and words <= NAMED_WINDOW:
        token = doc[i]
        if token.text in _CLAUSE_BREAKS:
            return False
        if not token.is_space and token.text != ",":
            if token.text in NAMED_HEADS or i + 1 in ends:
                return True
            words += 1
        i -= 1
    return False


def _name_alone(doc: Doc, start: int, end: int) -> bool:
    """No other capitalized word glued before or after (``Zorbot`` in ``Zorbot Labs`` is
    part of another name); a capitalized word opening the sentence before is no name."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.text[:1].isupper() and not _sentence_start(doc, before.i):
        return False
    return not (after is not None and after.text[:1].isupper() and after.is_alpha)


def acts_as_company(doc: Doc, start: int, end: int) -> bool:
    """The product ``doc[start:end]`` (one that is also its company's name) stands for the
    company: ``Skype said``, ``a YouTube spokesman``, ``YouTube's founders``, ``Google
    bought YouTube``, ``the acquisition of Skype``, ``a stake in WhatsApp``."""
    nxt = _next_word(doc, end)
    if nxt is not None:
        word = doc[nxt].lower_
        if word in COMPANY_NEXT:
            return True
        if word in ("was", "is", "has", "had"):
            verb = _next_word(doc, nxt + 1)
            if verb is not None and doc[verb].lower_ == "been":
                verb = _next_word(doc, verb + 1)
            if verb is not None and doc[verb].lower_ in COMPANY_PASSIVES:
                return True  # ``YouTube was founded in 2005``
        if word in ("'s", "’s"):
            after = _next_word(doc, nxt + 1)
            if after is not None and doc[after].lower_ in COMPANY_POSSESSED:
                return True
    prev = _previous_word(doc, start)
    if prev is None:
        return False
    word = doc[prev].lower_
    if word in COMPANY_WORDS_BEFORE:
        return True
    if word in ("of", "in", "for"):
        noun = _previous_word(doc, prev)
        return noun is not None and doc[noun].lower_ in COMPANY_NOUNS_BEFORE
    return False


#: Capitalized words that end a law's name: ``CHIPS and Science Act``, ``the AI Act``.
LAW_HEADS = frozenset({"Act", "Bill", "Directive"})
#: Nouns after ``chip`` that make a word for a company (not TECH): ``chip designer``.
CHIP_ID = "semiconductor"  # the taxonomy's id of chips
COMPANY_WORDS_AFTER = frozenset({"designer", "designers"})


def _in_law_name(doc: Doc, cand: Candidate) -> bool:
    """The term is part of a law's name: capitalized words (and ``and``/``of``/``on``)
    from it up to ``Act``/``Bill``/``Directive``: ``CHIPS and Science Act``, ``AI Act``."""
    i = cand.end
    for _ in range(6):
        i = _next_word(doc, i) if i < len(doc) else None
        if i is None:
            return False
        token = doc[i]
        if token.text in LAW_HEADS:
            return doc[cand.start].text[:1].isupper()
        if not (token.is_title or token.is_upper or token.lower_ in ("and", "of", "on", "&")):
            return False
        i += 1
    return False


def _names_a_company(doc: Doc, cand: Candidate) -> bool:
    """``chip designer Arm``: a word for a company, as ``chipmaker`` (not ``software
    designers``: people)."""
    nxt = _next_word(doc, cand.end)
    return (cand.tech_id == CHIP_ID and nxt is not None
            and doc[nxt].lower_ in COMPANY_WORDS_AFTER)


def _next_word(doc: Doc, i: int) -> int | None:
    """Index of the first token from ``i`` on that is not whitespace, else None."""
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i if i < len(doc) else None


def _merge_overlaps(found: list[Candidate]) -> list[Candidate]:
    """Overlapping matches become one candidate: the longest, or the union of a chain.

    ``IBM PC AT`` over ``PC AT`` -> ``IBM PC AT``; ``desktop search`` + ``search system``
    -> ``desktop search system`` (the head is the rightmost match).
    """
    out: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (c.start, -c.length)):
        last = out[-1] if out else None
        if last is None or cand.start >= last.end:
            out.append(cand)
            continue
        if cand.end > last.end:
            last.end = cand.end
            last.tech_id = cand.tech_id
        last.ambiguous = last.ambiguous and cand.ambiguous
        last.parts.append(cand)
    return out


def _without_overlaps(found: list[Candidate]) -> list[Candidate]:
    """A last guard: candidates in order, each starting after the previous one ends."""
    out: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (c.start, -c.length)):
        if not out or cand.start >= out[-1].end:
            out.append(cand)
    return out


def _with_parts(cand: Candidate) -> Iterator[Candidate]:
    """A candidate and, recursively, the matches it absorbed."""
    yield cand
    for part in cand.parts:
        yield from _with_parts(part)


# The class is the factory: spaCy calls TechModifiers(nlp, name, **settings).
make_tech_modifiers = Language.factory(
    "tech_modifiers",
    default_config={
        "spans_key": "candidates",
        "taxonomy": "",
        "match_attr": "NORM",
        "lemmatizer": "lemmatizer",
        "technical_modifiers": TECHNICAL_MODIFIERS,
        "evaluative_modifiers": EVALUATIVE_MODIFIERS,
        "units": UNITS,
        "connectors": CONNECTORS,
        "product_suffixes": PRODUCT_SUFFIXES,
        "coordinators": COORDINATORS,
        "plural_apostrophe_next": PLURAL_APOSTROPHE_NEXT,
        "caps_ambiguous": CAPS_AMBIGUOUS,
        "verb_before": VERB_BEFORE,
        "noun_after": NOUN_AFTER,
        "topic_min": TOPIC_MIN,
        "company_suffixes": COMPANY_SUFFIXES,
    },
    func=TechModifiers,
)
