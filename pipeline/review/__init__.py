"""The review loop: pipeline output -> annotation tools -> reviewed gold set.

- :mod:`.formats`: export annotation JSONL to Prodigy, doccano and Label Studio, and
  import their reviewed output back to gold JSONL (+ a spaCy DocBin).
- :mod:`.page`: one static, self-contained HTML review page for an annotation run.
- :mod:`.diff`: spans added, removed and changed between two annotation files.
- :mod:`.cli`: the ``export``, ``import-gold``, ``review`` and ``diff`` commands.
"""

LABELS: tuple[str, ...] = ("ORG", "MONEY", "DATE", "TECH")

# One background colour per label (review page, Label Studio config).
LABEL_COLORS: dict[str, str] = {
    "ORG": "#7aecec",
    "MONEY": "#ffe066",
    "DATE": "#bfe1d9",
    "TECH": "#f4a6d7",
}
BOILERPLATE_COLOR = "#e4e4e4"
