from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lianzheng.exchange import ExchangeError
from lianzheng.exchange.columns import RISK_HEADERS
from lianzheng.report.exchange import render_export

from .conftest import CITY, COUNTY, copy_repo, export

SHEETS = ["职权目录", "流程环节", "风险登记表", "防控措施", "裁量基准"]
# names that appear in the county example only as owners of risks and measures
OWNERS = ["郑红", "高峰", "林静", "赵明"]


def test_workbook_layout(tmp_path: Path) -> None:
    result = export(COUNTY, out=tmp_path / "台账.xlsx", cache=False)
    assert result.files == [tmp_path / "台账.xlsx"]
    assert result.rows == {"职权目录": 10, "流程环节": 83, "风险登记表": 41, "防控措施": 79, "裁量基准": 18}
    wb = openpyxl.load_workbook(tmp_path / "台账.xlsx")
    assert wb.sheetnames == SHEETS
    assert wb.properties.created == dt.datetime(1980, 1, 1)
    ws = wb["风险登记表"]
    assert [c.value for c in ws[1]] == list(RISK_HEADERS)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:T42"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {"I2:I1048576": '"权力行使,制度机制,思想道德"', **{f"{c}2:{c}1048576": '"1,2,3,4,5"' for c in "JKLM"},
                     "O2:O1048576": '"高,中,低"'}
    by_id = {row[5].value: row for row in ws.iter_rows(min_row=2)}
    high = by_id["R-CF-001-02"]
    assert [c.value for c in high[:10]] == [
        29, "综合行政执法大队", "执法办案岗", "CF-001", "对未取得食品经营许可从事食品经营活动的行政处罚", "R-CF-001-02",
        "故意少算货值金额，降低处罚档次", high[7].value, "权力行使", 5]
    assert (high[13].value, high[14].value) == (20, "高")
    assert high[14].fill.fgColor.rgb == "FFFF0000"
    assert high[15].value.splitlines()[0].startswith("1.货值金额按照违法经营食品的标价计算")
    assert [line[:2] for line in high[15].value.splitlines()] == ["1.", "2.", "3."]
    assert (high[16].value, high[17].value, high[18].value) == ("高峰", "刘振华", dt.datetime(2026, 4, 15))
    assert high[19].value == "2026-04-24 局党组会议（县市场监管局党组会议纪要〔2026〕7号）"
    fills = {row[14].value: row[14].fill.fgColor.rgb for row in ws.iter_rows(min_row=2)}
    assert fills == {"高": "FFFF0000", "中": "FFFFA500", "低": "FFFFFF00"}
    # the two overridden risks carry their reason in the grade cell's note
    notes = {row[5].value: row[14].comment.text for row in ws.iter_rows(min_row=2) if row[14].comment}
    assert sorted(notes) == ["R-CF-002-03", "R-JC-001-04"]
    assert all(n.startswith("等级调整理由：") for n in notes.values())
    measures = wb["防控措施"]
    assert [c.value for c in measures[1]] == ["序号", "科室", "风险编号", "风险点", "措施编号", "措施内容", "类型", "责任人",
                                             "完成时限", "状态"]
    assert {str(dv.sqref) for dv in measures.data_validations.dataValidation} == {"G2:G1048576", "J2:J1048576"}
    tiers = wb["裁量基准"]
    assert [c.value for c in tiers[2]][:12] == [1, "BM-CF-001", "CF-001", "对未取得食品经营许可从事食品经营活动的行政处罚",
                                               "未取得食品经营许可从事食品经营活动", tiers[2][5].value,
                                               "违法经营的食品货值金额不足一万元的", 50000, 100000, "元", None, "不予处罚"]
    catalogue = wb["职权目录"]
    assert catalogue["D1"].value == "职权类别" and catalogue["D2"].value in {"行政处罚", "采购管理"}


