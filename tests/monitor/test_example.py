"""The county bureau's case logs: the synthetic platform export and the real BPI 2020 log."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from lianzheng import open_repository
from lianzheng.monitor import LogError, MonitorResult, exit_code, monitor_repository
from lianzheng.report.monitor import render_csv, render_json, render_markdown, render_text

ROOT = Path(__file__).resolve().parents[2]
COUNTY = ROOT / "examples" / "county-market-bureau"


@pytest.fixture(scope="module")
def county() -> MonitorResult:
    return monitor_repository(open_repository(COUNTY, cache=False, models=True), as_of="2026-11-28")


def by_case(result: MonitorResult, log: str) -> dict[str, object]:
    return {c.case: c for c in next(lg for lg in result.logs if lg.id == log).cases}


def test_the_example_has_both_logs(county: MonitorResult) -> None:
    assert [(log.id, log.power) for log in county.logs] == [("permits", "XK-001"), ("travel", "CW-002")]
    assert exit_code(county) == 1


def test_the_permit_log_shows_the_deviations_its_generator_put_in(county: MonitorResult) -> None:
    permits = next(log for log in county.logs if log.id == "permits")
    cases = by_case(county, "permits")
    red = {c.case: c.codes for c in permits.cases if c.card == "red"}
    assert red == {
        "XK2026-0041": ("M102",), "XK2026-0087": ("M102",), "XK2026-0112": ("M201", "M203"),
        "XK2026-0199": ("M104",), "XK2026-0203": ("M104",), "XK2026-0230": ("M103", "M106", "M201", "M106"),
        "XK2026-0245": ("M101",), "XK2026-0301": ("M203",),
    }
    assert cases["XK2026-0041"].findings[0].args["skipped_steps"] == ["S2"]  # type: ignore[attr-defined]
    assert cases["XK2026-0087"].findings[0].args["skipped_steps"] == ["S4"]  # type: ignore[attr-defined]
    assert "M202" in cases["XK2026-0150"].codes  # type: ignore[attr-defined]
    near = {c.case for c in permits.cases if "M204" in c.codes}
    assert near == {"XK2026-0302", "XK2026-0303"}
    assert all(c.status == "open" for c in permits.cases if c.case in near)
    # 补正: the applicant's time is not counted, and every loop is allowed by the flow
    loops = [c for c in permits.cases if c.events > 5 and c.card == "green"]
    assert loops
    # across National Day, with work on the 调休 Saturday: green
    for n in range(260, 265):
        assert cases[f"XK2026-{n:04d}"].card == "green"  # type: ignore[attr-defined]
    assert permits.data[0].code == "M002" and permits.data[0].args["resource"] == "admin"
    assert permits.rows < 2400 and permits.case_count == 308  # `where` left the other matter out


def test_the_permit_log_is_generated_deterministically(tmp_path: Path) -> None:
    out = tmp_path / "permits.csv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate-permit-log"), "--out", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == (COUNTY / "caselogs" / "data" / "permits-2026.csv").read_bytes()


def test_the_travel_log_is_the_real_bpi_2020_file_as_it_is(county: MonitorResult) -> None:
    shipped = COUNTY / "caselogs" / "data" / "travel-permits-variants.xes.gz"
    original = Path(__file__).resolve().parent / "data" / "eventlogs" / "travel-permits-variants.xes.gz"
    assert shipped.read_bytes() == original.read_bytes()
    travel = next(log for log in county.logs if log.id == "travel")
    caselog = yaml.safe_load((COUNTY / "caselogs" / "travel.yaml").read_text(encoding="utf-8"))
    raw = gzip.decompress(shipped.read_bytes()).decode()
    names = Counter(re.findall(r'key="concept:name" value="([^"]+)"', raw))
    mapped = sum(n for a, n in names.items() if caselog["activities"].get(a))
    assert travel.events == mapped and travel.format == "xes"
    assert {f.args["activity"] for f in travel.data if f.code == "M001"} == {
        "Permit FOR_APPROVAL by ADMINISTRATION", "Permit FOR_APPROVAL by SUPERVISOR"}
    assert travel.open > 0 and travel.closed > 0
    assert travel.cards["green"] > 0 and travel.cards["red"] > 0
    assert travel.risks and travel.risks[0].grade == "high"


def test_every_format_renders_the_example(county: MonitorResult) -> None:
    text = render_text(county)
    assert text.startswith("电子监察报告（截至 2026-11-28）")
    assert "食品经营许可" in text and "差旅费报销审批" in text
    doc = json.loads(render_json(county))
    assert [log["id"] for log in doc["logs"]] == ["permits", "travel"]
    assert render_csv(county).count("\r\n") > 100
    assert render_markdown(county).startswith("## 电子监察报告")


def test_one_log_or_another_file(tmp_path: Path) -> None:
    only = monitor_repository(open_repository(COUNTY, cache=False, models=True), as_of="2026-11-28", logs=["permits"])
    assert [log.id for log in only.logs] == ["permits"]
    other = tmp_path / "export.csv"
    shutil.copyfile(COUNTY / "caselogs" / "data" / "permits-2026.csv", other)
    again = monitor_repository(open_repository(COUNTY, cache=False, models=True), as_of="2026-11-28", logs=[f"permits={other}"])
    assert again.logs[0].source == str(other) and again.logs[0].cards == only.logs[0].cards
    with pytest.raises(LogError, match="permits、travel"):
        monitor_repository(open_repository(COUNTY, cache=False, models=True), as_of="2026-11-28", logs=["nope"])
