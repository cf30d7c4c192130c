"""Tokenizer rules for news text, applied when the pipeline is assembled.

spaCy's English tokenizer keeps ``1.13bn`` and ``mid-2024`` as single tokens, so an
entity boundary could fall inside a token. These rules split them, and are saved with
the assembled pipeline (no code is needed to tokenize the same way after loading):

- a scale or currency abbreviation glued to a number: ``1.13bn`` -> ``1.13`` ``bn``,
  ``600m`` -> ``600`` ``m``, ``53p`` -> ``53`` ``p``;
- a hyphen between letters and a digit: ``mid-2024`` -> ``mid`` ``-`` ``2024``;
- a slash between a word and a number: ``Q3/2024`` -> ``Q3`` ``/`` ``2024``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex, registry

SCALE_SUFFIXES = ("bn", "bln", "mln", "mn", "m", "k", "tn", "trn", "p", "pc")


@registry.callbacks("pipeline.news_tokenizer.v1")
def make_news_tokenizer() -> Callable[[Language], Language]:
    """A ``before_init`` callback that adds the news tokenizer rules to ``nlp``."""

    def customize(nlp: Language) -> Language:
        scales = "|".join(SCALE_SUFFIXES)
        suffixes = [rf"(?<=[0-9])(?:{scales})", *nlp.Defaults.suffixes]
        infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z])-(?=[0-9])", r"(?<=[0-9])/(?=[0-9]{4}\b)"]
        nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        return nlp

    return customize
