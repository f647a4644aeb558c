"""The published site in a real browser (SPEC.md, `lz publish`): opened from `file://` with no
network, its filters, sorting, Chinese search, flowcharts and print style work, no page logs
an error, and axe-core finds no serious or critical accessibility violation.

Needs Debian's chromium (`scripts/install-system-deps`) and the `playwright` package of the
`test` extra; Playwright's own browser download is never used. axe-core comes from the
`axe-playwright-python` package of the same extra, which ships `axe.min.js`.
Screenshots (desktop and phone, and print) are left in pytest's temporary folder for a person
to look at; their paths are printed.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.clirunner import lz
from tests.conftest import EXAMPLES

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.is_file():
    pytest.skip("no /usr/bin/chromium: run scripts/install-system-deps", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")

EXAMPLE = EXAMPLES / "county-market-bureau"
AS_OF = "2026-11-28"
# Headless, as root, and quiet: without the networking flags chromium reaches for Google's
# servers, which this machine (and CI) cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
DESKTOP, PHONE = 1280, 390
VIEWPORTS = {DESKTOP: {"width": DESKTOP, "height": 900}, PHONE: {"width": PHONE, "height": 844}}
FAILING_IMPACTS = {"serious", "critical"}

Page = Any  # playwright.sync_api.Page; the module may be skipped before it can be imported


@dataclass
class Tab:
    """One browser page on the published site, remembering every error it met."""

    page: Page
    site: Path
    width: int
    problems: list[str] = field(default_factory=list)

    def open(self, edition: str, path: str, **query: str) -> Page:
        url = (self.site / edition / path).as_uri()
        self.page.goto(url + ("?" + urlencode(query) if query else ""))
        return self.page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = lz(["publish", str(EXAMPLE), "--out", str(out), "--as-of", AS_OF, "--no-cache", "--quiet"])
    assert result.exit_code == 0, result.stdout
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def contexts(browser: Any) -> Iterator[dict[int, Any]]:
    """One browser context per screen width, shared by the module's tests (a new page for
    each test is cheap; a new context is not)."""
    made: dict[int, Any] = {}
    for width, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, is_mobile=width == PHONE, has_touch=width == PHONE,
                                      locale="zh-CN")
        # Nothing may leave the machine: the site works from a folder (no CDN, no web fonts).
        context.route(re.compile(r"^(?!file:|data:|about:)"), lambda route: route.abort())
        made[width] = context
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def tab(request: pytest.FixtureRequest, contexts: dict[int, Any], site: Path) -> Iterator[Tab]:
    """A fresh page (1280 wide, or the width given by indirect parametrization); the test
    fails if any page it opened logged an error, threw, or tried to reach the network."""
    width = getattr(request, "param", DESKTOP)
    t = Tab(contexts[width].new_page(), site, width)
    t.page.on("console", lambda m: m.type == "error" and t.problems.append(f"console error: {m.text} ({m.location})"))
    t.page.on("pageerror", lambda e: t.problems.append(f"uncaught: {e}"))
    t.page.on("requestfailed", lambda r: t.problems.append(f"could not load {r.url}: {r.failure}"))
    yield t
    t.page.close()
    assert not t.problems, "\n".join(t.problems)


@pytest.fixture(scope="module")
def axe_source() -> str:
    try:
        script = importlib.resources.files("axe_playwright_python").joinpath("axe.min.js")
        return script.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pytest.fail("axe-core is missing: pip install -e '.[test]' (it comes with axe-playwright-python)")


def rendered_first_cells(page: Page, rows: str) -> list[str]:
    """The first cell's text of every row that is actually on screen (not hidden itself nor
    inside a hidden group)."""
    return page.eval_on_selector_all(
        rows, "rows => rows.filter(r => r.getClientRects().length > 0).map(r => r.cells[0].textContent.trim())")


def column_values(page: Page, column: int) -> list[str]:
    return page.eval_on_selector_all(
        "#register tbody tr", f"rows => rows.map(r => r.cells[{column}].getAttribute('data-value'))")


def search_results(tab: Tab, edition: str, query: str) -> list[str]:
    page = tab.open(edition, "search.html", q=query)
    sync_api.expect(page.locator("#search-status")).to_contain_text("共找到")
    return page.locator("#search-results li > a").all_inner_texts()


# --- public edition -------------------------------------------------------------------


def test_home_page_opens_and_links_to_a_preselected_catalogue(tab: Tab) -> None:
    page = tab.open("public", "index.html")
    assert page.title().endswith("某县市场监督管理局权力运行公开")
    sync_api.expect(page.locator("h1")).to_have_text("某县市场监督管理局")
    sync_api.expect(page.locator("nav[aria-label='主导航'] a[aria-current='page']")).to_have_text("首页")
    page.get_by_role("link", name="行政处罚", exact=True).click()
    page.wait_for_url(re.compile(r"catalogue\.html\?category=penalty$"))
    sync_api.expect(page.locator("#f-category")).to_have_value("penalty")
    assert rendered_first_cells(page, "#catalogue tbody tr") == ["CF-001", "CF-002"]


def test_catalogue_filters_by_category_department_and_area(tab: Tab) -> None:
    page = tab.open("public", "catalogue.html")
    rows, count = "#catalogue tbody tr", page.locator(".filter-count")
    every = ["XK-001", "CF-001", "CF-002", "QZ-001", "JC-001", "JL-001"]
    assert rendered_first_cells(page, rows) == every
    sync_api.expect(count).to_have_text("显示 6 / 6 项")

    page.select_option("#f-category", label="行政处罚")
    assert rendered_first_cells(page, rows) == ["CF-001", "CF-002"]
    sync_api.expect(count).to_have_text("显示 2 / 6 项")
    assert page.locator("#cat-licensing").is_hidden() and page.locator("#cat-penalty").is_visible()

    page.select_option("#f-category", value="")
    page.select_option("#f-department", label="综合行政执法大队")
    assert rendered_first_cells(page, rows) == ["CF-001", "CF-002", "QZ-001"]
    sync_api.expect(count).to_have_text("显示 3 / 6 项")

    page.select_option("#f-department", value="")
    page.select_option("#f-area", label="行政审批")
    assert rendered_first_cells(page, rows) == ["XK-001"]
    sync_api.expect(count).to_have_text("显示 1 / 6 项")

    page.select_option("#f-category", label="行政处罚")  # with 行政审批: nothing is both
    assert rendered_first_cells(page, rows) == []
    sync_api.expect(count).to_have_text("显示 0 / 6 项")

    page.select_option("#f-category", value="")
    page.select_option("#f-area", value="")
    page.fill("#f-text", "保质期")
    assert rendered_first_cells(page, rows) == ["CF-002"]
    page.fill("#f-text", "")
    assert rendered_first_cells(page, rows) == every


def test_catalogue_survives_a_malformed_query_string(tab: Tab) -> None:
    tab.page.goto((tab.site / "public" / "catalogue.html").as_uri() + "?category=%E4%B&q=100%")
    sync_api.expect(tab.page.locator(".filter-count")).to_have_text("显示 6 / 6 项")


def test_header_search_finds_chinese_words(tab: Tab) -> None:
    page = tab.open("public", "index.html")
    page.fill("#site-q", "食品")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q="))
    sync_api.expect(page.locator("#q")).to_have_value("食品")
    sync_api.expect(page.locator("#search-status")).to_contain_text("共找到")
    assert "XK-001 食品经营许可" in page.locator("#search-results li > a").all_inner_texts()
    page.get_by_role("link", name="XK-001 食品经营许可").click()
    page.wait_for_url(re.compile(r"/XK-001\.html$"))

    # A two-character word in the middle of a longer text (JC-001: “双随机、一公开”).
    assert search_results(tab, "public", "随机") == ["JC-001 食品经营安全监督检查"]


@pytest.mark.parametrize("query", ["政府采购", "CG-001", "压案不查"], ids=["internal-power", "internal-id", "risk"])
def test_public_search_knows_nothing_internal(tab: Tab, query: str) -> None:
    assert search_results(tab, "public", query) == []
    sync_api.expect(tab.page.locator("#search-status")).to_contain_text("共找到 0 条结果")
    assert search_results(tab, "internal", query), f"{query} should be found in the internal edition"


def test_power_page_shows_flowchart_steps_and_benchmarks(tab: Tab) -> None:
    page = tab.open("public", "catalogue.html")
    page.get_by_role("link", name="对未取得食品经营许可从事食品经营活动的行政处罚").click()
    page.wait_for_url(re.compile(r"/CF-001\.html$"))
    sync_api.expect(page.locator("h1")).to_contain_text("CF-001")

    svg = page.locator("figure.flowchart svg")
    sync_api.expect(svg).to_be_visible()
    steps = page.locator("table.steps tbody tr")
    nodes = svg.locator("g.node")
    assert steps.count() == nodes.count() == 10
    chart = svg.bounding_box()
    for i in range(nodes.count()):
        box = nodes.nth(i).bounding_box()
        assert box and box["width"] > 20 and box["height"] > 10, f"node {i} is not drawn"
        assert chart["x"] - 1 <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"] + 1
    sync_api.expect(svg.locator("text", has_text="立案").first).to_be_visible()
    sync_api.expect(page.locator("table.steps tbody th").first).to_contain_text("立案")

    benchmark = page.locator("table.benchmark-table").first
    sync_api.expect(benchmark).to_be_visible()
    sync_api.expect(benchmark.locator("caption")).to_contain_text("情形")
    assert benchmark.locator("tbody tr").count() >= 3
    assert "R-CF-001" not in page.content()  # the public edition carries no risk

    page = tab.open("public", "XK-001.html")  # a licence has a flowchart but no benchmark
    sync_api.expect(page.locator("figure.flowchart svg")).to_be_visible()
    assert page.locator("table.benchmark-table").count() == 0


def test_flowchart_is_never_drawn_larger_than_graphviz_made_it(tab: Tab) -> None:
    page = tab.open("public", "CF-001.html")
    natural = page.eval_on_selector("figure.flowchart svg", "s => s.viewBox.baseVal.width * 4 / 3")
    width = page.locator("figure.flowchart svg").bounding_box()["width"]
    assert 0.9 * natural <= width <= natural + 1


def test_print_hides_navigation_search_and_filters(tab: Tab, shots: Path) -> None:
    page = tab.open("public", "CF-001.html")
    page.emulate_media(media="print")
    for hidden in ["nav[aria-label='主导航']", ".search-box", ".breadcrumb", ".skip"]:
        assert page.locator(hidden).is_hidden(), f"{hidden} shows in print"
    sync_api.expect(page.locator("figure.flowchart svg")).to_be_visible()
    sync_api.expect(page.locator("table.steps")).to_be_visible()
    page.screenshot(path=shots / "print-public-CF-001.png", full_page=True)

    page = tab.open("public", "catalogue.html")
    page.emulate_media(media="print")
    assert page.locator("form.filters").is_hidden()
    sync_api.expect(page.locator("#catalogue")).to_be_visible()

    page = tab.open("internal", "CF-001.html")  # a printed internal page still says so
    page.emulate_media(media="print")
    sync_api.expect(page.locator(".internal-banner")).to_be_visible()
    assert page.locator(".search-box").is_hidden()
    print(f"print screenshot: {shots / 'print-public-CF-001.png'}")


# --- internal edition -----------------------------------------------------------------


def test_register_sorts_by_a_column_header(tab: Tab) -> None:
    page = tab.open("internal", "register.html")
    score = page.locator("#register thead th", has_text="分值")
    assert page.locator("#register thead th[aria-sort]").count() == 0
    before = column_values(page, 7)

    score.get_by_role("button").click()
    sync_api.expect(score).to_have_attribute("aria-sort", "ascending")
    ascending = column_values(page, 7)
    assert ascending != before
    assert [float(v) for v in ascending] == sorted(float(v) for v in before)

    score.get_by_role("button").click()
    sync_api.expect(score).to_have_attribute("aria-sort", "descending")
    assert [float(v) for v in column_values(page, 7)] == sorted((float(v) for v in before), reverse=True)

    risk = page.locator("#register thead th", has_text="风险点")
    risk.get_by_role("button").click()
    sync_api.expect(risk).to_have_attribute("aria-sort", "ascending")
    assert page.locator("#register thead th[aria-sort]").count() == 1


def test_register_filters_by_grade_and_opens_a_risk(tab: Tab) -> None:
    page = tab.open("internal", "register.html")
    lead = page.locator("p.lead").inner_text()
    total, high = (int(n) for n in re.search(r"共 (\d+) 个廉政风险：高 (\d+) 个", lead).groups())
    rows = "#register tbody tr"
    assert len(rendered_first_cells(page, rows)) == total

    page.select_option("#f-grade", label="高")
    shown = rendered_first_cells(page, rows)
    assert len(shown) == high and 0 < high < total
    grades = page.eval_on_selector_all(rows, "rs => rs.filter(r => !r.hidden).map(r => r.dataset.grade)")
    assert set(grades) == {"high"}
    sync_api.expect(page.locator(".filter-count")).to_have_text(f"显示 {high} / {total} 项")

    first = shown[0]
    page.get_by_role("link", name=first, exact=True).click()
    page.wait_for_url(re.compile(rf"/risks/{re.escape(first)}\.html$"))
    sync_api.expect(page.locator("h1")).to_contain_text(first)
    sync_api.expect(page.locator("h1 .grade")).to_have_text("高")
    sync_api.expect(page.get_by_role("heading", name="防控措施")).to_be_visible()


def test_every_internal_page_kind_opens_without_errors(tab: Tab) -> None:
    for path in ["index.html", "overview.html", "measures.html", "organization.html", "catalogue.html",
                 "benchmarks.html", "CF-001.html", "departments/D-ZFDD.html", "posts/P-ZF-BA.html"]:
        page = tab.open("internal", path)
        sync_api.expect(page.locator("h1")).to_be_visible()
        sync_api.expect(page.locator(".internal-banner")).to_be_visible()


# --- accessibility and layout ---------------------------------------------------------

AXE_PAGES = [("public", "index.html"), ("public", "catalogue.html"), ("public", "CF-001.html"),
             ("public", "benchmarks.html"), ("public", "search.html?q=食品"), ("internal", "register.html"),
             ("internal", "CF-001.html"), ("internal", "risks/R-CF-001-02.html"), ("internal", "overview.html")]
# On a phone the wide tables turn into cards: check those layouts too.
AXE_PHONE_PAGES = [("public", "catalogue.html"), ("internal", "register.html")]
AXE_CASES = [pytest.param(e, p, DESKTOP, id=f"{e}-{p.split('?')[0]}") for e, p in AXE_PAGES] + [
    pytest.param(e, p, PHONE, id=f"phone-{e}-{p}") for e, p in AXE_PHONE_PAGES]


@pytest.mark.parametrize(("edition", "path", "tab"), AXE_CASES, indirect=["tab"])
def test_axe_finds_no_serious_violation(tab: Tab, axe_source: str, edition: str, path: str) -> None:
    page_path, _, query = path.partition("?q=")
    page = tab.open(edition, page_path, **({"q": query} if query else {}))
    page.evaluate(axe_source)
    # preload: false keeps axe from fetching the style sheets, which file:// forbids (and
    # which would log an error); it reads them from the document instead.
    result = page.evaluate("options => axe.run(document, options)", {"resultTypes": ["violations"], "preload": False})
    bad = [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in bad)


SCREENSHOT_PAGES = [("public", "index.html"), ("public", "catalogue.html"), ("public", "CF-001.html"),
                    ("internal", "register.html")]


@pytest.mark.parametrize("tab", [DESKTOP, PHONE], indirect=True, ids=["desktop", "phone"])
@pytest.mark.parametrize(("edition", "path"), SCREENSHOT_PAGES, ids=[f"{e}-{p}" for e, p in SCREENSHOT_PAGES])
def test_screenshot_fits_the_screen(tab: Tab, shots: Path, edition: str, path: str) -> None:
    page = tab.open(edition, path)
    shot = shots / f"{edition}-{Path(path).stem}-{tab.width}.png"
    page.screenshot(path=shot, full_page=True)
    print(f"screenshot: {shot}")
    assert page.evaluate("document.documentElement.scrollWidth") <= tab.width, "the page scrolls sideways"
    overflowing = page.eval_on_selector_all(
        ".table-wrap", "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.querySelector('table').className)")
    assert not overflowing, f"tables wider than the screen: {overflowing}"
    if tab.width == PHONE:  # a wide table squeezed into a phone leaves a word or two per line
        narrow = page.eval_on_selector_all("table tbody td, table tbody th", """cells => cells
            .filter(c => { const w = c.getBoundingClientRect().width; return w > 0 && w < 80; })
            .map(c => c.textContent.trim().slice(0, 12))""")
        assert not narrow, f"table cells too narrow to read on a phone: {narrow[:8]}"
    for svg in page.locator("figure svg").all():
        assert svg.bounding_box()["width"] <= tab.width

