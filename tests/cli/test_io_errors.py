"""Issue 10, item 20: an I/O error names the path that failed and why, in the user's
language, and exits 2 — for every option that takes a path. (It said "路径不存在：<repo>"
for an output folder it could not create, "无法读取：[Errno 17]" for one that is a file, and
"lz 内部错误：FileNotFoundError" from `lz init`.)"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
import typer

from lianzheng.cli.common import repository_errors
from tests.clirunner import lz
from tests.conftest import BASE_REPO

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
# A folder no one can create, not even root: the kernel's /proc takes no new entries.
UNCREATABLE = Path("/proc/lz-nope")
needs_proc = pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc")


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a unit repository `repo` and a plain file `afile`."""
    shutil.copytree(BASE_REPO, tmp_path / "repo")
    (tmp_path / "afile").write_text("not a folder\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _error(args: list[str]) -> str:
    result = lz(args)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "内部错误" not in result.stderr and "Errno" not in result.stderr and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


OUTPUTS = [
    (["publish", "repo", "--out", "{out}", "--no-cache"], needs_dot),
    (["render", "repo", "--out", "{out}", "--no-cache"], needs_dot),
    (["render", "repo", "--out", "{out}", "--format", "dot", "--no-cache"], None),
    (["init", "{out}"], None),
    (["schema", "--out", "{out}"], None),
]


def _params() -> list[pytest.param]:
    return [pytest.param(args, marks=[m] if m else [], id=" ".join(a for a in args if "{" not in a))
            for args, m in OUTPUTS]


@pytest.mark.parametrize("args", _params())
def test_an_output_folder_that_is_a_file(args: list[str], place: Path) -> None:
    assert _error([a.format(out="afile") for a in args]) == "错误：无法写入 afile：它是文件，不是目录"
    assert _error([a.format(out="afile/sub") for a in args]) == "错误：无法写入 afile/sub：afile 是文件，不是目录"
    assert (place / "afile").read_text(encoding="utf-8") == "not a folder\n"


@needs_proc
@pytest.mark.parametrize("args", _params())
def test_an_output_folder_that_cannot_be_created(args: list[str], place: Path) -> None:
    out = str(UNCREATABLE)
    assert _error([a.format(out=out) for a in args]) == f"错误：无法写入 {out}：无法在 /proc 中创建 lz-nope"
    english = _error([*(a.format(out=out) for a in args), "--lang", "en"])
    assert english == f"error: cannot write {out}: lz-nope cannot be created in /proc"


def test_codeowners_write_and_check(place: Path) -> None:
    assert _error(["codeowners", "repo", "--write", "afile/CODEOWNERS"]) == (
        "错误：无法写入 afile/CODEOWNERS：afile 是文件，不是目录")
    missing = lz(["codeowners", "repo", "--check", "nothing/CODEOWNERS"])
    assert missing.exit_code == 1
    assert missing.stderr == "nothing/CODEOWNERS 与数据不一致：请运行 lz codeowners --write nothing/CODEOWNERS 并提交\n"


@needs_proc
def test_codeowners_write_where_no_folder_can_be_made(place: Path) -> None:
    assert _error(["codeowners", "repo", "--write", f"{UNCREATABLE}/CODEOWNERS"]) == (
        f"错误：无法写入 {UNCREATABLE}/CODEOWNERS：无法在 /proc 中创建 lz-nope")


@pytest.mark.parametrize("exc, message", [
    (PermissionError(errno.EACCES, "Permission denied", "repo/powers/P-1.yaml"),
     "错误：无法读取 repo/powers/P-1.yaml：没有权限"),
    (OSError(errno.EIO, "Input/output error", "repo/laws.yaml"), "错误：无法读取 repo/laws.yaml：读写设备出错"),
    (OSError(errno.EOVERFLOW, "Value too large for defined data type", "repo/x.yaml"),
     "错误：无法读取 repo/x.yaml：Value too large for defined data type"),
])
def test_a_file_that_cannot_be_read(exc: OSError, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """(Root reads every file, so the OS errors are raised here rather than by chmod.)"""
    with pytest.raises(typer.Exit) as raised, repository_errors("zh", Path("repo")):
        raise exc
    assert raised.value.exit_code == 2
    assert capsys.readouterr().err == message + "\n"


def test_a_repository_that_does_not_exist(place: Path) -> None:
    assert _error(["validate", "missing"]) == "错误：路径不存在：missing"
    assert _error(["diff", "--repo", "missing"]) == "错误：路径不存在：missing"


def test_export_where_it_cannot_write(place: Path) -> None:
    assert _error(["export", "repo", "--out", "afile/x.xlsx", "--no-cache"]) == (
        "错误：无法写入 afile/x.xlsx：afile 是文件，不是目录")


@needs_proc
def test_export_where_no_folder_can_be_made(place: Path) -> None:
    assert _error(["export", "repo", "--out", f"{UNCREATABLE}/x.xlsx", "--no-cache"]) == (
        f"错误：无法写入 {UNCREATABLE}/x.xlsx：无法在 /proc 中创建 lz-nope")
    assert _error(["export", "repo", "--format", "csv", "--out", str(UNCREATABLE), "--no-cache", "--lang", "en"]) == (
        f"error: cannot write {UNCREATABLE}/powers.csv: lz-nope cannot be created in /proc")
