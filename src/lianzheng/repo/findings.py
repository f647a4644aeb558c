"""Findings: what the checks report, language-neutral until a reporter prints them."""

from __future__ import annotations

from typing import Any, NamedTuple


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
