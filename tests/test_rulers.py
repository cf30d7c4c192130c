"""``phrase_ruler``: the spans of spaCy's ``span_ruler``, loaded without tokenizing."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest
import spacy
import srsly
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.vocab import Vocab

from pipeline.lemma_norms import add_lemma_norms
from pipeline.rulers import PhraseRuler
from pipeline.tokenizer import customize_tokenizer

PATTERNS = [
    {"label": "ORG", "pattern": "Acme Corp", "id": "acme"},
    {"label": "ORG", "pattern": "ACME CORP", "id": "acme"},
    {"label": "ORG", "pattern": "Acme", "id": "acme"},
    {"label": "ORG", "pattern": "Acme", "id": "acme-2"},
    {"label": "ORG", "pattern": "Zed & Co", "id": "zed"},
    {"label": "TECH", "pattern": "solar panel", "id": "solar"},
    {"label": "TECH", "pattern": "Solar Panels", "id": "solar"},
    {"label": "TECH", "pattern": "SOLAR PANEL", "id": "solar"},
    {"label": "TECH", "pattern": "solar\npanel", "id": "solar"},
    {"label": "TECH", "pattern": "e-mail", "id": "email"},
    {"label": "TECH", "pattern": [{"LOWER": "5g"}], "id": "5g"},
    {"label": "TECH", "pattern": "chips"},
]
TEXTS = [
    "ACME CORP and Acme Corp, not acme corp or Acme CORP; Acme alone.",
    "Solar panels, SOLAR PANELS and solar\npanel makers bought 5G chips and Chips.",
    "zed & co and Zed & Co sent an E-Mail.",
    "",
]


@lru_cache(maxsize=1)
def norms_vocab() -> Vocab:
    """A vocabulary with the project's lemma norms (built once: it reads large tables)."""
    return add_lemma_norms(spacy.blank("en")).vocab


def make_nlp(factory: str, attr: str) -> Language:
    """The project's tokenizer and lemma norms, and one ruler."""
    nlp = customize_tokenizer(spacy.blank("en", vocab=norms_vocab()))
    nlp.add_pipe(factory, name="ruler", config={"phrase_matcher_attr": attr, "validate": True})
    return nlp


def spans(nlp: Language, text: str) -> list[tuple[int, int, str, str]]:
    doc = nlp(text)
    return [(s.start, s.end, s.label_, s.id_) for s in doc.spans.get("ruler", [])]


@pytest.fixture(scope="module", params=["ORTH", "NORM", "LOWER"])
def pair(request: pytest.FixtureRequest) -> tuple[Language, Language]:
    """A span_ruler and a phrase_ruler with the same patterns."""
    pipelines = []
    for factory in ("span_ruler", "phrase_ruler"):
        nlp = make_nlp(factory, request.param)
        nlp.get_pipe("ruler").add_patterns(PATTERNS)
        pipelines.append(nlp)
    return pipelines[0], pipelines[1]


@pytest.mark.parametrize("text", TEXTS)
def test_same_spans_as_span_ruler(pair: tuple[Language, Language], text: str) -> None:
    stock, ours = pair
    assert spans(ours, text) == spans(stock, text)


def test_orth_matches_only_written_forms() -> None:
    nlp = make_nlp("phrase_ruler", "ORTH")
    nlp.get_pipe("ruler").add_patterns(PATTERNS)
    found = [nlp(TEXTS[0])[s:e].text for s, e, _, _ in spans(nlp, TEXTS[0])]
    assert found == ["ACME CORP", "Acme", "Acme", "Acme Corp", "Acme", "Acme", "Acme", "Acme"]


def test_norm_variants_are_one_matcher_entry() -> None:
    nlp = make_nlp("phrase_ruler", "NORM")
    ruler = nlp.get_pipe("ruler")
    ruler.add_patterns(PATTERNS)
    assert len(ruler.phrases[repr(("TECH", "solar"))]) == 2  # "solar panel", "solar\npanel"
    assert len(ruler) == len(PATTERNS)
    assert ruler.patterns == PATTERNS


