"""The resolver's span filter and the normalizer's ORG fast path agree with their
straightforward forms."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Span, SpanGroup

from pipeline.components import LongestSpanFilter
from pipeline.handover import MAX_HELD, group_spans, hand_over
from pipeline.orgs import TICKER_EXT, _ticker, normalize_org, org_norm, registry_for

PRIORITY = ["MONEY", "DATE", "ORG", "TECH"]
TEXT = "Acme Corp paid $5 billion for Example Chips Ltd on March 3, 2024 in cloud software"


def reference_filter(spans: list[Span]) -> list[Span]:
    """Longest first, then label priority, then earliest; in position order."""
    rank = {label: i for i, label in enumerate(PRIORITY)}
    ordered = sorted(spans, key=lambda s: (s.start_char - s.end_char,
                                           rank.get(s.label_, len(rank)), s.start))
    taken: set[int] = set()
    chosen = []
    for span in ordered:
        tokens = set(range(span.start, span.end))
        if tokens and not tokens & taken:
            taken |= tokens
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 4),
                          st.sampled_from([*PRIORITY, "PERSON"])), max_size=12))
def test_longest_span_filter_matches_reference(specs):
    doc = spacy.blank("en")(TEXT)
    spans = [Span(doc, min(start, len(doc)), min(start + size, len(doc)), label=label)
             for start, size, label in specs]
    keep = LongestSpanFilter(PRIORITY)
    expected = [(s.start, s.end, s.label_) for s in reference_filter(spans)]
    assert [(s.start, s.end, s.label_) for s in keep(spans)] == expected
    keys = [(s.start, s.end, s.start_char, s.end_char, s.label) for s in spans]
    assert [(spans[i].start, spans[i].end, spans[i].label_) for i in keep.choose(keys)] == expected


def test_org_entity_norm_is_normalize_org(nlp):
    """The normalizer's ORG norms are ``normalize_org``'s, tickers read from the text."""
    doc = nlp("Acme Corp (ACME) and Example Holdings Ltd agreed on a deal with Pfizer Inc. "
              "Example Holdings said Microsoft Corp would not take part.")
    orgs = [ent for ent in doc.ents if ent.label_ == "ORG"]
    assert orgs
    for ent in orgs:
        assert _ticker(ent) == ent._.get(TICKER_EXT)  # read from user_data directly
        assert ent._.norm == normalize_org(ent)
        assert org_norm(ent, ent.text, registry_for(doc.vocab)) == normalize_org(ent)


def test_handed_over_spans_are_taken_once_and_only_for_their_group():
    """``group_spans`` gives the handed-over list for the same, unchanged group, once;
    otherwise (another group, a span added, taken already) it reads the group."""
    doc = spacy.blank("en")(TEXT)
    spans = [Span(doc, 0, 2, label="ORG"), Span(doc, 3, 5, label="MONEY")]
    group = SpanGroup(doc, name="candidates", spans=spans)
    hand_over(group, spans)
    assert group_spans(group) is spans
    assert group_spans(group) == spans and group_spans(group) is not spans
    hand_over(group, spans)
    assert group_spans(SpanGroup(doc, name="candidates", spans=spans)) is not spans
    hand_over(group, spans)
    group.append(Span(doc, 6, 7, label="ORG"))
    assert group_spans(group) == [*spans, group[2]]


def test_handed_over_spans_are_bounded():
    """At most ``MAX_HELD`` lists are held: the oldest go first."""
    docs = [spacy.blank("en")(TEXT) for _ in range(MAX_HELD + 1)]
    groups = [SpanGroup(doc, spans=[doc[0:1]]) for doc in docs]
    lists = [list(group) for group in groups]
    for group, spans in zip(groups, lists, strict=True):
        hand_over(group, spans)
    assert group_spans(groups[0]) is not lists[0]
    assert all(group_spans(g) is s for g, s in zip(groups[1:], lists[1:], strict=True))


def test_resolver_reads_the_group_without_a_handover(nlp):
    """The entities are the same whether or not ``tech_modifiers`` handed its spans over."""
    text = ("Acme Corp paid $5 billion on March 3, 2024 for generative AI chips and "
            "lithium-ion batteries from Example Chips Ltd.")
    before = nlp.pipe_names[: nlp.pipe_names.index("entity_resolver")]
    doc = nlp(text)
    expected = [(e.start, e.end, e.label_, e.id_) for e in doc.ents]
    assert any(label == "TECH" for _, _, label, _ in expected)
    other = nlp.make_doc(text)
    for name in before:
        other = nlp.get_pipe(name)(other)
    group = other.spans["candidates"]
    other.spans["candidates"] = SpanGroup(other, name="candidates", spans=list(group))
    other = nlp.get_pipe("entity_resolver")(other)
    assert [(e.start, e.end, e.label_, e.id_) for e in other.ents] == expected
