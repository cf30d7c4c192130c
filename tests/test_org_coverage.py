"""Names from patterns/sources/orgs_coverage.jsonl: tech companies, regulators, agencies,
unions, media and research bodies that business and technology news names often."""

from __future__ import annotations

import pytest

from tests.conftest import ents


@pytest.mark.parametrize("text,expected", [
    ("Shoppers use Instagram, Snapchat and TikTok, and Snap Inc. shares fell.",
     ["Instagram", "Snapchat", "TikTok", "Snap Inc."]),
    ("Analysts at Point Topic, Jupiter Research and Piper Jaffray agreed.",
     ["Point Topic", "Jupiter Research", "Piper Jaffray"]),
    ("Elspa and the British Phonographic Industry welcomed it.",
     ["Elspa", "British Phonographic Industry"]),
    ("Standards Australia, Universities Australia and KfW signed.",
     ["Standards Australia", "Universities Australia", "KfW"]),
    ("PsiQuantum, Quantum Brilliance and Silicon Quantum Computing raised funds.",
     ["PsiQuantum", "Quantum Brilliance", "Silicon Quantum Computing"]),
    ("Stability AI and Perplexity AI raised money, while Character.AI was sold.",
     ["Stability AI", "Perplexity AI", "Character.AI"]),
    ("Shares in Cloudflare, MongoDB and CoreWeave rose.",
     ["Cloudflare", "MongoDB", "CoreWeave"]),
    ("Revolut, Monzo and Binance said on Tuesday they would cut costs.",
     ["Revolut", "Monzo", "Binance"]),
    ("TikTok and Reddit were fined, and Waymo paused its service.",
     ["TikTok", "Reddit", "Waymo"]),
    ("The Australian Taxation Office and AUSTRAC briefed Services Australia.",
     ["Australian Taxation Office", "AUSTRAC", "Services Australia"]),
    ("A report by the Australian Signals Directorate and the OAIC was published.",
     ["Australian Signals Directorate", "OAIC"]),
    ("The Department of Climate Change, Energy, the Environment and Water and AEMO agreed.",
     ["Department of Climate Change, Energy, the Environment and Water", "AEMO"]),
    ("HMRC, GCHQ and the Cabinet Office declined to comment.",
     ["HMRC", "GCHQ", "Cabinet Office"]),
    ("The Canadian Radio-television and Telecommunications Commission fined Telus.",
     ["Canadian Radio-television and Telecommunications Commission", "Telus"]),
    ("The ACTU and the Community and Public Sector Union told InnovationAus and iTnews.",
     ["ACTU", "Community and Public Sector Union", "InnovationAus", "iTnews"]),
    ("Atlassian bought a stake in Airtasker, NextDC and Megaport.",
     ["Atlassian", "Airtasker", "NextDC", "Megaport"]),
])
def test_coverage_names(nlp, text: str, expected: list[str]) -> None:
    assert [t for t, _ in ents(nlp(text), "ORG")] == expected


def test_github_is_org_and_copilot_stays_tech(nlp) -> None:
    assert ents(nlp("Developers used GitHub Copilot, GitHub said.")) == [
        ("GitHub Copilot", "TECH"), ("GitHub", "ORG")]


@pytest.mark.parametrize("text,expected", [
    ("Capita plc, Plaid Inc. and Confluent Inc said Asana Inc. would follow.",
     ["Capita plc", "Plaid Inc.", "Confluent Inc", "Asana Inc."]),
    ("The Office of the eSafety Commissioner issued a notice.",
     ["Office of the eSafety Commissioner"]),
])
def test_ambiguous_coverage_names_in_their_long_form(nlp, text: str, expected) -> None:
    assert [t for t, _ in ents(nlp(text), "ORG")] == expected


@pytest.mark.parametrize("text", [
    "Capita income rose. Plaid shirts sold well. Confluent streams met.",
    "Wise investors held on. Asana classes were full.",
    "Treasury yields rose as the eSafety Commissioner spoke.",
])
def test_ambiguous_coverage_names_not_alone(nlp, text: str) -> None:
    """``Capita``, ``Plaid``, ``Confluent``, ``Wise`` and ``Asana`` are words; they are
    listed only as ``Capita plc``, ``Plaid Inc.``... A bare ``Treasury`` is left out
    (``Treasury yields``), and the ``eSafety Commissioner`` is an office holder's title."""
    assert ents(nlp(text), "ORG") == []


def test_a_city_is_no_short_form(nlp):
    """``Palo Alto`` is the city; only ``Palo Alto Networks`` names the company."""
    assert ents(nlp("A Palo Alto startup raised money."), "ORG") == []
    assert ents(nlp("Palo Alto Networks said it raised prices."), "ORG") == [
        ("Palo Alto Networks", "ORG")]
