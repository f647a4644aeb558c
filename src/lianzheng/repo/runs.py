"""A command's whole output, remembered for an input it has seen.

`lz validate` runs in every pre-commit hook, mostly on a repository that has not changed
since the last run. Its floor is reading and hashing every data file; everything past
that — parsing, checking, formatting — would give the same bytes as last time. A
`RunRecord` keys a command's exit code and output on the code of lz, the command and
every option that shapes its output, and the digest of every data file (a file changed,
added or removed is a miss), and replays them. Like every cache file it is sealed, and
this module imports nothing heavy: a replay costs the floor and little more."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from lianzheng.repo.layout import Unreadable, cache_dir, data_tree, find_root, read_data
from lianzheng.repo.storage import (
    code_fingerprint,
    dump_sealed,
    load_sealed,
    prepare,
    sealing,
    write_atomic,
)

KEEP = 8  # outputs kept per command: a few option sets used in turn (hooks, CI, by hand)


def _hash_tree(h: hashlib.blake2b, root: Path) -> None:
    """Every data file under `root` into `h`, read as the scan reads it: a link out of the
    folder is not followed (its refusal is what is hashed)."""
    tree = data_tree(root)
    for rel in sorted([*tree.files, *tree.refused]):
        try:
            source = tree.files.get(rel)
            content = read_data(root, source) if source else repr(tree.refused[rel]).encode()
        except Unreadable:
            content = b"\0unreadable"
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        h.update(hashlib.blake2b(content, digest_size=16).digest())


class RunRecord:
    """The remembered outputs of one command in one repository. `annex`: the `--signals`
    folder the command reads as well, whose files are part of the key as the
    repository's are (a changed signal is a miss)."""

    def __init__(self, path: str | os.PathLike[str], command: str, options: Sequence[object],
                 enabled: bool = True, annex: str | os.PathLike[str] | None = None) -> None:
        self.root = find_root(path)
        self.command = command
        self.enabled = enabled and sealing()
        h = hashlib.blake2b(digest_size=20)
        h.update(f"{code_fingerprint()}\0{command}\0{options!r}\0".encode())
        if self.enabled:
            _hash_tree(h, self.root)
            if annex is not None:
                # where it is shows in the output (its findings name its files)
                base = Path(annex).resolve()
                h.update(b"\0annex\0" + str(base).encode("utf-8", "surrogateescape") + b"\0")
                if not base.is_relative_to(self.root):  # (inside, its files are the repository's)
                    _hash_tree(h, base)
        self.key = h.hexdigest()
        self.path = cache_dir(self.root) / "runs" / f"{command}.cache"

    def _entries(self) -> dict[str, tuple[int, bytes, tuple[tuple[str, str], ...]]]:
        entries = load_sealed(self.path) if self.enabled else None
        return entries if isinstance(entries, dict) else {}

    def replay(self) -> tuple[int, bytes] | None:
        """The exit code and output of the same command on the same input, if remembered
        (the data files, and the other files the run read: its case logs, unchanged)."""
        hit = self._entries().get(self.key) if self.enabled else None
        if hit is None or any(_file_digest(Path(path)) != seen for path, seen in hit[2]):
            return None
        return hit[0], hit[1]

    def record(self, exit_code: int, output: bytes, read: Sequence[Path] = ()) -> None:
        """Remember the output; `read`: the files besides the data files it depends on."""
        if not self.enabled or not prepare(self.path.parent):
            return
        entries = self._entries()
        entries.pop(self.key, None)
        entries[self.key] = (exit_code, output, tuple((str(p), _file_digest(p)) for p in sorted(set(read))))
        while len(entries) > KEEP:
            entries.pop(next(iter(entries)))
        try:
            write_atomic(self.path, dump_sealed(entries, compress=True))
        except OSError:
            pass


def _file_digest(path: Path) -> str:
    """A file's content digest, streamed (a case log may be larger than memory)."""
    h = hashlib.blake2b(digest_size=16)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return "not a file"  # a pipe or a device is never read (it could block for ever)
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return "unreadable"
    return h.hexdigest()
