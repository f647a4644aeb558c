"""A warm run (reading `.lz-cache/`) gives exactly the bytes of a cold one (`--no-cache`),
for every command that keeps a cache, on both examples — after an edit too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.clirunner import lz
from tests.conftest import example_dirs
from tests.gitutil import edit

EXAMPLES = example_dirs()


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(repo: Path, out: Path, cache: bool) -> dict[str, object]:
    flag = [] if cache else ["--no-cache"]
    got: dict[str, object] = {}
    for name, args in {
        "validate": ["validate", str(repo), "--format", "json", "--as-of", "2027-06-01"],
        "grade": ["grade", str(repo), "--format", "json"],
        "due": ["due", str(repo), "--as-of", "2027-06-01", "--format", "json"],
    }.items():
        result = lz([*args, *flag])
        got[name] = (result.exit_code, result.stdout_bytes)
    if shutil.which("dot"):
        assert lz(["render", str(repo), "--out", str(out / "flows"), "-q", *flag]).exit_code == 0
        assert lz(["publish", str(repo), "--out", str(out / "site"), "--as-of", "2026-11-28", "-q", *flag]).exit_code == 0
        got["render"] = tree(out / "flows")
        got["publish"] = tree(out / "site")
    return got


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_warm_runs_equal_cold_runs(example: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(example, repo, ignore=shutil.ignore_patterns(".lz-cache", "site", "build"))
    cold = outputs(repo, tmp_path / "cold", cache=False)
    assert not (repo / ".lz-cache").exists(), "--no-cache neither reads nor writes the cache"
    assert outputs(repo, tmp_path / "first", cache=True) == cold  # fills the cache
    assert (repo / ".lz-cache").is_dir()
    assert outputs(repo, tmp_path / "warm", cache=True) == cold  # reads it
    power = sorted((repo / "powers").glob("*.yaml"))[0]
    edit(power, "\nname: ", "\nname: （修订）")
    assert outputs(repo, tmp_path / "warm", cache=True) == outputs(repo, tmp_path / "cold2", cache=False)


HEAVY = ("pydantic", "yaml", "rich", "jinja2")
PROBE = """
import sys
from lianzheng.cli import main
sys.argv = ["lz", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(sorted({m.split(".")[0] for m in sys.modules} & set(%r)), file=sys.stderr)
""" % (HEAVY,)


def test_a_warm_validate_of_an_unchanged_repository_loads_no_heavy_package(tmp_path: Path) -> None:
    """It runs in every pre-commit hook: with nothing to validate it only hashes the files
    and replays the last output (no pydantic, YAML parser, rich or jinja)."""
    import subprocess
    import sys

    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES[0], repo, ignore=shutil.ignore_patterns(".lz-cache", "site", "build"))

    def run() -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", PROBE, "validate", str(repo)], capture_output=True, text=True,
                              check=False, env={**__import__("os").environ, "LZ_LANG": "zh"})
        return done.stdout, done.stderr.strip().splitlines()[-1]

    cold_out, cold_modules = run()
    warm_out, warm_modules = run()
    assert warm_out == cold_out and "未发现问题" in warm_out
    assert cold_modules != "[]" and warm_modules == "[]"
    edit(sorted((repo / "powers").glob("*.yaml"))[0], "\nname: ", "\nname: （修订）")
    assert run()[1] != "[]"  # a changed file is validated again
