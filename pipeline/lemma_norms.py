"""Lemma norms: every word's ``NORM`` is its lower-cased lemma, looked up once per word type.

spaCy's lookup lemmatizer sets ``token.lemma_`` token by token, which costs more than
tokenizing (measured on newswire: 286,000 words/s for the tokenizer alone, 194,000 with the
lemmatizer). Patterns only need lemmas to compare words, so we put the same
spacy-lookups-data table (``en_lemma_lookup``) into the vocabulary's ``lexeme_norm``
table instead: a word's norm is computed once, when the word first enters the
vocabulary, and ``PhraseMatcher(attr="NORM")`` then matches ``semiconductors`` and
``Semiconductors`` to the pattern ``semiconductor`` at no per-token cost.

The table is saved with the assembled pipeline (in the vocabulary's lookups, see
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
from collections.abc import Callable, Mapping
from functools import partial
from importlib import resources

from spacy.attrs import NORM
from spacy.lang.lex_attrs import LEX_ATTRS
from spacy.language import Language
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


#: The vocabulary's lookups table holding the packed lemma norms
NORMS_TABLE = "lemma_norms"
NORMS_FORMAT = "joined-v1"


def pack_norms(norms: dict[str, str]) -> dict[str, object]:
    """``norms`` as newline-joined keys and values (msgpack reads two long strings in a
    few milliseconds, a map of 126,000 strings in 75 ms), with a format and a count."""
    if any("\n" in k or "\n" in v for k, v in norms.items()):
        raise ValueError("a lemma norm holds a newline")
    return {"format": NORMS_FORMAT, "count": len(norms),
            "keys": "\n".join(norms), "values": "\n".join(norms.values())}


def unpack_norms(packed: Mapping[str, object]) -> dict[str, str]:
    """The dict :func:`pack_norms` packed; ValueError for anything else.

    >>> unpack_norms(pack_norms({"chips": "chip", "Mice": "mouse"}))
    {'chips': 'chip', 'Mice': 'mouse'}
    """
    if packed.get("format") != NORMS_FORMAT:
        raise ValueError(f"unknown lemma norms format {packed.get('format')!r}")
    keys, values = str(packed["keys"]), str(packed["values"])
    norms = dict(zip(keys.split("\n"), values.split("\n"), strict=True)) if keys else {}
    if len(norms) != packed["count"]:
        raise ValueError(f"lemma norms: {len(norms)} read, {packed['count']} stored")
    return norms


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


def installed_norms(vocab: Vocab) -> dict[str, str] | None:
    """The lemma norms ``vocab`` uses, if any are installed."""
    getter = vocab.lex_attr_getters.get(NORM)
    if isinstance(getter, partial) and getter.func is _lemma_norm:
        return getter.args[1]
    return None


def store_lemma_norms(vocab: Vocab, norms: dict[str, str]) -> None:
    """Install ``norms`` and keep them, packed, in the vocabulary's lookups (saved with
    the vocabulary, so that they survive whatever tokenizer the pipeline ends up with)."""
    if vocab.lookups.has_table(NORMS_TABLE):
        vocab.lookups.remove_table(NORMS_TABLE)
    vocab.lookups.add_table(NORMS_TABLE, pack_norms(norms))
    install_lemma_norms(vocab, norms)


def ensure_lemma_norms(vocab: Vocab) -> None:
    """Install the lemma norms stored in ``vocab``'s lookups, unless they are installed.

    Called when a pipeline loads, by the tokenizer (``pipeline.news_tokenizer.v1``) and by
    the rulers that match on ``NORM``: spaCy reads the vocabulary first, but installs no
    getter for a table it does not know."""
    if installed_norms(vocab) is not None or not vocab.lookups.has_table(NORMS_TABLE):
        return
    table = vocab.lookups.get_table(NORMS_TABLE)
    install_lemma_norms(vocab, unpack_norms({k: table.get(k) for k in
                                             ("format", "count", "keys", "values")}))


def add_lemma_norms(nlp: Language, lang: str = "en") -> Language:
    """Give ``nlp.vocab`` lemma norms (and spaCy's own norm exceptions).

    They are kept in the vocabulary's lookups as one packed ``lemma_norms`` table (two
    strings, read in milliseconds) rather than as a ``lexeme_norm`` table, which
    ``spacy.load`` would rebuild entry by entry (a quarter of a second for this one).
    """
    norms = build_lemma_norms(
        load_lookups_data(f"{lang}_lemma_lookup"), load_lookups_data(f"{lang}_lexeme_norm")
    )
    store_lemma_norms(nlp.vocab, norms)
    for lexeme in nlp.vocab:  # words already in the vocabulary
        if lexeme.orth_ in norms:
            lexeme.norm_ = norms[lexeme.orth_]
    return nlp
