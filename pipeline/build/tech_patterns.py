"""Generate the TECH phrase patterns from the curated taxonomy.

``python -m pipeline.build.tech_patterns [--source PATH] [--out PATH]`` reads
``patterns/sources/tech_taxonomy.jsonl`` (one record per canonical technology, see
:mod:`pipeline.tech`) and writes ``patterns/tech.jsonl``: standard entity-ruler phrase
patterns ``{"label": "TECH", "pattern": "solar panel", "id": "solar"}`` for a spaCy
``span_ruler`` with ``phrase_matcher_attr = "LEMMA"`` after the ``lookup`` lemmatizer, or
``"NORM"`` with lemma norms (:mod:`pipeline.lemma_norms`, case-insensitive: the case
variants below are then redundant but harmless; ``tech_modifiers`` checks the case of
names written with capitals).

Terms are written once, in their base form. Everything else comes from rules:

- **Inflections** come from the lemmatizer. A pattern is matched on lemmas, so
  ``semiconductors`` finds ``semiconductor`` without a pattern of its own. The lookup
  table keys on exact text, though (``Chips`` and ``CHIPS`` are not in it), so the
  cased variants below also get the head's inflected forms, read by inverting the
  same table (``chip`` <- ``chips``; never ``-ed``/``-ing`` forms: ``chipped``). A head
  the table does not know (``GPU``, ``iPod``, ``smartphone``) gets a regular plural
  (``GPUs``, ``iPods``, ``smartphones``) unless the term names a field.
- **Case**: a lower-case term also gets its sentence-initial form (``Solar panel``),
  a headline Title Case form (``Solar Panel``) and an ALL CAPS form (``SOLAR PANEL``,
  newswire headlines). A term with capitals (``iPhone``, ``AI``) keeps its casing and
  gets ALL CAPS only.
- **Spelling**: a hyphenated term is also written open and closed (``e-mail`` ->
  ``e mail``, ``email``; ``lithium-ion`` -> ``lithium ion``); a two-word term is also
  written hyphenated (``data center`` -> ``data-center``).
- **Hard-wrapped text**: newswire wraps lines mid-phrase and the tokenizer keeps the
  line break as a token, so a multiword term also gets one variant per gap with a
  line break (``operating\\nsystem``).
- **Makers**: a product record's ``makers`` are prefixed to its terms (``Intel 80286``,
  ``IBM PC XT``): a company name inside a product name is part of the TECH span.

Patterns with the same lemma sequence are written once (the first record wins and a
clash between two records is reported).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.tech import DEFAULT_TAXONOMY, load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "patterns" / "tech.jsonl"
VERB_ENDINGS = ("ed", "ing")


@lru_cache(maxsize=1)
def lemma_lookup() -> dict[str, str]:
    """spaCy's English lookup lemma table (``chips`` -> ``chip``) as plain strings."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def inverse_lookup() -> dict[str, tuple[str, ...]]:
    """Lemma -> its inflected forms in the lookup table: ``chip`` -> ``('chips', ...)``."""
    forms: dict[str, list[str]] = {}
    for form, lemma in lemma_lookup().items():
        forms.setdefault(lemma, []).append(form)
    return {lemma: tuple(sorted(found)) for lemma, found in forms.items()}


def regular_plurals(word: str) -> list[str]:
    """``iPod`` -> ``iPods``, ``Xbox`` -> ``Xboxes``; an acronym both ways: ``GPUs``, ``GPUS``;
    a consonant and ``y``: ``cryptocurrencies`` (a name also ``BlackBerrys``).

    >>> regular_plurals("cryptocurrency"), regular_plurals("BlackBerry")
    (['cryptocurrencies'], ['BlackBerries', 'BlackBerrys'])
    """
    if re.search(r"[^aeiouAEIOU]y$", word) and not word.isupper():
        return [word[:-1] + "ies"] + ([word + "s"] if word != word.lower() else [])
    ending = "es" if re.search(r"(s|x|z|ch|sh)$", word, re.IGNORECASE) else "s"
    if word.isupper():
        return [word + ending, word + ending.upper()]
    return [word + ending]


def match_case(form: str, like: str) -> str:
    """Write a table form in the casing of the word it inflects (``Chip`` -> ``Chips``)."""
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def head_forms(head: str, kind: str) -> list[str]:
    """Inflected forms of a term's last word, in its casing, from the lemmatizer's table.

    >>> head_forms("Chip", "class")
    ['Chips']
    >>> head_forms("GPU", "class")
    ['GPUs', 'GPUS']
    >>> head_forms("computing", "field")
    []
    """
    known = inverse_lookup().get(head) or inverse_lookup().get(head.lower()) or ()
    forms = [
        match_case(f, head) for f in known
        if "'" not in f and not f.lower().endswith(VERB_ENDINGS) and f.lower() != head.lower()
    ]
    if forms or kind == "field" or head.lower() in lemma_lookup():
        return forms
    if not head[-1].isalpha() or head[-1] in "sS":
        return []
    return regular_plurals(head)


