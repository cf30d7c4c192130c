"""Tokenizer rules for news text, applied when the pipeline is assembled.

spaCy's English tokenizer keeps ``1.13bn`` and ``mid-2024`` as single tokens, so an
entity boundary could fall inside a token. These rules split them, and are saved with
the assembled pipeline (it tokenizes the same way after ``spacy.load``):

- a scale or currency abbreviation glued to a number: ``1.13bn`` -> ``1.13`` ``bn``,
  ``600m`` -> ``600`` ``m``, ``53p`` -> ``53`` ``p``;
- a hyphen between letters and a digit or currency sign: ``mid-2024`` -> ``mid`` ``-``
  ``2024``, ``sub-$50`` -> ``sub`` ``-`` ``$50``;
- ``m.`` and ``p.`` are not kept as abbreviations, so a sentence-final ``$300m.`` or
  ``643p.`` ends in ``m`` ``.`` or ``p`` ``.``;
- a slash before a four-digit year: ``Q3/2024`` -> ``Q3`` ``/`` ``2024``.

The tokenizer itself is spaCy's, registered as ``pipeline.news_tokenizer.v1``: a
:class:`NewsTokenizer` also remembers the text it tokenized for each doc, so that the
components that read the text (:func:`doc_text`) do not rebuild it from the tokens.

>>> import spacy
>>> nlp = customize_tokenizer(spacy.blank("en"))
>>> [t.text for t in nlp("$1.13bn by mid-2024, up from $300m.")]
['$', '1.13', 'bn', 'by', 'mid', '-', '2024', ',', 'up', 'from', '$', '300', 'm', '.']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

from spacy import util
from spacy.language import BaseDefaults, Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    registry,
)

from .grammar.regex_cache import compile_regex
from .lemma_norms import add_lemma_norms, ensure_lemma_norms

SCALE_SUFFIXES = ("bn", "bln", "mln", "mn", "m", "k", "tn", "trn", "p", "pc")
#: Tokenizer exceptions that would swallow a sentence-final full stop after an amount.
DROPPED_EXCEPTIONS = ("m.", "p.")


_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``: the text :class:`NewsTokenizer` tokenized, else built once per doc.

    spaCy builds ``doc.text`` from the tokens on every access (about 0.3 µs a token, as
    much as a tenth of tokenizing); the cache is weak, so the text goes with the doc.
    A doc whose whitespace is rewritten after tokenizing (``doc.from_array`` of
    ``SPACY``) keeps its first text here: the pipeline's components never do that.
    """
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


class NewsTokenizer(Tokenizer):
    """spaCy's ``Tokenizer``, which also

    - remembers each doc's text for :func:`doc_text` (a doc's text is the text it was
      made from: spaCy's tokenizer loses no character);
    - installs the lemma norms stored in the vocabulary (:mod:`pipeline.lemma_norms`)
      when it is loaded, before any word of its special cases enters the vocabulary;
    - compiles its saved regular expressions through the grammar's regex cache
      (:mod:`pipeline.grammar.regex_cache`) when it is loaded;
    - can wait for :meth:`from_bytes` instead of building spaCy's English rules first
      (``defaults = false`` in the assembled pipeline's config): they are applied if it
      is used, or saved, before anything was loaded.
    """

    #: The language defaults whose settings are not applied yet (None: applied, or
    #: loaded from disk).
    _pending: type[BaseDefaults] | None = None

    def __call__(self, text: str) -> Doc:
        self._ready()
        doc = super().__call__(text)
        _TEXTS[doc] = text
        return doc

    def _ready(self) -> None:
        """Apply the pending language settings, if any (before any use of the rules)."""
        if self._pending is not None:
            defaults, self._pending = self._pending, None
            for name, value in language_settings(defaults).items():
                setattr(self, name, value)

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        self._ready()
        return super().to_bytes(exclude=exclude)

    def explain(self, text: str) -> list[tuple[str, str]]:
        self._ready()
        return super().explain(text)

    def __reduce__(self) -> tuple:
        self._ready()
        return super().__reduce__()

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()
                   ) -> NewsTokenizer:
        """spaCy's ``Tokenizer.from_bytes``, its regular expressions compiled through the
        regex cache (the same patterns, a fifth of the tokenizer's load time saved)."""
        self._pending = None
        ensure_lemma_norms(self.vocab)
        data: dict[str, Any] = {}
        deserializers = {
            "vocab": lambda b: self.vocab.from_bytes(b, exclude=exclude),
            **{key: partial(data.setdefault, key) for key in (
                "prefix_search", "suffix_search", "infix_finditer", "token_match",
                "url_match", "faster_heuristics")},
            "exceptions": partial(data.setdefault, "rules"),
        }
        # as spaCy does: reset everything first, so that loading the rules is fast
        self.rules = {}
        self.prefix_search = self.suffix_search = self.infix_finditer = None
        self.token_match = self.url_match = None
        util.from_bytes(bytes_data, deserializers, exclude)
        for key, method in REGEX_SETTINGS.items():
            if isinstance(data.get(key), str):
                setattr(self, key, getattr(compile_regex(data[key]), method))
        if "faster_heuristics" in data:
            self.faster_heuristics = data["faster_heuristics"]
        if isinstance(data.get("rules"), dict):  # last: they are tokenized with the above
            self.rules = data["rules"]
        return self


