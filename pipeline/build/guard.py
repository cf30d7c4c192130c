"""The false-positive guard: which aliases are too ambiguous to match on their own.

A phrase pattern fires on every occurrence of its text, so a single-word alias that is
also a word, a place or a person's name (``Ball``, ``Progressive``, ``Lincoln``,
``Lindsay``) would tag ``Ball`` in "a ball game" at a sentence start, ``Lincoln`` in
"Lincoln, Nebraska" and so on. :meth:`AliasGuard.reason` says why an alias is dropped:

- ``blocklist``: listed in ``patterns/sources/blocklist.txt``;
- ``place``: a country, subdivision, city or region name, or a demonym such as
  ``American`` (any number of tokens);
- ``dictionary-word``: for core names cut from a longer name only (``United`` from
  ``United Technologies``, ``General`` from ``General Motors``): any single word in the
  dictionary, even one mostly written capitalized;
- ``generic``: a multi-token alias made only of common English words (``Waste
  Management``, ``Public Storage``); names with a legal suffix (``Waste Management Inc``)
  or an acronym (``AMD Inc``) are not generic; checked for listed companies' names only;
- for single-token aliases only: ``english-word`` (lowercase form is a common English
  word; an all-caps token only when it reads as a word, ``NOW`` but not ``SAP``),
  ``given-name``, ``surname``, ``code`` (a 2-3 letter country or currency code
  such as ``MYR``), ``too-short`` (one character).

``patterns/sources/allowlist.txt`` lists famous single-word organizations whose news use
is overwhelmingly the organization (``Apple``, ``Shell``, ``Ford``); they skip the checks.
Dropped aliases are kept in the registry as ``flagged`` so contextual rules can still use
them ("Corning said").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import resources
from .aliases import LEGAL_TOKENS

_GLUE = frozenset({"and", "&", "of", "the", "for"})


def read_word_list(path: Path) -> set[str]:
    """Entries of a one-per-line source list; ``#`` starts a comment."""
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.add(entry)
    return entries


def iso_codes() -> set[str]:
    """ISO 3166 country codes (alpha-2, alpha-3) and ISO 4217 currency codes."""
    import pycountry

    codes = {c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}
    return codes | {c.alpha_3 for c in pycountry.currencies}


@dataclass
class AliasGuard:
    """Decides whether an alias is safe as a case-sensitive phrase pattern.

    >>> guard = AliasGuard(english={"ball", "sap", "now"}, dictionary={"united"},
    ...                    shouted={"now"}, places={"Lincoln"},
    ...                    given={"Lindsay"}, surnames={"Abbott"}, codes={"MYR"},
    ...                    allow={"Apple"}, block=set())
    >>> [guard.reason(a) for a in ("Ball", "Lincoln", "Lindsay", "Abbott", "MYR", "Apple")]
    ['english-word', 'place', 'given-name', 'surname', 'code', None]
    >>> guard.reason("SAP"), guard.reason("NOW")
    (None, 'english-word')
    >>> guard.reason("Abbott Laboratories") is None, guard.reason("Ball Now")
    (True, 'generic')
    >>> guard.reason("Ball Corp") is None, guard.reason("Ball Now", generic=False) is None
    (True, True)
    >>> guard.reason("United") is None, guard.reason("United", strict=True)
    (True, 'dictionary-word')
    """

    english: frozenset[str] | set[str]
    dictionary: frozenset[str] | set[str]
    shouted: frozenset[str] | set[str]
    places: frozenset[str] | set[str]
    given: frozenset[str] | set[str]
    surnames: frozenset[str] | set[str]
    codes: set[str]
    allow: set[str]
    block: set[str]

    @classmethod
    def from_sources(cls, sources_dir: Path = resources.SOURCES_DIR) -> AliasGuard:
        """The guard with the installed word lists and the curated allow/block lists."""
        return cls(
            english=resources.english_words(),
            dictionary=resources.dictionary_words(),
            shouted=resources.shouted_words(),
            places=resources.places() | resources.demonyms(),
            given=resources.given_names(),
            surnames=resources.surnames(),
            codes=iso_codes(),
            allow=read_word_list(sources_dir / "allowlist.txt"),
            block=read_word_list(sources_dir / "blocklist.txt"),
        )

    def reason(self, alias: str, generic: bool = True, strict: bool = False) -> str | None:
        """Why ``alias`` must not be a pattern, or None when it is safe.

        ``generic=False`` skips the generic-phrase check (for forms derived from a
        curated name, such as ``U.S. Justice Department``); ``strict=True`` (for core
        names cut from a longer name) also drops single words that are in the dictionary
        at all, however they are usually written (``United`` from ``United Technologies``)."""
        if alias in self.block:
            return "blocklist"
        if alias in self.allow:
            return None
        if alias in self.places or resources.fold_accents(alias) in self.places:
            return "place"
        if " " in alias:
            return "generic" if generic and self._is_generic(alias) else None
        if strict and alias.lower() in self.dictionary:
            return "dictionary-word"
        return self._single_token_reason(alias)

    def _is_plain_word(self, token: str) -> bool:
        if token in LEGAL_TOKENS:
            return False
        words = self.shouted if token.isupper() else self.english
        return token.lower() in words

    def _is_generic(self, alias: str) -> bool:
        words = [w for w in alias.replace(",", " ").split() if w.lower() not in _GLUE]
        return bool(words) and all(self._is_plain_word(w) for w in words)

    def _single_token_reason(self, word: str) -> str | None:
        if sum(ch.isalnum() for ch in word) <= 1:
            return "too-short"
        words = self.shouted if word.isupper() else self.english
        if word.lower() in words:
            return "english-word"
        name_form = word.capitalize()
        if name_form in self.given:
            return "given-name"
        if name_form in self.surnames:
            return "surname"
        if word.isupper() and word in self.codes:
            return "code"
        return None
