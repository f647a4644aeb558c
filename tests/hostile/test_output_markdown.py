"""Issue 10, item 6: `@mentions` in Markdown. `lz diff`, `lz grade` and `lz due` write
markdown for pull-request comments and issues; `@name` in the data must not ping anyone
there (GitHub and GitLab both link `@name` after any character but an ASCII letter, digit
or `_`, and a backslash does not stop them: a zero-width space after `@` does), and a line
break in a value must not start a table row or list item of its own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.clirunner import lz
from tests.conftest import BASE_REPO
from tests.gitutil import commit, init_repo
from tests.hostile.outputs import CASES

# What GitHub and GitLab take for a mention.
MENTION = re.compile(r"(?<![0-9A-Za-z_])@[0-9A-Za-z_]")


def _hostile_git(tmp_path: Path) -> Path:
    """A git repository holding the base data, then a commit that brings in the mentions."""
    repo = init_repo(tmp_path / "repo", BASE_REPO)
    exec((CASES / "mentions" / "generate.py").read_text(encoding="utf-8"), {"REPO": repo})
    commit(repo, "mentions")
    return repo


def test_no_mentions() -> None:
    from lianzheng.report.markdown import md_text, no_mentions

    assert no_mentions("请@leadership-team 审核") == "请@\u200bleadership-team 审核"
    assert no_mentions("@org/team, (@chief) @_x") == "@\u200borg/team, (@\u200bchief) @\u200b_x"
    assert no_mentions("jiwei@example.gov.cn @ 12388") == "jiwei@example.gov.cn @ 12388"
    assert md_text("a\nb\r\nc|d") == "a b  c\\|d"  # each break a space (one_line)


def test_grade_markdown(tmp_path: Path) -> None:
    repo = _hostile_git(tmp_path)
    out = lz(["grade", str(repo), "--format", "markdown", "--no-cache"]).stdout
    assert not MENTION.findall(out), MENTION.findall(out)
    assert "请@\u200bleadership-team 审核 \\| 伪造 \\| 行 \\|" in out
    assert "@\u200ball 财务科" in out
    table = [line for line in out.splitlines() if line.startswith("| R-")]
    assert len(table) == 3  # one row per risk: the line break added none


def test_due_markdown(tmp_path: Path) -> None:
    repo = _hostile_git(tmp_path)
    out = lz(["due", str(repo), "--format", "markdown", "--no-cache", "--as-of", "2027-12-31"]).stdout
    assert "抄送 @\u200borg/discipline-team，见 @\u200bchief" in out
    assert not MENTION.findall(out), MENTION.findall(out)


def test_diff_markdown(tmp_path: Path) -> None:
    repo = _hostile_git(tmp_path)
    result = lz(["diff", "HEAD~1", "HEAD", "--repo", str(repo), "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not MENTION.findall(out), MENTION.findall(out)
    assert "请@\u200bleadership-team 审核 \\| 伪造 \\| 行 \\|" in out
    # the title's line break started no line of its own: it is in a list item, whole
    shown = [line.lstrip()[:2] for line in out.splitlines() if "伪造" in line]
    assert shown and set(shown) == {"- "}
