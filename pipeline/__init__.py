"""Rule-based spaCy pipeline for ORG, MONEY, DATE and TECH in business and technology news.

Importing :mod:`pipeline.components` registers every component and registry function
with spaCy; the installed package also exposes them through entry points, so
``spacy.load`` opens an assembled pipeline without importing anything by hand.
"""

__version__ = "0.1.0"
