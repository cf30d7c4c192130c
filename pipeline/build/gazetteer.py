"""Build the organization gazetteer: ``python -m pipeline.build.gazetteer --out patterns/``.

Reads the listed companies ``pytickersymbols`` ships and the curated lists in
``patterns/sources/`` (:mod:`pipeline.build.sources`), gives every organization its
aliases (:mod:`pipeline.build.aliases`), drops the ambiguous ones
(:mod:`pipeline.build.guard`) and writes, sorted:

- ``org_gazetteer.jsonl``: entity-ruler phrase patterns, case-sensitive::

      {"id": "microsoft", "label": "ORG", "pattern": "Microsoft Corp."}

- ``org_registry.jsonl``: one record per organization::

      {"id": "microsoft", "name": "Microsoft Corporation", "ticker": "MSFT",
       "exchange": "Nasdaq", "country": "US", "kind": "company",
       "aliases": ["Microsoft", ...], "flagged": [], "indices": [...], "sources": [...]}

Which aliases are trusted: a curated entry's written name and its listed aliases go in
as they are (less a leading "the"); every derived form (base name, suffix variants,
core name, country prefix) and every name of a listed company passes the guard first.
When two organizations claim the same alias, an alias written in a curated list wins
over derived ones; otherwise the alias is dropped as ``ambiguous`` for all of them.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import resources
from .aliases import ascii_variant, caps_variant, clean_name, country_prefixed, name_forms
from .guard import AliasGuard
from .sources import OrgEntry, load_curated, load_listed, merge_sources

LABEL = "ORG"


@dataclass(frozen=True)
class Claim:
    """An organization's claim on an alias; ``trusted`` claims skip the guard."""

    org_id: str
    trusted: bool


WRITTEN, DERIVED, CORE = "written", "derived", "core"
"""How an alias was made: written in a curated list (trusted), derived by the alias
rules, or a core name cut from a longer name (checked strictly)."""


def entry_aliases(entry: OrgEntry) -> list[tuple[str, str]]:
    """``(alias, how)`` pairs of one organization, in a stable order.

    >>> e = OrgEntry(id="toshiba", name="Toshiba Corporation", aliases=["Toshiba Corp"],
    ...              country="JP", curated=True)
    >>> pairs = dict(entry_aliases(e))
    >>> [pairs[a] for a in ("Toshiba Corporation", "Toshiba Corp", "Toshiba", "Toshiba Corp.")]
    ['written', 'written', 'derived', 'derived']
    >>> dict(entry_aliases(OrgEntry(id="ut", name="United Technologies Corp")))["United"]
    'core'
    """
    # listed names lost their share class when loaded; a curated name is as written
    share_class = not entry.curated
    written = [clean_name(name, share_class) for name in (entry.name, *entry.aliases)]
    pairs: dict[str, str] = {}
    if entry.curated:
        for name in written:
            pairs[name] = WRITTEN
    for number, name in enumerate(written):
        forms = name_forms(name, entry.country, entry.kind == "company", defaults=number == 0,
                           share_class=share_class)
        for alias in [*forms.names, *forms.suffixed]:
            pairs.setdefault(alias, DERIVED)
        for alias in forms.core:
            pairs.setdefault(alias, CORE)
        for alias in country_prefixed(forms.names, entry.country, entry.kind):
            pairs.setdefault(alias, DERIVED)
    return list(pairs.items())


def resolve(claims: dict[str, list[Claim]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The winning id of each alias, and the aliases each id lost as ambiguous.

    >>> won, lost = resolve({"Sun": [Claim("sun", True), Claim("sun-art", False)],
    ...                      "Acme": [Claim("a", False), Claim("b", False)]})
    >>> won, dict(lost)
    ({'Sun': 'sun'}, {'a': ['Acme'], 'b': ['Acme']})
    """
    won: dict[str, str] = {}
    lost: dict[str, list[str]] = defaultdict(list)
    for alias, alias_claims in claims.items():
        ids = {c.org_id for c in alias_claims}
        trusted = {c.org_id for c in alias_claims if c.trusted}
        if len(ids) == 1:
            won[alias] = ids.pop()
        elif len(trusted) == 1:
            won[alias] = trusted.pop()
        else:
            for org_id in sorted(ids):
                lost[org_id].append(alias)
    return won, lost


def build(
    entries: list[OrgEntry], guard: AliasGuard, caps_words: frozenset[str] | None = None
) -> tuple[list[dict], list[dict]]:
    """Registry records and patterns for ``entries`` (both sorted); ``caps_words`` are
    the words that get no ALL-CAPS form (default: the guard's English words)."""
    claims: dict[str, list[Claim]] = defaultdict(list)
    flagged: dict[str, dict[str, str]] = defaultdict(dict)
    for entry in entries:
        for alias, how in entry_aliases(entry):
            reason = None if how == WRITTEN else guard.reason(
                alias, generic=not entry.curated, strict=how == CORE)
            if reason:
                flagged[entry.id][alias] = reason
            else:
                claims[alias].append(Claim(entry.id, how == WRITTEN))
    won, lost = resolve(claims)
    for org_id, aliases in lost.items():
        for alias in aliases:
            flagged[org_id][alias] = "ambiguous"
    patterns = _patterns(won, guard.english if caps_words is None else caps_words)
    by_id: dict[str, list[str]] = defaultdict(list)
    for alias, org_id in won.items():
        by_id[org_id].append(alias)
    registry = [_record(e, sorted(by_id[e.id]), flagged[e.id]) for e in entries]
    return registry, patterns


def _patterns(won: dict[str, str], english: frozenset[str] | set[str]) -> list[dict]:
    rows = {(org_id, alias) for alias, org_id in won.items()}
    for alias, org_id in won.items():
        plain = ascii_variant(alias)  # ``L'Oreal`` for ``L'Oréal``
        forms = [alias, plain] if plain and plain not in won else [alias]
        forms += [f.replace("'", "’") for f in forms if "'" in f]  # ``McDonald’s``
        for form in forms:
            rows.add((org_id, form))
            caps = caps_variant(form, english)
            if caps and caps not in won:
                rows.add((org_id, caps))
    return [{"label": LABEL, "pattern": alias, "id": org_id} for org_id, alias in sorted(rows)]


def _record(entry: OrgEntry, aliases: list[str], flagged: dict[str, str]) -> dict:
    return {
        "id": entry.id, "name": entry.name, "ticker": entry.ticker, "exchange": entry.exchange,
        "country": entry.country, "kind": entry.kind, "aliases": aliases,
        "flagged": [{"alias": a, "reason": r} for a, r in sorted(flagged.items())],
        "parent": entry.parent, "indices": entry.indices, "sources": entry.sources,
    }


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """One compact JSON object a line, keys in a fixed order, UTF-8."""
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    """Build and write the gazetteer and the registry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("patterns"))
    parser.add_argument("--sources", type=Path, default=resources.SOURCES_DIR)
    args = parser.parse_args(argv)
    entries = merge_sources(load_listed(), load_curated(args.sources))
    guard = AliasGuard.from_sources(args.sources)
    registry, patterns = build(entries, guard, resources.caps_words())
    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out / "org_registry.jsonl", registry)
    write_jsonl(args.out / "org_gazetteer.jsonl", patterns)
    n_flagged = sum(len(r["flagged"]) for r in registry)
    print(f"{len(registry)} organizations, {len(patterns)} patterns, {n_flagged} aliases flagged"
          f" -> {args.out}/org_gazetteer.jsonl, org_registry.jsonl")


if __name__ == "__main__":
    main()
