"""Check the MONEY grammar against gold annotations: spans, values, token alignment.

usage: python scripts/check_money_values.py [GOLD.jsonl] [--quiet]

1. Strict and partial precision/recall/F1 of `find_money` against the gold MONEY spans,
   with every miss and false positive shown in context.
2. For each gold MONEY span found exactly, `normalize_money` is compared with what a
   careful reader takes from the span text (figure x scale, cents -> major unit,
   currency from the symbol or name; an amount written without currency takes the
   currency of the nearest gold amount in the same paragraph; ``$`` in an Australian
   publication is AUD). Prints the share correct and the failures.
3. How many predicted and gold spans do not fall on spaCy blank English token boundaries.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

import spacy
import srsly

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.grammar.money import find_money, normalize_money  # noqa: E402
from pipeline.grammar.numbers import TENS, UNITS, parse_number  # noqa: E402

DEFAULT_GOLD = "/work/shared/dev/gold.jsonl"
Span = tuple[int, int]

#: What a reader takes each written currency to mean (checked in order).
READER_CURRENCIES: list[tuple[str, str]] = [
    (r"US\$|U\.S\.", "USD"), (r"CA\$|C\$|canadian", "CAD"), (r"HK\$", "HKD"),
    (r"\bA\$|AU\$", "AUD"), (r"\$|dollar|dlr|buck", "USD"), (r"£|pence|\dp$", "GBP"),
    (r"€|euro", "EUR"), (r"¥|\byen\b", "JPY"), (r"yuan|renminbi", "CNY"),
    (r"kronor|krona", "SEK"), (r"\bmarks?\b", "DEM"), (r"\bcents?\b|\bcts\b", "USD"),
]
READER_SCALES: list[tuple[str, int]] = [
    (r"trillion|\btn\b|\dtn", 10**12), (r"billion|\bbn\b|\dbn|\bbln\b", 10**9),
    (r"million|mln|\bmn\b|\dm\b", 10**6), (r"thousand|\dk\b", 10**3),
]
VAGUE = re.compile(r"\b(several|hundreds of|tens of|a few)\b|\b\w+s of\b", re.I)
AUSTRALIAN_SOURCES = ("innovationaus", "uwa-")


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts."""
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def context(text: str, span: Span, width: int = 40) -> str:
    """``...left [[span]] right...`` on one line."""
    s, e = span
    left = text[max(0, s - width):s]
    right = text[e:e + width]
    return " ".join(f"{left} [[{text[s:e]}]] {right}".split())


def reader_currency(span_text: str, doc_id: str) -> str | None:
    """The currency a careful reader sees in the span text (None if none is written)."""
    if span_text.startswith("$") and doc_id.startswith(AUSTRALIAN_SOURCES):
        return "AUD"
    for pattern, code in READER_CURRENCIES:
        if re.search(pattern, span_text, re.I):
            return code
    return None


def reader_numbers(span_text: str) -> list[float]:
    """Figures written in the span: digits, or runs of number words."""
    nums: list[float] = []
    words: list[str] = []
    for tok in re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", span_text.lower()):
        if tok[0].isdigit():
            nums.append(float(tok.replace(",", "")))
        elif tok in UNITS or tok in TENS or (words and tok == "hundred"):
            words.append(tok)
            continue
        if words:
            nums.append(float(parse_number(" ".join(words))))
            words = []
    if words:
        nums.append(float(parse_number(" ".join(words))))
    return nums


def reader_value(span_text: str) -> tuple[float | None, float | None]:
    """(value, value_max) a careful reader takes from the span text."""
    if VAGUE.search(span_text):
        return None, None
    if re.fullmatch(r"an?\s+buck", span_text, re.I):
        return 1, None
    scale = next((m for p, m in READER_SCALES if re.search(p, span_text, re.I)), 1)
    nums = reader_numbers(span_text)
    if "-" in span_text and not nums:  # billion-dollar
        return scale, None
    if not nums:
        return None, None
    minor = 100 if re.search(r"\bcents?\b|\bcts\b|pence|\dp$", span_text, re.I) else 1
    values = [n * scale / minor for n in nums]
    return values[0], (values[1] if len(values) > 1 else None)


