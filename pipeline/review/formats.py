"""Exports of annotation JSONL to annotation tools, and imports of their reviewed output.

Exports (``python -m pipeline export``):

- ``prodigy``: our records already are ``ner_manual`` tasks (text, tokens, spans with
  token_start/token_end); they are validated and copied, with ``"answer": "accept"``
  added where missing (so ``prodigy db-in`` takes them as accepted).
- ``doccano``: sequence-labeling JSONL ``{"text", "label": [[start, end, LABEL]], "meta"}``.
- ``labelstudio``: a JSON list of tasks ``{"data": {"text", "doc_id", "meta"}, "predictions":
  [{"model_version", "result": [{"from_name": "label", "to_name": "text", "type": "labels",
  "value": {"start", "end", "text", "labels": [LABEL]}}]}]}`` and, beside it,
  ``NAME.config.xml``: the labeling config for the four labels.

Imports (``python -m pipeline import-gold``) write gold records in the pipeline's JSONL
format (:func:`pipeline.records.doc_to_record`, fresh hashes) and a DocBin:

- ``prodigy`` (``db-out`` JSONL): ``answer == "accept"`` records only; rejected, ignored
  and unanswered ones are counted in the report.
- ``doccano``: ``label`` (``[[start, end, LABEL]]``), ``labels``, or ``entities``
  (``[{"start_offset", "end_offset", "label"}]``, newer exports); meta from ``meta`` or,
  when doccano flattened it, from the other top-level keys.
- ``labelstudio`` (JSON export): the first non-cancelled annotation's ``result``; a task
  with no annotation falls back to its first prediction (counted in the report).

Offsets and line endings. Offsets are Python ``str`` indices into the original text.
doccano counts the same way on the text it was given, so its offsets are used as they are.
Label Studio normalizes CRLF to LF in the browser, so offsets it writes count ``\\r\\n`` as
one character. The export therefore gives Label Studio LF text (offsets converted) and
records the original positions of the removed ``\\r`` characters in ``data.removed_cr``;
the import puts them back and maps every offset to the original text. For a task that
did not come from our export but has CRLF text, both readings (LF-normalized and raw)
are tried and the one whose offsets reproduce the region's ``value.text`` wins (LF
first); UTF-16 code-unit offsets (a browser counting emoji as two) are tried the same
way. A region whose offsets match no reading is reported, not imported.

Nothing is dropped silently: a span with an unknown label, offsets out of range, offsets
that do not fall on token boundaries (``doc.char_span(..., alignment_mode="strict")``),
or that overlaps an earlier span is listed in the report with its document id and
offsets, and the command exits non-zero. Leading/trailing whitespace inside a span is
trimmed (with a warning); spans inside boilerplate ranges are kept with a warning.
"""

from __future__ import annotations

import bisect
import copy
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from ..records import doc_to_record
from ..tokenizer import customize_tokenizer
from . import LABEL_COLORS, LABELS

FORMATS: tuple[str, ...] = ("prodigy", "doccano", "labelstudio")
DOCCANO_KEYS = {"id", "text", "label", "labels", "entities", "relations", "Comments", "comments"}
LS_DATA_KEYS = {"text", "doc_id", "removed_cr"}

# A resolver maps a tool's (start, end) to offsets in the original text.
Resolver = Callable[[int, int], tuple[int, int]]


@dataclass
class Issue:
    """A problem with one document or span. ``error``: the span is not in the output."""

    doc: str
    message: str
    start: int | None = None
    end: int | None = None
    label: str = ""
    error: bool = True

    def __str__(self) -> str:
        where = f" [{self.start}:{self.end}]" if self.start is not None else ""
        label = f" {self.label}" if self.label else ""
        return f"{'ERROR' if self.error else 'warning'}: {self.doc}{where}{label}: {self.message}"


