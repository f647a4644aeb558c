"""English messages list things with ", " and Chinese ones with "、" (issue 10, item 22,
leftovers of `lz import` and `lz export`): a message made before its language is known
carries its lists in both languages (`i18n.listing`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lianzheng.exchange import ExchangeError
from tests.clirunner import lz

from .conftest import COUNTY, export, import_register
from .test_import import HEADER, simple
from .workbooks import Sheet


def test_no_such_sheet_lists_the_sheets(county: Path, tmp_path: Path) -> None:
    path = simple(tmp_path, [HEADER, ["办公室", "", "风险", "权力行使", "低", "x", ""]],
                  sheets=[Sheet("说明", [["本表由各科室填写。"]]), Sheet("汇总", [["x"]])])
    with pytest.raises(ExchangeError) as exc:
        import_register(path, into=county, sheet="没有这张表", cache=False)
    assert exc.value.message() == "没有名为“没有这张表”的工作表（有：说明、汇总、风险登记表）"
    assert exc.value.message("en") == 'no sheet named "没有这张表" (there are: 说明, 汇总, 风险登记表)'
    done = lz(["import", str(path), "--into", str(county), "--sheet", "没有这张表", "--lang", "en"])
    assert done.exit_code == 2
    assert done.stderr.strip() == 'error: no sheet named "没有这张表" (there are: 说明, 汇总, 风险登记表)'


def test_cells_of_one_warning(county: Path, tmp_path: Path) -> None:
    rows = [["科室", "职权名称", "风险点", "风险类别", "风险等级", "防控措施"]] + [
        ["办公室", "公务用车管理", f"风险{i}", "权力行使", "低", "1.a"] for i in range(3)]
    path = simple(tmp_path, rows)
    (warning,) = import_register(path, into=county, cache=False, dry_run=True).warnings
    assert warning.message().startswith("风险登记表!B2、B3、B4：")
    assert warning.message("en").startswith("风险登记表!B2, B3, B4: no power")
    assert (warning.place(), warning.place("en")) == ("风险登记表!B2、B3、B4", "风险登记表!B2, B3, B4")
    done = lz(["import", str(path), "--into", str(county), "--dry-run", "--lang", "en", "--format", "json"])
    assert '"cell": "风险登记表!B2, B3, B4"' in done.stdout and "、" not in done.stdout


def test_some_factor_columns(county: Path, tmp_path: Path) -> None:
    rows = [["科室", "风险点", "风险类别", "权力重要程度", "发生概率", "风险等级", "防控措施"],
            ["办公室", "经费报销把关不严", "制度机制", 2, 2, "低", "1.双人审核"]]
    result = import_register(simple(tmp_path, rows), into=county, cache=False, dry_run=True)
    (warning,) = [p for p in result.warnings if "factor" in p.message("en")]
    assert warning.message() == "风险登记表：登记表只有部分评定因素列（权力重要程度、发生概率），评定因素未导入"
    assert warning.message("en") == ("风险登记表: the sheet has only some factor columns (importance of the power, "
                                     "probability); factors were not imported")


def test_a_power_name_of_several_powers(county: Path, tmp_path: Path) -> None:
    xk = (county / "powers" / "XK-001.yaml").read_text(encoding="utf-8")
    twin = xk.replace("id: XK-001", "id: XK-901").replace("R-XK-001-", "R-XK-901-")
    (county / "powers" / "XK-901.yaml").write_text(twin, encoding="utf-8")
    rows = [["科室", "职权名称", "风险点", "风险类别", "风险等级", "防控措施"],
            ["行政审批科", "食品经营许可", "风险", "权力行使", "低", "1.a"]]
    result = import_register(simple(tmp_path, rows), into=county, cache=False, dry_run=True)
    (warning,) = [p for p in result.warnings if "XK-901" in p.message()]
    assert "（XK-001、XK-901）" in warning.message()
    assert "(XK-001, XK-901)" in warning.message("en")


def test_export_refuses_a_folder_with_internal_files(tmp_path: Path) -> None:
    export(COUNTY, out=tmp_path / "out", format="csv", cache=False)
    with pytest.raises(ExchangeError) as exc:
        export(COUNTY, out=tmp_path / "out", format="csv", audience="public", cache=False)
    assert "（risks.csv、measures.csv）" not in exc.value.message("en")
    assert "(risks.csv, measures.csv)" in exc.value.message("en")
    assert "risks.csv、measures.csv" in exc.value.message()
    done = lz(["export", str(COUNTY), "--format", "csv", "--audience", "public", "--out", str(tmp_path / "out"),
               "--lang", "en", "--no-cache"])
    assert done.exit_code == 2 and "(risks.csv, measures.csv)" in done.stderr and "、" not in done.stderr