def test_same_input_same_bytes(tmp_path: Path) -> None:
    repo = copy_repo(COUNTY, tmp_path / "repo")
    first = export(repo, out=tmp_path / "a.xlsx").files[0].read_bytes()
    second = export(repo, out=tmp_path / "b.xlsx", cache=False).files[0].read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    export(repo, out=tmp_path / "csv1", format="csv")
    export(repo, out=tmp_path / "csv2", format="csv")
    export(repo, out=tmp_path / "pq1", format="parquet")
    export(repo, out=tmp_path / "pq2", format="parquet")
    for a, b in (("csv1", "csv2"), ("pq1", "pq2")):
        names = sorted(p.name for p in (tmp_path / a).iterdir())
        assert names == sorted(p.name for p in (tmp_path / b).iterdir())
        assert all((tmp_path / a / n).read_bytes() == (tmp_path / b / n).read_bytes() for n in names)


def test_default_output_is_under_the_repository(tmp_path: Path) -> None:
    repo = copy_repo(COUNTY, tmp_path / "repo")
    assert export(repo / "powers", cache=False).files == [repo / "build" / "lianzheng.xlsx"]


def test_formula_like_text_is_neutralised(tmp_path: Path) -> None:
    repo = copy_repo(COUNTY, tmp_path / "repo")
    path = repo / "risks" / "finance-posts.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: 出纳挪用、截留公款", "title: '=HYPERLINK(\"http://x.example\",\"点击\")'")
    text = text.replace("owner: 郑红\n    leader: L-FJZ-ZH\n    measures:", "owner: '@张三'\n    leader: L-FJZ-ZH\n    measures:", 1)
    path.write_text(text, encoding="utf-8")
    wb = openpyxl.load_workbook(export(repo, out=tmp_path / "x.xlsx", cache=False).files[0])
    row = next(r for r in wb["风险登记表"].iter_rows(min_row=2) if r[5].value == "R-CW-POST-01")
    assert row[6].value == "'=HYPERLINK(\"http://x.example\",\"点击\")" and row[6].data_type == "s"
    assert row[16].value == "'@张三"
    export(repo, out=tmp_path / "csv", format="csv", cache=False)
    rows = list(csv.reader(io.StringIO((tmp_path / "csv" / "risks.csv").read_text(encoding="utf-8-sig"))))
    assert any(r[6] == "'=HYPERLINK(\"http://x.example\",\"点击\")" for r in rows)


def test_public_edition_holds_no_internal_data(tmp_path: Path) -> None:
    result = export(COUNTY, out=tmp_path / "公开.xlsx", audience="public", cache=False)
    wb = openpyxl.load_workbook(result.files[0])
    assert wb.sheetnames == ["职权目录", "流程环节", "裁量基准"]
    catalogue = [[c.value for c in row] for row in wb["职权目录"].iter_rows()]
    assert "风险数" not in catalogue[0]
    public_ids = sorted(r[1] for r in catalogue[1:])
    assert public_ids == ["CF-001", "CF-002", "JC-001", "JL-001", "QZ-001", "XK-001"]
    assert "风险点" not in [c.value for c in wb["流程环节"][1]]
    assert {r[1].value for r in wb["流程环节"].iter_rows(min_row=2)} <= set(public_ids)
    with zipfile.ZipFile(result.files[0]) as z:
        everything = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    for secret in [*OWNERS, "R-CF-001", "故意少算货值金额", "等级调整理由"]:
        assert secret not in everything
    folder = export(COUNTY, out=tmp_path / "pub-csv", format="csv", audience="public", cache=False)
    assert [p.name for p in folder.files] == ["powers.csv", "steps.csv", "benchmarks.csv"]
    assert not any(s in p.read_text(encoding="utf-8-sig") for p in folder.files for s in OWNERS)
    parquet = export(COUNTY, out=tmp_path / "pub-pq", format="parquet", audience="public", cache=False)
    assert [p.name for p in parquet.files] == ["unit.parquet", "powers.parquet", "steps.parquet", "benchmarks.parquet"]
    assert pq.read_table(tmp_path / "pub-pq" / "powers.parquet").column("risks").to_pylist() == [0] * 6


def test_public_edition_is_not_mixed_with_internal_files(tmp_path: Path) -> None:
    export(COUNTY, out=tmp_path / "out", format="csv", cache=False)
    with pytest.raises(ExchangeError) as exc:
        export(COUNTY, out=tmp_path / "out", format="csv", audience="public", cache=False)
    assert "risks.csv" in exc.value.message() and exc.value.exit_code == 2
    with pytest.raises(ExchangeError):
        export(COUNTY, out=tmp_path, format="xlsx", cache=False)  # a folder where a file is meant
    with pytest.raises(ExchangeError):
        export(COUNTY, format="pdf", cache=False)


