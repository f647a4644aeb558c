"""Where lz keeps what it writes: the one atomic write, the output folders, and the
per-repository cache in `.lz-cache/`, keyed by file content and by the code of `lz`
itself, so a cached result is never used by a different version of the rules.

Nothing read from `.lz-cache/` can run code: the folder lives in the repository, where a
pull request can plant files. Every cache file is sealed with a keyed MAC (BLAKE2b) whose
key lives outside the repository, in the user's own cache folder; a file whose seal does
not verify is ignored (and rebuilt) before a single byte of it is decoded."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import hmac
import json
import os
import pickle
import re
import secrets
import shutil
import stat
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lianzheng import __version__
from lianzheng.repo.layout import CACHE_DIR as CACHE_DIR_NAME
from lianzheng.repo.layout import READ_FLAGS, cache_dir


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


# --- sealed cache files ----------------------------------------------------------------

SEAL_SIZE = 32


def user_cache_dir() -> Path:
    """The user's own cache folder of lz (`$XDG_CACHE_HOME/lianzheng`): the seals' key,
    and what lz keeps for itself across repositories (compiled site templates)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lianzheng"


@functools.cache
def _kept_key() -> bytes | None:
    """The key of the seals: 32 random bytes in the user's cache folder (made on first
    use, readable by the user only); None when there is nowhere to keep it, and then no
    cache is kept from one run to the next."""
    folder = user_cache_dir()
    path = folder / "cache-key"
    for _ in range(2):
        try:
            key = path.read_bytes()
            return key if len(key) == SEAL_SIZE else None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # another lz made it at the same moment: read that one
        except OSError:
            return None
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(SEAL_SIZE))
    return None


@functools.cache
def _seal_key() -> bytes:
    """The kept key, else one for this process only (its private temporary files)."""
    return _kept_key() or secrets.token_bytes(SEAL_SIZE)


def _mac(key: bytes, payload: bytes) -> bytes:
    return hashlib.blake2b(payload, key=key, digest_size=SEAL_SIZE).digest()


def sealing() -> bool:
    """Whether sealed cache files can be kept from one run to the next here."""
    return _kept_key() is not None


def seal(payload: bytes) -> bytes:
    return _mac(_seal_key(), payload) + payload


def unseal(blob: bytes) -> bytes | None:
    """The payload of a sealed file; None for a file this user's lz did not write."""
    key = _seal_key()
    if len(blob) < SEAL_SIZE:
        return None
    payload = blob[SEAL_SIZE:]
    return payload if hmac.compare_digest(blob[:SEAL_SIZE], _mac(key, payload)) else None


# The first byte of a sealed pickle: as it is (what a warm run reads on its critical path),
# or compressed (what is read rarely and is large: the model store, remembered outputs).
_PLAIN, _ZLIB = b"p", b"z"


def dump_sealed(value: Any, compress: bool = False) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return seal(_ZLIB + zlib.compress(data, 1) if compress else _PLAIN + data)


def load_sealed(path: Path) -> Any:
    """What a sealed cache file holds; None for a missing file, a seal that does not verify,
    or what does not unpickle (written by another version of lz): a cache miss."""
    try:
        payload = unseal(read_cache_file(path))
    except OSError:
        return None
    if payload is None or payload[:1] not in (_PLAIN, _ZLIB):
        return None
    try:
        data = zlib.decompress(payload[1:]) if payload[:1] == _ZLIB else payload[1:]
    except zlib.error:
        return None
    try:
        with gc_paused():
            return pickle.loads(data)  # sealed by this user's lz: not bytes a repository could plant
    except Exception:  # classes another lz version pickled
        return None


MAX_CACHE_FILE = 1 << 31


def read_cache_file(path: Path) -> bytes:
    """A cache file's bytes, when it is a regular file and not a link: a planted link to a
    device or a pipe would never end or never answer (OSError otherwise)."""
    fd = os.open(path, READ_FLAGS)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CACHE_FILE:
            raise OSError(f"not a cache file: {path}")
        return fh.read()


