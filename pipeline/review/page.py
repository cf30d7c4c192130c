"""One static HTML review page for an annotation run, rendered with displaCy.

The page has per-label counts, an index of documents (anchors ``#doc-N``), and for each
document the text with its entities (hover: label, canonical id, normalized value), the
boilerplate ranges greyed out, and a table of its entities; optionally a diff section.
It is one self-contained file: inline CSS, no JavaScript, no external resources.

Escaping: displaCy's manual ``ent`` mode escapes the text and the entity text
(``spacy.util.escape_html``: ``& < > "``) but NOT the label, ``kb_id``/``kb_url``, the
document title, or template parameters. So every value we put into the template (label,
hover title) is escaped here with :func:`html.escape`, displaCy's ``title`` is not used,
and everything else on the page is escaped too. As a second line of defence the page
carries a Content-Security-Policy that allows no scripts at all.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path

from spacy import displacy

from . import BOILERPLATE_COLOR, LABEL_COLORS, LABELS
from .diff import Diff, DocDiff, SpanInfo
from .formats import doc_name

BOILERPLATE = "BOILERPLATE"
ENT_TEMPLATE = (
    '<mark class="{cls}" style="background: {bg}" title="{hover}">'
    '{text}<span class="lbl">{label}</span></mark>'
)
CSP = "default-src 'none'; style-src 'unsafe-inline'"
CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; }
h2 { font-size: 1.15em; margin-top: 2.5em; border-top: 1px solid #ccc; padding-top: .8em; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { border: 1px solid #ddd; padding: .2em .6em; text-align: left; vertical-align: top; }
.entities { line-height: 2.5; }
mark.entity { padding: .3em .5em; margin: 0 .2em; line-height: 1; border-radius: .35em; }
mark.entity .lbl { font-size: .7em; font-weight: bold; margin-left: .4em; }
mark.boilerplate { color: #777; white-space: pre-wrap; padding: .1em .2em; }
mark.boilerplate .lbl { font-size: .65em; margin-left: .4em; color: #999; }
mark.in-boilerplate { outline: 2px dashed #c00; }
.swatch { display: inline-block; width: 1em; height: 1em; margin-right: .3em; }
.warn, .removed { color: #a00; }
.meta { color: #666; font-size: .9em; }
.norm, .ctx { font-family: monospace; font-size: .85em; }
.added { color: #060; }
.changed { color: #a60; }
ol.index { columns: 3; font-size: .9em; }
"""


def esc(value: object) -> str:
    """HTML-escape any value, quotes included (safe in text and attribute values)."""
    return html.escape(str(value), quote=True)


def hover_text(text: str, span: dict) -> str:
    """The hover text of an entity: label, text, canonical id, normalized value."""
    lines = [f"{span['label']}: {text[span['start'] : span['end']]}"]
    if span.get("id"):
        lines.append(f"id: {span['id']}")
    if span.get("norm"):
        lines.append("norm: " + json.dumps(span["norm"], ensure_ascii=False, sort_keys=True))
    return "\n".join(lines)


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged ``(start, end)`` ranges."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def subtract(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` minus ``holes`` (both sorted, non-overlapping)."""
    out = []
    for start, end in ranges:
        pos = start
        for h_start, h_end in holes:
            if h_end <= pos or h_start >= end:
                continue
            if h_start > pos:
                out.append((pos, h_start))
            pos = max(pos, h_end)
        if pos < end:
            out.append((pos, end))
    return out


