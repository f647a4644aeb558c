"""What `lz init` gives a unit to work with pull requests: CI workflows that a real linter
accepts, the pre-commit config and hooks, and a CODEOWNERS that CI keeps current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import (
    InvalidConfigError,
    InvalidManifestError,
    load_config,
    load_manifest,
)

from lianzheng import __version__
from lianzheng.cli import COMMANDS
from tests.clirunner import lz
from tests.conftest import ROOT

WORKFLOW = ".github/workflows/lianzheng.yml"
GITLAB = ".gitlab-ci.yml"


@pytest.fixture(scope="module")
def unit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "unit"
    assert lz(["init", str(target)]).exit_code == 0
    return target


def check_jsonschema(schema: str, path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with the schema it ships (no network)."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *extra, str(path)],
                          capture_output=True, text=True)


def test_github_workflow_passes_the_github_workflow_schema(unit: Path, tmp_path: Path) -> None:
    result = check_jsonschema("vendor.github-workflows", unit / WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"  # the linter does catch a mistake
    broken.write_text((unit / WORKFLOW).read_text(encoding="utf-8").replace("runs-on:", "run-on:"), encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", broken).returncode == 1


def test_gitlab_ci_passes_the_gitlab_ci_schema(unit: Path, tmp_path: Path) -> None:
    result = check_jsonschema("vendor.gitlab-ci", unit / GITLAB, "--data-transform", "gitlab-ci")
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text((unit / GITLAB).read_text(encoding="utf-8").replace("    when: always", "    when: sometimes"),
                      encoding="utf-8")
    assert check_jsonschema("vendor.gitlab-ci", broken, "--data-transform", "gitlab-ci").returncode == 1


def test_workflows_check_every_pull_request_comment_the_diff_and_publish_the_default_branch(unit: Path) -> None:
    github = yaml.safe_load((unit / WORKFLOW).read_text(encoding="utf-8"))
    runs = "\n".join(step.get("run", "") for job in github["jobs"].values() for step in job["steps"])
    for command in ("lz validate --format github", "lz grade --check", "lz diff", "--format markdown",
                    "gh pr comment", "lz codeowners --check CODEOWNERS", "lz publish"):
        assert command in runs, command
    assert "pull_request" in github[True]  # YAML 1.1 reads the key `on` as true
    assert "default_branch" in github["jobs"]["publish"]["if"]
    assert "site/public" in str(github["jobs"]["publish"]["steps"])  # only the public edition is deployed
    gitlab = yaml.safe_load((unit / GITLAB).read_text(encoding="utf-8"))
    assert gitlab["lianzheng-check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
    assert "merge_requests/$CI_MERGE_REQUEST_IID/notes" in "\n".join(gitlab["lianzheng-diff"]["script"])
    assert gitlab["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


@pytest.mark.parametrize("template", [WORKFLOW, GITLAB, ".pre-commit-config.yaml"])
def test_every_lz_command_and_option_in_the_templates_exists(unit: Path, template: Path) -> None:
    text = (unit / template).read_text(encoding="utf-8")
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    calls = re.findall(r"\blz ([a-z]+)((?: +(?:--?[a-z-]+|\"[^\"]*\"|[^\s|>;&]+))*)", text + manifest)
    assert calls
    for name, args in calls:
        assert name in COMMANDS, name
        help_text = lz([name, "--help"]).stdout
        for option in re.findall(r"(?<!\S)(--?[a-z][a-z-]*)", args):
            assert option in help_text, f"lz {name} {option}"
    assert "@LZ_VERSION@" not in text and __version__ in text


def test_pre_commit_config_and_the_projects_hooks_are_valid_pre_commit_files(unit: Path, tmp_path: Path) -> None:
    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert {h["id"]: (h["entry"], h["language"], h["pass_filenames"]) for h in hooks} == {
        "lz-validate": ("lz validate", "python", False),
        "lz-grade-check": ("lz grade --check", "python", False),
    }
    assert all(re.search(h["files"], "powers/SAMPLE-XK-001.yaml") and re.search(h["files"], "a.yml") for h in hooks)
    config = load_config(str(unit / ".pre-commit-config.yaml"))
    [repo] = config["repos"]
    assert repo["rev"] == f"v{__version__}"
    assert {h["id"] for h in repo["hooks"]} == {h["id"] for h in hooks}
    bad = tmp_path / "hooks.yaml"
    bad.write_text("- id: lz-validate\n  entry: lz validate\n", encoding="utf-8")  # no name, no language
    with pytest.raises(InvalidManifestError):
        load_manifest(str(bad))
    bad.write_text("repos: [{repo: local}]\n", encoding="utf-8")
    with pytest.raises(InvalidConfigError):
        load_config(str(bad))


def test_codeowners_of_the_new_repository_is_current(unit: Path) -> None:
    owners = unit / "CODEOWNERS"
    assert owners.read_text(encoding="utf-8").splitlines()[-1] == "* @discipline-login"
    assert lz(["codeowners", str(unit), "--no-cache", "--check", str(owners)]).exit_code == 0
