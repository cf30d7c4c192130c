"""Measure find_dates + normalize_date on the TempEval-3 platinum set (TIMEX3 gold values).

usage: python scripts/eval_tempeval.py [DIR_OR_JSONL] [--errors]

Reads ``platinum.jsonl`` (one news document a line: ``text``, ``meta.date`` = document
creation time, ``timex`` = gold TIMEX3 with offsets, ``type`` and ``value``) and prints:

- detection recall: the share of gold DATE and DURATION timexes that a found span overlaps
  (TIMEX3 span conventions differ a little from OntoNotes DATE spans, hence overlap);
- value accuracy: among those found, the share whose normalized value equals the gold one
  (the value of the found span that overlaps the gold timex most);
- with ``--errors``, each miss and wrong value with a short context (to read, not to copy).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import srsly

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.grammar.dates import find_dates, normalize_date  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "bench" / "tempeval3"
SCORED_TYPES = ("DATE", "DURATION")


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def snippet(text: str, start: int, end: int, width: int = 30) -> str:
    return " ".join(f"{text[max(0, start - width):start]}[{text[start:end]}]"
                    f"{text[end:end + width]}".split())


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    show_errors = "--errors" in argv
    path = Path(args[0]) if args else DEFAULT
    if path.is_dir():
        path = path / "platinum.jsonl"
    n_gold = n_found = n_right = n_pred = n_pred_hit = 0
    by_type: Counter = Counter()
    errors: list[str] = []
    for doc in srsly.read_jsonl(path):
        text, dct = doc["text"], (doc.get("meta") or {}).get("date")
        doc_id = (doc.get("meta") or {}).get("id", "?")
        pred = find_dates(text)
        n_pred += len(pred)
        golds = [t for t in doc["timex"] if t["type"] in SCORED_TYPES]
        n_pred_hit += sum(any(overlap(p, (g["start"], g["end"])) for g in doc["timex"])
                          for p in pred)
        for g in golds:
            n_gold += 1
            by_type[g["type"], "gold"] += 1
            span = (g["start"], g["end"])
            hits = [p for p in pred if overlap(p, span)]
            if not hits:
                errors.append(f"MISS  {doc_id}: {snippet(text, *span)} gold={g['value']}")
                continue
            n_found += 1
            by_type[g["type"], "found"] += 1
            best = max(hits, key=lambda p: overlap(p, span))
            value = normalize_date(text, best[0], best[1], dct).get("value")
            if value == g["value"]:
                n_right += 1
                by_type[g["type"], "right"] += 1
            else:
                errors.append(f"VALUE {doc_id}: {snippet(text, *best)} "
                              f"ours={value} gold={g['value']} ({text[span[0]:span[1]]!r})")
    if show_errors:
        print("\n".join(errors))
    print(f"\ngold DATE+DURATION timexes: {n_gold}")
    for t in SCORED_TYPES:
        g, f, r = by_type[t, "gold"], by_type[t, "found"], by_type[t, "right"]
        print(f"  {t:<8} gold {g:3d}  found {f:3d}  right value {r:3d}")
    print(f"detection recall (overlap): {n_found / n_gold:.3f}  ({n_found}/{n_gold})")
    print(f"value accuracy among found: {n_right / n_found:.3f}  ({n_right}/{n_found})")
    print(f"found spans overlapping any gold timex: {n_pred_hit}/{n_pred}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
