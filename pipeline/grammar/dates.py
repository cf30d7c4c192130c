"""DATE grammar: find date expressions in news text with a few compiled regular expressions.

``find_dates(text)`` returns sorted, non-overlapping ``(start, end)`` character spans of
DATE as OntoNotes tags them (see GUIDELINES.md): ``Tuesday``, ``April 2025``, ``2027``,
``last year``, ``earlier this month``, ``a few years ago``, ``17 years``, ``the 1990s``,
``fiscal 2024``, ``the first quarter``, ``2024-04-09``, ``Q3``, ``annual``, ``a year``
in ``$300 million a year``, ``the year ending March 31, 1988``.

>>> text = "Sales rose 5% last year and will grow in the fourth quarter."
>>> [text[s:e] for s, e in find_dates(text)]
['last year', 'the fourth quarter']

How it works:

1. Each family of expressions is one small function below that returns a regex string
   (its docstring lists the strings it catches); the families are compiled once.
2. Every family finds its matches as its ``finditer`` over the text would, but is tried
   only where a date can start (`start_positions`: one scan of the lower-cased text for
   *keys* such as ``April``, ``years``, ``2024``, and a walk back over the words before
   them); candidates that fail their family's context check are dropped (``may`` the
   verb, ``Windows 2000``, ``2000 people``, ``17-year-old``).
3. Overlaps go to the longest candidate; a period and the date it ends at are joined
   (``the three months`` + ``to`` + ``31 December``); words that make a point in time
   are added on the left (``the end of``, ``early``, ``mid-``).

Whitespace between words may be any run of spaces with at most one line break (Reuters
text is hard-wrapped: ``the\\nfourth quarter``). The preposition before a date, a
possessive ``'s`` after it and approximators (``less than``) stay outside the span.
Normalization (TIMEX3 values) lives in :mod:`pipeline.grammar.timex`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from pipeline.grammar.numbers import TENS, UNITS, literal_alternation, non_word_then
from pipeline.grammar.regex_cache import compile_regex
from pipeline.grammar.timex import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS, normalize_date

__all__ = ["find_dates", "normalize_date", "date_candidates", "Candidate"]

# --- building blocks ---------------------------------------------------------------------

#: One run of whitespace between two words, with at most one line break.
S = r"(?:[^\S\n]*\n[^\S\n]*|[^\S\n]+)"
#: Left and right word edges.
B = r"(?<![\w])"
E = r"(?![\w])"
#: A unit word is not followed by a hyphen or a letter (``year-on-year``, ``years-long``).
UE = r"(?![\w-])"


def _alt(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


def _opt(part: str) -> str:
    return f"(?:{part})?"


def _seq(*parts: str) -> str:
    return S.join(parts)


def _words(*words: str) -> str:
    """An alternation of words whose inner spaces may be any whitespace run."""
    return _alt(*(w.replace(" ", S) for w in sorted(words, key=len, reverse=True)))


def _title_or_upper(names: list[str]) -> str:
    """Case-sensitive alternation of Title-case and UPPER-case names (``May``, ``MAY``)."""
    forms = [n.capitalize() for n in names] + [n.upper() for n in names]
    return "(?-i:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


def word_number() -> str:
    """A number in words up to 99: ``five``, ``seventeen``, ``twenty-five``, ``thirty one``
    (stricter than numbers.NUMBER_WORDS, which also takes ``two four``)."""
    units = sorted((w for w in UNITS if w != "zero"), key=len, reverse=True)
    ones = [w for w in units if UNITS[w] < 10]
    tens = _alt(*sorted(TENS, key=len, reverse=True)) + _opt(r"[- ]" + _alt(*ones)) + E
    return _alt(tens, _alt(*units) + E)


def month_name() -> str:
    """Full month names, Title or UPPER case: ``April``, ``MARCH``; never ``may``/``march``."""
    return _title_or_upper(list(MONTHS))


def month_any() -> str:
    """Month names and abbreviations: ``April``, ``Apr.``, ``Sept.``, ``Sept``, ``DEC``;
    a whole word (not the ``October`` of ``Octoberthe``)."""
    abbr = ["Sept", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    forms = abbr + [a.upper() for a in abbr]
    return _alt(month_name() + E, "(?-i:" + "|".join(forms) + r")(?:\.|" + E + ")")


def weekday_name() -> str:
    """Weekday names, Title or UPPER case, also plural: ``Tuesday``, ``FRIDAY``, ``Mondays``."""
    return _title_or_upper(list(WEEKDAYS)) + "(?-i:s)?"


def day_number() -> str:
    """A day of the month: ``9``, ``09``, ``31``, ``1st``, ``13th``."""
    return r"(?<![\d.,$£€¥])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])(?![.,]\d)"


def year_number() -> str:
    """A year 1800-2099 in a full date: ``1987``, ``2024``."""
    return r"(?:1[89]|20)\d\d(?!\d)(?![.,]\d)"


def year_or_range() -> str:
    """A year or fiscal/range year: ``2005``, ``1986/87``, ``2009-10``, ``2009-2010``."""
    y = r"(?:19|20)\d\d"
    return rf"{y}(?:\s?[-–/]\s?(?:{y}|\d\d))?(?![\d%])(?![.,]\d)"


def count() -> str:
    """A count before a unit: ``17``, ``seventeen``, ``twenty-five``, ``a``, ``a few``,
    ``several``, ``a couple of``, ``two and a half``, ``12-1/2``, ``five to six``, ``12 and 18``."""
    single = _alt(
        r"(?<![\d.,/$£€¥])\d{1,3}(?:,\d{3})*(?:\.\d+|[- ]\d/\d)?(?![\d%/])",
        word_number(), _words("a few", "a couple of", "couple of", "a number of", "a dozen",
                             "dozens of", "hundreds of", "thousands of", "several", "many",
                             "few", "some", "an", "a", "one"),
    )
    with_half = single + _opt(_seq("", "and", "an?", "half"))
    return with_half + _opt(_alt(_seq("", _alt("to", "or", "and"), ""), r"\s?[-–]\s?") + with_half)


def unit() -> str:
    """A calendar unit, singular or plural: ``day``, ``weeks``, ``months``, ``quarter``,
    ``years``, ``decades``, ``centuries``, ``weekend``, ``fortnight``; newswire's ``mths``,
    ``mos`` and ``qtrs``."""
    return _alt(r"(?:day|week|month|year|decade|quarter|fortnight|weekend)s?", "century",
                "centuries", "mths?", "mos", "qtrs?") + UE


def unit_singular() -> str:
    """A singular unit for adjectives: ``year`` in ``three-year``, ``month`` in ``18-month``."""
    return _alt("day", "week", "month", "year", "decade", "quarter")


def ordinal() -> str:
    """Ordinals: ``first`` ... ``twelfth``, ``1st``, ``99th``."""
    words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth"]
    return _alt(*words, r"\d{1,3}(?:st|nd|rd|th)")


def year_tail() -> str:
    """What may follow a part of a year: `` 2005``, `` of 1988``, `` of this year``,
    `` of the year``, `` of fiscal 2024``, `` 1986/87``."""
    rel_year = _seq(_alt("the", "this", "last", "next", "that"), _opt("fiscal" + S) + "year")
    return _alt(S + _opt("of" + S) + _opt("fiscal" + S) + year_or_range(),
                _seq("", "of", rel_year) + UE)


def possessive_year() -> str:
    """A year owning a part of it: ``last year's``, ``2004's``, ``the year’s``."""
    return _alt(_seq(_alt("last", "this", "next", "the"), "year"), r"(?:19|20)\d\d") + "['’]s" + S


# --- the families --------------------------------------------------------------------------


def pattern_iso() -> str:
    """Numeric dates: ``2024-04-09``, ``2024/04/09``, ``4/9/2024``, ``04/09/24``."""
    ymd = r"(?:19|20)\d\d(?P<iso_sep>[-/])(?:0[1-9]|1[0-2])(?P=iso_sep)(?:0[1-9]|[12]\d|3[01])"
    mdy = r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:(?:19|20)\d\d|\d\d)"
    return B + _alt(ymd, mdy) + r"(?![\w/-])"


def pattern_month_day() -> str:
    """Month and day: ``April 9``, ``March 13, 2007``, ``Sept. 5``, ``June 1-3``,
    ``between March 10 and 31`` (one span for a range of days, as ``12 and 18 months``),
    ``March 13th 2024``, ``Tuesday, April 9, 2024``, ``April One``."""
    second_day = _alt(
        r"[-–]" + day_number(),
        S + _alt("and", "to", "through") + S + day_number() + r"(?![-–/])"
        r"(?!\s*(?:%|pct\b|percent\b|per\b|mln\b|million\b|billion\b|bln\b|dlrs\b"
        r"|cts\b|shares\b|pence\b|[a-z]))")
    md = month_any() + S + day_number() + _opt(second_day) + _opt(r",?" + S + year_number())
    return B + _opt(weekday_name() + r",?" + S) + _alt(md, month_any() + S + day_word())


def day_word() -> str:
    """A day of the month in Title-case words, as wire copy writes it: ``One``, ``Twenty-One``
    (in ``Pay April One``); lower-case words are too often counts (``in May one analyst``)."""
    units = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"]
    teens = ["Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen",
             "Seventeen", "Eighteen", "Nineteen"]
    words = units + teens + ["Twenty"] + [f"Twenty-{u}" for u in units] + ["Thirty",
                                                                           "Thirty-One"]
    return "(?-i:" + "|".join(sorted(words, key=len, reverse=True)) + ")" + UE


def pattern_day_month() -> str:
    """Day and month: ``9 April 2024``, ``26 January``, ``the 14th of October``, ``11 Sept``."""
    plain = day_number() + S + month_any()
    nth = _opt("the" + S) + r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)" + S + "of" + S + month_any()
    return B + _opt(weekday_name() + r",?" + S) + _alt(nth, plain) + _opt(
        r",?" + S + year_number())


def pattern_month_year() -> str:
    """Month and year: ``April 2025``, ``March of 2008``, ``Sept. 2024``, ``March, 2008``,
    ``August last year``, ``September of next year``."""
    year = _alt(year_number(), _seq(_alt("last", "this", "next"), "year") + UE)
    return B + month_any() + _opt(S + "of") + r",?" + S + year


def pattern_month_range() -> str:
    """Month ranges: ``April-June``, ``the April-June period``, ``the April-September
    half``, ``the July/February period``, ``January-February``, ``June-August 2024``."""
    months = month_name() + r"\s?[-–/]\s?" + month_name() + _opt(S + year_number())
    ends = _alt("period", "quarter", "season", "half")
    return B + _alt(_seq("the", months, ends) + UE, months + E)


def pattern_month() -> str:
    """A month alone: ``April``, ``December`` (checked in context: ``May`` is often a verb)."""
    return B + month_name() + E


def pattern_weekday() -> str:
    """A weekday: ``Tuesday``, ``FRIDAY``, ``Mondays`` (not ``Tuesday night``: TIME)."""
    return B + weekday_name() + E


def pattern_year() -> str:
    """A year 1900-2099 or a span of years: ``2027``, ``1986/87``, ``2009-10``,
    ``1957-58`` (checked in context: not ``2,027``, ``2000 people``, ``Windows 2000``; not
    ``NOTE:1986``, which spaCy keeps as one token)."""
    return r"(?<![\w$£€¥#.,/])(?<!\d-)(?<![A-Za-z]:)" + year_or_range() + r"(?![\w-])"


def pattern_decade() -> str:
    """Decades and centuries: ``the 1990s``, ``the late 1990s``, ``1980s``, ``the '90s``,
    ``the nineties``, ``the mid-2000s``, ``the 20th century``, ``the twenty-first century``."""
    mod = _opt(_alt("early", "mid", "late") + _alt("-", S))
    digits = _alt(r"(?:1[89]|20)\d0['’]?s", r"['’]\d0s")
    words = _alt("twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                 "eighties", "nineties")
    century = _alt(ordinal(), "twentieth", "twenty-first", "nineteenth") + _alt("-", S) + \
        "century" + UE
    return B + _alt(_opt("the" + S) + mod + digits, "the" + S + mod + _alt(r"\d0['’]?s", words),
                    _opt("the" + S) + century) + E


def pattern_relative() -> str:
    """Relative dates and periods: ``last year``, ``this week``, ``next month``,
    ``the past three years``, ``the next 30 days``, ``the last decade``, ``recent months``,
    ``coming months``, ``the previous year``, ``the following day``, ``earlier this month``,
    ``later this year``, ``so far this year``, ``late last July``, ``last Friday``,
    ``this past weekend``, ``each year``, ``per year``, ``every quarter``, ``that year``,
    ``the first five months of 2005``, ``the final two quarters of the period``,
    ``the weeks ahead``, ``the three months ahead``."""
    lead = _opt(_alt("earlier", "later", _seq("so", "far"), "early", "late", "mid")
                + _opt(S + "in") + S)
    counting = _alt("last", "next", "past", "coming", "prior", "previous", "every", "each")
    pointing = _alt("this", "that", "current", "recent", "upcoming", "later", "earlier")
    with_the = "the" + S + _alt("last", "past", "next", "coming", "previous", "current",
                                "following", "preceding", "prior", "first", "final",
                                "remaining", "latest", "initial", "recent", "upcoming")
    head = _alt(with_the, counting) + _opt(S + _alt("past", "coming"))
    of_tail = _opt(_seq("", "of", _alt(
        year_or_range(),
        _seq(_alt("the", "this", "last", "next", "that"), _opt("fiscal" + S)
             + _alt("year", "period", "decade", "month")) + UE,
        month_any() + _opt(S + year_number()))))
    units = _alt(head + _opt(S + count()), pointing + _opt(S + _alt("past", "coming"))) + _opt(
        S + year_or_range()) + S + unit() + of_tail
    per = _seq("per", _alt("day", "week", "month", "quarter", "year")) + UE
    named = _seq(_alt("last", "next", "this", "past", "coming"),
                 _alt(weekday_name(), month_name())) + E
    in_the = _seq(_alt("earlier", "later"), "in", "the",
                  _alt("year", "month", "week", "day", "decade", "quarter")) + UE
    ahead = "the" + _opt(S + count()) + S + unit() + S + "ahead" + E
    return B + _alt(lead + units, per, lead + named, in_the, ahead)


def pattern_ordinal_period() -> str:
    """Counted periods: ``a third day``, ``the second year in a row``,
    ``a second straight year``, ``the 99th day``, ``the first full year``."""
    return B + _seq(_alt("the", "a"), ordinal()) + _opt(S + _alt(
        "straight", "consecutive", "successive", "running", "full", "whole")) + S \
        + unit_singular() + UE + _opt(
        _seq("", "in", "a", "row") + E)


def pattern_the_unit() -> str:
    """A unit with ``the``: ``the year``, ``the quarter``, ``the weekend``, ``the year 2000``,
    ``the year before`` (ending its phrase);
    an edge of a unit without one: ``the end of year``, ``end of quarter``."""
    the_unit = _seq("the", _alt("year", "quarter", "week", "month", "weekend", "decade",
                                "century")) + UE + rf"(?!{S}(?:ago|earlier)\b)" + _opt(
        _alt(S + r"(?:19|20)\d\d(?!\d)", S + "before" + _PHRASE_END))
    edge = _opt("the" + S) + _seq(_alt("end", "start", "beginning", "middle"), "of",
                                  _alt("year", "quarter", "month", "week")) + UE
    return B + _alt(the_unit, edge)


def pattern_same_period() -> str:
    """Comparison periods: ``the same period``, ``the year-ago period``,
    ``the same period a year earlier``, ``the same 1985/86 period``,
    ``the same period of 1985/86``, ``the same period in the previous year``,
    ``the same time last year``, ``the same year-ago period``."""
    mods = _alt("same", "comparable", "corresponding", "year-ago", "year-earlier",
                _seq("year", _alt("ago", "earlier")), "prior-year", "previous-year")
    nouns = _alt("period", "periods", "quarter", "months?", "week", "day", "year", "time",
                 "half", "stretch", "season")
    earlier = _alt("earlier", "ago", "before")
    prev_year = _seq(_alt("last", _seq("the", _alt("previous", "prior", "preceding"))), "year")
    tail = _alt(
        _seq("", _alt("a", "one", "the"), "year", earlier),
        S + prev_year,
        _seq("", _alt("of", "in"), _alt(year_or_range(), prev_year, _seq("the", "year", "before"))),
    )
    return B + "the" + S + mods + _opt(S + mods) + _opt(S + year_or_range()) + S + nouns + UE \
        + _opt(tail + UE)


def pattern_year_ago() -> str:
    """Year-ago adjectives and bare comparisons: ``year-ago``, ``year-earlier``,
    ``year earlier`` (in ``from $639m year earlier``), ``week ago`` (in ``vs 129,000 week ago``)."""
    adjective = r"(?:year|quarter|month)-(?:ago|earlier)"
    return B + _alt(adjective, _seq(_alt("year", "quarter", "month", "week"),
                                    _alt("earlier", "ago"))) + UE + rf"(?!{S}than\b)"


#: ``before`` ends a duration only where its phrase ends: ``a year before.``, not ``a year
#: before the merger``.
_PHRASE_END = r"(?=[^\S\n]*(?:[.,;:!?)]|\n|\Z))"


def pattern_duration() -> str:
    """Counted durations: ``17 years``, ``90 days``, ``several weeks``, ``a few years ago``,
    ``five to six years``, ``12 and 18 months``, ``two years ago``, ``a year earlier``,
    ``eight years from now``,
    ``a year before`` (at the end of its phrase),
    ``the three months``, ``a year``, ``two more years``, ``the three-month period``
    (not ages: ``17 years old``, ``17-year-old``, ``40 years of age``)."""
    adj = _opt(S + _alt("straight", "consecutive", "successive", "full", "more", "additional",
                        "further", "long", "calendar", "business", "working", "trading",
                        "whole", "extra"))
    age = rf"(?!-old|{S}old\b|{S}of{S}age\b)"
    after = _opt(S + _alt("ago", "earlier", "later", "previously", "hence", "running",
                          _seq("in", "a", "row"), _seq("from", "now"),
                          "before" + _PHRASE_END) + E
                 + rf"(?!{S}than\b)")
    # ``the`` only before a plural unit: before a singular one the unit is an adjective
    # and ``the`` belongs to the noun after it (``the two month rate`` -> ``two month``)
    plural = _alt(r"(?:day|week|month|year|decade|quarter|fortnight|weekend)s", "centuries",
                  "mths", "mos", "qtrs") + UE
    counted = _alt("the" + S + count() + adj + S + plural, count() + adj + S + unit()) + age \
        + after
    period = _seq(_alt("the", "a"), count() + _alt("-", S) + unit_singular(), "period") + UE
    return B + _alt(period, counted)


def pattern_duration_adjective() -> str:
    """Hyphenated durations: ``three-year``, ``27-year``, ``18-month``, ``four-week``,
    ``30-day`` (not ``17-year-old``)."""
    n = _alt(r"\d{1,3}(?:\.\d|-\d/\d)?", word_number(), "half")
    return r"(?<![\w/-])" + n + "-" + unit_singular() + r"(?!-old)(?:-long)?" + UE


def pattern_unit_long() -> str:
    """A unit's length as an adjective: ``yearlong``, ``year-long``, ``weeklong``,
    ``decade-long``, ``daylong``."""
    return r"(?<![\w-])" + _alt("year", "month", "week", "day", "decade") + r"-?long" + UE


def pattern_bare_units() -> str:
    """Plural units alone (checked in context): ``years`` in ``in years``, ``weeks`` in
    ``take weeks``, ``decades ago``."""
    return B + _alt("days", "weeks", "months", "years", "decades") + UE + _opt(
        S + _alt("ago", "earlier", "later") + E)


def pattern_frequency() -> str:
    """Frequencies and period adjectives: ``annual``, ``annually``, ``quarterly``, ``monthly``,
    ``daily``, ``year-on-year``, ``year over year``, ``year-to-date``, ``full-year``,
    ``the full year``, ``the entire week``, ``half-year``, ``year-end``, ``year end``,
    ``midyear``, ``per annum``; newswire's ``Qtly`` and ``Mthly``."""
    single = _alt("annual", "annually", "yearly", "quarterly", "monthly", "weekly", "daily",
                  "biannual", "biannually", "bi-annual", "semi-?annual", "semi-?annually",
                  "fortnightly", "bi-?weekly", "bi-?monthly", "semi-?monthly", "qtly",
                  "mthly", "mtly")
    u = _alt("year", "month", "quarter", "week")
    sep = _alt("-", S)
    compare = u + sep + _alt("on", "over") + sep + u
    to_date = _alt("year", "month") + sep + "to" + sep + "date"
    full = _opt("the" + S) + _alt("full", "whole", "entire") + sep + _alt(
        "year", "quarter", "month", "week")
    half_year = "half-year"
    year_end = _opt("the" + S) + _alt("year-end", "year['’]s" + S + "end", "year" + S + "end",
                                      "mid-?year")
    return B + _alt(single, compare, to_date, full, half_year, year_end,
                    _seq("per", "annum")) + UE


