"""The assembled pipeline end to end: exact spans, the seed article, round trips."""

from __future__ import annotations

import json

import pytest
import spacy
import srsly
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin

from pipeline.evaluate import evaluate
from pipeline.records import doc_to_record, record_to_doc
from tests.conftest import SEED, SEED_GOLD, ents


def annotate(nlp, text, date=None):
    doc = nlp.make_doc(text)
    doc.user_data["meta"] = {"id": "t", "date": date}
    return nlp(doc)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Microsoft (MSFT) said it would invest $2.9 billion in Japan on Tuesday.",
         [("Microsoft", "ORG"), ("$2.9 billion", "MONEY"), ("Tuesday", "DATE")]),
        ("The ministry approved up to 590 billion yen ($3.9 billion) last year.",
         [("590 billion yen", "MONEY"), ("$3.9 billion", "MONEY"), ("last year", "DATE")]),
        ("Investment in artificial intelligence (AI) and semiconductors grew.",
         [("artificial intelligence", "TECH"), ("AI", "TECH"), ("semiconductors", "TECH")]),
        ("It will make two-nanometer chips from April 2025 for the semiconductor industry.",
         [("two-nanometer chips", "TECH"), ("April 2025", "DATE"), ("semiconductor", "TECH")]),
        ("Intel and Samsung compete with TSMC, the US Chamber of Commerce said.",
         [("Intel", "ORG"), ("Samsung", "ORG"), ("TSMC", "ORG"),
          ("US Chamber of Commerce", "ORG")]),
    ],
)
def test_exact_spans(nlp, text, expected):
    assert ents(annotate(nlp, text)) == expected


def test_seed_article_scores(nlp):
    gold = list(srsly.read_jsonl(SEED_GOLD))
    record = next(iter(srsly.read_jsonl(SEED)))
    doc = annotate(nlp, record["text"], record["meta"]["date"])
    doc.user_data["meta"] = record["meta"]
    scores = evaluate(gold, [doc_to_record(doc)]).scores()
    for label in ("ORG", "MONEY", "DATE", "TECH"):
        assert scores[label]["f"] >= 0.97, (label, scores[label])


def test_footer_gets_no_entities(nlp):
    record = next(iter(srsly.read_jsonl(SEED)))
    doc = annotate(nlp, record["text"])
    footer_start = record["text"].index("About Kepala Bergetar")
    assert [(s.start_char, s.end_char) for s in doc.spans["boilerplate"]] == [
        (footer_start, len(record["text"]))
    ]
    assert all(e.end_char <= footer_start for e in doc.ents)


def test_jsonl_docbin_round_trip(nlp, tmp_path):
    record = next(iter(srsly.read_jsonl(SEED)))
    doc = annotate(nlp, record["text"], "2024-04-09")
    first = doc_to_record(doc)
    docbin = DocBin(store_user_data=True, docs=[doc])
    docbin.to_disk(tmp_path / "a.spacy")
    back = list(DocBin().from_disk(tmp_path / "a.spacy").get_docs(nlp.vocab))[0]
    assert doc_to_record(back) == first
    rebuilt = record_to_doc(json.loads(json.dumps(first)), nlp.vocab)
    assert doc_to_record(rebuilt) == first


def test_spacy_load_gives_the_same_annotations(nlp, assembled):
    loaded = spacy.load(assembled)
    assert loaded.pipe_names == nlp.pipe_names
    record = next(iter(srsly.read_jsonl(SEED)))
    a = doc_to_record(annotate(nlp, record["text"], "2024-04-09"))
    b = doc_to_record(annotate(loaded, record["text"], "2024-04-09"))
    assert a == b


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=0, max_size=300))
def test_invariants_on_arbitrary_text(nlp, text):
    doc = annotate(nlp, text)
    record = doc_to_record(doc)
    assert record["text"] == text
    last_end = 0
    for span in record["spans"]:
        assert text[span["start"]:span["end"]] == span["text"]
        assert span["start"] >= last_end
        assert span["text"] == span["text"].strip()
        last_end = span["end"]


