"""Site furniture is found by documented rules; article text is never marked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.boilerplate import _FURNITURE_LINE, _LINE, _is_footer_heading, find_boilerplate

ARTICLE = (
    "Acme Corp said on Monday it would invest $5 billion in chips.\n\n"
    "The company expects production to start next year, about which analysts were upbeat.\n\n"
)


def marked(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], reason) for s, e, reason in find_boilerplate(text)]


def test_about_footer_and_comment_form_run_to_the_end():
    footer = (
        "About Example News\n\nExample News brings you drama online.\n\n"
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *"
    )
    text = ARTICLE + footer + "\n"
    assert marked(text) == [(footer, "footer")]


def test_furniture_lines_anywhere():
    text = "Share this article\n" + ARTICLE + "Advertisement\n" + ARTICLE
    assert marked(text) == [("Share this article", "furniture"), ("Advertisement", "furniture")]


def test_navigation_bar():
    text = "Home | World | Business | Tech | Sport\n" + ARTICLE
    assert marked(text) == [("Home | World | Business | Tech | Sport", "furniture")]


def test_article_sentences_are_not_boilerplate():
    text = ARTICLE + "About 330 billion yen was promised by the government last month.\n"
    assert marked(text) == []
    assert marked(ARTICLE * 3) == []


def every_line(text: str) -> list[tuple[int, int, str]]:
    """find_boilerplate reading every line (what its candidate pre-check must agree with)."""
    ranges: list[tuple[int, int, str]] = []
    half = len(text) // 2
    for match in _LINE.finditer(text):
        line = match.group().strip()
        if not line:
            continue
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        if start >= half and _is_footer_heading(line):
            ranges.append((start, len(text.rstrip()), "footer"))
            break
        if _FURNITURE_LINE.match(line):
            ranges.append((start, start + len(line), "furniture"))
    return ranges


LINES = [
    "About Example Site", "about us", "About the author.", "Leave a Reply", "3 comments",
    "٣ responses", "Related posts", "You may also like", "More from Example", "Share this:",
    "ſhare this", "SHARE", "Sign up for our newsletter", "Subscribe now", "Tweet", "Print",
    "Click here to read on", "Advertisement", "Sponsored content", "Follow us on Example",
    "© 2024 Example", "(C) Example", "Copyright 2023 Example", "All rights reserved.",
    "Required fields are marked *", "We use cookies here", "Read more", "Continue reading",
    "Log in", "Register", "Acme Corp said it would buy chips.", "Shares rose 5 pct.",
    "Home | News | Tech | Contact", "More.", "we said so", "1987 figures", "", " ", "\t",
]
BREAKS = ["\n", "\n\n", "\r\n", "\r", " \n ", "\n   ", "\n\t", "\u2028", "\x0c\n", "\x0b\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(BREAKS)), max_size=10),
       st.sampled_from(["", " ", "\n", "  \n"]))
def test_candidate_lines_find_what_every_line_finds(parts, lead):
    text = lead + "".join(line + brk for line, brk in parts)
    assert find_boilerplate(text) == every_line(text)
    assert find_boilerplate(text.rstrip()) == every_line(text.rstrip())
