"""The internal edition's 预警处置 page and the warnings on risk and post pages (SPEC:
`lz publish` adds them when the repository has signals or disposals; no confidential
text; nothing of it in the public edition)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

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


def test_the_page_lists_every_warning_disposal_and_finding(site: Path) -> None:
    page = text(site / "internal" / "warnings.html")
    assert "共 8 项预警：责令纠错 3、诫勉谈话 2、风险提示 3；已处置 5，待处置 1，逾期未处置 2" in page
    assert "风险 R-QZ-001-01 超范围、超期限查封扣押 3 诫勉谈话 2026-10-15 2026-10-30" in page
    assert "逾期未处置 （W001、W003）" in page
    assert "错误 W001 风险 `R-QZ-001-01`" in page and "错误 W002 处置 `CZ-2026-005`" in page
    # lz monitor's red cards are signals too: a red-card warning on the power, with its cases
    assert "职权 XK-001 食品经营许可 5 责令纠错 2026-11-12 2026-11-27 电子监察 5 monitor:permits:XK2026-0087" in page
    assert "CZ-2026-005 2026-06-10 责令纠错 岗位 P-ZF-CW 2026-08-31 未完成， 已逾期" in page
    # every internal page links to it
    assert '<a href="../warnings.html">预警处置</a>' in (site / "internal" / "risks" / "R-QZ-001-01.html").read_text()
    assert '<a href="warnings.html">预警处置</a>' in (site / "internal" / "index.html").read_text()


def test_risk_and_post_pages_show_their_warning(site: Path) -> None:
    risk = text(site / "internal" / "risks" / "R-QZ-001-01.html")
    assert "预警：诫勉谈话 （分值 3，2026-10-15 达到等级，应于 2026-10-30 前处置）——逾期未处置。" in risk
    post = text(site / "internal" / "posts" / "P-ZF-CW.html")
    assert "预警：责令纠错 （分值 5" in post and "已处置：CZ-2026-005 责令纠错 2026-06-10" in post
    assert "预警：" not in text(site / "internal" / "risks" / "R-CF-001-01.html")


def test_no_signal_text_and_nothing_public(site: Path) -> None:
    signals = yaml.safe_load((COUNTY / "signals" / "2026.yaml").read_text(encoding="utf-8"))["signals"]
    disposals = yaml.safe_load((COUNTY / "disposals" / "2026.yaml").read_text(encoding="utf-8"))["disposals"]
    everything = b"".join(tree(site).values()).decode("utf-8")
    for s in signals:  # not even the texts of signals that are not confidential
        assert s["summary"] not in everything, s["id"]
        if s.get("ref"):
            assert s["ref"] not in everything, s["id"]
    public = b"".join(tree(site / "public").values()).decode("utf-8")
    for item in signals + disposals:
        assert item["id"] not in public
    assert "预警处置" not in public and not (site / "public" / "warnings.html").exists()


def test_no_page_without_signals_or_disposals(tmp_path: Path) -> None:
    repo = shutil.copytree(BASE_REPO, tmp_path / "repo")
    publish(repo, out=tmp_path / "site", as_of=AS_OF, cache=False)
    assert not (tmp_path / "site" / "internal" / "warnings.html").exists()
    assert "warnings.html" not in (tmp_path / "site" / "internal" / "index.html").read_text(encoding="utf-8")


def test_a_new_signal_rewrites_the_pages_it_concerns_only(tmp_path: Path) -> None:
    repo = shutil.copytree(COUNTY, tmp_path / "county", ignore=shutil.ignore_patterns(".lz-cache", "site", "build"))
    out = tmp_path / "site"
    publish(repo, out=out, as_of=AS_OF)
    before = tree(out)
    with open(repo / "signals" / "2026.yaml", "a", encoding="utf-8") as fh:
        fh.write("  - id: XH-2026-011\n    date: 2026-11-25\n    source: 审计\n    about: {risk: R-CF-001-01}\n"
                 "    severity: 1\n    summary: 审计发现处罚决定书送达不及时\n")
    publish(repo, out=out, as_of=AS_OF)
    after = tree(out)
    changed = sorted(k for k in after if before.get(k) != after[k])
    assert "internal/warnings.html" in changed and "internal/risks/R-CF-001-01.html" in changed
    assert not [k for k in changed if k.startswith("public/")]
    cold = tmp_path / "cold"
    publish(repo, out=cold, as_of=AS_OF, cache=False)
    assert tree(cold) == after  # the incremental publish equals a cold one, byte for byte
