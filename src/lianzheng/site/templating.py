"""The one Jinja environment of the site: autoescape on, undefined names are errors, and a
unit's own `templates/` folder overrides any template of the same name."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from lianzheng.spec.terms import label

# The site's own templates and assets; a unit's `templates/` folder overrides them.
TEMPLATES = Path(__file__).parent / "templates"


def _grade_label(grade: str | None) -> str:
    return label("grade", grade) if grade else ""


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
