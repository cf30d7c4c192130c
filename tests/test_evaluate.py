"""Scores per label, strict and partial, as the reference scorer counts them."""

from __future__ import annotations

import pytest

from pipeline.evaluate import evaluate, format_errors

TEXT = "Acme Corp paid $5 billion on Tuesday for chips."


def rec(spans, doc_id="d1", text=TEXT):
    return {"text": text, "meta": {"id": doc_id},
            "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans]}


def test_strict_and_partial_counts():
    gold = [rec([(0, 9, "ORG"), (15, 25, "MONEY"), (29, 36, "DATE"), (41, 46, "TECH")])]
    pred = [rec([(0, 4, "ORG"), (15, 25, "MONEY"), (29, 36, "DATE"), (15, 25, "DATE")])]
    result = evaluate(gold, pred)
    scores = result.scores()
    assert scores["MONEY"]["f"] == 1.0
    assert scores["ORG"]["f"] == 0.0 and scores["ORG"]["partial_f"] == 1.0
    assert scores["DATE"]["p"] == 0.5 and scores["DATE"]["r"] == 1.0
    assert scores["TECH"]["r"] == 0.0 and scores["TECH"]["n_pred"] == 0
    assert scores["ALL"]["p"] == pytest.approx(2 / 4)
    assert scores["ALL"]["r"] == pytest.approx(2 / 4)
    kinds = sorted((e["kind"], e["label"], e["text"], e["boundary"]) for e in result.errors)
    assert kinds == [
        ("FN", "ORG", "Acme Corp", True),
        ("FN", "TECH", "chips", False),
        ("FP", "DATE", "$5 billion", False),
        ("FP", "ORG", "Acme", True),
    ]
    assert "[Acme Corp] paid $5 billion" in format_errors(result.errors)


def test_documents_matched_by_id_then_text():
    gold = [rec([(0, 9, "ORG")], doc_id="x")]
    assert evaluate(gold, [rec([(0, 9, "ORG")], doc_id="x")]).scores()["ORG"]["f"] == 1.0
    assert evaluate(gold, [rec([(0, 9, "ORG")], doc_id="other")]).scores()["ORG"]["f"] == 1.0
    missing = evaluate(gold, [rec([], doc_id="y", text="else")])
    assert missing.missing_docs == ["x"]
    assert missing.scores()["ORG"]["r"] == 0.0