def test_seed_article_values(nlp):
    record = next(iter(srsly.read_jsonl(SEED)))
    doc = annotate(nlp, record["text"], "2024-04-09")
    values = {}
    for ent in doc.ents:
        norm = ent._.norm or {}
        values.setdefault((ent.text, ent.label_), norm.get("value"))
    assert values[("Wednesday", "DATE")] == "2024-04-10"
    assert values[("Tuesday", "DATE")] == "2024-04-09"
    assert values[("Last year", "DATE")] == "2023"
    assert values[("Last month", "DATE")] == "2024-03"
    assert values[("Earlier this month", "DATE")] == "2024-04"
    assert values[("April 2025", "DATE")] == "2025-04"
    assert values[("17 years", "DATE")] == "P17Y"
    assert values[("several years ago", "DATE")] == "PAST_REF"
    money = {e.text: e._.norm for e in doc.ents if e.label_ == "MONEY"}
    assert money["$2.17 billion"] == {**money["$2.17 billion"], "value": 2170000000,
                                      "currency": "USD"}
    assert money["330 billion yen"]["value"] == 330_000_000_000
    assert money["330 billion yen"]["currency"] == "JPY"
    assert money["330 billion yen"]["qualifier"] == "about"
    assert money["590 billion yen"]["qualifier"] == "up to"
    orgs = {e.text: e._.norm for e in doc.ents if e.label_ == "ORG"}
    assert orgs["Microsoft"] == {**orgs["Microsoft"], "id": "microsoft", "ticker": "MSFT"}
    assert orgs["Micron Technology"]["ticker"] == "MU"
    tech = {e.text: e._.norm for e in doc.ents if e.label_ == "TECH"}
    assert tech["semiconductors"]["category"] == "semiconductors"
    assert tech["AI"]["category"] == "ai"


def test_lemmatizer_can_be_enabled_after_load(assembled):
    """The disabled lookup lemmatizer gives token.lemma_ once enabled, as the README says."""
    nlp = spacy.load(assembled)
    assert "lemmatizer" in nlp.disabled
    assert [t.lemma_ for t in nlp("Chips")] == [""]
    nlp.enable_pipe("lemmatizer")
    assert [t.lemma_ for t in nlp("Nvidia bought chips")] == ["Nvidia", "buy", "chip"]


@pytest.mark.parametrize("how", ["load", "exclude_tokenizer", "plain_tokenizer", "pickle"])
def test_lemma_norms_survive(nlp, assembled, tmp_path, how):
    """Lemma norms live in the vocabulary's lookups: they are installed on load, also
    without the project's tokenizer (left out, or replaced by spaCy's), and pickled."""
    import pickle

    from spacy.tokenizer import Tokenizer

    if how == "load":
        loaded = spacy.load(assembled)
    elif how == "exclude_tokenizer":
        loaded = spacy.load(assembled, exclude=["tokenizer"])
    elif how == "plain_tokenizer":
        first = spacy.load(assembled)
        first.tokenizer = Tokenizer(first.vocab, rules=first.tokenizer.rules)
        first.to_disk(tmp_path / "plain")
        loaded = spacy.load(tmp_path / "plain")
    else:
        loaded = pickle.loads(pickle.dumps(spacy.load(assembled).vocab))
    vocab = loaded if how == "pickle" else loaded.vocab
    words = ["Semiconductors", "SEMICONDUCTORS", "chips", "Mice", "centres", "said"]
    assert [vocab[w].norm_ for w in words] == [nlp.vocab[w].norm_ for w in words]
    assert [vocab[w].norm_ for w in words] == ["semiconductor", "semiconductor", "chip",
                                               "mouse", "center", "say"]