def borrowed_reader_currency(text: str, span: Span, gold: list[Span], doc_id: str) -> str | None:
    """Currency of the nearest gold amount (same paragraph) that writes one."""
    best = None
    for other in gold:
        code = reader_currency(text[other[0]:other[1]], doc_id)
        lo, hi = sorted((other[1], span[0]) if other[0] < span[0] else (span[1], other[0]))
        if code and other != span and "\n\n" not in text[lo:hi]:
            dist = hi - lo
            if best is None or dist < best[0]:
                best = (dist, code)
    return best[1] if best else None


def close(a: float | None, b: float | None) -> bool:
    """Equal values, allowing float rounding."""
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def misaligned(nlp, text: str, spans: Iterable[Span]) -> list[Span]:
    """Spans that do not start and end on spaCy token boundaries."""
    doc = nlp.make_doc(text)
    return [s for s in spans if doc.char_span(s[0], s[1]) is None]


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    quiet = "--quiet" in argv
    path = args[0] if args else DEFAULT_GOLD
    nlp = spacy.blank("en")
    tp = n_pred = n_gold = part_pred = part_gold = 0
    checked = correct = 0
    misses, false_pos, failures, bad_align = [], [], [], []
    for rec in srsly.read_jsonl(path):
        text, doc_id = rec["text"], rec.get("id") or (rec.get("meta") or {}).get("id", "")
        gold = sorted((s["start"], s["end"]) for s in rec["spans"] if s["label"] == "MONEY")
        pred = find_money(text)
        gset, pset = set(gold), set(pred)
        tp += len(gset & pset)
        n_pred += len(pred)
        n_gold += len(gold)
        part_pred += sum(any(a[0] < b[1] and b[0] < a[1] for b in gold) for a in pred)
        part_gold += sum(any(a[0] < b[1] and b[0] < a[1] for a in pred) for b in gold)
        misses += [(doc_id, context(text, s)) for s in gold if s not in pset]
        false_pos += [(doc_id, context(text, s)) for s in pred if s not in gset]
        bad_align += [(doc_id, "pred", context(text, s)) for s in misaligned(nlp, text, pred)]
        bad_align += [(doc_id, "gold", context(text, s)) for s in misaligned(nlp, text, gold)]
        for span in sorted(gset & pset):
            span_text = text[span[0]:span[1]]
            want_cur = reader_currency(span_text, doc_id) or borrowed_reader_currency(
                text, span, gold, doc_id
            )
            want_val, want_max = reader_value(span_text)
            got = normalize_money(text, *span)
            ok = (
                got["currency"] == want_cur
                and close(got["value"], want_val)
                and close(got.get("value_max"), want_max)
            )
            checked += 1
            correct += ok
            if not ok:
                want = {"value": want_val, "value_max": want_max, "currency": want_cur}
                failures.append((doc_id, repr(span_text), got, want))
    sp, sr, sf = prf(tp, n_pred, n_gold)
    pp, pr, pf = prf(part_pred, n_pred, n_gold)
    pr = part_gold / n_gold if n_gold else 1.0
    pf = 2 * pp * pr / (pp + pr) if pp + pr else 0.0
    if not quiet:
        for title, rows in (("MISSES", misses), ("FALSE POSITIVES", false_pos)):
            print(f"== {title} ({len(rows)})")
            for row in rows:
                print("  ", *row)
        print(f"== VALUE/CURRENCY FAILURES ({len(failures)})")
        for doc_id, span_text, got, want in failures:
            print(f"   {doc_id} {span_text}\n      got  {got}\n      want {want}")
        print(f"== MISALIGNED WITH spacy.blank('en') TOKENS ({len(bad_align)})")
        for row in bad_align:
            print("  ", *row)
    print(f"MONEY gold={n_gold} pred={n_pred}")
    print(f"strict  P={sp:.3f} R={sr:.3f} F1={sf:.3f}")
    print(f"partial P={pp:.3f} R={pr:.3f} F1={pf:.3f}")
    share = correct / checked if checked else 1.0
    print(f"value+currency correct: {correct}/{checked} = {share:.1%}")
    print(f"misaligned spans: pred {sum(r[1] == 'pred' for r in bad_align)}, "
          f"gold {sum(r[1] == 'gold' for r in bad_align)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
