"""The real event logs in data/eventlogs (copied unchanged from the project's shared data, with
their README and DISCLAIMER: cite the authors), read as they are (never edited to fit):
mixed UTC offsets, day-granular ties, activities with no step, cases still open, years
without a holiday notice. Expected figures are computed here from the raw files."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import re
import zoneinfo
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from lianzheng.spec.models import CaseLog, Power, Settings
from lianzheng.monitor import monitor_log
from lianzheng.monitor.calendar import WorkCalendar

DATA = Path(__file__).resolve().parent / "data"
LOGS = DATA / "eventlogs"
AS_OF = "2026-11-28"


def traffic_power() -> Power:
    return Power.model_validate(yaml.safe_load((DATA / "traffic-fines.yaml").read_text(encoding="utf-8")))


def traffic_caselog(**changes: object) -> CaseLog:
    data = yaml.safe_load((DATA / "traffic-caselog.yaml").read_text(encoding="utf-8"))
    return CaseLog.model_validate({**data, **changes})


# --- WABO receipt phase: mixed offsets --------------------------------------------------------

RECEIPT_STEPS = {
    "Confirmation of receipt": "S1",
    "T02 Check confirmation of receipt": "S2",
    "T03 Adjust confirmation of receipt": "S3",
    "T04 Determine confirmation of receipt": "S4",
    "T05 Print and send confirmation of receipt": "S5",
    "T06 Determine necessity of stop advice": "S6",
    "T10 Determine necessity to stop indication": "S7",
}


def receipt_power() -> Power:
    return Power.model_validate({
        "apiVersion": "lianzheng/v1", "kind": "Power", "id": "SP-HP-001", "name": "建设项目环境影响评价文件审批（收件）",
        "category": "licensing", "statutory_days": 20,
        "flow": {"start": "S1", "steps": [
            {"id": "S1", "name": "收件确认", "next": ["S2"]},
            {"id": "S2", "name": "核对收件回执", "time_limit": 2, "next": ["S3", "S4"]},
            {"id": "S3", "name": "更正收件回执", "next": ["S2"]},
            {"id": "S4", "name": "确定收件回执", "next": ["S5"]},
            {"id": "S5", "name": "打印寄送收件回执", "next": ["S6"]},
            {"id": "S6", "name": "确定是否需要暂停意见", "next": ["S7"]},
            {"id": "S7", "name": "确定是否需要暂停", "end": True},
        ]},
    })


def receipt_caselog(timezone: str) -> CaseLog:
    return CaseLog.model_validate({
        "apiVersion": "lianzheng/v1", "kind": "CaseLog", "id": "receipt", "power": "SP-HP-001",
        "source": "receipt.csv", "timezone": timezone, "activities": RECEIPT_STEPS,
        "resources": {"Resource01": "P-1", "Resource21": "P-2"},
    })


@pytest.fixture(scope="module")
def receipt_rows() -> list[dict[str, str]]:
    with open(LOGS / "receipt.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def receipt(receipt_rows: list[dict[str, str]]):
    return monitor_log(receipt_caselog("Europe/Amsterdam"), receipt_power(), None, Settings(), LOGS, AS_OF)


def test_receipt_counts_events_cases_and_unmapped_activities(receipt, receipt_rows) -> None:
    mapped = [r for r in receipt_rows if r["concept:name"] in RECEIPT_STEPS]
    assert receipt.rows == 8577 and receipt.events == len(mapped)
    assert receipt.case_count == len({r["case:concept:name"] for r in mapped})
    unmapped = Counter(r["concept:name"] for r in receipt_rows if r["concept:name"] not in RECEIPT_STEPS)
    assert {f.args["activity"]: f.args["rows"] for f in receipt.data if f.code == "M001"} == dict(unmapped)
    unknown = Counter(r["org:resource"] for r in mapped if r["org:resource"] not in ("Resource01", "Resource21"))
    assert {f.args["resource"]: f.args["events"] for f in receipt.data if f.code == "M002"} == dict(unknown)
    assert receipt.open > 0 and receipt.closed > 0


def test_receipt_times_with_changing_offsets_are_taken_in_the_log_zone(receipt, receipt_rows) -> None:
    first = next(c for c in receipt.cases if c.case == "case-10011")
    assert first.first_time == "2011-10-11T13:45:40+02:00"
    shanghai = monitor_log(receipt_caselog("Asia/Shanghai"), receipt_power(), None, Settings(), LOGS, AS_OF)
    assert next(c for c in shanghai.cases if c.case == "case-10011").first_time == "2011-10-11T19:45:40+08:00"
    # Winter and summer offsets in one file: every case's counted days, recomputed here.
    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    cal = WorkCalendar()
    events: dict[str, list[tuple[dt.datetime, int, str]]] = defaultdict(list)
    for i, r in enumerate(receipt_rows):
        if r["concept:name"] in RECEIPT_STEPS:
            events[r["case:concept:name"]].append(
                (dt.datetime.fromisoformat(r["time:timestamp"]), i, RECEIPT_STEPS[r["concept:name"]]))
    checked = 0
    for c in receipt.cases:
        evs = sorted(events[c.case])
        starts = [k for k, e in enumerate(evs) if e[2] == "S1"]
        begin = evs[starts[-1] if starts else 0][0].astimezone(zone).date()
        end = evs[-1][0].astimezone(zone).date() if c.status == "closed" else dt.date.fromisoformat(AS_OF)
        assert c.days == cal.working_days(begin, end), c.case
        assert c.last_step == evs[-1][2]
        checked += 1
    assert checked == receipt.case_count


def test_receipt_cases_get_cards_and_step_figures(receipt) -> None:
    assert sum(receipt.cards.values()) == receipt.case_count
    assert receipt.cards["red"] > 0  # open for fifteen years: past the limit
    s2 = next(s for s in receipt.steps if s.step == "S2")
    assert s2.events > 1000 and s2.median_days is not None and 0 <= (s2.over_limit or 0) <= 1


# --- Road traffic fines: day-granular ties --------------------------------------------------------

def test_roadtraffic_csv_keeps_file_order_for_events_of_one_day() -> None:
    with open(LOGS / "roadtraffic100traces.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    steps = traffic_caselog().activities
    r = monitor_log(traffic_caselog(), traffic_power(), None, Settings(), LOGS, AS_OF)
    assert (r.events, r.case_count) == (390, 100)
    by_case: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_case[row["case:concept:name"]].append((row["time:timestamp"][:10], i, row["concept:name"]))
    ties = 0
    for c in r.cases:
        evs = by_case[c.case]
        last_day = max(e[0] for e in evs)
        on_last = [e for e in evs if e[0] == last_day]
        ties += len(on_last) > 1
        assert c.last_step == steps[on_last[-1][2]], c.case  # the later row of the file wins a tie
    assert ties > 0
    years = Counter(row["time:timestamp"][:4] for row in rows)
    m003 = {f.args["year"]: f.args["events"] for f in r.data if f.code == "M003"}
    assert m003 == {2000: years["2000"]}


def test_roadtraffic_variants_xes_is_read_as_is() -> None:
    raw = gzip.decompress((LOGS / "roadtraffic-variants.xes.gz").read_bytes()).decode()
    traces = re.findall(r"<trace>(.*?)</trace>", raw, re.DOTALL)
    r = monitor_log(traffic_caselog(source="roadtraffic-variants.xes.gz", columns={}), traffic_power(), None,
                    Settings(), LOGS, AS_OF)
    assert (r.events, r.case_count, r.format, r.row_kind) == (1891, 231, "xes", "event")
    names = [re.search(r'key="concept:name" value="([^"]+)"', t).group(1) for t in traces]  # type: ignore[union-attr]
    assert sorted(c.case for c in r.cases) == sorted(names)
    steps = traffic_caselog().activities
    for c, t in zip(sorted(r.cases, key=lambda c: names.index(c.case)), traces):
        acts = re.findall(r'<date key="time:timestamp" value="([^"]+)" />\s*<string key="concept:name" value="([^"]+)"', t)
        last = max(a[0] for a in acts)
        assert c.last_step == steps[[a for a in acts if a[0] == last][-1][1]]
    assert any(f.code == "M003" and f.args["year"] == 2000 for f in r.data)
    assert r.findings and sum(r.cards.values()) == 231
