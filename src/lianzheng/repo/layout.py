"""The one place that knows how a unit's repository is laid out."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

UNIT_FILE = "lianzheng.yaml"
CACHE_DIR = ".lz-cache"
TEMPLATES_DIR = "templates"

# The pages of a published site itself, beside `<power-id>.html`: a power may not take one
# of their names (D004), and the long lists are cut into `register-2.html`... pages.
SITE_PAGES = frozenset({"index", "catalogue", "benchmarks", "search", "register", "overview", "measures",
                        "organization", "monitor", "warnings", "assessment"})
PAGED_LISTS = ("register", "catalogue", "benchmarks")
_PAGED_NAME = re.compile(rf"^({'|'.join(PAGED_LISTS)})-\d+$")


def site_page_name(name: str) -> bool:
    """A file name (without `.html`) the site uses for a page of its own."""
    return name in SITE_PAGES or bool(_PAGED_NAME.match(name))
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


# The size cap of a data file: one power per file is a few KB.
MAX_FILE_BYTES = 10 * 1024 * 1024


class Refused(NamedTuple):
    """A data file the scan does not read, named as its rule is named
    (`link-outside-repository`, `unreadable-file`, `file-too-large`), with the variant of
    its message and the message's arguments."""

    rule: str
    variant: str = ""
    detail: tuple[tuple[str, Any], ...] = ()


class Unreadable(Exception):
    """A data file that cannot be read (see `read_data`)."""

    def __init__(self, refused: Refused) -> None:
        super().__init__(refused.rule)
        self.refused = refused


