"""Lemma norms: every word's ``NORM`` is its lower-cased lemma, looked up once per word type.

spaCy's lookup lemmatizer sets ``token.lemma_`` token by token, which costs more than
tokenizing (measured on newswire: 286,000 words/s for the tokenizer alone, 194,000 with the
lemmatizer). Patterns only need lemmas to compare words, so we put the same
spacy-lookups-data table (``en_lemma_lookup``) into the vocabulary's ``lexeme_norm``
table instead: a word's norm is computed once, when the word first enters the
vocabulary, and ``PhraseMatcher(attr="NORM")`` then matches ``semiconductors`` and
``Semiconductors`` to the pattern ``semiconductor`` at no per-token cost.

The table is saved with the assembled pipeline (in the ``tokenizer`` file, see
:func:`add_lemma_norms`); nothing is read from spacy-lookups-data after assembly.
Token lemmas are still available: the ``lemmatizer`` component is in the pipeline,
disabled by default
(``nlp.enable_pipe("lemmatizer")`` after ``spacy.load``).

>>> norms = build_lemma_norms({"chips": "chip", "Chips": "Chips", "mice": "mouse"})
>>> norms["chips"], norms["Chips"], norms["CHIPS"], norms["Mice"]
('chip', 'chip', 'chip', 'mouse')
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from functools import partial
from importlib import resources

from spacy.attrs import NORM
from spacy.lang.lex_attrs import LEX_ATTRS
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.vocab import Vocab


def load_lookups_data(name: str) -> dict[str, str]:
    """A table of spacy-lookups-data by file name (``en_lemma_lookup``), as a dict."""
    path = resources.files("spacy_lookups_data") / "data" / f"{name}.json.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as f:
        return json.load(f)


def build_lemma_norms(
    lemmas: dict[str, str], exceptions: dict[str, str] | None = None
) -> dict[str, str]:
    """Form → lower-cased lemma, for lower, Capitalized and UPPER forms of each word.

    ``exceptions`` are spaCy's norm exceptions (``centre`` → ``center``), applied before
    the lemma, so ``data centres`` and ``data center`` share norms. Only words whose
    norm differs from their lower-cased form are listed: any other word's default norm
    is already its lower-cased form.
    """
    exceptions = exceptions or {}
    norms: dict[str, str] = {}
    for form in sorted({*lemmas, *exceptions}):
        low = form.lower()
        spelled = exceptions.get(low, low)
        target = lemmas.get(spelled, lemmas.get(low, spelled)).lower()
        if target == low:
            continue
        for variant in (low, low.capitalize(), low.upper(), form):
            norms.setdefault(variant, target)
    return norms


def pack_norms(norms: dict[str, str]) -> list[str] | dict[str, str]:
    """``norms`` as ``["joined", keys, values]`` (newline-joined strings), which msgpack
    reads in a few milliseconds (as a map of 126,000 strings: 75 ms); the plain map if a
    word holds a newline."""
    if any("\n" in k or "\n" in v for k, v in norms.items()):
        return norms
    return ["joined", "\n".join(norms), "\n".join(norms.values())]


def unpack_norms(packed: list[str] | dict[str, str]) -> dict[str, str]:
    """The dict :func:`pack_norms` packed (a plain map is returned as a dict).

    >>> unpack_norms(pack_norms({"chips": "chip", "Mice": "mouse"}))
    {'chips': 'chip', 'Mice': 'mouse'}
    >>> unpack_norms({"keys": "key"})
    {'keys': 'key'}
    """
    if isinstance(packed, dict):
        return dict(packed)
    kind, keys, values = packed
    if kind != "joined":
        raise ValueError(f"unknown lemma norms format {kind!r}")
    if not keys:
        return {}
    return dict(zip(keys.split("\n"), values.split("\n"), strict=True))


def _lemma_norm(default: Callable[[str], str], norms: dict[str, str], string: str) -> str:
    """A word's NORM: its lemma norm when it has one, else what ``default`` gives."""
    norm = norms.get(string)
    return default(string) if norm is None else norm


def install_lemma_norms(vocab: Vocab, norms: dict[str, str]) -> None:
    """Make ``norms`` the first source of ``NORM`` for words that enter ``vocab`` from now
    on, as a ``lexeme_norm`` lookups table would (spaCy's ``Vocab.lookups`` setter), and
    before the getter that was there (installing twice replaces the first install)."""
    getter = vocab.lex_attr_getters.get(NORM, LEX_ATTRS[NORM])
    if isinstance(getter, partial) and getter.func is _lemma_norm:
        getter = getter.args[0]
    vocab.lex_attr_getters[NORM] = partial(_lemma_norm, getter, norms)


def add_lemma_norms(nlp: Language, lang: str = "en") -> Language:
    """Give ``nlp.vocab`` lemma norms (and spaCy's own norm exceptions).

    With the project's tokenizer (``pipeline.news_tokenizer.v1``) the table is saved with
    the tokenizer and installed when it loads: a plain dict, read in a few milliseconds.
    With another tokenizer it goes into the vocabulary's ``lexeme_norm`` lookups table
    (which ``spacy.load`` rebuilds entry by entry: a quarter of a second for this table).
    """
    norms = build_lemma_norms(
        load_lookups_data(f"{lang}_lemma_lookup"), load_lookups_data(f"{lang}_lexeme_norm")
    )
    set_norms = getattr(nlp.tokenizer, "set_lemma_norms", None)
    if set_norms is not None:
        set_norms(norms)
    else:
        lookups = Lookups()
        for name in nlp.vocab.lookups.tables:
            if name != "lexeme_norm":
                lookups.set_table(name, nlp.vocab.lookups.get_table(name))
        lookups.add_table("lexeme_norm", norms)
        nlp.vocab.lookups = lookups  # the setter makes NORM use the table for new words
    for lexeme in nlp.vocab:  # words already in the vocabulary
        if lexeme.orth_ in norms:
            lexeme.norm_ = norms[lexeme.orth_]
    return nlp
