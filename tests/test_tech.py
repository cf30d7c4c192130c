"""TECH: taxonomy patterns + the ``tech_modifiers`` component, on invented sentences.

The pipeline is built the two ways the project matches terms: on token lemmas (the
lookup lemmatizer, ``phrase_matcher_attr = "LEMMA"``) and on lemma norms
(``pipeline.lemma_norms``, ``phrase_matcher_attr = "NORM"``).
"""

from __future__ import annotations

import importlib

import pytest
import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Span

from pipeline.build.tech_patterns import (
    build_patterns,
    case_variants,
    head_forms,
    spelling_variants,
)
from pipeline.tech import (
    DEFAULT_TAXONOMY,
    load_taxonomy,
    normalize_tech,
)
from pipeline.tokenizer import customize_tokenizer

PATTERNS = DEFAULT_TAXONOMY.parents[1] / "tech.jsonl"


def make_pipeline(attr: str) -> Language:
    """Tokenizer, lemmas (or lemma norms), an ORG ruler, the TECH ruler, tech_modifiers."""
    nlp = customize_tokenizer(spacy.blank("en"))
    if attr == "LEMMA":
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    else:
        norms = pytest.importorskip("pipeline.lemma_norms")
        norms.add_lemma_norms(nlp)
    config = {"spans_key": "candidates", "overwrite": False}
    org = nlp.add_pipe("span_ruler", name="org_ruler", config=config)
    tech = nlp.add_pipe(
        "span_ruler", name="tech_ruler", config={**config, "phrase_matcher_attr": attr}
    )
    nlp.add_pipe("tech_modifiers", config={"match_attr": attr})
    nlp.initialize()
    org.add_patterns([{"label": "ORG", "pattern": "Microsoft"}])
    tech.add_patterns(list(srsly.read_jsonl(PATTERNS)))
    return nlp


@pytest.fixture(scope="module", params=["LEMMA", "NORM"])
def nlp(request: pytest.FixtureRequest) -> Language:
    return make_pipeline(request.param)


def tech(nlp: Language, text: str) -> list[str]:
    """The TECH span texts of ``text``, in order (checked for clean boundaries)."""
    doc = nlp(text)
    found = [s for s in doc.spans["candidates"] if s.label_ == "TECH"]
    spans = sorted(found, key=lambda s: s.start)
    for span in spans:
        assert span.text == span.text.strip(), span.text
        assert span[0].is_alpha or span[0].like_num or span[0].text[0].isalnum(), span.text
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start, (a.text, b.text)
    return [s.text for s in spans]


def expect(*cases: tuple[str, list[str]]):
    return pytest.mark.parametrize(("text", "expected"), cases)


# -- the guideline examples ---------------------------------------------------------


@expect(
    ("Demand for semiconductors is rising.", ["semiconductors"]),
    ("The plant makes two-nanometer chips.", ["two-nanometer chips"]),
    ("The semiconductor industry is booming.", ["semiconductor"]),
    ("Spending on AI infrastructure doubled.", ["AI"]),
    ("It sells chip-making equipment.", ["chip"]),
    ("Rules cover advanced chip technology.", ["chip"]),
    ("They will ship next generation chips soon.", ["chips"]),
    ("Investors love artificial intelligence (AI) startups.", ["artificial intelligence", "AI"]),
    ("Sony cut the price of its PlayStation 3 console.", ["PlayStation 3"]),
    ("The Cell processor runs hot.", ["Cell"]),
    ("Users downloaded more apps this week.", ["apps"]),
    ("The applications were filed late.", []),
    ("New programs were announced.", []),
    ("The technology is not ready.", []),
    ("Tech stocks fell.", []),
    ("The chipmaker opened a fab next to its plant.", []),
    ("She bought the phone yesterday.", ["phone"]),
    ("Apple's iPhone sold well.", ["iPhone"]),
    (
        "Sales of automotive technology and digital health grew.",
        ["automotive technology", "digital health"],
    ),
)
def test_guideline_examples(nlp: Language, text: str, expected: list[str]) -> None:
    assert tech(nlp, text) == expected


@expect(
    ("Firms adopt generative AI quickly.", ["generative AI"]),
    ("The car uses lithium-ion batteries.", ["lithium-ion batteries"]),
    ("Export rules target AI chips.", ["AI chips"]),
    ("The lab trains large language models.", ["large language models"]),
    ("It released desktop search software.", ["desktop search software"]),
    ("Homes get high speed broadband.", ["high speed broadband"]),
    ("He lost his mobile phone.", ["mobile phone"]),
    ("Pupils received laptop computers.", ["laptop computers"]),
    ("It comes with a 70MB fixed disk drive.", ["70MB fixed disk drive"]),
    ("The device runs a Linux-based operating system.", ["Linux-based operating system"]),
    ("The latest cutting-edge AI chips are scarce.", ["AI chips"]),
)
def test_technical_modifiers_are_kept(nlp: Language, text: str, expected: list[str]) -> None:
    assert tech(nlp, text) == expected


