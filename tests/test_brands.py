"""A product that is also its company's name is ORG where the sentence makes it the
company (a brand standing for its maker, GUIDELINES.md), else TECH."""

from __future__ import annotations

import pytest

from pipeline.tech import check_record
from tests.conftest import ents


@pytest.mark.parametrize(("text", "expected"), [
    ("Skype said its users grew.", [("Skype", "ORG")]),
    ("A YouTube spokesman declined to comment.", [("YouTube", "ORG")]),
    ("YouTube's founders sold the site.", [("YouTube", "ORG")]),
    ("Google bought YouTube last year.", [("Google", "ORG"), ("YouTube", "ORG"),
                                          ("last year", "DATE")]),
    ("The acquisition of Skype by eBay closed.", [("Skype", "ORG"), ("eBay", "ORG")]),
    ("Investors in WhatsApp cheered.", [("WhatsApp", "ORG")]),
    ("BlackBerry said sales fell; BlackBerry Ltd cut jobs.",
     [("BlackBerry", "ORG"), ("BlackBerry Ltd", "ORG")]),
])
def test_product_standing_for_its_company_is_org(nlp, text: str, expected: list) -> None:
    assert ents(nlp(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Users call each other on Skype and watch YouTube.",
     [("Skype", "TECH"), ("YouTube", "TECH")]),
    ("Skype is free to download.", [("Skype", "TECH")]),
    ("He checked his BlackBerry on the train.", [("BlackBerry", "TECH")]),
    # a product that is no company's name stays TECH whatever follows
    ("Gmail said nothing new.", [("Gmail", "TECH")]),
])
def test_product_as_a_product_stays_tech(nlp, text: str, expected: list) -> None:
    assert ents(nlp(text)) == expected


def test_companies_must_be_terms_of_the_record() -> None:
    record = {"id": "x", "category": "internet", "kind": "product", "terms": ["Zorvo"],
              "companies": ["Zorva"]}
    assert check_record(record, set()) == "'companies' must be among its 'terms'"
