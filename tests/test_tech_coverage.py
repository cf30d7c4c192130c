"""TECH coverage of business and technology news: terms added to the taxonomy, on the
assembled pipeline (``conftest.nlp``), with exact TECH spans, and their non-technical
look-alikes left alone."""

from __future__ import annotations

import pytest

from pipeline.build.tech_patterns import regular_plurals

from .conftest import ents


def tech(nlp, text: str) -> list[str]:
    """The TECH entity texts of ``text``, in order."""
    return [t for t, _ in ents(nlp(text), "TECH")]


def expect(*cases: tuple[str, list[str]]):
    return pytest.mark.parametrize(("text", "expected"), cases)


@expect(
    ("Freeview and Freesat boxes sold well over Christmas.", ["Freeview", "Freesat"]),
    ("Sales of DAB radios doubled last year.", ["DAB radios"]),
    ("The firm said digital audio broadcasting would grow.", ["digital audio broadcasting"]),
    ("Songs are sold as MP3 files and in Windows Media Player.",
     ["MP3", "Windows Media Player"]),
    ("Apple's iTunes Music Store sold its millionth song.", ["iTunes Music Store"]),
    ("Intel will ship Centrino and Core 2 Duo laptops.", ["Centrino", "Core 2 Duo laptops"]),
    ("Nvidia's H20 and AMD's MI300X chips are in demand.", ["H20", "MI300X"]),
    ("Amazon designs its own Trainium chips.", ["Trainium"]),
    ("Huawei's Ascend 910B rivals Nvidia's Blackwell chips.", ["Ascend 910B", "Blackwell"]),
    ("Operators are rolling out 3G networks and HSDPA.", ["3G networks", "HSDPA"]),
    ("The carrier will build 2,000 base stations.", ["base stations"]),
    ("Sales of PDAs and personal digital assistants fell.",
     ["PDAs", "personal digital assistants"]),
    ("The company said big data and data mining would grow.", ["big data", "data mining"]),
    ("Demand for cryptocurrencies such as Bitcoin and Dogecoin rose.",
     ["cryptocurrencies", "Bitcoin", "Dogecoin"]),
    ("The Internet of Things will connect homes.", ["Internet of Things"]),
    ("Baidu launched Ernie Bot after Google's AlphaGo won.", ["Ernie Bot", "AlphaGo"]),
    ("It plans to expand its fibre network and FTTP.", ["fibre network", "FTTP"]),
    ("The company sells wireless technology to carriers.", ["wireless"]),
    ("Sales of Blu-ray players and lithium batteries rose.",
     ["Blu-ray players", "lithium batteries"]),
    ("Tesla's Full Self-Driving software is under review.", ["Full Self-Driving software"]),
)
def test_added_terms(nlp, text, expected):
    assert tech(nlp, text) == expected


@expect(
    ("Eat more fibre and fruit.", []),
    ("Six-month CD rates rose to 5.5 pct.", []),
    ("The Blackwell family sold the farm.", []),
    ("Edward Hopper painted the diner.", []),
    ("Users of TikTok grew as spam and phishing rose.", []),
    ("The spreadsheets were sent to the auditors.", []),
    ("Prices rocketed after the harvest.", []),
    ("The bank will search for a new chief executive.", []),
    ("Internet Capital Group said it would buy a stake.", []),
)
def test_look_alikes(nlp, text, expected):
    assert tech(nlp, text) == expected


def test_plurals_of_y_heads():
    assert regular_plurals("cryptocurrency") == ["cryptocurrencies"]
    assert regular_plurals("BlackBerry") == ["BlackBerries", "BlackBerrys"]
    assert regular_plurals("Xbox") == ["Xboxes"]


@expect(
    ("Songs are sold in the MP3 and AAC formats.", ["MP3", "AAC"]),
    ("AAC said profits rose.", []),
    ("Developers reach the service through its APIs.", ["APIs"]),
    ("The API said crude stocks fell.", []),
    ("Kubernetes runs the firm's containers.", ["Kubernetes"]),
    ("Staff must use multi-factor authentication.", ["multi-factor authentication"]),
    ("It sells an endpoint protection product.", ["endpoint protection"]),
)
def test_formats_security_and_platform_terms(nlp, text: str, expected: list[str]) -> None:
    """Audio formats (ambiguous: with context), APIs (bare ``API`` is also the American
    Petroleum Institute), Kubernetes, authentication and endpoint security."""
    assert tech(nlp, text) == expected
