"""TIMEX3-style normalization of the DATE spans that :mod:`pipeline.grammar.dates` finds.

``normalize_date(text, start, end, doc_date)`` returns a dict with at least ``type``
(``DATE``, ``DURATION`` or ``SET``) and ``value`` (a TIMEX3 value string, or None):

>>> normalize_date("He said on Tuesday.", 11, 18, "2024-04-09")["value"]
'2024-04-09'
>>> normalize_date("sales rose last year", 11, 20, "2024-04-09")["value"]
'2023'
>>> normalize_date("for 17 years", 4, 12, None)
{'type': 'DURATION', 'value': 'P17Y'}

Value conventions (TIMEX3 / TimeML, ISO 8601), with the choices the guidelines leave open:

- Dates at their own granularity: ``2024``, ``2024-04``, ``2024-04-09``, ``2024-W15``
  (ISO week), ``2024-W15-WE`` (weekend), ``2024-Q1``, ``2024-H2``, ``2024-SU`` (seasons
  SP/SU/FA/WI), ``199`` (the 1990s), ``19`` (the 20th century).
- Fiscal years: ``FY`` + the calendar year in which the fiscal year ends (the US and UK
  convention: ``fiscal 2024`` -> ``FY2024``; ``1986/87`` -> ``FY1987``, with ``begin``
  and ``end`` years). ``the current fiscal year`` -> ``FY`` + document year.
- Durations: ``P17Y``, ``P90D``, ``P2W``; a quarter is ``P3M``, a decade ``P10Y``, a
  century ``P100Y``; a vague count gives ``X`` (``several weeks`` -> ``PXW``); a range
  keeps its lower bound in ``value`` and the upper one in ``upper``
  (``five to six years`` -> ``P5Y``, ``upper`` ``P6Y``).
- ``the past/last/next/coming [N] <unit>`` is a DURATION (``the past year`` -> ``P1Y``);
  ``last/next/this <unit>`` without "the" is a DATE (``last year`` -> ``2023``);
  ``the previous/following <unit>`` is a DATE one unit before/after the document date.
- Vague past/future references: ``PAST_REF`` (``recent years``, ``a few years ago``),
  ``FUTURE_REF`` (``coming months``, ``the near term``).
- Frequencies are SETs: ``annual``/``each year``/``a year`` after an amount -> ``P1Y``,
  ``quarterly`` -> ``P3M``, ``daily`` -> ``P1D``, ``Mondays`` -> ``XXXX-WXX-1``.
- ``year-on-year``, ``full-year`` and ``three-year`` are DURATIONs (``P1Y``, ``P1Y``,
  ``P3Y``); ``the year-ago period`` is the year before the document year.
- ``early``/``mid``/``late`` and ``the beginning/middle/end of`` add ``mod``
  START/MID/END; an approximator written just before the span adds ``mod`` (APPROX,
  LESS_THAN, MORE_THAN, EQUAL_OR_LESS, EQUAL_OR_MORE) without entering the span.
- Weekdays, months, quarters, halves and seasons without a year resolve to the nearest
  past or future one by the tense around the span (HeidelTime's rule): future cues
  (``will``, ``next``, ``is expected to``, ``plans to``, ``ahead of``) pick the next one,
  past cues (``said``, ``was``, verbs in ``-ed``) the last one, otherwise the nearest.
  The weekday of the document date itself resolves to the document date.
- Without a document date: absolute expressions resolve; cyclic ones get ``X``
  placeholders (``Tuesday`` -> ``XXXX-WXX-2``, ``April`` -> ``XXXX-04``, ``Q3`` ->
  ``XXXX-Q3``); deictic ones (``last year``, ``today``, ``two years ago``) give
  ``{"value": None, "unresolved": True, "anchor": "DCT", "offset": "-P1Y"}`` so that a
  caller who learns the date later can still resolve them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from pipeline.grammar.numbers import ORDINALS, literal_alternation, parse_number
from pipeline.grammar.regex_cache import compile_regex

# --- lexicon (shared with the grammar in pipeline/grammar/dates.py) -------------------

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sept": 9, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
    "saturday": 6, "sunday": 7,
}
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}
#: Middle month of each season, to find the nearest one.
SEASON_MONTH: dict[str, int] = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
#: Calendar units: (TIMEX3 duration unit, multiplier, granularity for dates).
UNITS: dict[str, tuple[str, int, str]] = {
    "day": ("D", 1, "D"), "week": ("W", 1, "W"), "fortnight": ("W", 2, "W"),
    "weekend": ("WE", 1, "WE"), "month": ("M", 1, "M"), "quarter": ("M", 3, "Q"),
    "year": ("Y", 1, "Y"), "decade": ("Y", 10, "DE"), "century": ("Y", 100, "CE"),
    "half": ("M", 6, "H"),
}
#: Frequency words and their SET period.
FREQUENCIES: dict[str, str] = {
    "annual": "P1Y", "annually": "P1Y", "yearly": "P1Y", "per annum": "P1Y",
    "quarterly": "P3M", "monthly": "P1M", "weekly": "P1W", "daily": "P1D",
    "biannual": "P6M", "biannually": "P6M", "bi-annual": "P6M", "semiannual": "P6M",
    "semi-annual": "P6M", "semiannually": "P6M", "semi-annually": "P6M",
    "fortnightly": "P2W", "biweekly": "P2W", "bimonthly": "P2M",
}
DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}
ORDINAL_WORDS: dict[str, int] = {
    **{k: v for k, v in ORDINALS.items() if k.isalpha()},
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "twentieth": 20,
    "twenty-first": 21, "nineteenth": 19, "eighteenth": 18,
}
#: Holidays with a fixed month and day.
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "boxing day": (12, 26),
    "halloween": (10, 31), "valentine's day": (2, 14), "independence day": (7, 4),
}
#: Values of a date known only by its granularity (``the first day``, ``a third year``).
PLACEHOLDERS: dict[str, str] = {
    "D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX",
    "H": "XXXX-HX", "Y": "XXXX", "DE": "XXX", "CE": "XX",
}
#: Vague counts: ``several weeks`` -> ``PXW``.
VAGUE_COUNTS = frozenset({
    "a few", "few", "several", "many", "some", "a number of", "dozens of", "hundreds of",
    "thousands of", "the few", "the several",
})
PAIR_COUNTS: dict[str, int] = {"a couple of": 2, "couple of": 2, "a couple": 2, "a dozen": 12}

SPAN_MOD: dict[str, str] = {
    "early": "START", "beginning": "START", "start": "START", "mid": "MID",
    "middle": "MID", "late": "END", "end": "END", "close": "END", "turn": "END",
    "pre": "BEFORE", "post": "AFTER",
}
APPROXIMATORS: list[tuple[str, str]] = [
    (r"(?:about|around|roughly|approximately|some|nearly|almost|close to|just under)", "APPROX"),
    (r"(?:less than|fewer than|shorter than)", "LESS_THAN"),
    (r"(?:more than|longer than|upwards of)", "MORE_THAN"),
    (r"(?:up to|no more than|at most)", "EQUAL_OR_LESS"),
    (r"(?:at least|no less than)", "EQUAL_OR_MORE"),
]

_MONTH_RE = "|".join(sorted([*MONTHS, *MONTH_ABBREVIATIONS], key=len, reverse=True))
_UNIT_RE = (r"(?:days?|weeks?|fortnights?|weekends?|months?|quarters?|years?|decades?|"
            r"centur(?:y|ies))")
_YEAR_RE = r"(?:1[89]|20)\d\d"


# --- context: document date and tense ---------------------------------------------------


class NeedsContext(Exception):
    """A rule asked a `Context` made without the text for the text around the span;
    ``step`` is the step of `normalize_text` that asked (set as the exception leaves it)."""

    step = 0


class Context:
    """What a value is resolved against: the document date, the tense around the span
    (``"past"``, ``"future"`` or None; found when a rule first asks) and the text before it.

    A context made without ``text`` raises `NeedsContext` when a rule asks for those: the
    value of a span that no rule asks them for depends only on the span and the document
    date, and `normalize_date` keeps it for the next span with the same text and date.
    """

    __slots__ = ("dct", "_text", "_start", "_end", "_tense")

    def __init__(self, dct: date | None, text: str | None = None, start: int = 0,
                 end: int = 0) -> None:
        self.dct = dct
        self._text = text
        self._start = start
        self._end = end
        self._tense: str | None | bool = False  # False: not looked for yet

    @property
    def tense(self) -> str | None:
        """The tense around the span (see `tense_around`); None without a document date."""
        if self.dct is None:
            return None
        if self._tense is False:
            if self._text is None:
                raise NeedsContext
            self._tense = tense_around(self._text, self._start, self._end)
        return self._tense  # type: ignore[return-value]

    @property
    def before(self) -> str:
        """The text before the span (600 characters at most)."""
        if self._text is None:
            raise NeedsContext
        return self._text[max(0, self._start - 600):self._start]


def parse_doc_date(doc_date: str | None) -> date | None:
    """The document date from an ISO string (``2024-04-09``, ``2024-04-09T10:00``), or None."""
    if not doc_date or not isinstance(doc_date, str):
        return None
    return _parse_iso_date(doc_date)


@lru_cache(maxsize=256)
def _parse_iso_date(doc_date: str) -> date | None:
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", doc_date)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


#: Words that make the sentence around a span future (``will``, ``plans to``) or past
#: (``said``, ``was``, ``ago``; and every lower-case word in ``-ed``, see `_PAST_CUES`).
FUTURE_CUES: list[str] = [
    "will", "won't", "shall", "'ll", "would", "going to", "is to", "are to", "expect to",
    "expects to", "expected to", "plan to", "plans to", "planned", "planning", "intend to",
    "intends to", "scheduled", "due", "ahead of", "upcoming", "next", "forecast", "forecasts",
    "aim to", "aims to", "set to", "hope to", "hopes to", "until", "till", "to begin",
    "to start", "to launch", "could", "should", "might",
]
PAST_CUES: list[str] = [
    "said", "told", "was", "were", "had", "did", "made", "took", "gave", "came", "went", "saw",
    "got", "found", "began", "became", "fell", "rose", "grew", "sold", "bought", "paid", "won",
    "lost", "left", "met", "held", "led", "brought", "thought", "knew", "wrote", "spoke", "ran",
    "chose", "drove", "flew", "sent", "spent", "built", "kept", "meant", "stood", "struck",
    "fought", "caught", "broke", "ago", "last", "since", "earlier", "previously", "former",
]
LL = "'ll"
_FUTURE = rf"{literal_alternation(set(FUTURE_CUES) - {LL}, space=' ')}|(?-i:may)"
_PAST = rf"(?-i:{literal_alternation(PAST_CUES, space=' ')}|[a-z]{{2,}}ed)"
#: Where a future or a past cue starts, after the non-word character before it (in
#: ``" " + chunk``; scanning for that character first is fast): the cues as prefix trees
#: (a space is one space; no cue is a prefix of another that could end at a word boundary
#: too) find what the plain alternations ``\b(?:will|won't|...)\b`` and
#: ``\b(?:said|told|...|[a-z]{2,}ed)\b`` would. Only ``'ll`` starts with no word character.
_CUES_RE = compile_regex(
    rf"\W(?:(?=(?P<future>{_FUTURE})\b)(?=(?P<past>{_PAST})\b)?|(?=(?P<past_only>{_PAST})\b))",
    re.I)
_FUTURE_LL = compile_regex(rf"\b{LL}\b", re.I)
_NOT_PAST = frozenset({
    "need", "indeed", "proceed", "exceed", "succeed", "speed", "feed", "seed", "bed", "red",
    "shed", "hundred", "based", "expected", "scheduled", "planned", "proposed", "limited",
    "related", "listed", "united", "advanced", "detailed", "used", "supposed", "concerned",
    "interested", "closed", "combined", "estimated", "projected", "anticipated", "owned",
    "embed", "breed", "weed", "deed", "greed", "sacred", "kindred",
})


_SENTENCE_END = compile_regex(r"[.?!](?:\s|$)|\n\n")


def sentence_window(text: str, start: int, end: int, reach: int = 200) -> tuple[str, str]:
    """The text of the span's sentence before and after it (at most ``reach`` characters)."""
    left = text[max(0, start - reach):start]
    cut = max(left.rfind(". "), left.rfind("\n\n"), left.rfind("? "), left.rfind("! "))
    if cut >= 0:
        left = left[cut + 2:]
    right = text[end:end + reach]
    m = _SENTENCE_END.search(right)
    if m:
        right = right[:m.start()]
    return left, right


