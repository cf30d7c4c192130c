"""The bench command: speed and memory of the assembled pipeline on a real corpus.

``python -m pipeline bench [PATH] [--words 1000000] [--n-process 2] [--json]`` takes the
first ``--words`` words (whole documents, words split on whitespace) of PATH (default
``../shared/bench/reuters21578.jsonl`` next to the repository: varied real text, read
there and never copied) and reports, from one run:

- ``tokenizer_wps``: words/s of ``nlp.make_doc`` alone over the same texts;
- ``pipeline_wps``: words/s of the full pipeline (``nlp.pipe``, tokenizer included);
- ``ratio``: ``pipeline_wps / tokenizer_wps``, the share of the tokenizer's speed that the
  full pipeline keeps (1.0 = as fast as tokenizing alone; the target is >= 0.5);
- these three come from ``--repeat`` rounds (default 3), each a tokenizer run and then a
  pipeline run, every figure from its fastest round as ``timeit`` advises (a neighbour's
  burst only ever slows a run down); ``ratio_runs`` is each round's own ratio, their
  spread shows how noisy the machine was;
- ``load_s``: seconds to get the pipeline ready in a fresh process (importing this
  package's components and ``spacy.load`` of the assembled directory), the median of
  five runs (``load_s_runs``: on a machine with noisy neighbours one load in three or
  four takes a third longer);
- ``peak_rss_mb``: peak resident memory (``getrusage`` maxrss) of the process that
  loaded the pipeline and annotated the corpus in one process;
- with ``--n-process N`` (N > 1): ``n_process_speedup``, the words/s of annotate's
  N-process engine over its one-process engine (both building the JSONL records and
  DocBins, writing nothing to disk);
- with ``--components``: ``component_us_per_token``, the microseconds per token of the
  tokenizer and of each component (where the time goes).

Every measurement runs in a fresh subprocess with a freshly loaded pipeline, so the
tokenizer cache (10,000 distinct chunks) starts empty each time. ``--json`` prints the
figures as one JSON object (also ``annotate_wps``, ``words``, ``documents``...);
``--output FILE`` writes them to FILE too (the ``bench`` project step).
Timings depend on the machine and its load: quote them with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

from .inputs import InputDoc, read_inputs

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "bench" / "reuters21578.jsonl"
DEFAULT_WORDS = 1_000_000
LOAD_RUNS = 5  # load_s is the median of this many fresh-process loads
REPEAT = 3  # tokenizer and pipeline rounds; each figure is its fastest round's
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def load_corpus(path: str | os.PathLike, words: int) -> list[tuple[str, dict]]:
    """Whole documents of ``path`` in order until they hold at least ``words`` words."""
    corpus: list[tuple[str, dict]] = []
    total = 0
    for item in read_inputs([path]):
        if not isinstance(item, InputDoc):
            continue
        corpus.append((item.text, item.meta))
        total += len(item.text.split())
        if total >= words:
            break
    return corpus


def count_words(corpus: list[tuple[str, dict]]) -> int:
    """Whitespace-separated words of ``corpus``."""
    return sum(len(text.split()) for text, _ in corpus)


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB (``ru_maxrss`` is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


# --- measurements, each run in a fresh subprocess --------------------------------------


def measure_tokenizer(model: str, corpus: list[tuple[str, dict]], chunk_chars: int) -> dict:
    """Seconds of ``nlp.make_doc`` over ``corpus`` with a freshly loaded pipeline."""
    import spacy

    from .annotate import make_docs

    nlp = spacy.load(model)
    start = time.perf_counter()
    for _ in make_docs(nlp, corpus, chunk_chars):
        pass
    return {"seconds": time.perf_counter() - start}


def measure_pipeline(
    model: str, corpus: list[tuple[str, dict]], chunk_chars: int, batch_size: int, n_process: int
) -> dict:
    """Pipeline seconds, annotate seconds and peak RSS of one annotate run (the load
    time is :func:`measure_load`'s)."""
    from .annotate import InlineEngine, batches, cached_pipeline, ordered_results, pool_engine

    nlp = cached_pipeline(model, freeze=True)  # as annotate loads it
    pipeline_s = 0.0
    start = time.perf_counter()
    if n_process == 1:
        work = batches(corpus, batch_size, len(corpus) + 1)
        for result in ordered_results(InlineEngine(nlp, chunk_chars, batch_size), work):
            pipeline_s += result.pipeline_s
    else:
        with pool_engine(model, n_process, chunk_chars, batch_size) as engine:
            work = batches(corpus, engine.task_docs, len(corpus) + 1)
            for _ in ordered_results(engine, work):
                pass
    annotate_s = time.perf_counter() - start
    return {
        "pipeline_s": pipeline_s,
        "annotate_s": annotate_s,
        "peak_rss_mb": peak_rss_mb(),
        "peak_rss_mb_workers": peak_rss_mb(resource.RUSAGE_CHILDREN),
    }


def measure_components(model: str, corpus: list[tuple[str, dict]], chunk_chars: int,
                       batch_size: int) -> dict:
    """Microseconds per token of the tokenizer and of each component, run as ``nlp.pipe``
    runs them (a batch at a time through each component's ``pipe``)."""
    from .annotate import cached_pipeline, make_docs

    nlp = cached_pipeline(model, freeze=True)
    seconds = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
    tokens = 0
    docs_in = make_docs(nlp, corpus, chunk_chars)
    while True:
        start = time.perf_counter()
        docs = list(islice(docs_in, batch_size))
        seconds["tokenizer"] += time.perf_counter() - start
        if not docs:
            break
        tokens += sum(len(doc) for doc in docs)
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=batch_size))
            seconds[name] += time.perf_counter() - start
    return {"us_per_token": {k: round(v / max(tokens, 1) * 1e6, 3) for k, v in seconds.items()}}


