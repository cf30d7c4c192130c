"""``phrase_ruler``: spaCy's span ruler, with phrase patterns that load in milliseconds.

spaCy's ``span_ruler`` keeps only the pattern dicts on disk, so ``spacy.load`` tokenizes
every phrase pattern again (``nlp.pipe`` over the texts, through the components before
the ruler) and adds one ``Doc`` per pattern to its ``PhraseMatcher``: about 3 s for the
53,000 ORG and TECH patterns of this project. ``phrase_ruler`` is a drop-in subclass
(the same config settings and the same spans) that differs in three ways:

- a phrase pattern is tokenized with ``nlp.make_doc`` alone: no pipeline component runs
  on it (so ``phrase_matcher_attr`` must be an attribute the tokenizer and vocabulary set:
  ``ORTH``, ``LOWER``, ``NORM``, ``SHAPE``, ``PREFIX``, ``SUFFIX``; with any other
  attribute, such as ``LEMMA``, the ruler falls back to ``span_ruler``'s behaviour);
- patterns with the same label, id and attribute values are added to the matcher once:
  with ``NORM``, ``Chips``, ``CHIPS`` and ``chips`` are one entry;
- ``ORTH`` patterns are matched on ``LOWER`` and a match is kept only when its tokens are
  written exactly as one of the patterns of its label and id: the same spans as ``ORTH``
  matching (``APPLE INC`` matches only if that casing is a pattern), with one matcher
  entry for ``Apple Inc``, ``APPLE INC`` and ``apple inc``.

With ``line_wraps`` (the ORG gazetteer's setting), a phrase also matches across a line
wrap, a whitespace token holding one newline between two of its words: hard-wrapped
newswire writes ``Texas\nInstruments``, which spaCy tokenizes as ``Texas``, ``\n``,
``Instruments``. The span includes the wrap, as the ORG rules' spans do.

``to_disk`` writes the standard ``patterns`` file (entity-ruler JSONL, as ``span_ruler``
does) and ``phrases``: the attribute values of every phrase pattern, as the assembled
pipeline's tokenizer and vocabulary produced them. ``from_disk`` adds those values to the
``PhraseMatcher`` directly (no tokenizing, no ``Doc``); without a ``phrases`` file (or one
written for another attribute) it re-adds the patterns as ``span_ruler`` does.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> ruler = nlp.add_pipe("phrase_ruler", config={"spans_key": "sc"})
>>> ruler.add_patterns([{"label": "ORG", "pattern": "Acme Corp"},
...                     {"label": "ORG", "pattern": "ACME CORP"}])
>>> doc = nlp("ACME CORP and Acme Corp, not acme corp")
>>> [s.text for s in doc.spans["sc"]]
['ACME CORP', 'Acme Corp']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path

import srsly
from spacy import util
from spacy.attrs import NAMES
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.pipeline.span_ruler import DEFAULT_SPANS_KEY, PatternType
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from .batching import BatchedPipe
from .collector import gc_paused
from .lemma_norms import ensure_lemma_norms
from .tokenizer import doc_text

#: Attributes a phrase pattern gets from ``nlp.make_doc`` alone.
TOKENIZER_ATTRS = ("ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX")
#: Attributes matched through a case-folded attribute, then checked exactly.
FOLDED = {"ORTH": "LOWER"}
PHRASES_VERSION = 1

Keyword = tuple[str, ...]


def attr_name(attr: int | str | None) -> str:
    """The upper-case name of a ``phrase_matcher_attr`` setting.

    >>> attr_name(None), attr_name("text"), attr_name("NORM")
    ('ORTH', 'ORTH', 'NORM')
    """
    if attr is None:
        return "ORTH"
    name = NAMES[attr] if isinstance(attr, int) else attr.upper()
    return "ORTH" if name == "TEXT" else name


class PhraseRuler(BatchedPipe, SpanRuler):
    """A ``SpanRuler`` whose phrase patterns are stored pre-tokenized (see the module doc)."""

    line_wraps = False  # phrases also match across a line wrap (the factory's setting)

    def clear(self) -> None:
        """Reset all patterns."""
        super().clear()
        self.attr = attr_name(self.phrase_matcher_attr)
        self.match_attr = FOLDED.get(self.attr, self.attr)
        if self.match_attr != self.attr:
            self.phrase_matcher = type(self.phrase_matcher)(
                self.nlp.vocab, attr=self.match_attr, validate=self.validate
            )
        # label key -> match keyword -> its exact (ORTH) keywords, or None when not folded
        self._phrase_dict: dict[str, dict[Keyword, set[Keyword] | None]] = {}
        self._table: dict | None = None  # a loaded phrase table, until something changes
        self._table_keys: dict[str, int] = {}
        self._hashes: list[int] = []
        self._exact: dict[int, set[tuple[int, ...]]] = {}  # per match key, on first match
        self._span_keys: dict[int, tuple[int, int]] = {}  # match key -> label, id hashes
        self._wrap_index: WrapIndex | None = None  # built on the first doc with a wrap

    @property
    def tokenizer_only(self) -> bool:
        """Whether phrase patterns need nothing but the tokenizer (see ``TOKENIZER_ATTRS``)."""
        return self.attr in TOKENIZER_ATTRS

    # The pattern dicts and the phrase dict are built from a loaded table when first used.

    @property
    def _patterns(self) -> list[PatternType]:
        if self._pattern_columns is not None:
            self._pattern_list = patterns_from_columns(self._pattern_columns)
            self._pattern_columns = None
        return self._pattern_list

    @_patterns.setter
    def _patterns(self, patterns: list[PatternType]) -> None:
        self._pattern_list = patterns
        self._pattern_columns: dict | None = None

    def __len__(self) -> int:
        if self._pattern_columns is not None:
            return len(self._pattern_columns["label"])
        return len(self._pattern_list)

    @property
    def phrases(self) -> dict[str, dict[Keyword, set[Keyword] | None]]:
        """Label key -> attribute values of its phrases -> their exact forms (when folded)."""
        if self._table is not None:
            self._phrase_dict = phrases_from_table(self._table)
            self._table = None
        return self._phrase_dict

    # -- adding patterns -----------------------------------------------------------------

    def add_patterns(self, patterns: Iterable[PatternType]) -> None:
        """Add entity-ruler patterns: ``{"label": "ORG", "pattern": "Acme", "id": "acme"}``
        (a phrase) or ``{"label": "TECH", "pattern": [{"LOWER": "5g"}]}`` (token patterns)."""
        if not self.tokenizer_only:
            super().add_patterns(list(patterns))
            return
        for entry in patterns:
            key = self._add_label(entry["label"], entry.get("id", ""), entry["pattern"])
            self._patterns.append(entry)
            if isinstance(entry["pattern"], str):
                self._add_phrase(key, self.nlp.make_doc(entry["pattern"]))

    def _add_label(self, label: str, pattern_id: str, pattern: object) -> str:
        """The match key of a label and id; token patterns go to the ``Matcher``."""
        key = repr((label, pattern_id))
        m_id = self.nlp.vocab.strings.as_int(key)
        self._match_label_id_map[m_id] = {"label": label, "id": pattern_id}
        self._span_keys.pop(m_id, None)
        if isinstance(pattern, list):
            self.matcher.add(key, [pattern])
        elif not isinstance(pattern, str):
            raise ValueError(Errors.E097.format(pattern=pattern))
        return key

    def _add_phrase(self, key: str, doc: Doc) -> None:
        strings = self.nlp.vocab.strings
        keyword = tuple(strings[h] for h in doc.to_array([self.match_attr]).tolist())
        exact = None
        if self.match_attr != self.attr:
            exact = tuple(strings[h] for h in doc.to_array([self.attr]).tolist())
        self._add_keyword(key, keyword, exact)

    def _add_keyword(self, key: str, keyword: Keyword, exact: Keyword | None) -> None:
        """Add one phrase to the matcher, unless the same values are there already."""
        if not keyword:
            return
        known = self.phrases.setdefault(key, {})
        if keyword not in known:
            known[keyword] = None if exact is None else set()
            self.phrase_matcher.add(key, [[get_string_id(s) for s in keyword]])
            self._wrap_index = None
        if exact is not None:
            known[keyword].add(exact)  # type: ignore[union-attr]
            self._exact.pop(get_string_id(key), None)

    def remove(self, label: str) -> None:
        """Remove the patterns of a label."""
        super().remove(label)
        self._forget_removed()

    def remove_by_id(self, pattern_id: str) -> None:
        """Remove the patterns of an id."""
        super().remove_by_id(pattern_id)
        self._forget_removed()

    def _forget_removed(self) -> None:
        live = {repr((p["label"], p.get("id", ""))) for p in self._patterns}
        self._phrase_dict = {k: v for k, v in self.phrases.items() if k in live}
        self._exact.clear()
        self._span_keys.clear()
        self._wrap_index = None

    # -- matching ------------------------------------------------------------------------

    def match(self, doc: Doc) -> list[Span]:
        """Token-pattern and phrase matches as spans (phrase matches checked for case).

        The same spans, in the same order, as ``SpanRuler.match``: a ``Span`` sorts by
        its character offsets, label and id, which for spans of at least one token
        follow from ``(start, end, label, id)``; duplicates are dropped before any
        ``Span`` is made. The token ``Matcher`` is asked only when it has patterns (an
        empty one just warns and finds nothing).
        """
        self._require_patterns()
        matches = self._phrase_matches(doc)
        if len(self.matcher):
            matches = list(self.matcher(doc)) + matches
        if not matches:
            return []
        keys = self._span_keys
        found = set()
        for m_id, start, end in matches:
            if start != end:
                label_id = keys.get(m_id)
                if label_id is None:
                    label_id = self._span_key(m_id)
                found.add((start, end, *label_id))
        return [Span(doc, start, end, label=label, span_id=span_id)
                for start, end, label, span_id in sorted(found)]

    def set_annotations(self, doc: Doc, matches: list[Span]) -> None:
        """``SpanRuler.set_annotations``, which is skipped when it would only put the same
        span group back (no match, nothing overwritten, no entities to set)."""
        if matches or self.annotate_ents or self.overwrite or self.key not in doc.spans:
            super().set_annotations(doc, matches)

    def _span_key(self, m_id: int) -> tuple[int, int]:
        """The label and id hashes of a match key (kept in the string store)."""
        strings = self.nlp.vocab.strings
        entry = self._match_label_id_map[m_id]
        found = self._span_keys[m_id] = (strings.add(entry["label"]), strings.add(entry["id"]))
        return found

    def _phrase_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        if self.line_wraps and self._wrap_index is None and "\n" in doc_text(doc):
            self._add_wrap_markers()
        matches = self.phrase_matcher(doc)
        wraps = None
        if self._wrap_index is not None and matches:
            wraps = [start + 1 for m_id, start, _ in matches if m_id == WRAP_MARKER_ID]
            if wraps:
                matches = [m for m in matches if m[0] != WRAP_MARKER_ID]
        if wraps:
            matches = list(matches) + self._wrapped_matches(doc, wraps)
        return self._written_as_patterns(doc, matches)

    def _add_wrap_markers(self) -> None:
        """Build the ``WrapIndex`` and add its markers to the ``PhraseMatcher``: two words
        that follow each other in a phrase, with a line wrap between them. The matcher
        then finds the few wraps worth a look while it matches the phrases (once per
        process, on the first text with a newline; not saved)."""
        self._wrap_index = index = WrapIndex(self._keyword_items())
        markers = [[a, wrap, b] for a, b in index.pairs for wrap in _MARKED_WRAPS]
        with attributeless_lexemes(self.nlp.vocab), gc_paused():
            self.phrase_matcher.add(WRAP_MARKER, markers)

    def _wrapped_matches(self, doc: Doc, wraps: list[int]) -> list[tuple[int, int, int]]:
        """Phrase matches across the line wraps at token offsets ``wraps``."""
        assert self._wrap_index is not None
        values = doc.to_array(self.match_attr).tolist()
        return self._wrap_index.matches(values, sorted(set(wraps)))

    def _written_as_patterns(self, doc: Doc, matches: list[tuple[int, int, int]]
                             ) -> list[tuple[int, int, int]]:
        """The matches written exactly as a pattern of their key, when the matcher runs on
        a folded attribute (the matched tokens' own values, line wraps left out: a few
        tokens, cheaper than the doc's array)."""
        if not matches or self.match_attr == self.attr:
            return matches
        value = attrgetter(self.attr.lower())  # FOLDED attributes are Token properties
        return [
            (m_id, start, end)
            for m_id, start, end in matches
            if tuple(value(doc[i]) for i in range(start, end) if not doc[i].is_space)
            in self._exact_keywords(m_id)
        ]

    def _keyword_items(self) -> Iterator[tuple[int, tuple[int, ...]]]:
        """(match key hash, keyword hashes) of every phrase in the matcher."""
        if self._table is not None:
            hashes = self._hashes
            for key, keywords in zip(self._table["keys"], self._table["match"], strict=True):
                m_id = get_string_id(key)
                for keyword in keywords:
                    yield m_id, tuple(hashes[i] for i in keyword)
        else:
            for key, keywords in self._phrase_dict.items():
                m_id = get_string_id(key)
                for keyword in keywords:
                    yield m_id, tuple(get_string_id(w) for w in keyword)

    def _exact_keywords(self, m_id: int) -> set[tuple[int, ...]]:
        """The exact attribute values (hashes) of the phrases of one match key."""
        found = self._exact.get(m_id)
        if found is None:
            key = self.nlp.vocab.strings[m_id]
            if self._table is not None:
                at = self._table_keys.get(key)
                variants = self._table["exact"][at] if at is not None else []
                found = {tuple(self._hashes[i] for i in e) for v in variants for e in v}
            else:
                found = {
                    tuple(get_string_id(s) for s in exact)
                    for variants in self.phrases.get(key, {}).values()
                    for exact in variants or ()
                }
            self._exact[m_id] = found
        return found

    # -- serialization -------------------------------------------------------------------

    def phrase_table(self) -> dict:
        """The pre-tokenized phrases, as ``phrases`` stores them: a string table and, per
        label key, the match keywords and their exact forms as indexes into it."""
        index: dict[str, int] = {}

        def ids(keyword: Keyword) -> list[int]:
            return [index.setdefault(s, len(index)) for s in keyword]

        phrases = self.phrases
        keys = list(phrases)
        match = [[ids(k) for k in phrases[key]] for key in keys]
        exact = [[[ids(e) for e in sorted(v or ())] for v in phrases[key].values()] for key in keys]
        labels = self._match_label_id_map
        return {
            "version": PHRASES_VERSION,
            "attr": self.attr,
            "match_attr": self.match_attr,
            "strings": list(index),
            "keys": keys,
            "labels": [list(labels[get_string_id(key)].values()) for key in keys],
            "token_patterns": [
                [p["label"], p.get("id", ""), p["pattern"]]
                for p in self._patterns
                if isinstance(p["pattern"], list)
            ],
            "match": match,
            "exact": exact if self.match_attr != self.attr else None,
            "patterns": pattern_columns(self._patterns),
        }

    def load_phrase_table(self, table: dict) -> bool:
        """Restore patterns from :meth:`phrase_table`; False (nothing loaded) if the table
        was written for another attribute or format."""
        usable = (
            table.get("version") == PHRASES_VERSION
            and table.get("attr") == self.attr
            and table.get("match_attr") == self.match_attr
            and self.tokenizer_only
        )
        if not usable:
            return False
        self.clear()
        for label, pattern_id in table["labels"]:
            self._add_label(label, pattern_id, "")
        for label, pattern_id, pattern in table["token_patterns"]:
            self._add_label(label, pattern_id, pattern)
        self._pattern_columns = table["patterns"]
        self._hashes = hashes = [get_string_id(s) for s in table["strings"]]
        with attributeless_lexemes(self.nlp.vocab):  # the keys, "('ORG', 'acme')"
            for key, keywords in zip(table["keys"], table["match"], strict=True):
                self.phrase_matcher.add(key, [[hashes[i] for i in k] for k in keywords])
        self._table = table
        self._table_keys = {key: i for i, key in enumerate(table["keys"])}
        return True

    def to_bytes(self, *, exclude: Iterable[str] = util.SimpleFrozenList()) -> bytes:
        """The patterns and, for tokenizer attributes, the pre-tokenized phrases."""
        if not self.tokenizer_only:
            return super().to_bytes(exclude=exclude)
        return srsly.msgpack_dumps({"phrases": self.phrase_table()})

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = util.SimpleFrozenList()
    ) -> PhraseRuler:
        """Load what :meth:`to_bytes` wrote (or a ``span_ruler``'s bytes)."""
        self._ensure_norms()
        with gc_paused():
            data = srsly.msgpack_loads(bytes_data)
            if "phrases" in data and self.load_phrase_table(data["phrases"]):
                return self
        return super().from_bytes(bytes_data, exclude=exclude)

    def _ensure_norms(self) -> None:
        """A ruler on ``NORM`` needs the vocabulary's lemma norms installed (the tokenizer
        does that when it loads; not if it was left out or replaced)."""
        if self.match_attr == "NORM":
            ensure_lemma_norms(self.nlp.vocab)

    def to_disk(
        self, path: str | Path, *, exclude: Iterable[str] = util.SimpleFrozenList()
    ) -> None:
        """Write ``patterns`` (entity-ruler JSONL) and ``phrases`` (pre-tokenized)."""
        super().to_disk(path, exclude=exclude)
        if self.tokenizer_only:
            srsly.write_msgpack(Path(path) / "phrases", self.phrase_table())

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = util.SimpleFrozenList()
    ) -> PhraseRuler:
        """Load ``phrases`` if it fits this ruler's attribute, else re-add ``patterns``."""
        self._ensure_norms()
        phrases = Path(path) / "phrases"
        if phrases.exists():
            with gc_paused():
                if self.load_phrase_table(srsly.read_msgpack(phrases)):
                    return self
        return super().from_disk(path, exclude=exclude)


