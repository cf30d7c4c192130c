"""Tests of the organization gazetteer build: alias rules, false-positive guard, outputs.

All sentences are invented. Nothing here reads ../shared; the committed pattern files
are checked as they are, without rebuilding them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from pipeline.build.aliases import (
    caps_variant,
    clean_name,
    core_name,
    country_prefixed,
    name_forms,
    slugify,
    split_legal_suffix,
)
from pipeline.build.gazetteer import build, entry_aliases, resolve
from pipeline.build.guard import AliasGuard, read_word_list
from pipeline.build.lexicons import expand_titles
from pipeline.build.sources import KINDS, OrgEntry, load_curated, merge_sources

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = ROOT / "patterns"
SOURCES = PATTERNS / "sources"


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def registry() -> list[dict]:
    return load_jsonl(PATTERNS / "org_registry.jsonl")


@pytest.fixture(scope="module")
def patterns() -> list[dict]:
    return load_jsonl(PATTERNS / "org_gazetteer.jsonl")


def small_guard(**overrides: set[str]) -> AliasGuard:
    """A guard with tiny word lists, so rule tests need no installed data."""
    lists = dict(english={"ball", "progressive", "waste", "management", "now"},
                 dictionary={"united", "general", "ball"}, shouted={"now"},
                 places={"Lincoln", "Zurich"}, given={"Lindsay"}, surnames={"Abbott"},
                 codes={"MYR", "GB"}, allow={"Apple"}, block={"Dow"})
    lists.update(overrides)
    return AliasGuard(**lists)


# --- alias rules -------------------------------------------------------------------

def test_toyota_motor_corp_gets_suffix_variants_base_and_core() -> None:
    forms = name_forms("Toyota Motor Corp", "JP")
    aliases = {*forms.names, *forms.suffixed, *forms.core}
    assert {"Toyota Motor Corp", "Toyota Motor Corp.", "Toyota Motor Corporation",
            "Toyota Motor", "Toyota"} <= aliases
    assert forms.core == ["Toyota"]


@pytest.mark.parametrize(("name", "base", "families"), [
    ("Microsoft Corporation", "Microsoft", ["corp"]),
    ("Apple Inc.", "Apple", ["inc"]),
    ("Nomura Securities Co., Ltd.", "Nomura Securities", ["co_ltd"]),
    ("Nomura Securities Co Ltd", "Nomura Securities", ["co_ltd"]),
    ("Kidder Peabody and Co.", "Kidder Peabody", ["and_co"]),
    ("Siemens AG", "Siemens", ["ag"]),
    ("Barclays PLC", "Barclays", ["plc"]),
    ("Procter & Gamble", "Procter & Gamble", []),
])
def test_split_legal_suffix(name: str, base: str, families: list[str]) -> None:
    assert split_legal_suffix(name) == (base, families)


def test_suffix_family_variants_and_country_defaults() -> None:
    microsoft = name_forms("Microsoft Corporation", "US").suffixed
    assert {"Microsoft Corp", "Microsoft Corp."} <= set(microsoft)
    assert "Microsoft Inc." not in microsoft  # the written family only
    boeing = name_forms("Boeing", "US").suffixed  # no suffix: the country's families
    assert {"Boeing Co", "Boeing Co.", "Boeing Inc.", "Boeing, Inc."} <= set(boeing)
    assert name_forms("Boeing", "US", defaults=False).suffixed == []


def test_clean_name_drops_the_disambiguators_and_share_classes() -> None:
    assert clean_name("The Coca-Cola Company") == "Coca-Cola Company"
    assert clean_name("Rio Tinto (corporation)") == "Rio Tinto"
    assert clean_name("KalmarB") == "Kalmar"
    assert clean_name("KSB SE & Co. KGaA") == "KSB SE & Co. KGaA"


def test_curated_names_keep_a_final_capital() -> None:
    """A listed name's final capital is a share class (``KalmarB``); a curated name is
    written as news writes it (``BSkyB``, ``PwC``), so it keeps it."""
    assert clean_name("BSkyB", share_class=False) == "BSkyB"
    entry = OrgEntry(id="sky", name="Sky Group", aliases=["BSkyB"], kind="media",
                     country="GB", curated=True)
    aliases = dict(entry_aliases(entry))
    assert aliases["BSkyB"] == "written" and "BSky" not in aliases


def test_core_name_strips_descriptors_only_at_the_end() -> None:
    assert core_name("Marvell Technology Group") == "Marvell"
    assert core_name("General Motors") == "General"  # the guard drops it later
    assert core_name("Office of Communications") == "Office of Communications"
    assert core_name("Holdings") == "Holdings"


def test_non_companies_get_no_base_name_or_core() -> None:
    forms = name_forms("Federal Deposit Insurance Corporation", "US", company=False)
    assert "Federal Deposit Insurance" not in forms.names + forms.core
    assert "Federal Deposit Insurance Corp" in forms.suffixed


def test_caps_variant_rules() -> None:
    english = {"apple"}
    assert caps_variant("General Motors", english) == "GENERAL MOTORS"
    assert caps_variant("Toshiba", english) == "TOSHIBA"
    assert caps_variant("Sony", english) is None  # 4 letters
    assert caps_variant("Apple", english) is None  # an English word
    assert caps_variant("IBM", english) is None  # already caps


def test_country_prefix_for_government_bodies_only() -> None:
    assert country_prefixed(["Air Force"], "US", "military") == ["U.S. Air Force", "US Air Force"]
    assert country_prefixed(["Federal Reserve"], "US", "central_bank") == []
    assert country_prefixed(["SEC"], "US", "regulator") == []  # acronyms stay bare


def test_slugify() -> None:
    assert slugify("Procter & Gamble") == "procter-and-gamble"
    assert slugify("Société Générale") == "societe-generale"


# --- false-positive guard ------------------------------------------------------------

@pytest.mark.parametrize(("alias", "reason"), [
    ("Ball", "english-word"),
    ("Progressive", "english-word"),
    ("Lincoln", "place"),
    ("Zurich", "place"),
    ("Lindsay", "given-name"),
    ("Abbott", "surname"),
    ("MYR", "code"),
    ("Dow", "blocklist"),
    ("NOW", "english-word"),
    ("Waste Management", "generic"),
    ("Apple", None),
    ("Abbott Laboratories", None),
    ("Waste Management Inc", None),
    ("Toshiba", None),
])
def test_guard_reasons(alias: str, reason: str | None) -> None:
    assert small_guard().reason(alias) == reason


def test_guard_strict_mode_for_core_names() -> None:
    guard = small_guard()
    assert guard.reason("United") is None
    assert guard.reason("United", strict=True) == "dictionary-word"
    assert guard.reason("Waste Management", generic=False) is None


def test_committed_registry_records_the_guard_decisions(registry: list[dict]) -> None:
    """The real word lists (spaCy lookups, Census names, GeoNames) decided these at build
    time; reading the registry keeps this test fast."""
    flagged = {(f["alias"], f["reason"]) for r in registry for f in r["flagged"]}
    for alias, reason in [("Ball", "english-word"), ("Progressive", "english-word"),
                          ("Southern", "english-word"), ("Lindsay", "given-name"),
                          ("Albany", "place"), ("Public Storage", "allowed")]:
        if reason == "allowed":
            assert not any(a == alias for a, _ in flagged), alias
        else:
            assert (alias, reason) in flagged, alias


def test_allowlist_and_blocklist_files_parse() -> None:
    allow = read_word_list(SOURCES / "allowlist.txt")
    block = read_word_list(SOURCES / "blocklist.txt")
    assert {"Apple", "Best Buy"} <= allow
    assert {"Dow", "S&P"} <= block
    assert not allow & block


# --- building ------------------------------------------------------------------------

def test_curated_aliases_are_trusted_and_derived_ones_guarded() -> None:
    entry = OrgEntry(id="toshiba", name="Toshiba Corporation", aliases=["Toshiba Corp"],
                     country="JP", curated=True)
    how = dict(entry_aliases(entry))
    assert how["Toshiba Corporation"] == how["Toshiba Corp"] == "written"
    assert how["Toshiba"] == how["Toshiba Corp."] == "derived"


def test_resolve_prefers_a_written_alias_and_drops_ties() -> None:
    from pipeline.build.gazetteer import Claim

    won, lost = resolve({"Sun": [Claim("sun-micro", True), Claim("sun-art", False)],
                         "Acme": [Claim("a", False), Claim("b", False)]})
    assert won == {"Sun": "sun-micro"}
    assert lost == {"a": ["Acme"], "b": ["Acme"]}


def test_build_flags_guarded_aliases_and_adds_caps() -> None:
    entries = [
        OrgEntry(id="ball", name="Ball Corporation", country="US"),
        OrgEntry(id="united-widgets", name="United Widgets Group", country="US"),
        OrgEntry(id="toshiba", name="Toshiba Corporation", aliases=["Toshiba"], country="JP",
                 curated=True),
    ]
    registry, patterns = build(entries, small_guard())
    by_id = {r["id"]: r for r in registry}
    assert "Ball" not in by_id["ball"]["aliases"]
    assert {"alias": "Ball", "reason": "english-word"} in by_id["ball"]["flagged"]
    assert "Ball Corp." in by_id["ball"]["aliases"]
    assert "United Widgets" in by_id["united-widgets"]["aliases"]
    assert "United" not in by_id["united-widgets"]["aliases"]
    rows = {(p["pattern"], p["id"]) for p in patterns}
    assert {("Toshiba", "toshiba"), ("TOSHIBA", "toshiba"), ("BALL CORP.", "ball")} <= rows
    assert patterns == sorted(patterns, key=lambda p: (p["id"], p["pattern"]))


def test_merge_by_ticker_keeps_one_record() -> None:
    listed = [OrgEntry(id="ge-aerospace", name="GE Aerospace", ticker="GE", sources=["t"])]
    curated = [OrgEntry(id="general-electric", name="General Electric Company", ticker="GE",
                        aliases=["GE"], sources=["c"], curated=True)]
    merged = merge_sources(listed, curated)
    assert [e.id for e in merged] == ["general-electric"]
    assert merged[0].sources == ["c", "t"]


def test_curated_sources_load() -> None:
    entries = load_curated(SOURCES)
    assert len(entries) > 300
    assert all(e.kind in KINDS for e in entries)
    ids = {e.id for e in entries}
    assert {"tsmc", "federal-reserve", "european-central-bank", "nyse", "reuters", "mit"} <= ids


def test_titles_expand_abbreviations() -> None:
    assert expand_titles({"Mr.", "CEO"}) == {"Mr.", "Mr", "CEO"}


# --- committed outputs ---------------------------------------------------------------

def test_patterns_file_is_valid_entity_ruler_jsonl(patterns: list[dict], registry: list[dict]):
    ids = {r["id"] for r in registry}
    assert patterns, "empty gazetteer"
    for row in patterns:
        assert set(row) == {"label", "pattern", "id"}
        assert row["label"] == "ORG"
        assert isinstance(row["pattern"], str) and row["pattern"].strip() == row["pattern"]
        assert row["id"] in ids
    assert patterns == sorted(patterns, key=lambda p: (p["id"], p["pattern"]))
    owners: dict[str, str] = {}
    for row in patterns:
        assert owners.setdefault(row["pattern"], row["id"]) == row["id"], row["pattern"]


def test_registry_records(registry: list[dict]) -> None:
    keys = {"id", "name", "ticker", "exchange", "country", "kind", "aliases"}
    assert [r["id"] for r in registry] == sorted({r["id"] for r in registry})
    for record in registry:
        assert keys <= set(record)
        assert record["kind"] in KINDS
    by_id = {r["id"]: r for r in registry}
    assert by_id["microsoft"]["ticker"] == "MSFT"
    assert "Microsoft Corp." in by_id["microsoft"]["aliases"]


def test_no_ambiguous_words_in_committed_patterns(patterns: list[dict]) -> None:
    texts = {p["pattern"] for p in patterns}
    for word in ("Ball", "Gap", "Progressive", "Southern", "Lincoln", "Dow", "United", "General"):
        assert word not in texts, word
    for name in ("Microsoft", "Toyota Motor Corp.", "TSMC", "Federal Reserve", "Bank of Japan"):
        assert name in texts, name


def test_notable_names_only_in_unambiguous_forms(patterns: list[dict]) -> None:
    """orgs_notable.jsonl: ambiguous short names stay out, their long forms are in."""
    texts = {p["pattern"] for p in patterns}
    for word in ("Seek", "Sharp", "Boots", "O2", "Halifax", "Coles", "Palm", "Gateway",
                 "Skype", "TiVo", "Bo", "BSky", "David Jones", "William Hill", "SLM"):
        assert word not in texts, word
    for name in ("Northern Rock", "Seek Ltd", "Boots Group", "Halifax Bank", "Coles Group",
                 "Spark New Zealand", "Ryanair", "easyJet", "BSkyB", "PwC", "Skype Technologies"):
        assert name in texts, name


def test_gazetteer_patterns_tag_an_invented_sentence(patterns: list[dict]) -> None:
    wanted = {"microsoft", "toyota", "european-central-bank", "us-sec"}
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([p for p in patterns if p["id"] in wanted])
    doc = nlp("Toyota Motor Corp. and Microsoft's cloud unit briefed the SEC and the "
              "European Central Bank on Tuesday.")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("Toyota Motor Corp.", "toyota"), ("Microsoft", "microsoft"), ("SEC", "us-sec"),
        ("European Central Bank", "european-central-bank")]


@pytest.mark.parametrize("name", ["given_names.txt", "places.txt", "titles.txt"])
def test_lexicon_files_are_sorted_with_a_header(name: str) -> None:
    lines = (PATTERNS / "lexicon" / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# source:") and "pipeline.build.lexicons" in lines[0]
    entries = lines[1:]
    assert entries == sorted(set(entries)) and all(e.strip() == e and e for e in entries)


def test_lexicon_contents() -> None:
    read = {n: set((PATTERNS / "lexicon" / n).read_text(encoding="utf-8").splitlines()[1:])
            for n in ("given_names.txt", "places.txt", "titles.txt")}
    assert {"James", "Satya"} <= read["given_names.txt"]
    assert {"Japan", "Japanese", "Texas", "Osaka", "Bavaria"} & read["places.txt"] >= {
        "Japan", "Japanese", "Texas", "Osaka"}
    assert {"CEO", "Chairman", "Prime Minister", "Mr", "Mr."} <= read["titles.txt"]
