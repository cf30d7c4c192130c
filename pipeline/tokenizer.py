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

>>> import spacy
>>> nlp = customize_tokenizer(spacy.blank("en"))
>>> [t.text for t in nlp("$1.13bn by mid-2024, up from $300m.")]
['$', '1.13', 'bn', 'by', 'mid', '-', '2024', ',', 'up', 'from', '$', '300', 'm', '.']
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex, registry

from .lemma_norms import add_lemma_norms

SCALE_SUFFIXES = ("bn", "bln", "mln", "mn", "m", "k", "tn", "trn", "p", "pc")
#: Tokenizer exceptions that would swallow a sentence-final full stop after an amount.
DROPPED_EXCEPTIONS = ("m.", "p.")


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