def inline_spans(record: dict) -> tuple[list[dict], list[str]]:
    """displaCy ``ents`` for a record (entities + boilerplate pieces), and warnings.

    Entities that overlap an earlier one or fall outside the text cannot be shown inline;
    they are listed as warnings instead (and stay in the entity table).
    """
    text = record["text"]
    boiler = merge_ranges(
        [
            (max(0, s), min(len(text), e))
            for s, e in (record.get("meta") or {}).get("boilerplate") or []
            if s < e
        ]
    )
    ents, warnings, last_end = [], [], 0
    for span in sorted(record.get("spans") or [], key=lambda s: (s["start"], -s["end"])):
        start, end, label = span["start"], span["end"], span["label"]
        if not 0 <= start < end <= len(text) or start < last_end:
            why = (
                "outside the text"
                if not 0 <= start < end <= len(text)
                else "overlaps another entity"
            )
            warnings.append(
                f"{label} [{start}:{end}] {span.get('text', '')!r}: {why}, not shown inline"
            )
            continue
        in_boiler = any(start < b_end and b_start < end for b_start, b_end in boiler)
        if in_boiler:
            warnings.append(
                f"{label} [{start}:{end}] {text[start:end]!r} is inside a boilerplate range"
            )
        cls = "entity in-boilerplate" if in_boiler else "entity"
        ents.append(
            {
                "start": start,
                "end": end,
                "label": label,
                "params": {"cls": cls, "hover": esc(hover_text(text, span)), "label": esc(label)},
            }
        )
        last_end = end
    for start, end in subtract(boiler, [(e["start"], e["end"]) for e in ents]):
        ents.append(
            {
                "start": start,
                "end": end,
                "label": BOILERPLATE,
                "params": {
                    "cls": "boilerplate",
                    "hover": "boilerplate: excluded from annotation",
                    "label": "boilerplate",
                },
            }
        )
    return sorted(ents, key=lambda e: e["start"]), warnings


def render_doc_text(record: dict) -> tuple[str, list[str]]:
    """The document's text with entities, via displaCy manual mode; and warnings."""
    ents, warnings = inline_spans(record)
    colors = {**LABEL_COLORS, BOILERPLATE: BOILERPLATE_COLOR}
    markup = displacy.render(
        {"text": record["text"], "ents": ents},
        style="ent",
        manual=True,
        page=False,
        options={"colors": colors, "template": ENT_TEMPLATE},
    )
    return markup, warnings


def td(cell: str, cls: str = "") -> str:
    """A table cell (``cell`` is ready HTML)."""
    return f'<td class="{cls}">{cell}</td>' if cls else f"<td>{cell}</td>"


def table(header: list[str], rows: list[list[str]], cls: list[str] | None = None) -> str:
    """An HTML table; ``header`` is plain text, ``rows`` hold ready HTML cells."""
    cls = cls or [""] * len(header)
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(td(cell, c) for c, cell in zip(cls, row, strict=True)) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def norm_json(span: dict) -> str:
    """A span's normalized value as compact JSON (``{}`` if none)."""
    return json.dumps(span.get("norm") or {}, ensure_ascii=False, sort_keys=True)


def entity_table(record: dict) -> str:
    """A collapsible table of the document's entities."""
    spans = record.get("spans") or []
    rows = [
        [
            esc(s["label"]),
            f"[{esc(s['start'])}:{esc(s['end'])}]",
            esc(record["text"][s["start"] : s["end"]]),
            esc(s.get("id", "")),
            esc(norm_json(s)),
        ]
        for s in spans
    ]
    header = ["label", "offsets", "text", "id", "norm"]
    content = table(header, rows, ["", "", "", "", "norm"])
    return f"<details><summary>{len(spans)} entities</summary>{content}</details>"


def swatch(color: str) -> str:
    """A small colour square."""
    return f'<span class="swatch" style="background: {esc(color)}"></span>'


def summary_table(records: list[dict]) -> str:
    """Per-label counts with colour swatches."""
    counts = Counter(s["label"] for rec in records for s in rec.get("spans") or [])
    labels = list(LABELS) + sorted(set(counts) - set(LABELS))
    rows = [[swatch(LABEL_COLORS.get(lab, "#ddd")) + esc(lab), str(counts[lab])] for lab in labels]
    boiler = sum(1 for rec in records if (rec.get("meta") or {}).get("boilerplate"))
    return (
        f"<p>{len(records)} documents, {sum(counts.values())} entities, "
        f"{boiler} documents with boilerplate ({swatch(BOILERPLATE_COLOR)}greyed).</p>"
        + table(["label", "entities"], rows)
    )


def doc_index(records: list[dict]) -> str:
    """Links to every document."""
    items = "".join(
        f'<li><a href="#doc-{i}">{esc(doc_name(rec))}</a> '
        f'<span class="meta">({len(rec.get("spans") or [])})</span></li>'
        for i, rec in enumerate(records)
    )
    return f'<h2 id="documents">Documents</h2><ol class="index">{items}</ol>'


