"""`lz assess` in every format on both examples, against its snapshot under
tests/snapshots/report/<example>/ (LZ_UPDATE_SNAPSHOTS=1 rewrites them; review the diff),
and the internal 检查考核 page of each example."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.assess.inputs import monitor_cases
from lianzheng.grading.report import grade_report
from lianzheng.report import formats
from lianzheng.site.assessment import (
    assessment_context,
    assessment_for_site,
    assessment_page,
    failing_href,
)
from lianzheng.site.build import SiteBuild
from tests.clirunner import lz
from tests.conftest import example_dirs
from tests.snapshot import assert_snapshot

EXAMPLES = example_dirs()
# A date at which the examples have reviews and measures falling due.
LATE = "2027-06-01"


@pytest.fixture(scope="module", params=EXAMPLES, ids=[p.name for p in EXAMPLES])
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("assess") / request.param.name
    shutil.copytree(request.param, dest, ignore=shutil.ignore_patterns(".lz-cache", "site", "build"))
    return dest


@pytest.mark.parametrize("fmt", formats("assess"))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assess(example: Path, fmt: str, lang: str) -> None:
    result = lz(["assess", str(example), "--as-of", LATE, "--by", "department", "--format", fmt, "--lang", lang,
                 "--no-cache"])
    assert result.exit_code == 0, result.stderr
    assert_snapshot(f"report/{example.name}/assess.{fmt}.{lang}", result.stdout_bytes.decode("utf-8"))


def test_the_internal_page(example: Path) -> None:
    """Outside git the page has no trend; every failing item links to a page of the
    internal edition."""
    repo = open_repository(example, cache=False, models=True)
    as_of = dt.date.fromisoformat(LATE)
    build = SiteBuild(repo, grade_report(repo), as_of)
    a = build.assessment  # with the site's lz warn and lz monitor results
    assert a.every is None  # the copy is not in git
    e_supervision = monitor_cases(build.supervision.result)
    assert a == assessment_for_site(repo, as_of, warned=build.warnings, e_supervision=e_supervision)
    if (example / "caselogs").is_dir():  # 电子监察 is measured from the case logs
        assert "e_supervision" in {i.id for i in a.measured}
    page = assessment_page(build.base_key, a)
    html = build.env.get_template(page.template).render(site=build.site_info("internal"), root=page.root,
                                                        **assessment_context(a))
    assert_snapshot(f"site/{example.name}/internal/assessment.html", html)
    planned = {p.path for p in build.plan("internal")}
    for f in (f for i in a.measured for f in i.failing):
        href = failing_href(f, a.names)
        assert href is not None, f  # the examples' failing items all have a page
        assert href.partition("#")[0] in planned, href
        assert f'href="{href}"' in html