#: Whitespace tokens that wrap a line: one newline, with at most one space, tab or CR.
WRAP_TEXTS = ("\n", "\n ", " \n", "\n\t", "\t\n", "\r\n")
_WRAP_SET = frozenset(get_string_id(text) for text in WRAP_TEXTS)
#: The wraps the markers look for (the others are rare: the token search skips them).
_MARKED_WRAPS = tuple(get_string_id(text) for text in ("\n", "\r\n"))
#: The match key of the wrap markers (``PhraseRuler._add_wrap_markers``): no label.
WRAP_MARKER = "line wrap"  # holds a space: no tokenizer makes it a word
WRAP_MARKER_ID = get_string_id(WRAP_MARKER)


class WrapIndex:
    """The multiword phrases of a matcher, to find them across line wraps.

    Only a wrap between two words that follow each other in some phrase is looked at
    (``pairs``; the ruler's ``PhraseMatcher`` finds those wraps): most wraps fall
    between words no name joins. There the phrase's words before the wrap (a proper
    prefix of a phrase) are extended over it word by word while they remain a prefix.
    """

    def __init__(self, items: Iterable[tuple[int, tuple[int, ...]]]) -> None:
        self.keywords: dict[tuple[int, ...], list[int]] = {}
        self.prefixes: set[tuple[int, ...]] = set()
        self.pairs: set[tuple[int, int]] = set()  # two words side by side in a phrase
        self.longest = 0
        for m_id, keyword in items:
            if len(keyword) < 2:
                continue
            self.keywords.setdefault(keyword, []).append(m_id)
            self.longest = max(self.longest, len(keyword))
            for n in range(1, len(keyword)):
                self.prefixes.add(keyword[:n])
            self.pairs.update(zip(keyword[:-1], keyword[1:], strict=True))

    def matches(self, values: list[int], wraps: list[int]) -> list[tuple[int, int, int]]:
        """(match key, start, end) of the phrases of ``values`` (the tokens' matched
        attribute) that cross one of the wrap tokens at ``wraps``."""
        found = []
        n, prefixes, keywords = len(values), self.prefixes, self.keywords
        for w in wraps:
            if not (0 < w < n - 1 and (values[w - 1], values[w + 1]) in self.pairs):
                continue
            for start in range(w - 1, max(-1, w - self.longest), -1):
                if values[start] in _WRAP_SET:
                    break
                seq = tuple(values[start:w])
                if seq not in prefixes:
                    continue
                j = w + 1
                while j < n:
                    value = values[j]
                    if value not in _WRAP_SET:
                        seq = (*seq, value)
                        for m_id in keywords.get(seq, ()):
                            found.append((m_id, start, j + 1))
                        if seq not in prefixes:
                            break
                    j += 1
        return found