@dataclass
class ImportReport:
    """What an import read, kept, skipped and could not use."""

    fmt: str
    read: int = 0
    imported: int = 0
    skipped: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """Issues whose span did not make it into the gold output."""
        return [i for i in self.issues if i.error]

    def lines(self) -> list[str]:
        """The report as printable lines."""
        out = [f"{self.fmt}: read {self.read} documents, imported {self.imported}"]
        out += [f"  skipped ({reason}): {n}" for reason, n in sorted(self.skipped.items())]
        out.append("  spans: " + ", ".join(f"{lab} {self.labels[lab]}" for lab in LABELS))
        out += [f"  {note}: {n}" for note, n in sorted(self.notes.items())]
        out += [f"  {issue}" for issue in self.issues]
        if self.errors:
            out.append(f"  {len(self.errors)} span(s) NOT imported: fix them and import again")
        return out


@dataclass
class RawSpan:
    """A span as a tool wrote it, before alignment."""

    start: int
    end: int
    label: str
    expected: str | None = None  # the span text the tool recorded, if any
    extra: dict = field(default_factory=dict)  # "id" / "norm" carried along


@dataclass
class ReviewedDoc:
    """One reviewed document: original text, meta, spans and how to read their offsets."""

    text: str
    meta: dict
    spans: list[RawSpan]
    resolvers: list[Resolver] = field(default_factory=list)

    @property
    def name(self) -> str:
        return doc_name({"text": self.text, "meta": self.meta})


class ExportError(ValueError):
    """Records that cannot be exported; ``issues`` lists why."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


# ---------------------------------------------------------------- helpers


def record_id(record: dict) -> str | None:
    """A record's id: ``meta.id``, else a top-level ``id`` (as in shared gold files)."""
    for value in ((record.get("meta") or {}).get("id"), record.get("id")):
        if value not in (None, ""):
            return str(value)
    return None


def doc_name(record: dict) -> str:
    """A document's name for reports: its id, else the start of its text."""
    return record_id(record) or repr(record["text"][:30])


def read_records(path: str | Path) -> list[dict]:
    """Annotation records from a JSONL file."""
    return list(srsly.read_jsonl(path))


def default_nlp() -> Language:
    """``spacy.blank("en")`` with the pipeline's news tokenizer rules (``1.13bn`` -> 2 tokens)."""
    return customize_tokenizer(spacy.blank("en"))


def load_nlp(path: str | Path | None = None) -> Language:
    """The tokenizer to import with: an assembled pipeline directory, else :func:`default_nlp`.

    Only the tokenizer is loaded: every pipeline component is excluded.
    """
    if path is None:
        return default_nlp()
    path = Path(path)
    if not (path / "config.cfg").exists():
        raise ValueError(f"{path} is not a spaCy pipeline directory (no config.cfg)")
    names = spacy.util.load_config(path / "config.cfg")["nlp"]["pipeline"]
    return spacy.load(path, exclude=list(names))


def collapse_ws(text: str) -> str:
    """Whitespace runs as one space (tools differ in how they copy span text)."""
    return " ".join(text.split())


def crlf_to_lf(text: str) -> tuple[str, list[int]]:
    """``text`` with ``\\r\\n`` as ``\\n``, and the original positions of the removed ``\\r``.

    >>> crlf_to_lf("a\\r\\nb\\r\\nc")
    ('a\\nb\\nc', [1, 4])
    """
    removed = [i for i in range(len(text) - 1) if text[i] == "\r" and text[i + 1] == "\n"]
    return text.replace("\r\n", "\n"), removed


def lf_to_crlf(text: str, removed: list[int]) -> str:
    """Undo :func:`crlf_to_lf` given the removed ``\\r`` positions."""
    pieces, prev = [], 0
    for j, pos in enumerate(removed):
        pieces += [text[prev : pos - j], "\r"]
        prev = pos - j
    pieces.append(text[prev:])
    return "".join(pieces)


