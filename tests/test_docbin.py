"""pipeline.docbin.add_doc serializes exactly as DocBin.add does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin, Span

from pipeline.docbin import add_doc, add_docs

TEXTS = [
    "",
    " \n ",
    "Toshiba Machine Co said on Monday it would pay $1.2 billion for Acme Corp. (ACME).",
    "Apple Inc. bought AI chips from Nvidia in March 2024.\n\nFooter: Contact us.",
]


def both(docs) -> tuple[bytes, bytes]:
    spacy_bin, ours = DocBin(store_user_data=True), DocBin(store_user_data=True)
    for doc in docs:
        spacy_bin.add(doc)
        add_doc(ours, doc)
    return spacy_bin.to_bytes(), ours.to_bytes()


def test_same_bytes_as_docbin_add(nlp) -> None:
    docs = list(nlp.pipe(TEXTS))
    for i, doc in enumerate(docs):
        doc.user_data["meta"] = {"id": f"d{i}", "date": "2024-04-09"}
    assert any(doc.ents for doc in docs)
    spacy_bytes, our_bytes = both(docs)
    assert our_bytes == spacy_bytes


def test_same_bytes_with_span_groups_ids_and_lemmas(nlp) -> None:
    doc = nlp(TEXTS[2])
    doc.spans["extra"] = [Span(doc, 0, 2, label="ORG", span_id="toshiba", kb_id="Q1"),
                          Span(doc, 3, 4, label="X")]
    doc.spans["empty"] = []
    assert both([doc])[0] == both([doc])[1]
    doc[1].lemma_ = "machine"  # a lemma: DocBin.add itself does the work
    spacy_bytes, our_bytes = both([doc])
    assert our_bytes == spacy_bytes


def test_add_docs_same_bytes_as_docbin_add(nlp) -> None:
    """A batch (strings looked up once for all) as DocBin.add gives, whatever attrs."""
    docs = list(nlp.pipe(TEXTS + TEXTS[2:]))
    for i, doc in enumerate(docs):
        doc.user_data["meta"] = {"id": f"d{i}"}
    docs[-1][0].lemma_ = "apple"  # this one goes through DocBin.add itself
    docs[2].spans["extra"] = [Span(docs[2], 0, 2, label="ORG", span_id="toshiba", kb_id="Q1")]
    for attrs in (None, ["ORTH", "ENT_IOB", "ENT_TYPE"], ["ORTH", "TAG", "ENT_KB_ID"]):
        options = {"attrs": attrs} if attrs else {}
        spacy_bin = DocBin(store_user_data=True, **options)
        ours = DocBin(store_user_data=True, **options)
        for doc in docs:
            spacy_bin.add(doc)
        add_docs(ours, docs[:3])
        add_docs(ours, iter(docs[3:]))
        assert ours.to_bytes() == spacy_bin.to_bytes(), attrs


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_same_bytes_on_any_text(nlp, text: str) -> None:
    spacy_bytes, our_bytes = both([nlp(text)])
    assert our_bytes == spacy_bytes


@pytest.mark.parametrize("text", TEXTS)
def test_round_trip(nlp, text: str) -> None:
    doc = nlp(text)
    docbin = DocBin(store_user_data=True)
    add_doc(docbin, doc)
    back = next(DocBin(store_user_data=True).from_bytes(docbin.to_bytes()).get_docs(nlp.vocab))
    assert back.text == doc.text
    assert [(e.start_char, e.end_char, e.label_) for e in back.ents] == [
        (e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_same_bytes_with_cats_numpy_user_data_and_unknown_spaces(nlp) -> None:
    import numpy
    from spacy.tokens import Doc

    doc = nlp(TEXTS[2])
    doc.cats = {"BUSINESS": 0.9, "TECH": 0.1}
    doc.user_data["scores"] = numpy.arange(3, dtype="float32")
    unknown = Doc(nlp.vocab, words=["Acme", "Corp", "rose"])  # spaces unknown
    assert unknown.has_unknown_spaces
    spacy_bytes, our_bytes = both([doc, unknown])
    assert our_bytes == spacy_bytes


@pytest.mark.parametrize("transfer", ["compressed", "raw"])
def test_batch_result_pickles_its_docbin(nlp, transfer: str) -> None:
    """A worker's BatchResult reaches the parent with the same DocBin, either way."""
    import pickle

    from pipeline.annotate import annotate_batch

    result = annotate_batch(nlp, [(text, {"id": f"t{i}"}) for i, text in enumerate(TEXTS)])
    result.transfer = transfer
    back = pickle.loads(pickle.dumps(result))
    assert back.docbin.store_user_data
    assert back.docbin.to_bytes() == result.docbin.to_bytes()
    assert back.jsonl == result.jsonl
