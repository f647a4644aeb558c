"""Markdown for pull-request comments and reports: tables, and text that cannot turn into
markup it does not mean.

`md_text` is the one helper every markdown output puts data through (ids and paths set
as code spans excepted, where nothing is markup): line breaks become spaces (a newline or
CR would end a table row or a list item and start one of its own), markdown's special
characters are escaped, and `@name` is kept from mentioning anyone."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lianzheng.report.text import one_line

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~&!"})
# GitHub and GitLab link (and notify) `@name` and `@org/team` after any character but an
# ASCII letter, digit or `_`. A backslash does not stop them (the mention is found after
# markdown is rendered); a character between `@` and the name does: a zero-width space,
# invisible, and neither forge's mention pattern lets anything stand between the two.
_MENTION = re.compile(r"(?<![0-9A-Za-z_])@(?=[0-9A-Za-z_])")
ZERO_WIDTH_SPACE = "\u200b"


def no_mentions(text: str) -> str:
    """`text` with every `@name` shown as it is but pinging no one."""
    return _MENTION.sub("@" + ZERO_WIDTH_SPACE, text) if "@" in text else text


def md_text(text: str | None) -> str:
    """Plain text inside Markdown: one line (`one_line`: a newline or CR would end a table
    row or list item and start one of its own), markup characters escaped, and `@name`
    kept from becoming a mention."""
    return no_mentions(one_line(text).translate(_SPECIAL))


def md_code(text: str | None) -> str:
    """An id as inline code (no mention or markup forms inside one): a backtick cannot close
    it, and a `|` is escaped, as GFM tables require even inside code."""
    body = one_line(text).replace("`", "'").replace("|", "\\|")
    return f"`{body}`" if body else ""


def md_spans(text: str | None) -> str:
    """Text with code spans (a message's `id`, `field`): each span kept as code
    (`md_code`), everything between them as plain text (`md_text`). Text whose backticks
    do not pair is all plain text."""
    parts = one_line(text).split("`")
    if len(parts) % 2 == 0:
        return md_text(text)
    return "".join(md_code(part) if i % 2 else md_text(part) for i, part in enumerate(parts))


def md_cell(text: str) -> str:
    return md_spans(text)


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return out
