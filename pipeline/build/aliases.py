"""Alias rules: from an organization's official name to the names news text uses.

For a name such as ``Toyota Motor Corporation`` the rules give:

1. the cleaned name: Wikipedia-style disambiguators and share classes removed
   (``Rio Tinto (corporation)`` -> ``Rio Tinto``, ``KalmarB`` -> ``Kalmar``) and no
   leading "the" (``The Coca-Cola Company`` -> ``Coca-Cola Company``: the annotation
   guidelines tag names without it);
2. the base name: legal suffixes stripped by ``cleanco``, repeatedly
   (``Nomura Securities Co., Ltd.`` -> ``Nomura Securities``), with a dangling
   ``and``/``&`` (``Kidder Peabody and Co.``) removed too;
3. suffix variants: the base name with every written form of each suffix family the
   name used (``Corporation`` -> ``Corp``, ``Corp.``, ``Corporation``; see
   :data:`SUFFIX_FAMILIES`); a name without a suffix gets the families usual in its
   country (:data:`COUNTRY_FAMILIES`: US ``Inc``/``Corp``/``Co``, Japan ``Corp``/``Co Ltd``,
   Germany ``AG`` ...) -- a variant nobody writes never matches, so this costs no precision;
4. the core name: trailing descriptors (``Motor``, ``Group``, ``Holdings``, ``Technology``
   ... :data:`DESCRIPTORS`) stripped from the base (``Toyota Motor`` -> ``Toyota``,
   ``Marvell Technology Group`` -> ``Marvell``). Core names are the risky ones: the
   false-positive guard (:mod:`pipeline.build.guard`) checks them.

:func:`caps_variant` adds the ALL-CAPS form newswire headlines use (``GENERAL MOTORS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .resources import fold_accents

SUFFIX_FAMILIES: dict[str, tuple[str, ...]] = {
    "corp": ("Corp", "Corp.", "Corporation"),
    "inc": ("Inc", "Inc.", ", Inc", ", Inc."),
    "co": ("Co", "Co.", "Company"),
    "ltd": ("Ltd", "Ltd.", "Limited", ", Ltd", ", Ltd."),
    "co_ltd": ("Co", "Co.", "Company", "Co Ltd", "Co. Ltd", "Co Ltd.", "Co. Ltd.",
               "Co., Ltd", "Co., Ltd.", "Company Limited"),
    "and_co": ("& Co", "& Co.", "and Co", "and Co.", "and Company", "& Company"),
    "plc": ("plc", "PLC", "Plc"),
    "ag": ("AG",),
    "se": ("SE",),
    "sa": ("SA", "S.A."),
    "nv": ("NV", "N.V."),
    "spa": ("SpA", "S.p.A."),
    "ab": ("AB",),
    "asa": ("ASA",),
    "oyj": ("Oyj",),
    "llc": ("LLC",),
    "lp": ("LP", "L.P."),
    "gmbh": ("GmbH",),
    "bv": ("BV", "B.V."),
    "as": ("A/S",),
}
"""Written forms of each legal-suffix family (a leading comma attaches to the name)."""

LEGAL_TOKENS = frozenset(
    token.strip(",")
    for forms in SUFFIX_FAMILIES.values()
    for form in forms
    for token in form.split()
) - {"&", "and", ""}
"""Single tokens of legal suffixes: ``Corp``, ``Inc.``, ``Ltd``, ``AG`` ..."""

_TERM_FAMILY = {
    "corp": "corp", "corporation": "corp", "inc": "inc", "incorporated": "inc",
    "co": "co", "company": "co", "ltd": "ltd", "limited": "ltd", "plc": "plc",
    "ag": "ag", "se": "se", "sa": "sa", "nv": "nv", "spa": "spa", "ab": "ab",
    "asa": "asa", "oyj": "oyj", "llc": "llc", "lp": "lp", "gmbh": "gmbh", "bv": "bv", "a/s": "as",
}

COUNTRY_FAMILIES: dict[str, tuple[str, ...]] = {
    "US": ("inc", "corp", "co"), "CA": ("inc", "corp", "ltd"), "GB": ("plc", "ltd"),
    "IE": ("plc",), "JP": ("corp", "co_ltd", "ltd"), "KR": ("co_ltd", "corp"),
    "TW": ("co_ltd", "corp"), "CN": ("co_ltd", "ltd"), "HK": ("ltd",), "IN": ("ltd",),
    "DE": ("ag", "se"), "AT": ("ag",), "CH": ("ag", "sa"), "FR": ("sa", "se"),
    "BE": ("sa", "nv"), "LU": ("sa",), "ES": ("sa",), "PT": ("sa",), "NL": ("nv",),
    "IT": ("spa",), "SE": ("ab",), "NO": ("asa",), "FI": ("oyj",), "DK": ("as",),
}
"""Suffix families a company from that country is written with when its name has none."""

DESCRIPTORS = frozenset({
    "Motor", "Motors", "Group", "Holding", "Holdings", "Industries", "International",
    "Technology", "Technologies", "Systems", "Corporation", "Enterprises", "Brands",
    "Communications", "Electronics", "Pharmaceuticals", "Pharmaceutical", "Therapeutics",
    "Biosciences", "Solutions", "Networks", "Software", "Incorporated", "Worldwide",
    "Global", "Limited", "Companies",
})
"""Trailing words that describe rather than name: ``Micron Technology`` -> ``Micron``."""

_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)")
_SHARE_CLASS = re.compile(r"^(\S+[a-zäöüåé])[ABC]$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_DANGLING = re.compile(r"[\s,]*(?:\band|&)$")


def clean_name(name: str, share_class: bool = True) -> str:
    """The name without disambiguators, share classes and a leading "the".

    ``share_class=False`` keeps a final capital, for names written by hand rather than
    taken from a listing (``BSkyB``, ``PwC``, ``BofA`` are names, not ``BSky`` class B).

    >>> clean_name("The Coca-Cola Company"), clean_name("Puma (brand)"), clean_name("LifcoB")
    ('Coca-Cola Company', 'Puma', 'Lifco')
    >>> clean_name("BSkyB", share_class=False), clean_name("PwC", share_class=False)
    ('BSkyB', 'PwC')
    """
    name = _DISAMBIGUATOR.sub("", name).strip()
    if share_class:
        name = _SHARE_CLASS.sub(r"\1", name)
    return _LEADING_THE.sub("", name).strip()


def _suffix_family(tail: str) -> str | None:
    key = re.sub(r"[\s.,]", "", tail).lower()
    return _TERM_FAMILY.get(key)


def split_legal_suffix(name: str) -> tuple[str, list[str]]:
    """The base name and the suffix families stripped from it, outermost last.

    >>> split_legal_suffix("Nomura Securities Co., Ltd.")
    ('Nomura Securities', ['co_ltd'])
    >>> split_legal_suffix("Kidder Peabody and Co.")
    ('Kidder Peabody', ['and_co'])
    >>> split_legal_suffix("Microsoft")
    ('Microsoft', [])
    """
    from cleanco import basename

    families: list[str] = []
    current = name
    while True:
        base = basename(current).strip()
        if not base or base == current or not current.startswith(base):
            break
        family = _suffix_family(current[len(base):])
        if family:
            families.append(family)
        current = base.rstrip(",").strip()
    dangling = _DANGLING.sub("", current).strip()
    if dangling != current and dangling:
        families = ["and_co" if f == "co" else f for f in families]
        current = dangling
    if families[:2] in (["ltd", "co"], ["ltd", "co_ltd"]):
        families = ["co_ltd", *families[2:]]
    return current, families


def core_name(base: str) -> str:
    """The base name without trailing descriptors (never empty, never ending in "of").

    >>> core_name("Toyota Motor"), core_name("Marvell Technology Group"), core_name("Group")
    ('Toyota', 'Marvell', 'Group')
    >>> core_name("Office of Communications")
    'Office of Communications'
    """
    tokens = base.split()
    while len(tokens) > 1 and tokens[-1] in DESCRIPTORS:
        tokens.pop()
    if tokens[-1].lower() in {"of", "and", "&", "for", "the"}:
        return base
    return " ".join(tokens).rstrip(",")


def suffix_variants(base: str, families: list[str] | tuple[str, ...]) -> list[str]:
    """The base name written with each form of each suffix family.

    >>> suffix_variants("Toyota Motor", ["corp"])
    ['Toyota Motor Corp', 'Toyota Motor Corp.', 'Toyota Motor Corporation']
    """
    out = []
    for family in families:
        for form in SUFFIX_FAMILIES.get(family, ()):
            out.append(base + form if form.startswith(",") else f"{base} {form}")
    return out


@dataclass
class NameForms:
    """The aliases one official (or explicit) name gives: ``names`` are as written,
    ``suffixed`` carry a legal suffix, ``core`` is the short form the guard checks."""

    names: list[str] = field(default_factory=list)
    suffixed: list[str] = field(default_factory=list)
    core: list[str] = field(default_factory=list)


def name_forms(
    name: str, country: str | None = None, company: bool = True, defaults: bool = True,
    share_class: bool = True,
) -> NameForms:
    """All aliases of one name by the rules in the module docstring. The base name alone,
    suffix defaults and core names are for companies only (``Federal Deposit Insurance
    Corporation`` gets ``... Corp`` but not ``Federal Deposit Insurance``); ``defaults``
    says whether a name without a suffix gets its country's (official names only);
    ``share_class`` is :func:`clean_name`'s.

    >>> forms = name_forms("Toyota Motor Corp", "JP")
    >>> forms.names, forms.core, "Toyota Motor Corp." in forms.suffixed
    (['Toyota Motor Corp', 'Toyota Motor'], ['Toyota'], True)
    """
    cleaned = clean_name(name, share_class)
    base, families = split_legal_suffix(cleaned)
    if not families and company and defaults:
        families = list(COUNTRY_FAMILIES.get(country or "", ()))
    names = _unique([cleaned, base] if company else [cleaned])
    suffixed = [v for v in _unique(suffix_variants(base, families)) if v not in names]
    core = [core_name(base)] if company else []
    return NameForms(names, suffixed, [c for c in core if c not in names])


def caps_variant(alias: str, english_words: frozenset[str] | set[str]) -> str | None:
    """The ALL-CAPS form of a name for newswire headlines, or None.

    Only names of 2+ tokens, or single tokens longer than 4 letters that are not
    English words, get one.

    >>> caps_variant("General Motors", set()), caps_variant("Toshiba", set())
    ('GENERAL MOTORS', 'TOSHIBA')
    >>> caps_variant("Sony", set()), caps_variant("Apple", {"apple"}), caps_variant("IBM", set())
    (None, None, None)
    """
    upper = alias.upper()
    if upper == alias:
        return None
    if len(alias.split()) >= 2:
        return upper
    letters = sum(ch.isalpha() for ch in alias)
    return upper if letters > 4 and alias.lower() not in english_words else None


def ascii_variant(alias: str) -> str | None:
    """The name without its accents, as English news often writes it, or None for a name
    that has none.

    >>> ascii_variant("L'Oréal"), ascii_variant("Société Générale"), ascii_variant("Sony")
    ("L'Oreal", 'Societe Generale', None)
    """
    if alias.isascii():
        return None
    folded = fold_accents(alias)
    return folded if folded != alias and folded.isascii() else None


COUNTRY_PREFIXES: dict[str, tuple[str, ...]] = {"US": ("U.S.", "US"), "GB": ("UK", "U.K.")}
"""How news writes a government body's country before its name (``U.S. Air Force``)."""

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {"US": ("United States",), "GB": ("United Kingdom",)}

