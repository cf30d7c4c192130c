"""Speed and identity checks of the MONEY/DATE grammars and their spaCy components.

usage:
  python scripts/profile_grammar.py time [--words 100000] [--repeat 3] [--components]
  python scripts/profile_grammar.py profile FUNCTION [--words 100000] [--top 30]
  python scripts/profile_grammar.py save DIR [--docs 3000] [--pipeline]
  python scripts/profile_grammar.py check DIR [--docs 3000] [--pipeline]

``time`` reports microseconds per token (tokens of spaCy's blank English tokenizer) of
``find_money``, ``find_dates``, ``normalize_money`` (on every span ``find_money`` finds)
and ``normalize_date`` (on every span ``find_dates`` finds, resolved against the
document date), the best of ``--repeat`` runs over the first ``--words`` words of the
Reuters benchmark corpus (read in place, never copied). ``--components`` also times each
component of the assembled pipeline on the same documents. Caches (``functools.lru_cache``)
of the grammar modules are emptied before each run, so a run never profits from the one
before it.

``profile`` runs one of those functions under cProfile and prints the top entries.

``save`` writes what the grammars (and with ``--pipeline``, the assembled pipeline's MONEY
and DATE entities) give for the first ``--docs`` Reuters documents and all of the dev
texts to DIR (keep it out of the repository, e.g. ``/tmp/grammar_identity``); ``check``
computes the same again and lists every difference (exit status 1 if there is one).
Norms are compared as JSON, key order included.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.grammar import dates, money, numbers, timex  # noqa: E402
from pipeline.grammar.dates import find_dates, normalize_date  # noqa: E402
from pipeline.grammar.money import find_money, normalize_money  # noqa: E402

BENCH = Path("/work/shared/bench/reuters21578.jsonl")
DEV = Path("/work/shared/dev/texts.jsonl")
Doc = tuple[str, str | None, str]  # text, document date, id


def read_docs(path: Path) -> Iterator[Doc]:
    """``(text, meta.date, meta.id)`` of each record of a JSONL input file."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            meta = record.get("meta") or {}
            date = meta.get("date")
            yield record["text"], date if isinstance(date, str) else None, str(meta.get("id"))


def first_words(path: Path, words: int) -> list[Doc]:
    """Whole documents from the start of ``path`` until they hold ``words`` words."""
    docs: list[Doc] = []
    total = 0
    for doc in read_docs(path):
        docs.append(doc)
        total += len(doc[0].split())
        if total >= words:
            break
    return docs


def clear_caches() -> None:
    """Empty every ``lru_cache`` of the grammar modules."""
    for module in (dates, money, numbers, timex):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


# --- timing ------------------------------------------------------------------------------


def span_work(docs: list[Doc]) -> tuple[list, list]:
    """The (text, start, end[, date]) arguments of every normalization of ``docs``."""
    money_args = [(t, s, e) for t, _, _ in docs for s, e in find_money(t)]
    date_args = [(t, s, e, d) for t, d, _ in docs for s, e in find_dates(t)]
    return money_args, date_args


def grammar_runs(docs: list[Doc]) -> dict[str, Callable[[], None]]:
    """The timed functions by name, each a run over all of ``docs``."""
    money_args, date_args = span_work(docs)
    print(f"{len(money_args):,} MONEY spans, {len(date_args):,} DATE spans")

    def run(fn: Callable[..., object], args: list[tuple]) -> Callable[[], None]:
        def go() -> None:
            for a in args:
                fn(*a)
        return go

    texts = [(text,) for text, _, _ in docs]
    return {
        "find_money": run(find_money, texts),
        "find_dates": run(find_dates, texts),
        "normalize_money": run(normalize_money, money_args),
        "normalize_date": run(normalize_date, date_args),
    }


