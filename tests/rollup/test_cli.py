"""`lz rollup` as a user runs it: exit codes 0, 1 and 2, SPEC's JSON shape, the units that
could not be read named with their problem, text, markdown and English."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.clirunner import lz
from tests.rollup.conftest import AS_OF, Units, export_of

UNIT_KEYS = ["code", "name", "type", "source", "powers", "risks", "high_short_of_measures", "reviews_due", "score",
             "red_cases", "on_time_rate", "warnings_undisposed", "problem"]
TOTAL_KEYS = ["powers", "risks", "high_short_of_measures", "reviews_due", "red_cases", "warnings_undisposed"]


def run(*args: str) -> object:
    return lz(["rollup", *args, "--as-of", AS_OF, "--no-cache"])


def test_units_that_read_exit_0(units: Units) -> None:
    result = run(str(units.alpha), str(units.beta))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "甲县测试局" in result.stdout and "乙县测试局" in result.stdout
    assert "无法汇总" not in result.stdout


def test_the_json_has_exactly_the_shape_of_the_spec(units: Units) -> None:
    result = run(*units.all(), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # stdout holds only the JSON document
    assert list(data) == ["units", "totals", "areas", "risk_categories"]
    assert [list(u) for u in data["units"]] == [UNIT_KEYS] * 3
    assert list(data["totals"]) == TOTAL_KEYS
    assert all(list(u["risks"]) == ["high", "medium", "low"] for u in data["units"])
    assert list(data["totals"]["risks"]) == ["high", "medium", "low"]
    assert all(list(v) == ["high", "medium", "low"] for v in data["areas"].values())
    alpha, beta, broken = data["units"]
    assert isinstance(alpha["score"], float) and 0 < alpha["score"] < 100
    assert alpha == {
        "code": "ALPHA-001", "name": "甲县测试局", "type": "administrative", "source": str(units.alpha), "powers": 2,
        "risks": {"high": 1, "medium": 1, "low": 1}, "high_short_of_measures": 1, "reviews_due": 1,
        "score": alpha["score"],
        "red_cases": None, "on_time_rate": None, "warnings_undisposed": None, "problem": None,
    }
    assert beta["source"] == str(units.beta) and beta["high_short_of_measures"] == 0 and beta["problem"] is None
    assert broken["source"] == str(units.broken) and broken["powers"] is None
    assert broken["risks"] == {"high": None, "medium": None, "low": None}
    assert broken["problem"].startswith("lianzheng.yaml 有 1 个错误，无法汇总（第一个：第 5 行 S007")
    assert data["totals"] == {"powers": 4, "risks": {"high": 2, "medium": 2, "low": 2}, "high_short_of_measures": 1,
                              "reviews_due": 1, "red_cases": None, "warnings_undisposed": None}
    assert data["areas"] == {
        "food_drug": {"high": 1, "medium": 0, "low": 0}, "approval": {"high": 0, "medium": 1, "low": 1},
        "penalty": {"high": 1, "medium": 0, "low": 0}, "none": {"high": 1, "medium": 1, "low": 1}}
    assert data["risk_categories"] == {"power": 4, "ethics": 2}


def test_a_broken_unit_is_named_and_the_others_rolled_up(units: Units) -> None:
    result = run(*units.all())
    assert result.exit_code == 1
    out = result.stdout
    assert "无法汇总的单位（1 个）：" in out
    assert f"{units.broken}：lianzheng.yaml 有 1 个错误" in out and "S007" in out
    assert "合计" in out and "甲县测试局" in out and "乙县测试局" in out


def test_english(units: Units) -> None:
    result = lz(["rollup", *units.all(), "--as-of", AS_OF, "--no-cache", "--lang", "en"])
    assert result.exit_code == 1
    assert "Integrity-risk roll-up (as of 2026-11-28, 3 unit(s))" in result.stdout
    assert "lianzheng.yaml has 1 error(s) and cannot be rolled up (the first: line 5, S007" in result.stdout
    assert "Units with the most overdue items" in result.stdout


@pytest.mark.parametrize("make", ["empty", "missing", "file"])
def test_a_path_that_is_no_unit_exits_2_and_nothing_is_rolled_up(units: Units, tmp_path: Path, make: str) -> None:
    path = tmp_path / "nothing"
    if make == "empty":
        path.mkdir()
    elif make == "file":
        path.write_text("x", encoding="utf-8")
    result = run(str(units.alpha), str(path), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert str(path) in result.stderr
    assert ("路径不存在" if make == "missing" else "既不是单位数据仓库") in result.stderr


def test_usage_errors_exit_2(units: Units) -> None:
    assert lz(["rollup"]).exit_code == 2
    assert lz(["rollup", str(units.alpha), "--engine", "oracle"]).exit_code == 2
    assert lz(["rollup", str(units.alpha), "--as-of", "28/11/2026"]).exit_code == 2


def problem_of(units: Units, folder: Path) -> str:
    result = run(str(units.alpha), str(folder), "--format", "json")
    assert result.exit_code == 1, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["units"][0]["problem"] is None and data["totals"]["powers"] == 2  # alpha still rolled up
    return data["units"][1]["problem"]


def test_an_export_without_unit_parquet(units: Units, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(units.beta, folder)
    (folder / "unit.parquet").unlink()
    assert "没有 unit.parquet" in problem_of(units, folder)


def test_an_export_with_a_wrong_schema(units: Units, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(units.beta, folder)
    table = pq.read_table(folder / "unit.parquet")
    at = table.schema.get_field_index("reviews_due")
    pq.write_table(table.set_column(at, "reviews_due", pa.array(["many"])), folder / "unit.parquet")
    assert problem_of(units, folder) == "unit.parquet 的列 reviews_due 类型为 string，应为 int32"
    pq.write_table(table.drop_columns(["reviews_due", "score"]), folder / "unit.parquet")
    assert "unit.parquet 缺少汇总所需的列 reviews_due, score" in problem_of(units, folder)


def test_an_export_whose_risks_have_a_wrong_schema(units: Units, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(units.beta, folder)
    risks = pq.read_table(folder / "risks.parquet")
    at = risks.schema.get_field_index("areas")
    pq.write_table(risks.set_column(at, "areas", pa.array(["x"] * risks.num_rows)), folder / "risks.parquet")
    assert problem_of(units, folder) == "risks.parquet 的列 areas 类型为 string，应为 list<string>"


def test_a_file_that_is_not_parquet(units: Units, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(units.beta, folder)
    (folder / "unit.parquet").write_bytes(b"not parquet at all")
    assert problem_of(units, folder).startswith(f"无法读取 {folder / 'unit.parquet'}：")


def test_a_public_export(units: Units, tmp_path: Path) -> None:
    folder = tmp_path / "public"
    lz(["export", str(units.beta_repo), "--format", "parquet", "--audience", "public", "--out", str(folder)])
    assert "公开版或旧版 lz export 导出" in problem_of(units, folder)


def test_a_unit_file_that_cannot_be_read(units: Units, tmp_path: Path) -> None:
    # a folder where lianzheng.yaml should be: not read, and no repository further up stands in
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "lianzheng.yaml").mkdir()
    assert problem_of(units, repo).startswith(f"无法读取 {repo / 'lianzheng.yaml'}：")


def test_markdown_for_a_report_to_the_commission(units: Units, tmp_path: Path) -> None:
    result = run(*units.all(), "--format", "markdown")
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith("## 廉政风险防控汇总（截至 2026-11-28，3 个单位）\n")
    assert "| 甲县测试局 | ALPHA-001 | 行政机关 | 2 | 1 | 1 | 1 | 1 | 1 |" in out
    assert "| 合计 |  |  | 4 | 2 | 2 | 2 | 1 | 1 |  | — |  | — |  |" in out
    assert "### 按重点领域（第15条）" in out and "| 行政审批 | 0 | 1 | 1 |" in out
    assert f"| {str(units.alpha).replace('_', chr(92) + '_')} |" in out  # once escaped, not twice
    assert "S007 `type` 的值 `ministry` 无效" in out  # the message's code spans kept as code


def test_markdown_cannot_be_forged_by_a_unit(tmp_path: Path) -> None:
    from tests.rollup.conftest import edit, unit_repo

    repo = unit_repo(tmp_path / "hostile", "H-1", "x")
    edit(repo / "lianzheng.yaml", "name: x", "name: '| @everyone <b>x</b> [a](e) |'")
    out = run(str(repo), "--format", "markdown").stdout
    assert "\\| @\u200beveryone \\<b\\>x\\</b\\> \\[a\\](e) \\|" in out


def test_engine_spark_without_pyspark_says_how_to_install_it(units: Units, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pyspark", "pyspark.sql"):
        monkeypatch.setitem(sys.modules, name, None)  # an import of it fails as if not installed
    result = run(str(units.alpha), "--engine", "spark")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "pip install 'lianzheng[spark]'" in result.stderr and "Java 17" in result.stderr