@dataclass
class DataTree:
    """The data files of a repository, as the scan reads them.

    `files` maps the path a file is known by (POSIX, relative to the root; the path of
    findings, pages and caches) to the file to read: the same path, or for a symbolic
    link the real path of its target, relative to the root. `refused` holds the data
    paths that are not read, each with why."""

    files: dict[str, str] = field(default_factory=dict)
    refused: dict[str, Refused] = field(default_factory=dict)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def data_tree(root: Path) -> DataTree:
    """Every data file of the repository at `root`, and the links that are not followed.

    Hidden files and folders (`.git`, `.lz-cache`, `.github`, `.gitlab-ci.yml`) and output
    folders are skipped; the order is the same on every machine.

    Symbolic links (hostile input is harmless): a link whose target resolves outside the
    root is never followed; a data link (`*.yaml`) or a link to a folder that leaves the
    root is refused (`link-outside-repository`). A link inside the root is followed, and
    the file it leads to is known by the link's path, unless that file (or folder) is read
    anyway under its own path: each file is read once, under its own path when it has one
    the walk finds (`lianzheng.yaml` at the root excepted: the Unit is always known by
    that name). A dangling data link, a loop of links and anything that is not a
    regular file (a pipe, a device) are refused as `unreadable-file`."""
    top = str(root.resolve())
    tree = DataTree()
    known: dict[str, str] = {}  # real path -> the path the file is known by
    walked: set[str] = set()
    links: list[tuple[str, str]] = []  # (path, as found through its folder), in walk order

    def relative(real: str) -> str:
        return "" if real == top else real[len(top) + 1:].replace(os.sep, "/")

    def walk(folder: str, prefix: str, real_folder: str) -> None:
        # `real_folder`: the real path of `folder`, known without asking the file system
        # again (one realpath per file would cost a city-sized repository dearly)
        walked.add(real_folder)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return  # an unreadable folder holds nothing we can read (as os.walk does)
        for entry in entries:
            rel = prefix + entry.name
            real = os.path.join(real_folder, entry.name)
            try:
                if entry.is_symlink():
                    links.append((rel, entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    if not skipped_dir(entry.name, prefix == "") and real not in walked:
                        walk(entry.path, rel + "/", real)
                elif is_data_name(entry.name):
                    if not entry.is_file(follow_symlinks=False):  # reading a pipe would block for ever
                        tree.refused[rel] = Refused("unreadable-file", "special")
                    elif real not in known:
                        known[real] = rel
                        tree.files[rel] = relative(real)
            except OSError:
                if is_data_name(entry.name):
                    tree.refused[rel] = Refused("unreadable-file")

    # Own paths first, then the links in path order (a linked folder may hold more links):
    # so a file is known by its own path whatever the names of the links to it.
    walk(top, "", top)
    done = 0
    while done < len(links):
        rel, path = links[done]
        done += 1
        name = rel.rsplit("/", 1)[-1]
        data = is_data_name(name)
        if not data and skipped_dir(name, "/" not in rel):
            continue
        followed = _follow(path, top)
        if isinstance(followed, Refused):
            if data or (followed.rule == "link-outside-repository" and os.path.isdir(path)):
                tree.refused[rel] = followed
            continue
        target, mode = followed
        if stat.S_ISDIR(mode):
            if target not in walked:
                walk(path, rel + "/", target)
        elif not data:
            continue
        elif not stat.S_ISREG(mode):
            tree.refused[rel] = Refused("unreadable-file", "special")
        elif target not in known:
            known[target] = rel
            tree.files[rel] = relative(target)
        elif rel == UNIT_FILE:  # the unit is known as lianzheng.yaml, whatever it links to
            del tree.files[known[target]]
            known[target] = rel
            tree.files[rel] = relative(target)
    tree.files = dict(sorted(tree.files.items()))
    tree.refused = dict(sorted(tree.refused.items()))
    return tree


def _follow(path: str, top: str) -> tuple[str, int] | Refused:
    """Where the link at `path` leads: the real path of its target and its file mode, or
    why it is not followed. A target outside `top` is never looked at beyond its name."""
    target = os.path.realpath(path)
    if not _inside(target, top):
        return Refused("link-outside-repository")
    try:
        return target, os.stat(path).st_mode
    except OSError as exc:
        return Refused("unreadable-file", _errno_variant(exc.errno))


def data_source(root: Path, rel: str) -> str | Refused | None:
    """How the scan reads the data path `rel` (a path that does not come from walking the
    folder, e.g. a changed file git names): the file to read, relative to the root, or why
    it is not read; None when nothing is there."""
    top = str(root.resolve())
    path = os.path.join(top, *rel.split("/"))
    if not os.path.lexists(path):
        return None
    followed = _follow(path, top)
    if isinstance(followed, Refused):
        return followed
    target, mode = followed
    if not stat.S_ISREG(mode):
        return Refused("unreadable-file", "special")
    return target[len(top) + 1:].replace(os.sep, "/")


def _errno_variant(number: int | None) -> str:
    return {errno.ENOENT: "dangling", errno.ELOOP: "loop", errno.EACCES: "permission"}.get(number or 0, "")


def data_files(root: Path) -> list[str]:
    """The paths of every data file the scan reads, sorted (see `data_tree`)."""
    return list(data_tree(root).files)


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


# Opening a file to read it: never through a link, never blocking on a pipe or a device.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_data(root: Path, source: str) -> bytes:
    """The bytes of one data file, `source` being the real path `data_tree` resolved
    (relative to `root`). Hostile input is harmless: a file that has become a link since
    the walk is not followed (O_NOFOLLOW), a pipe or a device is not read (it could block
    for ever or never end), and a file over the size cap is not read into memory."""
    try:
        fd = os.open(root / source, READ_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW: the walk resolved every link, so this one is new
            raise Unreadable(Refused("unreadable-file", "changed")) from None
        raise Unreadable(_os_refusal(exc)) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable(Refused("unreadable-file", "special"))
        if st.st_size > MAX_FILE_BYTES:
            raise Unreadable(Refused("file-too-large", "", (("size", st.st_size), ("limit", MAX_FILE_BYTES))))
        try:
            return fh.read(MAX_FILE_BYTES + 1)  # a file that grew since: the reader says it is too large
        except OSError as exc:
            raise Unreadable(_os_refusal(exc)) from None


def read_path(root: Path, rel: str) -> bytes | Refused | None:
    """One data file by its path (relative to the root), read as the scan reads it: its
    bytes, why it is not read (a link out of the repository…), or None when there is no
    file."""
    source = data_source(root, rel)
    if source is None or isinstance(source, Refused):
        return source
    try:
        return read_data(root, source)
    except Unreadable as exc:
        return exc.refused


def _os_refusal(exc: OSError) -> Refused:
    """An OS error as a refusal: its kind, never the path (which may hold the user's home
    folder) nor anything read."""
    variant = _errno_variant(exc.errno)
    if variant:
        return Refused("unreadable-file", variant)
    reason = os.strerror(exc.errno) if exc.errno else type(exc).__name__
    return Refused("unreadable-file", "", (("reason", reason),))