@contextmanager
def attributeless_lexemes(vocab: Vocab) -> Iterator[None]:
    """Words that enter ``vocab`` inside get no lexical attributes (norm, shape, flags).

    ``PhraseMatcher.add`` enters each match key in the vocabulary as a word: computing
    the attributes of 3,000 keys was a tenth of the pipeline's load time. Only for keys
    no tokenizer can produce: a match key (``"('ORG', 'acme')"``) holds a space.
    """
    getters = vocab.lex_attr_getters
    vocab.lex_attr_getters = {}
    try:
        yield
    finally:
        vocab.lex_attr_getters = getters


def phrases_from_table(table: dict) -> dict[str, dict[Keyword, set[Keyword] | None]]:
    """The phrase dict of :meth:`PhraseRuler.phrases` from a stored table."""
    strings = table["strings"]
    exact = table["exact"] or [None] * len(table["keys"])
    phrases: dict[str, dict[Keyword, set[Keyword] | None]] = {}
    for key, keywords, variants in zip(table["keys"], table["match"], exact, strict=True):
        phrases[key] = {
            tuple(strings[i] for i in k): (
                None if v is None else {tuple(strings[i] for i in e) for e in v}
            )
            for k, v in zip(keywords, variants or [None] * len(keywords), strict=True)
        }
    return phrases


