"""MONEY grammar: find monetary amounts in news text and normalize them.

Two compiled regular expressions do the work. ``MONEY_RE`` finds amounts that carry
their currency (``$1.13bn``, ``590 billion yen``, ``US$300 to 350 million``, ``56 cts``);
``BARE_RE`` finds scaled amounts without one (``18.5 mln``, ``360 billion``), kept only when
an amount with a currency stands in the same sentence (``from 18.5 mln to 309.3 mln dlrs``).
Each regex is assembled from small named functions below (``pattern_*`` for the amount
families); their docstrings show the strings they catch. The two are tried only where
``TRIGGER_RE`` matches (where an amount can start), and of those only where
`pattern_sketch`, a cheap outline of every amount, matches too: one scan of the text
(`amount_hint_regex`) finds those places (`trigger_starts`); `find_money_reference` does
the same the plain way, and tests compare the two. Currency codes and names come from
ISO 4217 (``pycountry``) at import time; only symbols, newswire abbreviations, withdrawn
currencies and a few defaults are typed here.

>>> text = "Sales rose to 309.3\\nmln dlrs from about 18.5 mln."
>>> [text[s:e] for s, e in find_money(text)]
['309.3\\nmln dlrs', '18.5 mln']
>>> normalize_money(text, *find_money(text)[1])
{'value': 18500000, 'currency': 'USD', 'qualifier': 'about', 'unit': None}

Nothing here depends on spaCy.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pycountry

from pipeline.grammar.numbers import (
    NUMBER_DIGITS,
    SCALES,
    TENS,
    UNITS,
    literal_alternation,
    non_word_then,
    parse_number,
)
from pipeline.grammar.regex_cache import compile_regex

Span = tuple[int, int]

# ---------------------------------------------------------------------------
# Typed tables: only what ISO 4217 / pycountry does not give us.
# ---------------------------------------------------------------------------

#: Currency symbols written before the amount (``US$5``, ``€12m``, ``HK$ 3bn``).
SYMBOLS: dict[str, str] = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "A$": "AUD", "AU$": "AUD", "HK$": "HKD",
    "NZ$": "NZD", "C$": "CAD", "CA$": "CAD", "CAN$": "CAD", "S$": "SGD", "NT$": "TWD",
    "R$": "BRL", "MX$": "MXN", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW",
    "₽": "RUB", "₺": "TRY", "₪": "ILS", "₱": "PHP", "฿": "THB", "Rs": "INR", "Rs.": "INR",
}

#: Lettered symbols that are a word of their own (``Rs 500``), not letters before ``$``.
WORD_SYMBOLS = sorted({s.rstrip(".") for s in SYMBOLS if s[0].isalpha() and "$" not in s})

#: Newswire abbreviations and slang for a currency (``dlrs``, ``stg``, ``bucks``).
ABBREVIATIONS: dict[str, str] = {
    "dlr": "dollar", "dlrs": "dollar", "buck": "dollar", "bucks": "dollar",
    "stg": "sterling", "quid": "pound", "rmb": "renminbi",
}

#: Minor units: surface -> (currency, parts per major unit). ``56 cts``, ``53p``.
MINOR_UNITS: dict[str, tuple[str, int]] = {
    "cent": ("USD", 100), "cents": ("USD", 100), "ct": ("USD", 100), "cts": ("USD", 100),
    "penny": ("GBP", 100), "pence": ("GBP", 100), "p": ("GBP", 100),
    "us cents": ("USD", 100), "u.s. cents": ("USD", 100), "euro cents": ("EUR", 100),
    "canadian cents": ("CAD", 100), "australian cents": ("AUD", 100),
    "paise": ("INR", 100),
}

#: Currencies withdrawn from ISO 4217 (so absent from pycountry) that old newswire uses.
HISTORIC: dict[str, str] = {
    "mark": "DEM", "deutschmark": "DEM", "deutsche mark": "DEM", "german mark": "DEM",
    "west german mark": "DEM", "french franc": "FRF", "belgian franc": "BEF",
    "luxembourg franc": "LUF", "italian lira": "ITL", "guilder": "NLG",
    "dutch guilder": "NLG", "peseta": "ESP", "spanish peseta": "ESP", "schilling": "ATS",
    "austrian schilling": "ATS", "portuguese escudo": "PTE", "drachma": "GRD",
    "greek drachma": "GRD", "punt": "IEP", "irish punt": "IEP", "irish pound": "IEP",
    "markka": "FIM", "finnish markka": "FIM", "ecu": "XEU",
    "danish crown": "DKK", "swedish crown": "SEK", "norwegian crown": "NOK",
    "czech crown": "CZK",
}

#: Other names newswire gives a current currency: qualifier + head -> code.
ALIASES: dict[str, str] = {
    "u.s. dollar": "USD", "american dollar": "USD", "aust dollar": "AUD",
    "can dollar": "CAD", "hk dollar": "HKD", "h.k. dollar": "HKD", "n.z. dollar": "NZD",
    "nz dollar": "NZD", "taiwan dollar": "TWD", "japanese yen": "JPY",
    "chinese yuan": "CNY", "yuan": "CNY", "renminbi": "CNY", "sterling": "GBP",
    "korean won": "KRW", "south korean won": "KRW", "south african rand": "ZAR",
    "shekel": "ILS", "bolivar": "VES", "rouble": "RUB",
    # Newswire's English name of the krona/krone; unqualified, it is Sweden's unless the
    # text is about another crown country (`local_crown`), as ``$`` is the US dollar.
    "crown": "SEK",
}

#: The currency a head word means when nothing qualifies it (``dollars`` -> USD).
DEFAULT_HEADS: dict[str, str] = {
    "dollar": "USD", "pound": "GBP", "franc": "FRF", "mark": "DEM", "krona": "SEK",
    "won": "KRW", "rupee": "INR", "lira": "TRY", "guilder": "NLG", "peso": "MXN",
    "riyal": "SAR", "escudo": "PTE",
}

#: Plurals that do not just add ``s`` (``kronor``, ``lire``, ``reais``).
IRREGULAR_PLURALS: dict[str, tuple[str, ...]] = {
    "krona": ("kronor",), "krone": ("kroner",), "lira": ("lire",), "real": ("reais",),
    "sheqel": ("shekels", "sheqalim"), "markka": ("markkaa",),
}

#: Head words that are also ordinary English words: only after a scale word
#: (``5 billion won``) or with their country (``Brazilian real``).
AMBIGUOUS_HEADS: frozenset[str] = frozenset({
    "won", "rand", "real", "sol", "som", "sum", "kip", "dong", "lek", "pula", "tala",
    "loti", "lari", "leu", "lev", "dram", "colon", "kina", "leone", "balboa", "cordoba",
    "gourde", "quetzal", "guarani", "boliviano", "afghani", "dobra", "naira", "crown",
    "punt", "ecu",
})

#: Single forms of clear currencies that are also common words: ``the 10,000 mark``.
AMBIGUOUS_FORMS: frozenset[str] = frozenset({"mark"})

#: Pycountry names whose head word is not the last word (``Yuan Renminbi``).
REVERSED_NAMES: dict[str, str] = {
    "Pound Sterling": "pound", "Yuan Renminbi": "yuan", "Rial Omani": "rial",
    "Peso Uruguayo": "peso", "Cordoba Oro": "cordoba", "Bolívar Soberano": "bolívar",
    "CFA Franc BEAC": "franc", "CFA Franc BCEAO": "franc",
}

#: ISO codes that are also words or well-known acronyms (``ALL``, ``AMD``, ``TOP``).
WORDLIKE_CODES: frozenset[str] = frozenset({
    "ALL", "AMD", "BAM", "BOB", "CUP", "CVE", "GEL", "MAD", "MOP", "NIO", "PEN", "SAR",
    "SOS", "TOP", "TRY",
})

#: Countries with their own dollar: a text about one of them (and not the US) means
#: that dollar by a bare ``$`` (an Australian paper's ``$124 billion`` is AUD).
DOLLAR_COUNTRIES: dict[str, str] = {
    "Australia": "AUD", "Canada": "CAD", "New Zealand": "NZD", "Singapore": "SGD",
    "Hong Kong": "HKD", "Taiwan": "TWD",
}

#: Countries with their own crown (krona, krone, koruna): a text about one of them means
#: that crown by an unqualified ``crowns`` (a Danish bank's ``36 billion crowns`` is DKK).
CROWN_COUNTRIES: dict[str, str] = {
    "Swed": "SEK", "Denmark": "DKK", "Danish": "DKK", "Norw": "NOK", "Czech": "CZK",
    "Iceland": "ISK", "Slovak": "SKK", "Eston": "EEK",
}

#: Approximators and bounds that stay outside the span but go into ``qualifier``.
QUALIFIERS: tuple[str, ...] = (
    "about", "around", "approximately", "roughly", "some", "nearly", "almost", "up to",
    "more than", "less than", "fewer than", "over", "under", "at least", "at most",
    "as much as", "as little as", "as many as", "in excess of", "upwards of", "below",
    "above", "close to", "an estimated", "estimated", "just over", "just under",
    "well over", "well under", "just below", "just above", "nearly", "approx.", "circa",
    "between", "sub-", "exceeding", "no more than", "no less than", "not more than",
)

#: English month names (not ``calendar.month_name``: that follows the locale).
MONTHS: list[str] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]

#: Nouns a per-unit price is quoted for (``$35 a share``, ``CA$19 per hour``).
PRICE_UNITS: frozenset[str] = frozenset({
    "share", "unit", "hour", "day", "week", "month", "quarter", "year", "annum", "barrel",
    "ton", "tonne", "ounce", "pound", "kilo", "kg", "litre", "liter", "gallon", "head",
    "person", "child", "user", "employee", "leg", "seat", "ticket", "copy", "night",
    "minute", "piece", "item", "kwh", "mwh", "megawatt", "subscriber", "customer", "lb",
    "bushel", "cwt",
})

# ---------------------------------------------------------------------------
# Currency vocabulary built from ISO 4217 at import time.
# ---------------------------------------------------------------------------


def _is_fund_or_metal(code: str, name: str) -> bool:
    """ISO 4217 entries that are not money people write about (``XAU`` gold, ``CLF``)."""
    if code.startswith("X") and not re.search(r"Franc|Dollar|Guilder", name):
        return True
    return bool(re.search(r"Unidad|Unit\b|Next day|WIR|Mvdol|Indexad|Zimbabwe Gold", name))


def iso_currencies() -> dict[str, str]:
    """ISO 4217 code -> name for current currencies: ``{"USD": "US Dollar", ...}``."""
    return {
        c.alpha_3: c.name for c in pycountry.currencies if not _is_fund_or_metal(c.alpha_3, c.name)
    }


def _head_and_qualifier(name: str) -> tuple[str, str]:
    """Split an ISO name into head word and qualifier: ``Swiss Franc`` -> (franc, swiss),
    ``Yuan Renminbi`` -> (yuan, "")."""
    if name in REVERSED_NAMES:
        return REVERSED_NAMES[name], ""
    *qualifier, head = name.lower().split()
    return head, " ".join(qualifier)


def head_forms(head: str) -> list[str]:
    """Surface forms of a head word: ``dollar`` -> dollar, dollars, dlr, dlrs, buck, bucks."""
    forms = [head, head + "s", *IRREGULAR_PLURALS.get(head, ())]
    forms += [abbr for abbr, full in ABBREVIATIONS.items() if full == head]
    return forms


def currency_names() -> dict[str, str]:
    """Every written currency name -> ISO code, qualified or not.

    ``{"swiss francs": "CHF", "francs": "FRF", "u.s. dlrs": "USD", "yen": "JPY", ...}``
    """
    by_head: dict[str, set[str]] = {}
    qualified: dict[str, str] = {}
    for code, name in iso_currencies().items():
        head, qual = _head_and_qualifier(name)
        by_head.setdefault(head, set()).add(code)
        if qual:
            qualified[f"{qual} {head}"] = code
    qualified.update(HISTORIC)
    qualified.update(ALIASES)
    names: dict[str, str] = {}
    for head, codes in by_head.items():
        code = DEFAULT_HEADS.get(head) or (next(iter(codes)) if len(codes) == 1 else None)
        if code:
            for form in head_forms(head):
                names[form] = code
    for phrase, code in qualified.items():
        *qual, head = phrase.split()
        for form in head_forms(head):
            names[" ".join([*qual, form])] = code
    for form, full in ABBREVIATIONS.items():
        names.setdefault(form, names.get(full) or DEFAULT_HEADS.get(full, ""))
    return {k: v for k, v in names.items() if v}


CURRENCY_NAMES: dict[str, str] = currency_names()
ISO_CODES: frozenset[str] = frozenset(iso_currencies()) - WORDLIKE_CODES


def _is_ambiguous(name: str) -> bool:
    """True for an unqualified name that is also an English word (``won``, ``rand``,
    ``mark`` as in ``the 5,000 mark``)."""
    return name in AMBIGUOUS_FORMS or any(name in head_forms(h) for h in AMBIGUOUS_HEADS)


# ---------------------------------------------------------------------------
# Regex building blocks.
# ---------------------------------------------------------------------------


def number_words() -> str:
    """A number in words: ``five``, ``twenty-five``, ``twenty five``, ``two hundred``,
    ``three hundred and twenty``, ``two and a half``."""
    units = literal_alternation(UNITS)
    small = rf"(?:{literal_alternation(TENS)}(?:[\s-]+{units})?|{units})"
    return (
        rf"\b{small}(?:[\s-]+hundred(?:[\s-]+(?:and\s+)?{small})?)?"
        r"(?:\s+and\s+a\s+(?:half|quarter))?\b"
    )


def digits() -> str:
    """A number in digits: ``1,234.5``, ``.5``, ``37 1/2``, ``2-1/4``, ``3/8``."""
    fraction = r"\d{1,2}/(?:[2-9]|[1-9]\d{1,2})(?![\d/])"
    return rf"(?:{NUMBER_DIGITS}(?:[ -]{fraction})?|{fraction})(?!\d)"


def number() -> str:
    """A number in digits or words: ``1,234.5``, ``37 1/2``, ``five``, ``twenty-five``."""
    return rf"(?:{digits()}|{number_words()})"


#: Before a standalone number: not inside ``1.5``, ``1987/88``, ``GSM-103``, ``$5``.
NOT_INSIDE = r"(?<![\w.,$€£¥/])(?<![^\W\d_]-)"


def standalone_number() -> str:
    """A number that does not continue another token: ``5`` but not the ``5`` of ``1.5``,
    ``1987/88`` or ``GSM-103``."""
    return rf"{NOT_INSIDE}{number()}"


def not_a_day() -> str:
    """Not right after a month name: the ``6`` of ``rose on March 6 to 3.9 billion dlrs``."""
    abbreviations = [m[:3] for m in MONTHS] + ["Sept"]
    after = [rf"{m}\s" for m in MONTHS + abbreviations] + [rf"{m}\.\s" for m in abbreviations]
    return "".join(f"(?<!{a})" for a in after)


def range_start() -> str:
    """The low end of a range, not a year or a day: ``200`` in ``200 to 300 billion yen``."""
    return rf"{not_a_day()}(?!(?:1[89]|20)\d\d\b){standalone_number()}"


def scale_words() -> list[str]:
    """Scale words and abbreviations with plurals: ``million``, ``mlns``, ``bn``, ``thousands``."""
    words = [w for w in SCALES if len(w) > 1 and w != "hundred"]
    plurals = [w + "s" for w in ("thousand", "bln", "bn") if w + "s" not in SCALES]
    return words + plurals


def scale() -> str:
    """A scale after a number: `` billion``, ``bn``, ``-million``, ``\\nmln``, ``m``, ``K``.

    Single letters (``m``, ``k``, ``b``) only attached: ``$600m`` but not ``100 m``.
    """
    letters = "".join(w for w in SCALES if len(w) == 1)
    return rf"(?:[\s-]*{literal_alternation(scale_words())}\b|[{letters}](?![a-z\d]))"


def connector(with_and: bool = False) -> str:
    """What joins the ends of a range: `` to ``, `` or ``, ``-``, ``–`` (and `` and ``)."""
    words = "to|or|and" if with_and else "to|or"
    return rf"(?:\s*[-–]\s*|\s+(?:{words})\s+)"


@functools.cache
def prefix_currency() -> str:
    """A currency before the amount: ``$``, ``US$``, ``HK$``, ``€``, ``£``, ``USD``, ``GBP``."""
    lettered = [s.lower() for s in SYMBOLS if s[0].isalpha() and "$" in s]
    words = [s.lower() for s in SYMBOLS if s[0].isalpha() and "$" not in s]  # ``Rs``
    plain = [s for s in SYMBOLS if not s[0].isalpha()]
    codes = literal_alternation(sorted(ISO_CODES))
    return (
        rf"(?:(?<![^\W\d_]){literal_alternation(lettered)}|\b{literal_alternation(words)}"
        rf"|{literal_alternation(plain)}|\b(?-i:{codes})(?=\s?\d))\s?"
    )


@functools.cache
def suffix_currency(after_scale: bool = False) -> str:
    """A currency after the amount, with whitespace before it.

    Catches `` yen``, `` euros``, `` dlrs``, `` Swiss francs``, `` U.S. dollars``,
    `` kronor``, `` cts``, `` pence``, `` USD``; after a scale word also ambiguous names
    (`` won``, `` rand``).
    """
    names = [n for n in CURRENCY_NAMES if after_scale or not _is_ambiguous(n)]
    names += [m for m in MINOR_UNITS if len(m) > 1]
    codes = literal_alternation(sorted(ISO_CODES))
    return rf"\s+(?:{literal_alternation(names)}|(?-i:{codes}))\b"


def pence_attached() -> str:
    """Pence written ``53p``, ``4-1/2p`` (not ``720p`` video, not ``3p.m.``)."""
    resolutions = "240|360|480|576|720|1080|1440|2160|4320"
    return rf"{NOT_INSIDE}(?!(?:{resolutions})p){digits()}p(?![\w]|\.\w)"


def not_continued() -> str:
    """Guard after a range: no percent, scale or currency follows (``$5 to 10 percent``)."""
    return (
        rf"(?!\s*(?:%|pct\b|percent\b|per\s+cent\b)|{scale()}|{suffix_currency(True)}"
        r"|\s*[$€£¥])"
    )


# ---------------------------------------------------------------------------
# The amount families, tried in this order at each position.
# ---------------------------------------------------------------------------


def pattern_vague_amount() -> str:
    """Amounts without a figure: ``several billion yen``, ``hundreds of mlns of dlrs``,
    ``billions of dollars``, ``a few million euros``, ``tens of billions of dollars``."""
    quant = r"(?:several|a\s+few|a\s+couple\s+of|many|tens\s+of|hundreds\s+of|dozens\s+of)"
    plural = literal_alternation([w for w in scale_words() if w.endswith("s")])
    return (
        rf"\b(?:{quant}\s+(?:hundred\s+)?{literal_alternation(scale_words())}(?:\s+of)?"
        rf"|{plural}\s+of){suffix_currency(True)}"
    )


def pattern_compound_amount() -> str:
    """Amounts as adjectives: ``billion-dollar``, ``multibillion-dollar``, ``million-pound``,
    ``4.5-billion-dlr``."""
    heads = ["dollar", "euro", "pound", "yen", "yuan", "franc", "mark", "dlr"]
    return (
        rf"(?:{standalone_number()}-\s?)?"
        r"\b(?:multi-?)?(?:hundred|thousand|million|billion|trillion)-"
        rf"{literal_alternation(heads)}\b"
    )


def pattern_article_amount() -> str:
    """``a`` as the figure: ``a buck``, ``a billion dollars``, ``a million euros``."""
    return (
        rf"\ban?\s+(?:buck|quid)\b"
        rf"|\ban?\s+{literal_alternation(['thousand', 'million', 'billion', 'trillion'])}"
        rf"{suffix_currency(True)}"
    )


def pattern_between_range() -> str:
    """A range after ``between``: ``one and two billion marks``, ``$5 and 6 million``."""
    return (
        rf"(?<=between\s)(?:{prefix_currency()}{number()}{connector(True)}{number()}"
        rf"(?:{scale()})?{not_continued()}"
        rf"|{range_start()}{connector(True)}{number()}"
        rf"(?:{scale()}{suffix_currency(True)}|{suffix_currency()}))"
    )


def pattern_prefixed_range() -> str:
    """A range with the currency written once before it:
    ``US$300 to 350 million``, ``$5-6 billion``, ``US$3,000 to 5,000``."""
    return (
        rf"{prefix_currency()}{number()}{connector()}{number()}(?:{scale()})?"
        rf"{not_continued()}"
    )


def pattern_prefixed_amount() -> str:
    """A currency then a number: ``$1.13bn``, ``£600m``, ``US$ 500,000``, ``€83.6 billion``,
    ``USD 5 million``, ``CA$19``, ``¥1 trillion``."""
    return rf"{prefix_currency()}{number()}(?:{scale()})?"


def pattern_suffixed_range() -> str:
    """A range with the currency written once after it:
    ``200 to 300 billion yen``, ``51 or 52 billion marks``, ``25 to 50 cts``."""
    return (
        rf"{range_start()}{connector()}{number()}"
        rf"(?:{scale()}{suffix_currency(True)}|{suffix_currency()})"
    )


def pattern_suffixed_amount() -> str:
    """A number then a currency: ``590 billion yen``, ``4.5 mln dlrs``, ``2bn euro``,
    ``30 million USD``, ``fifteen cents``, ``20.7 kronor``, ``5 billion won``, ``53p``."""
    return (
        rf"{standalone_number()}(?:{scale()}{suffix_currency(True)}|{suffix_currency()})"
        rf"|{pence_attached()}"
    )


def pattern_bare_scaled(ranges: bool = True) -> str:
    """A scaled amount whose currency is elsewhere in the phrase:
    ``18.5 mln`` (to ...), ``360 billion`` (a year earlier), ``51 or 52 billion``.

    Only kept by `find_money` when the same sentence holds an amount with a currency;
    the next word must not be a counted noun (``5 mln shares`` is not money).
    """
    follow = (
        r"in|a|an|from|to|for|and|or|at|on|by|last|this|during|compared|against|versus"
        r"|vs|earlier|ago|before|after|when|while|previously|with|he|she|it|they|we"
    )
    return (
        rf"(?:{range_start()}{connector()})?" * ranges
        + rf"{standalone_number()}{scale()}(?=\s*(?:[.,;:)!?]|$)|\s+(?:{follow})\b)"
    )


def money_regex(ranges: bool = True) -> re.Pattern[str]:
    """All amount families that carry a currency, as one compiled regex (tried in this
    order at each position); ``ranges=False`` leaves out the range families."""
    families = [
        pattern_vague_amount(), pattern_compound_amount(), pattern_article_amount(),
        *([pattern_between_range(), pattern_prefixed_range()] if ranges else []),
        pattern_prefixed_amount(),
        *([pattern_suffixed_range()] if ranges else []),
        pattern_suffixed_amount(),
    ]
    return compile_regex("|".join(f"(?:{f})" for f in families), re.IGNORECASE)


def _amount_tail() -> str:
    """What follows the figure of every amount that starts with one: a scale, a currency, a
    range connector, a hyphen (``4.5-billion-dlr``) or ``p`` (``53p``)."""
    return rf"(?:{scale()}|{suffix_currency(True)}|{connector(True)}|-|p)"


def pattern_sketch() -> str:
    """A loose outline of every amount the families above (and `pattern_bare_scaled`) catch,
    cheap to try: a number (or ``a``) and `_amount_tail`; a currency before; ``several``,
    ``billions of``, ``multibillion-``. Where it does not match, no amount starts."""
    quant = r"(?:several|a\s+few|a\s+couple|many|tens|hundreds|dozens)\b"
    plural = literal_alternation([w for w in scale_words() if w.endswith("s")])
    scales = literal_alternation(["hundred", "thousand", "million", "billion", "trillion"])
    return (
        rf"(?:{number()}|an?){_amount_tail()}"
        rf"|{prefix_currency()}|{quant}|{plural}\s|(?:multi-?)?{scales}-"
    )


def pattern_figure_sketch() -> str:
    """`pattern_sketch` where it starts with a digit, cheaper: any run of digits, commas,
    points and slashes (the figure of `number` ends where that run ends, or after a
    fraction: ``37 1/2``), then `_amount_tail`."""
    return rf"\.?\d(?>[\d,./]*)(?:[ -]\d{{1,2}}/\d+)?{_amount_tail()}"


def _cased(words: Iterable[str]) -> list[str]:
    """Each word as written in running text, titles and all-caps headlines."""
    return sorted({form for w in words for form in (w.lower(), w.capitalize(), w.upper())})


def trigger_regex() -> re.Pattern[str]:
    """Where an amount can start: a symbol, a standalone digit, or a word that opens one
    of the families (``five``, ``several``, ``a``, ``billions``, ``multi``, ``US$``, ``USD``).

    Scanning for these first and trying ``MONEY_RE`` only there is several times faster
    than ``MONEY_RE.finditer`` and finds the same matches. It is case-sensitive (listing
    the cased forms) because ``re.IGNORECASE`` slows a scan down by half.
    """
    plain = "".join(re.escape(s) for s in SYMBOLS if not s[0].isalpha())
    words = [*UNITS, *TENS, *scale_words(), "hundred", "several", "a", "an", "many",
             "tens", "hundreds", "dozens"]
    lettered = _cased(s for s in SYMBOLS if s[0].isalpha() and "$" in s)
    return compile_regex(
        rf"[{plain}]|(?<![\w.,$€£¥/])\.?\d|\b{literal_alternation(_cased(words))}\b"
        rf"|\b{literal_alternation(_cased(['multi']))}"
        rf"|(?<![^\W\d_]){literal_alternation(lettered)}"
        rf"|\b{literal_alternation(_cased(WORD_SYMBOLS))}"
        rf"|\b{literal_alternation(sorted(ISO_CODES))}\b"
    )


MONEY_RE = money_regex()
BARE_RE = compile_regex(pattern_bare_scaled(), re.IGNORECASE)


@functools.cache
def single_regex(kind: str) -> re.Pattern[str]:
    """``MONEY_RE`` (kind ``money``) or ``BARE_RE`` (``bare``) without ranges, for a match
    whose "range" runs downwards (``16 cts`` in ``a carryforward of 1,694,000 or 16 cts``).
    Few texts need them: they are compiled on first use, not when the pipeline loads."""
    if kind == "money":
        return money_regex(ranges=False)
    return compile_regex(pattern_bare_scaled(ranges=False), re.IGNORECASE)
_RANGE_HINT_RE = compile_regex(r"\s(?:to|or|and)\s|\d\s*[-–]\s*\d", re.IGNORECASE)
TRIGGER_RE = trigger_regex()


def _article_guard() -> str:
    """What `pattern_sketch` needs where it matches at an ``a`` or ``A``: ``a`` or ``an``
    and the first character of `_amount_tail` (a space, a hyphen or dash, a scale or ``p``:
    ``a million``, ``a few``), a lettered symbol (``A$``) or an ISO code (``AUD``). None of
    the sketch's other openings (number words, quantities, plural scales, ``multi``) starts
    with an ``a``, so this rules out ``and``, ``about`` or ``after`` with no change to what
    the sketch finds, at a fraction of its cost."""
    others = [*UNITS, *TENS, *scale_words(), "several", "many", "tens", "hundreds", "dozens",
              "multi", "hundred", "thousand", "million", "billion", "trillion"]
    if any(w.lower().startswith("a") for w in others):  # the guard would lose amounts
        raise ValueError("a word of the sketch starts with 'a': update _article_guard")
    tail = {w[0] for w in scale_words()} | {w for w in SCALES if len(w) == 1} | {"p"}
    lettered = [s.lower() for s in SYMBOLS if s[:1].lower() == "a"]
    codes = sorted(c for c in ISO_CODES if c.startswith("A"))
    return (
        rf"(?![aA])|an?[\s\-–{''.join(sorted(tail))}]|{literal_alternation(lettered)}"
        rf"|(?-i:{literal_alternation(codes)})"
    )


def amount_hint_regex(cased: bool = True, *, plain: bool = False) -> re.Pattern[str]:
    """Where an amount can start, in ``" " + text``: after a non-word character, a figure
    where `pattern_figure_sketch` matches (not after ``.``, ``,``, ``/`` or a symbol, which
    `NOT_INSIDE` and `TRIGGER_RE` rule out: the ``234`` of ``1,234``), or a word that can
    open `pattern_sketch` (``five``, ``a``, ``several``, ``USD``...) where the sketch
    matches; the word ``cased`` as `TRIGGER_RE` lists it (lower, title or upper case), else
    in any case. A match ends where its amount would start in the text. Scanning for the
    non-word character first is fast; symbols are found apart (`trigger_starts`,
    `money_matches`). `_article_guard` spares the sketch most words that start with ``a``.

    The cased regex is `_cased_hint_regex`, the same matches found faster; ``plain=True``
    gives it as written here (a test compares the two)."""
    words = [*UNITS, *TENS, *scale_words(), "hundred", "several", "a", "an", "many", "tens",
             "hundreds", "dozens", "multi", *WORD_SYMBOLS]
    if cased:
        first_words = sorted({*_cased(words), *ISO_CODES})
        if not plain:
            return _cased_hint_regex(first_words)
        first = f"(?-i:{literal_alternation(first_words)})"
    else:
        first = literal_alternation(sorted({w.lower() for w in [*words, *ISO_CODES]}))
    return compile_regex(
        rf"\W(?:(?<![.,$€£¥/])(?={pattern_figure_sketch()})"
        rf"|(?={first})(?={_article_guard()})(?={pattern_sketch()}))",
        re.IGNORECASE,
    )


def _cased_hint_regex(first_words: list[str]) -> re.Pattern[str]:
    """`amount_hint_regex` for ``first_words`` as written, the same matches found faster: a
    case-sensitive scan for a non-word character before a figure or the first letter of a
    word (`non_word_then`), the lower-case and the capitalized words tried apart (half as
    many at each place), and only then the sketches in any case."""
    lower = literal_alternation([w for w in first_words if w[0].islower()])
    upper = literal_alternation([w for w in first_words if not w[0].islower()])
    first = "[.\\d" + "".join(sorted({w[0] for w in first_words})) + "]"
    return compile_regex(
        rf"{non_word_then(first)}(?:(?=[.\d])(?<![.,$€£¥/])(?=(?i:{pattern_figure_sketch()}))"
        rf"|(?=(?=[a-z]){lower}|(?![a-z]){upper})"
        rf"(?=(?i:{_article_guard()}))(?=(?i:{pattern_sketch()})))"
    )


_AMOUNT_HINT_RE = amount_hint_regex()
_ANY_CASE_AMOUNT_HINT_RE = amount_hint_regex(cased=False)
_SYMBOL_RE = compile_regex("[" + "".join(re.escape(s) for s in SYMBOLS if not s[0].isalpha()) + "]")
if [s for s in SYMBOLS if not s[0].isalpha() and s.isascii()] != ["$"]:
    raise ValueError("an ASCII symbol besides $: update _add_symbol_places")
#: The longest lettered symbol before its ``$`` (``U.S.$``).
_LETTERED_REACH = max(len(s) for s in SYMBOLS if s[0].isalpha()) - 1
#: A sentence or paragraph boundary between two amounts.
SENTENCE_BREAK_RE = compile_regex(r"[.!?][\"')\]]*\s+(?=[A-Z\"(])|\n\s*\n|\n[ \t]{2,}")
#: A row of an earnings table written without indents (``Avg shrs 16.2 mln vs 15.8 mln``),
#: matched at a line's start: each row is a sentence of its own.
TABLE_ROW_RE = compile_regex(
    r"(?:Shr|Net|Revs|Sales|Avg shrs|Oper|Qtly div|Div|Loss|Profit|Year|Qtr|Nine mths"
    r"|Six mths|Mthly div)\b[^\n]* vs ")
#: How far (characters) an amount may be from the one whose currency it borrows.
ANCHOR_WINDOW = 250

# ---------------------------------------------------------------------------
# find_money
# ---------------------------------------------------------------------------


def _pound_money_cue() -> re.Pattern[str]:
    """What shows a text counts money in pounds: ``£``, ``stg``, ``sterling``, ``pence``,
    ``Egyptian pounds``."""
    qualified = [n for n in CURRENCY_NAMES if " " in n and re.search(r"\bpounds?$", n)]
    return compile_regex(
        rf"£|\b(?:sterling|stg|pence|{literal_alternation(qualified)})\b", re.IGNORECASE
    )


_POUND_CUE_RE = _pound_money_cue()
_WEIGHED_AFTER_RE = compile_regex(r"\s+(?:of|each|per)\b")
_BARE_POUNDS_RE = compile_regex(r"(?:\d|[a-z]{3,})\s+pounds?$", re.IGNORECASE)


@lru_cache(maxsize=16)
def _counts_pounds(text: str) -> bool:
    """True when ``text`` shows it counts money in pounds (see `_pound_money_cue`)."""
    return bool(_POUND_CUE_RE.search(text))


def _is_weight(text: str, start: int, end: int) -> bool:
    """Unqualified ``pounds`` that weigh: ``5 pounds of flour``, ``weighs 3 pounds``,
    ``375 pounds each``, or any in a text that never counts money in pounds."""
    span = text[start:end]
    if not _BARE_POUNDS_RE.search(span) or span[:-6].lower().endswith(("irish", "egyptian")):
        return False
    if CURRENCY_NAMES.get(" ".join(span.lower().split()[-2:])):
        return False  # qualified: ``Egyptian pounds``
    return (
        bool(_WEIGHED_AFTER_RE.match(text, end))
        or "weigh" in text[max(0, start - 15):start].lower()
        or not _counts_pounds(text)
    )


#: An unqualified singular ``mark`` (``the one million mark``) is a milestone, not an
#: amount, where its noun phrase ends: at the end of a sentence, a headline or the text,
#: or, after ``the``, before a preposition, a conjunction or a time word (``passed the
#: one million mark last year``). An amount in marks goes on with a noun or a figure,
#: across a line wrap too (``a 300 mln mark 6-1/8 pct issue``, ``a 200 mln mark\nsurplus``).
_PHRASE_END_RE = compile_regex(r"[ \t]*(?:$|\n[ \t]*\n|[.,;:!?)\"'’”—–](?!\d))")
_AFTER_THE_END_RE = compile_regex(
    r"\s*(?:in|on|at|by|for|of|to|from|and|but|or|with|last|this|next|earlier|later|"
    r"before|after|since|during|within|until|again|already|yet|as|when|while|so|than)\b",
    re.IGNORECASE,
)
_THE_BEFORE_RE = compile_regex(r"\bthe\s+(?:[a-z]+\s+)?$", re.IGNORECASE)


def _is_milestone(text: str, start: int, end: int) -> bool:
    """``the one million mark`` (a milestone): an unqualified singular ``mark`` where
    its noun phrase ends (``passed the one million mark last year``)."""
    if text[end - 4:end].lower() != "mark":
        return False  # most amounts: no split
    words = text[start:end].lower().split()
    if len(words) < 2 or words[-1] != "mark" or words[-2] in {"deutsche", "german", "finnish"}:
        return False
    if _PHRASE_END_RE.match(text, end):
        return True
    return bool(_AFTER_THE_END_RE.match(text, end) and _THE_BEFORE_RE.search(
        text, max(0, start - 30), start))


def _same_sentence(text: str, a: int, b: int) -> bool:
    """True when no sentence break lies in ``text[a:b]``."""
    if not (a <= b and b - a <= ANCHOR_WINDOW) or SENTENCE_BREAK_RE.search(text, a, b):
        return False
    at = text.find("\n", a, b)
    while at >= 0:
        if TABLE_ROW_RE.match(text, at + 1):
            return False
        at = text.find("\n", at + 1, b)
    return True


def _has_anchor(text: str, span: Span, anchors: list[Span]) -> bool:
    """True when an amount with a currency stands in the same sentence as ``span``."""
    i = bisect.bisect_left(anchors, span)
    before = anchors[i - 1] if i > 0 else None
    after = anchors[i] if i < len(anchors) else None
    return bool(
        (before and _same_sentence(text, before[1], span[0]))
        or (after and _same_sentence(text, span[1], after[0]))
    )


def is_downward_range(span: str) -> bool:
    """True for a "range" whose low end exceeds its high end: ``6 to 3.9 billion dlrs``."""
    if not _RANGE_HINT_RE.search(span):
        return False
    parsed = parse_amount(span)
    low, high = parsed["value"], parsed.get("value_max")
    return low is not None and high is not None and low > high


def scan(
    pattern: re.Pattern[str], fallback: str, text: str, starts: list[int]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying the pattern only at the given start offsets
    (those of ``TRIGGER_RE``), and ``single_regex(fallback)`` where it matches a downward
    range."""
    pos = 0
    for start in starts:
        if start >= pos:
            m = pattern.match(text, start)
            if m and is_downward_range(m.group(0)):
                m = single_regex(fallback).match(text, start)
            if m:
                pos = m.end()
                yield m


