"""`pip install .` gives a working `lz`: the site's templates, the calendar and the scaffold
ship inside the wheel, and the installed package finds them without the source checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import BASE_REPO, ROOT

pytest.importorskip("hatchling")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("lianzheng-*.whl"))


def test_wheel_carries_every_package_file_and_the_entry_point(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "src" / "lianzheng"
    shipped = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert any(p.suffix == ".html" for p in shipped) and any(p.suffix == ".yaml" for p in shipped)
    for path in shipped:
        assert f"lianzheng/{path.relative_to(package).as_posix()}" in names, path
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "lz = lianzheng.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_installed_wheel_works_on_its_own(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}

    def lz(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "lianzheng", *args], env=env, capture_output=True, text=True,
                              cwd=tmp_path)

    where = subprocess.run([sys.executable, "-c", "import lianzheng; print(lianzheng.__file__)"], env=env,
                           capture_output=True, text=True, check=True).stdout
    assert str(target) in where, "the test must run the installed copy, not the checkout"
    assert lz("schema", "--out", "schemas").returncode == 0
    assert (tmp_path / "schemas" / "power.schema.json").is_file()
    assert lz("init", "unit").returncode == 0
    assert lz("validate", "unit").returncode == 0
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    if shutil.which("dot"):
        done = lz("publish", str(repo), "--as-of", "2026-11-28", "--audience", "public")
        assert done.returncode == 0, done.stderr
        assert (repo / "site" / "public" / "assets" / "style.css").is_file()