def case_variants(term: str) -> list[str]:
    """The casings a term is written in.

    >>> case_variants("solar panel")
    ['solar panel', 'Solar panel', 'Solar Panel', 'SOLAR PANEL']
    >>> case_variants("iPhone")
    ['iPhone', 'IPHONE']
    """
    if term != term.lower():
        return list(dict.fromkeys([term, term.upper()]))
    title = " ".join(w[:1].upper() + w[1:] for w in term.split(" "))
    return list(dict.fromkeys([term, term[:1].upper() + term[1:], title, term.upper()]))


def inflected_variants(term: str, kind: str) -> list[str]:
    """A cased term plus its head's plural forms: ``Solar Panel`` -> ``+ Solar Panels``."""
    *prefix, head = term.split(" ")
    return [term, *(" ".join([*prefix, form]) for form in head_forms(head, kind))]


def spelling_variants(term: str) -> list[str]:
    """Open, closed and hyphenated spellings.

    >>> spelling_variants("e-mail")
    ['e-mail', 'e mail', 'email']
    >>> spelling_variants("data center")
    ['data center', 'data-center']
    """
    variants = [term]
    if re.search(r"[A-Za-z]-[A-Za-z]", term):
        variants += [term.replace("-", " "), term.replace("-", "")]
    words = term.split(" ")
    if len(words) == 2 and all(w.isalpha() for w in words):
        variants.append("-".join(words))
    return list(dict.fromkeys(variants))


def line_break_variants(term: str) -> list[str]:
    """``operating system`` -> ``operating\\nsystem`` (one break per gap)."""
    words = term.split(" ")
    return [
        " ".join(words[:i]) + "\n" + " ".join(words[i:]) for i in range(1, len(words))
    ]


def term_surfaces(term: str, kind: str) -> Iterator[str]:
    """Every written form generated for one taxonomy term."""
    for spelled in spelling_variants(term):
        for cased in case_variants(spelled):
            for form in inflected_variants(cased, kind):
                yield form
                yield from line_break_variants(form)
    if kind == "class" and _is_acronym(term):
        yield term + "s"  # ``DRAMs`` beside the table's ``DRAMS``


def _is_acronym(term: str) -> bool:
    """One word in capitals ending in a letter other than S: ``DRAM``, ``CPU`` (not
    ``5G``, ``iPod``, ``GPS``)."""
    return (" " not in term and len(term) > 1 and term.isupper() and term[-1].isalpha()
            and term[-1] != "S")


def record_terms(record: dict) -> Iterator[str]:
    """The record's terms, ambiguous ones and maker-prefixed product names."""
    terms = [*record.get("terms", []), *record.get("ambiguous", [])]
    yield from terms
    for maker in record.get("makers", []):
        for term in terms:
            if not term.startswith(maker):
                yield f"{maker} {term}"


def candidate_patterns(records: Iterable[dict]) -> Iterator[tuple[str, str]]:
    """``(pattern text, id)`` pairs before deduplication."""
    for record in records:
        for term in record_terms(record):
            for surface in term_surfaces(term, record["kind"]):
                yield surface, record["id"]


def make_nlp() -> Language:
    """The tokenizer and lookup lemmatizer the runtime pipeline uses."""
    from pipeline.tokenizer import customize_tokenizer

    nlp = customize_tokenizer(spacy.blank("en"))
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def build_patterns(
    records: list[dict], nlp: Language | None = None
) -> tuple[list[dict], list[str]]:
    """Patterns, one per lemma sequence, and the clashes between two records' terms."""
    nlp = nlp or make_nlp()
    pairs = list(dict.fromkeys(candidate_patterns(records)))
    owners: dict[tuple[str, ...], str] = {}
    patterns: list[dict] = []
    clashes: list[str] = []
    for (text, tech_id), doc in zip(pairs, nlp.pipe(t for t, _ in pairs), strict=True):
        key = tuple(token.lemma_ for token in doc)
        owner = owners.setdefault(key, tech_id)
        if owner != tech_id:
            clashes.append(f"{text!r}: {tech_id} (already {owner})")
        elif len(owners) > len(patterns):
            patterns.append({"label": "TECH", "pattern": text, "id": tech_id})
    return patterns, clashes


def write_jsonl(patterns: list[dict], path: Path) -> None:
    """One pattern per line, UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for pattern in patterns:
            handle.write(json.dumps(pattern, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Command line: build and write the patterns, print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_TAXONOMY)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    records = load_taxonomy(args.source)
    patterns, clashes = build_patterns(records)
    write_jsonl(patterns, args.out)
    terms = sum(len(r.get("terms", [])) + len(r.get("ambiguous", [])) for r in records)
    print(f"{len(records)} technologies, {terms} terms -> {len(patterns)} patterns in {args.out}")
    for clash in clashes:
        print("clash:", clash, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