@expect(
    (
        "Electric vehicles need solar panels and batteries.",
        ["Electric vehicles", "solar panels", "batteries"],
    ),
    ("New data centers and data centres need GPUs.", ["data centers", "data centres", "GPUs"]),
    ("Smartphones run Android or Windows.", ["Smartphones", "Android", "Windows"]),
    ("ChatGPT runs on Azure using H100 hardware.", ["ChatGPT", "Azure", "H100 hardware"]),
    ("Telecoms groups bet on 5G and robotics.", ["Telecoms", "5G", "robotics"]),
    (
        "Blockchain, nuclear fusion and cloud computing drew funds.",
        ["Blockchain", "nuclear fusion", "cloud computing"],
    ),
    (
        "Quantum computing and machine learning need clean energy.",
        ["Quantum computing", "machine learning", "clean energy"],
    ),
)
def test_fields_classes_and_products(nlp: Language, text: str, expected: list[str]) -> None:
    assert tech(nlp, text) == expected


# -- written forms: case, spelling, line breaks ----------------------------------------


@expect(
    ("Chips were scarce last year.", ["Chips"]),
    ("JAPAN CUTS CHIP EXPORTS", ["CHIP"]),
    ("TOSHIBA SELLS MORE PERSONAL COMPUTERS", ["PERSONAL COMPUTERS"]),
    ("Reach us by e-mail, by e mail or by email.", ["e-mail", "e mail", "email"]),
    ("It runs a new operating\nsystem on old PCs.", ["operating\nsystem", "PCs"]),
    ("The new PC's are fast.", ["PC's"]),
    ("The PC's screen is small.", ["PC"]),
    ("Amazon sold more Kindles and iPod Shuffles.", ["Kindles", "iPod Shuffles"]),
)
def test_written_forms(nlp: Language, text: str, expected: list[str]) -> None:
    assert tech(nlp, text) == expected


@expect(
    ("She phoned the office.", []),
    ("The display of flowers was lovely.", []),
    ("The electronic voting failed.", []),
    ("The windows were open.", []),
    ("It said IT spending rose.", ["IT"]),
    ("IBM SAYS IT WILL CUT JOBS", []),
    ("Investors bought blue-chip stocks.", []),
    ("France Telecom raised prices.", []),
    ("Shares of Develcon Electronics Ltd rose.", []),
    ("Chip Bergh, its chief executive, spoke.", []),
)
def test_false_matches_are_dropped(nlp: Language, text: str, expected: list[str]) -> None:
    assert tech(nlp, text) == expected


# -- ambiguous terms need a technology context ----------------------------------------


@expect(
    ("He bought a keyboard and mouse.", ["keyboard", "mouse"]),
    ("The mouse ran under the table.", []),
    ("The Mac is cheap.", []),
    ("Apple sold the Mac mini and said the Mac is cheap.", ["Mac mini", "Mac"]),
    (
        "Nintendo sold the Nintendo DS. The DS is popular. He played Mario Kart DS.",
        ["Nintendo DS", "DS"],
    ),
    ("The new Tiger operating system ships soon.", ["Tiger"]),
    ("The tiger escaped.", []),
    ("It has 2MB of memory.", ["memory"]),
    ("A memory of home stayed.", []),
    ("Doctors used computerised tomography (CT) scans.", ["computerised tomography", "CT"]),
    # a business noun after an ambiguous common noun confirms it (not CD: certificates)
    ("Cloud revenue rose and browser makers objected.", ["Cloud", "browser"]),
    ("A cloud of uncertainty hung over the market.", []),
    ("The CD market was quiet.", []),
    # a lower-case "company" after a term is no company name
    ("It is an AI company. Money for AI infrastructure rose.", ["AI", "AI"]),
    ("Tariffs on Chinese-made EVs and new-energy vehicles rose.",
     ["EVs", "new-energy vehicles"]),
    ("Output of 256K DRAMs fell; CPUs sold well.", ["256K DRAMs", "CPUs"]),
    # a technology before "technology" is the technology (the guidelines' chip technology)
    ("It uses facial recognition technology and battery technology.",
     ["facial recognition", "battery"]),
    ("Subscribers to Disney+ and Apple TV+ grew.", ["Disney+", "Apple TV+"]),
    # a product's own class before it is a span of its own, after it none
    ("The streaming service Disney+ grew; its Google+ social network shut.",
     ["streaming service", "Disney+", "Google+"]),
    # an assistant's app is its own class noun: no span of its own
    ("Users of its Copilot apps grew; the ChatGPT app led.", ["Copilot", "ChatGPT"]),
)
def test_ambiguous_terms(nlp: Language, text: str, expected: list[str]) -> None:
    assert tech(nlp, text) == expected