def test_disk_round_trip_needs_no_tokenizer(tmp_path, monkeypatch) -> None:
    nlp = make_nlp("phrase_ruler", "ORTH")
    nlp.get_pipe("ruler").add_patterns(PATTERNS)
    nlp.to_disk(tmp_path / "p")
    written = list(srsly.read_jsonl(tmp_path / "p" / "ruler" / "patterns"))
    assert written == PATTERNS  # the standard entity-ruler file is still there

    def no_tokenizing(*args: object, **kwargs: object) -> None:
        raise AssertionError("patterns were tokenized again")

    monkeypatch.setattr(Language, "make_doc", no_tokenizing)
    monkeypatch.setattr(Language, "pipe", no_tokenizing)
    loaded = spacy.load(tmp_path / "p")
    monkeypatch.undo()
    ruler = loaded.get_pipe("ruler")
    assert isinstance(ruler, PhraseRuler)
    assert len(ruler) == len(PATTERNS)
    for text in TEXTS:
        assert spans(loaded, text) == spans(nlp, text)
    assert ruler.patterns == PATTERNS
    loaded.to_disk(tmp_path / "q")  # saving a loaded ruler writes the same files
    for name in ("patterns", "phrases"):
        assert (tmp_path / "q" / "ruler" / name).read_bytes() == (
            tmp_path / "p" / "ruler" / name
        ).read_bytes()


def test_loading_leaves_word_attributes_to_words(tmp_path) -> None:
    """Match keys enter the vocabulary without attributes while the phrases load; words
    that come later get theirs (a lemma norm, a shape, flags)."""
    nlp = make_nlp("phrase_ruler", "NORM")
    nlp.get_pipe("ruler").add_patterns(PATTERNS)
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    vocab = loaded.vocab
    assert vocab.lex_attr_getters  # restored after loading
    key = vocab["('ORG', 'acme')"]
    assert (key.norm_, key.shape_) == ("", "")
    word = vocab["Semiconductors"]
    assert (word.norm_, word.shape_, word.is_title) == ("semiconductor", "Xxxxx", True)
    text = "Solar Panels by ACME CORP"
    assert spans(loaded, text) == spans(nlp, text)
    assert (0, 2, "TECH", "solar") in spans(loaded, text)


def test_bytes_round_trip_and_span_ruler_data() -> None:
    nlp = make_nlp("phrase_ruler", "NORM")
    nlp.get_pipe("ruler").add_patterns(PATTERNS)
    other = make_nlp("phrase_ruler", "NORM")
    other.get_pipe("ruler").from_bytes(nlp.get_pipe("ruler").to_bytes())
    stock = make_nlp("span_ruler", "NORM")
    stock.get_pipe("ruler").add_patterns(PATTERNS)
    from_stock = make_nlp("phrase_ruler", "NORM")
    from_stock.get_pipe("ruler").from_bytes(stock.get_pipe("ruler").to_bytes())
    for text in TEXTS:
        assert spans(other, text) == spans(nlp, text) == spans(from_stock, text)


def test_other_attribute_in_phrases_file_is_not_used(tmp_path) -> None:
    nlp = make_nlp("phrase_ruler", "NORM")
    nlp.get_pipe("ruler").add_patterns(PATTERNS)
    nlp.get_pipe("ruler").to_disk(tmp_path)
    orth = make_nlp("phrase_ruler", "ORTH")
    orth.get_pipe("ruler").from_disk(tmp_path)  # re-added from `patterns`, on ORTH
    stock = make_nlp("span_ruler", "ORTH")
    stock.get_pipe("ruler").add_patterns(PATTERNS)
    assert spans(orth, TEXTS[1]) == spans(stock, TEXTS[1])


def test_remove_by_label_and_id(tmp_path) -> None:
    nlp = make_nlp("phrase_ruler", "ORTH")
    ruler = nlp.get_pipe("ruler")
    ruler.add_patterns(PATTERNS)
    ruler.remove_by_id("acme-2")
    ruler.remove("TECH")
    assert {s[3] for s in spans(nlp, TEXTS[0] + " " + TEXTS[1])} == {"acme"}
    ruler.to_disk(tmp_path)
    assert set(json.loads(json.dumps(ruler.phrase_table()["keys"]))) == {
        repr(("ORG", "acme")),
        repr(("ORG", "zed")),
    }


def test_lemma_attribute_falls_back_to_span_ruler() -> None:
    nlp = customize_tokenizer(spacy.blank("en", vocab=norms_vocab()))
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("phrase_ruler", config={"phrase_matcher_attr": "LEMMA"})
    nlp.initialize()
    ruler.add_patterns([{"label": "TECH", "pattern": "solar panel"}])
    doc = nlp("Two solar panels.")
    assert [s.text for s in doc.spans["ruler"]] == ["solar panels"]


