"""Command line: ``python -m pipeline COMMAND ...`` (also installed as ``news-pipeline``).

Each command lives in its own module, which adds its subparser in ``register``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "pipeline.assemble",
    "pipeline.annotate",
    "pipeline.bench",
    "pipeline.evaluate",
    "pipeline.review.cli",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command's subparser."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Rule-based ORG, MONEY, DATE and TECH annotation for news text.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
