"""Where lz keeps what it writes: the one atomic write, and the per-repository cache in
`.lz-cache/`, keyed by file content and by the code of `lz` itself, so a cached result is
never used by a different version of the rules."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lianzheng import __version__
from lianzheng.repo.layout import cache_dir


@functools.cache
def code_fingerprint() -> str:
    """Version plus the size and mtime of every module: a changed rule invalidates the cache."""
    h = hashlib.blake2b(__version__.encode(), digest_size=8)
    package = Path(__file__).parents[1]
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects
    (loading a cache, reading YAML): it would otherwise run hundreds of times for
    nothing and cost more than the work itself. What was built is then frozen (moved
    out of the collector's sight): it is freed by reference counting as usual, but later
    collections do not walk it again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data` at once: readers see the old file or the new one, never a
    half-written one (a temporary file in the same folder, then a rename). `mode`: the
    permission bits to give it (those of the file it replaces, say)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".lz-tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if mode is not None:
            os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    """Named pickles under `.lz-cache/`; every failure to read or write is a cache miss."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.dir = cache_dir(root)
        self.enabled = enabled

    def _path(self, name: str) -> Path:
        return self.dir / f"{name}-{code_fingerprint()}.pickle"

    def load(self, name: str) -> Any:
        if not self.enabled:
            return None
        try:
            with open(self._path(name), "rb") as fh, gc_paused():
                return pickle.load(fh)
        except Exception:  # a missing, truncated or foreign cache file is just a miss
            return None

    def save(self, name: str, value: Any) -> None:
        if not self.enabled:
            return
        try:
            self.dir.mkdir(exist_ok=True)
            ignore = self.dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by lz: the cache is never committed\n*\n", encoding="utf-8")
            for old in self.dir.glob(f"{name}-*.pickle"):
                if old != self._path(name):
                    old.unlink(missing_ok=True)
            write_atomic(self._path(name), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass


# --- output folders ---------------------------------------------------------------------


class ForeignFile(Exception):
    """An output folder holds, where lz would write, a file lz did not write."""

    def __init__(self, folder: Path, path: str) -> None:
        super().__init__(f"{folder / path}")
        self.folder = folder
        self.path = path


def _safe_relative(rel: object) -> bool:
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel or "\0" in rel:
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


class OutputFolder:
    """A folder lz writes generated files into (a site edition, the charts of `lz render`).

    It keeps a manifest of what it wrote there (`.lz-manifest.json`: path -> the key the
    file was made with), so it replaces and removes only those files: a file lz did not
    write is never overwritten or removed. Writing where such a file lies raises
    ForeignFile, unless the file already holds the same bytes or `adopt` recognises it as
    lz's own output of an earlier version. New files are staged in `.lz-staging/` and moved
    into place together by `commit()`: a run that fails leaves the folder as it was, and a
    run that was killed leaves only the staging folder, which the next run removes."""

    MANIFEST = ".lz-manifest.json"
    STAGING = ".lz-staging"

    def __init__(self, path: Path, adopt: Any = None, prune: bool = True) -> None:
        self.path = path
        self.adopt = adopt  # (relative path, existing file) -> bool
        self.prune = prune  # remove the files of the last run that this run did not write
        self.old = self._read_manifest()
        self.new: dict[str, str] = {}
        self._staged: list[str] = []
        self._checked_dirs: set[str] = set()
        self._staging = path / self.STAGING
        shutil.rmtree(self._staging, ignore_errors=True)

    def _read_manifest(self) -> dict[str, str]:
        try:
            data = json.loads((self.path / self.MANIFEST).read_text(encoding="utf-8"))
            files = data["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}
        if not isinstance(files, dict):
            return {}
        # a manifest planted in a repository cannot point outside the folder
        return {rel: key for rel, key in files.items() if _safe_relative(rel) and isinstance(key, str)}

    def key(self, rel: str) -> str | None:
        """The key the file at `rel` was last written with, or None."""
        return self.old.get(rel)

    def keep(self, rel: str) -> None:
        """The file at `rel` stays as the last run wrote it."""
        self.new[rel] = self.old[rel]

    def _inside(self, rel: str) -> Path:
        """The path of `rel`, after checking that no folder on the way is a link leading
        out of the output folder."""
        if not _safe_relative(rel):
            raise ValueError(f"not a relative path inside the output folder: {rel!r}")
        target = self.path / rel
        parent = rel.rpartition("/")[0]
        if parent and parent not in self._checked_dirs:
            real = os.path.realpath(self.path / parent)
            if not (real + os.sep).startswith(os.path.realpath(self.path) + os.sep):
                raise ForeignFile(self.path, parent)
            self._checked_dirs.add(parent)
        return target

    def claim(self, rel: str, data: bytes | None = None) -> Path:
        """Where to stage the file that will become `rel` (its folder made). Raises
        ForeignFile when a file lz did not write lies at `rel` (one that already holds
        `data`, or that `adopt` recognises, is taken as lz's)."""
        target = self._inside(rel)
        if rel not in self.old and (target.exists() or target.is_symlink()):
            regular = target.is_file() and not target.is_symlink()
            same = regular and data is not None and target.read_bytes() == data
            if not same and not (regular and self.adopt is not None and self.adopt(rel, target)):
                raise ForeignFile(self.path, rel)
        staged = self._staging / rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        return staged

    def record(self, rel: str, key: str) -> None:
        """The file staged for `rel` (by `claim`) is written, made with `key`."""
        self.new[rel] = key
        self._staged.append(rel)

    def write(self, rel: str, data: bytes, key: str) -> None:
        """Stage `data` to become the file at `rel`."""
        self.claim(rel, data).write_bytes(data)
        self.record(rel, key)

    def commit(self) -> list[str]:
        """Move every staged file into place, remove the vanished ones, save the manifest;
        the files written."""
        self.path.mkdir(parents=True, exist_ok=True)
        written = list(self._staged)
        for rel in written:
            target = self._inside(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._staging / rel, target)
        if self.prune:
            for rel in sorted(set(self.old) - set(self.new)):
                self._remove(rel)
        else:
            self.new = {**self.old, **self.new}
        write_atomic(self.path / self.MANIFEST,
                     json.dumps({"version": 1, "files": dict(sorted(self.new.items()))},
                                ensure_ascii=False, indent=0).encode("utf-8"))
        self.abort()
        return written

    def _remove(self, rel: str) -> None:
        try:
            target = self._inside(rel)
        except (ForeignFile, ValueError):
            return
        if target.is_file() and not target.is_symlink():
            target.unlink()
            folder = target.parent
            while folder != self.path and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent

    def abort(self) -> None:
        """Forget what was staged: the folder stays as the last run left it."""
        shutil.rmtree(self._staging, ignore_errors=True)
        self._staged.clear()
