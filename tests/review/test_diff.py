"""`lz diff`: real git repositories, commits, branches, renames and moves; the report in
every format; cost that follows the size of the change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lianzheng.review.diff import diff
from tests.clirunner import lz
from tests.conftest import BASE_REPO
from tests.gitutil import commit, edit, git, init_repo

NEW_POWER = """\
apiVersion: lianzheng/v1
kind: Power
id: JC-1
name: 食品经营日常监督检查
category: inspection
subject: D-LAW
basis:
  - {law: food-law, article: 第一百一十条}
flow:
  start: S1
  steps:
    - {id: S1, name: 检查, actor: P-LAW, conditions: 双随机抽取, procedure: 两人以上检查, time_limit: 5, supervision: 执法记录仪, end: true}
risks:
  - id: R-JC1-01
    title: 选择性检查
    category: power
    steps: [S1]
    post: P-LAW
    factors: {importance: 4, discretion: 4, probability: 4, harm: 4}
    grade: high
    owner: 戊队长
    leader: L2
    measures:
      - {id: M1, type: procedure, text: 双随机抽取检查对象, owner: 戊队长, due: 2027-03-31, status: planned}
      - {id: M2, type: disclosure, text: 检查结果向社会公示, owner: 戊队长, due: 2027-03-31, status: planned}
    reviewed: 2026-11-01
    approval: {date: 2026-11-10, by: 局党组会议, ref: 2026年第9次党组会议纪要}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return init_repo(tmp_path / "repo", BASE_REPO)


def review_branch(repo: Path) -> None:
    """A pull request's branch: one commit of every kind of change a reviewer meets."""
    git(repo, "checkout", "-q", "-b", "review")
    p1 = repo / "powers" / "P-1.yaml"
    edit(p1, "factors: {importance: 3, discretion: 3, probability: 3, harm: 3}\n    grade: medium",
         "factors: {importance: 4, discretion: 4, probability: 4, harm: 4}\n    grade: high")
    edit(p1, "status: done}", "status: in_progress}\n      - {id: M2, type: supervision, text: 纪检组每季度抽查受理台账, "
         "owner: 丙组长, due: 2027-06-30, status: planned}")
    edit(p1, "name: 补正", "name: 一次性告知补正")
    edit(p1, "time_limit: 5", "time_limit: 3")
    edit(repo / "powers" / "CF-1.yaml", "      - {id: M2, type: technology, text: 执法记录仪全程记录, owner: 戊队长, "
         "due: 2027-03-31, status: in_progress}\n", "")
    bm = repo / "benchmarks" / "CF-1.yaml"
    edit(bm, "range: {min: 65001, max: 85000}", "range: {min: 65001, max: 90000}")
    edit(bm, "range: {min: 85001, max: 100000}", "range: {min: 90001, max: 100000}")
    posts = repo / "risks" / "posts.yaml"
    posts.write_text(posts.read_text(encoding="utf-8").split("risks:")[0] + "risks: []\n", encoding="utf-8")
    (repo / "powers" / "JC-1.yaml").write_text(NEW_POWER, encoding="utf-8")
    edit(repo / "laws.yaml", "revised: 2021-04-29", "revised: 2025-09-12")
    commit(repo, "review")