#: The tokenizer's regular-expression settings and the method of each it keeps.
REGEX_SETTINGS = {"prefix_search": "search", "suffix_search": "search",
                  "infix_finditer": "finditer", "token_match": "match", "url_match": "match"}


@registry.tokenizers("pipeline.news_tokenizer.v1")
def make_news_tokenizer(defaults: bool = True) -> Callable[[Language], Tokenizer]:
    """``[nlp.tokenizer]``: ``spacy.Tokenizer.v1`` built as a :class:`NewsTokenizer`
    (the news rules are added at assembly, see :func:`make_news_english`).

    ``defaults = false`` (written in the assembled pipeline's config) leaves spaCy's
    English rules unbuilt until the tokenizer is used without being loaded: loading
    replaces them anyway, and building them was a sixth of the load time.
    """

    def create(nlp: Language) -> Tokenizer:
        if not defaults:
            tokenizer = NewsTokenizer(nlp.vocab)
            tokenizer._pending = nlp.Defaults
            return tokenizer
        return NewsTokenizer(nlp.vocab, **language_settings(nlp.Defaults))

    return create


def language_settings(defaults: type[BaseDefaults]) -> dict[str, Any]:
    """A language's tokenizer settings (``spacy.Tokenizer.v1``), the rules last: they
    are tokenized with the others when set."""
    return {
        "prefix_search": compile_prefix_regex(defaults.prefixes).search
        if defaults.prefixes else None,
        "suffix_search": compile_suffix_regex(defaults.suffixes).search
        if defaults.suffixes else None,
        "infix_finditer": compile_infix_regex(defaults.infixes).finditer
        if defaults.infixes else None,
        "token_match": defaults.token_match,
        "url_match": defaults.url_match,
        "rules": defaults.tokenizer_exceptions,
    }


def customize_tokenizer(nlp: Language) -> Language:
    """Add the news rules above to ``nlp.tokenizer``."""
    scales = "|".join(SCALE_SUFFIXES)
    suffixes = [rf"(?<=[0-9])(?:{scales})", *nlp.Defaults.suffixes]
    infixes = [
        *nlp.Defaults.infixes,
        r"(?<=[A-Za-z])-(?=[0-9$€£¥])",
        r"(?<=[0-9A-Za-z])/(?=[0-9]{4}\b)",
    ]
    nlp.tokenizer.rules = {
        text: tokens
        for text, tokens in nlp.tokenizer.rules.items()
        if text.lower() not in DROPPED_EXCEPTIONS
    }
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


@registry.callbacks("pipeline.news_english.v1")
def make_news_english(
    tokenizer_rules: bool = True, lemma_norms: bool = True
) -> Callable[[Language], Language]:
    """``[initialize.before_init]`` callback: news tokenizer rules and lemma norms.

    Both are saved with the assembled pipeline, so loading needs neither this code nor
    spacy-lookups-data.
    """

    def before_init(nlp: Language) -> Language:
        if tokenizer_rules:
            customize_tokenizer(nlp)
        if lemma_norms:
            add_lemma_norms(nlp)
        return nlp

    return before_init