def lf_offset_mapper(removed: list[int]) -> Callable[[int], int]:
    """Map an offset in the LF text to the original (CRLF) text."""
    lf_positions = [pos - j for j, pos in enumerate(removed)]
    return lambda i: i + bisect.bisect_left(lf_positions, i)


def original_to_lf(removed: list[int]) -> Callable[[int], int]:
    """Map an offset in the original (CRLF) text to the LF text."""
    return lambda i: i - bisect.bisect_left(removed, i)


def utf16_offset_mapper(text: str) -> Callable[[int], int]:
    """Map a UTF-16 code-unit offset (as JavaScript counts) to a Python ``str`` offset."""
    positions: list[int] = []
    for i, ch in enumerate(text):
        positions += [i, i] if ord(ch) > 0xFFFF else [i]
    positions.append(len(text))
    return lambda u: positions[u] if 0 <= u < len(positions) else -1


def offset_resolvers(
    text: str, removed_cr: list[int] | None, browser_lf: bool
) -> tuple[str, list[Resolver]]:
    """The original text and the readings of a tool's offsets to try, most likely first."""
    identity: Callable[[int], int] = int
    if removed_cr is not None:
        original, bases = lf_to_crlf(text, removed_cr), [(text, lf_offset_mapper(removed_cr))]
    elif browser_lf and "\r\n" in text:
        lf_text, removed = crlf_to_lf(text)
        original, bases = text, [(lf_text, lf_offset_mapper(removed)), (text, identity)]
    else:
        original, bases = text, [(text, identity)]
    resolvers: list[Resolver] = [_compose(to_orig, identity) for _, to_orig in bases]
    if any(ord(ch) > 0xFFFF for ch in text):
        resolvers += [_compose(to_orig, utf16_offset_mapper(space)) for space, to_orig in bases]
    return original, resolvers


def _compose(to_original: Callable[[int], int], inner: Callable[[int], int]) -> Resolver:
    def resolve(start: int, end: int) -> tuple[int, int]:
        s, e = inner(start), inner(end)
        if s < 0 or e < 0:
            return -1, -1
        return to_original(s), to_original(e)

    return resolve


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without leading/trailing whitespace: ``" Microsoft "`` -> ``"Microsoft"``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def span_extra(span: dict) -> dict:
    """The ``id`` / ``norm`` of a span dict, if it has them."""
    return {k: span[k] for k in ("id", "norm") if span.get(k)}


# ---------------------------------------------------------------- validation / export


def validate_record(record: dict, index: int) -> list[Issue]:
    """Problems that make a pipeline record unfit for export (empty list: fine)."""
    text = record.get("text")
    if not isinstance(text, str):
        return [Issue(f"line {index + 1}", "no text")]
    name = f"line {index + 1} ({doc_name(record)})"
    tokens = record.get("tokens") or []
    issues = [
        Issue(
            name,
            f"token {t.get('id')} {t.get('text')!r} does not match the text",
            t.get("start"),
            t.get("end"),
        )
        for t in tokens
        if text[t["start"] : t["end"]] != t["text"]
    ]
    starts = {t["start"]: i for i, t in enumerate(tokens)}
    ends = {t["end"]: i for i, t in enumerate(tokens)}
    prev_end = -1
    for span in sorted(record.get("spans") or [], key=lambda s: (s["start"], s["end"])):
        s, e, label = span["start"], span["end"], span.get("label", "")
        problem = None
        if label not in LABELS:
            problem = "unknown label"
        elif not 0 <= s < e <= len(text):
            problem = "offsets out of range"
        elif span.get("text") is not None and text[s:e] != span["text"]:
            problem = f"span text {span['text']!r} != text[start:end] {text[s:e]!r}"
        elif starts.get(s) != span.get("token_start") or ends.get(e) != span.get("token_end"):
            problem = "token_start/token_end do not match the tokens"
        elif s < prev_end:
            problem = "overlaps the previous span"
        if problem:
            issues.append(Issue(name, problem, s, e, label))
        prev_end = max(prev_end, e)
    return issues


