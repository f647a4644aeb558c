"""Issue 10, item 21: messages about grades and time limits say what was compared.

- K003 with a floor names the floor ("计算为高（分值 9）" alone reads as a wrong sum);
- `lz grade --write` says why a grade was left alone in the user's language, and exits 1
  while mismatches remain (SPEC: 1 = problems found);
- T001/T002 show calendar days compared with working days converted ("69日（折合 49 个工作日）")."""

from __future__ import annotations

import shutil
from pathlib import Path

from lianzheng import open_repository
from lianzheng.rules import RULES
from lianzheng.rules.validate import validate
from tests.clirunner import lz
from tests.conftest import BASE_REPO, TODAY


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    return repo


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _messages(repo: Path, code: str, lang: str) -> list[str]:
    report = validate(open_repository(repo, cache=False), TODAY)
    return [RULES[f.code].message(f, lang) for f in report.findings if f.code == code]


def test_k003_names_the_floor_that_raised_the_grade(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    unit = repo / "lianzheng.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "settings:\n  grading:\n    floors: {category: {licensing: high}}\n",
                    encoding="utf-8")
    # R-P1-01: factors 3/3/3/3 score 9 (中), the licensing floor raises it to 高; declared 中
    zh = _messages(repo, "K003", "zh")
    assert zh == ["风险 `R-P1-01` 申报等级为中，按评定因素计算为高（分值 9 对应中，职权类别 行政许可的等级下限为高）；"
                  "请改正等级，或用 grade_override 说明理由"]
    en = _messages(repo, "K003", "en")
    assert en == ["risk `R-P1-01` is declared medium but computes as high (score 9 gives medium; the floor for power "
                  "category Administrative licensing is high); fix the grade or give a grade_override with a reason"]


def test_k003_without_a_floor_is_unchanged(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _edit(repo / "powers" / "P-1.yaml", "    grade: medium", "    grade: low")
    assert _messages(repo, "K003", "zh") == [
        "风险 `R-P1-01` 申报等级为低，按评定因素计算为中（分值 9）；请改正等级，或用 grade_override 说明理由"]


def _aliased_grade(tmp_path: Path) -> Path:
    """Two mismatching risks, the second's grade an alias of the first's: --write changes
    the anchored value and cannot change the alias."""
    repo = _repo(tmp_path)
    posts = repo / "risks" / "posts.yaml"
    _edit(posts, "    grade: low\n", "    grade: &g high\n")
    posts.write_text(posts.read_text(encoding="utf-8") + (
        "  - id: R-FIN-02\n    title: 违规支付\n    category: power\n    post: P-CASH\n"
        "    factors: {importance: 2, discretion: 2, probability: 2, harm: 2}\n    grade: *g\n    leader: L1\n"
        "    measures:\n      - {id: M1, type: supervision, text: 月度对账, owner: 己科长, due: 2027-03-31, status: planned}\n"
        "    reviewed: 2026-03-01\n"), encoding="utf-8")
    return repo


def test_write_says_why_in_chinese_and_exits_1_while_mismatches_remain(tmp_path: Path) -> None:
    repo = _aliased_grade(tmp_path)
    result = lz(["grade", str(repo), "--write", "--no-cache"])
    assert result.exit_code == 1
    assert result.stderr == ("risks/posts.yaml: 风险 R-FIN-02 的等级未改动：等级是 YAML 别名（*名称），或文件在读取后已被修改；"
                             "请手工修改或重新运行\n仍有 1 个风险的申报等级与计算等级不一致\n")


def test_write_in_english(tmp_path: Path) -> None:
    repo = _aliased_grade(tmp_path)
    result = lz(["grade", str(repo), "--write", "--no-cache", "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr == ("risks/posts.yaml: the grade of risk R-FIN-02 was not changed: the grade is a YAML alias "
                             "(*name), or the file changed since it was read; change it by hand or run again\n"
                             "1 declared grade(s) still differ from the computed ones\n")


def test_write_that_fixes_everything_exits_0(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _edit(repo / "powers" / "P-1.yaml", "    grade: medium", "    grade: low")
    result = lz(["grade", str(repo), "--write", "--no-cache"])
    assert result.exit_code == 0, result.stderr
    assert "仍有" not in result.stderr


def test_calendar_limits_compared_in_working_days_show_the_conversion(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    # 10 calendar days count as ⌊10 × 5 / 7⌋ = 7 working days: the flow's 8 are over, and so is the promise of 10
    _edit(repo / "powers" / "P-1.yaml", "statutory_days: 20", "statutory_days: {days: 10, calendar: true}")
    assert _messages(repo, "T002", "zh") == ["流程最长路径（S1→S2→S3）合计 8个工作日，超过法定期限 10日（折合 7 个工作日）"]
    assert _messages(repo, "T002", "en") == [
        "the longest path (S1→S2→S3) takes 8 working days, more than the statutory limit 10 calendar days (7 working days)"]
    assert _messages(repo, "T001", "zh") == ["承诺期限 10个工作日 超过法定期限 10日（折合 7 个工作日）"]