def _currency_amounts(text: str, starts: list[int]) -> Iterator[Span]:
    """Spans of ``MONEY_RE`` matches that are money (not weights)."""
    for m in scan(MONEY_RE, "money", text, starts):
        if not _is_weight(text, m.start(), m.end()) and not _is_milestone(
                text, m.start(), m.end()) and not _is_acronym(text, m.start(), m.end()):
            yield m.start(), m.end()


#: A currency word written as an acronym (``DRAM``, ``DRAMs``): a technology, not money.
_ACRONYM_END_RE = compile_regex(r"(?<![A-Za-z])[A-Z]{3,}s?$")


def _is_acronym(text: str, start: int, end: int) -> bool:
    """``256K DRAMs`` (memory chips, not Armenian drams): the amount ends in an ambiguous
    currency word written in capitals on a line that has lower-case letters."""
    m = _ACRONYM_END_RE.search(text, start, end)
    word = m.group(0).lower() if m else ""
    if word.startswith("ecu") or not (word in AMBIGUOUS_HEADS or word[:-1] in AMBIGUOUS_HEADS):
        return False  # ``ECU`` is how the European Currency Unit is written
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return _has_lower(text[line_start:line_end if line_end >= 0 else len(text)])


def _has_lower(line: str) -> bool:
    """``line`` has a lower-case letter (it is not an ALL-CAPS headline)."""
    return line != line.upper()


