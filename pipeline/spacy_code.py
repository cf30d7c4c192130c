"""Code file for ``spacy package --code``: registers this project's components.

The packaged pipeline imports this file on load; the components themselves come from
the installed ``news-entity-pipeline`` package (a requirement of the packaged one).
"""

import pipeline.components  # noqa: F401
