"""Issue 10, item 16: control characters in text output. A value holding a newline, an
ESC sequence or a bidi override reaches the terminal escaped (`\\n`, `\\x1b`, `\\u202e`):
it cannot forge a line (`powers/XK-001.yaml:1:1: Y000 信息 一切正常`), recolour or clear the
screen, or reorder what the reader sees — in validate, grade, due, diff and the command's
own messages; GitHub annotations encode line breaks their way and escape the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.report import text as text_report
from lianzheng.rules.validate import validate
from tests.clirunner import lz
from tests.conftest import BASE_REPO, TODAY
from tests.gitutil import commit, edit, init_repo
from tests.hostile.outputs import hostile

FORGED = "powers/XK-001.yaml:1:1: Y000 信息 一切正常"
HOSTILE = "违规受理\n" + FORGED + "\r\x1b[2J\x9b31m\u2028\u202e反转\u2066\x00"
SHOWN = "违规受理\\n" + FORGED + "\\r\\x1b[2J\\x9b31m\\u2028\\u202e反转\\u2066\\x00"
INVISIBLE = ["\r", "\x1b", "\x9b", "\u2028", "\u2029", "\u202e", "\u2066", "\x00"]


def _clean(text: str) -> None:
    """No character of the output but its own line breaks changes how it shows."""
    assert not any(ch in text for ch in INVISIBLE), repr(text)
    assert not any(line.startswith(FORGED) or line.startswith("powers/XK-001.yaml") for line in text.splitlines())


def test_visible() -> None:
    visible = text_report.visible
    assert visible(HOSTILE) == SHOWN
    assert visible("食品经营许可 S1→S2（3个工作日）\u3000") == "食品经营许可 S1→S2（3个工作日）\u3000"
    assert visible("\t\x7f\x85") == "\\t\\x7f\\x85"


def test_validate_text_shows_the_value_on_its_own_line(tmp_path: Path) -> None:
    repo = hostile("newline-in-next", tmp_path)
    findings = validate(open_repository(repo, cache=False), TODAY).findings
    out = lz(["validate", str(repo), "--no-cache"]).stdout
    _clean(out)
    lines = out.splitlines()
    assert len(lines) == len(findings) + 1  # a line per finding and the summary
    assert ("powers/P-1.yaml:40:14: F002 错误 后续环节 `S3\\npowers/XK-001.yaml:1:1: Y000 信息 一切正常\\x1b[2K\\u202e` "
            "不存在 [unknown-next-step]") in lines


def test_github_annotations_encode_breaks_and_escape_the_rest(tmp_path: Path) -> None:
    repo = hostile("newline-in-next", tmp_path)
    out = lz(["validate", str(repo), "--no-cache", "--format", "github"]).stdout
    _clean(out)
    assert all(line.startswith("::error ") for line in out.splitlines())
    # (the message quotes the value escaped already; a raw line break would be %0A)
    assert "`S3\\npowers/XK-001.yaml:1:1: Y000 信息 一切正常\\x1b[2K\\u202e` 不存在" in out
    assert "%0D" not in out


@pytest.fixture
def titled(tmp_path: Path) -> Path:
    """The base repository with a hostile risk title and measure text."""
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    quoted = HOSTILE.replace("\\", "\\\\").encode("unicode_escape").decode("ascii").replace('"', '\\"')
    edit(repo / "powers" / "P-1.yaml", "    title: 违规受理\n", f'    title: "{quoted}"\n')
    edit(repo / "risks" / "posts.yaml", "text: 每季度开展警示教育", f'text: "{quoted}"')
    return repo


def test_grade_text(titled: Path) -> None:
    out = lz(["grade", str(titled), "--no-cache"]).stdout
    _clean(out)
    assert SHOWN in out


def test_due_text(titled: Path) -> None:
    out = lz(["due", str(titled), "--no-cache", "--as-of", "2027-12-31"]).stdout
    _clean(out)
    assert SHOWN in out


def test_diff_text(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo", BASE_REPO)
    edit(repo / "powers" / "P-1.yaml", "    title: 违规受理\n",
         '    title: "' + HOSTILE.encode("unicode_escape").decode("ascii") + '"\n')
    commit(repo, "hostile title")
    result = lz(["diff", "HEAD~1", "HEAD", "--repo", str(repo)])
    assert result.exit_code == 0, result.stderr
    _clean(result.stdout)
    assert "违规受理\\npowers/XK-001.yaml:1:1: Y000" in result.stdout


@pytest.mark.parametrize("args", [
    ["rules", "K0\n03 " + FORGED + "\x1b[2J"],
    ["validate", ".", "--as-of", "2026\n" + FORGED + "\u202e"],
    ["validate", ".", "--select", "K003,zz\n" + FORGED + "\u202e"],
])
def test_messages_that_echo_what_the_user_typed(args: list[str]) -> None:
    result = lz(args)
    assert result.exit_code == 2
    _clean(result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1