def trigger_starts(text: str) -> list[int]:
    """Where `TRIGGER_RE` matches in ``text`` (as ``finditer`` finds them) and an amount
    can start, found faster: `TRIGGER_RE` is tried only where `amount_hint_regex` or a
    currency symbol says an amount can start (the letters of a lettered symbol such as
    ``US$`` stand just before its ``$``).

    >>> trigger_starts("Paid US$5 or three yen, a lot.")
    [5, 13]

    Leaving out the other places changes nothing: no amount starts there, and a trigger
    there (a digit, a word, a code) covers no other place where one can start.
    """
    places = {m.end() - 1 for m in _AMOUNT_HINT_RE.finditer(" " + text)}
    _add_symbol_places(places, text, 0)
    return [m.start() for m in _first_matches(TRIGGER_RE, text, places, 0)]


def _add_symbol_places(places: set[int], text: str, lo: int) -> None:
    """Add to ``places`` every currency symbol of ``text`` from ``lo`` on and, before a
    ``$``, the places where the letters of a lettered symbol (``US$``) can start. In an
    ASCII text the only symbol is ``$``, found with ``str.find`` (faster than a scan)."""
    if text.isascii():
        at = text.find("$", lo)
        while at >= 0:
            places.add(at)
            places.update(range(max(lo, at - _LETTERED_REACH), at))
            at = text.find("$", at + 1)
        return
    for m in _SYMBOL_RE.finditer(text, lo):
        at = m.start()
        places.add(at)
        if text[at] == "$":
            places.update(range(max(lo, at - _LETTERED_REACH), at))