def test_json_lists_every_kind_of_change_between_two_commits(repo: Path) -> None:
    review_branch(repo)
    result = lz(["diff", "main", "review", "--repo", str(repo), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["summary"] == {
        "benchmark.changed": 1, "law.changed": 1, "measure.added": 1, "measure.removed": 1,
        "measure.status": 1, "power.added": 1, "power.changed": 1, "risk.added": 1, "risk.changed": 2,
        "risk.raised": 1, "risk.removed": 1, "step.changed": 2,
    }
    assert [(a["risk"], a["reason"]) for a in doc["approval_needed"]] == [
        ("R-CF1-01", "high_measures_removed"), ("R-JC1-01", "high_added"), ("R-P1-01", "raised_to_high")]
    changes = {(c["kind"], c["id"]): c for c in doc["changes"]}
    risk = changes["risk", "R-P1-01"]
    assert risk["grade"]["old"] == "medium" and risk["grade"]["new"] == "high"
    assert (risk["grade"]["old_assessment"]["score"], risk["grade"]["new_assessment"]["score"]) == (9, 16)
    assert {f["factor"]: (f["old"], f["new"]) for f in risk["factors"]} == {
        "importance": (3, 4), "discretion": (3, 4), "probability": (3, 4), "harm": (3, 4)}
    measures = {i["id"]: i for i in risk["items"]}
    assert measures["M1"]["fields"] == [{"field": "status", "old": "done", "new": "in_progress"}]
    assert measures["M2"]["change"] == "added" and measures["M2"]["new"]["text"] == "纪检组每季度抽查受理台账"
    steps = {i["id"]: i["fields"] for i in changes["power", "P-1"]["items"]}
    assert steps == {"S1B": [{"field": "name", "old": "补正", "new": "一次性告知补正"}],
                     "S2": [{"field": "time_limit", "old": 5, "new": 3}]}
    assert changes["risk", "R-FIN-01"]["change"] == "removed"
    assert changes["power", "JC-1"]["change"] == "added" and changes["power", "JC-1"]["path"] == "powers/JC-1.yaml"
    assert changes["law", "food-law"]["fields"] == [{"field": "revised", "old": "2021-04-29", "new": "2025-09-12"}]
    tiers = changes["benchmark", "BM-CF-1"]["items"][0]["items"]
    assert [(t["id"], t["fields"]) for t in tiers] == [
        ("general", [{"field": "range.max", "old": 85000, "new": 90000}]),
        ("heavier", [{"field": "range.min", "old": 85001, "new": 90001}])]
    assert ("power", "CF-1") not in changes  # only its risk changed
    assert ("risk", "R-CF1-01") in changes and ("unit", "unit") not in changes


def test_markdown_opens_with_the_summary_and_flags_what_needs_approval(repo: Path) -> None:
    review_branch(repo)
    out = lz(["diff", "main", "review", "--repo", str(repo), "--format", "markdown"]).stdout
    lines = out.splitlines()
    assert lines[0] == ("新增职权 1 项，修改职权 1 项，修改流程环节 2 个，新增风险 1 项，删除风险 1 项，风险等级上调 1 项，"
                        "修改风险 2 项，新增措施 1 项，删除措施 1 项，措施状态变更 1 项，修改裁量基准 1 项，修改法规 1 部")
    approval = out[out.index("需领导班子集体审定"):out.index("### 职权")]
    assert "`R-P1-01` 违规受理 — 风险等级上调为高：中→高（分值 9→16）" in approval
    assert "`R-JC1-01` 选择性检查 — 新增高风险：高（分值 16）" in approval
    assert "`R-CF1-01` 调查取证不全面 — 高风险删除防控措施 M2" in approval
    assert "R-FIN-01" not in approval  # a low risk removed needs no leadership approval
    assert "- 修改 `R-P1-01` 违规受理（职权 `P-1`）中→高（分值 9→16）" in lines
    assert "  - 评定因素：权力重要程度 3→4，自由裁量权大小 3→4，发生概率 3→4，危害程度 3→4" in lines
    assert "  - 新增措施 `M2`（监督检查）：纪检组每季度抽查受理台账" in lines
    assert "  - 删除措施 `M2`（科技防控）：执法记录仪全程记录" in lines
    assert "  - 措施 `M1`：落实状态 已完成 → 推进中" in lines
    assert "  - 环节 `S2` 审查：期限 5个工作日 → 3个工作日" in lines
    assert "    - 裁量阶次 一般：裁量幅度·上限 85000 → 90000" in lines
    assert "  - 最近修订日期：2021-04-29 → 2025-09-12" in lines
    assert "R-CF1-01" in out and "CF-1 " not in out.replace("`CF-1`", "")
    english = lz(["diff", "main", "review", "--repo", str(repo), "--format", "markdown", "--lang", "en"]).stdout
    assert english.splitlines()[0].startswith("1 power added; 1 power changed; 2 steps changed; 1 risk added")
    assert "grade raised to high: medium→high (score 9→16)" in english


def test_text_is_the_default_format(repo: Path) -> None:
    review_branch(repo)
    out = lz(["diff", "main", "review", "--repo", str(repo)]).stdout
    assert out.splitlines()[0] == f"lz diff：main（{git(repo, 'rev-parse', '--short=7', 'main').strip()}） → " \
                                  f"review（{git(repo, 'rev-parse', '--short=7', 'review').strip()}）"
    assert "  ! R-P1-01 违规受理 — 风险等级上调为高：中→高（分值 9→16）" in out
    assert "\n风险（4）\n" in out


def test_unchanged_entities_are_not_listed(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "comment-only")
    edit(repo / "powers" / "P-1.yaml", "kind: Power\n", "kind: Power\n# 只改注释和写法：内容不变\n")
    edit(repo / "powers" / "P-1.yaml", "category: licensing", "category: 行政许可")
    commit(repo, "comments")
    result = lz(["diff", "main", "HEAD", "--repo", str(repo), "--format", "json"])
    assert json.loads(result.stdout)["changes"] == []
    assert lz(["diff", "main", "HEAD", "--repo", str(repo), "--format", "markdown"]).stdout.startswith(
        "职权、风险、裁量基准和法规均无变化\n")


def test_a_renamed_file_and_an_entity_moved_between_files_are_moves(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "reorganise")
    (repo / "powers" / "permits").mkdir()
    git(repo, "mv", "powers/P-1.yaml", "powers/permits/P-1.yaml")  # a file moved between folders
    git(repo, "mv", "risks/posts.yaml", "risks/finance.yaml")  # a file renamed
    cf1 = (repo / "powers" / "CF-1.yaml").read_text(encoding="utf-8")
    bm = (repo / "benchmarks" / "CF-1.yaml").read_text(encoding="utf-8")
    (repo / "benchmarks" / "CF-1.yaml").unlink()
    (repo / "powers" / "CF-1.yaml").write_text(cf1 + "---\n" + bm, encoding="utf-8")  # benchmark moved in
    commit(repo, "reorganise")
    doc = json.loads(lz(["diff", "main", "HEAD", "--repo", str(repo), "--format", "json"]).stdout)
    moves = {(c["kind"], c["id"]): (c["change"], c["old_path"], c["path"]) for c in doc["changes"]}
    assert moves == {
        ("power", "P-1"): ("moved", "powers/P-1.yaml", "powers/permits/P-1.yaml"),
        ("register", "RR-FIN"): ("moved", "risks/posts.yaml", "risks/finance.yaml"),
        ("benchmark", "BM-CF-1"): ("moved", "benchmarks/CF-1.yaml", "powers/CF-1.yaml"),
    }  # and the risks that went along with their power or register are not listed again
    assert doc["summary"] == {"power.moved": 1, "register.moved": 1, "benchmark.moved": 1}
    text = lz(["diff", "main", "HEAD", "--repo", str(repo)]).stdout
    assert "由 powers/P-1.yaml 移至 powers/permits/P-1.yaml" in text


def test_a_risk_moved_to_another_power_is_a_move_and_keeps_its_changes(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "move-risk")
    posts = repo / "risks" / "posts.yaml"
    head, risks = posts.read_text(encoding="utf-8").split("risks:\n")
    posts.write_text(head + "risks: []\n", encoding="utf-8")
    p1 = repo / "powers" / "P-1.yaml"
    p1.write_text(p1.read_text(encoding="utf-8") + risks.replace("grade: low", "grade: low\n    description: 移入职权"),
                  encoding="utf-8")
    commit(repo, "move")
    doc = json.loads(lz(["diff", "main", "HEAD", "--repo", str(repo), "--format", "json"]).stdout)
    [risk] = [c for c in doc["changes"] if c["kind"] == "risk"]
    assert (risk["id"], risk["change"], risk["old_path"], risk["path"]) == \
        ("R-FIN-01", "changed", "risks/posts.yaml", "powers/P-1.yaml")
    assert (risk["old_parent"], risk["parent"]) == ({"kind": "register", "id": "RR-FIN"}, {"kind": "power", "id": "P-1"})
    assert risk["fields"] == [{"field": "description", "old": None, "new": "移入职权"}]
    assert doc["summary"] == {"risk.changed": 1}
    text = lz(["diff", "main", "HEAD", "--repo", str(repo)]).stdout
    assert "由 登记表 RR-FIN 移至 职权 P-1" in text


def test_default_compares_the_merge_base_with_the_working_tree(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "work")
    edit(repo / "powers" / "P-1.yaml", "name: 食品经营许可", "name: 食品经营许可（含变更、延续）")
    commit(repo, "committed on the branch")
    git(repo, "checkout", "-q", "main")
    edit(repo / "laws.yaml", "revised: 2021-01-22", "revised: 2026-01-01")
    commit(repo, "main moved on: not part of the branch's change")
    git(repo, "checkout", "-q", "work")
    edit(repo / "powers" / "CF-1.yaml", "name: 对经营超过保质期食品的行政处罚", "name: 对经营超过保质期食品的处罚")  # unstaged
    (repo / "powers" / "JC-1.yaml").write_text(NEW_POWER, encoding="utf-8")  # untracked
    result = lz(["diff", "--repo", str(repo / "powers"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["base"]["merge_base_of"] == "main" and doc["head"]["commit"] is None
    assert {(c["kind"], c["id"], c["change"]) for c in doc["changes"]} == {
        ("power", "P-1", "changed"), ("power", "CF-1", "changed"), ("power", "JC-1", "added"),
        ("risk", "R-JC1-01", "added")}
    assert "工作区" in lz(["diff", "--repo", str(repo)]).stdout


def test_origin_head_is_the_default_branch_when_there_is_one(tmp_path: Path) -> None:
    upstream = init_repo(tmp_path / "upstream", BASE_REPO)
    git(tmp_path, "clone", "-q", str(upstream), "clone")
    clone = tmp_path / "clone"
    git(clone, "checkout", "-q", "-b", "topic")
    edit(clone / "powers" / "P-1.yaml", "name: 食品经营许可", "name: 食品经营许可证核发")
    commit(clone, "rename")
    report = diff(clone)
    assert report.base.merge_base_of == "origin/HEAD"
    assert [(c.kind, c.id) for c in report.changes] == [("power", "P-1")]


def test_unit_in_a_subfolder_of_the_git_repository(tmp_path: Path) -> None:
    top = tmp_path / "top"
    unit = init_repo(top, BASE_REPO, into="data/unit")
    (top / "README.md").write_text("other content of the repository\n", encoding="utf-8")
    edit(unit / "powers" / "P-1.yaml", "promised_days: 10", "promised_days: 8")
    commit(top, "promise")
    for where in (top, unit, unit / "powers"):  # from the top (found below), inside, and deeper
        doc = json.loads(lz(["diff", "HEAD~1", "HEAD", "--repo", str(where), "--format", "json"]).stdout)
        assert doc["root"] == "data/unit"
        assert [(c["id"], c["path"], c["fields"]) for c in doc["changes"]] == [
            ("P-1", "powers/P-1.yaml", [{"field": "promised_days", "old": 10, "new": 8}])]


def test_cost_follows_the_size_of_the_change(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE_REPO, data)
    template = (data / "powers" / "P-1.yaml").read_text(encoding="utf-8")
    for i in range(60):
        (data / "powers" / f"X-{i}.yaml").write_text(
            template.replace("id: P-1", f"id: X-{i}").replace("R-P1-01", f"R-X{i}-01"), encoding="utf-8")
    repo = init_repo(tmp_path / "repo", data)
    edit(repo / "powers" / "X-7.yaml", "promised_days: 10", "promised_days: 9")
    commit(repo, "one change")
    report = diff(repo, "HEAD~1", "HEAD")
    assert report.files_read == 2  # the changed file on each side: not the 65 of the repository
    assert [(c.kind, c.id) for c in report.changes] == [("power", "X-7")]
    edit(repo / "powers" / "X-8.yaml", "promised_days: 10", "promised_days: 9")
    assert diff(repo).files_read == 2  # the same against the working tree


def test_grade_lowered_from_high_and_high_risk_removed_are_flagged(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "lower")
    cf1 = repo / "powers" / "CF-1.yaml"
    edit(cf1, "factors: {importance: 4, discretion: 4, probability: 4, harm: 4}\n    grade: high",
         "factors: {importance: 4, discretion: 3, probability: 2, harm: 4}\n    grade: medium")
    commit(repo, "lower")
    doc = json.loads(lz(["diff", "main", "HEAD", "--repo", str(repo), "--format", "json"]).stdout)
    assert [(a["risk"], a["reason"], a["old_grade"], a["new_grade"]) for a in doc["approval_needed"]] == [
        ("R-CF1-01", "lowered_from_high", "high", "medium")]
    assert doc["summary"]["risk.lowered"] == 1
    cf1.write_text(cf1.read_text(encoding="utf-8").split("risks:")[0], encoding="utf-8")
    commit(repo, "remove")
    doc = json.loads(lz(["diff", "main", "HEAD", "--repo", str(repo), "--format", "json"]).stdout)
    assert [(a["risk"], a["reason"]) for a in doc["approval_needed"]] == [("R-CF1-01", "high_removed")]
    text = lz(["diff", "main", "HEAD", "--repo", str(repo)]).stdout
    assert "删除 R-CF1-01 调查取证不全面（职权 CF-1）高（分值 16）" in text
    assert "删除措施 M1（规范程序）：两人以上执法" in text


def test_a_grading_model_change_is_said(repo: Path) -> None:
    edit(repo / "lianzheng.yaml", "posts:", "settings:\n  grading:\n    thresholds: {high: 12, medium: 6}\nposts:")
    commit(repo, "thresholds")
    report = diff(repo, "HEAD~1", "HEAD")
    assert report.grading_changed
    assert [(c.kind, [f.key for f in c.fields]) for c in report.changes] == [
        ("unit", ["settings.grading.thresholds"])]
    assert "评定模型（settings.grading）已修改" in lz(["diff", "HEAD~1", "HEAD", "--repo", str(repo)]).stdout


def test_bad_revisions_and_places_exit_2_with_a_clear_message(repo: Path, tmp_path: Path) -> None:
    bad = lz(["diff", "no-such-branch", "--repo", str(repo)])
    assert bad.exit_code == 2 and "无法识别的 git 版本：no-such-branch" in bad.stderr and bad.stdout == ""
    assert "not a git revision: HEAD~9" in lz(["diff", "HEAD~9", "--repo", str(repo), "--lang", "en"]).stderr
    outside = tmp_path / "plain"
    shutil.copytree(BASE_REPO, outside)
    result = lz(["diff", "--repo", str(outside)])
    assert result.exit_code == 2 and "不在 git 仓库中" in result.stderr
    missing = lz(["diff", "--repo", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "路径不存在" in missing.stderr
    git(repo, "branch", "-m", "main", "trunk")
    none = lz(["diff", "--repo", str(repo)])
    assert none.exit_code == 2 and "找不到默认分支" in none.stderr


def test_a_file_broken_on_one_side_is_named_not_shown_as_removed(repo: Path) -> None:
    edit(repo / "powers" / "CF-1.yaml", "name: 对经营超过保质期食品的行政处罚", "name: [未闭合")
    edit(repo / "powers" / "P-1.yaml", "promised_days: 10", "promised_days: 8")
    doc = json.loads(lz(["diff", "--repo", str(repo), "--format", "json"]).stdout)
    assert doc["unreadable"] == ["powers/CF-1.yaml"]
    assert [(c["kind"], c["id"], c["change"]) for c in doc["changes"]] == [("power", "P-1", "changed")]
    assert doc["approval_needed"] == []  # not a high risk "removed"
    markdown = lz(["diff", "--repo", str(repo), "--format", "markdown"]).stdout
    assert "> 以下文件不是合法的 YAML，未比较（请运行 lz validate）：`powers/CF-1.yaml`" in markdown