def test_csv_files(tmp_path: Path) -> None:
    result = export(CITY, out=tmp_path / "csv", format="csv", cache=False)
    assert [p.name for p in result.files] == ["powers.csv", "steps.csv", "risks.csv", "measures.csv", "benchmarks.csv"]
    raw = (tmp_path / "csv" / "risks.csv").read_bytes()
    assert raw.startswith("\ufeff序号,科室,岗位,职权编号".encode("utf-8")) and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(RISK_HEADERS)
    assert len(rows) == 1 + result.rows["风险登记表"]


def test_parquet_tables(tmp_path: Path) -> None:
    result = export(CITY, out=tmp_path / "pq", format="parquet", cache=False)
    assert [p.name for p in result.files] == ["unit.parquet", "powers.parquet", "steps.parquet", "risks.parquet",
                                              "measures.parquet", "benchmarks.parquet"]
    unit = pq.read_table(tmp_path / "pq" / "unit.parquet").to_pylist()
    assert unit == [{"unit_code": "91330100MA2A00002Y", "name": "某市城市建设投资集团有限公司", "type": "soe",
                     "region": "某省某市", "supervision_phone": "12388", "website": "https://www.chengtou.example.com",
                     "review_cycle_days": 365, "high_risk_min_measures": 2, "departments": 13, "posts": 17,
                     "leaders": 6}]
    risks = pq.read_table(tmp_path / "pq" / "risks.parquet")
    schema = risks.schema
    assert schema.field("reviewed").type == pa.date32() and schema.field("importance").type == pa.int8()
    assert schema.field("risk_id").type == pa.string() and schema.field("areas").type == pa.list_(pa.string())
    assert set(risks.column("grade").to_pylist()) <= {"high", "medium", "low"}
    assert set(risks.column("unit_code").to_pylist()) == {"91330100MA2A00002Y"}
    row = next(r for r in risks.to_pylist() if r["risk_id"] == "R-XCGL-POST-02")
    assert (row["grade"], row["computed_grade"], row["declared_grade"]) == ("high", "medium", "high")
    assert row["override_reason"].startswith("2025年本市国有企业查处的工程领域案件")
    assert row["register_id"] == "RR-XCGL" and row["reviewed"] == dt.date(2026, 2, 26)
    measures = pq.read_table(tmp_path / "pq" / "measures.parquet")
    assert measures.num_rows == result.rows["防控措施"]
    assert measures.schema.field("due").type == pa.date32()
    steps = pq.read_table(tmp_path / "pq" / "steps.parquet")
    assert steps.num_rows == result.rows["流程环节"] and steps.schema.field("next").type == pa.list_(pa.string())


def test_export_text(tmp_path: Path) -> None:
    result = export(COUNTY, out=tmp_path / "x.xlsx", cache=False)
    assert render_export(result, base=tmp_path).splitlines()[:3] == [
        "已导出 1 个文件（内部版）：", "  x.xlsx", "  职权目录：10 行"]
    assert render_export(result, "en").splitlines()[0] == "exported 1 file(s) (internal edition):"


def test_a_repository_with_errors_still_exports_what_it_holds(tmp_path: Path) -> None:
    repo = copy_repo(COUNTY, tmp_path / "repo")
    path = repo / "risks" / "finance-posts.yaml"
    text = path.read_text(encoding="utf-8").replace("grade: medium", "grade: 很高", 1).replace("factors: {importance: 4", "factors: {importance: 9", 1)
    path.write_text(text, encoding="utf-8")
    (repo / "powers" / "broken.yaml").write_text("apiVersion: lianzheng/v1\nkind: Power\nid: [oops\n", encoding="utf-8")
    result = export(repo, out=tmp_path / "x.xlsx", cache=False)
    ws = openpyxl.load_workbook(result.files[0])["风险登记表"]
    ids = [r[5].value for r in ws.iter_rows(min_row=2)]
    assert "R-CW-POST-02" in ids and len(ids) >= 36
