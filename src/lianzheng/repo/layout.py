"""The one place that knows how a unit's repository is laid out."""

from __future__ import annotations

import os
from pathlib import Path

UNIT_FILE = "lianzheng.yaml"
CACHE_DIR = ".lz-cache"
TEMPLATES_DIR = "templates"
YAML_SUFFIXES = (".yaml", ".yml")
# Output folders of `lz render` / `lz publish` and tool folders: never read as data.
SKIPPED_DIRS = frozenset({"build", "site", "node_modules", "venv", "__pycache__", "dist"})


class RepositoryNotFound(Exception):
    """No `lianzheng.yaml` at or above the given path."""


def find_root(start: str | os.PathLike[str]) -> Path:
    """The repository root: the nearest folder at or above `start` with `lianzheng.yaml`."""
    path = Path(start).resolve()
    if not path.exists():
        raise FileNotFoundError(str(start))
    here = path if path.is_dir() else path.parent
    for folder in (here, *here.parents):
        if (folder / UNIT_FILE).is_file():
            return folder
    raise RepositoryNotFound(str(start))


def skipped_dir(name: str, at_root: bool) -> bool:
    """A folder that holds no data: hidden (`.git`, `.lz-cache`, `.github`), output and
    tool folders, and the site templates at the root."""
    return name.startswith(".") or name in SKIPPED_DIRS or (at_root and name == TEMPLATES_DIR)


def is_data_name(name: str) -> bool:
    return name.endswith(YAML_SUFFIXES) and not name.startswith(".")


def is_data_path(rel: str) -> bool:
    """Whether a POSIX path relative to the root is a data file (as `data_files` finds
    them); for file lists that do not come from walking the folder, e.g. a git tree."""
    *folders, name = rel.split("/")
    return is_data_name(name) and not any(skipped_dir(d, i == 0) for i, d in enumerate(folders))


def data_files(root: Path) -> list[str]:
    """Every YAML file of the repository, as sorted POSIX paths relative to `root`.

    Hidden files and folders (`.git`, `.lz-cache`, `.github`, `.gitlab-ci.yml`) and output
    folders are skipped; the order is the same on every machine."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        dirnames[:] = [d for d in dirnames if not skipped_dir(d, rel == ".")]
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found.extend(prefix + name for name in filenames if is_data_name(name))
    found.sort()
    return found


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR
