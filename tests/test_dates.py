"""DATE grammar (find_dates) and TIMEX3 normalization (normalize_date), on invented sentences."""

from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.grammar.dates import (
    date_candidates,
    date_candidates_reference,
    find_dates,
    normalize_date,
)
from pipeline.grammar.timex import _APPROXIMATORS, approximator, clean, reorder, tense_around

DCT = "2024-04-09"  # a Tuesday


def spans(text: str) -> list[str]:
    return [text[s:e] for s, e in find_dates(text)]


def norm(text: str, span: str, doc_date: str | None = DCT, nth: int = 0) -> dict:
    """Normalize the ``nth`` occurrence of ``span`` in ``text`` (it must be a found span)."""
    starts = [m.start() for m in re.finditer(re.escape(span), text)]
    start = starts[nth]
    assert (start, start + len(span)) in find_dates(text), f"{span!r} not found in {text!r}"
    return normalize_date(text, start, start + len(span), doc_date)


# --- spans ----------------------------------------------------------------------------------

SPAN_CASES = [
    # weekdays and months
    ("The board met on Tuesday to discuss pricing.", ["Tuesday"]),
    ("Talks resume in April, the minister added.", ["April"]),
    ("The plant opens in April 2025.", ["April 2025"]),
    ("Orders are due on April 9 at the latest.", ["April 9"]),
    ("The vote was held on 9 April 2024 in Lisbon.", ["9 April 2024"]),
    ("The filing is dated March 13, 2007.", ["March 13, 2007"]),
    ("Prices fell compared to March of 2008.", ["March of 2008"]),
    ("She joined the lab on Sept. 5 and left in Oct. 2019.", ["Sept. 5", "Oct. 2019"]),
    ("The results come out on Wednesday, April 10, 2024.", ["Wednesday, April 10, 2024"]),
    # years
    ("The factory should be running by 2027.", ["2027"]),
    ("The firm paid 2,027 dollars to 2027 employees.", []),
    ("Group profit rose in 1986/87 and in the 1990s.", ["1986/87", "the 1990s"]),
    ("Growth slowed in the late 1990s and the early 2000s.", ["the late 1990s", "the early 2000s"]),
    ("The contract was signed on 2024-04-09 in Seoul.", ["2024-04-09"]),
    ("It still runs Windows 2000 on its servers.", []),
    ("The 2019-20 season and the 1957-58 expedition.", ["2019-20", "1957-58"]),
    # relative expressions
    ("Sales rose last year and this week.", ["last year", "this week"]),
    ("Prices will rise next month.", ["next month"]),
    ("Earlier this month, the regulator approved it.", ["Earlier this month"]),
    ("The chip will ship later this year.", ["later this year"]),
    ("Shares have gained 12% so far this year.", ["so far this year"]),
    ("The startup overtook rivals a few years ago.", ["a few years ago"]),
    ("The policy began several years ago.", ["several years ago"]),
    ("The factory closed two years ago.", ["two years ago"]),
    ("Rates may be higher a year from now.", ["a year from now"]),
    ("Demand has grown in recent years and in recent months.", ["recent years", "recent months"]),
    ("Over the past year, the group cut costs.", ["the past year"]),
    ("Output doubled over the past three years.", ["the past three years"]),
    ("Wages stagnated over the last decade.", ["the last decade"]),
    ("A deal could come within the next 30 days.", ["the next 30 days"]),
    ("Savings of $5m are planned for the coming year.", ["the coming year"]),
    ("Revenue fell from $4m a year earlier.", ["a year earlier"]),
    ("Revenue fell from $4m year earlier.", ["year earlier"]),
    ("Profit doubled from a year ago.", ["a year ago"]),
    ("Margins beat the year-ago period.", ["the year-ago period"]),
    ("Sales were flat in the same period.", ["the same period"]),
    ("Output rose 3% over the previous year.", ["the previous year"]),
    ("The index rose today after falling yesterday.", ["today", "yesterday"]),
    ("Talks broke down over the weekend.", ["the weekend"]),
    ("Sales rose 4% against the same period a year earlier.", ["the same period a year earlier"]),
    # durations
    ("He ran the lab for 17 years.", ["17 years"]),
    ("Payment is due within 90 days.", ["90 days"]),
    ("The outage lasted several weeks.", ["several weeks"]),
    ("Robots may be common in five to six years.", ["five to six years"]),
    ("Approval may need between 12 and 18 months, lawyers say.", ["12 and 18 months"]),
    ("He was jailed for less than four years.", ["four years"]),
    ("The bond matures in 17 years.", ["17 years"]),
    # quarters and halves
    ("Profit fell in the first quarter and the fourth quarter.", ["the first quarter",
                                                                  "the fourth quarter"]),
    ("It took a fourth-quarter charge.", ["fourth-quarter"]),
    ("Q3 guidance was cut.", ["Q3"]),
    ("Sales rose in the second half of 2004.", ["the second half of 2004"]),
    ("It gave no guidance for first quarter 2005.", ["first quarter 2005"]),
    ("It ships in the first quarter of 1988.", ["the first quarter of 1988"]),
    ("Margins beat last year's first quarter.", ["last year's first quarter"]),
    # a quarter or half named by its last month
    ("Sales rose in the June quarter and the December half.",
     ["the June quarter", "the December half"]),
    ("June-quarter revenue beat the March quarter of 2023.",
     ["June-quarter", "the March quarter of 2023"]),
    ("A June half marathon drew crowds.", []),
    ("Units fell in the\nfourth quarter, it said.", ["the\nfourth quarter"]),
    # fiscal years and periods ending at a date
    ("Net income for fiscal 2024 doubled.", ["fiscal 2024"]),
    ("Capex is frozen for the current fiscal year.", ["the current fiscal year"]),
    ("Profit for the year ending March 31, 1988 rose.", ["the year ending March 31, 1988"]),
    ("Revenue for the year to March 2005 rose.", ["the year to March 2005"]),
    ("Margins narrowed in the three months to 31 December, it said.",
     ["the three months to 31 December"]),
    ("Net fell 4% in the nine months ended March 31, 1987 at the unit.",
     ["the nine months ended March 31, 1987"]),
    ("Prices rose 17.5 pct over the 12 months to the end of February, it said.",
     ["the 12 months to the end of February"]),
    ("Shipments rose from Q2 of last year; calendar 1986 exports fell.",
     ["Q2 of last year", "calendar 1986"]),
    ("The yearlong probe followed a week-long visit.", ["yearlong", "week-long"]),
    # seasons
    ("The launch slipped to the spring.", ["the spring"]),
    ("A decision is expected this summer.", ["this summer"]),
    # frequencies and period adjectives
    ("The annual meeting and quarterly report came out.", ["annual", "quarterly"]),
    ("It pays dividends annually; monthly sales rose.", ["annually", "monthly"]),
    ("Daily volumes rose 4% year-on-year.", ["Daily", "year-on-year"]),
    ("It posted full-year results and signed a three-year deal.", ["full-year", "three-year"]),
    # "the year before" ending its phrase; month-range halves; "the first full year"
    ("Net rose from 17.4 billion the year before, it said.", ["the year before"]),
    ("For the April-September half, sales rose.", ["the April-September half"]),
    ("It adds to earnings in the first full year after the deal.", ["the first full year"]),
    # the year-end shopping period
    ("Sales rose in the holiday quarter and the Christmas season.",
     ["the holiday quarter", "the Christmas season"]),
    # the "Today" programme is no date
    ("He told the BBC's Today programme. Today's ruling stands.", ["Today"]),
    # a count and a singular unit before a noun: "the" belongs to the noun
    ("The bank cut the two month rate and the seven year plan.", ["two month", "seven year"]),
    ("He served the three months and the six month period.",
     ["the three months", "the six month period"]),
    ("The grant is worth $300 million a year.", ["a year"]),
    ("Students pay $17 per year and $5 each year.", ["per year", "each year"]),
    ("The index is rebalanced every quarter.", ["every quarter"]),
    # points inside a period
    ("The merger closed at the end of 2004.", ["the end of 2004"]),
    ("Targets were met by the end of the year.", ["the end of the year"]),
    ("At the beginning of the year, rates were low.", ["the beginning of the year"]),
    ("The deal closed in early October.", ["early October"]),
    ("The machines were shipped in late 1983.", ["late 1983"]),
    ("Prices peak in mid-2025.", ["mid-2025"]),
    # wire-copy and coordination forms
    ("The dividend is payable April One to holders of record.", ["April One"]),
    ("In May one analyst quit.", ["May"]),
    ("Sales should recover in the third and fourth quarters of 1987.",
     ["the third and fourth quarters of 1987"]),
    ("The unit was sold in August last year.", ["August last year"]),
    ("They should have done this 10 days ago.", ["10 days ago"]),
    ("Prices rose for the entire week.", ["the entire week"]),
    ("Output was 5,000 tonnes versus 4,000 week ago.", ["week ago"]),
    ("It sold 3,000 tonnes of winter barley.", []),
    ("Profit for the April-June period doubled.", ["the April-June period"]),
    ("Prices fell 3% quarter-on-quarter.", ["quarter-on-quarter"]),
    ("In the 2023-24 financial year, the agency spent more.", ["the 2023-24 financial year"]),
    ("Volume averaged 900 contracts a day in the week to Friday.", ["a day", "the week to Friday"]),
    ("He served two four-year terms.", ["four-year"]),
    ("Sales for its fiscal fourth quarter ended Jan. 28 rose.",
     ["fiscal fourth quarter ended Jan. 28"]),
    ("Rates are back to pre-2008 levels.", ["pre-2008"]),
    ("The loan has a 12-1/2 year term.", ["12-1/2 year"]),
    # case
    ("RATES TO FALL THIS YEAR, BANK SAYS", ["THIS YEAR"]),
    ("Last month, exports fell.", ["Last month"]),
    # possessives and prepositions stay outside
    ("Investors await Wednesday’s summit.", ["Wednesday"]),
    ("It closed on Tuesday's session higher.", ["Tuesday"]),
    # not dates
    ("The call starts at 3 p.m. this morning and ends tonight.", []),
    ("A 17-year-old intern, aged 40 in spirit, spoke.", []),
    ("He is 40 years old.", []),
    ("Patients ages 2 years and older qualify for the trial.", []),
    ("You may want to march in the sun on Sun Street.", []),
    ("May we suggest a second look? The second bid won.", []),
    ("August Rush and April Moss founded the company.", []),
    ("They spoke on Tuesday night.", []),
    ("The match was put off until 15:00 GMT Saturday.", []),
    ("Talks resume at 1000 EST Thursday, or at noon Friday.", []),
    ("The yen was quoted at 1.85 Friday.", ["Friday"]),
    ("Three quarters of founders said a quarter of staff quit.", []),
    ("At the same time, costs rose.", []),
    ("Shares fall as the fall in prices deepens.", []),
    ("The USA Today report ran.", []),
    # a part and its period are one span
    ("Output rose in the second week of March.", ["the second week of March"]),
    ("It pays out in the first quarter of each year.", ["the first quarter of each year"]),
    ("Sales were flat in the month of February.", ["the month of February"]),
    ("Profit rose in the 1986 fourth quarter.", ["the 1986 fourth quarter"]),
    ("Sales rose from the same period the year before.", ["the same period the year before"]),
    ("The bi-monthly report is due by year's end.", ["bi-monthly", "year's end"]),
    ("Two months of 2004 sales were lost.", ["Two months", "2004"]),
    # "before" ends a duration at the end of its phrase only
    ("Profit rose to 4.1 mln dlrs from 3.9 mln dlrs a year before.", ["a year before"]),
    ("Margins were 12 pct, up from 9 pct a year before, it said.", ["a year before"]),
    ("He joined the board a year before the merger.", ["a year"]),
    # newswire abbreviations: QTR, MTHS, MOS, Qtly; year end, midyear; the weeks ahead
    ("ZORBLAX CORP <ZBX> 4TH QTR JAN 3 LOSS", ["4TH QTR", "JAN 3"]),
    ("Shr 5 cts vs 4 cts\n    Nine mths\n    Shr 9 cts vs 7 cts", ["Nine mths"]),
    ("Qtly div 12 cts vs 12 cts prior", ["Qtly"]),
    ("It had cash at year end and a review at midyear.", ["year end", "midyear"]),
    ("Sales will slow in the weeks ahead.", ["the weeks ahead"]),
    # a capitalized season before a capitalized word is part of a name
    ("Its Spring Branch office and the Summer Palace closed this summer.", ["this summer"]),
    # the article of a noun the quarter modifies stays outside
    ("It posted a first quarter loss and a\nthird quarter profit.",
     ["first quarter", "third quarter"]),
    ("For a third quarter in a row, sales fell.", ["a third quarter in a row"]),
    # earnings tables: a figure above a "Year" heading is no duration
    ("Revs 9,603,000 vs 6,116,000\n    Year\n    Shr 1.10 dlrs", []),
    ("Zentrix Inc shr 59 cts vs 53\n Year\n Pexlo Inc shr 12 cts", []),
    ("<ZORBLAX CORP> DEC 31 YEAR NET", ["DEC 31"]),
    ("The vault took 1,000 years to fill.", ["1,000 years"]),
]