def best_of(fn: Callable[[], None], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds (caches emptied before each)."""
    best = float("inf")
    for _ in range(repeat):
        clear_caches()
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def report(name: str, seconds: float, tokens: int) -> None:
    """One line: µs per token and tokens per second."""
    print(f"{name:<22} {seconds * 1e6 / tokens:8.3f} µs/token {tokens / seconds:>14,.0f} tokens/s")


def time_functions(docs: list[Doc], tokens: int, repeat: int) -> None:
    """µs per token of the grammar functions."""
    for name, fn in grammar_runs(docs).items():
        report(name, best_of(fn, repeat), tokens)


def time_components(docs: list[Doc], repeat: int) -> None:
    """µs per token of each component of the assembled pipeline (and of the tokenizer)."""
    from pipeline.assemble import build_pipeline

    nlp = build_pipeline()
    best: dict[str, float] = {}
    tokens = 0
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        made = make_docs(nlp, docs)
        best["tokenizer"] = min(best.get("tokenizer", float("inf")), time.perf_counter() - start)
        tokens = sum(len(doc) for doc in made)
        for name, pipe in nlp.pipeline:
            gc.collect()
            start = time.perf_counter()
            for doc in made:
                pipe(doc)
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
    print(f"pipeline components ({tokens:,} tokens of the pipeline's tokenizer):")
    for name, seconds in best.items():
        report(name, seconds, tokens)
    report("all components", sum(s for n, s in best.items() if n != "tokenizer"), tokens)


# --- profiling ---------------------------------------------------------------------------


def profile(docs: list[Doc], function: str, top: int) -> None:
    """cProfile of one grammar function over ``docs``."""
    run = grammar_runs(docs)[function]
    clear_caches()
    profiler = cProfile.Profile()
    profiler.runcall(run)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


# --- identity ------------------------------------------------------------------------------


def grammar_record(text: str, date: str | None) -> dict:
    """Spans and norms of the grammars for one text."""
    money_spans = [[s, e, normalize_money(text, s, e)] for s, e in find_money(text)]
    date_spans = [
        [s, e, normalize_date(text, s, e, date), normalize_date(text, s, e, None)]
        for s, e in find_dates(text)
    ]
    return {"money": money_spans, "dates": date_spans}


def identity_docs(n: int) -> list[Doc]:
    """The dev texts, then the first ``n`` Reuters documents."""
    reuters: list[Doc] = []
    for doc in read_docs(BENCH):
        if len(reuters) >= n:
            break
        reuters.append(doc)
    return [*read_docs(DEV), *reuters]


def grammar_records(docs: list[Doc]) -> Iterator[str]:
    """One JSON line of `grammar_record` per document."""
    clear_caches()
    for text, date, doc_id in docs:
        yield json.dumps({"id": doc_id, **grammar_record(text, date)}, ensure_ascii=False)


def pipeline_records(docs: list[Doc]) -> Iterator[str]:
    """MONEY and DATE entities (offsets, label, norm) of the assembled pipeline."""
    from pipeline.assemble import build_pipeline

    nlp = build_pipeline()
    for (_, _, doc_id), doc in zip(docs, nlp.pipe(make_docs(nlp, docs)), strict=True):
        ents = [
            [e.start_char, e.end_char, e.label_, e._.norm]
            for e in doc.ents
            if e.label_ in ("MONEY", "DATE")
        ]
        yield json.dumps({"id": doc_id, "ents": ents}, ensure_ascii=False)


def make_docs(nlp: Language, docs: list[Doc]) -> list[SpacyDoc]:
    """Tokenized docs with ``user_data["meta"]`` as ``annotate`` sets it."""
    made = []
    for text, date, doc_id in docs:
        doc = nlp.make_doc(text)
        doc.user_data["meta"] = {"id": doc_id, "date": date}
        made.append(doc)
    return made


def outputs(docs: list[Doc], pipeline: bool) -> dict[str, list[str]]:
    """Every record to save or compare, by file name."""
    out = {"grammar.jsonl": list(grammar_records(docs))}
    if pipeline:
        out["pipeline.jsonl"] = list(pipeline_records(docs))
    return out


def save(directory: Path, docs: list[Doc], pipeline: bool) -> None:
    """Write the records of `outputs` to ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, lines in outputs(docs, pipeline).items():
        (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines):,} records to {directory / name}")


def check(directory: Path, docs: list[Doc], pipeline: bool) -> int:
    """Compare with the saved records; print the differences; 0 when identical."""
    differences = 0
    for name, lines in outputs(docs, pipeline).items():
        saved = (directory / name).read_text(encoding="utf-8").splitlines()
        if len(saved) != len(lines):
            print(f"{name}: {len(saved)} saved records, {len(lines)} now")
            differences += 1
        for old, new in zip(saved, lines, strict=False):
            if old != new:
                differences += 1
                print(f"{name}: DIFFERENT\n  before: {old}\n  now:    {new}")
        print(f"{name}: {len(lines):,} records compared")
    print("IDENTICAL" if not differences else f"{differences} different records")
    return 1 if differences else 0


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Entry point (see the module docstring)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["time", "profile", "save", "check"])
    p.add_argument("target", nargs="?", help="profile: the function; save/check: directory")
    p.add_argument("--words", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--components", action="store_true", help="time: also the components")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--docs", type=int, default=3000, help="save/check: Reuters documents")
    p.add_argument("--pipeline", action="store_true", help="save/check: also the pipeline")
    args = p.parse_args(argv)
    if args.command in ("save", "check"):
        docs = identity_docs(args.docs)
        if args.command == "save":
            save(Path(args.target), docs, args.pipeline)
            return 0
        return check(Path(args.target), docs, args.pipeline)
    docs = first_words(BENCH, args.words)
    if args.command == "profile":
        profile(docs, args.target or "find_dates", args.top)
        return 0
    blank = spacy.blank("en")
    tokens = sum(len(blank.make_doc(text)) for text, _, _ in docs)
    print(f"{len(docs):,} documents, {tokens:,} tokens (blank English tokenizer)")
    time_functions(docs, tokens, args.repeat)
    if args.components:
        time_components(docs, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
