"""`lz grade`: the models, the report in every format, --check, and --write changing only
the bytes of the grade values."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.grading.charts import distribution_svg, heatmap_svg
from lianzheng.grading.model import PowerContext, assess
from lianzheng.grading.report import grade_report
from lianzheng.spec.models import GradingSettings
from tests.clirunner import lz
from tests.conftest import BASE_REPO, example_dirs

F = {"importance": 4, "discretion": 3, "probability": 2, "harm": 4}


def test_matrix_default_model_of_the_spec() -> None:
    a = assess(F, GradingSettings())
    # likelihood = ceil((2 + 3) / 2) = 3, impact = ceil((4 + 4) / 2) = 4, score 12 -> medium
    assert (a.likelihood, a.impact, a.score, a.computed) == (3, 4, 12, "medium")
    assert assess({"importance": 5, "discretion": 5, "probability": 5, "harm": 5}, GradingSettings()).computed == "high"
    # the thresholds, exactly: 15 is high, 8 is medium, 6 is low
    assert assess({"importance": 5, "discretion": 3, "probability": 3, "harm": 5}, GradingSettings()).computed == "high"  # 3 x 5 = 15
    assert assess({"importance": 4, "discretion": 2, "probability": 2, "harm": 4}, GradingSettings()).computed == "medium"  # 2 x 4 = 8
    assert assess({"importance": 3, "discretion": 2, "probability": 2, "harm": 3}, GradingSettings()).computed == "low"  # 2 x 3 = 6
    assert assess({"importance": 4, "discretion": 4, "probability": 3, "harm": 5}, GradingSettings()).computed == "high"  # 4 x 5 = 20


def test_matrix_thresholds_and_factor_lists_are_settable() -> None:
    s = GradingSettings.model_validate({"thresholds": {"high": 12, "medium": 6}})
    assert assess(F, s).computed == "high"
    s = GradingSettings.model_validate({"likelihood": ["probability"], "impact": ["harm"]})
    assert (assess(F, s).likelihood, assess(F, s).impact, assess(F, s).score) == (2, 4, 8)


def test_weighted_model() -> None:
    s = GradingSettings.model_validate({"model": "weighted", "weights": {"harm": 2, "importance": 1.5}})
    a = assess(F, s)
    # 1.5*4 + 1*3 + 1*2 + 2*4 = 19 -> high (default weighted thresholds 15 / 10)
    assert a.score == 19 and a.computed == "high"
    s = GradingSettings.model_validate({"model": "加权法", "thresholds": {"high": 20, "medium": 12}})
    assert assess(F, s).score == 13 and assess(F, s).computed == "medium"


def test_floors_raise_and_say_why() -> None:
    s = GradingSettings.model_validate(
        {"floors": {"major_matter": "high", "areas": {"procurement": "medium"}, "category": {"penalty": "中"}}})
    low = {"importance": 1, "discretion": 1, "probability": 1, "harm": 1}
    assert assess(low, s).computed == "low"
    assert assess(low, s, PowerContext("finance", (), ("funds",))).computed == "high"
    a = assess(low, s, PowerContext("procurement", ("procurement",), ()))
    assert (a.by_score, a.computed, a.floor) == ("low", "medium", "areas:procurement")
    assert assess(low, s, PowerContext("penalty")).floor == "category:penalty"


@pytest.fixture
def mismatched(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    p1 = repo / "powers" / "P-1.yaml"
    p1.write_text(p1.read_text(encoding="utf-8").replace("    grade: medium", "    grade: 低   # 待复核"),
                  encoding="utf-8")
    return repo


def test_check_exits_1_on_a_mismatch_and_0_when_justified(mismatched: Path) -> None:
    result = lz(["grade", str(mismatched), "--check", "--no-cache"])
    assert result.exit_code == 1
    assert "R-P1-01" in result.stdout and "不一致：申报低，应为中" in result.stdout
    assert "R-CF1-01" not in result.stdout  # --check lists the mismatches only
    p1 = mismatched / "powers" / "P-1.yaml"
    p1.write_text(p1.read_text(encoding="utf-8").replace(
        "    grade: 低   # 待复核", "    grade: 低\n    grade_override: {grade: 低, reason: 已全部实行网上办理}"),
        encoding="utf-8")
    assert lz(["grade", str(mismatched), "--check", "--no-cache"]).exit_code == 0
    plain = lz(["grade", str(mismatched), "--no-cache"])
    assert plain.exit_code == 0 and "调整为低：已全部实行网上办理" in plain.stdout


def test_report_shows_table_distribution_and_heat_map() -> None:
    out = lz(["grade", str(BASE_REPO), "--no-cache"]).stdout
    assert "R-CF1-01  调查取证不全面  执法大队/执法岗" in out
    for heading in ("按科室分布", "按风险类别分布", "按重点领域分布", "按责任领导分布", "风险热力图"):
        assert heading in out
    only = lz(["grade", str(BASE_REPO), "--no-cache", "--by", "leader"]).stdout
    assert "按责任领导分布" in only and "按科室分布" not in only
    assert "Heat map" in lz(["grade", str(BASE_REPO), "--no-cache", "--lang", "en"]).stdout


def test_json_uses_english_ids_and_the_required_keys(mismatched: Path) -> None:
    result = lz(["grade", str(mismatched), "--format", "json", "--no-cache"])
    items = {i["id"]: i for i in json.loads(result.stdout)}
    assert set(items) == {"R-P1-01", "R-CF1-01", "R-FIN-01"}
    r = items["R-P1-01"]
    assert {"id", "title", "declared", "computed", "score", "likelihood", "impact", "override"} <= set(r)
    assert (r["declared"], r["computed"], r["score"], r["likelihood"], r["impact"], r["override"], r["status"]) == \
        ("low", "medium", 9, 3, 3, None, "mismatch")


def test_csv_opens_in_excel_with_chinese() -> None:
    raw = lz(["grade", str(BASE_REPO), "--format", "csv", "--no-cache"]).stdout_bytes
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["编号", "风险点"] and len(rows) == 4
    assert any(row[0] == "R-CF1-01" and "高" in row for row in rows)


def test_markdown() -> None:
    out = lz(["grade", str(BASE_REPO), "--format", "markdown", "--no-cache"]).stdout
    assert out.startswith("## 廉政风险等级评定") and "| R-CF1-01 |" in out and "### 风险热力图" in out


def test_svg_charts_are_standalone_and_deterministic() -> None:
    report = grade_report(open_repository(BASE_REPO, cache=False))
    for svg in (heatmap_svg(report), distribution_svg(report, "department"), heatmap_svg(report, "en")):
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
        assert root.find("{http://www.w3.org/2000/svg}title") is not None
    assert heatmap_svg(report) == heatmap_svg(grade_report(open_repository(BASE_REPO, cache=False)))
    assert ">1</text>" in heatmap_svg(report)


# --- --write ------------------------------------------------------------------------

FLIP = {"high": "low", "medium": "high", "low": "high", "高": "低", "中": "高", "低": "高"}
GRADE_LINE = re.compile(r"^(\s*grade: )(\S+)$", re.M)


def _commented(text: str) -> str:
    """The file with a comment (and odd spacing) beside every block-style grade."""
    return GRADE_LINE.sub(lambda m: f"{m.group(1)}{m.group(2)}    # 经复核  ", text)


def _wrong(text: str) -> str:
    return re.sub(r"^(\s*grade: )(\S+)(    # 经复核  )$", lambda m: m.group(1) + FLIP[m.group(2)] + m.group(3),
                  text, flags=re.M)


@pytest.mark.parametrize("example", example_dirs(), ids=[p.name for p in example_dirs()])
def test_write_changes_only_the_grade_values_of_the_examples(example: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(example, repo, ignore=shutil.ignore_patterns(".lz-cache"))
    expected: dict[Path, bytes] = {}
    for path in sorted(repo.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "grade_override" in text or not GRADE_LINE.search(text):
            continue
        good = _commented(text)
        path.write_text(good, encoding="utf-8")
        expected[path] = good.encode("utf-8")
    assert lz(["grade", str(repo), "--check", "--no-cache"]).exit_code == 0
    for path in expected:
        path.write_text(_wrong(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert lz(["grade", str(repo), "--check", "--no-cache"]).exit_code == 1
    untouched = {p: p.stat().st_mtime_ns for p in repo.rglob("*.yaml") if p not in expected}
    result = lz(["grade", str(repo), "--write", "--no-cache"])
    assert result.exit_code == 0, result.stdout + result.stderr
    for path, good in expected.items():
        assert path.read_bytes() == good, path
    assert {p: p.stat().st_mtime_ns for p in untouched} == untouched, "files with nothing to change are not touched"
    assert lz(["grade", str(repo), "--check", "--no-cache"]).exit_code == 0


ODD = """\
# 职权文件，各种写法
apiVersion: lianzheng/v1
kind: RiskRegister
id: RR-ODD
risks:
  - {id: R-A, title: 甲, category: power, factors: {importance: 5, discretion: 5, probability: 5, harm: 5}, grade: low, measures: [{id: M1, type: procedure, text: x}, {id: M2, type: supervision, text: y}]}   # 流式
  - id: R-B
    title: 乙
    category: 制度机制
    factors:
      importance: 1
      discretion: 1
      probability: 1
      harm: 1

    grade: "高"     # 引号
    measures:
      - {id: M1, type: institution, text: z}
  - id: R-C
    title: 丙
    category: system
    factors: {importance: 3, discretion: 3, probability: 3, harm: 3}
    grade: 'high'
    measures: [{id: M1, type: institution, text: z}]