def _first_matches(regex: re.Pattern[str], text: str, places: set[int], pos: int
                   ) -> list[re.Match[str]]:
    """``regex`` matched at ``places`` in order, none starting inside the previous match
    (as ``finditer`` would find them, when no match can start elsewhere)."""
    found: list[re.Match[str]] = []
    for at in sorted(places):
        if at >= pos:
            m = regex.match(text, at)
            if m:
                found.append(m)
                pos = m.end()
    return found


def find_money(text: str) -> list[Span]:
    """Character spans of MONEY in ``text``, sorted and non-overlapping.

    >>> text = "It paid $2.9 billion, up to 590 billion yen, or $35 a share."
    >>> [text[s:e] for s, e in find_money(text)]
    ['$2.9 billion', '590 billion yen', '$35']
    """
    return amounts_at(text, trigger_starts(text))


def find_money_reference(text: str) -> list[Span]:
    """`find_money` the plain way: the amounts are tried at every `TRIGGER_RE` match.

    >>> find_money_reference("It paid $2.9 billion.")
    [(8, 20)]
    """
    return amounts_at(text, [m.start() for m in TRIGGER_RE.finditer(text)])


#: The characters a `BARE_RE` match can start with in an ASCII text: its number's first
#: (a digit, a point or the first letter of a number word, in any case).
_BARE_FIRST = frozenset("0123456789." + "".join(
    w[0] + w[0].upper() for w in [*UNITS, *TENS]))