@pytest.mark.parametrize(("text", "expected"), SPAN_CASES)
def test_find_dates_spans(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


def test_spans_are_character_offsets_across_line_breaks() -> None:
    text = "Units fell in the\nfourth quarter."
    assert find_dates(text) == [(14, 32)]


@pytest.fixture(scope="module")
def blank_en():
    return spacy.blank("en")


def test_spans_fall_on_spacy_token_edges(blank_en) -> None:
    for text, _ in SPAN_CASES:
        doc = blank_en.make_doc(text)
        for start, end in find_dates(text):
            assert doc.char_span(start, end) is not None, (text, text[start:end])


# --- normalization ---------------------------------------------------------------------------

VALUE_CASES = [
    # (sentence, span, expected value) with DCT 2024-04-09 (a Tuesday)
    ("He said on Tuesday the deal was done.", "Tuesday", "2024-04-09"),
    ("Profit rose in the 1986 fourth quarter.", "the 1986 fourth quarter", "1986-Q4"),
    ("Sales rose by year's end.", "year's end", "2024"),
    ("Leaders gather ahead of Wednesday’s summit.", "Wednesday", "2024-04-10"),
    ("The CEO resigned on Friday, the company said.", "Friday", "2024-04-05"),
    ("The board will vote on Friday.", "Friday", "2024-04-12"),
    ("The plant opens in April 2025.", "April 2025", "2025-04"),
    ("Sales fell last year.", "last year", "2023"),
    ("Last month, exports fell.", "Last month", "2024-03"),
    ("Earlier this month, the bank cut rates.", "Earlier this month", "2024-04"),
    ("The bank cut rates earlier this year.", "earlier this year", "2024"),
    ("Mass production should start in 2027.", "2027", "2027"),
    ("It was the first rate rise in 17 years.", "17 years", "P17Y"),
    ("The policy began several years ago.", "several years ago", "PAST_REF"),
    ("The startup overtook rivals a few years ago.", "a few years ago", "PAST_REF"),
    ("Demand rose in recent years.", "recent years", "PAST_REF"),
    ("Over the past year, costs fell.", "the past year", "P1Y"),
    ("Output doubled over the past three years.", "the past three years", "P3Y"),
    ("The plant closed two years ago.", "two years ago", "2022"),
    ("He will be 40, eight years from now.", "eight years from now", "2032"),
    ("Sales rose in the first quarter of 1987.", "the first quarter of 1987", "1987-Q1"),
    ("Sales rose in the March quarter.", "the March quarter", "2024-Q1"),
    ("Profit fell in the December half.", "the December half", "2023-H2"),
    ("It beat the September quarter of 2022.", "the September quarter of 2022", "2022-Q3"),
    ("Net income for fiscal 2024 doubled.", "fiscal 2024", "FY2024"),
    ("Group profit rose in 1986/87.", "1986/87", "FY1987"),
    ("The annual meeting is in Oslo.", "annual", "P1Y"),
    ("It peaked in 2024.", "2024", "2024"),
    ("Growth slowed in the 1990s.", "the 1990s", "199"),
    ("Q3 guidance is strong.", "Q3", "2024-Q3"),
    ("The deal closes in the second half of 2004.", "the second half of 2004", "2004-H2"),
    ("Margins beat last year's first quarter.", "last year's first quarter", "2023-Q1"),
    ("Sales will rise next month.", "next month", "2024-05"),
    ("The index rose this week.", "this week", "2024-W15"),
    ("The index rose today after falling yesterday.", "yesterday", "2024-04-08"),
    ("The contract was signed on 2024-04-09 in Seoul.", "2024-04-09", "2024-04-09"),
    ("The vote was held on 9 April 2024.", "9 April 2024", "2024-04-09"),
    ("The filing is dated March 13, 2007.", "March 13, 2007", "2007-03-13"),
    ("The plant opened in March of 2008.", "March of 2008", "2008-03"),
    ("Shipments start in September.", "September", "2024-09"),
    ("The firm was sold in December, it said.", "December", "2023-12"),
    ("The launch is expected this summer.", "this summer", "2024-SU"),
    ("Prices peaked last summer.", "last summer", "2023-SU"),
    ("The merger closed at the end of 2004.", "the end of 2004", "2004"),
    ("The machines were shipped in late 1983.", "late 1983", "1983"),
    ("Revenue fell from $4m a year earlier.", "a year earlier", "2023"),
    ("Margins beat the year-ago period.", "the year-ago period", "2023"),
    ("Coming months will be hard, but coming months pass.", "Coming months", "FUTURE_REF"),
    ("Robots may be common in five to six years.", "five to six years", "P5Y"),
    ("The outage lasted several weeks.", "several weeks", "PXW"),
    ("Payment is due within 90 days.", "90 days", "P90D"),
    ("Daily volumes rose.", "Daily", "P1D"),
    ("The index is rebalanced every quarter.", "every quarter", "P3M"),
    ("It signed a three-year deal.", "three-year", "P3Y"),
    ("The grant is worth $300 million a year.", "a year", "P1Y"),
    ("It ships in the first quarter of 1988.", "the first quarter of 1988", "1988-Q1"),
    ("Profit for the year ending March 31, 1988 rose.", "the year ending March 31, 1988", "P1Y"),
    ("Capex is frozen for the current fiscal year.", "the current fiscal year", "FY2024"),
    ("The bond matures on Christmas Day.", "Christmas Day", "2024-12-25"),
    ("It was the biggest crash of the 20th century.", "the 20th century", "19"),
    ("The unit was sold in August last year.", "August last year", "2023-08"),
    ("Sales should recover in the third and fourth quarters of 1987.",
     "the third and fourth quarters of 1987", "1987-Q3"),
    ("The dividend is payable April One to holders of record.", "April One", "2024-04-01"),
    ("Output was 5,000 tonnes versus 4,000 week ago.", "week ago", "2024-W14"),
    ("In the 2023-24 financial year, the agency spent more.", "the 2023-24 financial year",
     "FY2024"),
    ("Profit for the April-June period doubled.", "the April-June period", "2024-04"),
    ("Rates are back to pre-2008 levels.", "pre-2008", "2008"),
    # newswire abbreviations, written-out forms
    ("Nine mths shr 1.10 dlrs vs 90 cts", "Nine mths", "P9M"),
    ("Qtly div 12 cts vs 12 cts prior", "Qtly", "P3M"),
    ("Sales will slow in the weeks ahead.", "the weeks ahead", "FUTURE_REF"),
    ("The review is due at midyear.", "midyear", "2024"),
]


@pytest.mark.parametrize(("text", "span", "value"), VALUE_CASES)
def test_normalize_value(text: str, span: str, value: str) -> None:
    assert norm(text, span)["value"] == value


def test_normalize_types_and_extras() -> None:
    assert norm("It pays $300 million a year.", "a year") == {"type": "SET", "value": "P1Y"}
    assert norm("He stayed for a year.", "a year") == {"type": "DURATION", "value": "P1Y"}
    assert norm("He ran it for 17 years.", "17 years") == {"type": "DURATION", "value": "P17Y"}
    assert norm("Growth in five to six years.", "five to six years") == {
        "type": "DURATION", "value": "P5Y", "upper": "P6Y"}
    assert norm("He was jailed for less than four years.", "four years")["mod"] == "LESS_THAN"
    assert norm("The deal closed in early October.", "early October") == {
        "type": "DATE", "value": "2023-10", "mod": "START"}
    assert norm("Growth slowed in the late 1990s.", "the late 1990s") == {
        "type": "DATE", "value": "199", "mod": "END"}
    assert norm("Group profit rose in 1986/87.", "1986/87") == {
        "type": "DATE", "value": "FY1987", "begin": "1986", "end": "1987"}
    assert norm("Profit for the year ending March 31, 1988 rose.",
                "the year ending March 31, 1988")["end"] == "1988-03-31"
    assert norm("Annual sales rose.", "Annual")["type"] == "SET"
    assert norm("Mondays are busy.", "Mondays") == {"type": "SET", "value": "XXXX-WXX-1"}


def test_tense_picks_past_or_future_weekday() -> None:
    text = "Microsoft said on Monday that it will ship the chip on Thursday."
    assert norm(text, "Monday")["value"] == "2024-04-08"
    assert norm(text, "Thursday")["value"] == "2024-04-11"


def test_month_without_year_by_tense() -> None:
    assert norm("The unit was sold in October.", "October")["value"] == "2023-10"
    assert norm("The unit will be sold in October.", "October")["value"] == "2024-10"
    assert norm("The report is due to be released in May.", "May")["value"] == "2024-05"


def test_no_document_date() -> None:
    assert norm("Sales fell last year.", "last year", None) == {
        "type": "DATE", "value": None, "unresolved": True, "anchor": "DCT", "offset": "-P1Y"}
    assert norm("He said on Tuesday it was done.", "Tuesday", None)["value"] == "XXXX-WXX-2"
    assert norm("The plant opens in April.", "April", None)["value"] == "XXXX-04"
    assert norm("Q3 guidance is strong.", "Q3", None)["value"] == "XXXX-Q3"
    assert norm("The plant opens in April 2025.", "April 2025", None)["value"] == "2025-04"
    assert norm("He ran it for 17 years.", "17 years", None)["value"] == "P17Y"
    assert norm("It peaked in the 1990s.", "the 1990s", None)["value"] == "199"


def test_bad_document_date_is_ignored() -> None:
    assert norm("Sales fell last year.", "last year", "not a date")["unresolved"] is True


def test_that_year_anchors_to_the_last_year_written() -> None:
    text = "The firm was founded in 1998. By the end of that year it had ten staff."
    assert norm(text, "the end of that year") == {"type": "DATE", "value": "1998", "mod": "END"}


# --- properties ------------------------------------------------------------------------------

VOCAB = [
    "the", "a", "in", "on", "of", "last", "next", "this", "year", "years", "month", "quarter",
    "first", "fourth", "half", "fiscal", "2024", "1986/87", "1990s", "May", "may", "March",
    "April", "9", "31", ",", ".", "'s", "’s", "Tuesday", "today", "ago", "earlier", "later",
    "several", "few", "17", "three", "-", "year-on-year", "annual", "per", "every", "$", "%",
    "to", "ended", "ending", "end", "early", "late", "mid-", "Q3", "FY24", "summer", "fall",
    "\n", "  ", "past", "coming", "recent", "same", "period", "weekend", "days", "old", "aged",
    "2,027", "Sept.", "Jan.", "'90s", "the\n", "earlier this", "so far", "between", "and",
]
WORDS = st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=4)), max_size=30)
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "", "  "])
EDGE_OK = re.compile(r"^(?:['’]\d)|(?:\.)$")  # "'90s", "Sept."


