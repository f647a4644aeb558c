"""Where lz keeps what it writes: the one atomic write, and the per-repository cache in
`.lz-cache/`, keyed by file content and by the code of `lz` itself, so a cached result is
never used by a different version of the rules."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
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
