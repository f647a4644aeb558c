"""`lz render`: DOT snapshots without Graphviz; real drawings (SVG, PNG, PDF) with it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import lianzheng.flowchart.draw as render_module
from lianzheng import open_repository
from lianzheng.flowchart.dot import flowchart_dot
from lianzheng.flowchart.draw import Chart, charts_for, draw, graphviz_version
from lianzheng.repo.names import Names
from lianzheng.spec.models import Power
from tests.clirunner import lz
from tests.conftest import BASE_REPO, EXAMPLES
from tests.snapshot import assert_snapshot

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
COUNTY = EXAMPLES / "county-market-bureau"


def base_charts(audience: str, lanes: bool = False, lang: str = "zh") -> dict[str, str]:
    charts, _, _ = charts_for(open_repository(BASE_REPO, cache=False, models=True), audience, (), lanes, lang)
    return {c.power: c.source for c in charts}


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_dot_snapshots(audience: str) -> None:
    for power, source in base_charts(audience).items():
        assert_snapshot(f"flowchart/{power}.{audience}.dot", source)
    assert_snapshot("flowchart/P-1.internal.lanes.en.dot", base_charts("internal", lanes=True, lang="en")["P-1"])


def test_chart_shows_what_art_4_asks() -> None:
    dot = base_charts("internal")["P-1"]
    assert "<B>P-1  食品经营许可</B>" in dot  # title: code and name
    assert "办理：窗口受理岗" in dot and "办理：审批科" in dot  # actors by name, not id
    assert "期限：5个工作日" in dot
    assert "\tS1 [label=" in dot and 'style="rounded,filled,bold" penwidth=2.2' in dot  # the start step
    assert "peripheries=2" in dot  # end steps
    assert "\tS1 -> S2 [label=<材料齐全>]\n" in dot  # a branch with its condition
    assert "\tS1B -> S1 [style=dashed" in dot  # the 补正 loop, drawn back
    penalty = base_charts("internal")["CF-1"]
    assert "【集体决策】" in penalty
    assert "法定期限：90日" in penalty  # calendar days


def test_internal_view_marks_risks_and_public_view_carries_none() -> None:
    internal, public = base_charts("internal"), base_charts("public")
    assert "R-CF1-01" in internal["CF-1"] and "调查取证不全面" in internal["CF-1"]
    assert "#f9c4bd" in internal["CF-1"]  # the high risk's red
    assert "cluster_legend" in internal["P-1"] and "高风险" in internal["P-1"]
    for source in public.values():
        for leak in ("R-", "违规受理", "调查取证", "#f9c4bd", "#fddcb5", "#fff2a8", "legend", "风险"):
            assert leak not in source


def test_public_view_draws_public_powers_only() -> None:
    charts, _, _ = charts_for(open_repository(COUNTY, cache=False, models=True), "public")
    drawn = {c.power for c in charts}
    documents = open_repository(COUNTY, cache=False, models=True).documents()
    public = {str(d.id) for d in documents if isinstance(d, Power) and d.is_public}
    internal = {str(d.id) for d in documents if isinstance(d, Power) and not d.is_public}
    assert drawn == public and internal and not (drawn & internal)


def test_text_is_escaped_in_dot() -> None:
    power = open_repository(BASE_REPO, cache=False, models=True).documents()
    p1 = next(d for d in power if isinstance(d, Power) and d.id == "P-1")
    evil = p1.model_copy(update={"name": 'A "quoted" <b>&</b> \\ name'})
    dot = flowchart_dot(evil, Names())
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in dot and "<b>" not in dot


@needs_dot
def test_render_every_format_deterministically(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    for fmt, magic in (("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF"), ("dot", b"digraph")):
        first = lz(["render", str(repo), "--format", fmt, "--no-cache", "--out", str(tmp_path / f"a-{fmt}")])
        again = lz(["render", str(repo), "--format", fmt, "--no-cache", "--out", str(tmp_path / f"b-{fmt}")])
        assert first.exit_code == 0 and again.exit_code == 0, first.stdout + first.stderr
        for power in ("P-1", "CF-1"):
            a = (tmp_path / f"a-{fmt}" / f"{power}.{fmt}").read_bytes()
            assert a.startswith(magic)
            assert a == (tmp_path / f"b-{fmt}" / f"{power}.{fmt}").read_bytes(), f"{power}.{fmt} not reproducible"
    svg = (tmp_path / "a-svg" / "P-1.svg").read_text(encoding="utf-8")
    assert "食品经营许可" in svg and "R&#45;P1&#45;01" in svg  # Graphviz writes - as &#45;


@needs_dot
def test_default_out_and_the_cache(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    first = lz(["render", str(repo)])
    assert first.exit_code == 0 and (repo / "build" / "flows" / "P-1.svg").is_file()
    assert "新绘制 2 张，来自缓存 0 张" in first.stdout
    assert "新绘制 0 张，来自缓存 2 张" in lz(["render", str(repo)]).stdout
    p1 = repo / "powers" / "P-1.yaml"
    p1.write_text(p1.read_text(encoding="utf-8").replace("name: 审查", "name: 书面审查"), encoding="utf-8")
    assert "新绘制 1 张，来自缓存 1 张" in lz(["render", str(repo)]).stdout
    assert "新绘制 2 张" in lz(["render", str(repo), "--no-cache"]).stdout
    only = lz(["render", str(repo), "--power", "CF-1", "--out", str(tmp_path / "one")])
    assert only.exit_code == 0 and sorted(p.name for p in (tmp_path / "one").iterdir()) == [".lz-manifest", ".lz-manifest.json", "CF-1.svg"]
    unknown = lz(["render", str(repo), "--power", "NOPE"])
    assert unknown.exit_code == 2 and "NOPE" in unknown.stderr


@needs_dot
def test_png_uses_a_cjk_font_not_boxes(tmp_path: Path) -> None:
    """Graphviz names the font it resolved, and that font covers Chinese; and two charts
    that differ only in their Chinese text differ as images (boxes would be identical)."""
    dot = shutil.which("dot")
    source = base_charts("public")["P-1"]
    done = subprocess.run([dot, "-v", "-Tpng", "-o", str(tmp_path / "p.png")], input=source.encode(),
                          capture_output=True, check=True)
    resolved = [ln for ln in done.stderr.decode().splitlines() if "resolved to" in ln]
    assert resolved, done.stderr.decode()
    font_file = resolved[0].split()[-1]
    covers = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=True).stdout
    assert font_file in covers, f"{resolved[0]} is not a CJK font"
    images = []
    for text in ("食品经营许可", "行政处罚决定"):
        graph = f'digraph {{ node [fontname="Noto Sans CJK SC", shape=box]; a [label="{text}"]; }}'
        images.append(subprocess.run([dot, "-Tpng"], input=graph.encode(), capture_output=True, check=True).stdout)
    assert images[0] != images[1], "different Chinese text drew the same image: missing glyphs"


@needs_dot
def test_a_chart_graphviz_rejects_is_named_and_the_others_drawn() -> None:
    good, bad = Chart("GOOD", "digraph g { a -> b; }\n"), Chart("BAD", "digraph g { a -> ; }\n")
    draw([good, bad], "svg", jobs=1)
    assert good.data and good.data.startswith(b"<?xml") and good.error is None
    assert bad.data is None and "syntax error" in (bad.error or "")


@needs_dot
def test_cli_exits_1_when_a_chart_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    real = render_module.flowchart_dot

    def broken(power: Power, *args: object) -> str:
        return "digraph { a -> ; }" if power.id == "CF-1" else real(power, *args)

    monkeypatch.setattr(render_module, "flowchart_dot", broken)
    result = lz(["render", str(repo), "--no-cache"])
    assert result.exit_code == 1
    assert "CF-1" in result.stderr and (repo / "build" / "flows" / "P-1.svg").is_file()
    assert not (repo / "build" / "flows" / "CF-1.svg").exists()


def test_without_dot_render_says_how_to_install_and_dot_format_still_works(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    graphviz_version.cache_clear()
    try:
        result = lz(["render", str(repo), "--no-cache"])
        assert result.exit_code == 2 and "apt-get install graphviz" in result.stderr
        dot = lz(["render", str(repo), "--format", "dot", "--no-cache"])
        assert dot.exit_code == 0 and (repo / "build" / "flows" / "P-1.dot").read_text().startswith("digraph")
    finally:
        graphviz_version.cache_clear()




def test_the_chart_cache_is_compressed_bounded_and_one_version_only(tmp_path: Path) -> None:
    """Every edit and every new lz would add drawings for ever (430 MB at city scale after a
    day's work): the cache keeps the current version's folder only, compressed, and at most
    CHARTS_KEPT_PER_POWER entries per power, the least recently used removed first."""
    from lianzheng.flowchart.draw import ChartCache

    root = tmp_path / "repo"
    (root / ".lz-cache" / "render").mkdir(parents=True)
    (root / ".lz-cache" / "render" / "stale.svg").write_bytes(b"old")
    (root / ".lz-cache" / "render-0000").mkdir()
    store = ChartCache(root, True, keep=3)
    svg = b"<svg>" + b"<g/>" * 2000 + b"</svg>"
    for n in range(5):
        store.put(f"digraph {n}", "svg", svg)
    assert store.get("digraph 0", "svg") == svg  # used last: kept
    store.trim()
    entries = sorted(store.dir.iterdir())
    assert len(entries) == 3 and all(p.stat().st_size < len(svg) // 4 for p in entries)
    assert store.get("digraph 0", "svg") == svg and store.get("digraph 1", "svg") is None
    assert sorted(p.name for p in (root / ".lz-cache").iterdir()) == [".gitignore", store.dir.name]


def test_render_streams_in_chunks_with_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16: render draws RENDER_CHUNK charts at a time (models, DOT and drawings
    dropped before the next ones are read); the files are those of one pass."""
    import lianzheng.flowchart.draw as draw_module
    from lianzheng import open_repository

    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    whole = draw_module.render(open_repository(COUNTY, cache=False), out=tmp_path / "whole", cache=False)
    monkeypatch.setattr(draw_module, "RENDER_CHUNK", 2)
    forgotten: list[int] = []
    repo = open_repository(COUNTY, cache=False)
    real_forget = repo.forget_models
    monkeypatch.setattr(repo, "forget_models", lambda: (forgotten.append(1), real_forget()))
    chunked = draw_module.render(repo, out=tmp_path / "chunked", cache=False)
    assert len(forgotten) == -(-len(chunked.charts) // 2) and len(chunked.charts) == len(whole.charts) > 4
    assert (chunked.drawn, chunked.from_cache) == (whole.drawn, whole.from_cache)
    files = lambda folder: {p.name: p.read_bytes() for p in folder.glob("*.svg")}  # noqa: E731
    assert files(tmp_path / "chunked") == files(tmp_path / "whole") and len(files(tmp_path / "whole")) == len(whole.charts)
    assert all(c.source == "" and c.data is None for c in chunked.charts)  # nothing held