def pattern_columns(patterns: list[PatternType]) -> dict:
    """Patterns as columns (fast to load); patterns with other keys are kept whole.

    >>> pattern_columns([{"label": "ORG", "pattern": "Acme", "id": "acme"}])
    {'label': ['ORG'], 'pattern': ['Acme'], 'id': ['acme'], 'other': {}}
    """
    columns: dict = {"label": [], "pattern": [], "id": [], "other": {}}
    for i, entry in enumerate(patterns):
        if set(entry) - {"label", "pattern", "id"}:
            columns["other"][str(i)] = entry
        columns["label"].append(entry["label"])
        columns["pattern"].append(entry["pattern"])
        columns["id"].append(entry.get("id"))
    return columns


def patterns_from_columns(columns: dict) -> list[PatternType]:
    """The pattern dicts of :func:`pattern_columns` (``id`` only where it was set)."""
    other = columns.get("other", {})
    patterns: list[PatternType] = []
    for i, (label, pattern, pattern_id) in enumerate(
        zip(columns["label"], columns["pattern"], columns["id"], strict=True)
    ):
        entry = other.get(str(i))
        if entry is None:
            entry = {"label": label, "pattern": pattern}
            if pattern_id is not None:
                entry["id"] = pattern_id
        patterns.append(entry)
    return patterns


