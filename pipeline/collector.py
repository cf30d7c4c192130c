"""Garbage-collector controls for loading the pipeline and for long runs.

Loading builds a few hundred thousand small objects that all live as long as the
pipeline (the grammars' compiled regular expressions, pattern tables, lexicons). Python's
cyclic collector runs again and again over that growing heap while it is built, for
nothing: :func:`gc_paused` keeps it off meanwhile (loading is about a fifth faster).
After loading, ``gc.freeze()`` (see ``annotate.cached_pipeline``) moves those objects out
of the collector's generations, so that its full collections during a run do not walk
them every few hundred documents.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (it is restored after, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
