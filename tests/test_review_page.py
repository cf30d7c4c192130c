"""The HTML review page: content, escaping, and a look in headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from spacy import displacy

from pipeline.review import LABELS
from pipeline.review.diff import diff_records
from pipeline.review.formats import make_record
from pipeline.review.page import render_page, write_page

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


class Collector(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> Collector:
    collector = Collector()
    collector.feed(markup)
    return collector


def make(text: str, doc_id: str, marks: list[tuple[str, str]], extras=None, **meta) -> dict:
    spans = [(text.index(sub), text.index(sub) + len(sub), label) for sub, label in marks]
    extra = {s: e for s, e in zip(spans, extras or [], strict=False)}
    return make_record(text, spans, {"id": doc_id, **meta}, extra)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    clean = (
        "Qorvant Labs will spend $40 million on battery storage in 2026.\nRead more\nSubscribe now"
    )
    hostile = f"Veltrix Inc. posted {SCRIPT} and {IMG} on Monday about AI chips."
    return [
        make(
            clean,
            "news-1",
            [
                ("Qorvant Labs", "ORG"),
                ("$40 million", "MONEY"),
                ("battery storage", "TECH"),
                ("2026", "DATE"),
            ],
            [{"id": "qorvant-labs"}, {"norm": {"value": 40000000, "currency": "USD"}}],
            boilerplate=[[clean.index("Read"), len(clean)]],
        ),
        make(
            hostile,
            f"x{IMG}",
            [("Veltrix Inc.", "ORG"), ("Monday", "DATE"), ("AI chips", "TECH")],
            [{"id": f"veltrix{SCRIPT}", "norm": {"note": IMG}}],
            source=SCRIPT,
        ),
    ]


def test_displacy_escapes_text_but_not_labels():
    """Pins what we rely on: displaCy escapes text, not labels (so page.py escapes those)."""
    parsed = {"text": "<b>x</b> y", "ents": [{"start": 9, "end": 10, "label": "<i>L</i>"}]}
    markup = displacy.render(parsed, style="ent", manual=True, page=False)
    assert "&lt;b&gt;x&lt;/b&gt;" in markup and "<i>L</i>" in markup


def test_page_has_no_live_markup_from_the_text(records):
    page = render_page(
        records, source=f"run{SCRIPT}.jsonl", diff=diff_records(records[:1], records)
    )
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags
    assert not [(t, a) for t, a in parsed.tags for name in a if name.startswith("on")]
    text = "".join(parsed.text)
    assert SCRIPT in text and IMG in text  # shown as text
    titles = [a["title"] for t, a in parsed.tags if t == "mark" and "title" in a]
    assert any(f"veltrix{SCRIPT}" in t and IMG in t for t in titles)
    assert "Content-Security-Policy" in page and "http" not in page.replace('http-equiv="', "")


def test_page_content(records):
    page = render_page(records, source="run.jsonl")
    parsed = parse(page)
    marks = [(a["class"], a.get("title", "")) for t, a in parsed.tags if t == "mark"]
    entities = [title for cls, title in marks if cls.startswith("entity")]
    assert len(entities) == 7
    assert any("MONEY: $40 million" in t and '"value": 40000000' in t for t in entities)
    assert any("id: qorvant-labs" in t for t in entities)
    assert [cls for cls, _ in marks].count("boilerplate") == 1
    hrefs = [a["href"] for t, a in parsed.tags if t == "a"]
    ids = {a["id"] for t, a in parsed.tags if "id" in a}
    assert {"#doc-0", "#doc-1"} <= set(hrefs) and {"doc-0", "doc-1"} <= ids
    for label in LABELS:
        assert f"<td>{label}</td>" in page or f"{label}</td>" in page


def test_page_warns_about_overlaps_and_boilerplate_entities(records):
    rec = dict(records[0])
    boiler = rec["meta"]["boilerplate"][0]
    rec["spans"] = [
        *rec["spans"],
        {"start": 0, "end": 7, "label": "TECH", "text": "Qorvant"},
        {"start": boiler[0], "end": boiler[0] + 4, "label": "ORG", "text": "Read"},
    ]
    page = render_page([rec])
    assert "overlaps another entity, not shown inline" in page
    assert "is inside a boilerplate range" in page and "in-boilerplate" in page


def test_page_diff_section(records):
    before = [dict(records[0], spans=records[0]["spans"][:2])]
    page = render_page(records, diff=diff_records(before, records, "old.jsonl", "new.jsonl"))
    assert 'id="diff"' in page and 'href="#doc-0"' in page
    assert page.count('<li class="added">') == 2 and "Only in B" in page


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(args: list[str], tmp_path) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,2000",
    ]
    return subprocess.run([chromium(), *flags, *args], capture_output=True, text=True, timeout=120)


def test_review_page_in_headless_chromium(records, tmp_path):
    if chromium() is None:
        pytest.skip("chromium is not on PATH (apt-get install -y chromium)")
    page = write_page(records, tmp_path / "review.html", source="fixture.jsonl")
    url = page.resolve().as_uri()
    dom = run_chromium(["--dump-dom", url], tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    parsed = parse(dom.stdout)
    assert not [t for t, _ in parsed.tags if t in ("script", "img")]
    shown = {
        (a.get("title", "").split(":")[0], cls)
        for t, a in parsed.tags
        if t == "mark"
        for cls in [a["class"]]
    }
    text = "".join(parsed.text)
    for rec in records:
        for span in rec["spans"]:
            assert (span["label"], "entity") in shown
            assert span["text"] + span["label"] in text  # entity text followed by its label tag
    shot = tmp_path / "review.png"
    result = run_chromium([f"--screenshot={shot}", url], tmp_path)
    assert result.returncode == 0 and shot.stat().st_size > 10_000, result.stderr[-2000:]
    print(f"review page screenshot: {shot}")
