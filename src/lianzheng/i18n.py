"""Bilingual user-facing text: Chinese by default, English with `--lang en` or `LZ_LANG=en`."""

from __future__ import annotations

import os
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
