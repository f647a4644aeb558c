"""Bilingual user-facing text: Chinese by default, English with `--lang en` or `LZ_LANG=en`."""

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


# What changes how text shows without being seen: the C0 and C1 controls (a newline or
# carriage return forges a line, ESC starts a colour or cursor sequence), DEL, the line and
# paragraph separators, and the bidirectional marks, embeddings, overrides and isolates that
# reorder what a reader sees (Trojan Source, CVE-2021-42574).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """`text` with every such character written as an escape (`\\n`, `\\x1b`, `\\u202e`):
    the one helper every text output (reports, messages that echo a value) puts values
    through, so a value is always one line and reads as what it is."""
    return _INVISIBLE.sub(_escape, text) if _INVISIBLE.search(text) else text
