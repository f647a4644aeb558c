"""The internal edition's 电子监察 page and each power's case figures; the public edition's
closed cases and on-time rate (SPEC: `lz publish`, no case ids, no findings)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import BASE_REPO, EXAMPLES

from .test_publish import needs_dot, publish, tree

pytestmark = needs_dot
COUNTY = EXAMPLES / "county-market-bureau"
AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    publish(COUNTY, out=out, as_of=AS_OF, cache=False)
    return out


def text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<main"):html.index("</main>")]))


def test_the_monitor_page_has_each_log_its_steps_and_red_cases(site: Path) -> None:
    page = text(site / "internal" / "monitor.html")
    assert "permits 网上审批平台办件数据： XK-001 食品经营许可" in page
    assert "办理记录 1513 条，案件 308 件（办结 300，未办结 8）" in page
    assert "红牌 8 黄牌 16 绿牌 284 流程符合率 98.0% 按时办结率 99.7%" in page
    assert "S3 现场核查 202 1 2 2个工作日 2.5% 5" in page
    assert "XK2026-0112 办结，用时 12个工作日，期限 10个工作日" in page
    assert "M203 累计用时 12个工作日，超过法定期限 10个工作日" in page
    # the travel log's many red cards: the first 200 listed, the rest counted
    assert re.search(r"另有 \d+ 件红牌案件未列出", page)
    assert '<a href="monitor.html">电子监察</a>' in (site / "internal" / "index.html").read_text(encoding="utf-8")


def test_a_power_page_shows_its_cases(site: Path) -> None:
    internal = text(site / "internal" / "XK-001.html")
    assert "办件情况 办件数据 已办结 未办结 红牌 黄牌 绿牌 流程符合率 按时办结率 网上审批平台办件数据 300 8 8 16 284 98.0% 99.7%" \
        in internal
    public = text(site / "public" / "XK-001.html")
    assert "办件情况 办件数据 已办结 按时办结率 网上审批平台办件数据 300 99.7%" in public


def test_the_public_edition_has_no_case_and_no_finding(site: Path) -> None:
    public = b"".join(tree(site / "public").values()).decode("utf-8")
    assert "XK2026-" not in public and "monitor:" not in public
    for finding in ("直接到", "由 majun", "办结后仍有", "累计用时", "红牌", "流程符合率"):  # no finding, no card
        assert finding not in public, finding
    assert not (site / "public" / "monitor.html").exists()


def test_no_page_without_case_logs(tmp_path: Path) -> None:
    repo = shutil.copytree(BASE_REPO, tmp_path / "repo")
    publish(repo, out=tmp_path / "site", as_of=AS_OF, cache=False)
    assert not (tmp_path / "site" / "internal" / "monitor.html").exists()
    assert "办件情况" not in (tmp_path / "site" / "internal" / "P-1.html").read_text(encoding="utf-8")