def amounts_at(text: str, starts: list[int]) -> list[Span]:
    """The MONEY spans that start at ``starts``: amounts with a currency, and scaled
    amounts without one in the same sentence as one with a currency."""
    anchors = list(_currency_amounts(text, starts))
    spans = list(anchors)
    if not anchors:  # an amount without currency needs one with a currency nearby
        return spans
    if text.isascii():  # a bare amount starts with its number: skip the other starts
        starts = [at for at in starts if text[at] in _BARE_FIRST]
    for m in scan(BARE_RE, "bare", text, starts):
        span = (m.start(), m.end())
        i = bisect.bisect_left(anchors, span)
        overlaps = (i > 0 and anchors[i - 1][1] > span[0]) or (
            i < len(anchors) and anchors[i][0] < span[1]
        )
        if not overlaps and _has_anchor(text, span, anchors) and not _share_row(text, span[0]):
            spans.append(span)
    return sorted(spans)


#: Labels of an earnings table's share-count row: its figures are no amounts of money.
_SHARE_ROW_LABELS = ("avg shrs", "shrs", "avg shares")


def _share_row(text: str, start: int) -> bool:
    """``start`` lies on a table row of share counts: ``Avg shrs 16.2 mln vs 15.8 mln``."""
    line = text[text.rfind("\n", 0, start) + 1 : start].lstrip().lower()
    return line.startswith(_SHARE_ROW_LABELS)


