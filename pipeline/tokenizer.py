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
from weakref import WeakKeyDictionary

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    registry,
)

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
      when it is loaded, before any word of its special cases enters the vocabulary.
    """

    def __call__(self, text: str) -> Doc:
        doc = super().__call__(text)
        _TEXTS[doc] = text
        return doc

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()
                   ) -> NewsTokenizer:
        ensure_lemma_norms(self.vocab)
        super().from_bytes(bytes_data, exclude=exclude)
        return self


@registry.tokenizers("pipeline.news_tokenizer.v1")
def make_news_tokenizer() -> Callable[[Language], Tokenizer]:
    """``[nlp.tokenizer]``: ``spacy.Tokenizer.v1`` built as a :class:`NewsTokenizer`
    (the news rules are added at assembly, see :func:`make_news_english`)."""

    def create(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return NewsTokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(defaults.prefixes).search
            if defaults.prefixes else None,
            suffix_search=compile_suffix_regex(defaults.suffixes).search
            if defaults.suffixes else None,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer
            if defaults.infixes else None,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return create


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