"""


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom"])
def test_write_keeps_every_other_byte_in_odd_files(variant: str, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    text = ODD.replace("\n", "\r\n") if variant == "crlf" else ODD
    raw = ("\ufeff" if variant == "bom" else "").encode() + text.encode("utf-8")
    target = repo / "risks" / "odd.yaml"
    target.write_bytes(raw)
    result = lz(["grade", str(repo), "--write", "--no-cache"])
    assert result.exit_code == 0, result.stdout + result.stderr
    want = raw.replace(b"grade: low, measures", b"grade: high, measures") \
              .replace('grade: "高"'.encode(), 'grade: "低"'.encode()) \
              .replace(b"grade: 'high'", b"grade: 'medium'")
    assert target.read_bytes() == want
    assert "已更新 3 个风险等级（1 个文件）" in result.stdout



def test_check_says_so_when_every_grade_matches() -> None:
    result = lz(["grade", str(BASE_REPO), "--check", "--no-cache"])
    assert result.exit_code == 0
    assert "所有申报等级都与计算等级一致" in result.stdout and "编号" not in result.stdout


def test_write_through_a_link_rewrites_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    """A power file the repository knows by a link (inside it) is rewritten where it is;
    the link stays a link (hardening: nothing the user wrote is replaced)."""
    repo = shutil.copytree(BASE_REPO, tmp_path / "repo")
    (repo / ".shared").mkdir()
    (repo / "powers" / "P-1.yaml").rename(repo / ".shared" / "P-1.yaml")
    (repo / "powers" / "P-1.yaml").symlink_to("../.shared/P-1.yaml")
    target = repo / ".shared" / "P-1.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.count("\n    grade: medium\n") == 1
    target.write_text(text.replace("\n    grade: medium\n", "\n    grade: high\n"), encoding="utf-8")
    result = lz(["grade", str(repo), "--write", "--no-cache"])
    assert result.exit_code == 0 and "powers/P-1.yaml:" in result.stdout, result.stdout
    assert (repo / "powers" / "P-1.yaml").is_symlink()
    assert target.read_text(encoding="utf-8") == text


def test_a_register_risk_counts_under_the_areas_of_the_power_it_names(tmp_path: Path) -> None:
    """The key areas (art. 15) of a RiskRegister risk that names its power are that power's,
    in lz grade's distribution as in lz rollup and the register export (Repository.areas_of)."""
    repo = shutil.copytree(BASE_REPO, tmp_path / "repo")
    register = repo / "risks" / "posts.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace("    category: ethics\n",
                                                                     "    category: ethics\n    power: CF-1\n"),
                        encoding="utf-8")
    power = repo / "powers" / "CF-1.yaml"
    power.write_text(power.read_text(encoding="utf-8").replace("category: penalty\n",
                                                               "category: penalty\nareas: [procurement]\n", 1),
                     encoding="utf-8")
    opened = open_repository(repo, cache=False)
    report = grade_report(opened)
    power_areas = opened.power_by_id["CF-1"].areas
    assert power_areas
    (risk,) = [g for g in report.risks if g.risk.id == "R-FIN-01"]
    assert risk.areas == power_areas == opened.areas_of(risk.risk)
    by_area = dict(report.distribution("area"))
    assert all(by_area[a]["low"] >= 1 for a in power_areas)