def measure_load(model: str) -> dict:
    """Seconds to get the pipeline ready in a fresh process: importing this package's
    components and ``spacy.load`` (``spacy`` itself is imported before the clock starts),
    as annotate loads it (``annotate.cached_pipeline``)."""
    import spacy  # noqa: F401

    from .annotate import cached_pipeline

    start = time.perf_counter()
    cached_pipeline(model, freeze=True)
    return {"load_s": time.perf_counter() - start}


def run_measurement(kind: str, args: argparse.Namespace, n_process: int = 1) -> dict:
    """Run one measurement in a fresh Python process and return its figures."""
    cmd = [
        sys.executable, "-m", "pipeline.bench", "--measure", kind, str(args.path),
        "--model", str(args.model), "--words", str(args.words),
        "--batch-size", str(args.batch_size), "--chunk-chars", str(args.chunk_chars),
        "--n-process", str(n_process),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"measurement {kind!r} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_main(args: argparse.Namespace) -> int:
    """Child-process entry: one measurement, printed as JSON on the last stdout line."""
    corpus = load_corpus(args.path, args.words) if args.measure != "load" else []
    if args.measure == "load":
        figures = measure_load(args.model)
    elif args.measure == "components":
        figures = measure_components(args.model, corpus, args.chunk_chars, args.batch_size)
    elif args.measure == "tokenizer":
        figures = measure_tokenizer(args.model, corpus, args.chunk_chars)
    else:
        figures = measure_pipeline(args.model, corpus, args.chunk_chars, args.batch_size,
                                   args.n_process)
    print(json.dumps(figures))
    return EXIT_OK


# --- the command ----------------------------------------------------------------------


def bench(args: argparse.Namespace) -> dict:
    """All figures of one bench run (see the module docstring)."""
    corpus = load_corpus(args.path, args.words)
    words = count_words(corpus)
    loads = sorted(run_measurement("load", args)["load_s"] for _ in range(LOAD_RUNS))
    rounds = [(run_measurement("tokenizer", args)["seconds"], run_measurement("pipeline", args))
              for _ in range(args.repeat)]
    tokenizer_s = min(tok for tok, _ in rounds)
    pipeline_s = min(run["pipeline_s"] for _, run in rounds)
    annotate_s = min(run["annotate_s"] for _, run in rounds)
    figures: dict = {
        "tokenizer_wps": round(words / tokenizer_s),
        "pipeline_wps": round(words / pipeline_s),
        "ratio": round(tokenizer_s / pipeline_s, 3),
        "ratio_runs": [round(tok / run["pipeline_s"], 3) for tok, run in rounds],
        "load_s": round(statistics.median(loads), 3),
        "load_s_runs": [round(x, 3) for x in loads],
        "peak_rss_mb": max(run["peak_rss_mb"] for _, run in rounds),
        "annotate_wps": round(words / annotate_s),
        "words": words,
        "documents": len(corpus),
        "corpus": str(args.path),
        "model": str(args.model),
    }
    if args.components:
        figures["component_us_per_token"] = run_measurement("components", args)["us_per_token"]
    if args.n_process > 1:
        multi = run_measurement("pipeline", args, args.n_process)
        figures["n_process"] = args.n_process
        figures["n_process_wps"] = round(words / multi["annotate_s"])
        figures["n_process_speedup"] = round(annotate_s / multi["annotate_s"], 2)
        figures["n_process_peak_rss_mb"] = {
            "main": multi["peak_rss_mb"], "largest_worker": multi["peak_rss_mb_workers"]}
    if words < args.words:
        figures["note"] = f"the corpus has only {words} words (asked for {args.words})"
    return figures


def print_figures(f: dict) -> None:
    """The figures for a person."""
    print(f"corpus: {f['corpus']}: {f['documents']:,} documents, {f['words']:,} words")
    print(f"tokenizer alone (make_doc): {f['tokenizer_wps']:>10,} words/s")
    print(f"full pipeline (nlp.pipe):   {f['pipeline_wps']:>10,} words/s "
          f"({f['ratio']:.0%} of the tokenizer's speed)")
    runs = ", ".join(f"{r:.0%}" for r in f["ratio_runs"])
    print(f"  (fastest of {len(f['ratio_runs'])} rounds; each round's ratio: {runs})")
    print(f"annotate, 1 process:        {f['annotate_wps']:>10,} words/s "
          "(+ JSONL records and DocBin, no disk)")
    if "n_process_speedup" in f:
        print(f"annotate, {f['n_process']} processes:       {f['n_process_wps']:>10,} words/s "
              f"({f['n_process_speedup']}x one process)")
    print(f"pipeline load (median of {len(f['load_s_runs'])}): {f['load_s']:.2f} s")
    print(f"peak RSS (1 process):       {f['peak_rss_mb']:.0f} MB")
    if "component_us_per_token" in f:
        print("µs per token, by step (as nlp.pipe runs them):")
        for name, us in f["component_us_per_token"].items():
            print(f"  {name:<24}{us:>8.2f}")
    if "note" in f:
        print(f"note: {f['note']}")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options shared by the command and its measurement subprocesses."""
    from .annotate import CHUNK_CHARS, DEFAULT_MODEL

    p.add_argument("path", nargs="?", default=str(DEFAULT_CORPUS),
                   help=f"corpus: .jsonl, .txt or a directory (default: {DEFAULT_CORPUS})")
    p.add_argument("--words", type=int, default=DEFAULT_WORDS,
                   help=f"words to annotate, whole documents (default: {DEFAULT_WORDS:,})")
    p.add_argument("--n-process", type=int, default=1,
                   help="also measure annotate with this many processes (default: 1, no)")
    p.add_argument("--model", default=DEFAULT_MODEL,
                   help=f"assembled pipeline directory (default: {DEFAULT_MODEL})")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--chunk-chars", type=int, default=CHUNK_CHARS)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``bench`` subcommand."""
    p = subparsers.add_parser(
        "bench", help="measure words/s, load time and peak memory on a 1M-word corpus",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(p)
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("--repeat", type=int, default=REPEAT,
                   help=f"tokenizer and pipeline rounds, fastest kept (default: {REPEAT})")
    p.add_argument("--components", action="store_true",
                   help="also time each component (µs per token), in one more run")
    p.add_argument("--output", metavar="FILE", help="also write the JSON figures to FILE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Entry point of ``bench``."""
    if not Path(args.path).exists():
        print(f"bench: no corpus at {args.path}: give a PATH", file=sys.stderr)
        return EXIT_USAGE
    if not Path(args.model).exists():
        print(f"bench: no pipeline at {args.model}: run `python -m pipeline assemble --out "
              f"{args.model}` or give --model", file=sys.stderr)
        return EXIT_USAGE
    if args.words < 1 or args.n_process < 1 or args.repeat < 1:
        print("bench: --words, --n-process and --repeat must be >= 1", file=sys.stderr)
        return EXIT_USAGE
    args.model = str(Path(args.model).resolve())
    try:
        figures = bench(args)
    except RuntimeError as err:
        print(f"bench: {err}", file=sys.stderr)
        return EXIT_FAILED
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(figures))
    else:
        print_figures(figures)
    return EXIT_OK


# --- a stand-in pipeline and corpus, to exercise the engines without the real rules ----

WORDS = ("market", "shares", "profit", "quarter", "growth", "chip", "cloud", "deal", "bank",
         "rates", "sales", "software", "fund", "board", "merger", "export", "server", "price")


def standin_org_names(n: int) -> list[str]:
    """``n`` invented company names (``Kazomi Corp``...), the same on every call."""
    rng = random.Random(0)
    syllables = ("ka", "zo", "mi", "ter", "lon", "vex", "qua", "ri", "dal", "nor")
    return ["".join(rng.choice(syllables) for _ in range(3)).title() + " Corp" for _ in range(n)]


def standin_pipeline(n_orgs: int = 300):
    """A blank English pipeline with a lookup lemmatizer and an entity ruler holding
    ``n_orgs`` invented ORG names, MONEY, DATE and TECH patterns (for tests and timing
    the engines before the real components exist)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns = [{"label": "ORG", "pattern": name, "id": f"org-{i}"}
                for i, name in enumerate(standin_org_names(n_orgs))]
    money = [{"IS_CURRENCY": True}, {"LIKE_NUM": True},
             {"LOWER": {"IN": ["million", "billion", "bn", "m"]}, "OP": "?"}]
    date = [{"LOWER": {"IN": ["january", "february", "march", "april", "may", "june"]}},
            {"IS_DIGIT": True, "OP": "?"}]
    tech = [{"LEMMA": {"IN": ["chip", "server", "software", "cloud"]}}]
    patterns += [{"label": "MONEY", "pattern": money}, {"label": "DATE", "pattern": date},
                 {"label": "TECH", "pattern": tech}]
    nlp.initialize()
    ruler.add_patterns(patterns)
    return nlp


def synthetic_corpus(n_docs: int, words_per_doc: int = 60, seed: int = 0) -> list[dict]:
    """Invented documents of varied text, as annotate JSONL records (``text``, ``meta``)."""
    rng = random.Random(seed)
    orgs = standin_org_names(300)
    docs = []
    for i in range(n_docs):
        words = [rng.choice(WORDS) + (str(rng.randint(0, 999)) if rng.random() < 0.3 else "")
                 for _ in range(words_per_doc)]
        words[rng.randrange(words_per_doc)] = f"${rng.randint(1, 900)} million"
        words[rng.randrange(words_per_doc)] = f"March {rng.randint(1, 28)}"
        words[rng.randrange(words_per_doc)] = rng.choice(orgs)
        text = " ".join(words).capitalize() + "."
        docs.append({"text": text, "meta": {"id": f"syn-{i}", "date": "2024-03-01"}})
    return docs


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench")
    add_arguments(parser)
    parser.add_argument("--measure", choices=("load", "tokenizer", "pipeline", "components"),
                        required=True)
    sys.exit(measure_main(parser.parse_args()))
