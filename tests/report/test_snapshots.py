"""Every report in every format, on both examples, against its snapshot under
tests/snapshots/report/ (LZ_UPDATE_SNAPSHOTS=1 rewrites them; review the diff), and the
key pages of both editions of the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lianzheng.report import formats
from tests.clirunner import lz
from tests.conftest import example_dirs
from tests.gitutil import commit, edit, git, init_repo
from tests.snapshot import assert_snapshot

EXAMPLES = example_dirs()
# The dates at which the examples have something to say (reviews and measures falling due).
LATE = "2027-06-01"


@pytest.fixture(scope="module", params=EXAMPLES, ids=[p.name for p in EXAMPLES])
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("snap") / request.param.name
    shutil.copytree(request.param, dest, ignore=shutil.ignore_patterns(".lz-cache", "site", "build"))
    return dest


def snap(example: Path, name: str, args: list[str], exit_codes: tuple[int, ...] = (0,)) -> None:
    result = lz(args)
    assert result.exit_code in exit_codes, result.stdout + result.stderr
    assert_snapshot(f"report/{example.name}/{name}", result.stdout_bytes.decode("utf-8"))


@pytest.mark.parametrize("fmt", formats("validate"))
def test_validate(example: Path, fmt: str) -> None:
    snap(example, f"validate.{fmt}", ["validate", str(example), "--format", fmt, "--as-of", LATE, "--no-cache"])


@pytest.mark.parametrize("fmt", formats("grade"))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_grade(example: Path, fmt: str, lang: str) -> None:
    snap(example, f"grade.{fmt}.{lang}", ["grade", str(example), "--format", fmt, "--lang", lang, "--no-cache"])


def test_grade_check(example: Path) -> None:
    snap(example, "grade.check", ["grade", str(example), "--check", "--no-cache"])


@pytest.mark.parametrize("fmt", formats("due"))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_due(example: Path, fmt: str, lang: str) -> None:
    snap(example, f"due.{fmt}.{lang}", ["due", str(example), "--as-of", "2027-04-15", "--format", fmt,
                                        "--lang", lang, "--no-cache"])


def test_codeowners(example: Path) -> None:
    snap(example, "codeowners", ["codeowners", str(example), "--no-cache"])


@pytest.mark.parametrize("fmt", formats("rules"))
def test_rules(fmt: str) -> None:
    result = lz(["rules", "--format", fmt])
    assert result.exit_code == 0
    assert_snapshot(f"report/rules.{fmt}", result.stdout)


@pytest.mark.parametrize("fmt", formats("diff"))
def test_diff(example: Path, fmt: str, tmp_path: Path) -> None:
    unit = init_repo(tmp_path / "git", example)
    power = sorted((unit / "powers").glob("*.yaml"))[0]
    edit(power, "probability: 3", "probability: 5")
    (unit / "powers" / power.name).rename(unit / "powers" / f"moved-{power.name}")
    commit(tmp_path / "git", "raise a risk, move a power")
    result = lz(["diff", "HEAD~1", "HEAD", "--repo", str(unit), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for rev in ("HEAD~1", "HEAD"):  # commit ids change with every run
        sha = git(tmp_path / "git", "rev-parse", rev).strip()
        text = text.replace(sha, "<commit>").replace(sha[:7], "<commit>")
    assert_snapshot(f"report/{example.name}/diff.{fmt}", text)


PAGES = {
    "public": ["index.html", "catalogue.html", "benchmarks.html", "search.html"],
    "internal": ["index.html", "register.html", "overview.html", "measures.html", "organization.html"],
}


def test_key_pages_of_the_site(example: Path, tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    result = lz(["publish", str(example), "--out", str(tmp_path / "site"), "--as-of", "2026-11-28", "--no-cache"])
    assert result.exit_code == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    pages = {f"{e}/{p}" for e, names in PAGES.items() for p in names}
    first_power = sorted((site / "public").glob("*-*.html"))[:1] or sorted((site / "internal").glob("*-*.html"))[:1]
    pages |= {f"{p.parent.name}/{p.name}" for p in first_power}
    pages |= {f"internal/{p.relative_to(site / 'internal').as_posix()}"
              for p in sorted((site / "internal" / "risks").glob("*.html"))[:1]}
    pages |= {f"internal/{p.relative_to(site / 'internal').as_posix()}"
              for p in sorted((site / "internal" / "departments").glob("*.html"))[:1]}
    pages |= {f"internal/{p.name}" for p in [site / "internal" / "warnings.html", site / "internal" / "monitor.html"]
              if p.exists()}
    for page in sorted(pages):
        assert_snapshot(f"site/{example.name}/{page}", (site / page).read_text(encoding="utf-8"))
