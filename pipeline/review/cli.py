"""Review-loop commands: ``export``, ``import-gold``, ``review`` and ``diff``.

    python -m pipeline export ANNOTATIONS.jsonl --format prodigy|doccano|labelstudio --out PATH
    python -m pipeline import-gold REVIEWED --format ... --out corpus/gold/NAME.jsonl \\
        [--spacy corpus/gold/NAME.spacy] [--pipeline DIR] [--original ANNOTATIONS.jsonl]
    python -m pipeline review ANNOTATIONS.jsonl --out review.html [--diff OTHER.jsonl]
    python -m pipeline diff A.jsonl B.jsonl [--json]

Exit codes: 0 ok; 1 invalid records (export) or spans that could not be imported
(import-gold: the files are still written, the report lists every span left out).
"""

from __future__ import annotations

import argparse
import sys

import srsly

from .diff import diff_records
from .formats import (
    FORMATS,
    ExportError,
    export_records,
    import_gold,
    load_nlp,
    read_records,
    write_gold,
)
from .page import write_page


def run_export(args: argparse.Namespace) -> int:
    """``export``: annotation JSONL -> a tool's import format."""
    try:
        paths = export_records(
            read_records(args.annotations), args.format, args.out, args.model_version
        )
    except ExportError as err:
        print(f"not exported: {len(err.issues)} problem(s)", file=sys.stderr)
        for issue in err.issues:
            print(f"  {issue}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """``import-gold``: a tool's reviewed export -> gold JSONL (+ DocBin), with a report."""
    original = read_records(args.original) if args.original else None
    records, docs, report = import_gold(
        args.reviewed, args.format, load_nlp(args.pipeline), original
    )
    for path in write_gold(records, docs, args.out, args.spacy):
        print(f"wrote {path}")
    print("\n".join(report.lines()))
    if original is not None:
        diff = diff_records(original, records, str(args.original), str(args.out))
        print("changes from the original run (A) to gold (B):")
        print("\n".join(diff.summary_lines()))
    return 1 if report.errors else 0


def run_review(args: argparse.Namespace) -> int:
    """``review``: the static HTML review page (optionally with a diff against OTHER)."""
    records = read_records(args.annotations)
    diff = (
        diff_records(read_records(args.diff), records, str(args.diff), str(args.annotations))
        if args.diff
        else None
    )
    print(f"wrote {write_page(records, args.out, str(args.annotations), diff)}")
    return 0


def run_diff(args: argparse.Namespace) -> int:
    """``diff``: spans added, removed and changed from A to B."""
    diff = diff_records(read_records(args.a), read_records(args.b), str(args.a), str(args.b))
    print(srsly.json_dumps(diff.to_json(), indent=2) if args.json else diff.to_text())
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the review-loop subcommands to the ``python -m pipeline`` parser."""
    p = subparsers.add_parser("export", help="annotation JSONL -> Prodigy / doccano / Label Studio")
    p.add_argument("annotations", help="annotation JSONL (python -m pipeline annotate)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument(
        "--out",
        required=True,
        help="output file (Label Studio: tasks JSON; NAME.config.xml is written beside it)",
    )
    p.add_argument(
        "--model-version", default="news-pipeline", help="Label Studio predictions' model_version"
    )
    p.set_defaults(func=run_export)

    p = subparsers.add_parser("import-gold", help="reviewed export -> gold JSONL (+ .spacy)")
    p.add_argument(
        "reviewed",
        help="the tool's export (Prodigy db-out JSONL, doccano JSONL, Label Studio JSON)",
    )
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", required=True, help="gold JSONL, e.g. corpus/gold/NAME.jsonl")
    p.add_argument("--spacy", help="also write a DocBin, e.g. corpus/gold/NAME.spacy")
    p.add_argument(
        "--pipeline",
        help="assembled pipeline directory to tokenize with "
        "(default: blank en + the news tokenizer rules)",
    )
    p.add_argument(
        "--original",
        help="the exported annotation JSONL: restores id/norm on unchanged spans, reports changes",
    )
    p.set_defaults(func=run_import)

    p = subparsers.add_parser("review", help="static HTML review page for an annotation run")
    p.add_argument("annotations", help="annotation JSONL")
    p.add_argument("--out", required=True, help="HTML file to write")
    p.add_argument("--diff", help="another annotation JSONL (before / gold) to diff against")
    p.set_defaults(func=run_review)

    p = subparsers.add_parser(
        "diff", help="spans added, removed and changed between two annotation files"
    )
    p.add_argument("a", help="before (e.g. previous run)")
    p.add_argument("b", help="after (e.g. new run, or gold)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=run_diff)


def main(argv: list[str] | None = None) -> int:
    """Run the review commands alone: ``python -m pipeline.review.cli COMMAND ...``."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.review.cli")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