def doc_section(i: int, record: dict) -> str:
    """One document: heading, meta line, rendered text, warnings, entity table."""
    meta = record.get("meta") or {}
    markup, warnings = render_doc_text(record)
    shown = {k: v for k, v in meta.items() if k not in ("id", "title", "boilerplate")}
    meta_line = ", ".join(f"{esc(k)}: {esc(v)}" for k, v in shown.items())
    warn = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    title = esc(doc_name(record)) + (f" — {esc(meta['title'])}" if meta.get("title") else "")
    return (
        f'<section class="doc" id="doc-{i}"><h2>{i + 1}. {title}</h2>'
        f'<p class="meta">{meta_line}</p>{markup}'
        + (f'<ul class="warn">{warn}</ul>' if warn else "")
        + entity_table(record)
        + "</section>"
    )


def span_html(span: SpanInfo) -> str:
    """``LABEL [start:end] <b>text</b>``."""
    return f"{esc(span.label)} [{span.start}:{span.end}] <b>{esc(span.text)}</b>"


def diff_item(cls: str, what: str, span: SpanInfo) -> str:
    """One line of a document's diff, with context."""
    return f'<li class="{cls}">{what} <span class="ctx">{esc(span.context)}</span></li>'


def doc_diff_items(doc: DocDiff) -> str:
    """A document's added, removed and changed spans as list items."""
    items = [diff_item("added", "+ " + span_html(s), s) for s in doc.added]
    items += [diff_item("removed", "− " + span_html(s), s) for s in doc.removed]
    items += [
        diff_item(
            "changed", f"~ {esc(c.kind)}: {span_html(c.before)} → {span_html(c.after)}", c.after
        )
        for c in doc.changed
    ]
    return "".join(items)


def diff_section(diff: Diff, anchors: dict[str, int]) -> str:
    """The diff as HTML: summary table and each document's changes (linked)."""
    rows = [
        [esc(lab), str(c["added"]), str(c["removed"]), str(c["changed"])]
        for lab, c in diff.summary().items()
    ]
    counts = (
        f"{diff.matched} documents matched, {len(diff.only_in_a)} only in A, "
        f"{len(diff.only_in_b)} only in B, {len(diff.text_changed)} with different text."
    )
    parts = [
        f'<h2 id="diff">Diff</h2><p>A (before): {esc(diff.a)}<br>'
        f"B (after, this page): {esc(diff.b)}<br>{counts}</p>",
        table(["label", "added", "removed", "changed"], rows, ["", "added", "removed", "changed"]),
    ]
    for doc in filter(None, diff.docs):
        name = esc(doc.doc)
        link = f'<a href="#doc-{anchors[doc.doc]}">{name}</a>' if doc.doc in anchors else name
        parts.append(f"<h3>{link}</h3><ul>{doc_diff_items(doc)}</ul>")
    unmatched = (
        ("Only in A", diff.only_in_a),
        ("Only in B", diff.only_in_b),
        ("Text differs", diff.text_changed),
    )
    parts += [
        f"<p><b>{title}:</b> {esc(', '.join(names))}</p>" for title, names in unmatched if names
    ]
    return "".join(parts)


def render_page(records: list[dict], source: str = "", diff: Diff | None = None) -> str:
    """The whole review page as one HTML string."""
    anchors = {doc_name(rec): i for i, rec in enumerate(records)}
    title = f"Review: {source}" if source else "Review"
    nav = (
        '<p><a href="#documents">documents</a>'
        + (' · <a href="#diff">diff</a>' if diff else "")
        + "</p>"
    )
    body = [
        f"<h1>{esc(title)}</h1>",
        nav,
        summary_table(records),
        diff_section(diff, anchors) if diff else "",
        doc_index(records),
        *(doc_section(i, rec) for i, rec in enumerate(records)),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def write_page(
    records: list[dict], out: str | Path, source: str = "", diff: Diff | None = None
) -> Path:
    """Write the review page; return its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_page(records, source, diff), encoding="utf-8")
    return out
