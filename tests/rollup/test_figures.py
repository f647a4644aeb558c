"""Per-unit figures: the same code as the unit's own commands, and the same figures from a
repository as from its Parquet export (both examples, and a unit built to have some of
everything)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lianzheng import open_repository
from lianzheng.rollup import rollup
from lianzheng.rollup.figures import FIGURE_COLUMNS, unit_figures
from tests.clirunner import lz
from tests.conftest import example_dirs
from tests.rollup.conftest import AS_OF, Units, export_of

DAY = dt.date.fromisoformat(AS_OF)
LATE = "2027-06-01"  # when the examples have reviews and measures falling due


def without_source(unit: dict) -> dict:
    return {k: v for k, v in unit.items() if k != "source"}


def rolled(units: list[str], as_of: str = AS_OF) -> dict:
    result = lz(["rollup", *units, "--as-of", as_of, "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("example", example_dirs(), ids=lambda p: p.name)
@pytest.mark.parametrize("as_of", [AS_OF, LATE])
def test_a_repository_and_its_export_give_the_same_figures(example: Path, as_of: str, tmp_path: Path) -> None:
    repo = tmp_path / example.name
    shutil.copytree(example, repo, ignore=shutil.ignore_patterns(".lz-cache", "site", "build"))
    export = export_of(repo, tmp_path / "export", as_of)
    from_repo, from_export = rolled([str(repo)], as_of), rolled([str(export)], as_of)
    assert [without_source(u) for u in from_repo["units"]] == [without_source(u) for u in from_export["units"]]
    assert {k: from_repo[k] for k in ("totals", "areas", "risk_categories")} == \
        {k: from_export[k] for k in ("totals", "areas", "risk_categories")}
    assert from_repo["units"][0]["powers"] > 0 and from_repo["areas"]


def test_the_built_unit_too(units: Units, tmp_path: Path) -> None:
    export = export_of(units.alpha, tmp_path / "alpha-export")
    from_repo, from_export = rolled([str(units.alpha)]), rolled([str(export)])
    assert [without_source(u) for u in from_repo["units"]] == [without_source(u) for u in from_export["units"]]
    assert from_repo["areas"] == from_export["areas"] == {
        "food_drug": {"high": 1, "medium": 0, "low": 0},
        "approval": {"high": 0, "medium": 1, "low": 1},  # the register's risk names P-1, whose area it takes
        "penalty": {"high": 1, "medium": 0, "low": 0},
    }


def test_figures_are_what_the_units_own_commands_say(units: Units) -> None:
    figures = unit_figures(open_repository(units.alpha, cache=False), DAY)
    assert (figures.code, figures.name, figures.type, figures.powers) == ("ALPHA-001", "甲县测试局", "administrative", 2)
    assert (figures.risks_high, figures.risks_medium, figures.risks_low) == (1, 1, 1)
    validate = json.loads(lz(["validate", str(units.alpha), "--as-of", AS_OF, "--format", "json", "--no-cache"]).stdout)
    codes = [f["code"] for f in validate]
    assert figures.high_short_of_measures == codes.count("K002") == 1
    due = json.loads(lz(["due", str(units.alpha), "--as-of", AS_OF, "--format", "json", "--no-cache"]).stdout)
    reasons = [i["reason"] for i in due]
    assert figures.reviews_due == reasons.count("review_cycle") == 1
    assert figures.measures_overdue == reasons.count("measure_overdue") == codes.count("K004") == 1
    assess = json.loads(lz(["assess", str(units.alpha), "--as-of", AS_OF, "--format", "json", "--no-cache"]).stdout)
    assert figures.score == assess["score"] is not None
    # nothing to measure: no signals, no disposals, no case log
    assert (figures.warnings_undisposed, figures.disposals_overdue, figures.red_cases, figures.on_time_rate) == \
        (None, None, None, None)
    assert figures.overdue == 2


def test_red_cases_on_time_rate_and_score_are_lz_monitors_and_lz_assess(tmp_path: Path) -> None:
    example = next(p for p in example_dirs() if (p / "caselogs").is_dir())
    figures = unit_figures(open_repository(example, cache=False), DAY)
    monitor = json.loads(lz(["monitor", str(example), "--as-of", AS_OF, "--format", "json"]).stdout)
    logs = monitor["logs"]
    assert figures.red_cases == sum(log["cards"]["red"] for log in logs) > 0
    closed = sum(log["closed"] for log in logs)
    on_time = sum(log["on_time_rate"] * log["closed"] for log in logs) / closed
    assert figures.on_time_rate == pytest.approx(on_time, abs=1e-12) and 0 < figures.on_time_rate < 1
    assess = json.loads(lz(["assess", str(example), "--as-of", AS_OF, "--format", "json", "--no-cache"]).stdout)
    assert figures.score == assess["score"]


def test_warnings_come_from_lz_warn(tmp_path: Path) -> None:
    example = next(p for p in example_dirs() if (p / "signals").is_dir())
    figures = unit_figures(open_repository(example, cache=False), DAY)
    warn = json.loads(lz(["warn", str(example), "--as-of", AS_OF, "--format", "json", "--no-cache"]).stdout)
    codes = [f["code"] for f in warn["findings"]]
    assert figures.warnings_undisposed == codes.count("W001") and figures.disposals_overdue == codes.count("W002")
    assert figures.warnings_undisposed is not None


def test_unit_parquet_carries_the_figures_with_their_date(units: Units) -> None:
    table = pq.read_table(units.beta / "unit.parquet")
    assert table.schema.names[-len(FIGURE_COLUMNS):] == list(FIGURE_COLUMNS)
    row = table.to_pylist()[0]
    assert row["as_of"] == DAY and row["unit_code"] == "BETA-002" and row["powers"] == 2
    assert str(table.schema.field("as_of").type) == "date32[day]"


def test_a_public_export_carries_no_figures(units: Units, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = lz(["export", str(units.beta_repo), "--format", "parquet", "--audience", "public", "--out", str(out),
                 "--no-cache"])
    assert result.exit_code == 0
    assert not set(FIGURE_COLUMNS) & set(pq.read_schema(out / "unit.parquet").names)


def test_register_risks_take_the_areas_of_the_power_they_name(units: Units, tmp_path: Path) -> None:
    export = export_of(units.alpha, tmp_path / "export")
    rows = pq.read_table(export / "risks.parquet", columns=["risk_id", "areas"]).to_pylist()
    assert {r["risk_id"]: r["areas"] for r in rows} == {
        "R-P1-01": ["approval"], "R-CF1-01": ["penalty", "food_drug"], "R-FIN-01": ["approval"]}


def test_an_export_of_another_day_keeps_its_figures_and_says_so(units: Units, tmp_path: Path) -> None:
    export = export_of(units.alpha, tmp_path / "early", "2024-01-01")
    result = rollup([str(export)], DAY)
    assert result.units[0].figures is not None and result.units[0].figures.as_of == dt.date(2024, 1, 1)
    assert result.units[0].figures.reviews_due == 0  # not yet due on the day of the export
    text = lz(["rollup", str(export), "--as-of", AS_OF])
    assert "甲县测试局 的数据截至其导出日期 2024-01-01" in text.stdout


def test_many_exports_are_read_in_one_scan_with_the_same_figures(units: Units, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    copies = []
    for i in range(5):
        copies.append(tmp_path / f"copy-{i}")
        shutil.copytree(units.beta, copies[-1])
    (copies[2] / "unit.parquet").write_bytes(b"PAR1 broken")
    one = rollup([str(units.beta)], DAY).units[0].figures
    many = rollup([str(c) for c in copies], DAY)
    assert [u.figures for u in many.units] == [one, one, None, one, one]
    assert many.units[2].problem is not None and "unit.parquet" in many.units[2].problem.message("en")
    assert many.totals["powers"] == 4 * one.powers

    import lianzheng.engine.duck as duck

    def fail(*args: object) -> None:
        raise RuntimeError("the one scan failed")

    monkeypatch.setattr(duck, "read_rows", fail)  # then every file is read by itself
    again = rollup([str(c) for c in copies], DAY)
    assert [u.figures for u in again.units] == [u.figures for u in many.units]


def _copies(units: Units, tmp_path: Path, n: int = 5) -> list[Path]:
    out = []
    for i in range(n):
        out.append(tmp_path / f"copy-{i}")
        shutil.copytree(units.beta, out[-1])
    return out


@pytest.mark.parametrize("at", [0, 3], ids=["first", "later"])
def test_one_scan_of_many_names_the_export_that_does_not_fit(units: Units, tmp_path: Path, at: int) -> None:
    import pyarrow as pa

    copies = _copies(units, tmp_path)
    table = pq.read_table(copies[at] / "unit.parquet")
    index = table.schema.get_field_index("reviews_due")
    pq.write_table(table.set_column(index, "reviews_due", pa.array(["many"])), copies[at] / "unit.parquet")
    reordered = pq.read_table(copies[1] / "unit.parquet")
    pq.write_table(reordered.select(list(reversed(reordered.schema.names))), copies[1] / "unit.parquet")
    result = rollup([str(c) for c in copies], DAY)
    one = rollup([str(units.beta)], DAY).units[0].figures
    assert [u.figures for u in result.units] == [None if i == at else one for i in range(5)]
    assert result.units[at].problem is not None
    assert result.units[at].problem.message("en") == "column reviews_due of unit.parquet is string, not int32"


def test_an_export_whose_risks_do_not_fit_is_left_out_of_the_one_scan(units: Units, tmp_path: Path) -> None:
    copies = _copies(units, tmp_path)
    risks = pq.read_table(copies[2] / "risks.parquet")
    pq.write_table(risks.drop_columns(["areas"]), copies[2] / "risks.parquet")
    result = rollup([str(c) for c in copies], DAY)
    assert [u.problem is None for u in result.units] == [True, True, False, True, True]
    assert result.units[2].problem.message("en") == "column areas of risks.parquet is —, not list<string>"
    assert result.totals["powers"] == 8 and sum(n for _, n in result.categories) == 4 * 3
