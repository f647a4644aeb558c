"""The one Jinja environment of the site: autoescape on, undefined names are errors, and a
unit's own `templates/` folder overrides any template of the same name.

Links: every `href` that carries data goes through the `href` filter (or `tel` for a phone
number), which lets through only `http:`, `https:`, `mailto:`, `tel:` and relative links
(SPEC) and turns anything else into "" — so a `javascript:` website that slipped past
validation (a salvaged model, a unit's own template) is still never a link."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

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


def environment(overrides: Path | None = None) -> Environment:
    folders = [str(overrides)] if overrides is not None and overrides.is_dir() else []
    folders.append(str(TEMPLATES))
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(f) for f in folders]),
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
    """A hash of every template in use, for the page cache."""
    h = hashlib.blake2b(digest_size=12)
    for folder in (overrides, TEMPLATES):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(str(path.relative_to(folder)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()