def pattern_quarter() -> str:
    """Quarters and halves: ``the first quarter``, ``the June quarter``, ``the December
    half``, ``fourth-quarter`` (without ``a``: ``a
    fourth-quarter charge``), ``a third quarter``, ``first quarter 2005``,
    ``the first quarter of 1988``, ``last year's first quarter``, ``the third quarter of this
    year``, ``the third and fourth quarters of 1987``, ``Q3``, ``Q4 2024``, ``3Q``,
    ``the second half of 2004``, ``the latter half of 1987``, ``first-half``, ``H1 2024``;
    newswire's ``4TH QTR``."""
    ordq = _alt("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "final")
    ordh = _alt("first", "second", "latter", "back", "final", "1st", "2nd")
    lead = _opt(_alt(possessive_year(), _alt("the", "a") + S)) + _opt(
        _alt("current", "same", "previous", "latest", "prior", "calendar", "fiscal") + S)
    adjective = _alt(ordq, ordh) + "-" + _alt("quarter", "half") + UE
    quarter = lead + ordq + S + _opt("fiscal" + S) + _alt("quarter", "qtr") + UE + _opt(
        year_tail())
    quarters = lead + _seq(ordq, _alt("and", "or", "to"), ordq, _alt("quarters", "qtrs")) + UE
    quarters += _opt(year_tail())
    half = lead + ordh + S + "half" + UE + _opt(year_tail())
    q_form = r"(?-i:Q[1-4])" + _opt(r"\s?(?:FY)?['’]?(?:(?:19|20)\d\d|\d\d)") + E
    q_rev = r"(?-i:[1-4]Q)(?:['’]?\d\d)?" + E
    h_form = r"(?-i:H[12])" + S + r"(?:(?:19|20)\d\d|['’]?\d\d)" + E
    # a quarter or half named by its last month: ``the June quarter``, ``the December half``
    by_month = _alt(lead + month_name() + _alt("-", S) + _alt("quarter", "qtr"),
                    "the" + S + month_name() + _alt("-", S) + "half") + UE + _opt(year_tail())
    return B + _alt(quarter, quarters, half, adjective, q_form, q_rev, h_form, by_month)


def pattern_fiscal() -> str:
    """Fiscal years: ``fiscal 2024``, ``fiscal year 2024``, ``fiscal 1987/88``, ``FY2024``,
    ``FY24``, ``the current fiscal year``, ``the financial year``, ``the 2024 fiscal year``,
    ``fiscal first quarter``, ``the calendar year``, ``calendar 2016``."""
    rel = _opt(_alt("current", "previous", "prior", "next", "last", "this", "coming", "same",
                    "full", "new", "latest") + S)
    sep = _alt("-", S)
    year_noun = _opt("the" + S) + rel + _alt("fiscal", "financial", "calendar") + sep + "year" \
        + UE + _opt(S + _alt(year_or_range(), r"['’]\d\d" + E))
    named = _alt(_alt("fiscal", "financial") + _opt(S + "year") + S + _alt(
        year_or_range(), r"['’]\d\d" + E), "calendar" + _opt(S + "year") + S + year_number())
    fy = r"(?-i:FY)\s?(?:(?:19|20)\d\d|['’]?\d\d)(?:[-/](?:(?:19|20)\d\d|\d\d))?" + E
    year_first = _opt("the" + S) + year_or_range() + S + _alt(
        "fiscal", "financial", "calendar", "tax") + S + "year" + UE
    part = _opt("the" + S) + _alt("fiscal", "financial") + S + _alt(
        "first", "second", "third", "fourth", "final") + S + _alt("quarter", "half") + UE + _opt(
        year_tail())
    return B + _alt(year_noun, named, fy, year_first, part)


def pattern_season() -> str:
    """Seasons: ``the spring``, ``this summer``, ``last winter``, ``summer 2008``,
    ``the summer of 2008``, ``early spring`` (checked in context: ``the fall`` in prices)."""
    det = _opt(_alt("the", "this", "last", "next", "early", "late", "mid", "past", "coming")
               + _alt("-", S))
    return B + det + _opt("the" + S) + _alt("spring", "summer", "autumn", "fall", "winter") + UE \
        + _opt(S + _opt("of" + S) + year_number())


def pattern_deictic() -> str:
    """Days named from today: ``today``, ``yesterday``, ``tomorrow``, ``earlier today``,
    ``the day before yesterday`` (not ``USA Today``; not ``yesterday afternoon``: TIME)."""
    return B + _alt(_opt(_alt("earlier", "later") + S) + _alt("today", "yesterday", "tomorrow"),
                    _seq("the", "day", _alt(_seq("before", "yesterday"),
                                            _seq("after", "tomorrow")))) + E


def pattern_term() -> str:
    """Vague horizons: ``the near term``, ``the near-term``, ``the long term`` (as a noun)."""
    follows = r"(?=\s*[,.;:)\"”']|\s*$|" + S + _alt(
        "from", "and", "or", "but", "as", "to", "for", "in", "at", "with", "is", "was", "are",
        "were", "will", "would") + E + ")"
    return B + _seq("the", _alt("near", "short", "long", "medium")) + _alt("-", S) + "term" + \
        UE + follows


def pattern_holiday_period() -> str:
    """The year-end shopping period: ``the holiday quarter``, ``the holiday season``, ``the
    Christmas quarter``, ``this festive season``, ``the holiday shopping season``."""
    det = _opt(_alt("the", "this", "last", "next") + S)
    return B + det + _alt("holiday", "christmas", "festive") + _opt(S + "shopping") + S \
        + _alt("quarter", "season", "period") + UE


def pattern_holiday() -> str:
    """Holidays: ``Christmas``, ``Christmas Eve``, ``New Year's Day``, ``Easter``,
    ``Thanksgiving``, ``Black Friday``, ``Halloween``."""
    names = ["Christmas Day", "Christmas Eve", "Christmas", "New Year['’]s Day",
             "New Year['’]s Eve", "Boxing Day", "Easter", "Thanksgiving", "Black Friday",
             "Cyber Monday", "Halloween", "Valentine['’]s Day"]
    return B + "(?-i:" + "|".join(n.replace(" ", S) for n in names) + ")" + E + _opt(
        S + year_number())


# --- context checks ------------------------------------------------------------------------


def wordset(words: str) -> frozenset[str]:
    """A set of the whitespace-separated words of ``words``."""
    return frozenset(words.split())


#: Words after which a month name alone is a month: ``in May``, ``since April``, ``by June``.
TEMPORAL_BEFORE = wordset("""
in on since until till by from through thru during before after of to early late mid last
next this the and or between for throughout around about end beginning ending ended each
every that earlier later past coming as into toward towards within over than either both
neither starting effective dated mid- early- late- end- start- until like
""")
#: Capitalized words that may stand before a frequency word or ``Today`` in a sentence.
TITLE_OK_BEFORE = TEMPORAL_BEFORE | wordset("""
at also then even only unlike but so while when because if although though whereas yet under
with without per via not nor
""")
#: Words after which a number is not a year: ``Windows 2000``, ``No. 2004``, ``Office 2003``.
YEAR_NOT_AFTER = wordset("""
no nos number model flight room route page version article item code windows office server
studio exchange excel outlook photoshop vista sql word access project visual
""")
#: Nouns that make a number before them a count, not a year: ``2000 people``, ``1990 pct``.
COUNT_NOUNS = wordset("""
percent pct % per people persons jobs workers employees staff shares share units vehicles cars
tonnes tons barrels bpd points pts miles km kilometres kilometers metres meters feet ft acres
hectares mw megawatts gw kwh mwh dollars dlrs usd yen euros euro marks pounds francs won yuan
rupees crowns kronor mln million millions billion billions bln bn trillion stores shops outlets
homes houses customers users subscribers members students children patients cases deaths times
copies hours minutes seconds gmt utc est edt bst hrs sq square pages words votes seats flights
aircraft planes ships troops soldiers companies firms locations sites servers computers
machines devices phones kg lbs ounces oz gb mb tb mhz ghz nm mm cm visitors tourists attendees
delegates participants investors residents households lines titles games items products models
patents applications chips calories degrees bytes contracts orders deals stocks bonds
""")
#: Words after a plural unit alone that make it a date: ``in years``, ``take weeks``.
BARE_UNIT_BEFORE = wordset("""
in for within take takes took taken taking about over after lasting last lasts lasted spend
spent spending wait waited waiting than
""")
#: Words before a bare season that make it a season: ``in spring``, not ``to fall``.
SEASON_BEFORE = wordset("in during since until till by through throughout over before after "
                        "early late mid this last next")
#: Verbs that make ``the year`` a predicate (``will be the year for``), not a time.
COPULAS = wordset("is was be been being are were 's ’s become became becomes")
#: An age after a duration: ``6 months and older``, ``18 years or over``.
AGE_AFTER = compile_regex(rf"{S}(?:and|or){S}(?:older|younger|over|under|above)\b", re.I)
#: Times of day after a weekday or deictic make the whole a TIME: ``Tuesday night``.
TIME_OF_DAY = compile_regex(
    rf"{S}(?:morning|afternoon|evening|night|overnight|midday|noon|lunchtime)\b", re.I)

#: Abbreviations that do not end a sentence before a date: ``No. 2004``, ``Jan. 2024``.
ABBREVIATIONS = wordset("no. nos. mr. ms. dr. st. jan. feb. mar. apr. jun. jul. aug. sep. sept. "
                        "oct. nov. dec. mid. approx. ca. c. vs. v.")
#: The word (or comma) before a position, across at most one line break, matched at the
#: start of the *reversed* text before it (the same as searching the text before it for
#: ``([A-Za-z][\w'’.-]*|[,;(])[^\S\n]*\n?[^\S\n]*\Z``, in one step).
_PREV_WORD_REVERSED = compile_regex(r"[^\S\n]*\n?[^\S\n]*([\w'’.-]*[A-Za-z]|[,;(])")
_NEXT_WORD = compile_regex(r"\A[^\S\n]*\n?[^\S\n]*([\w%$][\w'’.-]*)")
_TITLE = compile_regex(r"[A-Z][a-z]+\Z")


def prev_word(text: str, start: int) -> str:
    """The word (or comma) just before ``start``, across at most one line break; ``"."`` when
    that word ends a sentence (``rose.  May`` -> ``"."``; ``No. 2004`` -> ``"No."``)."""
    m = _PREV_WORD_REVERSED.match(text[max(0, start - 40):start][::-1])
    if not m:
        return ""
    word = m.group(1)[::-1]
    if word.endswith(".") and word.lower() not in ABBREVIATIONS:
        return "."
    return word


def next_word(text: str, end: int) -> str:
    """The word just after ``end``, across at most one line break, without end punctuation."""
    m = _NEXT_WORD.search(text[end:end + 40])
    return m.group(1).rstrip(".'’") if m else ""


def is_title(word: str) -> bool:
    """``Windows`` yes; ``In`` yes; ``IBM`` no; ``said`` no."""
    return bool(_TITLE.match(word))


def check_month(text: str, start: int, end: int) -> bool:
    """A month alone: ``in May``, ``since April``; not ``May`` the verb, nor a first name
    (``June Carter``, ``and April Moss``)."""
    before = prev_word(text, start).lower().rstrip(".")
    after = next_word(text, end)
    is_name = is_title(after) and after.lower() not in MONTHS and before not in SEASON_BEFORE
    if is_name:
        return False
    if before in TEMPORAL_BEFORE or before == "," or text[max(0, start - 1):start] == "-":
        return True
    return text[start:end].lower() not in ("may", "march", "april", "june", "august")


_YEAR_PAIR_AFTER = compile_regex(rf"{S}(?:and|or|to|-){S}(?:19|20)\d\d{S}(\w+)")
_COUNT_THEN_AGO = compile_regex(r"(?:the )?(?:\d[\d,.]*|two|three|four|five|six|seven|eight|"
                             r"nine|ten) (?:day|week|month|year) (?:ago|earlier)$")
_QUARTERS_END = compile_regex(r"quarters?$")
_TABLE_FIGURE_UNIT = compile_regex(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)? (?:day|week|month|year|decade|quarter|fortnight|weekend)$")
#: A figure ending a line, then a capitalized unit opening the next (a table heading).
_FIGURE_ABOVE_HEADING = compile_regex(r"\d[ \t]*\n\s*[A-Z][a-z]*$")
_OF_AFTER = compile_regex(rf"{S}of\b")
_ONE_QUARTER = compile_regex(r"(?:the )?(?:a|an|one) quarter$")
_YEAR_END = compile_regex(r"\d{4}$")
_PUNCTUATION_AFTER = compile_regex(r"\s*[,.;]")
_TIME_END = compile_regex(r"time\Z", re.IGNORECASE)


def check_year(text: str, start: int, end: int) -> bool:
    """A bare year: not ``Windows 2000``, ``2000 people``, ``1900 and 2000 jobs``, ``No. 2004``.

    Names of events and reports keep their year (``CES 2024``, ``Awards 2024``).
    """
    before = prev_word(text, start).lower().rstrip(".")
    if before in YEAR_NOT_AFTER:
        return False
    after = next_word(text, end).lower()
    if after in COUNT_NOUNS or text[end:end + 1] == "%":
        return False
    m = _YEAR_PAIR_AFTER.match(text[end:end + 40])
    return not (m and m.group(1).lower() in COUNT_NOUNS)


#: ``Today`` before one of these is a programme's name: ``the BBC's Today programme``.
_PROGRAMME_AFTER = compile_regex(r"\s+(?:programme|program|show|newspaper|paper)\b")


def check_time_of_day(text: str, start: int, end: int) -> bool:
    """Not a TIME: ``Tuesday night``, ``yesterday afternoon``; not ``USA Today`` nor the
    ``Today`` programme."""
    if TIME_OF_DAY.match(text, end):
        return False
    span = text[start:end]
    if span == "Today" and _PROGRAMME_AFTER.match(text, end):
        return False
    return not (span[0].isupper() and span.lower().endswith("today")
                and (is_title(prev_word(text, start)) or prev_word(text, start).isupper())
                and prev_word(text, start).lower() not in TITLE_OK_BEFORE)


def check_bare_units(text: str, start: int, end: int) -> bool:
    """``years`` alone only after ``in``/``for``/``take``...: ``in years``, ``take weeks``."""
    return prev_word(text, start).lower() in BARE_UNIT_BEFORE


def check_duration(text: str, start: int, end: int) -> bool:
    """Not an age (``ages 2 years and older``), a fraction (``three quarters of`` founders,
    ``a quarter`` of the shares), a count before ``week ago`` (``vs 129,000 week ago``), a
    table figure before a ``Year`` heading (``6,116,000 Year``: thousands of a singular
    unit; ``53`` ending a line above ``Year``), nor a day after a month abbreviation
    (``DEC 31 YEAR``)."""
    span = " ".join(text[start:end].lower().split())
    before = prev_word(text, start).lower()
    if before in ("aged", "ages", "age") or AGE_AFTER.match(text, end):
        return False  # "patients ages 2 years and older"
    if _TABLE_FIGURE_UNIT.match(span) or _FIGURE_ABOVE_HEADING.search(text, start, end):
        return False  # "vs 6,116,000\n  Year", "vs 53\n Year": a figure, then a heading
    if before.rstrip(".") in MONTH_ABBREVIATIONS and span[:1].isdigit():
        return False  # "DEC 31 YEAR": a day of a month, then the heading's period
    if _COUNT_THEN_AGO.match(span):
        return False  # "vs 129,000 week ago": a count, then "week ago"
    if _QUARTERS_END.search(span):
        if _OF_AFTER.match(text[end:end + 6]):
            return False
        if _ONE_QUARTER.match(span):
            return False
    return True


def check_frequency(text: str, start: int, end: int) -> bool:
    """Not part of a name: ``China Daily``, ``Daily Mail``, ``Business Weekly``."""
    span = text[start:end]
    if not span[:1].isupper():
        return True
    before, after = prev_word(text, start), next_word(text, end)
    return not (is_title(after) or (is_title(before) and before.lower() not in TITLE_OK_BEFORE))


def check_season(text: str, start: int, end: int) -> bool:
    """A season: ``this summer``, ``in spring``; not ``the fall`` in prices, ``shares fall``
    or ``Arab Spring``."""
    span = " ".join(text[start:end].lower().split())
    words = span.split()
    before = prev_word(text, start)
    if text[start].isupper() and is_title(before) and before.lower() not in TITLE_OK_BEFORE:
        return False
    season = text[start:end].split()[-1]
    if words[0] in ("the", season.lower()) and season.istitle() and is_title(next_word(text, end)):
        return False  # "the Spring Branch" office, "Summer Palace": part of a name
    if words[0] in ("this", "last", "next", "past", "coming", "early", "late", "mid") or \
            _YEAR_END.search(span):
        return True
    if words[0] == "the":
        return words[-1] != "fall" or bool(_PUNCTUATION_AFTER.match(text[end:end + 2]))
    return before.lower() in SEASON_BEFORE


def check_same_period(text: str, start: int, end: int) -> bool:
    """``the same time`` needs a year (``the same time last year``): not ``at the same time``."""
    return not _TIME_END.search(text[start:end])


def check_the_unit(text: str, start: int, end: int) -> bool:
    """``the year`` as a time, not as a predicate: not ``2030 could be the year of ...``."""
    return prev_word(text, start).lower() not in COPULAS


#: A clock time (and its zone) right before a weekday makes the whole a TIME: ``15:00 GMT
#: Saturday``, ``3 p.m. EST Tuesday``, ``1500 GMT Friday``.
_ZONE = (r"(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT|JST|HKT|SGT|AEST|AEDT"
         r"|local time)")
_MERIDIEM = r"\s?[AaPp]\.?[Mm]\b\.?"
CLOCK_BEFORE = compile_regex(
    rf"(?:\b\d{{1,2}}:\d\d(?:{_MERIDIEM})?(?:\s+{_ZONE})?"
    rf"|\b\d{{1,2}}(?:\.\d\d)?{_MERIDIEM}(?:\s+{_ZONE})?"
    rf"|\b\d{{1,2}}\.\d\d\s+{_ZONE}|\b\d{{4}}\s+{_ZONE}|\b[Nn]oon|\b[Mm]idnight)"
    r"[^\S\n]+\Z")


def check_weekday(text: str, start: int, end: int) -> bool:
    """A weekday: not a TIME (``Tuesday night``, ``15:00 GMT Saturday``) nor a name (``The
    Saturday Paper``)."""
    if prev_word(text, start).lower() == "the" and is_title(next_word(text, end)) and \
            next_word(text, end).lower() not in MONTHS:
        return False
    if CLOCK_BEFORE.search(text, max(0, start - 24), start):
        return False
    return check_time_of_day(text, start, end)


def check_weekday_date(text: str, start: int, end: int) -> bool:
    """A full date: not followed by a count noun (``May 5 pct``)."""
    return next_word(text, end).lower() not in COUNT_NOUNS and check_time_of_day(text, start, end)


def always(text: str, start: int, end: int) -> bool:
    """No context check."""
    return True


class Family(NamedTuple):
    """One compiled family of date expressions: its kind, a cheap trigger that a text must
    contain for the family to be scanned at all, its context check, and the first words
    (lower-cased) its expressions can start with (see `start_positions`)."""

    kind: str
    regex: re.Pattern
    trigger: re.Pattern
    check: Callable[[str, int, int], bool]
    starts: frozenset[str]


_MONTH_TRIGGER = "(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|" \
                 "JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
_UNIT_TRIGGER = "day|week|month|year|decade|quarter|fortnight|centur|mth|mos|qtr"
TRIGGERS: dict[str, str] = {
    "iso": r"\d[-/]\d",
    "month": _MONTH_TRIGGER,
    "weekday": "day",
    "year": r"(?:19|20)\d\d",
    "decade": r"\d0['’]?s|ties|century",
    "relative": f"{_UNIT_TRIGGER}|{_MONTH_TRIGGER}",
    "unit": _UNIT_TRIGGER,
    "same": "same|comparable|corresponding|year.ago|year.earlier|prior-year|previous-year",
    "ago": "ago|earlier",
    "frequency": f"annu|daily|fortnightly|qtly|mtly|mthly|{_UNIT_TRIGGER}",
    "quarter": "quarter|qtr|half|Q[1-4]|[1-4]Q|H[12]",
    "fiscal": "fiscal|financial|calendar|FY",
    "season": "spring|summer|autumn|fall|winter",
    "deictic": "today|yesterday|tomorrow",
    "term": "term",
    "holiday": "Christmas|New Year|Boxing|Easter|Thanksgiving|Black Friday|Cyber Monday|"
               "Halloween|Valentine",
    "holiday_period": "(?i:holiday|christmas|festive)",
}

#: In the ``starts`` of a family, the words with a digit by their shape (`digit_shape`):
#: ``#12`` one or two digits, ``#3`` three, ``#year`` four from 1800 to 2099, ``#ord`` an
#: ordinal (``1st``, ``20th``), ``#mixed`` digits and letters (``Q3``, ``FY24``, ``1990s``);
#: ``#year'`` and ``#year-`` a ``#year`` before an apostrophe (``1990's``, ``2004's``) and
#: before a hyphen or slash (``2024-04-09``), where more families can start than at any
#: ``#year`` (see `digit_families`); ``'`` is an apostrophe before a number (``'90s``).
APOSTROPHE = "'"
_WEEKDAY_WORDS = " ".join([*WEEKDAYS, *(f"{d}s" for d in WEEKDAYS)])
_MONTH_WORDS = " ".join([*MONTHS, "jan feb mar apr jun jul aug sep sept oct nov dec"])
_NUMBER_WORDS = " ".join([*UNITS, *TENS])
_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"


def _family(kind: str, pattern: Callable[[], str], trigger: str,
            check: Callable[[str, int, int], bool] = always, *, starts: str) -> Family:
    return Family(kind, compile_regex(pattern(), re.IGNORECASE),
                  compile_regex(TRIGGERS[trigger], re.IGNORECASE), check, wordset(starts))


FAMILIES: list[Family] = [
    _family("date", pattern_iso, "iso", starts="#12 #year-"),
    _family("date", pattern_month_day, "month", check_weekday_date,
            starts=f"{_WEEKDAY_WORDS} {_MONTH_WORDS}"),
    _family("date", pattern_day_month, "month", check_weekday_date,
            starts=f"{_WEEKDAY_WORDS} the #12 #ord"),
    _family("month", pattern_month_year, "month", starts=_MONTH_WORDS),
    _family("month", pattern_month_range, "month", starts=f"the {' '.join(MONTHS)}"),
    _family("month", pattern_month, "month", check_month, starts=" ".join(MONTHS)),
    _family("weekday", pattern_weekday, "weekday", check_weekday, starts=_WEEKDAY_WORDS),
    _family("year", pattern_year, "year", check_year, starts="#year"),
    _family("decade", pattern_decade, "decade",
            starts=f"the early mid late #year' #ord #mixed ' {_ORDINAL_WORDS} twentieth twenty "
                   "nineteenth"),
    _family("relative", pattern_relative, "relative", check_duration,
            starts="earlier later so early late mid the last next past coming prior previous "
                   "every each this that current recent upcoming per"),
    _family("relative", pattern_ordinal_period, "unit", starts="the a"),
    _family("period", pattern_the_unit, "unit", check_the_unit,
            starts="the end start beginning middle"),
    _family("same", pattern_same_period, "same", check_same_period, starts="the"),
    _family("same", pattern_year_ago, "ago", starts="year quarter month week"),
    _family("duration", pattern_duration, "unit", check_duration,
            starts=f"the a an #12 #3 couple dozens hundreds thousands several many few some one "
                   f"{_NUMBER_WORDS}"),
    _family("duration", pattern_duration_adjective, "unit",
            starts=f"#12 #3 half {_NUMBER_WORDS}"),
    _family("bare", pattern_bare_units, "unit", check_bare_units,
            starts="days weeks months years decades"),
    _family("duration", pattern_unit_long, "unit",
            starts="year month week day decade yearlong monthlong weeklong daylong "
                   "decadelong"),
    _family("frequency", pattern_frequency, "frequency", check_frequency,
            starts="annual annually yearly quarterly monthly weekly daily biannual biannually "
                   "bi semi semiannual semiannually fortnightly biweekly bimonthly year month "
                   "quarter week the full whole entire half per qtly mthly mtly midyear mid"),
    _family("quarter", pattern_quarter, "quarter",
            starts="last this next the a #year' #ord #mixed current same previous latest prior "
                   "calendar fiscal first second third fourth final latter back "
                   + " ".join(MONTHS)),
    _family("fiscal", pattern_fiscal, "fiscal",
            starts="the current previous prior next last this coming same full new latest "
                   "fiscal financial calendar fy #year #mixed"),
    _family("season", pattern_season, "season", check_season,
            starts="the this last next early late mid past coming spring summer autumn fall "
                   "winter"),
    _family("deictic", pattern_deictic, "deictic", check_time_of_day,
            starts="earlier later today yesterday tomorrow the"),
    _family("deictic", pattern_term, "term", starts="the"),
    _family("holiday", pattern_holiday, "holiday",
            starts="christmas new boxing easter thanksgiving black cyber halloween valentine"),
    _family("holiday_period", pattern_holiday_period, "holiday_period",
            starts="the this last next holiday christmas festive"),
]


# --- where to try the families: keys and the words before them -----------------------------
#
# Scanning 24 regular expressions over a whole text is slow; nearly all of it holds no date.
# Every date expression contains a *key*: a year-like number (``2024``, ``1990s``, ``4/9``,
# ``Q3``, ``FY24``) or a key word (``April``, ``Tuesday``, ``years``, ``quarterly``,
# ``fiscal``, ``summer``, ``today``, ``same``...). Before its first key it holds only
# *chain words* (``the``, ``last``, ``five``, ``a couple of``, ``mid-``, numbers...). So
# one scan of the lower-cased text finds the keys, a walk back from each key over chain
# words finds where an expression can start, and each family is tried there (with
# ``match``) only if it can start with the word found there. This finds exactly what
# ``finditer`` over the whole text finds (`date_candidates_reference` does that; a test
# compares the two).

#: Words one of which every date expression holds (with a plural ``s``), besides numbers.
KEY_WORDS: list[str] = [
    *MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", *WEEKDAYS, "day", "week", "month", "year", "decade", "quarter", "fortnight",
    "weekend", "century", "centuries", "half", "same", "comparable", "corresponding",
    "annual", "annually", "yearly", "quarterly", "monthly", "weekly", "daily", "biannual",
    "biannually", "semiannual", "semiannually", "fortnightly", "biweekly", "bimonthly", "annum",
    "fiscal", "financial", "spring", "summer", "autumn", "fall", "winter", "today", "yesterday",
    "tomorrow", "term", "christmas", "easter", "thanksgiving", "halloween", "twenties",
    "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties",
    "qtr", "mth", "mos", "qtly", "mthly", "mtly", "midyear", "holiday", "festive",
    "yearlong", "monthlong", "weeklong", "daylong", "decadelong",
]
#: The characters a key can start with (every alternative of `KEY_RE`), tested first.
_KEY_FIRST = "[\\d" + "".join(sorted({w[0] for w in KEY_WORDS} | set("fqh"))) + "]"
#: A key in the lower-cased text after the non-word character before it (scanning for that
#: character first is twice as fast as for ``\b``, see `non_word_then`): in
#: ``" " + text.lower()``, a match starts where its key starts in the text.
KEY_RE = compile_regex(
    rf"{non_word_then(_KEY_FIRST)}(?:(?P<word>{literal_alternation(KEY_WORDS)})s?\b"
    r"|(?:1[89]|20)\d\d\w*|\d\d?(?=/\d)|\d0(?=['’]?s\b)\w*|(?:fy|q[1-4]|[1-4]q|h[12])\w*)"
)


def chain_words() -> frozenset[str]:
    """Every word a date expression may hold before its first key: the families' first
    words and every word written in their patterns, numbers and ordinals, ``s``."""
    words = set(wordset(f"{_NUMBER_WORDS} {_ORDINAL_WORDS} s"))
    for family in FAMILIES:
        words |= family.starts
        words.update(re.findall(r"[a-z]+", family.regex.pattern.lower()))
    return frozenset(w for w in words if w.isalpha())


#: One step back over a chain word in the *reversed* lower-cased text: the separator (spaces,
#: a hyphen, slash, comma, period or apostrophe) and the word, or a word with a digit.
CHAIN_STEP_RE = compile_regex(
    r"[\s\-–/,.'’]+(?:(?P<word>" + literal_alternation(w[::-1] for w in chain_words())
    + r")|(?P<digits>(?=\w*\d)\w+))(?!\w)"
)


def _first_words_index() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Which families (their indexes) may start at a word (or a digit shape, see
    `digit_shape`), and at an apostrophe."""
    by_word: dict[str, list[int]] = {}
    for i, family in enumerate(FAMILIES):
        for word in family.starts:
            by_word.setdefault(word, []).append(i)
    apostrophe = tuple(by_word.pop(APOSTROPHE, ()))
    return {w: tuple(ids) for w, ids in by_word.items()}, apostrophe


FIRST_WORDS, APOSTROPHE_FAMILIES = _first_words_index()


def _key_families() -> dict[str, frozenset[int]]:
    """Which families (their indexes) can hold each key word of `KEY_WORDS`: those whose
    regex writes a word containing it (``year`` in ``years`` or ``year-ago``; the words of a
    pattern are its runs of letters, also with the optional hyphens taken out, so that
    ``semi-?annual`` holds ``semiannual``). The families write every word they match
    as such a run (none matches a word with a class such as ``\\w+``)."""
    words = []
    for family in FAMILIES:
        pattern = family.regex.pattern.lower()
        words.append(set(re.findall(r"[a-z]+", pattern))
                     | set(re.findall(r"[a-z]+", pattern.replace("-?", ""))))
    return {key: frozenset(i for i, found in enumerate(words) if any(key in w for w in found))
            for key in KEY_WORDS}


#: The families that can hold each key word. An expression that starts before a key (at a
#: chain word) holds that key, the first after where it starts: only these families are
#: tried there (`start_positions`).
KEY_FAMILIES = _key_families()
#: `FIRST_WORDS` for the chain before each key word: the families that can start at a word
#: and hold the key.
_FIRST_WORDS_BEFORE: dict[str, dict[str, tuple[int, ...]]] = {
    key: {word: tuple(i for i in ids if i in keyed) for word, ids in FIRST_WORDS.items()}
    for key, keyed in KEY_FAMILIES.items()}
_ORDINAL_NUMBER = compile_regex(r"\d+(?:st|nd|rd|th)")


def digit_shape(word: str) -> str:
    """The shape of a lower-cased word with a digit, as the ``starts`` of the families
    name it; ``""`` for a number no family starts with (``1000``, ``155000``).

    >>> [digit_shape(w) for w in ("9", "155", "1987", "1000", "20th", "q3", "1990s")]
    ['#12', '#3', '#year', '', '#ord', '#mixed', '#mixed']
    """
    if word.isdecimal():
        if len(word) <= 3:
            return "#12" if len(word) <= 2 else "#3"
        return "#year" if len(word) == 4 and word[:2] in ("18", "19", "20") else ""
    return "#ord" if _ORDINAL_NUMBER.fullmatch(word) else "#mixed"


#: The shapes of a ``#year`` by the character after it.
_YEAR_BEFORE = {"'": "#year'", "’": "#year'", "-": "#year-", "/": "#year-"}


@lru_cache(maxsize=4096)
def digit_families(word: str, after: str = "") -> tuple[int, ...]:
    """The families that may start at a lower-cased word with a digit, before the character
    ``after`` (a ``#year`` before an apostrophe, hyphen or slash: ``#year'``, ``#year-``).

    >>> [[FAMILIES[i].kind for i in digit_families("1990", a)] for a in (" ", "'")]
    [['year', 'fiscal'], ['year', 'decade', 'quarter', 'fiscal']]
    """
    shape = digit_shape(word)
    ids = FIRST_WORDS.get(shape, ())
    if shape == "#year" and after in _YEAR_BEFORE:
        ids = tuple(sorted({*ids, *FIRST_WORDS.get(_YEAR_BEFORE[after], ())}))
    return ids


_REGEXES = [family.regex for family in FAMILIES]
#: Characters that ``re.IGNORECASE`` matches to an ASCII letter but ``str.lower`` does not
#: turn into one (``ſ`` is an ``s``): a text with one is scanned the slow way.
_CASE_TRAPS = compile_regex("[İıſ]")


# --- assembling the spans ------------------------------------------------------------------


class Candidate(NamedTuple):
    """A date candidate: character offsets and the family kind that found it."""

    start: int
    end: int
    kind: str


#: A period that can end at a date: ``the year``, ``the three months``, ``the fiscal year``.
PERIOD_HEAD = compile_regex(
    r"(?:the|fiscal)\s+(?:\S+\s+)*?(?:year|months?|weeks?|quarter|half|period|days)\Z",
    re.IGNORECASE)
PERIOD_LINK = compile_regex(
    rf"{S}(?:ended|ending|to|through|thru|until){_opt(S + 'in')}"
    rf"{_opt(S + 'the' + S + 'end' + S + 'of')}{S}\Z", re.IGNORECASE)
#: Kinds that a period may end at, and kinds that may take a left modifier.
END_KINDS = frozenset({"date", "month", "year", "fiscal", "weekday"})
POINT_KINDS = frozenset({"month", "year", "decade", "relative", "period", "quarter", "fiscal",
                         "season", "date"})
LEFT_MODIFIER = compile_regex(
    B + _alt(_opt("the" + S) + _opt("very" + S) + _alt(
        "end", "beginning", "start", "middle", "turn", "rest", "remainder", "whole", "bulk",
        "close", "course", "balance") + S + "of" + S,
         _alt("early", "late", "mid") + _alt("-", S),
         _alt("mid", "end", "start", "pre", "post") + "-") + r"\Z",
    re.IGNORECASE)
NO_SHORT_MODIFIER = compile_regex(r"(?:early|late|mid)", re.IGNORECASE)
#: How `LEFT_MODIFIER` must end (``of ``, ``early``, ``mid-``...), reversed: matched at the
#: start of the reversed text before a span, it rules most spans out cheaply.
_MODIFIER_END_REVERSED = compile_regex(r"[\s-]+(?:fo|ylrae|etal|dim|dne|trats|erp|tsop)",
                                    re.IGNORECASE)


def start_positions(text: str) -> list[tuple[int, tuple[int, ...]]] | None:
    """Where a date expression can start, in order, with the families (indexes) that can
    start there (and, before a key word, hold it: `KEY_FAMILIES`); None for a text that
    must be scanned the slow way. ``mid`` starts decades, relative dates and seasons, but
    of these only a relative date (``mid last May``) can hold ``May``:

    >>> [(p, [FAMILIES[i].kind for i in ids]) for p, ids in start_positions("since mid-May")]
    [(6, ['relative']), (10, ['date', 'month', 'month', 'month', 'quarter'])]
    """
    if not text.isascii() and _CASE_TRAPS.search(text):
        return None
    low = text.lower()
    rev = low[::-1]
    n = len(low)
    out: list[tuple[int, tuple[int, ...]]] = []
    floor = 0
    for key in KEY_RE.finditer(" " + low):
        start, end = key.span()
        if start > floor:
            out.extend(_chain_before(rev, n, start, floor, key.group("word")))
        if start and text[start - 1] in "'’":
            out.append((start - 1, APOSTROPHE_FAMILIES))
        word = low[start:end - 1]
        ids = FIRST_WORDS.get(word) or (
            () if key.lastgroup else digit_families(word, low[end - 1:end]))
        if ids:
            out.append((start, ids))
        floor = end - 1
    return out


def _chain_before(rev: str, n: int, start: int, floor: int, key: str | None
                  ) -> list[tuple[int, tuple[int, ...]]]:
    """The chain words right before ``start`` (not before ``floor``), in text order, with
    the families that can start at each and, before a key word ``key``, hold it
    (`KEY_FAMILIES`; any family before a key with a digit, ``key`` None)."""
    chain: list[tuple[int, tuple[int, ...]]] = []
    keyed = KEY_FAMILIES.get(key) if key else None
    first_words = FIRST_WORDS if keyed is None else _FIRST_WORDS_BEFORE[key]
    step = CHAIN_STEP_RE.match(rev, n - start)
    while step:
        word_start = n - step.end()
        if word_start < floor:
            break
        word = step.group("word")
        if word:
            ids = first_words.get(word[::-1], ())
        else:  # a word with a digit, and the character after it
            digits = step.start("digits")
            ids = digit_families(step.group("digits")[::-1], rev[digits - 1:digits])
            if ids and keyed is not None:
                ids = tuple(i for i in ids if i in keyed)
        if ids:
            chain.append((word_start, ids))
        step = CHAIN_STEP_RE.match(rev, step.end())
    chain.reverse()
    return chain


def family_matches(text: str, starts: list[tuple[int, tuple[int, ...]]]
                   ) -> dict[int, list[tuple[int, int]]]:
    """Each family's matches (spans, by family index) at the given start positions, as
    ``finditer`` gives them: left to right, none starting inside the family's previous
    match. Raises ValueError on an empty match (none of the families can match nothing)."""
    found: dict[int, list[tuple[int, int]]] = {}
    ends: dict[int, int] = {}
    regexes = _REGEXES
    for pos, ids in starts:
        for i in ids:
            if pos >= ends.get(i, 0):
                m = regexes[i].match(text, pos)
                if m:
                    end = m.end()
                    if end == pos:
                        raise ValueError(f"empty match of family {i}")
                    found.setdefault(i, []).append((pos, end))
                    ends[i] = end
    return found


def _triggered(family: Family, text: str, spans: list[tuple[int, int]]) -> bool:
    """True when ``text`` holds the family's trigger (looked for in its matches first)."""
    trigger = family.trigger
    for start, end in spans:
        if trigger.search(text, start, end):
            return True
    return bool(trigger.search(text))


def date_candidates(text: str) -> list[Candidate]:
    """Every candidate of every family that passes its context check (overlapping), family
    by family; the same as `date_candidates_reference`, found faster.

    >>> date_candidates("in April")
    [Candidate(start=3, end=8, kind='month')]
    """
    starts = start_positions(text)
    if starts is None:
        return date_candidates_reference(text)
    try:
        found = family_matches(text, starts)
    except ValueError:
        return date_candidates_reference(text)
    out = []
    for i in sorted(found):  # family by family
        family, spans = FAMILIES[i], found[i]
        if _triggered(family, text, spans):
            check, kind = family.check, family.kind
            out.extend(Candidate(start, end, kind) for start, end in spans
                       if check(text, start, end))
    return out


def date_candidates_reference(text: str) -> list[Candidate]:
    """`date_candidates` the plain way: every family's ``finditer`` over the whole text."""
    out = []
    for family in FAMILIES:
        if not family.trigger.search(text):
            continue
        for m in family.regex.finditer(text):
            if m.end() > m.start() and family.check(text, m.start(), m.end()):
                out.append(Candidate(m.start(), m.end(), family.kind))
    return out


def longest_first(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: the longest wins, then the earliest; sorted by start."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        start, end = c.start, c.end
        for s, e in taken:
            if end > s and start < e:
                break
        else:
            chosen.append(c)
            taken.append((start, end))
    return sorted(chosen)


def join_periods(text: str, spans: list[Candidate]) -> list[Candidate]:
    """``the three months`` + `` to `` + ``31 December`` -> one span (also `` to the end
    of `` + ``March``)."""
    out: list[Candidate] = []
    for c in spans:
        if out:
            prev = out[-1]
            gap = text[prev.end:c.start]
            if (c.kind in END_KINDS and PERIOD_LINK.fullmatch(gap)
                    and PERIOD_HEAD.fullmatch(text[prev.start:prev.end])):
                out[-1] = Candidate(prev.start, c.end, "period")
                continue
        out.append(c)
    return out


#: A part of a period before ``of`` and the period: ``the first quarter`` of ``each year``,
#: ``the second week`` of ``March``, ``the first eight months`` of ``fiscal 1986/87``,
#: ``Q2`` of ``last year``.
PART_KINDS = frozenset({"relative", "quarter", "period", "same"})
WHOLE_KINDS = frozenset({"month", "year", "fiscal", "relative", "date", "season", "decade",
                         "quarter"})
PART_END = compile_regex(r"(?:quarter|half|week|month|year|day|period)s?\Z|\b[QH][1-4]\Z",
                         re.IGNORECASE)
OF_GAP = compile_regex(rf"{S}of{S}\Z", re.IGNORECASE)
SPACE_GAP = compile_regex(rf"{S}\Z")
THE_BEFORE = compile_regex(r"\bthe[^\S\n]+\Z", re.IGNORECASE)
ORDINAL_START = compile_regex(r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)\b",
                           re.IGNORECASE)


def join_parts(text: str, spans: list[Candidate]) -> list[Candidate]:
    """A part and the period it is part of are one span: ``the first quarter`` + `` of ``
    + ``each year``; a year before its quarter: ``1987`` + ``first quarter``."""
    out: list[Candidate] = []
    for c in spans:
        if out:
            prev = out[-1]
            gap = text[prev.end:c.start]
            if (prev.kind in PART_KINDS and c.kind in WHOLE_KINDS and OF_GAP.fullmatch(gap)
                    and PART_END.search(text, prev.start, prev.end)):
                out[-1] = Candidate(prev.start, c.end, prev.kind)
                continue
            if (prev.kind == "year" and c.kind == "quarter" and SPACE_GAP.fullmatch(gap)
                    and ORDINAL_START.match(text, c.start)):
                the = THE_BEFORE.search(text, max(0, prev.start - 8), prev.start)
                floor = out[-2].end if len(out) > 1 else 0
                start = the.start() if the and the.start() >= floor else prev.start
                out[-1] = Candidate(start, c.end, "quarter")  # ``the 1986 fourth quarter``
                continue
        out.append(c)
    return out


def add_left_modifiers(text: str, spans: list[Candidate]) -> list[Candidate]:
    """``the end of`` + ``2004``, ``early`` + ``October``, ``mid-`` + ``2024``."""
    out: list[Candidate] = []
    for c in spans:
        floor = out[-1].end if out else 0
        low = max(floor, c.start - 40)
        if c.kind in POINT_KINDS and _MODIFIER_END_REVERSED.match(text[low:c.start][::-1]):
            m = LEFT_MODIFIER.search(text, low, c.start)
            if m and not (c.kind == "date" and NO_SHORT_MODIFIER.match(m.group())):
                c = Candidate(m.start(), c.end, c.kind)
        out.append(c)
    return out


#: ``a``/``an`` + a quarter or half (``a first quarter``), nothing after it.
_ARTICLE_PERIOD = compile_regex(
    rf"(?i)an?{S}()(?:fiscal{S})?\w+[\s-]+(?:fiscal{S})?(?:quarter|half)$")
#: Words after which ``a first quarter`` is the period itself (``for a third quarter in a
#: row``), not a modifier of a noun (``a first quarter loss``).
_PERIOD_HEAD_NEXT = frozenset({
    "in", "of", "to", "and", "or", "ended", "ending", "that", "when", "as", "for", "from",
    "since", "after", "before", "than", "running", "straight",
})


def drop_article_of_noun(text: str, spans: list[Candidate]) -> list[Candidate]:
    """``a first quarter loss``: the article belongs to ``loss``, the date is ``first
    quarter`` (OntoNotes' ``a first-quarter loss``); ``for a third quarter in a row`` keeps
    it."""
    out = []
    for c in spans:
        article = _ARTICLE_PERIOD.match(text, c.start, c.end)
        if article:
            nxt = next_word(text, c.end)
            if nxt[:1].islower() and nxt.lower() not in _PERIOD_HEAD_NEXT:
                c = Candidate(article.end(1), c.end, c.kind)
        out.append(c)
    return out


def find_dates(text: str) -> list[tuple[int, int]]:
    """Character spans of DATE in ``text``: sorted, non-overlapping (see the module docstring).

    >>> text = "He said on Tuesday that 2027 is 17 years from now."
    >>> [text[s:e] for s, e in find_dates(text)]
    ['Tuesday', '2027', '17 years from now']
    """
    spans = longest_first(date_candidates(text))
    spans = add_left_modifiers(text, join_parts(text, join_periods(text, spans)))
    return [(c.start, c.end) for c in drop_article_of_noun(text, spans)]
