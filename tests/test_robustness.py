"""Real-world input: every document is annotated or reported, nothing is lost or corrupted."""

from __future__ import annotations

import json

import spacy
import srsly
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import annotate as annotate_module
from pipeline.annotate import annotate, read_docbins
from pipeline.cli import main
from pipeline.inputs import InputDoc, Rejection, parse_jsonl_line

GOOD = "Acme Corp said on Tuesday it would spend $5 billion on chips."


def line(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def make_corpus(root):
    """A directory with every kind of bad input next to good documents."""
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "a_docs.jsonl").write_bytes(b"\n".join([
        b"\xef\xbb\xbf" + line({"text": GOOD, "meta": {"id": "bom-first"}}),
        b'{"text": "broken',
        b'["a list"]',
        line({"meta": {"id": "no-text"}}),
        line({"text": None}),
        line({"text": 3.5}),
        line({"text": ""}),
        b'{"text": "bad \xff\xfe bytes"}',
        line({"text": "Windows line.\r\nIBM rose 5% last year.\r\n", "id": "crlf"}),
        line({"text": "Old Mac line.\rIntel fell on Monday.\r", "id": "cr"}),
        line({"text": "Nul\x00 and \x07 bell; Samsung made $2 billion in 2023.", "id": "ctrl"}),
        line({"text": GOOD, "meta": {"id": "dup"}}),
        line({"text": GOOD + " Again.", "meta": {"id": "dup"}}),
        b"",
    ]) + b"\n")
    (corpus / "b_binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "c_empty.txt").write_bytes(b"")
    (corpus / "d_story.txt").write_bytes(GOOD.replace(". ", ".\r\n").encode())
    (corpus / "e_notes.csv").write_text("not,an,article\n")
    return corpus


def test_every_case_annotated_or_reported(assembled, tmp_path):
    corpus = make_corpus(tmp_path)
    out = tmp_path / "out"
    report = annotate([str(corpus)], out, model=str(assembled), quiet=True)

    reasons = {(r["file"].split("/")[-1], r["line"]): r["reason"] for r in report["rejections"]}
    assert sorted(reasons) == [
        ("a_docs.jsonl", 2), ("a_docs.jsonl", 3), ("a_docs.jsonl", 4), ("a_docs.jsonl", 5),
        ("a_docs.jsonl", 6), ("a_docs.jsonl", 7), ("a_docs.jsonl", 8),
        ("b_binary.txt", None), ("c_empty.txt", None), ("e_notes.csv", None),
    ]
    assert reasons[("a_docs.jsonl", 8)].startswith("invalid UTF-8")
    assert report["documents_read"] == report["documents_annotated"] + report["documents_rejected"]

    records = list(srsly.read_jsonl(out / "annotations.jsonl"))
    ids = [r["meta"]["id"] for r in records]
    assert ids == ["bom-first", "crlf", "cr", "ctrl", "dup", "dup~2", "d_story"]
    assert len(set(ids)) == len(ids) == report["documents_annotated"]
    by_id = {r["meta"]["id"]: r for r in records}
    assert by_id["crlf"]["text"] == "Windows line.\r\nIBM rose 5% last year.\r\n"
    assert by_id["bom-first"]["meta"]["id"] == "bom-first"
    for record in records:
        for span in record["spans"]:
            assert record["text"][span["start"]:span["end"]] == span["text"]
    crlf = {(s["text"], s["label"]) for s in by_id["crlf"]["spans"]}
    assert ("last year", "DATE") in crlf
    ctrl = {(s["text"], s["label"]) for s in by_id["ctrl"]["spans"]}
    assert {("$2 billion", "MONEY"), ("2023", "DATE")} <= ctrl

    docs = list(read_docbins(out))
    assert [d.text for d in docs] == [r["text"] for r in records]
    assert [d.user_data["meta"]["id"] for d in docs] == ids


def test_exit_status_says_something_was_rejected(assembled, tmp_path):
    corpus = make_corpus(tmp_path)
    assert main(["annotate", str(corpus / "d_story.txt"), "--out", str(tmp_path / "ok"),
                 "--model", str(assembled), "--quiet"]) == 0
    assert main(["annotate", str(corpus), "--out", str(tmp_path / "some"),
                 "--model", str(assembled), "--quiet"]) == 3


def test_huge_document_is_annotated_whole(assembled, tmp_path):
    filler = " " * 19_000
    paragraphs = []
    for i in range(265):
        paragraphs.append(f"Acme Corp paid ${i + 1} billion on Friday for chips.{filler}")
    text = "\n\n".join(paragraphs)
    text += "\n\nFinally, Intel said it would spend $9 billion in 2031."
    assert len(text) > 5_000_000
    (tmp_path / "huge.jsonl").write_text(json.dumps({"text": text, "id": "huge"}) + "\n")
    report = annotate([str(tmp_path / "huge.jsonl")], tmp_path / "out", model=str(assembled),
                      quiet=True)
    assert report["documents_annotated"] == 1
    record = next(iter(srsly.read_jsonl(tmp_path / "out" / "annotations.jsonl")))
    assert record["text"] == text
    spans = {(s["start"], s["end"], s["label"]) for s in record["spans"]}
    last = text.rindex("$9 billion")
    assert (last, last + len("$9 billion"), "MONEY") in spans
    year = text.rindex("2031")
    assert (year, year + 4, "DATE") in spans
    money = [s for s in record["spans"] if s["label"] == "MONEY"]
    assert len(money) == 266
    assert all(text[s["start"]:s["end"]] == s["text"] for s in record["spans"])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_any_jsonl_line_is_a_document_or_a_rejection(raw):
    item = parse_jsonl_line(raw.replace(b"\n", b" "), "x.jsonl", 5)
    if not raw.replace(b"\n", b" ").strip():
        assert item is None
    else:
        assert isinstance(item, InputDoc | Rejection)
        if isinstance(item, Rejection):
            assert item.line == 5 and item.reason


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6,
)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(
    st.fixed_dictionaries({"text": st.text(max_size=120)}, optional={"meta": json_values})
    | json_values,
    min_size=1, max_size=6,
))
def test_arbitrary_jsonl_through_annotate(assembled, tmp_path_factory, lines):
    tmp = tmp_path_factory.mktemp("arb")
    (tmp / "in.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    report = annotate([str(tmp / "in.jsonl")], tmp / "out", model=str(assembled), quiet=True)
    records = list(srsly.read_jsonl(tmp / "out" / "annotations.jsonl"))
    rejected = {r["line"] for r in report["rejections"]}
    assert len(records) + len(rejected) == len(lines)
    assert report["documents_read"] == len(lines)
    for record in records:
        last_end = 0
        for span in sorted(record["spans"], key=lambda s: s["start"]):
            assert record["text"][span["start"]:span["end"]] == span["text"]
            assert span["start"] >= last_end
            last_end = span["end"]


@Language.component("test_fails_on_boom")
def fails_on_boom(doc: Doc) -> Doc:
    """A component with a bug: it raises on any document that says BOOM."""
    if "BOOM" in doc.text:
        raise ValueError("cannot handle BOOM")
    return doc


def test_a_component_error_loses_no_document(assembled, tmp_path, monkeypatch):
    nlp = spacy.load(assembled)
    nlp.add_pipe("test_fails_on_boom", first=True)
    monkeypatch.setattr(annotate_module, "cached_pipeline", lambda model, freeze=False: nlp)
    texts = [GOOD, "BOOM went Acme Corp.", "Zentrix Corp paid $3 million."]
    corpus = tmp_path / "in.jsonl"
    srsly.write_jsonl(corpus, [{"text": t, "id": f"d{n}"} for n, t in enumerate(texts)])
    out = tmp_path / "out"
    report = annotate([str(corpus)], out, model="buggy", quiet=True)
    records = list(srsly.read_jsonl(out / "annotations.jsonl"))
    assert [r["text"] for r in records] == texts
    assert records[1]["spans"] == []
    assert records[1]["meta"]["pipeline_error"] == "ValueError: cannot handle BOOM"
    assert [s["label"] for s in records[2]["spans"]] == ["ORG", "MONEY"]
    assert report["documents_annotated"] == 3
    assert report["pipeline_errors"] == [
        "d1: pipeline error, written without entities (ValueError: cannot handle BOOM)"]
    assert [d.text for d in read_docbins(out)] == texts
