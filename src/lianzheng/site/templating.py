"""The one Jinja environment of the site: autoescape on, undefined names are errors, and a
unit's own `templates/` folder overrides any template of the same name.

A unit's overrides are read as the scan reads data files (hostile input is harmless):
`templates/base.html -> ~/.ssh/id_rsa`, or a folder link out of the repository, is never
read, published or hashed; nor is a pipe, a device or a file over the size cap. Such an
override is refused (`refused_overrides`, which `lz publish` reports) and the site's own
template of that name is used. Links that stay inside the repository are followed.

Links: every `href` that carries data goes through the `href` filter (or `tel` for a phone
number), which lets through only `http:`, `https:`, `mailto:`, `tel:` and relative links
(SPEC) and turns anything else into "" — so a `javascript:` website that slipped past
validation (a salvaged model, a unit's own template) is still never a link."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2 import select_autoescape
from jinja2.loaders import split_template_path
from markupsafe import Markup

from lianzheng.repo.layout import Refused, read_path
from lianzheng.spec.terms import label

# The site's own templates and assets; a unit's `templates/` folder overrides them.
TEMPLATES = Path(__file__).parent / "templates"


def _grade_label(grade: str | None) -> str:
    return label("grade", grade) if grade else ""


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_PHONE = re.compile(r"\+?[0-9](?:[0-9 ().-]*[0-9])?")
LINK_SCHEMES = ("http", "https", "mailto")


def _phone(text: str) -> str:
    """`tel:` and the number for a phone-like value (digits, spaces, `+-().`), else ""."""
    return f"tel:{text.replace(' ', '')}" if _PHONE.fullmatch(text) else ""


def href(value: Any) -> str:
    """`value` as a link target when it is one SPEC allows, else "" (see the module)."""
    if value is None:
        return ""
    text = str(value).strip()
    # Browsers drop tabs and newlines inside a URL (`java\nscript:` runs) and treat `\`
    # as `/`: a link with any blank or control character is no link at all.
    if not text or any(ch.isspace() or not ch.isprintable() for ch in text):
        return ""
    scheme = _SCHEME.match(text)
    if scheme is None:
        # relative; but `//host` and `\\host` leave the site (file://host from a folder)
        return "" if text[:2] in ("//", "\\\\", "/\\", "\\/") else text
    name = scheme.group(1).lower()
    if name == "tel":
        return _phone(text[len("tel:"):])
    return text if name in LINK_SCHEMES else ""


def tel(value: Any) -> str:
    """A phone number as a `tel:` link target, or "" when it is not phone-like (then the
    template shows the text without a link)."""
    return "" if value is None else _phone(str(value).strip())


def _blank_none(value: Any) -> Any:
    """An optional field left out prints as nothing, never as "None"."""
    return "" if value is None else value


# --- a unit's overrides --------------------------------------------------------------------


def read_override(folder: Path, name: str) -> bytes | Refused | None:
    """The unit's own file `name` (POSIX, relative to `folder`, the `templates/` folder at
    the root of its repository), read as the scan reads a data file: its bytes, why it is
    not read (a link leading out of the repository, a pipe, a file over the size cap), or
    None when the unit has no such file."""
    return read_path(folder.parent, f"{folder.name}/{name}")


def _override_names(folder: Path) -> tuple[list[str], dict[str, Refused]]:
    """The names of the files under `folder` (POSIX, relative to it, sorted), and the links
    that lead out of the repository (the folder's parent), which are not followed: not
    even looked at beyond their name. A folder linked from inside the repository is
    walked once."""
    top = os.path.realpath(folder.parent)
    names: list[str] = []
    refused: dict[str, Refused] = {}
    walked: set[str] = set()

    def inside(real: str) -> bool:
        return Path(real).is_relative_to(top)

    def walk(path: str, prefix: str) -> None:
        real = os.path.realpath(path)
        if real in walked:
            return
        walked.add(real)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    if not inside(os.path.realpath(entry.path)):
                        refused[rel] = Refused("link-outside-repository")
                    elif os.path.isdir(entry.path):
                        walk(entry.path, rel + "/")
                    else:
                        names.append(rel)  # (read_override says what else is wrong with it)
                elif entry.is_dir(follow_symlinks=False):
                    walk(entry.path, rel + "/")
                else:
                    names.append(rel)
            except OSError:
                names.append(rel)

    if os.path.lexists(folder):
        if not inside(os.path.realpath(folder)):
            refused["."] = Refused("link-outside-repository")  # `templates` itself leads out
        elif folder.is_dir():
            walk(str(folder), "")
    return sorted(names), refused


def unit_overrides(folder: Path | None) -> tuple[dict[str, bytes], dict[str, Refused]]:
    """Every file of a unit's `templates/` folder as it is used: name -> bytes, and the
    files (or links) refused, name -> why (`.` for the folder itself)."""
    if folder is None:
        return {}, {}
    names, refused = _override_names(folder)
    files: dict[str, bytes] = {}
    for name in names:
        got = read_override(folder, name)
        if isinstance(got, bytes):
            files[name] = got
        elif got is not None:
            refused[name] = got
    return files, dict(sorted(refused.items()))


def refused_overrides(folder: Path | None) -> dict[str, Refused]:
    """The unit's templates and assets that are not used, by name, with why."""
    return unit_overrides(folder)[1]


class UnitTemplates(BaseLoader):
    """The unit's own templates, read on demand with `read_override`: a refused one is
    "not found" here, so the next loader (the site's own templates) serves that name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        data = read_override(self.folder, "/".join(split_template_path(template)))
        if not isinstance(data, bytes):
            raise TemplateNotFound(template)
        return data.decode("utf-8"), None, lambda: True


def environment(overrides: Path | None = None) -> Environment:
    """The site's Jinja environment; `overrides`: the `templates/` folder at the root of the
    unit's repository, whose templates come first (see the module)."""
    loaders: list[BaseLoader] = [UnitTemplates(overrides)] if overrides is not None else []
    loaders.append(FileSystemLoader(str(TEMPLATES)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_blank_none,
    )
    env.filters["grade_label"] = _grade_label
    env.filters["href"] = href
    env.filters["tel"] = tel
    return env


def trusted(html: str) -> Any:
    """Mark markup lianzheng generated itself (the flowchart and chart SVGs) as safe."""
    return Markup(html)


def template_fingerprint(overrides: Path | None = None) -> str:
    """A hash of every template in use, for the page cache: the unit's overrides as they
    are read (a refused one by its refusal, never through it), then the site's own."""
    h = hashlib.blake2b(digest_size=12)
    files, refused = unit_overrides(overrides)
    for name, data in files.items():
        h.update(name.encode("utf-8", "surrogateescape") + b"\0")
        h.update(data)
    for name, why in refused.items():
        h.update(f"{name}\0{why!r}".encode("utf-8", "surrogateescape"))
    h.update(b"\0site\0")
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(TEMPLATES)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()