def tense_cues(chunk: str, pos: int = 0, end: int | None = None
               ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where the future cues (``will``, ``plans to``, ``'ll``...) and the past cues
    (``said``, ``ago``, words in ``-ed`` but not ``need``, nor the participle of ``to be
    published``) stand in ``chunk[pos:end]``; as two ``finditer`` scans of the whole chunk
    find them there, in one (``pos`` and ``end`` must be places no cue spans: `_near_cut`).

    >>> tense_cues("It will ship; it was to be published; we'll need it.")
    ([(3, 7), (40, 43)], [(17, 20)])
    """
    end = len(chunk) if end is None else end
    future: list[tuple[int, int]] = []
    past: list[tuple[int, int]] = []
    future_end = 0
    for m in _CUES_RE.finditer(" " + chunk, pos, end + 1):
        if m.start("future") > 0 and m.start("future") - 1 >= future_end:
            future.append((m.start("future") - 1, m.end("future") - 1))
            future_end = m.end("future") - 1
        group = "past" if m.start("past") > 0 else "past_only"
        start, stop = m.start(group) - 1, m.end(group) - 1
        if start >= 0 and _is_past_cue(chunk, start, stop):
            past.append((start, stop))
    if LL in chunk.lower():
        future = sorted(future + [m.span() for m in _FUTURE_LL.finditer(chunk, pos, end)])
    return future, past


#: The first words of the cues of two words (``going to``, ``is to``...).
_CUE_FIRST_WORD = compile_regex(
    rf"\b{literal_alternation({c.split()[0] for c in FUTURE_CUES if ' ' in c})}\Z", re.I)
#: How near the end of the text before a span a cue is looked for first.
NEAR = 48


def _near_cut(chunk: str, end: int) -> int:
    """A place about `NEAR` characters before ``end`` that no cue spans (after a space, not
    after the first word of a two-word cue), before ``end``; 0 if there is none."""
    space = chunk.find(" ", max(0, end - NEAR), end - 1)
    while space > 0:
        if not _CUE_FIRST_WORD.search(chunk, max(0, space - 12), space):
            return space + 1
        space = chunk.find(" ", space + 1, end - 1)
    return 0


def _nearest_cue_before(left: str) -> tuple[int, str] | None:
    """(distance, tense) of the cue nearest to the end of ``left``: the last one (a future
    one on a tie). Looked for from the end back, `NEAR` characters at a time: a cue found
    beats every cue before it."""
    end = len(left)
    while end > 0:
        cut = _near_cut(left, end)
        future, past = tense_cues(left, cut, end)
        best = (len(left) - future[-1][1], "future") if future else None
        if past and (best is None or len(left) - past[-1][1] < best[0]):
            best = (len(left) - past[-1][1], "past")
        if best:
            return best
        end = cut
    return None


def _first_cues_after(right: str, limit: int) -> tuple[int | None, int | None]:
    """Where the first future cue and the first past cue start in ``right``, if before
    ``limit`` (the scan stops there)."""
    first_future = first_past = None
    for m in _CUES_RE.finditer(" " + right):
        if m.end() - 1 >= limit:
            break
        if first_future is None and m.start("future") > 0:
            first_future = m.start("future") - 1
        group = "past" if m.start("past") > 0 else "past_only"
        start, end = m.start(group) - 1, m.end(group) - 1
        if first_past is None and start >= 0 and _is_past_cue(right, start, end):
            first_past = start
        if first_future is not None and first_past is not None:
            break
    if LL in right.lower():
        ll = _FUTURE_LL.search(right)
        if ll and (first_future is None or ll.start() < first_future):
            first_future = ll.start()
    return first_future, first_past


def _is_past_cue(chunk: str, start: int, end: int) -> bool:
    """A past cue that is a past tense: not ``need``, ``United``, ``to be published``."""
    word = chunk[start:end]
    if word.lower() in _NOT_PAST or (word[0].isupper() and start > 0):
        return False  # "United", names
    return chunk[max(0, start - 3):start].lower() != "be "  # not "to be published"


def tense_around(text: str, start: int, end: int) -> str | None:
    """``"future"``, ``"past"`` or None: the tense cue nearest to the span in its sentence
    (on a tie: before the span rather than after it, future rather than past).

    >>> tense_around("He said on Tuesday that it will ship on Friday.", 11, 18)
    'past'
    >>> tense_around("He said on Tuesday that it will ship on Friday.", 40, 46)
    'future'
    """
    left, right = sentence_window(text, start, end)
    before = _nearest_cue_before(left)
    best_dist, best = before if before else (len(left) + len(right) + 1, None)
    first_future, first_past = _first_cues_after(right, best_dist)
    if first_future is not None and first_future < best_dist:  # after the span: the first
        best, best_dist = "future", first_future
    if first_past is not None and first_past < best_dist:
        best = "past"
    return best


# --- calendar arithmetic ------------------------------------------------------------------


def shift(dct: date, gran: str, n: int) -> str:
    """The period ``n`` units of granularity ``gran`` away from ``dct``, as a TIMEX3 value.

    >>> shift(date(2024, 4, 9), "M", -1)
    '2024-03'
    >>> shift(date(2024, 4, 9), "Q", -1)
    '2024-Q1'
    >>> shift(date(2024, 4, 9), "W", 0)
    '2024-W15'
    """
    if gran == "Y":
        return f"{dct.year + n:04d}"
    if gran == "M":
        y, m = divmod(dct.year * 12 + dct.month - 1 + n, 12)
        return f"{y:04d}-{m + 1:02d}"
    if gran == "Q":
        y, q = divmod(dct.year * 4 + (dct.month - 1) // 3 + n, 4)
        return f"{y:04d}-Q{q + 1}"
    if gran == "H":
        y, h = divmod(dct.year * 2 + (dct.month - 1) // 6 + n, 2)
        return f"{y:04d}-H{h + 1}"
    if gran in ("W", "WE"):
        iso = (dct + timedelta(weeks=n)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if gran == "WE" else "")
    if gran == "DE":
        return str(dct.year // 10 + n)
    if gran == "CE":
        return str(dct.year // 100 + n)
    return (dct + timedelta(days=n)).isoformat()


def pick_year(dct: date, month: int, day: int | None, tense: str | None) -> int:
    """The year of a month (and day) written without one, by tense (see module docstring).

    >>> pick_year(date(2013, 3, 22), 10, None, "past")
    2012
    >>> pick_year(date(2013, 3, 22), 6, None, None)
    2013
    """
    here = month * 32 + (day if day else dct.day if month == dct.month else 16)
    now = dct.month * 32 + dct.day
    if day is None and month == dct.month:
        return dct.year
    if tense == "past":
        return dct.year if here <= now else dct.year - 1
    if tense == "future":
        return dct.year if here >= now else dct.year + 1
    diff = here - now
    if diff > 6 * 32:
        return dct.year - 1
    if diff < -6 * 32:
        return dct.year + 1
    return dct.year


def pick_cycle_year(dct: date, index: int, size: int, tense: str | None) -> int:
    """The year of quarter/half/season ``index`` (0-based, ``size`` per year) without a year."""
    now = (dct.month - 1) * size // 12
    if index == now:
        return dct.year
    if tense == "past":
        return dct.year if index < now else dct.year - 1
    if tense == "future":
        return dct.year if index > now else dct.year + 1
    diff = index - now
    if diff * 2 > size:
        return dct.year - 1
    if diff * 2 < -size:
        return dct.year + 1
    return dct.year


def weekday_date(dct: date, weekday: int, tense: str | None, rel: str | None = None) -> date:
    """The date of a weekday (1 = Monday) near ``dct``: ``rel`` is "last", "next" or None."""
    delta = weekday - dct.isoweekday()
    if rel == "last":
        return dct + timedelta(days=delta - 7 if delta >= 0 else delta)
    if rel == "next":
        return dct + timedelta(days=delta + 7 if delta <= 0 else delta)
    if delta == 0:
        return dct
    past = delta - 7 if delta > 0 else delta
    future = delta + 7 if delta < 0 else delta
    if tense == "past":
        return dct + timedelta(days=past)
    if tense == "future":
        return dct + timedelta(days=future)
    return dct + timedelta(days=past if -past < future else future)


def easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm).

    >>> easter(2024)
    datetime.date(2024, 3, 31)
    """
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


# --- small value builders ---------------------------------------------------------------


def _date(value: str | None, **extra: object) -> dict:
    return {"type": "DATE", "value": value, **extra}


def _unresolved(offset: str, kind: str = "DATE") -> dict:
    return {"type": kind, "value": None, "unresolved": True, "anchor": "DCT", "offset": offset}


def _relative(ctx: Context, gran: str, n: int) -> dict:
    """A date ``n`` units from the document date, or an unresolved record."""
    if ctx.dct is None:
        sign = "-" if n < 0 else "+" if n > 0 else ""
        unit = {"Q": "3M", "H": "6M", "DE": "10Y", "CE": "100Y", "WE": "W"}.get(gran, gran)
        mult = int(unit[:-1]) if unit[:-1].isdigit() else 1
        return _unresolved(f"{sign}P{abs(n) * mult}{unit[-1]}")
    return _date(shift(ctx.dct, gran, n))


def _fmt_number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


_COUNT_RANGE = compile_regex(r"(.+?)\s*(?:\bto\b|\bor\b|\band\b|-|–)\s*(.+)")
_MIXED_FRACTION = compile_regex(r"(\d+)[- ](\d)/(\d)")
_FIGURES = compile_regex(r"[\d,.]+")


def parse_count(s: str) -> tuple[float | None, float | None] | None:
    """A count phrase as (low, high); None for a vague count, no match -> None.

    >>> parse_count("five to six")
    (5, 6)
    >>> parse_count("several")
    (None, None)
    """
    s = s.strip()
    if s in VAGUE_COUNTS:
        return (None, None)
    if s in PAIR_COUNTS:
        return (PAIR_COUNTS[s], PAIR_COUNTS[s])
    m = _COUNT_RANGE.fullmatch(s)
    if m and not s.endswith("half"):
        if m[1] in VAGUE_COUNTS or m[2] in VAGUE_COUNTS:
            return (None, None)
        lo, hi = parse_number(m[1]), parse_number(m[2])
        if lo is not None and hi is not None:
            return (lo, hi)
    m = _MIXED_FRACTION.fullmatch(s)
    if m and int(m[3]):
        n = int(m[1]) + int(m[2]) / int(m[3])
        return (n, n)
    n = parse_number(s.replace(",", "") if _FIGURES.fullmatch(s) else s)
    return (n, n) if n is not None else None


def unit_of(word: str) -> tuple[str, int, str] | None:
    """The UNITS entry of a unit word, singular or plural (``centuries`` -> century)."""
    w = word.lower()
    if w == "centuries":
        w = "century"
    elif w.endswith("s") and w[:-1] in UNITS:
        w = w[:-1]
    return UNITS.get(w)


def duration(count: tuple[float | None, float | None], unit: tuple[str, int, str]) -> dict:
    """A DURATION record: ``(17, 17)`` years -> ``P17Y``; vague -> ``PXY``; range -> upper."""
    code, mult, _ = unit
    lo, hi = count
    if lo is None:
        return {"type": "DURATION", "value": f"PX{code}"}
    out = {"type": "DURATION", "value": f"P{_fmt_number(lo * mult)}{code}"}
    if hi is not None and hi != lo:
        out["upper"] = f"P{_fmt_number(hi * mult)}{code}"
    return out


# --- the rules ------------------------------------------------------------------------------

Handler = Callable[[re.Match, Context], "dict | None"]
_RULES: list[tuple[re.Pattern, Handler]] = []


def rule(pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler for span texts (lower-cased, single-spaced) that fully match."""

    def deco(fn: Handler) -> Handler:
        _RULES.append((compile_regex(pattern), fn))
        return fn

    return deco


_YEAR_TAIL_LEAD = compile_regex(r"^(?:the |of |in )+")
_YEAR = compile_regex(rf"({_YEAR_RE})")
_YEAR_PAIR = compile_regex(rf"(?:fiscal |financial )?({_YEAR_RE})\s?[/-]\s?(\d\d|{_YEAR_RE})")
_FISCAL_YEAR = compile_regex(rf"(?:fiscal|financial|fy) ?({_YEAR_RE}|'?\d\d)")
_RELATIVE_YEAR = compile_regex(r"(?:(this|current|same|last|previous|prior|preceding|next|coming|"
                            r"following) )?(?:fiscal |financial )?year(?: before)?")
#: How many years from the document year each word of `_RELATIVE_YEAR` means.
_YEAR_OFFSETS: dict[str, int] = {
    "this": 0, "current": 0, "same": 0, "last": -1, "previous": -1, "prior": -1,
    "preceding": -1, "next": 1, "coming": 1, "following": 1,
}


def year_value(s: str, ctx: Context) -> str | None:
    """The year (or fiscal year) that a tail like ``2005``, ``1986/87``, ``this year`` names."""
    s = s.strip()
    s = _YEAR_TAIL_LEAD.sub("", s)
    m = _YEAR.fullmatch(s)
    if m:
        return m[1]
    m = _YEAR_PAIR.fullmatch(s)
    if m:
        return fiscal_name(m[1], m[2])
    m = _FISCAL_YEAR.fullmatch(s)
    if m:
        return "FY" + _full_year(m[1])
    m = _RELATIVE_YEAR.fullmatch(s)
    if m and ctx.dct is not None:
        n = _YEAR_OFFSETS.get(m[1] or "this", 0) - (1 if s.endswith("before") else 0)
        return str(ctx.dct.year + n)
    if s in ("that year", "period"):
        return last_year_mentioned(ctx.before)
    return None


_MENTIONED_YEAR = compile_regex(rf"(?<![\d$£€,.]){_YEAR_RE}(?!\d)")


def last_year_mentioned(before: str) -> str | None:
    """The last four-digit year written in the text before the span (a narrative anchor)."""
    years = _MENTIONED_YEAR.findall(before)
    return years[-1] if years else None


def _full_year(s: str) -> str:
    s = s.lstrip("'’")
    if len(s) == 2:
        return ("19" if int(s) >= 50 else "20") + s
    return s


def fiscal_name(first: str, second: str) -> str:
    """``1986``/``87`` -> ``FY1987`` (a fiscal year is named by the year it ends in)."""
    end = second if len(second) == 4 else first[:2] + second
    if int(end) < int(first):
        end = str(int(first[:2]) + 1) + second
    return "FY" + end


@rule(r"(\d{4})[-/](\d{2})[-/](\d{2})")
def _iso(m: re.Match, ctx: Context) -> dict | None:
    """``2024-04-09``."""
    return _date(f"{m[1]}-{m[2]}-{m[3]}")


@rule(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
def _us_slash(m: re.Match, ctx: Context) -> dict | None:
    """``4/9/2024`` (month first, the US order)."""
    return _date(f"{_full_year(m[3])}-{int(m[1]):02d}-{int(m[2]):02d}")


@rule(rf"({_YEAR_RE})")
def _year(m: re.Match, ctx: Context) -> dict | None:
    """``2027``."""
    return _date(m[1])


@rule(rf"({_YEAR_RE}) ?([-/–]) ?(\d{{2}}|{_YEAR_RE})")
def _year_range(m: re.Match, ctx: Context) -> dict | None:
    """``1986/87`` -> FY1987; ``2009-2010`` -> 2009 with end 2010; ``2024-04`` -> 2024-04."""
    first, sep, second = m[1], m[2], m[3]
    if sep == "-" and len(second) == 2 and 1 <= int(second) <= 12 and int(second) <= int(first[2:]):
        return _date(f"{first}-{second}")
    end = second if len(second) == 4 else first[:2] + second
    if sep == "/":
        return _date(fiscal_name(first, second), begin=first, end=end)
    return _date(first, end=end)


@rule(r"(?:the )?(?:(early|mid|late)[- ])?(?:(1[89]|20)?(\d)0|'(\d)0)'?s")
def _decade(m: re.Match, ctx: Context) -> dict | None:
    """``the 1990s`` -> 199, ``the late 1990s`` (mod END), ``the '80s``."""
    century = m[2] or ("19" if int(m[3] or m[4]) >= 3 else "20")
    out = _date(f"{century}{m[3] or m[4]}")
    if m[1]:
        out["mod"] = SPAN_MOD[m[1]]
    return out


@rule(r"(?:the )?(?:(early|mid|late)[- ])?(twenties|thirties|forties|fifties|sixties|seventies|"
      r"eighties|nineties)")
def _decade_word(m: re.Match, ctx: Context) -> dict | None:
    """``the nineties`` -> 199."""
    out = _date(f"19{DECADE_WORDS[m[2]]}")
    if m[1]:
        out["mod"] = SPAN_MOD[m[1]]
    return out


@rule(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)[- ]century|(?:the )?([a-z-]+)[- ]century")
def _century(m: re.Match, ctx: Context) -> dict | None:
    """``the 20th century`` -> 19; ``the twenty-first century`` -> 20."""
    n = int(m[1]) if m[1] else ORDINAL_WORDS.get(m[2])
    if not n:
        return None
    return _date(f"{n - 1:02d}")


@rule(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(s)?(?:,? (.+))?")
def _weekday(m: re.Match, ctx: Context) -> dict | None:
    """``Tuesday``; ``Tuesday, April 9`` (the date wins); ``Mondays`` (a SET)."""
    if m[3]:
        return normalize_text(m[3], ctx)
    wd = WEEKDAYS[m[1]]
    if m[2]:
        return {"type": "SET", "value": f"XXXX-WXX-{wd}"}
    if ctx.dct is None:
        return _date(f"XXXX-WXX-{wd}")
    return _date(weekday_date(ctx.dct, wd, ctx.tense).isoformat())


def _month_day(month: int, day: int | None, year: str | None, ctx: Context) -> dict:
    if year:
        return _date(f"{year}-{month:02d}" + (f"-{day:02d}" if day else ""))
    if ctx.dct is None:
        return _date(f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""))
    y = pick_year(ctx.dct, month, day, ctx.tense)
    return _date(f"{y:04d}-{month:02d}" + (f"-{day:02d}" if day else ""))


def _month_number(word: str) -> int:
    w = word.rstrip(".")
    return MONTHS.get(w) or MONTH_ABBREVIATIONS[w]


@rule(rf"({_MONTH_RE})\.? (\d{{1,2}}|[a-z]+(?:-[a-z]+)?)(?:st|nd|rd|th)?"
      rf"(?:(?: ?[-–] ?| (?:and|to|through) )\d{{1,2}}(?:st|nd|rd|th)?)?(?:,? ({_YEAR_RE}))?")
def _mdy(m: re.Match, ctx: Context) -> dict | None:
    """``March 13, 2007``, ``April 9``, ``Sept. 5``, ``April One``; a range of days keeps
    its first (``March 10 and 31``, as ``March 10-31``)."""
    day = int(m[2]) if m[2].isdigit() else parse_number(m[2])
    if not isinstance(day, int) or not 1 <= day <= 31:
        return None
    return _month_day(_month_number(m[1]), day, m[3], ctx)


@rule(rf"(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH_RE})\.?(?:,? ({_YEAR_RE}))?")
def _dmy(m: re.Match, ctx: Context) -> dict | None:
    """``9 April 2024``, ``26 January``, ``the 14th of October``."""
    return _month_day(_month_number(m[2]), int(m[1]), m[3], ctx)


@rule(rf"({_MONTH_RE})\.?(?: of)?,? ?({_YEAR_RE}|(?:last|this|next) year)?")
def _month(m: re.Match, ctx: Context) -> dict | None:
    """``April 2025``, ``March of 2008``, ``April``, ``August last year``."""
    year = m[2]
    if year and not year[0].isdigit():
        year = year_value(year, ctx)
        if year is None:
            return _relative(ctx, "Y", {"last": -1, "this": 0, "next": 1}[m[2].split()[0]])
    return _month_day(_month_number(m[1]), None, year, ctx)


@rule(rf"(?:the )?({_MONTH_RE}) ?[-/] ?({_MONTH_RE})(?: ({_YEAR_RE}))?"
      r"(?: (?:period|quarter|season|half))?")
def _month_range(m: re.Match, ctx: Context) -> dict | None:
    """``the April-June period`` -> the first month, with ``end`` the last one."""
    first = _month_day(_month_number(m[1]), None, m[3], ctx)
    last = _month_day(_month_number(m[2]), None, m[3], ctx)
    return {**first, "end": last["value"]}


_ORDQ = r"(first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
_POSS = r"(?:(.+?)'s )?"


def _ordinal_index(word: str, size: int) -> int | None:
    if word in ("final", "last"):
        return size
    return ORDINAL_WORDS.get(word) or ORDINALS.get(word)


def _part_of_year(index: int, size: int, letter: str, tail: str | None, poss: str | None,
                  ctx: Context, fiscal: bool = False) -> dict | None:
    """``Q{index}``/``H{index}`` of the year a tail or possessive names, else by tense."""
    anchor = tail or poss
    if anchor:
        y = year_value(anchor, ctx)
        if y is None:
            return _date(f"XXXX-{letter}{index}") if ctx.dct is None else None
        return _date(f"{y}-{letter}{index}")
    if ctx.dct is None:
        return _date(f"{'FY' if fiscal else ''}XXXX-{letter}{index}")
    year = pick_cycle_year(ctx.dct, index - 1, size, ctx.tense)
    return _date(f"{'FY' if fiscal else ''}{year:04d}-{letter}{index}")


@rule(rf"{_POSS}(?:(?:the|a) )?(?:(?:current|same|previous|latest|prior|calendar) )?(fiscal )?"
      rf"{_ORDQ}[- ](fiscal )?quarter(?: (?:of )?(.+))?")
def _quarter(m: re.Match, ctx: Context) -> dict | None:
    """``the first quarter of 1987`` -> 1987-Q1; ``last year's first quarter``."""
    if m[3] == "last" and not (m[5] or m[1]):
        return None  # "the last quarter" is relative: see _relative_unit
    idx = _ordinal_index(m[3], 4)
    return _part_of_year(idx, 4, "Q", m[5], m[1], ctx, bool(m[2] or m[4]))


@rule(r"(?:(the|this|last|next) )?(?:holiday|christmas|festive)(?: shopping)? "
      r"(?:quarter|season|period)")
def _holiday_period(m: re.Match, ctx: Context) -> dict | None:
    """``the holiday quarter``, ``the Christmas season`` -> the fourth quarter (by tense;
    ``last``/``next``: of last or next year)."""
    tail = f"{m[1]} year" if m[1] in ("last", "next") else None
    return _part_of_year(4, 4, "Q", tail, None, ctx)


@rule(rf"{_POSS}(?:(?:the|a) )?{_ORDQ} (?:and|or|to) {_ORDQ} quarters(?: (?:of )?(.+))?")
def _quarters(m: re.Match, ctx: Context) -> dict | None:
    """``the third and fourth quarters of 1987`` -> 1987-Q3, with ``end`` 1987-Q4."""
    first = _part_of_year(_ordinal_index(m[2], 4), 4, "Q", m[4], m[1], ctx)
    last = _part_of_year(_ordinal_index(m[3], 4), 4, "Q", m[4], m[1], ctx)
    return {**first, "end": last.get("value")} if first and last else None


@rule(rf"{_POSS}(?:(?:the|a) )?({_MONTH_RE})[- ](quarter|qtr|half)(?: (?:of )?(.+))?")
def _month_quarter(m: re.Match, ctx: Context) -> dict | None:
    """``the June quarter`` -> <year>-Q2, ``the December half`` -> <year>-H2: the quarter or
    half that ends in that month."""
    month = _month_number(m[2])
    if m[3] == "half":
        return _part_of_year((month - 1) // 6 + 1, 2, "H", m[4], m[1], ctx)
    return _part_of_year((month - 1) // 3 + 1, 4, "Q", m[4], m[1], ctx)


@rule(rf"q([1-4])(?: ?(?:fy)?'?(\d{{2}}|{_YEAR_RE}))?|([1-4])q'?(\d\d)?")
def _q_form(m: re.Match, ctx: Context) -> dict | None:
    """``Q3`` -> quarter 3 of the document year (by tense), ``Q3 2024``, ``3Q24``."""
    idx = int(m[1] or m[3])
    y = m[2] or m[4]
    return _part_of_year(idx, 4, "Q", _full_year(y) if y else None, None, ctx)


@rule(r"([qh])([1-4]) of (.+)")
def _q_of(m: re.Match, ctx: Context) -> dict | None:
    """``Q2 of last year`` -> quarter 2 of the year the tail names, ``H1 of 2024``."""
    letter, size = ("Q", 4) if m[1] == "q" else ("H", 2)
    if int(m[2]) > size:
        return None
    return _part_of_year(int(m[2]), size, letter, m[3], None, ctx)


@rule(rf"{_POSS}(?:(?:the|a) )?(first|second|latter|last|back|final|front|1st|2nd)[- ]half"
      rf"(?: (?:of )?(.+))?")
def _half(m: re.Match, ctx: Context) -> dict | None:
    """``the second half of 2004`` -> 2004-H2; ``first-half``."""
    idx = 1 if m[2] in ("first", "front", "1st") else 2
    return _part_of_year(idx, 2, "H", m[3], m[1], ctx)


@rule(rf"h([12]) ?(\d{{2}}|{_YEAR_RE})")
def _h_form(m: re.Match, ctx: Context) -> dict | None:
    """``H1 2024``."""
    return _date(f"{_full_year(m[2])}-H{m[1]}")


@rule(r"(?:the )?(?:(current|previous|prior|next|last|this|coming|same|full|new|latest) )?"
      r"(fiscal|financial|calendar)[- ]year(?: (.+))?")
def _fiscal_year(m: re.Match, ctx: Context) -> dict | None:
    """``the current fiscal year`` -> FY + document year; ``fiscal year 2024`` -> FY2024;
    ``this calendar year`` -> the document year."""
    prefix = "" if m[2] == "calendar" else "FY"
    if m[3]:
        y = year_value(m[3], ctx)
        return _date(y if y and (y.startswith("FY") or not prefix) else f"FY{y}" if y else None)
    off = {"previous": -1, "prior": -1, "last": -1, "next": 1, "coming": 1}.get(m[1] or "", 0)
    if ctx.dct is None:
        return _unresolved(f"{'-' if off < 0 else '+' if off else ''}P{abs(off)}Y")
    return _date(f"{prefix}{ctx.dct.year + off}")


@rule(rf"calendar(?: year)? ({_YEAR_RE})")
def _calendar_year(m: re.Match, ctx: Context) -> dict | None:
    """``calendar 2016`` -> 2016 (the calendar year, as against the fiscal one)."""
    return _date(m[1])


@rule(rf"(?:the )?(?:fiscal|financial)(?: year)? "
      rf"('?\d\d|{_YEAR_RE}(?: ?[/-] ?(?:\d\d|{_YEAR_RE}))?)"
      rf"|fy ?('?\d\d|{_YEAR_RE})(?:[/-](\d\d|{_YEAR_RE}))?")
def _fiscal_named(m: re.Match, ctx: Context) -> dict | None:
    """``fiscal 2024`` -> FY2024, ``fiscal 1987/88`` -> FY1988, ``FY24`` -> FY2024."""
    if m[2]:
        first = _full_year(m[2])
        return _date(fiscal_name(first, m[3]) if m[3] else "FY" + first)
    y = year_value("fiscal " + m[1], ctx) if "/" in m[1] or "-" in m[1] else None
    return _date(y or "FY" + _full_year(m[1]))


@rule(rf"(?:the )?({_YEAR_RE}(?:[/-]\d\d)?) (?:fiscal|financial|calendar|tax) year")
def _year_fiscal_year(m: re.Match, ctx: Context) -> dict | None:
    """``the 2024 fiscal year`` -> FY2024."""
    y = year_value(m[1], ctx) or m[1]
    return _date(y if y.startswith("FY") or "calendar" in m[0] else "FY" + y)


@rule(rf"(?:the )?(?:fiscal|financial) {_ORDQ} (?:quarter|half)(?: (?:of )?(.+))?")
def _fiscal_quarter(m: re.Match, ctx: Context) -> dict | None:
    """``fiscal first quarter`` -> FY<year>-Q1."""
    letter, size = ("H", 2) if m[0].split(" of ")[0].endswith("half") else ("Q", 4)
    return _part_of_year(_ordinal_index(m[1], size), size, letter, m[2], None, ctx, True)


@rule(r"(?:(the|this|last|next|early|late|mid|past|coming)[- ])?(?:the )?"
      rf"(spring|summer|autumn|fall|winter)(?: (?:of )?({_YEAR_RE}))?")
def _season(m: re.Match, ctx: Context) -> dict | None:
    """``this summer`` -> 2024-SU, ``the spring``, ``summer 2008``, ``last summer``."""
    code = SEASONS[m[2]]
    mod = SPAN_MOD.get(m[1] or "")
    if m[3]:
        out = _date(f"{m[3]}-{code}")
    elif ctx.dct is None:
        out = _date(f"XXXX-{code}") if m[1] in (None, "the", "early", "late", "mid") \
            else _unresolved("P0Y")
    else:
        idx = (SEASON_MONTH[code] - 1) // 3
        now = (ctx.dct.month - 1) // 3
        if m[1] in ("this", "current"):
            year = ctx.dct.year
        elif m[1] in ("last", "past"):
            year = ctx.dct.year if idx < now else ctx.dct.year - 1
        elif m[1] in ("next", "coming"):
            year = ctx.dct.year if idx > now else ctx.dct.year + 1
        else:
            year = pick_cycle_year(ctx.dct, idx, 4, ctx.tense)
        out = _date(f"{year:04d}-{code}")
    if mod:
        out["mod"] = mod
    return out


@rule(r"(?:(earlier|later) )?(today|yesterday|tomorrow)|the day (before yesterday|after tomorrow)")
def _deictic(m: re.Match, ctx: Context) -> dict | None:
    """``today``, ``yesterday``, ``earlier today``, ``the day before yesterday``."""
    n = {"today": 0, "yesterday": -1, "tomorrow": 1,
         "before yesterday": -2, "after tomorrow": 2}[m[2] or m[3]]
    return _relative(ctx, "D", n)


@rule(r"(?:the )?mid-?year")
def _midyear(m: re.Match, ctx: Context) -> dict | None:
    """``midyear`` -> the document year, mod MID."""
    out = _relative(ctx, "Y", 0)
    out["mod"] = "MID"
    return out


@rule(r"the (?:near|short|long|medium)[- ]term")
def _term(m: re.Match, ctx: Context) -> dict | None:
    """``the near term`` -> FUTURE_REF."""
    return _date("FUTURE_REF")


_YEAR_OR_PAIR = compile_regex(rf"{_YEAR_RE}(?:[/-]\d\d)?")
_YEAR_BEFORE = compile_regex(r"year[- ](?:ago|earlier)|a year (?:earlier|ago|before)|last year|"
                          r"(?:previous|prior|preceding) year|year before")


@rule(r"the (?:(?:same|comparable|corresponding|like|year-ago|year-earlier|year ago|prior-year|"
      r"previous-year) ){1,2}(?:(\S+) )?(?:period|periods|quarter|month|months|week|day|year|time|"
      r"half|stretch|season)(?: (.+))?|the (year-ago|year-earlier) (?:period|quarter|months?|year|"
      r"half|level|figure)")
def _same_period(m: re.Match, ctx: Context) -> dict | None:
    """``the same period a year earlier``, ``the year-ago period``, ``the same 1985/86 period``."""
    text = m[0]
    if m[1] and _YEAR_OR_PAIR.fullmatch(m[1]):
        return _date(year_value(m[1], ctx))
    tail = m[2] or ""
    y = year_value(tail, ctx) if tail else None
    if y:
        return _date(y)
    if _YEAR_BEFORE.search(text):
        return _relative(ctx, "Y", -1)
    return _date(None, unresolved=True, anchor="previous mention")


@rule(r"(?:year|quarter|month)-(?:ago|earlier)")
def _year_ago_adj(m: re.Match, ctx: Context) -> dict | None:
    """``year-ago`` (adjective) -> the year before."""
    gran = {"year": "Y", "quarter": "Q", "month": "M"}[m[0].split("-")[0]]
    return _relative(ctx, gran, -1)


@rule(r"(year|month|quarter|week|day)[- ](?:on|over)[- ](?:year|month|quarter|week|day)|"
      r"(year|month)[- ]to[- ]date")
def _comparison(m: re.Match, ctx: Context) -> dict | None:
    """``year-on-year`` -> DURATION P1Y; ``year-to-date`` -> the document year."""
    if m[2]:
        return _relative(ctx, m[2][0].upper(), 0)
    unit = UNITS[m[1]]
    return {"type": "DURATION", "value": f"P{unit[1]}{unit[0]}"}


@rule(r"(year|month|week|day|decade)-?long")
def _unit_long(m: re.Match, ctx: Context) -> dict | None:
    """``yearlong``, ``decade-long`` -> DURATION P1Y, P10Y."""
    code, mult, _ = UNITS[m[1]]
    return {"type": "DURATION", "value": f"P{mult}{code}"}


@rule(r"(?:the )?(full|whole|half|entire)[- ](year|quarter|month|week)")
def _full_year_phrase(m: re.Match, ctx: Context) -> dict | None:
    """``full-year``, ``the full year`` -> P1Y; ``half-year`` -> P6M; ``the entire week``."""
    if m[1] == "half":
        return {"type": "DURATION", "value": "P6M"}
    code, mult, _ = UNITS[m[2]]
    return {"type": "DURATION", "value": f"P{mult}{code}"}


@rule(r"(?:the )?year[- ]end")
def _year_end(m: re.Match, ctx: Context) -> dict | None:
    """``year-end`` -> the document year, mod END."""
    out = _relative(ctx, "Y", 0)
    out["mod"] = "END"
    return out


@rule(r"(annual|annually|yearly|per annum|quarterly|monthly|weekly|daily|biannual|biannually|"
      r"bi-annual|semiannual|semi-annual|semiannually|semi-annually|fortnightly|biweekly|"
      r"bimonthly)")
def _frequency(m: re.Match, ctx: Context) -> dict | None:
    """``annual`` -> SET P1Y, ``quarterly`` -> SET P3M."""
    return {"type": "SET", "value": FREQUENCIES[m[1]]}


_HOLIDAY_RE = "|".join(re.escape(h) for h in sorted(
    [*FIXED_HOLIDAYS, "easter", "thanksgiving", "black friday", "cyber monday"],
    key=len, reverse=True))


@rule(rf"({_HOLIDAY_RE})(?: ({_YEAR_RE}))?")
def _holiday(m: re.Match, ctx: Context) -> dict | None:
    """``Christmas`` -> YYYY-12-25, ``Easter 2024``, ``Thanksgiving``."""
    if m[2]:
        year = int(m[2])
    elif ctx.dct is not None:
        year = ctx.dct.year
    else:
        fixed = FIXED_HOLIDAYS.get(m[1])
        return _date(f"XXXX-{fixed[0]:02d}-{fixed[1]:02d}" if fixed else None, unresolved=True)
    if m[1] in FIXED_HOLIDAYS:
        mo, d = FIXED_HOLIDAYS[m[1]]
        return _date(f"{year:04d}-{mo:02d}-{d:02d}")
    if m[1] == "easter":
        return _date(easter(year).isoformat())
    nov1 = date(year, 11, 1)
    thanks = nov1 + timedelta(days=(3 - nov1.weekday()) % 7 + 21)
    extra = {"thanksgiving": 0, "black friday": 1, "cyber monday": 4}[m[1]]
    return _date((thanks + timedelta(days=extra)).isoformat())


_REL_DET = (r"(last|this|next|past|coming|recent|prior|previous|upcoming|every|each|per|that|"
            r"current|following|preceding|first|final|remaining|latest|initial)")


@rule(rf"(the )?{_REL_DET}(?: (past|coming))? "
      r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)")
def _relative_weekday(m: re.Match, ctx: Context) -> dict | None:
    """``last Friday`` -> the Friday before the document date, ``next Tuesday``."""
    rel = {"last": "last", "past": "last", "previous": "last", "next": "next",
           "coming": "next", "upcoming": "next", "following": "next"}.get(m[3] or m[2])
    wd = WEEKDAYS[m[4]]
    if m[2] in ("every", "each"):
        return {"type": "SET", "value": f"XXXX-WXX-{wd}"}
    if ctx.dct is None:
        return _date(f"XXXX-WXX-{wd}")
    return _date(weekday_date(ctx.dct, wd, ctx.tense, rel).isoformat())


@rule(rf"(the )?{_REL_DET} ({_MONTH_RE})")
def _relative_month(m: re.Match, ctx: Context) -> dict | None:
    """``last April`` -> the April before the document month; ``next March``."""
    month = _month_number(m[3])
    if m[2] in ("every", "each"):
        return {"type": "SET", "value": f"XXXX-{month:02d}"}
    if ctx.dct is None:
        return _date(f"XXXX-{month:02d}")
    y = ctx.dct.year
    if m[2] in ("last", "past", "previous", "prior"):
        y = y if month < ctx.dct.month else y - 1
    elif m[2] in ("next", "coming", "upcoming", "following"):
        y = y if month > ctx.dct.month else y + 1
    return _date(f"{y:04d}-{month:02d}")


_PAST_DETS = {"last", "past", "previous", "prior", "preceding", "latest"}
_FUTURE_DETS = {"next", "coming", "upcoming", "following"}


@rule(rf"(the )?{_REL_DET}(?: (past|coming))?(?: (.+?))?(?: ({_YEAR_RE}(?:/\d\d)?))? "
      rf"({_UNIT_RE})(?: of (.+))?")
def _relative_unit(m: re.Match, ctx: Context) -> dict | None:
    """``last year``, ``this week``, ``the past three years``, ``recent months``, ``each year``,
    ``the previous month``, ``the first five months of 2005``, ``that year``."""
    the, det, count_s, unit_word, of = bool(m[1]), m[2], m[4], m[6], m[7]
    unit = unit_of(unit_word)
    if unit is None:
        return None
    plural = unit_word.endswith("s") or unit_word == "centuries"
    count = parse_count(count_s) if count_s else None
    if count_s and count is None:
        return None
    anchor = {"anchor": year_value(of, ctx)} if of and year_value(of, ctx) else {}
    if det in ("every", "each", "per"):
        lo = count[0] if count else 1
        code, mult, _ = unit
        return {"type": "SET", "value": f"P{_fmt_number(lo * mult) if lo else 'X'}{code}"}
    if det == "recent" or (plural and not count and det in _PAST_DETS):
        return _date("PAST_REF")
    if plural and not count and det in _FUTURE_DETS:
        return _date("FUTURE_REF")
    if count or plural or det in ("first", "final", "remaining", "initial") or (
            the and det in ("past", "last", "next", "coming")):
        if det in ("first", "final", "remaining", "initial") and not count and not plural:
            if anchor:
                return {"type": "DURATION", "value": f"P{unit[1]}{unit[0]}", **anchor}
            return _date(PLACEHOLDERS.get(unit[2]), unresolved=True, anchor="previous mention")
        return {**duration(count or (1, 1), unit), **anchor}
    gran = unit[2]
    if det == "that":
        y = last_year_mentioned(ctx.before) if gran == "Y" else None
        return _date(y) if y else _date(None, unresolved=True, anchor="previous mention")
    if gran in ("DE", "CE") and det in ("following", "preceding", "previous", "prior"):
        return {"type": "DURATION", "value": f"P{unit[1]}{unit[0]}"}
    n = -1 if det in _PAST_DETS else 1 if det in _FUTURE_DETS else 0
    if gran == "WE" and det in ("this", "current") and ctx.tense == "past":
        n = -1
    return _relative(ctx, gran, n)


_NUMERIC_ORDINAL = compile_regex(r"\d+(?:st|nd|rd|th)")


@rule(r"(?:the|a) (\w+) (?:straight |consecutive |successive |running )?"
      r"(day|week|month|year|quarter|decade)(?: in a row| running)?")
def _ordinal_period(m: re.Match, ctx: Context) -> dict | None:
    """``a third day``, ``the second year in a row``, ``the 99th day`` -> placeholders."""
    if not (m[1] in ORDINAL_WORDS or _NUMERIC_ORDINAL.fullmatch(m[1])):
        return None
    return _date(PLACEHOLDERS[UNITS[m[2]][2]])


@rule(r"(?:the )?(year|quarter|week|month|weekend|decade|century)(?: ((?:1[89]|20)\d\d))?")
def _the_unit(m: re.Match, ctx: Context) -> dict | None:
    """``the year`` -> the document year; ``the weekend`` by tense; ``the year 2000``."""
    if m[2]:
        return _date(m[2])
    gran = UNITS[m[1]][2]
    n = -1 if gran == "WE" and ctx.tense == "past" else 0
    return _relative(ctx, gran, n)


_COUNT_RE = r"(.+?)"
#: ``$300 million a year``, ``200 million phones a year``: ``a year`` is a frequency there.
_AFTER_AMOUNT = compile_regex(
    r"(?:\d|million|billion|bn|mln|dlrs|dollars|yen|euros?|pounds|times|once|twice|%|percent|"
    r"pct|cent|\b(?!(?:was|is|has|as|its|his|this|thus|does|less|across|unless|plus|perhaps|"
    r"years|months|weeks|days)\b)[a-z]+s)\W*$", re.I)


def _steps(count: float, unit: tuple[str, int, str]) -> int:
    """How many granularity steps ``count`` units make (two fortnights = four weeks)."""
    return int(count * (unit[1] if unit[2] == unit[0] else 1))


@rule(rf"(?:the )?{_COUNT_RE}(?: (?:straight|consecutive|successive|full|more|additional|further"
      rf"|long|short|calendar|business|working|trading|whole|extra))?[ -]({_UNIT_RE})"
      r"(?:-long)?(?: (ago|earlier|later|previously|hence|from now|running|in a row|before"
      r"|after))?")
def _count_unit(m: re.Match, ctx: Context) -> dict | None:
    """``17 years``, ``several weeks``, ``two years ago`` -> date, ``a few years ago`` -> PAST_REF,
    ``a year earlier``, ``three-year``; ``a year`` after an amount -> SET P1Y."""
    count = parse_count(m[1])
    unit = unit_of(m[2])
    if count is None or unit is None:
        return None
    direction = m[3]
    if direction in ("ago", "earlier", "previously", "before"):
        if count[0] is None:
            return _date("PAST_REF")
        return _relative(ctx, unit[2], -_steps(count[0], unit))
    if direction in ("later", "hence", "from now", "after"):
        if count[0] is None:
            return _date("FUTURE_REF")
        return _relative(ctx, unit[2], _steps(count[0], unit))
    if m[1] in ("a", "an", "per") and _AFTER_AMOUNT.search(ctx.before[-30:]):
        return {"type": "SET", "value": f"P{unit[1]}{unit[0]}"}
    return duration(count, unit)


@rule(r"(?:the|a) (.+?)[ -](day|week|month|year|quarter)[ -]period")
def _count_period(m: re.Match, ctx: Context) -> dict | None:
    """``the three-month period`` -> P3M."""
    count = parse_count(m[1])
    unit = unit_of(m[2])
    return duration(count, unit) if count and unit else None


@rule(rf"(year|quarter|month|week) (?:ago|earlier)|({_UNIT_RE})(?: (ago|earlier|later))?")
def _bare_unit(m: re.Match, ctx: Context) -> dict | None:
    """``year earlier`` -> the year before; ``years`` -> PXY; ``years ago`` -> PAST_REF."""
    if m[1]:
        return _relative(ctx, UNITS[m[1]][2], -1)
    unit = unit_of(m[2])
    if unit is None:
        return None
    if m[3] in ("ago", "earlier"):
        return _date("PAST_REF")
    if m[3] == "later":
        return _date("FUTURE_REF")
    return {"type": "DURATION", "value": f"PX{unit[0]}"}


# --- wrappers: periods ending at a date, span modifiers -------------------------------------

_PERIOD_END = compile_regex(r"(?P<head>.+?) (?:ended|ending|to|through|thru|until)(?: in)? "
                         r"(?P<tail>.+)")
_SPAN_MOD_RE = compile_regex(
    r"(?:the )?(?:very )?(?P<mod>end|beginning|start|middle|turn|rest|remainder|whole|bulk|"
    r"close|course|balance) of (?P<rest>.+)|(?P<mod2>early|late|mid)(?:[- ]| in )(?P<rest2>.+)|"
    r"(?P<mod3>end|start|pre|post)-(?P<rest3>.+)|(?:earlier|later|so far)(?: in)? (?P<rest4>.+)")
_FIRST_LAST = compile_regex(r"the (first|last|final) (day|week|month) of (.+)")
_HEAD_UNIT = compile_regex(r"the (?:\S+ )*?(?:(\S+)[ -])?(year|quarter|half|month|week|day)s?"
                        r"(?: period)?")


_HEAD_LEAD = compile_regex(r"^(?:the |fiscal |current |same |financial |calendar )+")


def _period_ending(s: str, ctx: Context) -> dict | None:
    """``the year ending March 31, 1988`` -> DURATION P1Y with ``end`` 1988-03-31;
    ``the fourth quarter ended December 31, 1986`` -> 1986-Q4 with ``end``."""
    m = _PERIOD_END.fullmatch(s)
    if not m:
        return None
    end_value = normalize_text(m["tail"], ctx)
    end = end_value.get("value") if end_value else None
    head = _HEAD_LEAD.sub("the ", m["head"])
    unit = _HEAD_UNIT.fullmatch(head)
    if unit and not (unit[1] and _ordinal_index(unit[1], 4)):
        count = parse_count(unit[1]) if unit[1] else (1, 1)
        return {**duration(count or (1, 1), UNITS[unit[2]]), "end": end}
    head_value = normalize_text(m["head"], ctx)
    if head_value and head_value.get("value") is not None:
        return {**head_value, "end": end}
    return None


_FOUR_DIGITS = compile_regex(r"\d{4}")


def _modified(s: str, ctx: Context) -> dict | None:
    """``the end of 2004`` -> 2004 (mod END), ``early October``, ``earlier this month``,
    ``the last day of 1986`` -> 1986-12-31, ``the first week of March`` (mod START)."""
    m = _FIRST_LAST.fullmatch(s)
    if m:
        inner = normalize_text(m[3], ctx)
        value = inner.get("value") if inner else None
        if value and m[2] == "day" and _FOUR_DIGITS.fullmatch(value):
            return _date(f"{value}-{'01-01' if m[1] == 'first' else '12-31'}")
        return {**inner, "mod": "START" if m[1] == "first" else "END"} if value else None
    m = _SPAN_MOD_RE.fullmatch(s)
    if not m:
        return None
    rest = m["rest"] or m["rest2"] or m["rest3"] or m["rest4"]
    inner = normalize_text(rest, ctx)
    if not inner:
        return None
    mod = SPAN_MOD.get(m["mod"] or m["mod2"] or m["mod3"] or "")
    if (mod == "END" and ctx.dct and ctx.tense == "past" and ctx.dct.month <= 9
            and rest in ("the year", "year") and inner.get("value") == str(ctx.dct.year)):
        inner = _date(str(ctx.dct.year - 1))  # "peaked by the end of the year": already over
    if mod and "mod" not in inner:
        inner = {**inner, "mod": mod}
    return inner


#: Newswire abbreviations of period words (``4TH QTR``, ``NINE MTHS``, ``Qtly div``).
ABBREVIATED_PERIODS: dict[str, str] = {
    "qtr": "quarter", "qtrs": "quarters", "mth": "month", "mths": "months", "mos": "months",
    "qtly": "quarterly", "mthly": "monthly", "mtly": "monthly",
}
_ABBREVIATED_RE = compile_regex(rf"\b(?:{'|'.join(ABBREVIATED_PERIODS)})\b")


def clean(span: str) -> str:
    """Lower-case, straight quotes, one space between words, period words written out:
    ``Earlier this\\nmonth``, ``4TH QTR`` -> ``4th quarter``."""
    s = span.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    s = " ".join(s.lower().split())
    if _ABBREVIATED_RE.search(s):
        s = _ABBREVIATED_RE.sub(lambda m: ABBREVIATED_PERIODS[m.group()], s)
    return s


#: Word orders the rules know in another order: ``the 1987 first quarter`` -> ``the first
#: quarter 1987``, ``bi-monthly`` -> ``bimonthly``, ``year's end`` -> ``year-end``, ``the
#: weeks ahead`` -> ``the next weeks``, ``the year before`` -> ``the previous year``.
_REORDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (compile_regex(r"((?:the )?)((?:19|20)\d\d(?:/\d\d)?) ((?:fiscal )?\S+ (?:quarter|half))"),
     r"\1\3 \2"),
    (compile_regex(r"bi-(weekly|monthly)"), r"bi\1"),
    (compile_regex(r"((?:the )?)year's end"), r"\1year-end"),
    (compile_regex(r"the ((?:\S+ )?\S+) ahead"), r"the next \1"),
    (compile_regex(r"the (year|quarter|month|week) before"), r"the previous \1"),
)


def reorder(span: str) -> str:
    """A cleaned span in the word order the rules know (see `_REORDERS`).

    >>> reorder("1987 first quarter")
    'first quarter 1987'
    """
    for pattern, order in _REORDERS:
        if pattern.fullmatch(span):
            return pattern.sub(order, span)
    return span


#: The wrappers `normalize_text` tries before the rules.
_WRAPPERS: tuple[Callable[[str, Context], dict | None], ...] = (_modified, _period_ending)


def normalize_text(s: str, ctx: Context, first_step: int = 0) -> dict | None:
    """Normalize a cleaned span text (see :func:`clean`); None when no rule applies.

    The steps are the `_WRAPPERS`, then the `_RULES`; ``first_step`` skips the steps
    before it, for a span whose earlier steps are known to give nothing (they gave nothing
    without the text around the span, and a step that asks for that text raises
    `NeedsContext`, which then carries the step: see `_context_free`).
    """
    wrappers = len(_WRAPPERS)
    step = first_step
    try:
        while step < wrappers:
            out = _WRAPPERS[step](s, ctx)
            if out:
                return out
            step += 1
        for pattern, handler in _RULES[step - wrappers:]:
            m = pattern.fullmatch(s)
            if m:
                out = handler(m, ctx)
                if out is not None:
                    return out
            step += 1
    except NeedsContext as asked:
        asked.step = step  # the outermost call sets it last
        raise
    return None


_APPROXIMATORS = [(compile_regex(rf"\b{pattern}$"), mod) for pattern, mod in APPROXIMATORS]


#: The words the `APPROXIMATORS` end with: a text that ends with none of them has none.
_APPROXIMATOR_ENDS = tuple(sorted({
    word for pattern, _ in APPROXIMATORS
    for word in re.findall(r"([a-z]+)(?=\||\))", pattern)}))


def approximator(before: str) -> str | None:
    """The TIMEX3 ``mod`` of an approximator just before a span (``more than`` -> MORE_THAN)."""
    tail = " ".join(before[-25:].lower().split())
    if not tail.endswith(_APPROXIMATOR_ENDS):
        return None
    for pattern, mod in _APPROXIMATORS:
        if pattern.search(tail):
            return mod
    return None


def normalize_date(text: str, start: int, end: int, doc_date: str | None = None) -> dict:
    """TIMEX3 record of the DATE span ``text[start:end]`` (see the module docstring).

    >>> normalize_date("the 1990s", 0, 9, None)
    {'type': 'DATE', 'value': '199'}
    """
    dct = parse_doc_date(doc_date)
    try:
        span, out, step = _written_context_free(text[start:end], dct)
        if out is NEEDS_CONTEXT:
            out = normalize_text(span, Context(dct, text, start, end), step)
        elif out is not None:
            out = dict(out)  # the kept value stays as it is
    except (ValueError, KeyError, TypeError, OverflowError, IndexError):
        out = None
    if out is None:
        out = {"type": "DATE", "value": None, "unresolved": True}
    if out["type"] == "DURATION" and "mod" not in out:
        mod = approximator(text[max(0, start - 25):start])
        if mod:
            out = {**out, "mod": mod}
    return out


#: What `value_without_context` gives for a span whose value depends on the text around it.
NEEDS_CONTEXT: dict = {}


def value_without_context(span: str, dct: date | None) -> dict | None:
    """`normalize_text` of a cleaned span when no rule asks for the text around it (the
    tense, an earlier year), kept for the next span with the same text and document date;
    `NEEDS_CONTEXT` otherwise.

    >>> value_without_context("last year", date(2024, 4, 9))
    {'type': 'DATE', 'value': '2023'}
    >>> value_without_context("march", date(2024, 4, 9)) is NEEDS_CONTEXT
    True
    """
    return _context_free(span, dct)[0]


@lru_cache(maxsize=8192)
def _written_context_free(written: str, dct: date | None) -> tuple[str, dict | None, int]:
    """The cleaned span of a span as written (`clean`, `reorder`) and its `_context_free`
    value and step, kept for the next span written the same way with the same date."""
    span = reorder(clean(written))
    return (span, *_context_free(span, dct))


@lru_cache(maxsize=8192)
def _context_free(span: str, dct: date | None) -> tuple[dict | None, int]:
    """`value_without_context` and the step of `normalize_text` that asked for the text
    around the span (0 when none did): the steps before it give nothing with that text
    either, so the value with the text is looked for from there on."""
    try:
        return normalize_text(span, Context(dct)), 0
    except NeedsContext as asked:
        return NEEDS_CONTEXT, asked.step