def _real_folders(folder: Path, made: bool) -> bool:
    """`folder` and each folder above it up to `.lz-cache/` are folders (or, before they
    are `made`, missing), none a link: a `.lz-cache` (or a folder in it) committed as a
    link to elsewhere would have lz write outside the repository."""
    for part in (folder, *folder.parents):
        try:
            if not stat.S_ISDIR(os.lstat(part).st_mode):
                return False
        except FileNotFoundError:
            if made:
                return False
        except OSError:
            return False
        if part.name == CACHE_DIR_NAME:
            return True
    return False


def prepare(folder: Path) -> bool:
    """Make a cache folder (ignored by git); False when no cache can be kept (also when
    the folder or one above it in `.lz-cache/` is a link)."""
    if not sealing():
        return False
    try:
        if not _real_folders(folder, made=False):
            return False
        folder.mkdir(parents=True, exist_ok=True)
        if not _real_folders(folder, made=True):
            return False
        base = folder if folder.name == CACHE_DIR_NAME else folder.parent
        ignore = base / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by lz: the cache is never committed\n*\n", encoding="utf-8")
    except OSError:
        return False
    return True


class Cache:
    """Named sealed files under `.lz-cache/`; every failure to read or write is a cache miss."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.dir = cache_dir(root)
        self.enabled = enabled and sealing()

    def _path(self, name: str) -> Path:
        return self.dir / f"{name}-{code_fingerprint()}.cache"

    def load(self, name: str) -> Any:
        if not self.enabled:
            return None
        return load_sealed(self._path(name))

    def save(self, name: str, value: Any) -> None:
        if not self.enabled or not prepare(self.dir):
            return
        try:
            for old in self.dir.glob(f"{name}-*.cache"):
                if old != self._path(name):
                    old.unlink(missing_ok=True)
            write_atomic(self._path(name), dump_sealed(value))
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

    It keeps a manifest of what it wrote there (path -> the key the file was made with), so
    it replaces and removes only those files: a file lz did not
    write is never overwritten or removed. Writing where such a file lies raises
    ForeignFile, unless the file already holds the same bytes or `adopt` recognises it as
    lz's own output of an earlier version. New files are staged in `.lz-staging/` and moved
    into place together by `commit()`: a run that fails leaves the folder as it was, and a
    run that was killed leaves only the staging folder, which the next run removes.

    The manifest is `.lz-manifest.json` (its shards listed) and `.lz-manifest/*.json`: a
    file made from one source file (a power's page and its risks' pages, its chart) is in
    the shard that source hashes to (`sXX`), any other in the shard of its folder (`fXX`).
    A change to one power rewrites that power's shard and those of the few folders of the
    lists that show it: kilobytes, not one file listing every page."""

    MANIFEST = ".lz-manifest.json"
    SHARDS = ".lz-manifest"
    STAGING = ".lz-staging"

    def __init__(self, path: Path, adopt: Any = None, prune: bool = True) -> None:
        self.path = path
        self.adopt = adopt  # (relative path, existing file) -> bool
        self.prune = prune  # remove the files of the last run that this run did not write
        self.old = self._read_manifest()
        self.new: dict[str, str] = {}
        self._new_shard: dict[str, str] = {}
        self._staged: list[str] = []
        self._checked_dirs: set[str] = set()
        self._staging = path / self.STAGING
        shutil.rmtree(self._staging, ignore_errors=True)

    @staticmethod
    def _shard(rel: str, group: str | None) -> str:
        """`s` and a hash of the file's source, else `f` and a hash of its folder."""
        kind, of = ("s", group) if group else ("f", rel.rpartition("/")[0])
        return kind + hashlib.blake2b(of.encode("utf-8", "surrogateescape"), digest_size=1).hexdigest()

    @staticmethod
    def _shard_bytes(files: dict[str, str]) -> bytes:
        return json.dumps(dict(sorted(files.items())), ensure_ascii=False, indent=0).encode("utf-8")

    def _read_manifest(self) -> dict[str, str]:
        self._shards_read: dict[str, bytes] = {}
        self._shard_of: dict[str, str] = {}  # rel -> the shard it was read from
        try:
            data = json.loads((self.path / self.MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        files: Any = data.get("files")  # version 1: every file in the one manifest
        if data.get("version") == 2 and isinstance(data.get("shards"), list):
            files = {}
            for name in data["shards"]:
                if not (isinstance(name, str) and re.fullmatch(r"[sf]?[0-9a-f]{2}", name)):
                    continue
                try:
                    raw = (self.path / self.SHARDS / f"{name}.json").read_bytes()
                    part = json.loads(raw)
                except (OSError, ValueError):
                    continue
                if isinstance(part, dict):
                    self._shards_read[name] = raw
                    files.update(part)
                    self._shard_of.update((rel, name) for rel in part if isinstance(rel, str))
        if not isinstance(files, dict):
            return {}
        # a manifest planted in a repository cannot point outside the folder
        return {rel: key for rel, key in files.items()
                if isinstance(rel, str) and _safe_relative(rel) and not rel.startswith(".lz-") and isinstance(key, str)}

    def _write_manifest(self) -> None:
        """The shards that changed, the index when the set of shards did; emptied shards removed."""
        def shard_for(rel: str) -> str:
            return self._new_shard.get(rel) or self._shard_of.get(rel) or self._shard(rel, None)

        shards: dict[str, dict[str, str]] = {}
        for rel, key in self.new.items():
            shards.setdefault(shard_for(rel), {})[rel] = key
        folder = self.path / self.SHARDS
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise ForeignFile(self.path, self.SHARDS)  # planted: never written through
        # a shard can only differ from what was read when a file in it was written, kept
        # from another shard, or removed: only those are serialised and compared
        dirty = {shard_for(rel) for rel in self._staged}
        dirty |= {self._shard_of[rel] for rel in [*self._staged, *(set(self.old) - set(self.new))]
                  if rel in self._shard_of}
        dirty |= set(shards) - set(self._shards_read)
        for name in sorted(dirty & set(shards)):
            data = self._shard_bytes(shards[name])
            if self._shards_read.get(name) != data:
                folder.mkdir(exist_ok=True)
                write_atomic(folder / f"{name}.json", data)
        index = json.dumps({"version": 2, "shards": sorted(shards)}, indent=0).encode("utf-8")
        try:
            same = (self.path / self.MANIFEST).read_bytes() == index
        except OSError:
            same = False
        if not same:
            write_atomic(self.path / self.MANIFEST, index)
        for name in sorted(set(self._shards_read) - set(shards)):
            with contextlib.suppress(OSError):
                (folder / f"{name}.json").unlink()
        with contextlib.suppress(OSError):
            if not shards:
                folder.rmdir()
        self._shards_read = {}  # what was read is no longer what is on disk: a second commit starts afresh

    def key(self, rel: str) -> str | None:
        """The key the file at `rel` was last written with, or None."""
        return self.old.get(rel)

    def keep(self, rel: str) -> None:
        """The file at `rel` stays as the last run wrote it."""
        self.new[rel] = self.old[rel]
        if rel in self._shard_of:
            self._new_shard[rel] = self._shard_of[rel]

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

    def record(self, rel: str, key: str, source: str | None = None) -> None:
        """The file staged for `rel` (by `claim`) is written, made with `key` (from the data
        file `source`, when it is made from one: where the manifest keeps it)."""
        self.new[rel] = key
        self._new_shard[rel] = self._shard(rel, source)
        self._staged.append(rel)

    def write(self, rel: str, data: bytes, key: str, source: str | None = None) -> None:
        """Stage `data` to become the file at `rel`."""
        self.claim(rel, data).write_bytes(data)
        self.record(rel, key, source)

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
        self._write_manifest()
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
