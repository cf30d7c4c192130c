"""Assemble the pipeline from ``pipeline/config.cfg`` and the pattern files.

``python -m pipeline assemble --out training/pipeline`` writes a directory that
``spacy.load`` opens (the same as ``spacy assemble``, with our components registered).
Nothing is trained: the lemmatizer's tables come from spacy-lookups-data and the
rulers' patterns from ``patterns/``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from spacy.language import Language
from spacy.util import load_config, load_model_from_config

from . import __version__, components  # noqa: F401  (registers the factories)

CONFIG_PATH = Path(__file__).with_name("config.cfg")
PIPELINE_NAME = "news_entities"


def build_pipeline(
    config_path: str | Path = CONFIG_PATH, overrides: dict | None = None
) -> Language:
    """Create and initialize the pipeline described by ``config_path``."""
    config = load_config(config_path, overrides=overrides or {}, interpolate=False)
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    for name in nlp.disabled:  # initialize() skips disabled components (the lemmatizer)
        pipe = nlp.get_pipe(name)
        if hasattr(pipe, "initialize"):
            pipe.initialize(lambda: [], nlp=nlp)
    # Loading reads the tokenizer's rules from disk: they need not be built first.
    nlp.config["nlp"]["tokenizer"]["defaults"] = False
    nlp.meta.update(
        {
            "name": PIPELINE_NAME,
            "version": __version__,
            "description": "Rule-based ORG, MONEY, DATE and TECH for business and tech news",
            "license": "MIT",
            "requirements": [f"news-entity-pipeline>={__version__}"],
        }
    )
    return nlp


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``assemble`` subcommand."""
    p = subparsers.add_parser("assemble", help="assemble the pipeline into a directory")
    p.add_argument("--config", default=str(CONFIG_PATH), help="pipeline config")
    p.add_argument("--out", default="training/pipeline", help="output directory")
    p.add_argument("--patterns", default=None, help="patterns directory (default: patterns)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Entry point of ``assemble``."""
    start = time.perf_counter()
    overrides = {"paths.patterns": args.patterns} if args.patterns else {}
    nlp = build_pipeline(args.config, overrides)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no training/
    nlp.to_disk(args.out)
    n_patterns = {
        name: len(getattr(pipe, "patterns", []))
        for name, pipe in nlp.pipeline
        if hasattr(pipe, "patterns")
    }
    print(f"assembled {args.out} in {time.perf_counter() - start:.1f} s: "
          f"{', '.join(nlp.pipe_names)}; patterns {n_patterns}")
    return 0
