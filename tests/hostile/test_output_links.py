"""Issue 10, item 2: `javascript:` URLs. A unit's `website` must be an http(s) URL
(S009), and the site's templates link only to `http(s):`, `mailto:`, `tel:` (a phone
number) and relative targets, even when a model that was never validated says otherwise."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.rules import RULES
from lianzheng.rules.validate import validate
from lianzheng.site.pipeline import publish
from lianzheng.site import templating
from tests.clirunner import lz
from tests.conftest import BASE_REPO, TODAY
from tests.hostile.outputs import hostile

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
SCRIPT = "javascript:alert(document.domain)"


def test_validate_refuses_a_website_that_is_not_http(tmp_path: Path) -> None:
    repo = hostile("javascript-website", tmp_path)
    report = validate(open_repository(repo, cache=False), TODAY)
    found = [f for f in report.findings if f.code == "S009"]
    assert [(f.path, f.line, f.column) for f in found] == [("lianzheng.yaml", 7, 10)]
    assert RULES["S009"].message(found[0], "zh") == (
        "`website` 应为以 http:// 或 https:// 开头的网址，实际为 `javascript:alert(document.domain)`")
    assert RULES["S009"].message(found[0], "en") == (
        "`website` should be an http:// or https:// URL, not `javascript:alert(document.domain)`")


@needs_dot
def test_publish_refuses_it(tmp_path: Path) -> None:
    repo = hostile("javascript-website", tmp_path)
    result = lz(["publish", str(repo), "--out", str(tmp_path / "site"), "--no-cache"])
    assert result.exit_code == 1 and "S009" in result.stderr
    assert not (tmp_path / "site" / "public").exists()


@pytest.mark.parametrize("value", [
    SCRIPT, "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\nscript:alert(1)", "java\tscript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
    "//evil.example/x", "\\\\evil.example\\x", "/\\evil.example", "tel:javascript:alert(1)", "tel:12388<b>",
    "https://ok.example/\u202e", "", None,
])
def test_the_href_filter_drops_every_other_link(value: str | None) -> None:
    assert templating.href(value) == ""


@pytest.mark.parametrize("value", [
    "https://scjgj.example.gov.cn", "HTTP://example.com/a?b=1&c=2", "mailto:jiwei@example.gov.cn", "tel:12388",
    "tel:+86-571-8888-0000", "index.html", "../risks/R~2f1.html", "catalogue.html?category=licensing", "#CF-1",
])
def test_the_href_filter_keeps_what_spec_allows(value: str) -> None:
    assert templating.href(value) == value


def test_tel_links_only_phone_numbers() -> None:
    tel = templating.tel
    assert tel("12388") == "tel:12388"
    assert tel("0571 8888 0000") == "tel:057188880000"
    assert tel("12388（工作日 9:00-17:00）") == "" and tel("javascript:alert(1)") == "" and tel(None) == ""


def test_templates_given_a_hostile_site_link_nothing_but_what_is_allowed() -> None:
    """The footer of every page, rendered from a site whose website and phone were never
    validated: no `javascript:` link; the phone shows as text."""
    env = templating.environment()
    html = env.from_string('{% include "base.html" %}').render(
        root="", site=_Site(website=SCRIPT, supervision_phone="12388<script>"), page_title="t")
    assert "测试县测试局" in html  # the footer was drawn
    assert "javascript:" not in html
    assert 'href="tel:' not in html and "12388&lt;script&gt;" in html


class _Site:
    """What base.html reads of the site, for a unit that was never validated."""

    def __init__(self, **values: object) -> None:
        self.edition, self.internal, self.title, self.unit_name = "public", False, "测试", "测试县测试局"
        self.unit_type = self.region = self.footer = ""
        self.as_of, self.version, self.nav = "2026-11-28", "0", []
        self.__dict__.update(values)


@needs_dot
def test_a_salvaged_unit_with_a_script_website_publishes_no_script_link(tmp_path: Path) -> None:
    """A model that skipped validation (salvaged, or changed in memory) still cannot put a
    `javascript:` link on the site: every page's footer and the home page drop it."""
    repo_dir = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo_dir)
    repo = open_repository(repo_dir, cache=False, models=True)
    assert repo.unit is not None
    repo.unit.website = SCRIPT  # no validation on assignment: as a salvaged model would hold it
    repo.unit.supervision_phone = "tel:12388\" onmouseover=\"alert(1)"
    publish(repo, out=tmp_path / "site", as_of=dt.date(2026, 11, 28), cache=False, jobs=1)
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "javascript:" not in html, page
        assert "onmouseover=\"" not in html, page
        for target in re.findall(r'href="([^"]*)"', html):
            assert re.match(r"(https?:|mailto:|tel:[0-9+]|[^:/]*(/|$)|[^:]*$)", target), (page, target)