def to_prodigy(record: dict) -> dict:
    """A ``ner_manual`` task: the record itself, with ``answer`` set if missing."""
    task = copy.deepcopy(record)
    task.setdefault("answer", "accept")
    return task


def to_doccano(record: dict) -> dict:
    """A doccano sequence-labeling line."""
    return {
        "text": record["text"],
        "label": [[s["start"], s["end"], s["label"]] for s in record.get("spans") or []],
        "meta": record.get("meta") or {},
        "_input_hash": record.get("_input_hash"),
        "_task_hash": record.get("_task_hash"),
    }


def to_labelstudio(record: dict, model_version: str) -> dict:
    """A Label Studio task with the pipeline's spans as predictions (LF text; see module doc)."""
    lf_text, removed = crlf_to_lf(record["text"])
    to_lf = original_to_lf(removed)
    meta = record.get("meta") or {}
    data: dict = {"text": lf_text, "doc_id": str(meta.get("id", "")), "meta": meta}
    if removed:
        data["removed_cr"] = removed
    data["_input_hash"] = record.get("_input_hash")
    result = []
    for i, span in enumerate(record.get("spans") or []):
        start, end = to_lf(span["start"]), to_lf(span["end"])
        value = {"start": start, "end": end, "text": lf_text[start:end], "labels": [span["label"]]}
        result.append(
            {
                "id": f"r{i}",
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": value,
            }
        )
    return {"data": data, "predictions": [{"model_version": model_version, "result": result}]}


def labelstudio_config() -> str:
    """Label Studio labeling config: the four labels over ``$text``, the doc id as header."""
    labels = "\n".join(
        f"    <Label value={quoteattr(lab)} background={quoteattr(LABEL_COLORS[lab])}/>"
        for lab in LABELS
    )
    return (
        "<View>\n"
        '  <Header value="$doc_id"/>\n'
        '  <Labels name="label" toName="text">\n'
        f"{labels}\n"
        "  </Labels>\n"
        '  <Text name="text" value="$text"/>\n'
        "</View>\n"
    )


def labelstudio_config_path(out: Path) -> Path:
    """Where the config goes: ``tasks.json`` -> ``tasks.config.xml``."""
    return out.with_suffix(".config.xml")


def export_records(
    records: list[dict], fmt: str, out: str | Path, model_version: str = "news-pipeline"
) -> list[Path]:
    """Validate ``records`` and write them for ``fmt``; return the files written.

    Raises :class:`ExportError` (nothing written) when a record is invalid.
    """
    issues = [issue for i, rec in enumerate(records) for issue in validate_record(rec, i)]
    if issues:
        raise ExportError(issues)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "prodigy":
        srsly.write_jsonl(out, [to_prodigy(r) for r in records])
        return [out]
    if fmt == "doccano":
        srsly.write_jsonl(out, [to_doccano(r) for r in records])
        return [out]
    if fmt == "labelstudio":
        srsly.write_json(out, [to_labelstudio(r, model_version) for r in records])
        config = labelstudio_config_path(out)
        config.write_text(labelstudio_config(), encoding="utf-8")
        return [out, config]
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


# ---------------------------------------------------------------- readers


def read_prodigy(path: str | Path, report: ImportReport) -> Iterator[ReviewedDoc]:
    """Accepted documents from a Prodigy ``db-out`` JSONL file."""
    for eg in srsly.read_jsonl(path):
        report.read += 1
        answer = eg.get("answer")
        if answer != "accept":
            report.skipped[
                {"reject": "rejected", "ignore": "ignored"}.get(answer, "no answer")
            ] += 1
            continue
        text = eg["text"]
        _, resolvers = offset_resolvers(text, None, browser_lf=False)
        spans = [
            RawSpan(s["start"], s["end"], s.get("label", ""), s.get("text"), span_extra(s))
            for s in eg.get("spans") or []
        ]
        yield ReviewedDoc(text, dict(eg.get("meta") or {}), spans, resolvers)


