"""Markdown for pull-request comments and reports: tables, and text that cannot turn into
markup it does not mean."""

from __future__ import annotations

from collections.abc import Sequence

from lianzheng.report.text import one_line

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~&!"})


def md_text(text: str | None) -> str:
    """Plain text inside Markdown: one line, markup characters escaped, and `@name` kept
    from becoming a mention (a zero-width space after `@`)."""
    return one_line(text).translate(_MD_SPECIAL).replace("@", "@\u200b")


def md_code(text: str | None) -> str:
    """An id as inline code (no mention or markup forms inside one): a backtick cannot close
    it, and a `|` is escaped, as GFM tables require even inside code."""
    body = one_line(text).replace("`", "'").replace("|", "\\|")
    return f"`{body}`" if body else ""


def md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return out