def test_error_handler_applies_to_batched_components(nlp, monkeypatch):
    """nlp.set_error_handler reaches our components' batched pipe, as spaCy's Pipe.pipe."""
    from spacy.util import ignore_error, raise_error

    from pipeline import components

    find_money = components.find_money

    def failing(text):
        if "BAD" in text:
            raise ValueError("bad doc")
        return find_money(text)

    monkeypatch.setattr(components, "find_money", failing)
    try:
        nlp.set_error_handler(ignore_error)
        assert [d.text for d in nlp.pipe(["Paid $5.", "BAD", "Sold chips."])] == [
            "Paid $5.", "Sold chips."]
        nlp.set_error_handler(raise_error)
        with pytest.raises(ValueError, match="bad doc"):
            list(nlp.pipe(["BAD"]))
    finally:
        nlp.set_error_handler(raise_error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme trades on the Nasdaq. The Nasdaq fell 82.65 points.", ["Nasdaq"]),
        ("The Nasdaq index fell. Acme moved its listing to the Nasdaq.", ["Nasdaq"]),
        ("The NASDAQ was up nearly nine points.", []),
        ("Acme said it would list on the NYSE, and the NYSE said the shares rose 5 points.",
         ["NYSE", "NYSE"]),
    ],
)
def test_an_exchange_standing_for_its_index_is_not_org(nlp, text, expected):
    """Indexes are not ORG, exchanges are (guidelines): ``the Nasdaq fell 82 points``."""
    assert [e.text for e in nlp(text).ents if e.label_ == "ORG"] == expected


def test_assemble_creates_missing_parent_directories(tmp_path):
    """``assemble --out a/b/pipeline`` works on a fresh clone, where ``training/`` is absent."""
    from pipeline.cli import main

    out = tmp_path / "training" / "pipeline"
    assert main(["assemble", "--out", str(out)]) == 0
    assert spacy.load(out).pipe_names[:2] == ["org_ruler", "tech_ruler"]


def test_listed_org_takes_its_written_legal_suffixes(nlp) -> None:
    """A gazetteer name followed by legal suffixes is the company as written."""
    doc = nlp("Standard and Poor's Corp rated it. British Petroleum plc <BP> agreed.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Standard and Poor's Corp", "ORG"), ("British Petroleum plc", "ORG"),
    ]


@pytest.mark.parametrize("text,expected", [
    ("The FOMC voted to hold rates.", "FOMC"),
    ("Forecasters at the Met Office issued warnings.", "Met Office"),
    ("The U.S. Treasury said it would sell bills.", "U.S. Treasury"),
    ("Navistar's debt was upgraded, S and P said.", "S and P"),
    ("The contract was awarded by the Navy on Friday.", "Navy"),
    ("He boarded Air Force One before the Air Force said so.", "Air Force"),
    ("Moody’s cut the rating.", "Moody’s"),
    ("The heiress to the L'Oreal fortune spoke.", "L'Oreal"),
])
def test_listed_agencies(nlp, text: str, expected: str) -> None:
    assert [e.text for e in nlp(text).ents if e.label_ == "ORG"] == [expected]


def test_place_and_name_is_no_one_name(nlp) -> None:
    """``of Switzerland and Philips NV`` ends one company's place and names another; two
    places (or a place and a regional word) before the head make one name."""
    doc = nlp("Nestle SA of Switzerland and Philips NV of the Netherlands agreed. "
              "Hong Kong and Shanghai Banking Corp and Gulf and Western Corp said so.")
    assert [e.text for e in doc.ents] == [
        "Nestle SA", "Philips NV", "Hong Kong and Shanghai Banking Corp",
        "Gulf and Western Corp",
    ]


def test_body_before_its_party_members(nlp) -> None:
    """``Senate Republicans``: the Senate is ORG, its party's members are not."""
    doc = nlp("Senate Republicans blocked the bill and Senate Democrats objected.")
    assert [(e.text, e.start_char) for e in doc.ents] == [("Senate", 0), ("Senate", 40)]


def test_listed_name_keeps_its_id_beside_a_longer_name(nlp) -> None:
    """``Senate`` after ``Senate Appropriations Committee`` is the listed Senate, not a
    short form of the committee."""
    doc = nlp("The Senate Appropriations Committee met. Later the Senate voted.")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("Senate Appropriations Committee", ""), ("Senate", "us-senate"),
    ]