@st.composite
def texts(draw) -> str:
    words = draw(WORDS)
    return "".join(w + draw(SEPARATORS) for w in words)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(), st.sampled_from([DCT, None, "2013-03-22", "1987-06-01", "garbage"]))
def test_properties(text: str, doc_date: str | None) -> None:
    found = find_dates(text)
    assert found == sorted(found)
    for (_, end1), (start2, _) in zip(found, found[1:], strict=False):
        assert end1 <= start2
    for start, end in found:
        span = text[start:end]
        assert 0 <= start < end <= len(text)
        assert span == span.strip()
        for char in (span[0], span[-1]):
            if not char.isalnum():
                assert EDGE_OK.search(span), span
        out = normalize_date(text, start, end, doc_date)
        assert out["type"] in ("DATE", "DURATION", "SET")
        assert "value" in out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    for start, end in find_dates(text):
        normalize_date(text, start, end, DCT)


# --- the fast paths find what the plain ones find --------------------------------------------

MORE_VOCAB = [
    *VOCAB, "Christmas", "Eve", "New", "Year's", "Day", "Black", "Friday", "Valentine's",
    "twenty-first", "century", "20th", "1880's", "FY", "H1", "3Q", "Q4", "4/9/2024",
    "2024-04-09", "12/2024", "a couple of", "dozens of", "two and a half", "12-1/2-year",
    "near-term", "long", "term", "yesterday", "Mondays", "weekday", "semi-annual", "annum",
    "prior-year", "year-ago", "1,000", "5.5", "1000", "the 14th of", "October", "OCTOBER",
    "nineties", "straight", "in a row", "İ", "ſ", "ı", "(", ")", "/", "–", "’", "'", "Wall",
]
MORE_WORDS = st.lists(st.one_of(st.sampled_from(MORE_VOCAB), st.text(max_size=3)), max_size=40)


