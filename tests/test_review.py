"""Review loop: exports, imports, diff and CLI (invented sentences only)."""

from __future__ import annotations

import argparse
import copy
import json
import xml.etree.ElementTree as ET

import pytest
import srsly
from spacy.tokens import DocBin

from pipeline.review import LABELS
from pipeline.review.cli import register
from pipeline.review.diff import diff_records, diff_spans
from pipeline.review.formats import (
    crlf_to_lf,
    default_nlp,
    export_records,
    import_gold,
    labelstudio_config_path,
    lf_to_crlf,
    make_record,
    validate_record,
)

FORMATS = ("prodigy", "doccano", "labelstudio")


def spans_of(text: str, *marks: tuple[str, str]) -> list[tuple[int, int, str]]:
    """``(substring, label)`` -> ``(start, end, label)`` at the substring's first occurrence."""
    return [(text.index(sub), text.index(sub) + len(sub), label) for sub, label in marks]


def record(text: str, doc_id: str | None, *marks: tuple[str, str], **meta) -> dict:
    """A pipeline record with spans given as substrings."""
    spans = spans_of(text, *marks)
    extras = {
        s: {"id": s[2].lower() + "-" + text[s[0] : s[1]].lower(), "norm": {"v": s[1]}}
        for s in spans
    }
    return make_record(text, spans, {**({"id": doc_id} if doc_id else {}), **meta}, extras)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    plain = "Zentrix Robotics said on Tuesday it will invest $2.5 billion in quantum computing."
    crlf = (
        "Halvorsen Ltd. reported sales of €12m\r\nfor fiscal 2024.\r\nShare this story\r\nSign up"
    )
    emoji = "Initech 🚀 will ship AI chips next year, Initech said."
    return [
        record(
            plain,
            "doc-plain",
            ("Zentrix Robotics", "ORG"),
            ("Tuesday", "DATE"),
            ("$2.5 billion", "MONEY"),
            ("quantum computing", "TECH"),
            date="2024-04-09",
        ),
        record(
            crlf,
            "doc-crlf",
            ("Halvorsen Ltd.", "ORG"),
            ("€12m", "MONEY"),
            ("fiscal 2024", "DATE"),
            boilerplate=[[crlf.index("Share"), len(crlf)]],
        ),
        record(emoji, None, ("Initech", "ORG"), ("AI chips", "TECH"), ("next year", "DATE")),
    ]


def key_spans(rec: dict) -> list[tuple]:
    return [
        (s["start"], s["end"], s["label"], s["text"], s["token_start"], s["token_end"])
        for s in rec["spans"]
    ]


def write_export(records: list[dict], fmt: str, tmp_path) -> str:
    out = tmp_path / {"labelstudio": "tasks.json"}.get(fmt, f"{fmt}.jsonl")
    export_records(records, fmt, out)
    return str(out)


# ------------------------------------------------------------------ exports


def test_fixture_records_are_valid(records):
    assert all(validate_record(r, i) == [] for i, r in enumerate(records))
    assert records[1]["text"].count("\r\n") == 3


def test_validate_catches_bad_spans(records):
    bad = copy.deepcopy(records[0])
    bad["spans"][0]["end"] -= 2  # mid-token
    bad["spans"][1]["label"] = "PERSON"
    messages = [i.message for i in validate_record(bad, 0)]
    assert any("span text" in m for m in messages) and "unknown label" in messages


