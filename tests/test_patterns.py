"""Pattern files are validated line by line: bad lines are reported with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.patterns import PatternError, read_pattern_file, read_patterns

ROOT = Path(__file__).resolve().parent.parent


def test_bad_lines_reported_with_file_and_line(tmp_path, capsys):
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join([
        json.dumps({"label": "ORG", "pattern": "Acme Corp", "id": "acme"}),
        json.dumps({"label": "GPE", "pattern": "Tokyo"}),
        "{broken",
        json.dumps({"label": "ORG", "pattern": [{"TEXTT": "Acme"}]}),
        json.dumps({"label": "ORG", "pattern": [{"LOWER": {"IN": "acme"}}]}),
        json.dumps({"label": "ORG", "pattern": 5}),
        json.dumps({"label": "TECH", "pattern": [{"LOWER": "5g"}], "id": "5g"}),
    ]) + "\n")
    good, problems = read_pattern_file(path, {"ORG", "TECH"})
    assert [g.get("id") for g in good] == ["acme", "5g"]
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    assert "unknown label 'GPE'" in problems[0]
    assert "invalid JSON" in problems[1]
    assert "TEXTT" in problems[2]
    patterns = read_patterns([str(path)], ["ORG", "TECH"])
    assert len(patterns) == 2
    assert f"{path}:2: unknown label" in capsys.readouterr().err
    with pytest.raises(PatternError):
        read_patterns([str(path)], ["ORG", "TECH"], strict=True)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (ROOT / "patterns").glob("*.jsonl") if "registry" not in p.name)
)
def test_committed_pattern_files_are_clean(name):
    good, problems = read_pattern_file(ROOT / "patterns" / name, {"ORG", "MONEY", "DATE", "TECH"})
    assert problems == []
    assert good