def doccano_spans(eg: dict, name: str, report: ImportReport) -> list[RawSpan]:
    """Spans of a doccano line: ``label``/``labels`` lists or ``entities`` dicts."""
    entries = eg.get("entities") or eg.get("label") or eg.get("labels") or []
    spans = []
    for entry in entries:
        if isinstance(entry, dict):
            spans.append(
                RawSpan(entry["start_offset"], entry["end_offset"], entry.get("label", ""))
            )
        elif isinstance(entry, (list, tuple)) and len(entry) == 3:
            spans.append(RawSpan(int(entry[0]), int(entry[1]), str(entry[2])))
        else:
            report.issues.append(Issue(name, f"not a sequence-labeling span: {entry!r}"))
    return spans


def read_doccano(path: str | Path, report: ImportReport) -> Iterator[ReviewedDoc]:
    """Documents from a doccano sequence-labeling JSONL export."""
    for eg in srsly.read_jsonl(path):
        report.read += 1
        text = eg["text"]
        meta = (
            eg["meta"]
            if isinstance(eg.get("meta"), dict)
            else {k: v for k, v in eg.items() if k not in DOCCANO_KEYS and not k.startswith("_")}
        )
        _, resolvers = offset_resolvers(text, None, browser_lf=False)
        yield ReviewedDoc(
            text,
            dict(meta),
            doccano_spans(eg, doc_name({"text": text, "meta": meta}), report),
            resolvers,
        )


def labelstudio_result(task: dict, report: ImportReport) -> list[dict] | None:
    """The regions to import: first non-cancelled annotation, else first prediction."""
    annotations = task.get("annotations") or []
    kept = [a for a in annotations if not a.get("was_cancelled")]
    if kept:
        if len(kept) > 1:
            report.notes["tasks with several annotations (first used)"] += 1
        return kept[0].get("result") or []
    if annotations:
        report.skipped["cancelled"] += 1
        return None
    if task.get("predictions"):
        report.notes["tasks without annotation (predictions used)"] += 1
        return task["predictions"][0].get("result") or []
    report.skipped["not annotated"] += 1
    return None


def read_labelstudio(path: str | Path, report: ImportReport) -> Iterator[ReviewedDoc]:
    """Documents from a Label Studio JSON export (see the module doc for offsets)."""
    for task in srsly.read_json(path):
        report.read += 1
        result = labelstudio_result(task, report)
        if result is None:
            continue
        data = task["data"]
        meta = (
            data["meta"]
            if isinstance(data.get("meta"), dict)
            else {k: v for k, v in data.items() if k not in LS_DATA_KEYS and not k.startswith("_")}
        )
        text, resolvers = offset_resolvers(data["text"], data.get("removed_cr"), browser_lf=True)
        spans = []
        for region in result:
            if region.get("type") != "labels":
                report.notes[f"regions of type {region.get('type')!r} ignored"] += 1
                continue
            value = region["value"]
            labels = value.get("labels") or []
            if len(labels) != 1:
                report.issues.append(
                    Issue(
                        doc_name({"text": text, "meta": meta}),
                        f"region with {len(labels)} labels {labels}",
                        value.get("start"),
                        value.get("end"),
                    )
                )
                continue
            spans.append(RawSpan(value["start"], value["end"], labels[0], value.get("text")))
        yield ReviewedDoc(text, dict(meta), spans, resolvers)


READERS: dict[str, Callable[[str | Path, ImportReport], Iterator[ReviewedDoc]]] = {
    "prodigy": read_prodigy,
    "doccano": read_doccano,
    "labelstudio": read_labelstudio,
}


# ---------------------------------------------------------------- gold building


