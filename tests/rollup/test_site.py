"""`lz rollup --out DIR`: the overview site and rollup.parquet — what a unit wrote is
escaped, the same input gives the same bytes, a file lz did not write is left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from tests.clirunner import lz
from tests.rollup.conftest import AS_OF, Units, edit, unit_repo

HOSTILE_NAME = '<script>alert(1)</script>" onload="x()'
HOSTILE_CODE = "../../evil<b>"


def site(units: list[str], out: Path, *extra: str) -> object:
    return lz(["rollup", *units, "--as-of", AS_OF, "--no-cache", "--out", str(out), *extra])


def files_of(folder: Path) -> dict[str, bytes]:
    """The files of a folder, its manifest's shards (`.lz-manifest/`) left out."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(".lz-manifest/")}


def test_the_overview_and_a_page_per_unit(units: Units, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = site(units.all(), out)
    assert result.exit_code == 1  # the broken unit; its page says why
    assert sorted(files_of(out)) == [".lz-manifest.json", "index.html", "rollup.parquet",
                                     "units/ALPHA-001.html", "units/BETA-002.html", f"units/{units.broken.name}.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="units/ALPHA-001.html">甲县测试局</a>' in index
    assert "<svg" in index and "<title id=\"chart-t\">各重点领域的风险等级分布</title>" in index
    assert "http" not in index.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no CDN, no remote file
    assert '<table id="units"' in index and "<script>" in index  # sortable, and readable without the script
    broken = (out / "units" / f"{units.broken.name}.html").read_text(encoding="utf-8")
    assert "无法汇总" in broken and "S007" in broken
    alpha = (out / "units" / "ALPHA-001.html").read_text(encoding="utf-8")
    assert '<a href="../index.html">返回总览</a>' in alpha and "<dt>高风险措施不足</dt><dd>1</dd>" in alpha


def test_rollup_parquet_has_the_units_of_the_json(units: Units, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(units.all(), out)
    data = json.loads(lz(["rollup", *units.all(), "--as-of", AS_OF, "--no-cache", "--format", "json"]).stdout)
    table = pq.read_table(out / "rollup.parquet")
    assert table.schema.names == list(data["units"][0])
    assert table.to_pylist() == data["units"]


def test_the_same_input_gives_the_same_bytes(units: Units, tmp_path: Path) -> None:
    site(units.all(), tmp_path / "one")
    site(units.all(), tmp_path / "two")
    site(units.all(), tmp_path / "two")  # again, in place
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


def test_what_a_unit_wrote_is_escaped(tmp_path: Path) -> None:
    repo = unit_repo(tmp_path / "hostile", "H-1", "x")
    edit(repo / "lianzheng.yaml", "code: H-1", f"code: '{HOSTILE_CODE}'")
    edit(repo / "lianzheng.yaml", "name: x", f"name: '{HOSTILE_NAME}'")
    out = tmp_path / "site"
    result = site([str(repo)], out)
    assert result.exit_code == 0, result.stdout + result.stderr
    pages = files_of(out)
    assert [p for p in pages if p.startswith("units/")] == ["units/~2e.~2f..~2fevil~3cb~3e.html"]
    for name, data in pages.items():
        if name.endswith(".html"):
            text = data.decode("utf-8")
            assert "<script>alert" not in text and "<b>" not in text and '" onload="' not in text, name
            assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onload=&#34;x()" in text, name
    assert not (tmp_path / "evil<b>").exists()


def test_a_file_lz_did_not_write_is_left_alone(units: Units, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the commission's own page", encoding="utf-8")
    result = site([str(units.alpha)], out)
    assert result.exit_code == 2
    assert "不是 lz 生成的文件，未覆盖" in result.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "the commission's own page"
    assert sorted(files_of(out)) == ["index.html"]  # nothing else written either


def test_a_page_of_a_unit_no_longer_rolled_up_is_removed(units: Units, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site([str(units.alpha), str(units.beta)], out)
    (out / "notes.txt").write_text("kept", encoding="utf-8")
    assert site([str(units.alpha)], out).exit_code == 0
    assert sorted(files_of(out)) == [".lz-manifest.json", "index.html", "notes.txt", "rollup.parquet",
                                     "units/ALPHA-001.html"]
