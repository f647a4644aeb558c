"""The overview site in Debian's headless Chromium: the table sorts by a column, nothing
reaches the network or logs an error, and axe-core finds no serious violation. Skipped
without /usr/bin/chromium or playwright (as tests/site/test_browser.py)."""

from __future__ import annotations

import importlib.resources
import re
from pathlib import Path
from typing import Any

import pytest

from tests.clirunner import lz
from tests.rollup.conftest import AS_OF, Units

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.is_file():
    pytest.skip("no /usr/bin/chromium: run scripts/install-system-deps", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def first_cells(page: Any) -> list[str]:
    return page.eval_on_selector_all("#units tbody tr", "rows => rows.map(r => r.cells[0].textContent.trim())")


def test_the_overview_sorts_and_passes_axe(units: Units, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert lz(["rollup", *units.all(), "--as-of", AS_OF, "--no-cache", "--out", str(out)]).exit_code == 1
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(locale="zh-CN")
        context.route(re.compile(r"^(?!file:|data:|about:)"), lambda route: route.abort())
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(r.url))
        page.goto((out / "index.html").as_uri())
        assert first_cells(page) == ["甲县测试局", "乙县测试局", str(units.broken)]  # as given
        reviews = page.locator("#units thead th").nth(8)
        reviews.locator("button").click()
        assert reviews.get_attribute("aria-sort") == "ascending"
        assert first_cells(page) == ["乙县测试局", "甲县测试局", str(units.broken)]  # 0, 1, then no figure
        reviews.locator("button").click()
        assert reviews.get_attribute("aria-sort") == "descending"
        assert first_cells(page) == ["甲县测试局", "乙县测试局", str(units.broken)]
        page.evaluate(importlib.resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8"))
        result = page.evaluate("o => axe.run(document, o)", {"resultTypes": ["violations"], "preload": False})
        bad = [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]
        page.goto((out / "units" / "ALPHA-001.html").as_uri())
        page.evaluate(importlib.resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8"))
        result = page.evaluate("o => axe.run(document, o)", {"resultTypes": ["violations"], "preload": False})
        bad += [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]
        browser.close()
    assert not bad, bad
    assert not problems, problems