@st.composite
def more_texts(draw) -> str:
    words = draw(MORE_WORDS)
    return "".join(w + draw(SEPARATORS) for w in words)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(more_texts(), st.text(max_size=120)))
def test_fast_candidates_are_the_plain_ones(text: str) -> None:
    """Trying the families only after keys finds what ``finditer`` over the text finds."""
    assert date_candidates(text) == date_candidates_reference(text)


@pytest.mark.parametrize("text", [
    "Profit in 2004's first quarter rose.", "It boomed in the 1990's and 1880’s.",
    "Filed 2024-04-09 and 2024/04/09, not 2024-4-9.", "The 1986/87 fiscal year ended.",
    "Sales in 2009-10 and 2000's last quarter.", "In 1990's-style deals, 2020'S growth.",
])
def test_years_before_apostrophes_and_hyphens(text: str) -> None:
    """A year before an apostrophe, hyphen or slash starts more families (`digit_families`)."""
    assert date_candidates(text) == date_candidates_reference(text)
    assert date_candidates(text)


#: The tense cues as they were first written, to check the faster scan against.
PLAIN_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|would|going to|is to|are to|expects? to|expected to|"
    r"plans? to|planned|planning|intends? to|scheduled|due|ahead of|upcoming|next|"
    r"forecasts?|aims? to|set to|hopes? to|until|till|to begin|to start|to launch|could|"
    r"should|might|(?-i:may))\b", re.I)