# ---------------------------------------------------------------------------
# normalize_money
# ---------------------------------------------------------------------------

_PREFIX_RE = compile_regex(rf"^{prefix_currency()}", re.IGNORECASE)
_SUFFIX_RE = compile_regex(rf"(?:{suffix_currency(True)}|(?<=\d)p)$", re.IGNORECASE)
_SCALE_LIT = rf"(?:{scale()})"
_CORE_RE = compile_regex(
    rf"^(?:(?P<lo>{number()}|an?)(?P<lo_scale>{_SCALE_LIT})?{connector(True)})??"
    rf"(?P<hi>{number()}|an?)(?P<hi_scale>{_SCALE_LIT})?$",
    re.IGNORECASE,
)
_VAGUE_RE = compile_regex(pattern_vague_amount(), re.IGNORECASE)
_COMPOUND_RE = compile_regex(
    r"^(?:(?P<num>.+?)-\s?)?(?P<multi>multi-?)?(?P<scale>[a-z]+)-(?P<head>[a-z]+)$", re.IGNORECASE
)
_FRACTION_RE = compile_regex(r"^(?:(.*?)[ -])?(\d+)/(\d+)$")
_QUALIFIER_RE = compile_regex(
    r"(?:^|(?<=[\s(]))(" + "|".join(
        re.escape(q).replace(r"\ ", r"\s+")
        for q in sorted(set(QUALIFIERS), key=lambda q: (-len(q), q))
    ) + r")\s*$",
    re.IGNORECASE,
)
_UNIT_RE = compile_regex(r"\s+(a|an|per|each)\s+([a-z]+)\b", re.IGNORECASE)
_CONNECTED_RE = compile_regex(r"\s*(?:to|or|and|[-–])\s*", re.IGNORECASE)


