"""Score find_dates against the gold DATE spans of a JSONL file (default: the shared dev set).

usage: python scripts/check_dates.py [GOLD.jsonl] [--quiet] [--align]

Prints strict and partial (overlap) precision/recall/F1, then every miss and false positive
with some context, so a rule change can be judged on what it gains and loses. ``--align``
also reports gold and predicted spans that do not fall on spaCy blank-English token edges.
"""

from __future__ import annotations

import sys
from pathlib import Path

import srsly

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.grammar.dates import find_dates  # noqa: E402

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "dev" / "gold.jsonl"


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (true positives counted on each side)."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def context(text: str, start: int, end: int, width: int = 40) -> str:
    """``...left [span] right...`` on one line."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def misaligned(nlp, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that do not start and end on token boundaries of ``nlp``'s tokenizer."""
    doc = nlp.make_doc(text)
    return [s for s in spans if doc.char_span(s[0], s[1]) is None]


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    quiet, align = "--quiet" in argv, "--align" in argv
    path = Path(args[0]) if args else DEFAULT_GOLD
    nlp = None
    if align:
        import spacy

        nlp = spacy.blank("en")
    tp = n_pred = n_gold = ptp_pred = ptp_gold = 0
    misses, false_pos, unaligned = [], [], []
    for rec in srsly.read_jsonl(path):
        text = rec["text"]
        doc_id = (rec.get("meta") or {}).get("id", "?")
        gold = sorted((s["start"], s["end"]) for s in rec["spans"] if s["label"] == "DATE")
        pred = find_dates(text)
        gset, pset = set(gold), set(pred)
        tp += len(gset & pset)
        n_pred += len(pred)
        n_gold += len(gold)
        ptp_pred += sum(overlaps(p, gold) for p in pred)
        ptp_gold += sum(overlaps(g, pred) for g in gold)
        misses += [(doc_id, context(text, *g)) for g in gold if g not in pset]
        false_pos += [(doc_id, context(text, *p)) for p in pred if p not in gset]
        if nlp is not None:
            unaligned += [(doc_id, "gold", context(text, *s)) for s in misaligned(nlp, text, gold)]
            unaligned += [(doc_id, "pred", context(text, *s)) for s in misaligned(nlp, text, pred)]
    sp, sr, sf = prf(tp, n_pred, tp, n_gold)
    pp, pr, pf = prf(ptp_pred, n_pred, ptp_gold, n_gold)
    if not quiet:
        print(f"\nMISSES ({len(misses)})")
        for doc_id, ctx in misses:
            print(f"  {doc_id}: {ctx}")
        print(f"\nFALSE POSITIVES / WRONG SPANS ({len(false_pos)})")
        for doc_id, ctx in false_pos:
            print(f"  {doc_id}: {ctx}")
    if align:
        print(f"\nNOT ON SPACY TOKEN EDGES ({len(unaligned)})")
        for doc_id, side, ctx in unaligned:
            print(f"  {doc_id} {side}: {ctx}")
    print(f"\nDATE gold {n_gold}  predicted {n_pred}")
    print(f"strict   P {sp:.3f}  R {sr:.3f}  F1 {sf:.3f}")
    print(f"partial  P {pp:.3f}  R {pr:.3f}  F1 {pf:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