PLAIN_PAST = re.compile(
    r"\b(?:said|told|was|were|had|did|made|took|gave|came|went|saw|got|found|began|became|"
    r"fell|rose|grew|sold|bought|paid|won|lost|left|met|held|led|brought|thought|knew|wrote|"
    r"spoke|ran|chose|drove|flew|sent|spent|built|kept|meant|stood|struck|fought|caught|"
    r"broke|ago|last|since|earlier|previously|former|[a-z]{2,}ed)\b")


def plain_tense(text: str, start: int, end: int) -> str | None:
    """`tense_around` as first written: every cue of both chunks, the nearest wins."""
    from pipeline.grammar.timex import _NOT_PAST, sentence_window

    left, right = sentence_window(text, start, end)
    best = None
    for side, chunk in (("left", left), ("right", right)):
        for cue_re, tense in ((PLAIN_FUTURE, "future"), (PLAIN_PAST, "past")):
            for m in cue_re.finditer(chunk):
                if tense == "past" and (m.group().lower() in _NOT_PAST or (
                        m.group()[0].isupper() and m.start() > 0)
                        or chunk[max(0, m.start() - 3):m.start()].lower() == "be "):
                    continue
                dist = len(chunk) - m.end() if side == "left" else m.start()
                if best is None or dist < best[0]:
                    best = (dist, tense)
    return best[1] if best else None