def resolve_span(rd: ReviewedDoc, raw: RawSpan, report: ImportReport) -> tuple[int, int] | None:
    """Original-text offsets of ``raw`` (trimmed), or None after reporting why not."""
    text, name = rd.text, rd.name
    if raw.label not in LABELS:
        report.issues.append(
            Issue(name, f"unknown label {raw.label!r}", raw.start, raw.end, raw.label)
        )
        return None
    for resolve in rd.resolvers:
        start, end = resolve(raw.start, raw.end)
        if 0 <= start < end <= len(text) and (
            raw.expected is None or collapse_ws(text[start:end]) == collapse_ws(raw.expected)
        ):
            break
    else:
        why = (
            "offsets out of range"
            if raw.expected is None
            else f"offsets do not match its text {raw.expected!r}"
        )
        report.issues.append(Issue(name, why, raw.start, raw.end, raw.label))
        return None
    if (start, end) != (raw.start, raw.end):
        report.notes["spans with offsets mapped to the original text"] += 1
    trimmed = trim_whitespace(text, start, end)
    if trimmed != (start, end):
        report.issues.append(
            Issue(
                name,
                f"whitespace trimmed from {text[start:end]!r}",
                start,
                end,
                raw.label,
                error=False,
            )
        )
    return trimmed if trimmed[0] < trimmed[1] else None


def align_spans(doc: Doc, rd: ReviewedDoc, report: ImportReport) -> list[Span]:
    """Token-aligned, non-overlapping spans of ``rd``; every span left out is reported."""
    name, seen, spans = rd.name, set(), []
    for raw in rd.spans:
        offsets = resolve_span(rd, raw, report)
        if offsets is None:
            continue
        start, end = offsets
        span = doc.char_span(start, end, label=raw.label, alignment_mode="strict")
        if span is None:
            hint = doc.char_span(start, end, alignment_mode="expand")
            nearest = hint.text if hint is not None else ""
            report.issues.append(
                Issue(
                    name,
                    f"{doc.text[start:end]!r} does not align with tokens (nearest: {nearest!r})",
                    start,
                    end,
                    raw.label,
                )
            )
            continue
        if (start, end, raw.label) in seen:
            report.notes["duplicate spans merged"] += 1
            continue
        seen.add((start, end, raw.label))
        spans.append(span)
    return drop_overlaps(spans, name, report)


def drop_overlaps(spans: list[Span], name: str, report: ImportReport) -> list[Span]:
    """Keep spans in text order; report (and leave out) each that overlaps a kept one."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start_char, -len(s.text))):
        if kept and span.start < kept[-1].end:
            prev = kept[-1]
            report.issues.append(
                Issue(
                    name,
                    f"overlaps {prev.label_} [{prev.start_char}:{prev.end_char}] {prev.text!r}",
                    span.start_char,
                    span.end_char,
                    span.label_,
                )
            )
            continue
        kept.append(span)
    return kept


def warn_boilerplate(spans: Iterable[Span], rd: ReviewedDoc, report: ImportReport) -> None:
    """Warn about spans inside the document's boilerplate ranges (guidelines: none there)."""
    ranges = rd.meta.get("boilerplate") or []
    for span in spans:
        for b_start, b_end in ranges:
            if span.start_char < b_end and b_start < span.end_char:
                msg = f"inside boilerplate range [{b_start}:{b_end}]"
                report.issues.append(
                    Issue(rd.name, msg, span.start_char, span.end_char, span.label_, error=False)
                )
                break