@pytest.mark.parametrize("text,expected", [
    ("The Department of Energy and Climate Change said so.",
     ["Department of Energy and Climate Change"]),
    ("He joined the Department of Education and Sciences, and left.",
     ["Department of Education and Sciences"]),
    ("The Department of Industry, Science and Resources said so.",
     ["Department of Industry, Science and Resources"]),
    ("The Department of Energy and Microsoft signed a deal.",
     ["Department of Energy", "Microsoft"]),
    ("The Bank of England and Fed said so.", ["Bank of England", "Fed"]),
    ("The Ministry of Finance and Central Bank officials met.", ["Ministry of Finance"]),
])
def test_listed_ministry_whose_complement_goes_on(nlp, text: str, expected: list[str]) -> None:
    """A listed ministry's complement that goes on with plain capitalized words is the
    longer ministry; another name or an institution word after ``and`` is not."""
    assert [e.text for e in nlp(text).ents if e.label_ == "ORG"] == expected


def test_model_suffix_after_a_product_is_no_company(nlp) -> None:
    """``SE`` after a product the TECH ruler knows is a model, not a Societas Europaea."""
    doc = nlp("Apple showed the Macintosh II and Macintosh SE computers. SAP SE said so.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Apple", "ORG"), ("Macintosh II", "TECH"), ("Macintosh SE", "TECH"),
        ("SAP SE", "ORG"),  # ``computers``: the products' own class noun, no span
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("Google's Chrome and Apple's Safari browser gained share.",
     [("Google", "ORG"), ("Chrome", "TECH"), ("Apple", "ORG"), ("Safari", "TECH")]),
    ("Microsoft's Copilot runs on Microsoft Azure.",
     [("Microsoft", "ORG"), ("Copilot", "TECH"), ("Microsoft Azure", "TECH")]),
    ("Amazon Web Services (AWS) said LED lighting cuts its power bills.",
     [("Amazon Web Services", "ORG"), ("AWS", "ORG"), ("LED", "TECH")]),
    ("RALLY LED BY BANKS LIFTS TOKYO STOCKS", []),
    ("Floods hit rice farms on the island of Java, the ministry said.", []),
])
def test_browsers_assistants_and_divisions(nlp, text: str, expected: list) -> None:
    """Ambiguous products with their maker's possessive or class noun are TECH, the maker
    ORG; a division that is also a platform (``AWS``) is ORG; ``LED`` in a capitals
    headline is the verb."""
    assert ents(annotate(nlp, text)) == expected


@pytest.mark.parametrize("text,expected", [
    ("Shares of Northern Rock fell.", [("Northern Rock", "ORG")]),
    ("Ryanair and easyJet cut fares.", [("Ryanair", "ORG"), ("easyJet", "ORG")]),
    ("Qantas, Telstra and Westpac gained, while BHP Billiton fell.",
     [("Qantas", "ORG"), ("Telstra", "ORG"), ("Westpac", "ORG"), ("BHP Billiton", "ORG")]),
    ("BSkyB and Marks and Spencer agreed, PwC said.",
     [("BSkyB", "ORG"), ("Marks and Spencer", "ORG"), ("PwC", "ORG")]),
])
def test_notable_companies(nlp, text: str, expected: list[tuple[str, str]]) -> None:
    """Names from patterns/sources/orgs_notable.jsonl (and curated names that end in a
    capital, ``BSkyB``, ``PwC``, which are no share classes)."""
    assert ents(nlp(text)) == expected


@pytest.mark.parametrize("text", [
    "Seek help early. Sharp falls hit Halifax. Boots were cheap at Argos.",
    "O2 levels fell as David Jones and William Hill flew to Macquarie.",
    "GERMAN LONG-TERM CAPITAL INFLOW SLUMPS\n\nThe inflow of long-term capital fell.",
])
def test_ambiguous_notable_names_only_in_their_long_form(nlp, text: str) -> None:
    """A company whose short name is a word, a place or a person's name is listed only
    in its long form (``Seek Ltd``, ``Halifax Bank``, ``Boots Group``, ``O2 plc``)."""
    assert ents(nlp(text), "ORG") == []


