"""The one interface of every output format: `Reporter(lang=..., **options).render(data) -> str`."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class Reporter:
    """One output format of one report. `lang`: zh or en; `color`: ANSI colours (text
    reporters on a terminal only); `base`: the folder paths are shown relative to; other
    options are the report's own (a grouping, the rows to show...)."""

    def __init__(self, lang: str = "zh", color: bool = False, base: Path | None = None, **options: Any) -> None:
        self.lang = lang
        self.color = color
        self.base = base
        self.options = options

    def render(self, data: Any) -> str:
        raise NotImplementedError