WORDS = ["acme", "Acme", "ACME", "corp", "Corp", "CORP", "&", "co", "Co", "-", "\n"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=1, max_size=6),
    st.lists(st.sampled_from(WORDS), max_size=25),
    st.sampled_from(["ORTH", "NORM", "LOWER"]),
)
def test_random_patterns_match_like_span_ruler(
    phrases: list[list[str]], words: list[str], attr: str
) -> None:
    patterns = [
        {"label": "ORG", "pattern": " ".join(p), "id": f"id{i % 2}"}
        for i, p in enumerate(phrases)
        if " ".join(p).strip()
    ]
    assume(patterns)
    text = " ".join(words)
    found = []
    for nlp in rulers_for(attr):
        ruler = nlp.get_pipe("ruler")
        ruler.clear()
        ruler.add_patterns(patterns)
        found.append(spans(nlp, text))
    assert found[0] == found[1]


@lru_cache(maxsize=3)
def rulers_for(attr: str) -> tuple[Language, Language]:
    return make_nlp("span_ruler", attr), make_nlp("phrase_ruler", attr)


WRAP_PATTERNS = [
    {"label": "ORG", "pattern": "Texas Instruments", "id": "ti"},
    {"label": "ORG", "pattern": "TEXAS INSTRUMENTS", "id": "ti"},
    {"label": "ORG", "pattern": "Bank of England", "id": "boe"},
    {"label": "ORG", "pattern": "Bank", "id": "bank"},
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares of Texas\nInstruments rose.", [("Texas\nInstruments", "ti")]),
        ("TEXAS\nINSTRUMENTS <TXN> SAYS", [("TEXAS\nINSTRUMENTS", "ti")]),
        ("the Bank of\nEngland and the Bank\nof England", [
            ("Bank", "bank"), ("Bank of\nEngland", "boe"), ("Bank", "bank"),
            ("Bank\nof England", "boe")]),
        ("a Texas\r\nInstruments chip", [("Texas\r\nInstruments", "ti")]),
        ("Texas\nInstruments\nand more", [("Texas\nInstruments", "ti")]),
        # not a wrap: a paragraph break, or a case no pattern has
        ("Texas\n\nInstruments", []),
        ("texas\ninstruments", []),
        ("Texas\nInstrument", []),
    ],
)
def test_phrases_match_across_line_wraps(text: str, expected: list[tuple[str, str]]) -> None:
    """With ``line_wraps``, a phrase matches with a line wrap between two of its words
    (hard-wrapped newswire), written exactly as a pattern; without it, only on one line."""
    nlp = make_nlp("phrase_ruler", "ORTH")
    ruler = nlp.get_pipe("ruler")
    ruler.add_patterns(WRAP_PATTERNS)
    doc = nlp(text)
    assert [s.text for s in doc.spans.get("ruler", []) if "\n" in s.text] == []
    ruler.line_wraps = True
    doc = nlp(text)
    assert [(s.text, s.id_) for s in doc.spans.get("ruler", [])] == expected


def test_line_wraps_after_loading_and_adding(tmp_path) -> None:
    """The wrap index follows the patterns: built from a loaded table, rebuilt when
    patterns are added or removed."""
    nlp = make_nlp("phrase_ruler", "ORTH")
    nlp.get_pipe("ruler").add_patterns(WRAP_PATTERNS)
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    ruler = loaded.get_pipe("ruler")
    ruler.line_wraps = True
    def texts(text: str) -> list[str]:
        doc = loaded(text)
        return [s.text for s in doc.spans.get("ruler", [])]

    assert texts("Texas\nInstruments") == ["Texas\nInstruments"]
    loaded.to_disk(tmp_path / "q")  # the wrap markers are the matcher's, never saved
    assert (tmp_path / "q" / "ruler" / "phrases").read_bytes() == (
        tmp_path / "p" / "ruler" / "phrases").read_bytes()
    ruler.add_patterns([{"label": "ORG", "pattern": "Mountain Bell", "id": "mb"}])
    assert texts("Mountain\nBell") == ["Mountain\nBell"]
    ruler.remove_by_id("ti")
    assert texts("Texas\nInstruments") == []
