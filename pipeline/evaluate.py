"""The evaluate command: precision, recall and F1 per label against gold spans.

``python -m pipeline evaluate --gold GOLD.jsonl --pred PRED.jsonl`` scores a finished
run; without ``--pred`` it annotates the gold texts itself. Scores agree with the
reference scorer (``shared/tools/score.py``): documents are matched by id (``id`` or
``meta.id``), else by exact text; *strict* counts a span when start, end and label are
the same, *partial* when the label is the same and the spans overlap.

It prints a table, and with ``--errors`` the false positives and false negatives with
context, which is what a person fixing patterns reads; ``--json`` prints the figures
as one JSON object and ``--output FILE`` writes them, errors included.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

import srsly

LABELS = ("ORG", "MONEY", "DATE", "TECH")
Span3 = tuple[int, int, str]


def doc_key(record: dict) -> str | None:
    """The document id of a record: top-level ``id`` or ``meta.id``."""
    return record.get("id") or (record.get("meta") or {}).get("id")


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (1.0 for an empty prediction of an empty gold set)."""
    p = tp_pred / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp_gold / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def overlaps(a: Span3, b: Span3) -> bool:
    """True when two spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Counts:
    """Strict and partial counts for one label."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    partial_tp_pred: int = 0
    partial_tp_gold: int = 0

    def add(self, other: Counts) -> None:
        """Add another label's counts to these."""
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold
        self.partial_tp_pred += other.partial_tp_pred
        self.partial_tp_gold += other.partial_tp_gold

    def scores(self) -> dict:
        """The figures for this label."""
        p, r, f = prf(self.tp, self.n_pred, self.tp, self.n_gold)
        pp, pr, pf = prf(self.partial_tp_pred, self.n_pred, self.partial_tp_gold, self.n_gold)
        return {"p": p, "r": r, "f": f, "partial_p": pp, "partial_r": pr, "partial_f": pf,
                "n_gold": self.n_gold, "n_pred": self.n_pred}


@dataclass
class Evaluation:
    """The result of scoring: counts per label, errors, and documents without predictions."""

    counts: dict[str, Counts] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    missing_docs: list[str | None] = field(default_factory=list)

    def scores(self) -> dict:
        """Figures per label and ``ALL``, as the reference scorer reports them."""
        total = Counts()
        result = {}
        for label, counts in self.counts.items():
            result[label] = counts.scores()
            total.add(counts)
        result["ALL"] = total.scores()
        result["missing_docs"] = self.missing_docs
        return result


