"""pipeline.records.RecordWriter writes exactly srsly.json_dumps(doc_to_record(doc))."""

from __future__ import annotations

import pytest
import srsly
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.records import RecordWriter, doc_to_record

TEXTS = [
    "",
    "   ",
    'Toshiba Machine Co said it paid "$1.2 billion" for Acme/Zeta Corp. on Monday.',
    "Nestlé SA \u2028 and Société Générale: 5 € \\ tabs\there\x07 é\u00e9",
    "Apple Inc. bought AI chips.\n\nFooter: Contact us | Privacy policy",
]


@pytest.mark.parametrize("text", TEXTS)
def test_line_is_the_json_of_the_record(nlp, text: str) -> None:
    doc = nlp(text)
    doc.user_data["meta"] = {"id": "d/1", "date": "2024-04-09", "note": "ünïcode \"q\""}
    line = RecordWriter().line(doc)
    assert line == srsly.json_dumps(doc_to_record(doc))
    assert srsly.json_loads(line)["tokens"] == doc_to_record(doc)["tokens"]


def test_word_cache_starts_over(nlp) -> None:
    writer = RecordWriter()
    writer.MAX_WORDS = 2
    for text in TEXTS:
        doc = nlp(text)
        assert writer.line(doc) == srsly.json_dumps(doc_to_record(doc))
    assert len(writer._words) <= 2 + max(len(nlp(t)) for t in TEXTS)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_line_on_any_text(nlp, text: str) -> None:
    doc = nlp(text)
    assert RecordWriter().line(doc) == srsly.json_dumps(doc_to_record(doc))


@pytest.mark.parametrize("text", TEXTS)
def test_entity_labels_are_those_of_doc_ents(nlp, text: str) -> None:
    from pipeline.annotate import entity_labels

    doc = nlp(text)
    assert entity_labels(doc) == [e.label_ for e in doc.ents]
