"""A one-line progress bar on stderr: documents done, documents/s and an ETA.

Shown only on a terminal (the caller decides; see :func:`pipeline.annotate.annotate`)::

    annotate [########------------]  7,680/~19,032 docs  412 docs/s  ETA 0:27

No dependency: a carriage-return line redrawn at most every ``interval`` seconds.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from .inputs import JSONL_SUFFIXES, Rejection, expand_paths

WIDTH = 20


def estimate_documents(inputs: Iterable[str | os.PathLike]) -> int | None:
    """About how many documents ``inputs`` hold: lines of JSONL files plus text files.

    Counting newlines runs at disk speed; blank and rejected lines make it an upper bound.
    """
    total = 0
    for path in expand_paths(inputs):
        if isinstance(path, Rejection):
            continue
        if path.suffix.lower() not in JSONL_SUFFIXES:
            total += 1
            continue
        total += count_lines(path)
    return total or None


def count_lines(path: Path) -> int:
    """Lines of ``path`` (a last line without a newline counts)."""
    lines, last = 0, b"\n"
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def format_duration(seconds: float) -> str:
    """``h:mm:ss`` or ``m:ss``.

    >>> format_duration(3725)
    '1:02:05'
    >>> format_duration(65)
    '1:05'
    """
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Documents done out of ``total`` (None when unknown), redrawn on ``stream``."""

    def __init__(
        self, total: int | None, enabled: bool = True, label: str = "annotate",
        stream: TextIO | None = None, interval: float = 0.5,
    ) -> None:
        self.total, self.enabled, self.label = total, enabled, label
        self.stream = stream or sys.stderr
        self.interval = interval
        self.done = self.offset = 0
        self.started = time.perf_counter()
        self.drawn_at = 0.0
        self.drawn = False

    def start(self, done: int = 0) -> None:
        """Start the clock with ``done`` documents already done (a resumed run)."""
        self.done = self.offset = done
        self.started = time.perf_counter()

    def update(self, n: int) -> None:
        """``n`` more documents done."""
        self.done += n
        now = time.perf_counter()
        if self.enabled and now - self.drawn_at >= self.interval:
            self.drawn_at = now
            self._draw(now)

    def line(self, now: float) -> str:
        """The progress line as it is drawn."""
        elapsed = max(now - self.started, 1e-9)
        rate = (self.done - self.offset) / elapsed
        parts = [self.label]
        if self.total:
            filled = min(WIDTH, int(WIDTH * self.done / self.total))
            parts.append(f"[{'#' * filled}{'-' * (WIDTH - filled)}]")
            parts.append(f"{self.done:,}/~{self.total:,} docs")
        else:
            parts.append(f"{self.done:,} docs")
        parts.append(f"{rate:,.0f} docs/s")
        if self.total and rate > 0:
            parts.append(f"ETA {format_duration(max(self.total - self.done, 0) / rate)}")
        parts.append(f"({format_duration(elapsed)})")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def write(self, message: str) -> None:
        """Print ``message`` on its own line (on stderr), keeping the bar below it."""
        if self.enabled and self.drawn:
            self.stream.write("\r\x1b[K")
        print(message, file=self.stream)
        if self.enabled and self.drawn:
            self._draw(time.perf_counter())

    def close(self) -> None:
        """Draw the final state and end the line."""
        if self.enabled and self.drawn:
            self._draw(time.perf_counter())
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
