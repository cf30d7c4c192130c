"""Differences between two annotation JSONL files (before/after a rule change, run vs gold).

Documents are matched by ``meta.id``, then (for the rest) by text. Within a document:

- spans with the same offsets and label are unchanged;
- same offsets, different label: ``changed`` (kind ``label``);
- overlapping, different boundaries: ``changed`` (kind ``boundary`` or ``boundary+label``),
  pairing the largest overlaps first;
- the rest: ``removed`` (only in A) and ``added`` (only in B).

Each span carries ~40 characters of context. Documents whose text differs between the
files are listed (``text_changed``), not compared span by span.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from . import LABELS
from .formats import doc_name, record_id

CONTEXT = 40


@dataclass
class SpanInfo:
    """A span with its context: ``...left [[span]] right...``."""

    start: int
    end: int
    label: str
    text: str
    context: str


@dataclass
class Change:
    """One span in A that became a different span in B."""

    kind: str  # "label", "boundary" or "boundary+label"
    before: SpanInfo
    after: SpanInfo


@dataclass
class DocDiff:
    """The span differences of one document (A -> B)."""

    doc: str
    added: list[SpanInfo] = field(default_factory=list)
    removed: list[SpanInfo] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class Diff:
    """All differences between two annotation files."""

    a: str
    b: str
    matched: int = 0
    docs: list[DocDiff] = field(default_factory=list)
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)
    text_changed: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Counter]:
        """Per label: spans added, removed, changed (a change counts for both its labels)."""
        counts = {label: Counter(added=0, removed=0, changed=0) for label in LABELS}
        for doc in self.docs:
            for span in doc.added:
                counts.setdefault(span.label, Counter())["added"] += 1
            for span in doc.removed:
                counts.setdefault(span.label, Counter())["removed"] += 1
            for change in doc.changed:
                for label in {change.before.label, change.after.label}:
                    counts.setdefault(label, Counter())["changed"] += 1
        return counts

    def to_json(self) -> dict:
        """A JSON-serializable dict (``summary`` first)."""
        data = asdict(self)
        data["docs"] = [d for d in data["docs"] if d["added"] or d["removed"] or d["changed"]]
        return {"summary": {k: dict(v) for k, v in self.summary().items()}, **data}

    def summary_lines(self) -> list[str]:
        """Document counts and the per-label table."""
        lines = [
            f"documents: {self.matched} matched, {len(self.only_in_a)} only in A, "
            f"{len(self.only_in_b)} only in B, {len(self.text_changed)} with different text",
            f"{'label':<8}{'added':>7}{'removed':>9}{'changed':>9}",
        ]
        for label, c in self.summary().items():
            lines.append(f"{label:<8}{c['added']:>7}{c['removed']:>9}{c['changed']:>9}")
        return lines

    def to_text(self) -> str:
        """A readable report: summary table, then each document's changes."""
        lines = [f"A: {self.a}", f"B: {self.b}", *self.summary_lines()]
        for doc in self.docs:
            if doc:
                lines.append(f"== {doc.doc}")
                lines += [f"  + {_fmt(s)}" for s in doc.added]
                lines += [f"  - {_fmt(s)}" for s in doc.removed]
                lines += [
                    f"  ~ {c.kind}: {_fmt(c.before)}\n      -> {_fmt(c.after)}" for c in doc.changed
                ]
        for title, names in (
            ("only in A", self.only_in_a),
            ("only in B", self.only_in_b),
            ("text differs", self.text_changed),
        ):
            if names:
                lines.append(f"== {title}: " + ", ".join(names))
        return "\n".join(lines)


def _fmt(span: SpanInfo) -> str:
    return f"{span.label:<6}[{span.start}:{span.end}] {span.text!r}  {span.context}"


def context(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    """``...left [[span]] right...`` on one line.

    >>> context("Shares of Acme rose.", 10, 14, width=5)
    '…s of [[Acme]] rose…'
    """
    left, right = text[max(0, start - width) : start], text[end : end + width]
    pre = "…" if start > width else ""
    post = "…" if end + width < len(text) else ""
    flat = f"{pre}{left}[[{text[start:end]}]]{right}{post}"
    return flat.replace("\r", "").replace("\n", "⏎")


def span_info(text: str, span: dict) -> SpanInfo:
    """A record's span dict as :class:`SpanInfo`."""
    s, e = span["start"], span["end"]
    return SpanInfo(s, e, span["label"], text[s:e], context(text, s, e))


def diff_spans(text: str, name: str, a_spans: list[dict], b_spans: list[dict]) -> DocDiff:
    """Added, removed and changed spans of one document (see the module doc)."""
    key = lambda s: (s["start"], s["end"], s["label"])  # noqa: E731
    b_keys = {key(s) for s in b_spans}
    a_keys = {key(s) for s in a_spans}
    a_left = [s for s in a_spans if key(s) not in b_keys]
    b_left = [s for s in b_spans if key(s) not in a_keys]
    pairs = sorted(
        (
            (_overlap(x, y), i, j)
            for i, x in enumerate(a_left)
            for j, y in enumerate(b_left)
            if _overlap(x, y) > 0
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_a, used_b, changed = set(), set(), []
    for _, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        x, y = a_left[i], b_left[j]
        same_bounds = (x["start"], x["end"]) == (y["start"], y["end"])
        kind = (
            "label" if same_bounds else "boundary" if x["label"] == y["label"] else "boundary+label"
        )
        changed.append(Change(kind, span_info(text, x), span_info(text, y)))
    return DocDiff(
        doc=name,
        added=[span_info(text, s) for j, s in enumerate(b_left) if j not in used_b],
        removed=[span_info(text, s) for i, s in enumerate(a_left) if i not in used_a],
        changed=sorted(changed, key=lambda c: c.before.start),
    )


def _overlap(x: dict, y: dict) -> int:
    return min(x["end"], y["end"]) - max(x["start"], y["start"])


def _name(record: dict) -> str:
    return doc_name(record)


def match_documents(
    a: list[dict], b: list[dict]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pairs of records (by id, then by text), and the unmatched of each side."""
    b_by_id = {record_id(r): r for r in b if record_id(r) is not None}
    pairs, a_rest = [], []
    for rec in a:
        other = b_by_id.pop(record_id(rec), None) if record_id(rec) is not None else None
        if other is None:
            a_rest.append(rec)
        else:
            pairs.append((rec, other))
    matched_b = {id(o) for _, o in pairs}
    b_by_text = {r["text"]: r for r in b if id(r) not in matched_b}
    only_a = []
    for rec in a_rest:
        other = b_by_text.pop(rec["text"], None)
        if other is None:
            only_a.append(rec)
        else:
            pairs.append((rec, other))
    return pairs, only_a, list(b_by_text.values())


def diff_records(a: list[dict], b: list[dict], a_name: str = "A", b_name: str = "B") -> Diff:
    """The differences from annotation records ``a`` to ``b``."""
    pairs, only_a, only_b = match_documents(a, b)
    result = Diff(a_name, b_name, matched=len(pairs))
    result.only_in_a = [_name(r) for r in only_a]
    result.only_in_b = [_name(r) for r in only_b]
    for rec_a, rec_b in pairs:
        if rec_a["text"] != rec_b["text"]:
            result.text_changed.append(_name(rec_a))
            continue
        result.docs.append(
            diff_spans(
                rec_a["text"], _name(rec_a), rec_a.get("spans") or [], rec_b.get("spans") or []
            )
        )
    return result