def test_product_names_of_notable_companies_stay_tech(nlp) -> None:
    """``Skype Technologies`` and ``TiVo Inc`` are companies; ``Skype`` and ``TiVo``
    alone are the products the TECH patterns know."""
    assert ents(nlp("Customers use Skype and TiVo at home.")) == [
        ("Skype", "TECH"), ("TiVo", "TECH")]


def test_headline_takes_the_longer_name_found_in_the_body(nlp) -> None:
    """A headline mention of a name the body gives in full is the full name, not the
    shorter listed name inside it (``LLOYDS BANK`` of ``Lloyds Bank plc``)."""
    doc = nlp("LLOYDS BANK CANADA NAMES NEW CHIEF\n\nLloyds Bank Canada, a unit of "
              "Lloyds Bank plc, said it named a new chief.")
    assert ents(doc, "ORG") == [("LLOYDS BANK CANADA", "ORG"), ("Lloyds Bank Canada", "ORG"),
                                ("Lloyds Bank plc", "ORG")]


TOKENIZER_TEXTS = [
    "Don't pay $1.13bn by mid-2024, U.S. firms said; it rose 53p. to $300m.",
    "Q3/2024 sales (e-mail: ir@acme.com, http://acme.com/ir) were flat.\n\nDr. Smith's",
    "",
]


def _tokens(tokenizer, texts=TOKENIZER_TEXTS):
    return [[(t.text, t.idx) for t in tokenizer(text)] for text in texts]


def test_loaded_tokenizer_is_the_assembled_one(nlp, assembled):
    """The assembled config lets the tokenizer wait for its saved rules (spaCy's English
    rules are not built first); loaded, it splits as the assembled one, and its regexes
    (compiled through the regex cache) are the ones spaCy's own loading compiles."""
    from spacy.tokenizer import Tokenizer

    loaded = spacy.load(assembled)
    assert loaded.config["nlp"]["tokenizer"]["defaults"] is False
    assert loaded.tokenizer._pending is None
    assert _tokens(loaded.tokenizer) == _tokens(nlp.tokenizer)
    assert [t.text for t in loaded.tokenizer("$1.13bn by mid-2024")] == [
        "$", "1.13", "bn", "by", "mid", "-", "2024"]
    saved = nlp.tokenizer.to_bytes(exclude=["vocab"])
    assert loaded.tokenizer.to_bytes(exclude=["vocab"]) == saved
    plain = Tokenizer(loaded.vocab).from_bytes(saved, exclude=["vocab"])
    for name in ("prefix_search", "suffix_search", "infix_finditer", "url_match"):
        assert getattr(loaded.tokenizer, name).__self__ == getattr(plain, name).__self__
    assert loaded.tokenizer.rules == plain.rules
    assert _tokens(plain) == _tokens(nlp.tokenizer)


@pytest.mark.parametrize("use", ["call", "to_bytes", "pickle", "explain"])
def test_tokenizer_used_before_loading_has_english_rules(use):
    """A tokenizer made with ``defaults = false`` and never loaded gets spaCy's English
    rules when first used (as ``spacy.load(path, exclude=["tokenizer"])`` leaves it)."""
    import pickle

    from pipeline.tokenizer import NewsTokenizer, make_news_tokenizer

    english = spacy.blank("en")
    waiting = make_news_tokenizer(defaults=False)(spacy.blank("en"))
    assert isinstance(waiting, NewsTokenizer) and waiting._pending is not None
    if use == "call":
        assert _tokens(waiting) == _tokens(english.tokenizer)
    elif use == "to_bytes":
        assert waiting.to_bytes(exclude=["vocab"]) == english.tokenizer.to_bytes(
            exclude=["vocab"])
    elif use == "pickle":
        assert _tokens(pickle.loads(pickle.dumps(waiting))) == _tokens(english.tokenizer)
    else:
        assert waiting.explain("Don't") == english.tokenizer.explain("Don't")
    assert waiting._pending is None


