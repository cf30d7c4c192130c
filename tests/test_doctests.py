"""The examples in the modules' docstrings are tests too."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "pipeline.boilerplate",
    "pipeline.grammar.numbers",
    "pipeline.grammar.dates",
    "pipeline.grammar.timex",
    "pipeline.grammar.money",
    "pipeline.lemma_norms",
    "pipeline.patterns",
    "pipeline.rulers",
    "pipeline.tech",
    "pipeline.tokenizer",
    "pipeline.annotate",
    "pipeline.progress",
    "pipeline.distributed",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    assert result.attempted > 0
