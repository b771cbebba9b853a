"""On which page of a drawn document each segment's text is: read from the text of the PDF's pages.

A Word document has no pages of its own: LibreOffice lays it out when it draws it
(:func:`~peixun.docengine.render.render_pages`, which also returns each page's text). :func:`locate`
finds each segment's text on those pages, in document order. The text is compared as letters and
digits only (case, spaces, punctuation, ligatures and the layout's line breaks set aside). Its
beginning (``NEEDLE`` letters, else ``SHORT_NEEDLE``) is looked for after the previous segment's, so
a paragraph repeated later in the document is found where it is; a segment not found after it (a
header, drawn on every page and extracted last; a text box drawn out of order) is looked for from
the first page. Text too short to tell apart, or without a letter (a number in a table), is only
taken close to the previous segment found (after it, else before). A segment still not found,
between two found on one page, is on that page. What is left (a comment, which is not drawn; a
field's text the renderer computes anew) has no page: ``None``. No Django here.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence

#: The first this many letters and digits of a segment are looked for (where it begins is its page).
NEEDLE = 60
#: Where the first ``NEEDLE`` are not found together (a page's footer and the next page's header drawn
#: inside them), only this many are looked for.
SHORT_NEEDLE = 20
#: A segment with fewer letters and digits than this, or no letter, is found only close to the previous one.
DISTINCT = 8
#: How close, in letters and digits of the drawn text.
NEARBY = 400


def _letters(text: str) -> str:
    return "".join(character for character in unicodedata.normalize("NFKC", text).casefold() if character.isalnum())


def locate(texts: Sequence[str], page_texts: Sequence[str]) -> list[int | None]:
    """The page (from 1) on which each of ``texts`` (segments, in document order) begins in
    ``page_texts`` (the drawn pages' text, in order), or ``None`` where it is not found."""
    starts, pieces, offset = [], [], 0
    for page in page_texts:
        letters = _letters(page)
        starts.append(offset)
        pieces.append(letters)
        offset += len(letters)
    drawn = "".join(pieces)

    def page_at(position: int) -> int:
        return bisect.bisect_right(starts, position)

    found: list[int | None] = []
    cursor = 0
    for text in texts:
        needle = _letters(text)[:NEEDLE]
        if not needle:
            found.append(None)
            continue
        if len(needle) < DISTINCT or not any(character.isalpha() for character in needle):
            at = drawn.find(needle, cursor, cursor + NEARBY + len(needle))
            if at >= 0:
                cursor = at + len(needle)
            else:  # a table's row split between pages: the cells' first lines are drawn before the cursor
                at = drawn.rfind(needle, max(0, cursor - NEARBY), cursor)
            found.append(page_at(at) if at >= 0 else None)
            continue
        at = -1
        for candidate in dict.fromkeys((needle, needle[:SHORT_NEEDLE])):
            at = drawn.find(candidate, cursor)
            if at >= 0:
                cursor = at + len(candidate)
                break
        else:
            for candidate in dict.fromkeys((needle, needle[:SHORT_NEEDLE])):
                at = drawn.find(candidate)
                if at >= 0:
                    break
        found.append(page_at(at) if at >= 0 else None)
    return _between(found)


def _between(found: list[int | None]) -> list[int | None]:
    """A segment not found whose nearest found neighbours before and after are on one page is on it."""
    filled = list(found)
    before: int | None = None
    for index, page in enumerate(found):
        if page is not None:
            before = page
            continue
        after = next((later for later in found[index + 1 :] if later is not None), None)
        if before is not None and before == after:
            filled[index] = before
    return filled
