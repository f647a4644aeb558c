"""`lz publish`: both editions, nothing internal in the public one, same bytes twice,
atomic builds, incremental rebuilds that equal cold ones, and every example published."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import lianzheng.site.pipeline as publish_module
from lianzheng import open_repository
from lianzheng.site.build import SiteBuild
from lianzheng.site.pipeline import PublishResult
from tests.clirunner import lz
from tests.conftest import BASE_REPO, EXAMPLES, example_dirs


def publish(path: Path, **options: object) -> PublishResult:
    """`lz publish` as the command runs it: the repository opened once, with its models."""
    repo = open_repository(path, cache=bool(options.get("cache", True)), models=True)
    return publish_module.publish(repo, **options)  # type: ignore[arg-type]


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
pytestmark = needs_dot
AS_OF = dt.date(2026, 11, 28)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".lz-cache", "site", "build"))
    return dest


@pytest.mark.parametrize("example", example_dirs(), ids=[p.name for p in example_dirs()])
def test_every_example_publishes(example: Path, tmp_path: Path) -> None:
    repo = copy(example, tmp_path / "repo")
    result = lz(["publish", str(repo), "--as-of", "2026-11-28", "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.stdout + result.stderr
    public, internal = tmp_path / "site" / "public", tmp_path / "site" / "internal"
    for edition in (public, internal):
        for page in ("index.html", "catalogue.html", "benchmarks.html", "search.html", "assets/style.css",
                     "assets/site.js", "assets/search-index.js"):
            assert (edition / page).is_file(), f"{edition.name}/{page}"
    for page in ("register.html", "overview.html", "measures.html", "organization.html"):
        assert (internal / page).is_file() and not (public / page).exists()
    assert list((internal / "risks").glob("*.html")) and not (public / "risks").exists()


def test_power_pages_and_what_each_edition_shows(tmp_path: Path) -> None:
    repo = copy(EXAMPLES / "county-market-bureau", tmp_path / "repo")
    publish(repo, out=tmp_path / "site", as_of=AS_OF, cache=False)
    public, internal = tmp_path / "site" / "public", tmp_path / "site" / "internal"
    # public powers in both editions, internal ones (三重一大 procurement, personnel, finance) only inside
    assert (public / "XK-001.html").is_file() and (internal / "XK-001.html").is_file()
    for internal_power in ("CG-001", "RS-001", "CW-001"):
        assert not (public / f"{internal_power}.html").exists()
        assert (internal / f"{internal_power}.html").is_file()
    page = (public / "CF-001.html").read_text(encoding="utf-8")
    for expected in ("职权内容", "法律依据", "《中华人民共和国食品安全法》", "法定期限", "监督电话", "<svg",
                     "办理主体", "条件", "程序", "监督方式", "行政裁量权基准", "阶次", "适用条件", "罚款幅度",
                     "50,000–100,000 元", "倍"):
        assert expected in page, expected
    assert "R-CF-001" not in page and "廉政风险点" not in page
    inside = (internal / "CF-001.html").read_text(encoding="utf-8")
    assert "廉政风险点" in inside and "R-CF-001-01" in inside
    catalogue = (public / "catalogue.html").read_text(encoding="utf-8")
    assert "data-category=\"licensing\"" in catalogue and "CG-001" not in catalogue
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "12388" in home and "2026-11-28" in home and "行政处罚" in home


def _canary(counter: itertools.count) -> str:
    return f"LZCANARY{next(counter):04d}"


def _plant(data: dict, counter: itertools.count) -> None:
    """Put a canary into every internal field of one document."""
    def risks(items: list) -> None:
        for risk in items or []:
            for key in ("title", "description", "owner"):
                risk[key] = _canary(counter)
            if risk.get("grade_override"):
                risk["grade_override"]["reason"] = _canary(counter)
            if risk.get("approval"):
                risk["approval"]["by"] = _canary(counter)
                risk["approval"]["ref"] = _canary(counter)
            for m in risk.get("measures") or []:
                m["text"], m["owner"] = _canary(counter), _canary(counter)

    if data.get("kind") in ("Power", "RiskRegister"):
        risks(data.get("risks"))
    if data.get("kind") == "RiskRegister":
        data["name"] = _canary(counter)
    internal = data.get("kind") == "Power" and (
        data.get("public") is False or data.get("scope") in ("internal", "内部") or data.get("category") in (
            "personnel", "finance", "assets", "procurement", "construction", "internal_other",
            "人事管理", "财务管理", "资产管理", "采购管理", "工程项目管理", "其他内部事项"))
    if internal:
        for key in ("name", "content", "authority", "fee"):
            data[key] = _canary(counter)
        for step in (data.get("flow") or {}).get("steps", []):
            for key in ("name", "conditions", "procedure", "supervision"):
                step[key] = _canary(counter)
            for nxt in step.get("next") or []:
                if isinstance(nxt, dict) and nxt.get("when"):
                    nxt["when"] = _canary(counter)


@pytest.mark.parametrize("example", example_dirs(), ids=[p.name for p in example_dirs()])
def test_no_internal_data_reaches_the_public_edition(example: Path, tmp_path: Path) -> None:
    repo = copy(example, tmp_path / "repo")
    counter = itertools.count()
    for path in sorted(repo.rglob("*.yaml")):
        docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        for doc in docs:
            _plant(doc, counter)
        path.write_text(yaml.safe_dump_all(docs, allow_unicode=True, sort_keys=False), encoding="utf-8")
    planted = next(counter)
    assert planted > 50
    result = lz(["publish", str(repo), "--as-of", "2026-11-28", "--out", str(tmp_path / "site"), "--no-cache"])
    assert result.exit_code == 0, result.stdout + result.stderr
    leaks = {name: sorted(set(re.findall(rb"LZCANARY\d{4}", body)))
             for name, body in tree(tmp_path / "site" / "public").items() if b"LZCANARY" in body}
    assert leaks == {}, f"internal data in the public edition: {leaks}"
    inside = b"".join(tree(tmp_path / "site" / "internal").values())
    found = set(re.findall(rb"LZCANARY\d{4}", inside))
    assert len(found) >= planted * 0.9, "the canaries were not published internally: the test would prove nothing"


def test_same_input_same_bytes(tmp_path: Path) -> None:
    repo = copy(EXAMPLES / "county-market-bureau", tmp_path / "repo")
    publish(repo, out=tmp_path / "a", as_of=AS_OF, cache=False)
    publish(repo, out=tmp_path / "b", as_of=AS_OF, cache=False)
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_incremental_rebuild_reuses_pages_and_equals_a_cold_build(tmp_path: Path) -> None:
    repo = copy(EXAMPLES / "county-market-bureau", tmp_path / "repo")
    first = publish(repo, out=tmp_path / "site", as_of=AS_OF)
    assert first.editions["internal"].reused == 0
    again = publish(repo, out=tmp_path / "site", as_of=AS_OF)
    assert again.editions["public"].rendered == 0 and again.editions["internal"].rendered == 0
    power = repo / "powers" / "XK-001.yaml"
    power.write_text(power.read_text(encoding="utf-8").replace("食品经营许可", "食品经营许可证核发", 1), encoding="utf-8")
    changed = publish(repo, out=tmp_path / "site", as_of=AS_OF)
    internal = changed.editions["internal"]
    assert 0 < internal.rendered < internal.pages and internal.reused > 0
    assert "食品经营许可证核发" in (tmp_path / "site" / "public" / "XK-001.html").read_text(encoding="utf-8")
    publish(repo, out=tmp_path / "cold", as_of=AS_OF, cache=False)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")


def test_a_failed_build_leaves_the_previous_site_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = copy(BASE_REPO, tmp_path / "repo")
    publish(repo, out=tmp_path / "site", as_of=AS_OF, cache=False)
    before = tree(tmp_path / "site")
    power = repo / "powers" / "P-1.yaml"
    power.write_text(power.read_text(encoding="utf-8").replace("name: 审查", "name: 书面审查"), encoding="utf-8")
    calls = {"n": 0}
    real = SiteBuild.render

    def flaky(self: object, edition: str, page: object) -> bytes:
        calls["n"] += 1
        if calls["n"] > 3:
            raise RuntimeError("disk full")
        return real(self, edition, page)  # type: ignore[arg-type]

    monkeypatch.setattr(SiteBuild, "render", flaky)
    with pytest.raises(RuntimeError):
        publish(repo, out=tmp_path / "site", as_of=AS_OF, cache=False, jobs=1)
    assert tree(tmp_path / "site") == before
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["internal", "public"]
    assert not list((tmp_path / "site").rglob(".lz-staging"))


def test_publish_refuses_a_register_with_errors(tmp_path: Path) -> None:
    repo = copy(BASE_REPO, tmp_path / "repo")
    power = repo / "powers" / "P-1.yaml"
    power.write_text(power.read_text(encoding="utf-8").replace("subject: D-PERMIT", "subject: D-NOPE"), encoding="utf-8")
    result = lz(["publish", str(repo), "--as-of", "2026-11-28"])
    assert result.exit_code == 1
    assert "R001" in result.stderr and "未发布" in result.stderr
    assert not (repo / "site").exists()


def test_user_text_is_escaped(tmp_path: Path) -> None:
    repo = copy(BASE_REPO, tmp_path / "repo")
    power = repo / "powers" / "P-1.yaml"
    evil = '"<script>alert(1)</script>食品经营许可"'
    power.write_text(power.read_text(encoding="utf-8").replace("name: 食品经营许可", f"name: {evil}"), encoding="utf-8")
    publish(repo, out=tmp_path / "site", as_of=AS_OF, cache=False)
    for name, body in tree(tmp_path / "site").items():
        assert b"<script>alert(1)" not in body, name
    page = (tmp_path / "site" / "public" / "P-1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;食品经营许可" in page


def test_audience_and_default_out(tmp_path: Path) -> None:
    repo = copy(BASE_REPO, tmp_path / "repo")
    result = lz(["publish", str(repo), "--audience", "public", "--as-of", "2026-11-28"])
    assert result.exit_code == 0, result.stderr
    assert (repo / "site" / "public" / "index.html").is_file() and not (repo / "site" / "internal").exists()


def test_as_of_defaults_to_the_head_commit_date(tmp_path: Path) -> None:
    repo = copy(BASE_REPO, tmp_path / "repo")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-05-04T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-05-04T10:00:00+08:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "data"]):
        subprocess.run(cmd, cwd=repo, env=env, check=True)
    publish(repo, out=tmp_path / "site", cache=False)
    assert "2026-05-04" in (tmp_path / "site" / "public" / "index.html").read_text(encoding="utf-8")


def test_a_unit_overrides_a_template(tmp_path: Path) -> None:
    repo = copy(BASE_REPO, tmp_path / "repo")
    (repo / "templates").mkdir()
    (repo / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>本单位自定义首页</h1>{% endblock %}\n', encoding="utf-8")
    publish(repo, out=tmp_path / "site", as_of=AS_OF, cache=False)
    home = (tmp_path / "site" / "public" / "index.html").read_text(encoding="utf-8")
    assert "本单位自定义首页" in home and 'href="assets/style.css"' in home


def test_the_public_search_index_holds_public_things_only(tmp_path: Path) -> None:
    repo = copy(EXAMPLES / "county-market-bureau", tmp_path / "repo")
    publish(repo, out=tmp_path / "site", as_of=AS_OF, cache=False)
    public = (tmp_path / "site" / "public" / "assets" / "search-index.js").read_text(encoding="utf-8")
    internal = (tmp_path / "site" / "internal" / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert public.startswith("window.LZ_SEARCH = [") and "食品经营许可" in public
    assert "CG-001" not in public and "R-XK-001-01" not in public and "廉政风险" not in public
    assert "CG-001" in internal and "R-XK-001-01" in internal


def test_in_place_publish_equals_a_cold_one_after_a_series_of_edits(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16: the site updated in place (pages replaced, vanished ones removed) is the
    cold build, byte for byte, after each edit: a power changed, added, removed, renamed;
    a template overridden; --as-of moved. Long lists are cut small here, so that the
    catalogue, the benchmarks, the register and the search index come in several parts."""
    import lianzheng.site.build as build_module

    monkeypatch.setattr(build_module, "CATALOGUE_PAGE", (2, 2))
    monkeypatch.setattr(build_module, "BENCHMARKS_PAGE", (1, 2))
    monkeypatch.setattr(build_module, "REGISTER_PAGE", (5, 2))
    monkeypatch.setattr(build_module, "SEARCH_SHARD", (8, 2))
    repo = copy(EXAMPLES / "county-market-bureau", tmp_path / "repo")
    site, as_of = tmp_path / "site", AS_OF
    powers = repo / "powers"

    def change_name() -> None:
        p = powers / "XK-001.yaml"
        p.write_text(p.read_text(encoding="utf-8").replace("食品经营许可", "食品经营许可证核发", 1), encoding="utf-8")

    def add() -> None:
        text = (powers / "JC-001.yaml").read_text(encoding="utf-8")
        (powers / "JC-009.yaml").write_text(text.replace("JC-001", "JC-009"), encoding="utf-8")

    def remove() -> None:
        (powers / "JL-001.yaml").unlink()

    def rename() -> None:
        text = (powers / "JC-009.yaml").read_text(encoding="utf-8")
        (powers / "JC-009.yaml").unlink()
        (powers / "JC-010.yaml").write_text(text.replace("JC-009", "JC-010"), encoding="utf-8")

    def override() -> None:
        (repo / "templates").mkdir(exist_ok=True)
        base = (Path(build_module.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
        (repo / "templates" / "base.html").write_text(base.replace("</footer>", "<p>本单位自定义页脚</p></footer>", 1),
                                                      encoding="utf-8")

    def move_date() -> None:
        nonlocal as_of
        as_of = dt.date(2027, 4, 15)

    publish(repo, out=site, as_of=as_of)
    pages_before = len(tree(site))
    for n, edit in enumerate((change_name, add, remove, rename, override, move_date)):
        edit()
        publish(repo, out=site, as_of=as_of)
        cold = tmp_path / f"cold-{n}"
        publish(repo, out=cold, as_of=as_of, cache=False)
        assert tree(site) == tree(cold), edit.__name__
    assert any(name.startswith("internal/catalogue-2") for name in tree(site)) and pages_before > 50
    assert not (site / "public" / "JL-001.html").exists() and (site / "public" / "JC-010.html").exists()
    assert "本单位自定义页脚" in (site / "public" / "index.html").read_text(encoding="utf-8")


def test_leftovers_of_a_killed_publish_are_cleaned_up(tmp_path: Path) -> None:
    """Hardening 23: what a publish killed part-way leaves (the staging folder; the building
    and old folders of earlier versions, a link among them) is removed by the next one,
    which then equals a cold build."""
    import signal
    import sys
    import time

    repo = copy(EXAMPLES / "county-market-bureau", tmp_path / "repo")
    site = tmp_path / "site"
    proc = subprocess.Popen([sys.executable, "-m", "lianzheng", "publish", str(repo), "--out", str(site), "-q",
                             "--as-of", AS_OF.isoformat(), "--no-cache"])
    deadline = time.monotonic() + 60
    while proc.poll() is None and not any(site.glob("*/.lz-staging/*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    for edition in ("public", "internal"):  # as earlier versions of lz left them
        (site / f".{edition}.building-4242" / "x").mkdir(parents=True)
        (site / f".{edition}.building-4242" / "x" / "page.html").write_text("old", encoding="utf-8")
    (site / ".public.old-77").symlink_to(tmp_path, target_is_directory=True)
    publish(repo, out=site, as_of=AS_OF)
    names = sorted(p.name for p in site.iterdir())
    assert names == ["internal", "public"], names
    assert not list(site.glob("*/.lz-staging")) and tmp_path.is_dir()
    publish(repo, out=tmp_path / "cold", as_of=AS_OF, cache=False)
    assert tree(site) == tree(tmp_path / "cold")
