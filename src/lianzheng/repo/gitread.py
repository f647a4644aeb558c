"""Reading a git repository without a checkout: revisions, the paths that differ
between two of them, and the content of blobs.

Only git's plumbing commands are used, through the `git` program itself, so that every
repository layout git supports (worktrees, packed refs, alternates, sha256) reads the
same way it does for the user. The cost of a comparison follows the size of the change:
`git diff-tree` skips every subtree whose id is unchanged, and all blobs are read by one
`git cat-file --batch` process.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

# Regular files only: a symbolic link or a submodule holds no data of ours.
FILE_MODES = ("100644", "100755")


class GitError(Exception):
    """`kind`: no_git (the program is missing), not_repo, bad_revision, no_default_branch,
    failed (any other failure, with git's own message in `detail`)."""

    def __init__(self, kind: str, detail: str = "", rev: str = "") -> None:
        super().__init__(f"{kind}: {rev or detail}")
        self.kind = kind
        self.detail = detail
        self.rev = rev


class Change(NamedTuple):
    """A path that differs between two sides, relative to the top of the git repository.
    `old` / `new`: the blob id on each side, None where the path holds no file, and
    WORKTREE where the content must be read from the working tree."""

    path: str
    old: str | None
    new: str | None


WORKTREE = "worktree"


def git(cwd: str | os.PathLike[str], *args: str, input: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", "-C", str(cwd), *args], input=input, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise GitError("no_git") from exc
    if proc.returncode != 0:
        raise GitError("failed", proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout


def toplevel(path: str | os.PathLike[str]) -> Path:
    """The top folder of the git repository holding `path`."""
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
    try:
        out = git(folder, "rev-parse", "--show-toplevel")
    except GitError as exc:
        if exc.kind == "failed":
            raise GitError("not_repo", exc.detail) from exc
        raise
    return Path(out.decode("utf-8").strip()).resolve()


def resolve(top: Path, rev: str) -> str:
    """The commit id a revision names (a branch, tag, `HEAD~2`, an id)."""
    try:
        out = git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except GitError as exc:
        raise GitError("bad_revision", exc.detail, rev) from exc
    return out.decode().strip()


def default_branch(top: Path) -> str:
    """The branch a pull request merges into: `origin/HEAD` when the clone has it, else
    `main`, else `master`."""
    for candidate in ("refs/remotes/origin/HEAD", "refs/heads/main", "refs/heads/master"):
        try:
            git(top, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}")
        except GitError:
            continue
        return candidate.removeprefix("refs/heads/").removeprefix("refs/remotes/")
    raise GitError("no_default_branch")


def merge_base(top: Path, a: str, b: str) -> str:
    try:
        return git(top, "merge-base", a, b).decode().strip()
    except GitError as exc:
        raise GitError("bad_revision", exc.detail, f"merge-base {a} {b}") from exc


def _pathspec(prefix: str) -> list[str]:
    return ["--", prefix] if prefix else []


def _raw_changes(out: bytes) -> list[Change]:
    """`git diff-* --raw -z --no-renames`: `:mode mode id id status NUL path NUL`."""
    fields = out.split(b"\0")
    changes = []
    for meta, path in zip(fields[0::2], fields[1::2]):
        if not meta.startswith(b":"):
            continue
        old_mode, new_mode, old_id, new_id, _status = meta[1:].decode().split(" ")
        old = old_id if old_mode in FILE_MODES else None
        if new_mode not in FILE_MODES:
            new = None
        elif set(new_id) == {"0"}:
            new = WORKTREE  # not hashed: the working tree file differs from the index
        else:
            new = new_id
        if old != new:
            changes.append(Change(path.decode("utf-8", "surrogateescape"), old, new))
    return changes


def changed_files(top: Path, base: str, head: str | None, prefix: str = "") -> list[Change]:
    """Files under `prefix` that differ between commit `base` and commit `head`, or the
    working tree (tracked changes, staged or not, and untracked files not ignored) when
    `head` is None."""
    if head is not None:
        out = git(top, "diff-tree", "-r", "-z", "--no-renames", "--raw", base, head, *_pathspec(prefix))
        return _raw_changes(out)
    out = git(top, "diff-index", "-z", "--no-renames", "--raw", base, *_pathspec(prefix))
    changes = _raw_changes(out)
    untracked = git(top, "ls-files", "-z", "--others", "--exclude-standard", *_pathspec(prefix))
    changes += [Change(p.decode("utf-8", "surrogateescape"), None, WORKTREE)
                for p in untracked.split(b"\0") if p]
    return sorted(changes)


def read_objects(top: Path, names: Iterable[str]) -> dict[str, bytes | None]:
    """The content of each object (`<blob id>` or `<commit>:<path>`), by one
    `git cat-file --batch`; None for a name that does not exist."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    out = git(top, "cat-file", "--batch", input="".join(f"{n}\n" for n in wanted).encode("utf-8"))
    found: dict[str, bytes | None] = {}
    pos = 0
    for name in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) != 3:  # "<name> missing" or "<name> ambiguous"
            found[name] = None
            continue
        size = int(header[2])
        found[name] = out[pos:pos + size] if header[1] == b"blob" else None
        pos += size + 1  # the content is followed by a newline
    return found


class TreeFile(NamedTuple):
    """A regular file of a commit's tree: its path from the top of the git repository and
    its blob id (the same content has the same id in every commit)."""

    path: str
    blob: str


def tree_files(top: Path, commit: str, prefix: str = "") -> list[TreeFile]:
    """The regular files of `commit` under `prefix`, read from the tree objects."""
    out = git(top, "ls-tree", "-r", "-z", "--full-tree", commit, *_pathspec(prefix))
    files = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split(" ")
        if kind == "blob" and mode in FILE_MODES:
            files.append(TreeFile(path.decode("utf-8", "surrogateescape"), blob))
    return files


class CommitDate(NamedTuple):
    """A commit and its committer date, in the committer's time zone (as `lz publish`
    dates the HEAD commit)."""

    commit: str
    date: str  # YYYY-MM-DD


def _commit_dates(out: bytes) -> list[CommitDate]:
    rows = []
    for line in out.decode("utf-8").splitlines():
        commit, _, date = line.partition(" ")
        if commit and date:
            rows.append(CommitDate(commit, date))
    return rows


def first_parent_history(top: Path, rev: str = "HEAD") -> list[CommitDate]:
    """The commits of `rev` along first parents, newest first: what the branch held,
    one state after the other (a merged branch's own commits are not states of it)."""
    return _commit_dates(git(top, "log", "--first-parent", "--format=%H %cs", rev, "--"))


def tags_of(top: Path, rev: str = "HEAD") -> dict[str, list[str]]:
    """Commit id -> the names of the tags (lightweight or annotated) that point at it,
    for the tags of `rev`'s history."""
    out = git(top, "for-each-ref", f"--merged={rev}", "--format=%(objecttype) %(*objecttype) %(objectname) "
              "%(*objectname) %(refname:strip=2)", "refs/tags")
    found: dict[str, list[str]] = {}
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        kind, peeled_kind, obj, peeled, name = line.split(" ", 4)
        if kind == "commit":
            found.setdefault(obj, []).append(name)
        elif kind == "tag" and peeled_kind == "commit":
            found.setdefault(peeled, []).append(name)
    return {commit: sorted(names) for commit, names in found.items()}


def commit_dates(top: Path, commits: Iterable[str]) -> dict[str, str]:
    """Commit id -> its committer date (YYYY-MM-DD)."""
    wanted = list(dict.fromkeys(commits))
    if not wanted:
        return {}
    out = git(top, "log", "--no-walk=unsorted", "--format=%H %cs", *wanted, "--")
    return {c.commit: c.date for c in _commit_dates(out)}