# -- wireless, lighting, internet, browsers, languages, AI assistants ---------------------


@expect(
    ("Intel backs WiMax; the WiMAX and Wi-Max gear ships.", ["WiMax", "WiMAX", "Wi-Max"]),
    ("LED lighting is cheaper than ever.", ["LED"]),
    ("Philips makes LEDs, LED displays and light-emitting diodes.",
     ["LEDs", "LED displays", "light-emitting diodes"]),
    ("PHILIPS SELLS MORE LEDS", ["LEDS"]),
    ("Peer-to-peer networks and P2P software spread.", ["Peer-to-peer networks", "P2P software"]),
    ("Illegal file sharing hurt labels.", ["file sharing"]),
    ("Users of the Kazaa file-sharing network were sued.", ["file-sharing network"]),
    ("P2P lending platforms grew.", ["P2P lending"]),
    ("Operators earn from SMS messages and SMS alerts.", ["SMS messages", "SMS"]),
    ("Send text messages (SMS) cheaply.", ["text messages", "SMS"]),
    ("Sun's Java runs in the Java software on most PCs.", ["Java", "Java", "PCs"]),
    ("The Java programming language and Java applets spread.", ["Java", "Java"]),
    ("Millions of videos are on YouTube.", ["YouTube"]),
    ("Google's Chrome and the Safari browser gained share.", ["Chrome", "Safari"]),
    ("Users of Safari and Firefox grew.", ["Safari", "Firefox"]),
    ("Microsoft's Copilot and GitHub Copilot write code.", ["Copilot", "GitHub Copilot"]),
    ("Google's Gemini and the Llama model compete.", ["Gemini", "Llama"]),
    ("The Gemini model is multimodal.", ["Gemini"]),
    ("Handhelds are selling well.", ["Handhelds"]),
    ("Sony's PSP is a rival.\n\nHandhelds have launched later in Europe.", ["PSP", "Handhelds"]),
)
def test_added_terms(nlp: Language, text: str, expected: list[str]) -> None:
    assert tech(nlp, text) == expected


@expect(
    ("RALLY LED BY BANKS LIFTS STOCKS", []),
    ("STOCKS FALL, BANKS LED", []),
    ("Exports led the rise.", []),
    ("Led by exports, sales rose.", []),
    ("Farmers on the island of Java grow rice.", []),
    ("Coffee from Java is prized.", []),
    ("East Java province flooded.", []),
    ("They went on a safari in Kenya.", []),
    ("Nissan sells the Safari in Japan.", []),
    ("The car has chrome bumpers.", []),
    ("Chrome plating costs rose.", []),
    ("The copilot landed the plane.", []),
    ("The Copilot landed the plane.", []),
    ("The Gemini twins sang.", []),
    ("The handheld scanner reads labels.", []),
    ("Articles on Wikipedia can be edited by anyone.", []),
    ("The files shared on the network were old.", []),
)
def test_added_terms_need_their_context(nlp: Language, text: str, expected: list[str]) -> None:
    assert tech(nlp, text) == expected


def test_other_labels_are_left_alone(nlp: Language) -> None:
    doc = nlp("Microsoft sells software.")
    assert [(s.text, s.label_) for s in doc.spans["candidates"]] == [
        ("Microsoft", "ORG"),
        ("software", "TECH"),
    ]


# -- normalization ---------------------------------------------------------------------


@expect(
    ("Makers of generative AI chips gained.", ["semiconductor"]),
    ("Sales of iPods rose.", ["ipod"]),
    ("He uses e mail.", ["email"]),
)
def test_normalize_tech_keeps_the_head_id(nlp: Language, text: str, expected: list[str]) -> None:
    doc = nlp(text)
    spans = [s for s in doc.spans["candidates"] if s.label_ == "TECH"]
    assert [normalize_tech(s)["id"] for s in spans] == expected


def test_normalize_tech_without_id() -> None:
    doc = spacy.blank("en")("new smartphones")
    norm = normalize_tech(Span(doc, 1, 2, label="TECH"))
    assert norm == {"id": "smartphone", "category": "telecom"}


# -- the generator ---------------------------------------------------------------------


def test_generator_rules() -> None:
    assert case_variants("solar panel") == [
        "solar panel", "Solar panel", "Solar Panel", "SOLAR PANEL"
    ]
    assert case_variants("iPhone") == ["iPhone", "IPHONE"]
    assert head_forms("Chip", "class") == ["Chips"]
    assert head_forms("GPU", "class") == ["GPUs", "GPUS"]
    assert head_forms("computing", "field") == []
    assert spelling_variants("e-mail") == ["e-mail", "e mail", "email"]


