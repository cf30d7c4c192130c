"""The resolver's span filter and the normalizer's ORG fast path agree with their
straightforward forms."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

from pipeline.components import LongestSpanFilter
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
