"""Site furniture is found by documented rules; article text is never marked."""

from __future__ import annotations

from pipeline.boilerplate import find_boilerplate

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
