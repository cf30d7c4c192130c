"""Numbers as news text writes them: digits, words and scale words.

Shared by the MONEY and DATE grammars. Everything here is a pure function or a
compiled regular expression; nothing depends on spaCy.

>>> parse_number("1,234.5")
1234.5
>>> parse_number("twenty-five")
25
>>> parse_number("two and a half")
2.5
>>> scale_factor("bn")
1000000000
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.grammar.regex_cache import compile_regex

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
#: Words that stand for one unit: ``a year``, ``an hour``, ``a single day``.
ARTICLES: dict[str, int] = {"a": 1, "an": 1, "one": 1, "single": 1}
#: Fractions written as words: ``two and a half``.
FRACTIONS: dict[str, float] = {"a half": 0.5, "half": 0.5, "a quarter": 0.25, "quarter": 0.25}
#: Ordinals for ``the first quarter``, ``the second half``, ``third day``.
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}

#: Scale words and their abbreviations, lower-cased.
SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000, "k": 1_000,
    "million": 1_000_000, "millions": 1_000_000, "mln": 1_000_000, "mlns": 1_000_000,
    "mn": 1_000_000, "m": 1_000_000, "mio": 1_000_000,
    "billion": 1_000_000_000, "billions": 1_000_000_000, "bln": 1_000_000_000,
    "bn": 1_000_000_000, "b": 1_000_000_000,
    "trillion": 1_000_000_000_000, "trillions": 1_000_000_000_000,
    "trn": 1_000_000_000_000, "tn": 1_000_000_000_000, "tln": 1_000_000_000_000,
    # the Indian numbering system: ``Rs 5,000 crore``, ``3 lakh``, ``Rs 1.5 lakh crore``
    "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000,
    "lakh crore": 1_000_000_000_000,
}

_WORD_NUMBER = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
#: A number written in words: ``five``, ``twenty-five``, ``twenty five``.
NUMBER_WORDS = rf"(?:(?:{_WORD_NUMBER})(?:[- ](?:{'|'.join(UNITS)}))?)"
#: A number written in digits: ``3``, ``1,234``, ``2.17``, ``.5``.
NUMBER_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"

_DIGITS_RE = compile_regex(rf"^{NUMBER_DIGITS}$")


def parse_number(text: str) -> float | int | None:
    """The value of a number in digits or words, or None.

    >>> parse_number("3,500")
    3500
    >>> parse_number("forty two")
    42
    >>> parse_number("a")
    1
    >>> parse_number("many") is None
    True
    """
    s = " ".join(text.lower().replace("-", " ").split())
    if not s:
        return None
    if _DIGITS_RE.match(s.replace(" ", "")):
        s = s.replace(",", "").replace(" ", "")
        value = float(s)
        return int(value) if value.is_integer() and "." not in s else value
    for word, frac in FRACTIONS.items():
        if s.endswith(" and " + word):
            whole = parse_number(s[: -len(" and " + word)])
            return None if whole is None else whole + frac
    if s in ARTICLES:
        return ARTICLES[s]
    total = 0
    current = 0
    seen = False
    for word in s.split():
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def scale_factor(word: str) -> int | None:
    """The multiplier of a scale word or abbreviation (``bn`` -> 10**9), or None."""
    return SCALES.get(word.lower().rstrip("."))


def literal_alternation(words: Iterable[str], space: str = r"\s+") -> str:
    """One regex for many literals, factored as a prefix tree, longest match first.

    >>> literal_alternation(["dlr", "dlrs", "dollar"])
    '(?:d(?:lrs?|ollar))'

    A space in a literal matches ``space``: by default any whitespace run (``u.s. dlrs``
    across a line break).
    """
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [
            (space if ch == " " else re.escape(ch)) + emit(sub)
            for ch, sub in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        if len(branches) == 1 and body in (re.escape(ch) for ch in node if ch and ch != " "):
            # One optional character needs no group: ``s?``, not ``(?:s)?`` (the same regex;
            # the big ones of pipeline.grammar.money compile faster without the groups).
            return f"{body}?"
        return f"(?:{body})?"

    return "(?:" + emit(tree) + ")"


def non_word_then(guard: str) -> str:
    """A regex for a non-word character (``\\W``) before a place where ``guard`` (a regex)
    holds, fast to scan for: any character but an ASCII word character (a set the regex
    engine skips to faster than to ``\\W``), then ``guard``, and only where that holds the
    test against ``\\W`` (for a character past ASCII).

    >>> [m.end() for m in re.finditer(non_word_then("[0-9]"), "a 1 b-2 é3")]
    [2, 6]
    """
    return rf"[\x00-/:-@\[-^`{{-\U0010ffff](?={guard})(?<=\W)"