def test_tokenizer_excluded_at_load_tokenizes_as_spacy_english(assembled):
    loaded = spacy.load(assembled, exclude=["tokenizer"])
    english = spacy.blank("en")
    assert _tokens(loaded.tokenizer) == _tokens(english.tokenizer)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Researchers from The University of Western Australia built it. UWA said the tool "
         "works, and UWA's team agreed.",
         ["University of Western Australia", "UWA", "UWA"]),
        ("American Motors Corp said sales fell. AMC shares rose 2 pct.\n\nAMC SEES HIGHER "
         "OUTPUT", ["American Motors Corp", "AMC", "AMC"]),
        # a common word in an ALL-CAPS line is that word, elsewhere the initials
        ("Ace Tools Enterprises Inc said profits rose.\n\nANALYSTS ATE THEIR WORDS\n\n"
         "ATE said it would pay a dividend.", ["Ace Tools Enterprises Inc", "ATE"]),
        # glued by a hyphen to a word: no mention
        ("The International Coffee Organization said prices fell. Exports to non-ICO members "
         "rose, ICO-member countries agreed and the ICO said so.",
         ["International Coffee Organization", "ICO"]),
        # two capitalized words give no initials to look for
        ("Zentrix Widgets Inc said profits rose. ZW shares fell.", ["Zentrix Widgets Inc"]),
    ],
)
def test_initials_of_a_name_found_in_the_document(
    nlp, text: str, expected: list[str]
) -> None:
    """An all-caps word spelling the initials of an ORG name of three or more words in the
    same document is that ORG, with no definition in brackets."""
    doc = nlp(text)
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == expected
    ids = {e._.norm["id"] for e in doc.ents if e.label_ == "ORG"}
    assert len(ids) == 1  # the initials carry the name's id


