"""Compiled regular expressions kept on disk, as Python keeps compiled bytecode.

The MONEY and DATE grammars are about two hundred regular expressions of 150,000
characters in all. Parsing and compiling them is most of the pipeline's load time (about
0.5 s), and :mod:`re` keeps what it compiled only in memory, for one process.
:func:`compile_regex` keeps it on disk: the program :mod:`re` builds for a pattern (the
opcodes it hands to ``_sre.compile``) is written when the process ends, keyed by the
pattern and its flags, and a later process rebuilds the pattern from it in microseconds.

The cache is a user cache, like pip's or matplotlib's: ``$NEWS_PIPELINE_CACHE_DIR``, else
``$XDG_CACHE_HOME/news-entity-pipeline``, else ``~/.cache/news-entity-pipeline``;
``NEWS_PIPELINE_CACHE_DIR=off`` turns it off. Like a ``.pyc`` file, a cache belongs to
one interpreter: the file name carries its cache tag (``cpython-311``), its header the
Python version and the regular expression engine's version (``_sre.MAGIC``), and a cache
written by another is ignored.

Anything unexpected (another Python whose internals differ, a damaged or foreign file, a
directory that cannot be written) falls back to :func:`re.compile`. Either way the
pattern is the same: an entry is only written if the pattern it rebuilds compares equal
to what ``re.compile`` returned (``re.Pattern`` equality compares the flags and the
compiled program), and a test checks every grammar regex against ``re.compile``.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

try:  # the internals re.compile itself uses (Python 3.11+: re._parser, re._compiler)
    import _sre
    from re import _compiler as _sre_compiler
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - older or other Pythons: plain re.compile
    _sre = _sre_compiler = _sre_parser = None  # type: ignore[assignment]

#: The environment variable naming the cache directory (``off``: no cache).
CACHE_ENV = "NEWS_PIPELINE_CACHE_DIR"
#: More entries than this in a cache file: keep only those the writing process used.
MAX_ENTRIES = 2000


def cache_path() -> Path | None:
    """The cache file for this interpreter, None when the cache is off."""
    where = os.environ.get(CACHE_ENV)
    if where is None:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        where = str(Path(base) / "news-entity-pipeline")
    if where.lower() == "off":
        return None
    tag = sys.implementation.cache_tag or sys.implementation.name
    return Path(where) / f"regexes.{tag}.marshal"


FORMAT = 1

#: (pattern, flags) -> (flags, code, groups, groupindex): what ``_sre.compile`` needs.
Entry = tuple[int, bytes, int, dict[str, int]]


def _header() -> tuple[Any, ...]:
    """What a cache must have been written by to be read here."""
    return ("news-regex-cache", FORMAT, sys.version, getattr(_sre, "MAGIC", None),
            getattr(_sre, "CODESIZE", None))


class RegexCache:
    """The compiled programs of one cache file: read once, written when new ones came."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[tuple[str, int], Entry] = self._read()
        self.used: set[tuple[str, int]] = set()
        self.added = 0
        self.hits = 0

    def _read(self) -> dict[tuple[str, int], Entry]:
        if _sre is None or self.path is None:
            return {}
        try:
            data = marshal.loads(self.path.read_bytes())
            if data[0] == _header():
                return data[1]
        except Exception:  # missing, damaged or foreign: start afresh
            pass
        return {}

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(pattern, flags)``, rebuilt from the cache when it holds it."""
        flags = int(flags)
        self.used.add((pattern, flags))
        entry = self.entries.get((pattern, flags))
        if entry is not None:
            rebuilt = _rebuild(pattern, entry)
            if rebuilt is not None:
                self.hits += 1
                return rebuilt
        compiled = re.compile(pattern, flags)
        entry = _entry(pattern, flags, compiled)
        if entry is not None:
            self.entries[(pattern, flags)] = entry
            self.added += 1
        return compiled

    def save(self) -> bool:
        """Write the cache if patterns were added, atomically (a temporary file renamed
        over the old one); past `MAX_ENTRIES`, only the patterns this process used are
        kept (an older grammar's go). False when it was not written."""
        if not self.added or self.path is None:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".regexes-")
            try:
                with os.fdopen(fd, "wb") as out:
                    kept = self.entries
                    if len(kept) > MAX_ENTRIES:
                        kept = {key: kept[key] for key in self.used if key in kept}
                    out.write(marshal.dumps((_header(), kept)))
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:  # a read-only install: compile at every load, as re does
            return False
        self.added = 0
        return True


def _code_array(code: list[int]) -> bytes:
    import array

    return array.array(_typecode(), code).tobytes()


def _typecode() -> str:
    """The array type code of ``_sre``'s code words (``_sre.CODESIZE`` bytes each)."""
    return "I" if _sre.CODESIZE == 4 else "L"


def _entry(pattern: str, flags: int, compiled: re.Pattern[str]) -> Entry | None:
    """What rebuilds ``compiled`` (None when it cannot be derived the way ``re`` does)."""
    if _sre is None:
        return None
    try:
        code = _sre_compiler._code(_sre_parser.parse(pattern, flags), flags)
        entry = (compiled.flags, _code_array(code), compiled.groups,
                 dict(compiled.groupindex))
        return entry if _rebuild(pattern, entry, compiled) is not None else None
    except Exception:
        return None


def _rebuild(pattern: str, entry: Entry, expected: re.Pattern[str] | None = None
             ) -> re.Pattern[str] | None:
    """The pattern ``entry`` holds; None if it cannot be built (or, given ``expected``,
    differs from it)."""
    import array

    flags, code_bytes, groups, groupindex = entry
    try:
        code = array.array(_typecode())
        code.frombytes(code_bytes)
        indexgroup: list[str | None] = [None] * (groups + 1)
        for name, i in groupindex.items():
            indexgroup[i] = name
        rebuilt = _sre.compile(pattern, flags, code.tolist(), groups, groupindex,
                               tuple(indexgroup))
    except Exception:
        return None
    if expected is not None and rebuilt != expected:
        return None
    return rebuilt


_CACHE = RegexCache(cache_path())
atexit.register(_CACHE.save)


def compile_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile``, with the compiled program kept on disk for the next process."""
    return _CACHE.compile(pattern, flags)
