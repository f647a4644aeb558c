"""The pages of a site: one file per thing and no two things in one file, and how the
long lists are cut into pages that stay put when one thing changes.

Page names come from ids. `slug` keeps the characters an id is usually written with
(letters, digits, CJK, `-`, `_`, `.`) and writes any other as `~` and its UTF-8 bytes in
hex, so two ids never share a file (`R/1` → `R~2f1`, `R_1` stays `R_1`)."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from lianzheng.repo.layout import site_page_name

PUBLIC, INTERNAL = "public", "internal"
EDITIONS = (PUBLIC, INTERNAL)

_UNSAFE = re.compile(r"[^\w.-]|^\.")

def _escape(match: re.Match[str]) -> str:
    return "".join(f"~{b:02x}" for b in match.group(0).encode("utf-8"))


@functools.lru_cache(maxsize=65536)
def slug(identifier: str) -> str:
    """A file name for an id, different for different ids (see the module's docstring)."""
    return _UNSAFE.sub(_escape, identifier) or "~"


def power_href(pid: str) -> str:
    """`<power-id>.html`; a power named like a page of the site itself (D004: an error, so
    never published, but the pages stay apart) `~<id>.html` (a `~` of an id is escaped)."""
    name = slug(pid)
    return f"~{name}.html" if site_page_name(name) else f"{name}.html"


def risk_href(rid: str) -> str:
    return f"risks/{slug(rid)}.html"


def department_href(did: str) -> str:
    return f"departments/{slug(did)}.html"


def post_href(pid: str) -> str:
    return f"posts/{slug(pid)}.html"


def paged_href(name: str, page: int) -> str:
    """The file of page `page` of a long list (register, catalogue, benchmarks)."""
    return f"{name}.html" if page == 1 else f"{name}-{page}.html"


def register_href(page: int) -> str:
    return paged_href("register", page)


def search_shard_href(shard: int) -> str:
    return "assets/search-index.js" if shard == 1 else f"assets/search-index-{shard}.js"


@dataclass(frozen=True)
class Page:
    """One file of an edition: `path` inside the edition's folder, the template that draws
    it, what it shows (`kind`, `arg`), the data file it is drawn from (`source`), and a key
    made from exactly what it shows: an unchanged key means unchanged bytes."""

    path: str
    template: str
    kind: str  # power, risk, department, post, register, or an aggregate page's name
    arg: str | None
    key: str
    source: str | None = None

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")


def digest(*parts: object) -> str:
    """A key of the parts, each as text followed by a NUL (hashed in one go: a register
    page's key has thousands of parts)."""
    text = "\0".join(map(str, parts)) + "\0" if parts else ""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


T = TypeVar("T")


def cut(items: Sequence[T], anchor: Callable[[T], str], minimum: int, every: int) -> list[list[T]]:
    """`items` in runs of about `minimum + every` items, cut before an item whose anchor
    hashes to a multiple of `every` once a run holds `minimum` items. The cuts depend on
    the items themselves, not on their positions, so adding or removing one item changes
    its own run (and rarely the next), never every run after it."""
    runs: list[list[T]] = [[]]
    for item in items:
        run = runs[-1]
        if len(run) >= minimum and int(digest(anchor(item))[:8], 16) % every == 0:
            runs.append(run := [])
        run.append(item)
    return [r for r in runs if r] or [[]]
