"""Which CODEOWNERS file the forge reads (issue 10, leftovers). GitHub reads the first of
`.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS` that exists, GitLab the first of
`CODEOWNERS`, `docs/CODEOWNERS`, `.gitlab/CODEOWNERS`, and neither reads one anywhere
else: `lz init`, `lz codeowners --write FILE` and `--check FILE` say so when the rules in
FILE would not apply (exit codes unchanged), and a bare `--write` says which file to give."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lianzheng.review.codeowners import Unread, unread_by_forges
from tests.clirunner import lz
from tests.conftest import BASE_REPO

GITHUB_FIRST = ("注意：GitHub 读取的是 .github/CODEOWNERS，不是 CODEOWNERS：CODEOWNERS 中的审核规则在 GitHub 上不起作用；"
                "请改为写入 .github/CODEOWNERS（lz codeowners --write .github/CODEOWNERS），或删除 .github/CODEOWNERS")


@pytest.fixture
def unit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base repository as the working folder (paths are shown relative to it)."""
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    monkeypatch.chdir(repo)
    return repo


def test_the_library_names_the_file_read_instead(unit: Path) -> None:
    assert unread_by_forges(unit / "CODEOWNERS", unit) == []
    (unit / ".github").mkdir()
    (unit / ".github" / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    github = unit / ".github" / "CODEOWNERS"
    assert unread_by_forges(unit / "CODEOWNERS", unit) == [Unread(("GitHub",), unit / "CODEOWNERS", github, github)]
    assert unread_by_forges(github, unit) == []  # (GitLab does not look there: the unit is on GitHub)
    (unit / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    assert unread_by_forges(unit / "docs" / "CODEOWNERS", unit) == [
        Unread(("GitHub",), unit / "docs" / "CODEOWNERS", github, github),
        Unread(("GitLab",), unit / "docs" / "CODEOWNERS", unit / "CODEOWNERS", unit / "CODEOWNERS")]
    assert unread_by_forges(unit / "owners.txt", unit) == [
        Unread(("GitHub", "GitLab"), unit / "owners.txt", None, github)]
    assert unread_by_forges(unit.parent / "elsewhere" / "CODEOWNERS", unit) == []  # not the repository's


def test_check_and_write_say_which_file_github_reads(unit: Path) -> None:
    assert lz(["codeowners", "--write", "CODEOWNERS"]).stderr == "已写入 CODEOWNERS（1 个含高风险的文件）\n"
    (unit / ".github").mkdir()
    (unit / ".github" / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    checked = lz(["codeowners", "--check", "CODEOWNERS"])
    assert (checked.exit_code, checked.stderr) == (0, GITHUB_FIRST + "\n")  # up to date, but not the one read
    written = lz(["codeowners", "--write", "CODEOWNERS", "--lang", "en"])
    assert written.exit_code == 0
    assert written.stderr.splitlines() == [
        "wrote CODEOWNERS (1 file(s) holding a high risk)",
        "note: GitHub will read .github/CODEOWNERS, not CODEOWNERS: the review rules in CODEOWNERS do not apply on "
        "GitHub; write them to .github/CODEOWNERS instead (lz codeowners --write .github/CODEOWNERS), or remove "
        ".github/CODEOWNERS"]
    there = lz(["codeowners", "--write", ".github/CODEOWNERS"])
    assert there.stderr == "已写入 .github/CODEOWNERS（1 个含高风险的文件）\n"
    assert lz(["codeowners", "--check", ".github/CODEOWNERS"]).stderr == ""


def test_docs_codeowners_is_hidden_by_the_root_one(unit: Path) -> None:
    (unit / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    (unit / "docs").mkdir()
    written = lz(["codeowners", "--write", "docs/CODEOWNERS"])
    assert written.exit_code == 0
    assert written.stderr.splitlines()[1] == (
        "注意：GitHub、GitLab 读取的是 CODEOWNERS，不是 docs/CODEOWNERS：docs/CODEOWNERS 中的审核规则在 GitHub、GitLab "
        "上不起作用；请改为写入 CODEOWNERS（lz codeowners --write CODEOWNERS），或删除 CODEOWNERS")


def test_a_unit_in_a_folder_of_its_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top = tmp_path / "top"
    top.mkdir()
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    shutil.copytree(BASE_REPO, top / "unit")
    monkeypatch.chdir(top)
    checked = lz(["codeowners", "unit", "--check", "unit/CODEOWNERS", "--lang", "en"])
    assert checked.exit_code == 1  # (it does not exist: out of date)
    assert checked.stderr.splitlines()[0] == (
        "note: neither GitHub nor GitLab reads unit/CODEOWNERS: they read CODEOWNERS at the top of the git repository "
        "or in .github/ or docs/ (GitLab: docs/ or .gitlab/), so the review rules in unit/CODEOWNERS do not apply; "
        "write them to CODEOWNERS instead (lz codeowners unit --write CODEOWNERS)")
    assert lz(["codeowners", "unit", "--write", "CODEOWNERS"]).stderr == "已写入 CODEOWNERS（1 个含高风险的文件）\n"


def test_init_says_github_reads_the_existing_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    fresh = lz(["init", "fresh"])
    assert fresh.exit_code == 0 and "注意" not in fresh.stdout and "note:" not in fresh.stdout
    (tmp_path / "mine" / ".github").mkdir(parents=True)
    (tmp_path / "mine" / ".github" / "CODEOWNERS").write_text("* @our-team\n", encoding="utf-8")
    done = lz(["init", "mine"])
    assert done.exit_code == 0
    assert (tmp_path / "mine" / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == "* @our-team\n"
    lines = done.stdout.splitlines()
    assert ("注意：GitHub 读取的是 mine/.github/CODEOWNERS，不是 mine/CODEOWNERS：mine/CODEOWNERS 中的审核规则在 GitHub "
            "上不起作用；请改为写入 mine/.github/CODEOWNERS（lz codeowners mine --write mine/.github/CODEOWNERS），"
            "或删除 mine/.github/CODEOWNERS") in lines
    assert any("lz codeowners --check CODEOWNERS" in line for line in lines[lines.index(next(
        line for line in lines if line.startswith("注意"))):])


@pytest.mark.parametrize("lang, hint", [
    ("zh", "错误：选项 --write 需要一个值：要写入的 CODEOWNERS 文件，即代码平台读取的那一个"),
    ("en", "error: option --write needs a value: the CODEOWNERS file to write, the one the forge reads"),
])
def test_a_bare_write_says_which_file_to_give(unit: Path, lang: str, hint: str) -> None:
    done = lz(["codeowners", "--write"], env={"LZ_LANG": lang})
    assert done.exit_code == 2
    assert done.stderr.splitlines()[-1].startswith(hint)
    assert not (unit / "CODEOWNERS").exists()
