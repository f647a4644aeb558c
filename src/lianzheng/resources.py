"""Where the files that ship with lianzheng are: the site templates and the schemas.

In an installed wheel they are inside the package (`lianzheng/_data/`); in a source
checkout (an editable install) they are the top-level `templates/` and `schemas/`."""

from __future__ import annotations

from pathlib import Path


def package_dir(name: str) -> Path:
    packaged = Path(__file__).parent / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name