PREFIXED_KINDS = frozenset({"agency", "ministry", "regulator", "military"})


def country_prefixed(names: list[str], country: str | None, kind: str) -> list[str]:
    """Government bodies' multi-word names with their country in front.

    >>> country_prefixed(["Justice Department", "DOJ"], "US", "agency")
    ['U.S. Justice Department', 'US Justice Department']
    >>> country_prefixed(["Federal Reserve"], "US", "central_bank")
    []
    >>> country_prefixed(["UK Met Office", "Met Office"], "GB", "agency")
    ['UK Met Office', 'U.K. Met Office']

    A name that already starts with its country (``UK Met Office``, ``United States
    Department of Defense``) gets no prefix.
    """
    if kind not in PREFIXED_KINDS:
        return []
    prefixes = COUNTRY_PREFIXES.get(country or "", ())
    written = (*prefixes, *COUNTRY_NAMES.get(country or "", ()))
    return [f"{p} {name}" for name in names if " " in name
            and not any(name.startswith(f"{q} ") for q in written) for p in prefixes]


def slugify(name: str) -> str:
    """A canonical id from a name: ``Procter & Gamble`` -> ``procter-and-gamble``.

    >>> slugify("Nestlé"), slugify("AT&T"), slugify("3M")
    ('nestle', 'at-and-t', '3m')
    """
    text = fold_accents(name).lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = item.strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)
