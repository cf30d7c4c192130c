"""Reading inputs: every document is either read or rejected with file, line and reason."""

from __future__ import annotations

import json

from pipeline.inputs import InputDoc, Rejection, read_inputs


def write_lines(path, lines: list[bytes]) -> None:
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_jsonl_cases_each_read_or_rejected(tmp_path):
    path = tmp_path / "docs.jsonl"
    write_lines(path, [
        json.dumps({"text": "Apple rose.", "meta": {"id": "a", "date": "2024-01-02"}}).encode(),
        b"{not json",
        b"[1, 2]",
        json.dumps({"meta": {"id": "no-text"}}).encode(),
        json.dumps({"text": None}).encode(),
        json.dumps({"text": 42}).encode(),
        json.dumps({"text": "   "}).encode(),
        b'{"text": "caf\xe9 latte"}',
        b"",
        json.dumps({"text": "Line one\r\nline two\rthree", "id": 7}).encode(),
        json.dumps({"text": "Apple again.", "meta": {"id": "a"}}).encode(),
    ])
    items = list(read_inputs([path]))
    docs = [i for i in items if isinstance(i, InputDoc)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [d.meta["id"] for d in docs] == ["a", "7", "a~2"]
    assert docs[0].meta["date"] == "2024-01-02"
    assert docs[1].text == "Line one\r\nline two\rthree"
    assert docs[2].warnings == ["duplicate id 'a' renamed to 'a~2'"]
    assert [(r.line, r.reason.split(":")[0].split(" (")[0]) for r in rejected] == [
        (2, "invalid JSON"),
        (3, "not a JSON object but list"),
        (4, "missing or null 'text'"),
        (5, "missing or null 'text'"),
        (6, "'text' must be a string, not int"),
        (7, "empty 'text'"),
        (8, "invalid UTF-8 at byte 13"),
    ]
    assert str(rejected[0]).startswith(f"{path}:2: invalid JSON")


def test_bom_and_txt_files(tmp_path):
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbfIBM said so.")
    (tmp_path / "a.jsonl").write_bytes(b'\xef\xbb\xbf{"text": "Intel fell."}\n')
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "notes.csv").write_text("x,y")
    items = list(read_inputs([tmp_path]))
    summary = [
        (i.meta["id"], i.text) if isinstance(i, InputDoc) else (i.source.split("/")[-1], i.reason)
        for i in items
    ]
    assert summary == [
        ("a:1", "Intel fell."),
        ("b", "IBM said so."),
        ("blob.txt", "binary file (NUL bytes), not text"),
        ("empty.txt", "empty file"),
        ("notes.csv", "unsupported file type '.csv'"),
    ]
    assert items[1].meta["bom_removed"] is True


def test_missing_path_is_rejected(tmp_path):
    items = list(read_inputs([tmp_path / "nope.jsonl"]))
    assert isinstance(items[0], Rejection)
    assert items[0].reason == "no such file or directory"


def test_meta_a_docbin_cannot_hold_is_rejected(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"text": "IBM rose.", "meta": {"n": -9223372036854775809}}\n'
                    '{"text": "IBM rose.", "meta": {"n": 9223372036854775807}}\n')
    items = list(read_inputs([path]))
    assert isinstance(items[0], Rejection)
    assert items[0].reason.startswith("'meta' cannot be stored in a DocBin")
    assert isinstance(items[1], InputDoc)
