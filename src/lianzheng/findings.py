"""Findings: what `lz validate` reports, language-neutral until it is printed."""

from __future__ import annotations

import os
from typing import Any, NamedTuple

LANGS = ("zh", "en")


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


class Finding(NamedTuple):
    """One problem at one place. `args` fill the rule's message; `variant` picks one of the
    rule's messages when it has several."""

    path: str
    line: int
    column: int
    code: str
    args: dict[str, Any]
    variant: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, repr(sorted(self.args.items())))