def context(text: str, start: int, end: int, width: int = 40) -> str:
    """``...left [span] right...`` on one line."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def pred_spans(gold: dict, pred: dict | None, labels: Iterable[str]) -> list[Span3]:
    """Predicted spans in gold-text offsets (shifted when the texts differ)."""
    if pred is None:
        return []
    shift = 0
    if pred.get("text") != gold["text"]:
        i = gold["text"].find(pred.get("text", "")[:200])
        shift = i if i >= 0 else 0
    wanted = set(labels)
    return [
        (s["start"] + shift, s["end"] + shift, s["label"])
        for s in pred.get("spans", [])
        if s["label"] in wanted
    ]


def evaluate(
    gold: Iterable[dict], pred: Iterable[dict], labels: Iterable[str] = LABELS
) -> Evaluation:
    """Score ``pred`` records against ``gold`` records."""
    labels = list(labels)
    pred = list(pred)
    by_id = {doc_key(r): r for r in pred if doc_key(r)}
    by_text = {r.get("text"): r for r in pred}
    result = Evaluation(counts={label: Counts() for label in labels})
    for g in gold:
        p = by_id.get(doc_key(g)) or by_text.get(g["text"])
        if p is None:
            result.missing_docs.append(doc_key(g))
        text = g["text"]
        gspans = [
            (s["start"], s["end"], s["label"]) for s in g.get("spans", []) if s["label"] in labels
        ]
        pspans = pred_spans(g, p, labels)
        gset, pset = set(gspans), set(pspans)
        for label in labels:
            gl = [s for s in gspans if s[2] == label]
            pl = [s for s in pspans if s[2] == label]
            c = result.counts[label]
            c.tp += len(set(pl) & set(gl))
            c.n_pred += len(pl)
            c.n_gold += len(gl)
            c.partial_tp_pred += sum(1 for a in pl if any(overlaps(a, b) for b in gl))
            c.partial_tp_gold += sum(1 for b in gl if any(overlaps(a, b) for a in pl))
        for kind, spans, other in (("FP", pspans, gset), ("FN", gspans, pset)):
            for s in sorted(set(spans) - other):
                near = [o for o in other if o[2] == s[2] and overlaps(s, o)]
                result.errors.append({
                    "doc": doc_key(g), "kind": kind, "label": s[2], "start": s[0], "end": s[1],
                    "text": text[s[0]:s[1]], "context": context(text, s[0], s[1]),
                    "boundary": bool(near),
                })
    return result


def format_table(scores: dict, labels: Iterable[str]) -> str:
    """The scores as a fixed-width table."""
    lines = [f"{'label':6} {'P':>6} {'R':>6} {'F':>6} {'partP':>6} {'partR':>6} {'partF':>6} "
             f"{'gold':>5} {'pred':>5}"]
    for label in [*labels, "ALL"]:
        r = scores[label]
        lines.append(
            f"{label:6} {r['p']:6.3f} {r['r']:6.3f} {r['f']:6.3f} {r['partial_p']:6.3f} "
            f"{r['partial_r']:6.3f} {r['partial_f']:6.3f} {r['n_gold']:5d} {r['n_pred']:5d}"
        )
    if scores.get("missing_docs"):
        lines.append(f"missing docs: {len(scores['missing_docs'])}")
    return "\n".join(lines)


def format_errors(errors: list[dict]) -> str:
    """False positives and negatives, grouped by label, one per line with context."""
    lines = []
    for label in sorted({e["label"] for e in errors}):
        for kind in ("FP", "FN"):
            group = [e for e in errors if e["label"] == label and e["kind"] == kind]
            if group:
                lines.append(f"--- {label} {kind} ({len(group)}; * = boundary error)")
                lines.extend(
                    f"{'*' if e['boundary'] else ' '} {e['doc']}: {e['context']}" for e in group
                )
    return "\n".join(lines)


def annotate_gold(gold: list[dict], model: str) -> list[dict]:
    """Run the pipeline over the gold texts and return prediction records."""
    from .annotate import load_pipeline
    from .records import doc_to_record

    nlp = load_pipeline(model)
    docs = []
    for g in gold:
        doc = nlp.make_doc(g["text"])
        meta = dict(g.get("meta") or {})
        meta.setdefault("id", doc_key(g))
        if g.get("date") and not meta.get("date"):
            meta["date"] = g["date"]
        doc.user_data["meta"] = meta
        docs.append(doc)
    return [doc_to_record(doc) for doc in nlp.pipe(docs)]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` subcommand."""
    p = subparsers.add_parser("evaluate", help="score predictions against gold spans",
                              description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gold", required=True, help="gold JSONL (text, spans, id or meta.id)")
    p.add_argument("--pred", help="predicted JSONL; without it the gold texts are annotated")
    p.add_argument("--model", default="training/pipeline", help="pipeline used without --pred")
    p.add_argument("--labels", default=",".join(LABELS), help="comma-separated labels")
    p.add_argument("--errors", action="store_true", help="print false positives and negatives")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--output", help="write figures and errors to this JSON file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Entry point of ``evaluate``."""
    labels = [label for label in args.labels.split(",") if label]
    gold = list(srsly.read_jsonl(args.gold))
    pred = list(srsly.read_jsonl(args.pred)) if args.pred else annotate_gold(gold, args.model)
    result = evaluate(gold, pred, labels)
    scores = result.scores()
    if args.json:
        print(srsly.json_dumps(scores))
    else:
        print(format_table(scores, labels))
    if args.errors:
        print(format_errors(result.errors), file=sys.stdout)
    if args.output:
        srsly.write_json(args.output, {"scores": scores, "errors": result.errors})
    return 0
