"""Issue 10, item 5: CODEOWNERS injection. An account with a newline or a space would add a
rule or an owner (the last matching line wins): validate refuses it (S009), `lz codeowners`
writes nothing from it, and the writer itself never emits a line it did not mean — not
from a model that skipped validation, a risk id with a newline, or a file name with one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.report import codeowners as report_codeowners
from lianzheng.review import codeowners as review_codeowners
from lianzheng.rules.validate import validate
from tests.clirunner import lz
from tests.conftest import BASE_REPO, TODAY
from tests.hostile.outputs import hostile

RULE_LINE = "/powers/XK-001.yaml @attacker"


def test_validate_refuses_both_accounts_at_their_lines(tmp_path: Path) -> None:
    repo = hostile("account-injection", tmp_path)
    report = validate(open_repository(repo, cache=False), TODAY)
    assert [(f.code, f.line, f.column, f.variant) for f in report.findings] == [
        ("S009", 8, 62, "account"), ("S009", 10, 65, "account")]
    out = lz(["validate", str(repo), "--no-cache"]).stdout
    assert "实际为 `chief @evil`" in out
    assert "实际为 `disc\\n/powers/XK-001.yaml @attacker\\n`" in out  # one line, the newline shown as \n
    assert not any(line.startswith(RULE_LINE) for line in out.splitlines())


def test_codeowners_writes_nothing_and_says_where(tmp_path: Path) -> None:
    repo = hostile("account-injection", tmp_path)
    result = lz(["codeowners", str(repo), "--no-cache"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "错误：lianzheng.yaml:8:62：代码平台账号 `chief @evil` 不是登录名或 组织/团队（只含字母、数字和 . _ -），"
        "未生成 CODEOWNERS；请改正（lz validate 可查看全部问题）",
        "错误：lianzheng.yaml:10:65：代码平台账号 `disc\\n/powers/XK-001.yaml @attacker\\n` 不是登录名或 组织/团队"
        "（只含字母、数字和 . _ -），未生成 CODEOWNERS；请改正（lz validate 可查看全部问题）",
    ]
    target = tmp_path / "CODEOWNERS"
    assert lz(["codeowners", str(repo), "--write", str(target), "--no-cache"]).exit_code == 2
    assert not target.exists()


@pytest.mark.parametrize("account", ["disc\n/powers/XK-001.yaml @attacker\n", "chief @evil", "a#b", "@x y", "x\u2028y"])
def test_a_model_that_skipped_validation_still_names_no_such_owner(account: str, tmp_path: Path) -> None:
    repo_dir = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo_dir)
    repo = open_repository(repo_dir, cache=False)
    assert repo.unit is not None
    repo.unit.leadership[2].account = account  # the discipline head: owner of every file
    with pytest.raises(review_codeowners.CodeownersError) as raised:
        review_codeowners.codeowners(repo)
    assert [p.kind for p in raised.value.problems] == ["bad_account"]


def test_handles_and_patterns() -> None:
    assert review_codeowners.handle("chief") == "@chief"
    assert review_codeowners.handle("@org/team") == "@org/team"
    for bad in ("chief @evil", "a\nb", "x@example.org", "a/b/c", ""):
        assert review_codeowners.handle(bad) is None
    assert review_codeowners.pattern("data/my unit/powers/P-1.yaml") == "/data/my\\ unit/powers/P-1.yaml"
    for bad in ("powers/*.yaml", "powers/x?.yaml", "powers/[ab].yaml", "powers/x\n* @evil.yaml", "powers/x\tb.yaml"):
        with pytest.raises(ValueError):
            review_codeowners.pattern(bad)


def test_the_writer_refuses_an_owner_or_pattern_it_was_not_meant_to_write() -> None:
    good = review_codeowners.Codeowners("*", ("@discipline",), [])
    assert report_codeowners.render_codeowners(good).endswith("\n* @discipline\n")
    for owners in (review_codeowners.Codeowners("*", ("@discipline\n/x @attacker",), []),
                   review_codeowners.Codeowners("*", ("@chief @evil",), []),
                   review_codeowners.Codeowners("/x\n* @evil/", ("@discipline",), []),
                   review_codeowners.Codeowners("*", ("@discipline",), [
                       review_codeowners.OwnedFile("powers/P-1.yaml", ("@chief", "@evil\n* @x"), ("R1",))])):
        with pytest.raises(ValueError):
            report_codeowners.render_codeowners(owners)


def test_a_risk_id_with_a_newline_stays_in_its_comment(tmp_path: Path) -> None:
    """Risk ids are free text; the `# 高风险：` comment names them, and a newline in one
    would start a rule line of its own."""
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    power = repo / "powers" / "CF-1.yaml"
    text = power.read_text(encoding="utf-8")
    power.write_text(text.replace("  - id: R-CF1-01\n", '  - id: "R-CF1-01\\n/powers/ @attacker"\n'), encoding="utf-8")
    result = lz(["codeowners", str(repo), "--no-cache"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "# 高风险：R-CF1-01\\n/powers/ @attacker" in lines
    rules = [line for line in lines if line and not line.startswith("#")]
    assert rules == ["* @discipline", "/powers/CF-1.yaml @chief @deputy @discipline"]


def test_a_file_name_that_cannot_be_a_pattern_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    (repo / "powers" / "CF-1.yaml").rename(repo / "powers" / "CF-1\n* @evil.yaml")
    result = lz(["codeowners", str(repo), "--no-cache"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "powers/CF-1\\n* @evil.yaml" in result.stderr and "CODEOWNERS 无法如实表示" in result.stderr
