"""The assembled pipeline needs no file of the repository: load it from elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from tests.conftest import ROOT

TEXTS = [
    "Makers of generative AI chips and lithium-ion batteries gained on Tuesday.",
    "Sales of iPods rose, and the firm will send e mail to its users.",
    "TOSHIBA SELLS MORE PERSONAL COMPUTERS AND LAPTOP COMPUTERS",
    "The new PC's run MS-DOS on a 70MB fixed disk drive, Acme Corp said.",
]

#: Runs in a fresh process, in another directory, with a copy of the code only.
SCRIPT = """
import json, sys
import spacy
import pipeline.tech
assert not pipeline.tech.DEFAULT_TAXONOMY.exists(), pipeline.tech.DEFAULT_TAXONOMY
nlp = spacy.load(sys.argv[1])
print(json.dumps([
    [[e.start_char, e.end_char, e.label_, e._.norm] for e in nlp(text).ents]
    for text in json.loads(sys.argv[2])
]))
"""


def entities(nlp, text: str) -> list:
    doc = nlp(text)
    return [[e.start_char, e.end_char, e.label_, e._.norm] for e in doc.ents]


def test_loads_elsewhere_with_the_same_entities(nlp, assembled, tmp_path) -> None:
    code = tmp_path / "code"  # the package alone: no patterns/ next to it
    shutil.copytree(ROOT / "pipeline", code / "pipeline",
                    ignore=shutil.ignore_patterns("__pycache__"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(code)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(assembled), json.dumps(TEXTS)],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    expected = json.loads(json.dumps([entities(nlp, text) for text in TEXTS]))
    assert loaded == expected
    assert any(label == "TECH" and norm["id"] for doc in loaded for _, _, label, norm in doc)
