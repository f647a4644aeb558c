"""Markdown for pull-request comments and reports: tables, and text that cannot turn into
markup it does not mean.

`md_text` is the one helper every markdown output puts data through (ids and paths set
as code spans excepted, where nothing is markup): line breaks become spaces (a newline or
CR would end a table row or a list item and start one of its own), markdown's special
characters are escaped, and `@name` is kept from mentioning anyone."""

from __future__ import annotations

import re
from collections.abc import Sequence

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~"})
_LINE_END = re.compile(r"\r\n?|\n|\u2028|\u2029")
# GitHub and GitLab link (and notify) `@name` and `@org/team` after any character but an
# ASCII letter, digit or `_`. A backslash does not stop them (the mention is found after
# markdown is rendered); a character between `@` and the name does. U+2060 WORD JOINER
# is invisible, keeps `@name` on one line, and makes it match neither forge's pattern.
_MENTION = re.compile(r"(?<![0-9A-Za-z_])@(?=[0-9A-Za-z_])")
WORD_JOINER = "\u2060"


def no_mentions(text: str) -> str:
    """`text` with every `@name` shown as it is but pinging no one."""
    return _MENTION.sub("@" + WORD_JOINER, text) if "@" in text else text


def md_text(text: str) -> str:
    """Data as markdown shows it literally, on one line, mentioning no one."""
    return no_mentions(_LINE_END.sub(" ", text).translate(_SPECIAL))


def md_cell(text: str) -> str:
    return md_text(text)


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return out