#: `SYMBOLS` by their upper case (the first symbol wins).
_SYMBOLS_UPPER: dict[str, str] = {s.upper(): c for s, c in reversed(SYMBOLS.items())}


@lru_cache(maxsize=1024)
def currency_code(written: str) -> tuple[str | None, int]:
    """ISO code and minor-unit divisor of a written currency.

    >>> currency_code("HK$"), currency_code("Swiss francs"), currency_code("cts")
    (('HKD', 1), ('CHF', 1), ('USD', 100))
    """
    w = written.strip()
    if w.upper() in ISO_CODES and w.isupper():
        return w.upper(), 1
    if w.upper() in _SYMBOLS_UPPER:
        return _SYMBOLS_UPPER[w.upper()], 1
    low = " ".join(w.lower().split())
    if low in MINOR_UNITS:
        return MINOR_UNITS[low]
    return CURRENCY_NAMES.get(low), 1


def _decimal(num: str) -> Decimal | None:
    """The value of a written number as a Decimal: ``1,234.5``, ``37 1/2``, ``3/8``, ``two``."""
    num = " ".join(num.split())
    frac = Decimal(0)
    m = _FRACTION_RE.match(num)
    if m:
        num, frac = m.group(1) or "0", Decimal(m.group(2)) / Decimal(m.group(3))
    try:
        return Decimal(num.replace(",", "")) + frac
    except InvalidOperation:
        value = parse_number(num)
        return None if value is None else Decimal(str(value)) + frac


def _scale_value(written: str | None) -> int:
    """Multiplier of a written scale: `` billion`` -> 10**9, None -> 1."""
    word = " ".join((written or "").strip(" \t\n-").lower().split())
    return SCALES.get(word) or SCALES.get(word[:-1] if word.endswith("s") else word) or 1