def test_export_refuses_invalid(records, tmp_path):
    bad = copy.deepcopy(records[0])
    bad["spans"][0]["label"] = "GPE"
    with pytest.raises(ValueError, match="unknown label"):
        export_records([bad], "doccano", tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()


def test_prodigy_export_adds_answer(records, tmp_path):
    tasks = list(srsly.read_jsonl(write_export(records, "prodigy", tmp_path)))
    assert [t["answer"] for t in tasks] == ["accept"] * 3
    assert [t["spans"] for t in tasks] == [r["spans"] for r in records]


def test_doccano_export(records, tmp_path):
    line = next(iter(srsly.read_jsonl(write_export(records, "doccano", tmp_path))))
    assert line["text"] == records[0]["text"]
    assert line["label"][0] == [0, 16, "ORG"] and line["meta"]["id"] == "doc-plain"


def test_labelstudio_export_and_config(records, tmp_path):
    path = write_export(records, "labelstudio", tmp_path)
    tasks = srsly.read_json(path)
    crlf = tasks[1]
    assert "\r" not in crlf["data"]["text"] and crlf["data"]["removed_cr"]
    for region in crlf["predictions"][0]["result"]:
        value = region["value"]
        assert crlf["data"]["text"][value["start"] : value["end"]] == value["text"]
        assert (region["from_name"], region["to_name"], region["type"]) == (
            "label",
            "text",
            "labels",
        )
    config = ET.parse(labelstudio_config_path(tmp_path / "tasks.json")).getroot()
    assert [lab.get("value") for lab in config.iter("Label")] == list(LABELS)
    assert config.find("Labels").get("toName") == config.find("Text").get("name") == "text"


def test_crlf_helpers():
    text = "a\r\nb\r\n\r\nc\rd\n"
    lf, removed = crlf_to_lf(text)
    assert lf == "a\nb\n\nc\rd\n" and lf_to_crlf(lf, removed) == text


# ------------------------------------------------------------------ round trips


def as_labelstudio_export(tasks_path: str, annotated: bool = True) -> list[dict]:
    """What Label Studio exports after a reviewer submits the predictions unchanged."""
    tasks = srsly.read_json(tasks_path)
    for i, task in enumerate(tasks):
        task["id"] = i + 1
        if annotated:
            task["annotations"] = [
                {"id": i, "was_cancelled": False, "result": task["predictions"][0]["result"]}
            ]
    return tasks


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(records, tmp_path, fmt):
    path = write_export(records, fmt, tmp_path)
    if fmt == "labelstudio":
        srsly.write_json(path, as_labelstudio_export(path))
    gold, docs, report = import_gold(path, fmt, original=records)
    assert report.errors == [] and report.imported == 3
    assert [g["text"] for g in gold] == [r["text"] for r in records]
    assert [g["meta"] for g in gold] == [r["meta"] for r in records]
    assert [key_spans(g) for g in gold] == [key_spans(r) for r in records]
    assert [g["spans"] for g in gold] == [r["spans"] for r in records]  # id/norm restored
    assert [g["tokens"] for g in gold] == [r["tokens"] for r in records]
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs] == [
        [(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in records
    ]


def test_labelstudio_predictions_fallback_is_reported(records, tmp_path):
    path = write_export(records, "labelstudio", tmp_path)
    gold, _, report = import_gold(path, "labelstudio")
    assert [key_spans(g) for g in gold] == [key_spans(r) for r in records]
    assert report.notes["tasks without annotation (predictions used)"] == 3


def test_doccano_entities_format(records, tmp_path):
    """Newer doccano exports: ``entities`` dicts; our ``meta`` comes back as a top-level key."""
    lines = []
    for i, rec in enumerate(records):
        ents = [
            {"id": j, "label": s["label"], "start_offset": s["start"], "end_offset": s["end"]}
            for j, s in enumerate(rec["spans"])
        ]
        lines.append(
            {
                "id": 100 + i,
                "text": rec["text"],
                "entities": ents,
                "relations": [],
                "Comments": [],
                "meta": rec["meta"],
                "_input_hash": rec["_input_hash"],
            }
        )
    srsly.write_jsonl(tmp_path / "d.jsonl", lines)
    gold, _, report = import_gold(tmp_path / "d.jsonl", "doccano")
    assert report.errors == []
    assert [key_spans(g) for g in gold] == [key_spans(r) for r in records]
    assert gold[0]["meta"] == records[0]["meta"]


def test_gold_files_written(records, tmp_path):
    from pipeline.review.formats import write_gold

    gold, docs, _ = import_gold(write_export(records, "doccano", tmp_path), "doccano")
    out, spacy_out = write_gold(
        gold, docs, tmp_path / "gold" / "g.jsonl", tmp_path / "gold" / "g.spacy"
    )
    assert list(srsly.read_jsonl(out)) == gold
    loaded = list(DocBin().from_disk(spacy_out).get_docs(default_nlp().vocab))
    assert [d.text for d in loaded] == [r["text"] for r in records]
    assert loaded[0].user_data["meta"]["id"] == "doc-plain"
    assert [e.text for e in loaded[1].ents] == ["Halvorsen Ltd.", "€12m", "fiscal 2024"]


def test_load_nlp_takes_only_the_tokenizer(tmp_path):
    """An assembled pipeline's components (even unregistered ones) are not loaded."""
    from spacy.language import Language

    from pipeline.review.formats import load_nlp

    @Language.component("review_test_unregistered")
    def passthrough(doc):
        return doc

    nlp = default_nlp()
    nlp.add_pipe("review_test_unregistered")
    nlp.to_disk(tmp_path / "pipe")
    config = tmp_path / "pipe" / "config.cfg"  # a factory this process does not know
    config.write_text(config.read_text().replace("review_test_unregistered", "no_such_factory"))
    loaded = load_nlp(tmp_path / "pipe")
    assert loaded.pipe_names == []
    assert [t.text for t in loaded("up to $1.13bn")] == ["up", "to", "$", "1.13", "bn"]


# ------------------------------------------------------------------ hand-edited reviews


def edit_spans(spans: list, remove: int, relabel: int, add, new_label: str) -> list:
    """Remove one span, relabel one, add one (tool-agnostic: spans are dicts or lists)."""
    out = [copy.deepcopy(s) for i, s in enumerate(spans) if i != remove]
    target = out[relabel - (relabel > remove)]
    if isinstance(target, list):
        target[2] = new_label
    elif "labels" in target.get("value", {}):
        target["value"]["labels"] = [new_label]
    else:
        target["label"] = new_label
    return [*out, add]


def hand_edit(fmt: str, path: str, text: str, added: tuple[int, int, str]) -> None:
    """Edit the first document the way a reviewer would in each tool."""
    s, e, lab = added
    if fmt == "labelstudio":
        tasks = as_labelstudio_export(path)
        result = tasks[0]["annotations"][0]["result"]
        region = {
            "id": "new",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": s, "end": e, "text": text[s:e], "labels": [lab]},
        }
        tasks[0]["annotations"][0]["result"] = edit_spans(result, 1, 2, region, "ORG")
        srsly.write_json(path, tasks)
        return
    lines = list(srsly.read_jsonl(path))
    if fmt == "prodigy":
        lines[0]["spans"] = edit_spans(
            lines[0]["spans"], 1, 2, {"start": s, "end": e, "label": lab}, "ORG"
        )
    else:
        lines[0]["label"] = edit_spans(lines[0]["label"], 1, 2, [s, e, lab], "ORG")
    srsly.write_jsonl(path, lines)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hand_edited_review_imports_exactly_those_changes(records, tmp_path, fmt):
    text = records[0]["text"]
    path = write_export(records, fmt, tmp_path)
    added = (text.index("invest"), text.index("invest") + 6, "TECH")
    hand_edit(fmt, path, text, added)
    gold, _, report = import_gold(path, fmt, original=records)
    assert report.errors == []
    diff = diff_records(records, gold)
    (doc,) = [d for d in diff.docs if d]
    assert doc.doc == "doc-plain"
    assert [(s.start, s.end, s.label) for s in doc.added] == [added]
    assert [(s.text, s.label) for s in doc.removed] == [("Tuesday", "DATE")]
    assert [(c.kind, c.before.label, c.after.label, c.after.text) for c in doc.changed] == [
        ("label", "MONEY", "ORG", "$2.5 billion")
    ]
    kept = {(s["start"], s["end"], s["label"]): s for s in gold[0]["spans"]}
    assert kept[spans_of(text, ("Zentrix Robotics", "ORG"))[0]]["id"] == "org-zentrix robotics"
    assert "norm" not in kept[added]


# ------------------------------------------------------------------ problems are reported


def test_misaligned_and_invalid_spans_are_reported(records, tmp_path):
    text = records[0]["text"]
    bad = [
        [0, 4, "ORG"],
        [text.index("Tuesday") - 1, text.index("Tuesday") + 7, "DATE"],
        [48, 60, "PRODUCT"],
        [0, 999, "ORG"],
    ]
    srsly.write_jsonl(tmp_path / "r.jsonl", [{"text": text, "label": bad, "meta": {"id": "doc-x"}}])
    gold, _, report = import_gold(tmp_path / "r.jsonl", "doccano")
    errors = [(i.doc, i.start, i.end) for i in report.errors]
    assert ("doc-x", 0, 4) in errors  # "Zent": not a token boundary
    assert ("doc-x", 48, 60) in errors and ("doc-x", 0, 999) in errors
    assert len(errors) == 3 and "NOT imported" in report.lines()[-1]
    # leading space trimmed with a warning, span kept
    assert [s["text"] for s in gold[0]["spans"]] == ["Tuesday"]
    assert any("trimmed" in i.message and not i.error for i in report.issues)


def test_overlaps_and_duplicates_reported(records, tmp_path):
    text = records[0]["text"]
    spans = [
        {"start": 0, "end": 16, "label": "ORG"},
        {"start": 8, "end": 16, "label": "TECH"},
        {"start": 0, "end": 16, "label": "ORG"},
    ]
    srsly.write_jsonl(
        tmp_path / "p.jsonl",
        [{"text": text, "spans": spans, "answer": "accept", "meta": {"id": "d"}}],
    )
    gold, _, report = import_gold(tmp_path / "p.jsonl", "prodigy")
    assert [s["label"] for s in gold[0]["spans"]] == ["ORG"]
    assert [(i.start, i.end, i.label) for i in report.errors] == [(8, 16, "TECH")]
    assert report.notes["duplicate spans merged"] == 1


def test_prodigy_answers_counted(records, tmp_path):
    tasks = list(srsly.read_jsonl(write_export(records, "prodigy", tmp_path)))
    tasks[1]["answer"], tasks[2]["answer"] = "reject", "ignore"
    srsly.write_jsonl(tmp_path / "db.jsonl", [*tasks, {"text": "Unanswered."}])
    gold, _, report = import_gold(tmp_path / "db.jsonl", "prodigy")
    assert len(gold) == 1 and report.read == 4
    assert report.skipped == {"rejected": 1, "ignored": 1, "no answer": 1}


def test_labelstudio_foreign_tasks_crlf_and_utf16(records, tmp_path):
    """Tasks not from our export: CRLF text with LF offsets; emoji counted as 2 (UTF-16)."""
    crlf, emoji = records[1]["text"], records[2]["text"]
    lf = crlf.replace("\r\n", "\n")
    fiscal = (lf.index("fiscal"), lf.index("fiscal") + 11)
    chips = (emoji.index("AI chips") + 1, emoji.index("AI chips") + 9)  # 🚀 is 2 UTF-16 units
    tasks = [
        {
            "data": {"text": crlf},
            "annotations": [{"result": [region(*fiscal, "fiscal 2024", "DATE")]}],
        },
        {
            "data": {"text": emoji},
            "annotations": [{"result": [region(*chips, "AI chips", "TECH")]}],
        },
    ]
    srsly.write_json(tmp_path / "foreign.json", tasks)
    gold, _, report = import_gold(tmp_path / "foreign.json", "labelstudio")
    assert report.errors == []
    assert [(s["text"], s["start"]) for s in gold[0]["spans"]] == [
        ("fiscal 2024", crlf.index("fiscal"))
    ]
    assert [(s["text"], s["start"]) for s in gold[1]["spans"]] == [
        ("AI chips", emoji.index("AI chips"))
    ]
    assert report.notes["spans with offsets mapped to the original text"] == 2


def region(start: int, end: int, text: str, label: str) -> dict:
    return {
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def test_labelstudio_wrong_offsets_reported(records, tmp_path):
    text = records[0]["text"]
    tasks = [
        {"data": {"text": text}, "annotations": [{"result": [region(0, 7, "Tuesday", "DATE")]}]}
    ]
    srsly.write_json(tmp_path / "t.json", tasks)
    _, _, report = import_gold(tmp_path / "t.json", "labelstudio")
    assert [(i.start, i.end, "do not match" in i.message) for i in report.errors] == [(0, 7, True)]


# ------------------------------------------------------------------ diff


def run_with_patterns(texts: list[str], patterns: list[dict]) -> list[dict]:
    """A tiny rule run: an entity_ruler over invented texts (stands in for the pipeline)."""
    nlp = default_nlp()
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    return [
        make_record(d.text, [(e.start_char, e.end_char, e.label_) for e in d.ents], {"id": f"t{i}"})
        for i, d in enumerate(nlp.pipe(texts))
    ]


def test_diff_lists_exactly_the_spans_a_new_pattern_adds():
    texts = [
        "Orbix Systems builds robotics kits; robotics sales rose in May.",
        "Nobody mentioned robots at Orbix Systems today.",
        "Robotics is capitalised here, robotics is not.",
    ]
    base = [{"label": "ORG", "pattern": "Orbix Systems"}, {"label": "DATE", "pattern": "May"}]
    before = run_with_patterns(texts, base)
    after = run_with_patterns(texts, [*base, {"label": "TECH", "pattern": [{"LOWER": "robotics"}]}])
    diff = diff_records(before, after, "before", "after")
    added = [(d.doc, s.start, s.end, s.label) for d in diff.docs for s in d.added]
    expected = [
        (f"t{i}", m, m + 8, "TECH")
        for i, t in enumerate(texts)
        for m in range(len(t))
        if t[m : m + 8].lower() == "robotics"
    ]
    assert added == expected and len(expected) == 4
    assert all(not d.removed and not d.changed for d in diff.docs)
    assert diff.summary()["TECH"] == {"added": 4, "removed": 0, "changed": 0}
    text = diff.to_text()
    assert "[[robotics]]" in text and text.count("\n  + TECH") == 4


def test_diff_change_kinds_and_context():
    text = "Orbix Systems Group said revenue reached $3 billion last year."
    a = [
        {"start": 0, "end": 13, "label": "ORG"},
        {"start": 41, "end": 51, "label": "MONEY"},
        {"start": 52, "end": 61, "label": "DATE"},
    ]
    b = [
        {"start": 0, "end": 19, "label": "ORG"},
        {"start": 41, "end": 51, "label": "DATE"},
        {"start": 52, "end": 56, "label": "TECH"},
    ]
    d = diff_spans(text, "x", a, b)
    kinds = [(c.kind, c.before.text, c.after.text) for c in d.changed]
    assert kinds == [
        ("boundary", "Orbix Systems", "Orbix Systems Group"),
        ("label", "$3 billion", "$3 billion"),
        ("boundary+label", "last year", "last"),
    ]
    assert not d.added and not d.removed
    assert d.changed[1].before.context.endswith("[[$3 billion]] last year.")


def test_diff_matching_by_id_then_text(records):
    changed_text = copy.deepcopy(records[0])
    changed_text["text"] += " More."
    no_id = copy.deepcopy(records[2])
    diff = diff_records([records[0], no_id, records[1]], [changed_text, no_id])
    assert (
        diff.matched == 2 and diff.text_changed == ["doc-plain"] and diff.only_in_a == ["doc-crlf"]
    )
    payload = json.loads(json.dumps(diff.to_json()))
    assert set(payload["summary"]) == set(LABELS)


# ------------------------------------------------------------------ CLI


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args([str(a) for a in argv])
    return args.func(args)


def test_cli_commands(records, tmp_path, capsys):
    ann = tmp_path / "run.jsonl"
    srsly.write_jsonl(ann, records)
    assert (
        run_cli("export", ann, "--format", "labelstudio", "--out", tmp_path / "ls" / "tasks.json")
        == 0
    )
    assert (tmp_path / "ls" / "tasks.config.xml").exists()
    assert run_cli("export", ann, "--format", "doccano", "--out", tmp_path / "d.jsonl") == 0
    gold = tmp_path / "corpus" / "gold" / "g.jsonl"
    code = run_cli(
        "import-gold",
        tmp_path / "d.jsonl",
        "--format",
        "doccano",
        "--out",
        gold,
        "--spacy",
        gold.with_suffix(".spacy"),
        "--original",
        ann,
    )
    out = capsys.readouterr().out
    assert code == 0 and "imported 3" in out and gold.with_suffix(".spacy").exists()
    assert run_cli("diff", ann, gold, "--json") == 0
    assert json.loads(capsys.readouterr().out)["docs"] == []
    assert run_cli("review", ann, "--out", tmp_path / "review.html", "--diff", gold) == 0
    assert 'id="diff"' in (tmp_path / "review.html").read_text(encoding="utf-8")


def test_cli_import_fails_on_unaligned_span(records, tmp_path, capsys):
    srsly.write_jsonl(
        tmp_path / "r.jsonl",
        [{"text": records[0]["text"], "label": [[0, 4, "ORG"]], "meta": {"id": "doc-x"}}],
    )
    assert (
        run_cli(
            "import-gold",
            tmp_path / "r.jsonl",
            "--format",
            "doccano",
            "--out",
            tmp_path / "g.jsonl",
        )
        == 1
    )
    assert "ERROR: doc-x [0:4] ORG" in capsys.readouterr().out


def test_cli_export_fails_on_invalid_record(records, tmp_path, capsys):
    bad = copy.deepcopy(records[0])
    bad["spans"][0]["token_end"] = 0
    srsly.write_jsonl(tmp_path / "bad.jsonl", [bad])
    assert (
        run_cli(
            "export", tmp_path / "bad.jsonl", "--format", "prodigy", "--out", tmp_path / "p.jsonl"
        )
        == 1
    )
    assert "token_start/token_end" in capsys.readouterr().err
