"""Real git repositories for the tests of `lz diff` and `lz codeowners`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# The user's own git configuration (default branch name, signing, hooks) stays out.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def init_repo(top: Path, data: Path, into: str = "") -> Path:
    """A git repository at `top` on branch `main` with the data repository `data` copied
    to `top/into`, committed; returns the unit's folder."""
    unit = top / into if into else top
    shutil.copytree(data, unit, dirs_exist_ok=True)
    git(top, "init", "-q", "-b", "main")
    commit(top, "base")
    return unit


def commit(top: Path, message: str) -> None:
    git(top, "add", "-A")
    git(top, "commit", "-q", "--allow-empty", "-m", message)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