def _plain(value: Decimal | None) -> int | float | None:
    """A Decimal as int when whole, else float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _parse_core(core: str, divisor: int) -> dict:
    """Value (and ``value_max`` for a range) of the figure part of a span."""
    m = _CORE_RE.match(core.strip())
    if not m:
        return {"value": None}
    hi_scale = _scale_value(m.group("hi_scale"))
    hi = _decimal(m.group("hi"))
    if hi is None:
        return {"value": None}
    out = {"value": _plain(hi * hi_scale / divisor)}
    if m.group("lo"):
        lo_scale = _scale_value(m.group("lo_scale")) if m.group("lo_scale") else hi_scale
        lo = _decimal(m.group("lo"))
        if lo is not None:
            out = {"value": _plain(lo * lo_scale / divisor), "value_max": out["value"]}
    return out


def _parse_vague(span: str) -> dict | None:
    """``several billion yen`` -> value None, currency JPY; None if not vague."""
    if not _VAGUE_RE.match(span):
        return None
    suffix = _SUFFIX_RE.search(span)
    code = currency_code(suffix.group(0))[0] if suffix else None
    return {"value": None, "currency": code}


def _parse_compound(span: str) -> dict | None:
    """``billion-dollar`` -> 10**9 USD; ``4.5-billion-dlr`` -> 4.5 * 10**9 USD;
    ``multibillion-dollar`` -> value None."""
    m = _COMPOUND_RE.match(span)
    if not m or m.group("scale").lower() not in SCALES:
        return None
    figure = _decimal(m.group("num")) if m.group("num") else Decimal(1)
    scale = SCALES[m.group("scale").lower()]
    value = None if m.group("multi") or figure is None else figure * scale
    return {"value": _plain(value), "currency": currency_code(m.group("head"))[0]}


def parse_amount(span: str) -> dict:
    """Value, range end and currency written in a MONEY span (no context).

    >>> parse_amount("US$300 to 350 million")
    {'value': 300000000, 'value_max': 350000000, 'currency': 'USD'}
    >>> parse_amount("56 cts")
    {'value': 0.56, 'currency': 'USD'}
    """
    return dict(_parse_amount(span))  # a copy: the kept one stays as it is


_ONE_BUCK_RE = compile_regex(r"an?\s+(?:buck|quid)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _parse_amount(span: str) -> dict:
    span = span.strip()
    special = _parse_compound(span) or _parse_vague(span)
    if special:
        return special
    if _ONE_BUCK_RE.fullmatch(span):
        return {"value": 1, "currency": currency_code(span.split()[-1])[0]}
    code, divisor = None, 1
    prefix = _PREFIX_RE.match(span)
    if prefix:
        code, divisor = currency_code(prefix.group(0))
        span = span[prefix.end():]
    suffix = _SUFFIX_RE.search(span)
    if suffix:
        code, divisor = currency_code(suffix.group(0))
        span = span[: suffix.start()]
    return {**_parse_core(span, divisor), "currency": code}


_US_MENTION_RE = compile_regex(r"\bU\.?S\.?A?\b|\bAmerica|\bUnited States|\bWashington|\bWall St")
_DOLLAR_COUNTRY_RE = compile_regex("|".join(rf"\b{c}" for c in DOLLAR_COUNTRIES))


@lru_cache(maxsize=16)
def local_dollar(text: str) -> str:
    """The dollar a bare ``$`` means in ``text``: USD unless the text is about one
    dollar country: 3+ mentions of it, none of another, and more than twice as many as
    of the US (``US$``, a symbol, is no mention: an Australian paper writes it for the
    amounts that are not its own dollars).

    >>> local_dollar("Australia's budget... Australian firms... in Australia, $5bn")
    'AUD'
    >>> local_dollar("Australia ... Australian ... Australia ... US$54m and $3bn, US rules")
    'AUD'
    >>> local_dollar("Australia ... Australian ... Australia; the US and the U.S. said $3bn")
    'USD'
    """
    found = [m.group(0) for m in _DOLLAR_COUNTRY_RE.finditer(text)]
    if len(found) < 3 or len(set(found)) != 1:
        return "USD"
    us = sum(1 for m in _US_MENTION_RE.finditer(text) if text[m.end():m.end() + 1] != "$")
    return DOLLAR_COUNTRIES[found[0]] if len(found) > 2 * us else "USD"


_CROWN_COUNTRY_RE = compile_regex("|".join(rf"\b{c}" for c in CROWN_COUNTRIES))


@lru_cache(maxsize=16)
def local_crown(text: str) -> str:
    """The crown an unqualified ``crowns`` means in ``text``: that of the crown country
    the text names most (Sweden's when it names none, or two as often).

    >>> local_crown("Denmark's reserves rose to 36 billion crowns, the Danish bank said")
    'DKK'
    """
    counts = Counter(CROWN_COUNTRIES[m.group(0)] for m in _CROWN_COUNTRY_RE.finditer(text))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return "SEK"
    return ranked[0][0]


_BARE_CROWN_RE = compile_regex(r"(?<![\w.])(?<!swedish\s)crowns?$", re.IGNORECASE)


def _local_currency(code: str | None, span: str, text: str) -> str | None:
    """``code``, or the text's own dollar or crown where ``span`` writes a bare ``$`` or
    ``crowns`` (`local_dollar`, `local_crown`)."""
    if code == "USD" and span.startswith("$"):
        return local_dollar(text)
    if code == "SEK" and _BARE_CROWN_RE.search(span):
        return local_crown(text)
    return code


def money_matches(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """``list(MONEY_RE.finditer(text, lo, hi))``, found faster: `MONEY_RE` is tried only
    where `amount_hint_regex` (in any case) says an amount can start (after a non-word
    character, where all its amounts start but those after a symbol), at currency symbols
    and before ``$`` (``US$``).

    >>> [m.group() for m in money_matches("It paid 5 mln dlrs, not $6.", 0, 27)]
    ['5 mln dlrs', '$6']
    """
    window = text[:hi]  # ``finditer`` with ``endpos`` sees no further either
    places = {m.end() for m in _ANY_CASE_AMOUNT_HINT_RE.finditer(window, max(0, lo - 1))}
    places.add(lo)  # whatever stands before it
    _add_symbol_places(places, window, lo)
    return _first_matches(MONEY_RE, window, places, lo)


def borrowed_currency(text: str, start: int, end: int) -> str | None:
    """Currency of the amount in the same phrase, for a span written without one.

    Looks first at an amount joined by ``to``/``or`` (``18.5 mln to 309.3 mln dlrs``),
    then at the nearest amount before in the sentence, then the nearest after.
    """
    joined = _CONNECTED_RE.match(text, end)
    if joined:
        m = MONEY_RE.match(text, joined.end())
        if m:
            return _local_currency(parse_amount(m.group(0))["currency"], m.group(0), text)
    lo, hi = max(0, start - ANCHOR_WINDOW), min(len(text), end + ANCHOR_WINDOW)
    # The amounts after are looked for only when none before gives a currency (the scan
    # costs more than the rest of the normalizing of a MONEY span).
    for m in reversed(money_matches(text, lo, start)):
        if _same_sentence(text, m.end(), start):
            code = _local_currency(_parse_amount(m.group(0))["currency"], m.group(0), text)
            if code:
                return code
    for m in money_matches(text, end, hi):
        if _same_sentence(text, end, m.start()):
            code = _local_currency(_parse_amount(m.group(0))["currency"], m.group(0), text)
            if code:
                return code
    return None


def _qualifier_reversed(at_start: bool) -> re.Pattern[str]:
    """`_QUALIFIER_RE` for the reversed text before a span, matched at its start (one step
    instead of a search): the longest qualifier, whose first word starts the text
    (``at_start``) or follows a space or ``(``."""
    qualifiers = sorted(set(QUALIFIERS), key=lambda q: (-len(q), q))
    body = "|".join(re.escape(q[::-1]).replace(r"\ ", r"\s+") for q in qualifiers)
    edge = r"[\s(]|\Z" if at_start else r"[\s(]"
    return compile_regex(rf"\s*({body})(?={edge})", re.IGNORECASE)


_QUALIFIER_REVERSED = {at_start: _qualifier_reversed(at_start) for at_start in (False, True)}
#: The last words of the `QUALIFIERS` in lower case: ASCII text before a span that ends
#: (white space aside) with none of them has no qualifier.
_QUALIFIER_ENDS: tuple[str, ...] = tuple(sorted({q.split()[-1].lower() for q in QUALIFIERS}))


def qualifier_before(text: str, start: int) -> str | None:
    """Approximator or bound right before the span: ``about``, ``up to``, ``more than``.

    >>> qualifier_before("It paid just over $5.", 17), qualifier_before("adjust $5", 7)
    ('just over', None)
    """
    low = max(0, start - 30)
    # The text from ``low`` (and the character before it, which a match may not take)
    before = text[max(0, low - 1):start]
    if before.isascii() and not before.rstrip().lower().endswith(_QUALIFIER_ENDS):
        return None  # no qualifier ends there: the regex need not be tried
    m = _QUALIFIER_REVERSED[low == 0].match(before[::-1])
    return " ".join(m.group(1)[::-1].lower().split()) if m else None


def unit_after(text: str, end: int) -> str | None:
    """The unit of a per-unit price: ``$35 a share`` -> ``share``, ``per hour`` -> ``hour``."""
    m = _UNIT_RE.match(text, end)
    if not m:
        return None
    word = m.group(2).lower()
    singular = word[:-1] if word.endswith("s") and word[:-1] in PRICE_UNITS else word
    return singular if m.group(1).lower() == "per" or singular in PRICE_UNITS else None


def normalize_money(text: str, start: int, end: int) -> dict:
    """Value, ISO currency, qualifier and unit of the MONEY span ``text[start:end]``.

    >>> normalize_money("about 330 billion yen", 6, 21)
    {'value': 330000000000, 'currency': 'JPY', 'qualifier': 'about', 'unit': None}

    A range adds ``value_max``; cents and pence are converted to the major unit; an
    amount written without currency takes the currency of the amount in the same phrase.
    """
    try:
        parsed = _parse_amount(text[start:end])  # the kept dict: read, not changed
    except (ValueError, ArithmeticError):
        parsed = {"value": None, "currency": None}
    currency = parsed.get("currency")
    if currency is None:
        currency = borrowed_currency(text, start, end)
    else:
        currency = _local_currency(currency, text[start:end], text)
    out = {"value": parsed["value"]}
    if "value_max" in parsed:
        out["value_max"] = parsed["value_max"]
    out["currency"] = currency
    out["qualifier"] = qualifier_before(text, start)
    out["unit"] = unit_after(text, end)
    return out
