"""Issue 10, item 24: `lz init` in a folder that already has a `.gitignore` or a
`CODEOWNERS` says what it left alone, and appends to the `.gitignore` the lines it lacks
(`.lz-cache/` above all: the cache must never be committed) — every original byte kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import lz

ORIGINAL = b"# my project\r\nnode_modules/\r\n/build\r\n*.log"  # CRLF, no final newline, build/ already there
OWNERS = b"* @someone-else\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "unit"
    target.mkdir()
    (target / ".gitignore").write_bytes(ORIGINAL)
    (target / "CODEOWNERS").write_bytes(OWNERS)
    return target


def test_the_gitignore_keeps_every_byte_and_gains_what_it_lacks(folder: Path) -> None:
    result = lz(["init", str(folder)])
    assert result.exit_code == 0, result.stderr
    data = (folder / ".gitignore").read_bytes()
    assert data.startswith(ORIGINAL)
    assert data[len(ORIGINAL):] == (b"\r\n\r\n# lianzheng (added by lz init): cache and generated output\r\n"
                                    b".lz-cache/\r\nsite/\r\n")
    assert (folder / "CODEOWNERS").read_bytes() == OWNERS
    out = result.stdout.splitlines()
    assert "已在现有的 .gitignore 末尾补充：.lz-cache/、site/" in out
    assert out[out.index("已存在，未改动：") + 1:][:1] == ["  CODEOWNERS"]
    assert "CODEOWNERS 已存在，未重新生成：运行 lz codeowners --check CODEOWNERS 可查看它是否与数据一致" in out
    assert "  .gitignore" not in out and "  CODEOWNERS" not in out[: out.index("已存在，未改动：")]


def test_a_gitignore_that_has_everything_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "unit"
    target.mkdir()
    ignore = b"/.lz-cache\nbuild/\nsite\n"
    (target / ".gitignore").write_bytes(ignore)
    result = lz(["init", str(target), "--lang", "en"])
    assert result.exit_code == 0
    assert (target / ".gitignore").read_bytes() == ignore
    out = result.stdout.splitlines()
    assert out[out.index("already there, left as they were:") + 1] == "  .gitignore"
    assert not any(line.startswith("appended to the existing .gitignore") for line in out)


def test_a_fresh_folder_gets_the_whole_gitignore(tmp_path: Path) -> None:
    target = tmp_path / "unit"
    result = lz(["init", str(target)])
    assert result.exit_code == 0
    assert (target / ".gitignore").read_text(encoding="utf-8") == (
        "# lianzheng: cache and generated output\n.lz-cache/\nbuild/\nsite/\n")
    assert "已存在，未改动：" not in result.stdout


def test_a_gitignore_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside-ignore"
    outside.write_bytes(b"node_modules/\n")
    target = tmp_path / "unit"
    target.mkdir()
    (target / ".gitignore").symlink_to(outside)
    assert lz(["init", str(target)]).exit_code == 0
    assert outside.read_bytes() == b"node_modules/\n"
