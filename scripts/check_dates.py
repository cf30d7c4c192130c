"""Score find_dates against the gold DATE spans of a JSONL file (default: the shared dev set).

usage: python scripts/check_dates.py [GOLD.jsonl] [--quiet] [--align]

Scores with :func:`pipeline.evaluate.evaluate` (the same figures as the evaluate
command): every miss and false positive with some context, then strict and partial
P/R/F1, so a rule change can be judged on what it gains and loses. ``--align`` also
reports gold and predicted spans that do not fall on spaCy blank-English token edges.
"""

from __future__ import annotations

import sys
from pathlib import Path

import srsly

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate import context, doc_key, evaluate, format_errors, format_table  # noqa: E402
from pipeline.grammar.dates import find_dates  # noqa: E402

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "dev" / "gold.jsonl"


def misaligned(nlp, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that do not start and end on token boundaries of ``nlp``'s tokenizer."""
    doc = nlp.make_doc(text)
    return [s for s in spans if doc.char_span(s[0], s[1]) is None]


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    quiet, align = "--quiet" in argv, "--align" in argv
    path = Path(args[0]) if args else DEFAULT_GOLD
    gold = list(srsly.read_jsonl(path))
    pred = [
        {"text": g["text"], "meta": {"id": doc_key(g)},
         "spans": [{"start": s, "end": e, "label": "DATE"} for s, e in find_dates(g["text"])]}
        for g in gold
    ]
    result = evaluate(gold, pred, ["DATE"])
    if not quiet:
        print(format_errors(result.errors))
    if align:
        import spacy

        nlp = spacy.blank("en")
        print("\nNOT ON SPACY TOKEN EDGES")
        for g, p in zip(gold, pred, strict=True):
            for side, rec in (("gold", g), ("pred", p)):
                spans = [(s["start"], s["end"]) for s in rec["spans"] if s["label"] == "DATE"]
                for s in misaligned(nlp, g["text"], spans):
                    print(f"  {doc_key(g)} {side}: {context(g['text'], *s)}")
    print(format_table(result.scores(), ["DATE"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