def build_gold_doc(
    rd: ReviewedDoc, nlp: Language, report: ImportReport, known: dict | None = None
) -> Doc:
    """A Doc of ``rd`` with its spans as ``doc.ents``, ``meta`` in ``user_data``.

    ``known`` maps ``(start, end, label)`` to the ``id``/``norm`` of the original run's
    span, restored on unchanged spans.
    """
    doc = nlp.make_doc(rd.text)
    spans = align_spans(doc, rd, report)
    warn_boilerplate(spans, rd, report)
    extras = {(s.start, s.end, s.label): s.extra for s in rd.spans}
    known = known or {}
    if not Span.has_extension("norm"):
        Span.set_extension("norm", default=None)
    with_ids = []
    for span in spans:
        key = (span.start_char, span.end_char, span.label_)
        extra = known.get(key) or extras.get(key) or {}
        with_ids.append(
            Span(doc, span.start, span.end, label=span.label_, span_id=extra.get("id") or 0)
        )
    doc.set_ents(with_ids, default="outside")
    for ent in doc.ents:
        key = (ent.start_char, ent.end_char, ent.label_)
        norm = (known.get(key) or extras.get(key) or {}).get("norm")
        if norm:
            ent._.norm = norm
    doc.user_data["meta"] = rd.meta
    return doc


def index_original(records: Iterable[dict]) -> dict[str, dict]:
    """``doc key -> {(start, end, label): {"id", "norm"}}`` for :func:`build_gold_doc`."""
    return {
        doc_key(rec): {
            (s["start"], s["end"], s["label"]): span_extra(s) for s in rec.get("spans") or []
        }
        for rec in records
    }


def doc_key(record: dict) -> str:
    """Identity of a document across files: its id, else its text."""
    ident = record_id(record)
    return f"id:{ident}" if ident is not None else f"text:{record['text']}"


def import_gold(
    path: str | Path,
    fmt: str,
    nlp: Language | None = None,
    original: list[dict] | None = None,
) -> tuple[list[dict], list[Doc], ImportReport]:
    """Read a reviewed export; return gold records, their Docs and the report.

    A document that occurs twice is kept once (the last one), with a warning.
    """
    if fmt not in READERS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    nlp = nlp or default_nlp()
    report = ImportReport(fmt)
    known = index_original(original or [])
    docs: dict[str, Doc] = {}
    for rd in READERS[fmt](path, report):
        key = doc_key({"text": rd.text, "meta": rd.meta})
        if key in docs:
            report.issues.append(
                Issue(rd.name, "document occurs again: the last one is kept", error=False)
            )
        docs[key] = build_gold_doc(rd, nlp, report, known.get(key))
    records = [doc_to_record(doc) for doc in docs.values()]
    report.imported = len(records)
    report.labels.update(s["label"] for rec in records for s in rec["spans"])
    return records, list(docs.values()), report


def make_record(
    text: str,
    spans: Iterable[tuple[int, int, str]],
    meta: dict | None = None,
    extras: dict[tuple[int, int, str], dict] | None = None,
    nlp: Language | None = None,
) -> dict:
    """A pipeline-format record from text and ``(start, end, label)`` spans (fixtures, tools).

    ``extras`` gives ``{"id", "norm"}`` per span. Raises ``ValueError`` if a span is unusable.
    """
    raw = [RawSpan(s, e, lab, extra=(extras or {}).get((s, e, lab), {})) for s, e, lab in spans]
    _, resolvers = offset_resolvers(text, None, browser_lf=False)
    report = ImportReport("record")
    doc = build_gold_doc(
        ReviewedDoc(text, dict(meta or {}), raw, resolvers), nlp or default_nlp(), report
    )
    if report.errors:
        raise ValueError("; ".join(str(i) for i in report.errors))
    return doc_to_record(doc)


def write_gold(
    records: list[dict], docs: list[Doc], out: str | Path, spacy_out: str | Path | None = None
) -> list[Path]:
    """Write gold JSONL (and a DocBin with ``meta`` in user_data); return the paths."""
    paths = [Path(out)]
    paths[0].parent.mkdir(parents=True, exist_ok=True)
    srsly.write_jsonl(paths[0], records)
    if spacy_out:
        doc_bin = DocBin(store_user_data=True, docs=docs)
        paths.append(Path(spacy_out))
        paths[1].parent.mkdir(parents=True, exist_ok=True)
        doc_bin.to_disk(paths[1])
    return paths
