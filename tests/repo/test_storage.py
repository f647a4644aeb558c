"""What lz keeps and writes: nothing read from `.lz-cache/` can run code (a pull request can
plant files there), and an output folder loses only files lz wrote (hardening 4, 7)."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from lianzheng.repo.storage import ForeignFile, OutputFolder, dump_sealed, load_sealed
from tests.clirunner import lz
from tests.conftest import BASE_REPO, EXAMPLES


class Boom:
    """Unpickling this runs a shell command that leaves a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def plant(repo: Path, marker: Path) -> None:
    """A malicious pickle under every name the caches use, before and after a run."""
    payload = pickle.dumps(Boom(marker))
    cache = repo / ".lz-cache"
    for path in [*cache.rglob("*.cache"), *cache.rglob("*.pickle"), *cache.rglob("*.svg")]:
        path.write_bytes(payload)
    for name in ("facts.pickle", "facts-delta.pickle", "models-x/index.pickle"):
        (cache / name).parent.mkdir(parents=True, exist_ok=True)
        (cache / name).write_bytes(payload)
    # and one that carries a seal-sized prefix, as if it had been sealed by someone else
    (cache / "facts-0000.cache").write_bytes(os.urandom(32) + payload)


def test_planted_cache_files_are_ignored_and_never_run(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "county-market-bureau", repo, ignore=shutil.ignore_patterns(".lz-cache", "site"))
    marker = tmp_path / "pwned"
    cold = lz(["validate", str(repo), "--format", "json", "--no-cache", "--as-of", "2027-06-01"]).stdout
    assert lz(["validate", str(repo), "-q"]).exit_code == 0  # fills the cache
    if shutil.which("dot"):
        assert lz(["publish", str(repo), "--out", str(tmp_path / "site"), "-q"]).exit_code == 0
    plant(repo, marker)
    for args in (["validate", str(repo), "--format", "json", "--as-of", "2027-06-01"], ["grade", str(repo)],
                 ["due", str(repo)]):
        result = lz(args)
        assert result.exit_code == 0, result.stderr
        assert not marker.exists(), f"lz {args[0]} ran code from the cache"
    assert lz(["validate", str(repo), "--format", "json", "--as-of", "2027-06-01"]).stdout == cold
    if shutil.which("dot"):
        assert lz(["publish", str(repo), "--out", str(tmp_path / "site2"), "-q"]).exit_code == 0
        assert lz(["render", str(repo), "--out", str(tmp_path / "flows"), "-q"]).exit_code == 0
        assert not marker.exists()
        svg = (tmp_path / "flows" / "CF-001.svg").read_bytes()
        assert svg.startswith(b"<?xml") and b"os.system" not in svg


def test_a_sealed_file_is_read_back_and_a_tampered_one_is_not(tmp_path: Path) -> None:
    path = tmp_path / "x.cache"
    path.write_bytes(dump_sealed({"a": [1, 2]}))
    assert load_sealed(path) == {"a": [1, 2]}
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))
    assert load_sealed(path) is None


def test_an_output_folder_replaces_and_removes_only_what_lz_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = OutputFolder(out)
    first.write("a.html", b"A", "k1")
    first.write("sub/b.html", b"B", "k2")
    first.commit()
    (out / "mine.txt").write_text("the user's own", encoding="utf-8")
    second = OutputFolder(out)
    assert second.key("a.html") == "k1"
    second.write("a.html", b"A2", "k3")  # b.html vanished
    second.commit()
    assert (out / "a.html").read_bytes() == b"A2" and not (out / "sub").exists()
    assert (out / "mine.txt").read_text(encoding="utf-8") == "the user's own"
    with pytest.raises(ForeignFile):
        OutputFolder(out).write("mine.txt", b"overwrite", "k")
    assert (out / "mine.txt").read_text(encoding="utf-8") == "the user's own"


def test_a_planted_manifest_cannot_remove_files_outside_the_folder(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "keep.yaml"
    outside.write_text("data", encoding="utf-8")
    out.mkdir()
    (out / ".lz-manifest.json").write_text('{"version": 1, "files": {"../keep.yaml": "k", "/etc/passwd": "k"}}',
                                           encoding="utf-8")
    folder = OutputFolder(out)
    folder.write("index.html", b"x", "k")
    folder.commit()
    assert outside.read_text(encoding="utf-8") == "data"


def test_a_linked_folder_inside_the_output_is_not_written_through(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "risks").symlink_to(elsewhere)
    with pytest.raises(ForeignFile):
        OutputFolder(out).write("risks/R-1.html", b"x", "k")
    assert not list(elsewhere.iterdir())


def test_publish_into_a_folder_holding_the_users_data_refuses(tmp_path: Path) -> None:
    """`lz init x; mv powers internal/; lz publish --out .` deleted the user's YAML."""
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    (repo / "internal").mkdir()
    shutil.move(str(repo / "powers"), str(repo / "internal" / "powers"))
    (repo / "internal" / "index.html").write_text("<p>my notes</p>", encoding="utf-8")
    before = {p: p.read_bytes() for p in (repo / "internal").rglob("*") if p.is_file()}
    result = lz(["publish", str(repo), "--out", str(repo), "--as-of", "2026-11-28"])
    assert result.exit_code == 2 and "不是 lz 生成的文件" in result.stderr
    assert {p: p.read_bytes() for p in (repo / "internal").rglob("*") if p.is_file()} == before


def test_a_cache_folder_committed_as_a_link_is_not_written_through(tmp_path: Path) -> None:
    """A pull request can commit `.lz-cache` (or a folder in it) as a link to elsewhere:
    lz then keeps no cache rather than write outside the repository."""
    outside = tmp_path / "outside"
    outside.mkdir()
    for planted in (".lz-cache", ".lz-cache/runs"):
        repo = shutil.copytree(BASE_REPO, tmp_path / planted.replace("/", "_"), ignore=shutil.ignore_patterns(".lz-cache"))
        link = repo / planted
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outside, target_is_directory=True)
        for command in (["validate", str(repo)], ["grade", str(repo)], ["render", str(repo), "--format", "dot",
                                                                        "--out", str(tmp_path / "dot")]):
            assert lz(command).exit_code in (0, 1)
        assert list(outside.iterdir()) == [], planted


def test_a_planted_link_to_a_device_or_pipe_is_not_read(tmp_path: Path) -> None:
    """Cache names are predictable; a link to /dev/zero or a pipe under one would be read for
    ever: lz reads only regular files there."""
    repo = shutil.copytree(BASE_REPO, tmp_path / "repo")
    assert lz(["validate", str(repo)]).exit_code == 0
    cache = repo / ".lz-cache"
    for n, path in enumerate(sorted(p for p in cache.rglob("*.cache") if p.is_file())):
        path.unlink()
        if n % 2:
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
    result = lz(["validate", str(repo)])  # returns (a hang would time the suite out)
    assert result.exit_code == 0, result.stdout + result.stderr
