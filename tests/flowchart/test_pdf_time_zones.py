"""Issue 10, item 12: a PDF is byte-identical whenever and wherever it is drawn. Cairo
stamps the time of drawing in the local zone (`D:20261201185112+08'00` under
Asia/Shanghai, where our users are): the stamp is replaced in every form, and `dot` runs
in UTC so that the form, and the file's length, is the same in every zone."""

from __future__ import annotations

import re
import shutil

import pytest

from lianzheng import open_repository
from lianzheng.flowchart.draw import Chart, charts_for, draw, reproducible
from tests.conftest import BASE_REPO

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@pytest.mark.parametrize("stamp", [b"D:20261201105113Z", b"D:20261201185112+08'00", b"D:20261201185112+08'00'",
                                   b"D:20261201055113-05'00", b"D:20261201162113+05'30"])
def test_every_form_of_the_stamp_is_replaced_in_as_many_bytes(stamp: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pdf = b"%PDF-1.5\n<< /Producer (cairo) /CreationDate (" + stamp + b") /ModDate (" + stamp + b") >>\n"
    out = reproducible(pdf, "pdf")
    assert len(out) == len(pdf)
    assert b"2026" not in out
    assert re.findall(rb"\(D:(\d{14})", out) == [b"19700101000000", b"19700101000000"]


@needs_dot
def test_a_pdf_drawn_in_shanghai_new_york_and_utc_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    charts, _, _ = charts_for(open_repository(BASE_REPO, cache=False, models=True), "internal", ["P-1"])
    drawn = []
    for zone in ("Asia/Shanghai", "America/New_York", "UTC", "Asia/Shanghai"):
        monkeypatch.setenv("TZ", zone)
        chart = Chart("P-1", charts[0].source)
        draw([chart], "pdf", jobs=1)
        assert chart.data is not None and chart.data.startswith(b"%PDF")
        drawn.append(chart.data)
    assert all(data == drawn[0] for data in drawn)
    assert b"/CreationDate (D:19700101000000Z)" in drawn[0]
