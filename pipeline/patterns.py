"""Entity-ruler pattern files: read, validate, report.

Pattern files are standard entity-ruler JSONL, one pattern a line, readable by Prodigy::

    {"label": "ORG", "pattern": "Micron Technology", "id": "micron-technology"}
    {"label": "TECH", "pattern": [{"LOWER": "5g"}], "id": "5g"}

:func:`read_patterns` is registered as ``pipeline.read_patterns.v1`` so the config's
``[initialize.components.*.patterns]`` blocks point at files. Every bad line (invalid
JSON, an unknown label, a malformed token pattern, an invalid attribute) is reported
with its file and line, at assemble time, before any document is processed; the good
lines are kept (``strict = true`` turns the report into an error).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from spacy.schemas import validate_token_pattern
from spacy.util import registry


class PatternError(ValueError):
    """Raised in strict mode when a pattern file has bad lines."""


def check_pattern(record: object, labels: set[str]) -> str | None:
    """The reason a parsed pattern line is unusable, or None.

    >>> check_pattern({"label": "ORG", "pattern": "IBM"}, {"ORG"}) is None
    True
    >>> check_pattern({"label": "GPE", "pattern": "Tokyo"}, {"ORG"})
    "unknown label 'GPE' (expected one of: ORG)"
    >>> check_pattern({"label": "ORG", "pattern": [{"TEXTT": "IBM"}]}, {"ORG"})
    'invalid token pattern: [pattern -> 0 -> TEXTT] Extra inputs are not permitted'
    """
    if not isinstance(record, dict):
        return f"a pattern must be a JSON object, not {type(record).__name__}"
    label = record.get("label")
    if not isinstance(label, str) or not label:
        return "missing 'label'"
    if label not in labels:
        return f"unknown label {label!r} (expected one of: {', '.join(sorted(labels))})"
    pattern = record.get("pattern")
    if isinstance(pattern, str):
        if not pattern.strip():
            return "empty phrase pattern"
    elif isinstance(pattern, list):
        if not pattern:
            return "empty token pattern"
        errors = validate_token_pattern(pattern)
        if errors:
            return "invalid token pattern: " + "; ".join(errors)
    else:
        return "'pattern' must be a string (phrase) or a list of token dicts"
    if "id" in record and not isinstance(record["id"], str):
        return "'id' must be a string"
    return None


def read_pattern_file(path: str | Path, labels: set[str]) -> tuple[list[dict], list[str]]:
    """Good patterns of one file, and one ``file:line: reason`` message per bad line."""
    good: list[dict] = []
    problems: list[str] = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(f"{path}:{lineno}: invalid JSON: {err.msg}")
                continue
            reason = check_pattern(record, labels)
            if reason:
                problems.append(f"{path}:{lineno}: {reason}")
            else:
                good.append(record)
    return good, problems


@registry.misc("pipeline.read_patterns.v1")
def read_patterns(paths: list[str], labels: list[str], strict: bool = False) -> list[dict]:
    """All good patterns of ``paths``; bad lines are reported on stderr (or raised if strict)."""
    patterns: list[dict] = []
    problems: list[str] = []
    for path in paths:
        good, bad = read_pattern_file(path, set(labels))
        patterns.extend(good)
        problems.extend(bad)
    for message in problems:
        print(f"pattern error {message}", file=sys.stderr)
    if problems and strict:
        raise PatternError(f"{len(problems)} bad pattern line(s); first: {problems[0]}")
    return patterns