CUE_VOCAB = [
    "will", "won't", "we'll", "shall", "is to", "to begin", "is", "to", "begin", "plans",
    "planned", "forecasts", "May", "may", "said", "was", "be", "published", "rose", "need",
    "United", "Tuesday", "reported", "ago", "last", "expected to", ".", ",", "\n\n", "X",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CUE_VOCAB), max_size=30), st.integers(0, 29))
def test_tense_is_the_plain_one(words: list[str], at: int) -> None:
    text = " ".join(words)
    start = len(" ".join(words[:at]))
    end = min(len(text), start + 8)
    assert tense_around(text, start, end) == plain_tense(text, start, end)


def test_kept_date_values_are_copies() -> None:
    first = normalize_date("sales rose last year", 11, 20, DCT)
    first["value"] = "changed"
    assert normalize_date("prices fell last year", 12, 21, DCT)["value"] == "2023"


@pytest.mark.parametrize("text", ["the 20th  Octoberthe ", "9 April2024", "on 3 Mayor"])
def test_month_name_must_end_its_word(text: str) -> None:
    """Found by hypothesis: the plain path took the ``October`` of ``Octoberthe``."""
    from pipeline.grammar.dates import date_candidates, date_candidates_reference

    assert date_candidates(text) == date_candidates_reference(text) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "about", "some", "close to", "up to", "no more than", "no less than", "more than",
    "at most", "at least", "upwards of", "of", "to", "than", "Than", "ABOUT", " ", "\n", "(",
    "nearly", "xabout", "abouts", "5", "-", "İ", "ſome"]), max_size=8).map(" ".join))
