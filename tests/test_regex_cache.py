"""The on-disk cache of compiled grammar regexes gives the patterns re.compile gives."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

import pytest

import pipeline.grammar.dates
import pipeline.grammar.money
import pipeline.grammar.timex  # noqa: F401  (their regexes go through the cache)
from pipeline.grammar import regex_cache
from pipeline.grammar.regex_cache import RegexCache, cache_path

PATTERNS = [
    (r"(?P<amount>\d+(?:\.\d+)?)\s*(?P<scale>bn|m)\b", 0),
    (r"\b(?:jan(?:uary)?|feb(?:ruary)?)\b", re.IGNORECASE),
    (r"(?x) a \s+ b  # verbose", 0),
]
TEXT = "3.5 bn and 12 m in January, Feb and a  b"


def test_every_grammar_regex_is_the_one_re_compiles() -> None:
    """Each regex the grammar modules compiled, rebuilt from its cache entry, equals
    ``re.compile`` of the same pattern (``re.Pattern`` equality compares the program)."""
    cache = regex_cache._CACHE
    if cache.path is None:
        pytest.skip("the regex cache is off in this environment")
    assert len(cache.used) > 100
    for pattern, flags in cache.used:
        entry = cache.entries[(pattern, flags)]
        rebuilt = regex_cache._rebuild(pattern, entry)
        expected = re.compile(pattern, flags)
        assert rebuilt == expected
        assert rebuilt.groupindex == expected.groupindex


def test_a_saved_cache_rebuilds_the_same_patterns(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "regexes.test.marshal"
    first = RegexCache(path)
    compiled = [first.compile(p, f) for p, f in PATTERNS]
    assert (first.hits, first.added) == (0, len(PATTERNS))
    assert first.save() and path.exists()
    assert not first.save()  # nothing new: not written again

    second = RegexCache(path)
    rebuilt = [second.compile(p, f) for p, f in PATTERNS]
    assert (second.hits, second.added) == (len(PATTERNS), 0)
    for a, b in zip(compiled, rebuilt, strict=True):
        assert a == b
        assert [m.groupdict() or m.group() for m in a.finditer(TEXT)] == [
            m.groupdict() or m.group() for m in b.finditer(TEXT)]
    assert rebuilt[0].search(TEXT).group("scale") == "bn"


@pytest.mark.parametrize("content", [b"", b"not marshal", marshal.dumps(("other", {}))])
def test_a_damaged_or_foreign_cache_is_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "regexes.test.marshal"
    path.write_bytes(content)
    cache = RegexCache(path)
    pattern, flags = PATTERNS[0]
    assert cache.compile(pattern, flags) == re.compile(pattern, flags)
    assert (cache.hits, cache.added) == (0, 1)
    assert cache.save()
    assert RegexCache(path).entries.keys() == {(pattern, flags)}


def test_an_entry_that_does_not_rebuild_is_compiled_again(tmp_path: Path) -> None:
    """A cache entry whose program ``_sre`` rejects falls back to ``re.compile``."""
    path = tmp_path / "regexes.test.marshal"
    pattern, flags = PATTERNS[0]
    cache = RegexCache(path)
    cache.compile(pattern, flags)
    good = cache.entries[(pattern, flags)]
    cache.entries[(pattern, flags)] = (good[0], b"\x00\x00\x00\x00", good[2], good[3])
    cache.save()
    again = RegexCache(path)
    assert again.compile(pattern, flags) == re.compile(pattern, flags)
    assert again.hits == 0


def test_the_cache_can_be_turned_off_or_moved(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("NEWS_PIPELINE_CACHE_DIR", "off")
    assert cache_path() is None
    off = RegexCache(None)
    assert off.compile(*PATTERNS[0]) == re.compile(*PATTERNS[0])
    assert not off.save()
    monkeypatch.setenv("NEWS_PIPELINE_CACHE_DIR", str(tmp_path))
    assert cache_path().parent == tmp_path
    monkeypatch.delenv("NEWS_PIPELINE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_path().parent == tmp_path / "xdg" / "news-entity-pipeline"


def test_an_unwritable_cache_directory_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would be")
    cache = RegexCache(blocker / "regexes.test.marshal")
    assert cache.compile(*PATTERNS[1]) == re.compile(*PATTERNS[1])
    assert not cache.save()
