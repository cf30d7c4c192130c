"""Shared fixtures: the assembled pipeline, built once per test session from the config."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "seed-japan-us-investment.jsonl"
SEED_GOLD = ROOT / "corpus" / "gold" / "seed.jsonl"


@pytest.fixture(scope="session")
def nlp():
    """The full pipeline, assembled from pipeline/config.cfg and patterns/."""
    from pipeline.assemble import build_pipeline

    cwd = os.getcwd()
    os.chdir(ROOT)  # the config's pattern paths are relative to the project root
    try:
        return build_pipeline()
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="session")
def assembled(nlp, tmp_path_factory):
    """The pipeline written to disk, as `assemble` does: a directory spacy.load opens."""
    path = tmp_path_factory.mktemp("pipeline") / "news_entities"
    nlp.to_disk(path)
    return path


def ents(doc, label=None):
    """(text, label) pairs of a doc's entities, optionally of one label."""
    return [(e.text, e.label_) for e in doc.ents if label is None or e.label_ == label]