def test_approximator_is_the_plain_search(before: str) -> None:
    """Skipping the approximator regexes when the text ends with none of their last words
    finds what trying them all finds."""
    tail = " ".join(before[-25:].lower().split())
    plain = next((mod for pattern, mod in _APPROXIMATORS if pattern.search(tail)), None)
    assert approximator(before) == plain


def test_dates_written_alike_share_their_value() -> None:
    """The cleaned text and value kept for a span as written are the ones it has anew."""
    text = "Profits fell in the 1987 first quarter, and for nearly two years since March."
    for span in ("the 1987 first quarter", "two years", "March"):
        start = text.index(span)
        first = normalize_date(text, start, start + len(span), "1988-04-09")
        again = normalize_date(text, start, start + len(span), "1988-04-09")
        assert first == again and first is not again
    assert reorder(clean("the 1987 First  quarter")) == "the first quarter 1987"
    start = text.index("two years")
    assert normalize_date(text, start, start + 9, "1988-04-09")["mod"] == "APPROX"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Elections will be held on April 12 and 26.", ["April 12 and 26"]),
        ("covering the period March 9 to 20.", ["March 9 to 20"]),
        ("for May 15-30 shipment", ["May 15-30"]),
        # a second number that counts something is no day
        ("down to eight pct on February 27 and 7-3/4 pct on March 3", ["February 27",
                                                                     "March 3"]),
        ("On March 10 and 15 others were hurt.", ["March 10"]),
    ],
)
def test_a_range_of_days_in_one_month_is_one_span(text: str, expected: list[str]) -> None:
    """``April 12 and 26`` shares its month as ``12 and 18 months`` shares its unit."""
    assert [text[s:e] for s, e, *_ in find_dates(text)] == expected
