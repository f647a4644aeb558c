"""Text a user reads: in two languages (Chinese by default, English with `--lang en` or
`LZ_LANG=en`), and harmless wherever it is shown — what a user wrote, quoted in a message,
a terminal or a spreadsheet cell, can neither forge lines nor run as a formula."""

from __future__ import annotations

import os
import re
from typing import NamedTuple


class Text(NamedTuple):
    """A user-facing text in both languages."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def resolve_lang(lang: str | None) -> str:
    """`--lang`, else `LZ_LANG`, else Chinese."""
    chosen = (lang or os.environ.get("LZ_LANG") or "zh").lower()
    return "en" if chosen.startswith("en") else "zh"


# Line breaks, C0 and C1 controls (ESC starts terminal sequences), DEL, and the Unicode
# controls that reorder or break lines when shown (bidi overrides and isolates, marks, U+2028/9).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BLANKS = frozenset("\t\n\r\x0b\x0c\u2028\u2029")


def one_line(text: str | None, limit: int | None = None) -> str:
    """On one line, without control characters (breaks become spaces, other controls
    U+FFFD), and at most `limit` characters."""
    if not text:
        return ""
    text = _CONTROLS.sub(lambda m: " " if m.group() in _BLANKS else "\ufffd", text)
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
