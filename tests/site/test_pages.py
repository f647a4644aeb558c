"""Page names: one file per thing, never two things in one file (hardening 8), and a power
never takes the name of one of the site's own pages (D004)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lianzheng.site.pages import power_href, risk_href, slug
from tests.conftest import BASE_REPO

from .test_publish import needs_dot, publish


def test_ids_that_differ_get_pages_that_differ() -> None:
    ids = ["R/1", "R_1", "R~2f1", "R 1", "R.1", ".R1", "R1", "r1", "风险1", "R\\1", "R%2f1", "~", ""]
    names = [slug(i) for i in ids]
    assert len(set(names)) == len(ids), names
    assert slug("R_1") == "R_1" and slug("R/1") == "R~2f1" and slug("R~2f1") == "R~7e2f1"
    assert all("/" not in n and not n.startswith(".") for n in names)


@given(st.text(max_size=12), st.text(max_size=12))
def test_slug_is_injective(a: str, b: str) -> None:
    if a != b:
        assert slug(a) != slug(b)


def test_a_power_named_like_a_site_page_gets_a_page_of_its_own() -> None:
    assert power_href("XK-001") == "XK-001.html"
    assert {power_href(i) for i in ("index", "catalogue", "register-2", "search")} == {
        "~index.html", "~catalogue.html", "~register-2.html", "~search.html"}
    assert power_href("~index") != power_href("index")
    assert risk_href("R/1") == "risks/R~2f1.html"


@needs_dot
def test_two_risks_whose_ids_differ_only_in_a_slash_get_two_pages(tmp_path: Path) -> None:
    repo = shutil.copytree(BASE_REPO, tmp_path / "repo")
    register = repo / "risks" / "posts.yaml"
    text = register.read_text(encoding="utf-8")
    first = text[text.index("  - id: R-FIN-01"):]
    register.write_text(text.replace("id: R-FIN-01", "id: R/1") + first.replace("id: R-FIN-01", "id: R_1"),
                        encoding="utf-8")
    publish(repo, out=tmp_path / "site", as_of=dt.date(2026, 11, 28), cache=False)
    risks = tmp_path / "site" / "internal" / "risks"
    assert "R/1" in (risks / "R~2f1.html").read_text(encoding="utf-8")
    assert "R_1" in (risks / "R_1.html").read_text(encoding="utf-8")
