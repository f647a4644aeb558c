"""Which files a scan reads: the layout, symbolic links in and out of the repository, and
files that must not be read (pipes, files over the size cap, a file swapped for a link)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from lianzheng.repo.layout import (
    MAX_FILE_BYTES,
    Refused,
    Unreadable,
    data_files,
    data_source,
    data_tree,
    read_data,
    read_path,
)
from tests.clirunner import lz
from tests.conftest import BASE_REPO
from tests.gitutil import init_repo


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/repo (a unit's repository) next to tmp/outside (the rest of the machine)."""
    repo = tmp_path / "repo"
    (repo / "powers").mkdir(parents=True)
    (repo / "lianzheng.yaml").write_text("kind: Unit\n", encoding="utf-8")
    (repo / "powers" / "A.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "outside" / "folder").mkdir(parents=True)
    (tmp_path / "outside" / "secret.yaml").write_text("secret: 1\n", encoding="utf-8")
    (tmp_path / "outside" / "folder" / "B.yaml").write_text("secret: 2\n", encoding="utf-8")
    return repo


def test_links_out_of_the_repository_are_refused_at_the_link(tree: Path) -> None:
    os.symlink("../../outside/secret.yaml", tree / "powers" / "S.yaml")
    os.symlink(str(tree.parent / "outside" / "secret.yaml"), tree / "abs.yml")
    os.symlink("../outside/folder", tree / "linked")
    os.symlink("../outside/secret.yaml", tree / "notes.txt")  # not data: none of our business
    os.symlink("../outside/folder", tree / ".hidden")  # a hidden folder is never read
    got = data_tree(tree)
    assert got.files == {"lianzheng.yaml": "lianzheng.yaml", "powers/A.yaml": "powers/A.yaml"}
    assert got.refused == {"abs.yml": Refused("link-outside-repository"),
                           "linked": Refused("link-outside-repository"),
                           "powers/S.yaml": Refused("link-outside-repository")}


def test_a_link_inside_is_read_once_under_its_own_path_or_the_links(tree: Path) -> None:
    os.symlink("A.yaml", tree / "powers" / "0-first-name.yaml")  # sorts before its target
    os.symlink("powers", tree / "again")  # the same folder under a second name
    os.symlink("..", tree / "powers" / "up")  # a loop of folders
    (tree / ".store").mkdir()
    (tree / ".store" / "C.yaml").write_text("c: 1\n", encoding="utf-8")
    os.symlink("../.store/C.yaml", tree / "powers" / "C.yaml")
    (tree / "build").mkdir()
    (tree / "build" / "D.yaml").write_text("d: 1\n", encoding="utf-8")
    os.symlink("build", tree / "from-build")
    got = data_tree(tree)
    assert got.files == {"from-build/D.yaml": "build/D.yaml", "lianzheng.yaml": "lianzheng.yaml",
                         "powers/A.yaml": "powers/A.yaml", "powers/C.yaml": ".store/C.yaml"}
    assert got.refused == {}


def test_lianzheng_yaml_keeps_its_name_when_it_links_inside(tree: Path) -> None:
    (tree / "lianzheng.yaml").rename(tree / "unit.yaml")
    os.symlink("unit.yaml", tree / "lianzheng.yaml")
    assert data_tree(tree).files == {"lianzheng.yaml": "unit.yaml", "powers/A.yaml": "powers/A.yaml"}


def test_dangling_links_loops_and_pipes_are_refused(tree: Path) -> None:
    os.symlink("gone.yaml", tree / "powers" / "X.yaml")
    os.symlink("L2.yaml", tree / "powers" / "L1.yaml")
    os.symlink("L1.yaml", tree / "powers" / "L2.yaml")
    os.mkfifo(tree / "powers" / "P.yaml")
    os.symlink("P.yaml", tree / "powers" / "Q.yaml")
    os.symlink("nowhere", tree / "powers" / "README")  # not data
    assert data_tree(tree).refused == {
        "powers/L1.yaml": Refused("unreadable-file", "loop"), "powers/L2.yaml": Refused("unreadable-file", "loop"),
        "powers/P.yaml": Refused("unreadable-file", "special"), "powers/Q.yaml": Refused("unreadable-file", "special"),
        "powers/X.yaml": Refused("unreadable-file", "dangling")}


def test_the_layout_is_unchanged_for_a_repository_without_links() -> None:
    assert data_files(BASE_REPO) == ["benchmarks/CF-1.yaml", "laws.yaml", "lianzheng.yaml", "powers/CF-1.yaml",
                                     "powers/P-1.yaml", "risks/posts.yaml"]


def test_read_data_never_follows_a_link_nor_reads_a_pipe_or_a_huge_file(tree: Path) -> None:
    assert read_data(tree, "powers/A.yaml") == b"a: 1\n"
    # swapped for a link after the walk: not followed
    (tree / "powers" / "A.yaml").unlink()
    os.symlink("../../outside/secret.yaml", tree / "powers" / "A.yaml")
    with pytest.raises(Unreadable) as exc:
        read_data(tree, "powers/A.yaml")
    assert (exc.value.refused.rule, exc.value.refused.variant) == ("unreadable-file", "changed")
    os.mkfifo(tree / "pipe.yaml")
    with pytest.raises(Unreadable) as exc:
        read_data(tree, "pipe.yaml")  # would block for ever if opened for reading as a file
    assert exc.value.refused.variant == "special"
    with open(tree / "big.yaml", "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 10)  # sparse: costs no disk
    with pytest.raises(Unreadable) as exc:
        read_data(tree, "big.yaml")
    assert exc.value.refused == Refused("file-too-large", "", (("size", MAX_FILE_BYTES + 10), ("limit", MAX_FILE_BYTES)))


def test_one_path_is_read_as_the_scan_reads_it(tree: Path) -> None:
    os.symlink("../../outside/secret.yaml", tree / "powers" / "S.yaml")
    os.symlink("A.yaml", tree / "powers" / "T.yaml")
    assert data_source(tree, "powers/S.yaml") == Refused("link-outside-repository")
    assert data_source(tree, "powers/T.yaml") == "powers/A.yaml"
    assert data_source(tree, "powers/none.yaml") is None
    assert read_path(tree, "powers/T.yaml") == b"a: 1\n"
    assert read_path(tree, "powers/S.yaml").rule == "link-outside-repository"  # type: ignore[union-attr]
    assert read_path(tree, "powers/none.yaml") is None


def test_diff_does_not_read_an_untracked_link_out_of_the_repository(tmp_path: Path) -> None:
    unit = init_repo(tmp_path / "git", BASE_REPO)
    (tmp_path / "secret.yaml").write_text(
        "apiVersion: lianzheng/v1\nkind: Power\nid: LEAKED-1\nname: 不应出现\ncategory: licensing\n", encoding="utf-8")
    os.symlink(str(tmp_path / "secret.yaml"), unit / "powers" / "leak.yaml")
    result = lz(["diff", "--repo", str(unit), "--format", "json"])
    assert result.exit_code in (0, 1), result.stderr
    doc = json.loads(result.stdout)
    assert "LEAKED-1" not in result.stdout and "不应出现" not in result.stdout
    assert doc["unreadable"] == ["powers/leak.yaml"] and doc["changes"] == []


def test_a_scan_reports_the_refused_files_and_reads_the_rest(tree: Path) -> None:
    shutil.rmtree(tree)
    shutil.copytree(BASE_REPO, tree)
    os.symlink("../../outside/secret.yaml", tree / "powers" / "S.yaml")
    os.mkfifo(tree / "powers" / "P.yaml")
    from lianzheng import open_repository

    repo = open_repository(tree, cache=True, models=True)
    got = [(f.path, f.line, f.column, f.code, f.variant) for f in repo.document_findings()]
    assert got == [("powers/P.yaml", 1, 1, "Y014", "special"), ("powers/S.yaml", 1, 1, "Y013", "")]
    assert repo.models_of("powers/S.yaml") == [] and repo.models_of("powers/P.yaml") == []
    assert {m.id for m in repo.documents() if getattr(m, "kind", "") == "Power"} == {"CF-1", "P-1"}
