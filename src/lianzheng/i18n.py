"""Text a user reads: in two languages (Chinese by default, English with `--lang en` or
`LZ_LANG=en`), and harmless wherever it is shown — what a user wrote, quoted in a message,
a terminal or a spreadsheet cell, can neither forge lines nor run as a formula."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any, NamedTuple


class Text(NamedTuple):
    """A user-facing text in both languages."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


# How a list reads inside a sentence: 甲、乙、丙 in Chinese, "a, b, c" in English.
LIST_SEPARATOR = Text("、", ", ")


def listing(items: Iterable[str], en: Iterable[str] | None = None) -> Text:
    """A list for a message made before its language is known, in both languages; `en`:
    the items' English names when they differ (a field's label). A message formats it
    with `in_lang`."""
    zh = list(items)
    return Text(LIST_SEPARATOR.zh.join(zh), LIST_SEPARATOR.en.join(zh if en is None else list(en)))


def in_lang(value: Any, lang: str) -> Any:
    """A message argument in `lang`: a `Text` becomes its text, anything else stays."""
    return value(lang) if isinstance(value, Text) else value


def resolve_lang(lang: str | None) -> str:
    """`--lang`, else `LZ_LANG`, else Chinese."""
    chosen = (lang or os.environ.get("LZ_LANG") or "zh").lower()
    return "en" if chosen.startswith("en") else "zh"


# What changes how text shows without being seen — the one definition of it: line breaks
# and the other C0 and C1 controls (a newline forges a line, ESC starts a terminal
# sequence), DEL, the line and paragraph separators, the bidirectional marks, embeddings,
# overrides and isolates that reorder what a reader sees (Trojan Source, CVE-2021-42574),
# and the zero-width characters that hide inside a value (U+200B–U+200D, U+2060, U+FEFF).
# Two ways out: `visible` escapes them (a value, shown as it is: an id, a path, what the
# user typed) and `one_line` replaces them (prose on one line).
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_BLANKS = frozenset("\t\n\r\x0b\x0c\u2028\u2029")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """`text` with every such character written as an escape (`\\n`, `\\x1b`, `\\u202e`):
    what every text output puts the values it shows through, so a value is always one
    line and reads as what it is."""
    return CONTROLS.sub(_escape, text) if CONTROLS.search(text) else text


def one_line(text: str | None, limit: int | None = None) -> str:
    """On one line, without control characters (breaks become spaces, other controls
    U+FFFD), and at most `limit` characters."""
    if not text:
        return ""
    text = CONTROLS.sub(lambda m: " " if m.group() in _BLANKS else "\ufffd", text)
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


# A spreadsheet (Excel, WPS, LibreOffice) runs a cell that begins with one of these as a
# formula or DDE call; tab and carriage return let one through (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def no_formula(text: str) -> str:
    """`text` as a spreadsheet cell keeps it: with a leading `'`, Excel's own mark of text,
    when it would otherwise run as a formula. The one rule every CSV and workbook follows."""
    return "'" + text if text.startswith(FORMULA_START) else text