def test_gazetteer_names_across_line_wraps(nlp):
    """Hard-wrapped newswire: a listed name with a line wrap inside is that ORG."""
    doc = nlp("Treasury balances at the Federal\nReserve rose, and shares of Texas\n"
              "Instruments fell.")
    assert [(e.text, e._.norm["id"]) for e in doc.ents if e.label_ == "ORG"] == [
        ("Federal\nReserve", "federal-reserve"), ("Texas\nInstruments", "texas-instruments")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the dual-screen Nintendo DS", ["dual-screen Nintendo DS"]),
        ("a new wide-screen TV", ["wide-screen TV"]),
        ("a new LCD-TV set", ["LCD-TV set"]),
        ("RKO agreed to sell KHJ-TV in Los Angeles.", []),
        ("research on magneto-optical memory discs", ["magneto-optical memory"]),
    ],
)
def test_tech_span_never_starts_inside_a_hyphenated_word(nlp, text, expected):
    """``wide-screen TV``, not ``screen TV``; a station's call sign is no technology."""
    assert [e.text for e in nlp(text).ents if e.label_ == "TECH"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She showed authorities e-mails she had discovered.", []),
        ("He wrote in an e-mail to his son.", []),
        ("Ms Ryan apologised for automated emails that threatened payments.", []),
        ("The files were sent by e-mail.", ["e-mail"]),
        ("E-mail and the web changed office work.", ["E-mail"]),
        ("The email system crashed.", ["email"]),
        ("Give an e-mail address.", ["e-mail"]),
    ],
)
def test_email_messages_are_not_the_technology(nlp, text, expected):
    """``e-mail`` the medium is TECH; e-mails (messages) are not."""
    assert [e.text for e in nlp(text).ents if e.label_ == "TECH"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The update to iOS 17 arrives in September.", ["iOS 17"]),
        ("Apple unveiled the iPhone 15 Pro Max on Tuesday.", ["iPhone 15 Pro Max"]),
        ("Both new machines, the Macintosh SE and the Mac Plus, are faster.",
         ["Macintosh SE", "Mac Plus"]),
        ("Motorola's Razr V3 sold well.", ["Razr V3"]),
        ("iPhone 17 sales rose; it runs Android 16 and iOS 26.",
         ["iPhone 17", "Android 16", "iOS 26"]),
        # numbered model words; the class noun after the version stays out (no span)
        ("The Snapdragon 8 Elite Gen 5 chip is faster.", ["Snapdragon 8 Elite Gen 5"]),
        ("Motorola's Razr V3 phone sold well.", ["Razr V3"]),
        # a version confirms an ambiguous family name; without one it needs context
        ("Samsung recalled the Galaxy Note 7; the Galaxy S8, Pixel 3 XL and iPhone XR sold.",
         ["Galaxy Note 7", "Galaxy S8", "Pixel 3 XL", "iPhone XR"]),
        ("The Milky Way galaxy is huge and a pixel is small.", []),
        # a number that counts something is no version
        ("Android 40 percent of the market", ["Android"]),
        ("iOS 3.5% share", ["iOS"]),
    ],
)
def test_product_versions_and_models_belong_to_the_name(nlp, text, expected):
    """A named product's version and model words are part of its name (``PlayStation 3``)."""
    assert [e.text for e in nlp(text).ents if e.label_ == "TECH"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("YouTube was founded in 2005.", [("YouTube", "ORG"), ("2005", "DATE")]),
        ("Its subsidiary WhatsApp was fined.", [("WhatsApp", "ORG")]),
        ("Microsoft's Xbox unit grew.", [("Microsoft", "ORG"), ("Xbox", "ORG")]),
        ("Sales of the Xbox console grew.", [("Xbox", "TECH")]),
        # a law's name, a word for a company: no TECH
        ("Grants flow under the CHIPS and Science Act and the AI Act.", []),
        ("The chip designer Arm Holdings rose.", [("Arm Holdings", "ORG")]),
        ("Software designers and chip makers gained.",
         [("Software", "TECH"), ("chip", "TECH")]),
    ],
)
def test_products_standing_for_companies_laws_and_company_words(nlp, text, expected):
    """A product as its company or division is ORG; a term in a law's name or in a word
    for a company (``chip designer``) is not TECH."""
    assert [(e.text, e.label_) for e in nlp(text).ents] == expected


def test_initials_after_ticker_are_the_ticker(nlp):
    """``under the ticker TSM``: the initials of the name are its ticker, no mention."""
    doc = nlp("Taiwan Semiconductor Manufacturing Co's shares trade under the ticker TSM. "
              "Lanbrook Savings and Loan Corp said it will keep its symbol, LSLC.")
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == [
        "Taiwan Semiconductor Manufacturing Co", "Lanbrook Savings and Loan Corp"]


def test_org_before_a_hyphenated_title_stands_alone(nlp):
    """``UWA Vice-Chancellor Amit Chakma``: a title after a name does not glue them."""
    doc = nlp("The University of Western Australia said so. UWA Vice-Chancellor Amit "
              "Chakma agreed, as did Monash University and its Deputy Vice-Chancellor.")
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == [
        "University of Western Australia", "UWA", "Monash University"]


def test_a_one_word_name_before_a_geographic_noun_is_the_place(nlp):
    doc = nlp("Amazon said it would invest in the Amazon region, near Amazon basin oil fields.")
    assert [(e.text, e.start_char) for e in doc.ents if e.label_ == "ORG"] == [("Amazon", 0)]


def test_abbreviation_of_a_name_with_a_dotted_country(nlp):
    """``U.S.`` gives ``US`` to an abbreviation: ``U.S. Department of Agriculture (USDA)``."""
    doc = nlp("The U.S. Department of Agriculture (USDA) said. USDA officials agreed.")
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == [
        "U.S. Department of Agriculture", "USDA", "USDA"]
