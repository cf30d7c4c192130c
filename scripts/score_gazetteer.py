"""Score the ORG gazetteer alone against a gold file (strict ORG P/R/F1).

usage: python scripts/score_gazetteer.py GOLD.jsonl [--patterns patterns/org_gazetteer.jsonl]
       [--pred OUT.jsonl] [--errors N]

Runs a blank English pipeline (with the project's news tokenizer rules) whose only
component is an entity_ruler loaded with the gazetteer patterns, writes predictions in
the scorer's record format and prints P/R/F1 and, with ``--errors``, the most frequent
false positives and misses (for review; the gold texts stay outside the repository).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:  # the project's tokenizer rules, when present
    from pipeline.tokenizer import customize_tokenizer  # noqa: E402
except ImportError:  # pragma: no cover
    def customize_tokenizer(nlp: spacy.language.Language) -> spacy.language.Language:
        return nlp


def load_jsonl(path: Path) -> list[dict]:
    """Records of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def gazetteer_nlp(patterns: Path) -> spacy.language.Language:
    """A blank English pipeline with the news tokenizer and the gazetteer entity ruler."""
    nlp = customize_tokenizer(spacy.blank("en"))
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(load_jsonl(patterns))
    return nlp


def predict(nlp: spacy.language.Language, gold: list[dict]) -> list[dict]:
    """Prediction records: text, meta.id and ORG spans."""
    out = []
    for record, doc in zip(gold, nlp.pipe(r["text"] for r in gold), strict=True):
        spans = [{"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text}
                 for e in doc.ents]
        out.append({"text": record["text"], "meta": {"id": record["meta"]["id"]}, "spans": spans})
    return out


def score(gold: list[dict], pred: list[dict]) -> tuple[Counter, Counter, float, float, float]:
    """False positives, misses and strict P/R/F1 for ORG."""
    fps, misses = Counter(), Counter()
    tp = n_pred = n_gold = 0
    for g, p in zip(gold, pred, strict=True):
        gs = {(s["start"], s["end"]) for s in g["spans"] if s["label"] == "ORG"}
        ps = {(s["start"], s["end"]) for s in p["spans"] if s["label"] == "ORG"}
        tp += len(gs & ps)
        n_pred += len(ps)
        n_gold += len(gs)
        fps.update(g["text"][a:b] for a, b in ps - gs)
        misses.update(g["text"][a:b] for a, b in gs - ps)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return fps, misses, precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--patterns", type=Path, default=Path("patterns/org_gazetteer.jsonl"))
    parser.add_argument("--pred", type=Path)
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args()
    gold = load_jsonl(args.gold)
    pred = predict(gazetteer_nlp(args.patterns), gold)
    if args.pred:
        args.pred.write_text("".join(json.dumps(r) + "\n" for r in pred), encoding="utf-8")
    fps, misses, p, r, f = score(gold, pred)
    print(f"ORG strict P={p:.3f} R={r:.3f} F1={f:.3f}")
    if args.errors:
        print("false positives:", fps.most_common(args.errors))
        print("misses:", misses.most_common(args.errors))


if __name__ == "__main__":
    main()
