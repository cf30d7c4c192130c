"""Site furniture around an article: footers, comment forms, share lines.

Scraped news often ends in text that is not the article (GUIDELINES, Boilerplate).
The rules are line based and documented here:

1. **Footer start.** In the second half of the text, a line that opens a site footer
   starts a block that runs to the end of the text: an "About <Name>" heading (at most
   six words, no final full stop), a comment form ("Leave a Reply", "Leave a comment",
   "N comments", "Post a comment"), "Related posts/articles", "You may also like",
   "Share this:", "Sign up for our newsletter" and the like.
2. **Furniture lines anywhere.** A line that is only furniture ("Share this article",
   "Click here to subscribe", "Advertisement", "Follow us on ...", "Copyright ... All
   rights reserved", "Required fields are marked *", cookie notices, a navigation bar of
   short items separated by ``|``) is excluded by itself.

Ranges are ``(start, end, reason)`` character offsets; ``text[start:end]`` never starts
or ends with whitespace.

>>> text = "Body of the story.\\n\\nMore body.\\n\\nAbout Example Site\\n\\nLeave a Reply"
>>> [(text[s:e], r) for s, e, r in find_boilerplate(text)]
[('About Example Site\\n\\nLeave a Reply', 'footer')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_FOOTER_START = re.compile(
    r"""^(?:
        About\s+(?:us|the\s+author|[A-Z][\w'’&.-]*(?:\s+[\w'’&.-]+){0,5})\s*:?
      | (?:Leave\s+a\s+(?:Reply|comment)|Post\s+a\s+comment|\d+\s+(?:comments?|responses?))\b.*
      | (?:Related\s+(?:posts|articles|stories|content)|You\s+may\s+also\s+like|More\s+from\b).*
      | (?:Share\s+this|Sign\s+up\s+for\s+our\s+newsletter|Subscribe\s+to\s+our\s+newsletter).*
    )$""",
    re.VERBOSE | re.IGNORECASE,
)

_FURNITURE_LINE = re.compile(
    r"""^(?:
        (?:Share|Tweet|Email|Print)(?:\s+(?:this|on\s+\w+|article|story|page))*[:.!]?
      | Click\s+here\b.{0,60}
      | Advertisement|ADVERTISEMENT|Sponsored(?:\s+content)?
      | Follow\s+us\b.{0,80}
      | (?:Copyright\s+)?(?:©|\(c\)|Copyright\s+\d{4}).{0,120}
      | All\s+rights\s+reserved\.?
      | Your\s+email\s+address\s+will\s+not\s+be\s+published\..{0,80}
      | Required\s+fields\s+are\s+marked\s*\*?
      | We\s+use\s+cookies\b.{0,200}
      | (?:Read\s+more|Continue\s+reading|Subscribe(?:\s+now)?|Sign\s+up|Log\s+in|Register)[:.!]?
      | (?:[^|\n]{1,25}\|){3,}[^|\n]{0,25}
    )$""",
    re.VERBOSE | re.IGNORECASE,
)

_LINE = re.compile(r"[^\r\n]+")

#: The lines either pattern above could match start (after their leading whitespace)
#: with one of these words or characters (grouped by first letter: the regex engine has
#: fewer branches to try); every other line is passed over unread.
_TRIGGER = r"""(?:
        a(?:bout|ll|dvertisement) | c(?:lick|o(?:pyright|ntinue)) | email | follow
      | l(?:eave|og) | more | p(?:ost|rint) | re(?:lated|ad|quired|gister)
      | s(?:hare|ign|ubscribe|ponsored) | tweet | we | you | \d | © | \(c\)
    )"""
_FIRST_CANDIDATE = re.compile(r"\s*" + _TRIGGER, re.VERBOSE | re.IGNORECASE)
#: A line break, the whitespace after it (perhaps more line breaks) and a trigger.
_CANDIDATE = re.compile(r"\n\s*(" + _TRIGGER + ")", re.VERBOSE | re.IGNORECASE)
_LINE_END = re.compile(r"[\r\n]")


def _is_footer_heading(line: str) -> bool:
    """True for a line that opens a footer block ("About Example Site", "Leave a Reply")."""
    if not _FOOTER_START.match(line):
        return False
    # An "About ..." heading is short and is not a sentence.
    return not (line.lower().startswith("about ") and line.rstrip().endswith("."))


def find_boilerplate(text: str) -> list[tuple[int, int, str]]:
    """Character ranges of site furniture in ``text``, with the rule that found them."""
    ranges: list[tuple[int, int, str]] = []
    half = len(text) // 2
    for first, raw in _lines(text):
        line = raw.strip()
        if not line:
            continue
        start = first + (len(raw) - len(raw.lstrip()))
        if start >= half and _is_footer_heading(line):
            end = len(text.rstrip())
            ranges.append((start, end, "footer"))
            break
        if _FURNITURE_LINE.match(line):
            ranges.append((start, start + len(line), "furniture"))
    return ranges


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """``(start, line)`` of the lines of ``text`` that the patterns could match, in order.

    All lines (as ``_LINE`` finds them) when the text has a ``|`` (the navigation-bar
    alternative can start with anything) or a ``\\r`` (a line break for ``_LINE``, not
    for ``_CANDIDATE``).
    """
    if "|" in text or "\r" in text:
        for match in _LINE.finditer(text):
            yield match.start(), match.group()
        return
    # the line of a trigger starts after the last line break before it (so not at 0)
    starts = [text.rfind("\n", 0, m.start(1)) + 1 for m in _CANDIDATE.finditer(text)]
    if _FIRST_CANDIDATE.match(text):
        starts.insert(0, 0)
    for first in starts:
        end = _LINE_END.search(text, first)
        yield first, text[first:end.start() if end else len(text)]