def test_generated_file_is_up_to_date() -> None:
    records = load_taxonomy()
    patterns, clashes = build_patterns(records)
    assert clashes == []
    assert patterns == list(srsly.read_jsonl(PATTERNS))
    assert {p["id"] for p in patterns} == {r["id"] for r in records}


def test_taxonomy_follows_the_not_tech_list() -> None:
    terms = {t.lower() for r in load_taxonomy() for t in [*r["terms"], *r.get("ambiguous", [])]}
    for word in ("technology", "tech", "chipmaker", "fab", "plant", "application", "program"):
        assert word not in terms


def test_module_imports_cleanly() -> None:
    assert importlib.import_module("pipeline.tech").CATEGORIES


# -- the component's data: saved with the pipeline, used by normalize_tech --------------


GADGET = {"id": "gadget", "category": "computing", "kind": "product", "terms": ["Gizmo"]}


def gadget_pipeline(taxonomy: str) -> Language:
    """A ruler for ``Gizmo`` and tech_modifiers reading a one-record taxonomy."""
    nlp = customize_tokenizer(spacy.blank("en"))
    ruler = nlp.add_pipe("phrase_ruler", name="tech_ruler", config={
        "spans_key": "candidates", "phrase_matcher_attr": "NORM"})
    nlp.add_pipe("tech_modifiers", config={"taxonomy": taxonomy})
    nlp.initialize()
    ruler.add_patterns([{"label": "TECH", "pattern": "Gizmo", "id": "gadget"}])
    return nlp


def gadget_norms(nlp: Language) -> list[tuple[str, dict]]:
    doc = nlp("Sales of the Gizmo rose.")
    return [(s.text, normalize_tech(s)) for s in doc.spans["candidates"]]


def test_construction_reads_no_file() -> None:
    nlp = spacy.blank("en")
    component = nlp.add_pipe("tech_modifiers", config={"taxonomy": "/nowhere/taxonomy.jsonl"})
    assert component.data is None


def test_data_is_saved_with_the_pipeline(tmp_path) -> None:
    source = tmp_path / "taxonomy.jsonl"
    srsly.write_jsonl(source, [GADGET])
    nlp = gadget_pipeline(str(source))
    expected = [("Gizmo", {"id": "gadget", "category": "computing"})]
    assert gadget_norms(nlp) == expected  # normalize_tech uses the pipeline's taxonomy
    nlp.to_disk(tmp_path / "pipeline")
    source.unlink()
    assert srsly.read_jsonl(tmp_path / "pipeline" / "tech_modifiers" / "taxonomy.jsonl")
    loaded = spacy.load(tmp_path / "pipeline")
    assert gadget_norms(loaded) == expected
    other = spacy.blank("en")
    other.add_pipe("tech_modifiers").from_bytes(loaded.get_pipe("tech_modifiers").to_bytes())
    assert other.get_pipe("tech_modifiers").data.by_id["gadget"] == GADGET


def test_ticker_names_are_the_tickers_of_the_text() -> None:
    text = "ELBIT COMPUTERS <ELBTF.O> and <GPU>, not GPU<X or <IBM.NEW> or <lower>."
    doc = TOKENIZER.make_doc(text)
    component = spacy.blank("en").add_pipe("tech_modifiers")
    names = {"ELBTF", "GPU", "IBM", "X", "lower", "COMPUTERS"}
    assert component._ticker_names(doc, names) == {"ELBTF", "GPU"}
    assert component._ticker_names(TOKENIZER.make_doc("no tickers"), names) == set()


TOKENIZER = customize_tokenizer(spacy.blank("en"))


# --- products named after a technology noun ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoshida unveiled a humanoid robot, called Zorbot, to rival others. Zorbot is fast.",
         ["Zorbot", "Zorbot"]),
        ("It has a search tool for its computers called Beacon that ships soon.", ["Beacon"]),
        ("The firm launched a messaging app named Quillo Chat 2 on Monday.", ["Quillo Chat 2"]),
        ("The software package, named Network\nCourier, links offices.", ["Network\nCourier"]),
    ],
)
def test_product_named_after_a_technology_noun(text: str, expected: list[str]) -> None:
    from pipeline.tech import named_products

    doc = _blank()(text)
    assert [doc[c.start:c.end].text for c in named_products(doc, [])] == expected


@pytest.mark.parametrize(
    "text",
    [
        "A man called Zorbot said a company called Zentrix was sold.",  # no technology noun
        "Gram System Inc said it named Ann Lee its chairman.",  # appointing, not naming
        "The robot was sold. Called Beacon, it failed.",  # another clause
    ],
)
def test_named_product_guards(text: str) -> None:
    from pipeline.tech import named_products

    assert named_products(_blank()(text), []) == []


def _blank() -> Language:
    """A blank English pipeline (the named-product rule needs tokens only)."""
    return spacy.blank("en")