@Language.factory(
    "phrase_ruler",
    assigns=["doc.spans"],
    default_config={
        "spans_key": DEFAULT_SPANS_KEY,
        "spans_filter": None,
        "annotate_ents": False,
        "ents_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "phrase_matcher_attr": None,
        "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
        "validate": False,
        "overwrite": True,
        "line_wraps": False,
        "scorer": {
            "@scorers": "spacy.overlapping_labeled_spans_scorer.v1",
            "spans_key": DEFAULT_SPANS_KEY,
        },
    },
    default_score_weights={
        f"spans_{DEFAULT_SPANS_KEY}_f": 1.0,
        f"spans_{DEFAULT_SPANS_KEY}_p": 0.0,
        f"spans_{DEFAULT_SPANS_KEY}_r": 0.0,
        f"spans_{DEFAULT_SPANS_KEY}_per_type": None,
    },
)
def make_phrase_ruler(
    nlp: Language,
    name: str,
    spans_key: str | None,
    spans_filter: Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]] | None,
    annotate_ents: bool,
    ents_filter: Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]],
    phrase_matcher_attr: int | str | None,
    matcher_fuzzy_compare: Callable,
    validate: bool,
    overwrite: bool,
    line_wraps: bool,
    scorer: Callable | None,
) -> PhraseRuler:
    """Factory for :class:`PhraseRuler` (the settings of spaCy's ``span_ruler``, and
    ``line_wraps``: phrases also match across a line wrap)."""
    ruler = PhraseRuler(
        nlp,
        name,
        spans_key=spans_key,
        spans_filter=spans_filter,
        annotate_ents=annotate_ents,
        ents_filter=ents_filter,
        phrase_matcher_attr=phrase_matcher_attr,
        matcher_fuzzy_compare=matcher_fuzzy_compare,
        validate=validate,
        overwrite=overwrite,
        scorer=scorer,
    )
    ruler.line_wraps = line_wraps
    return ruler
