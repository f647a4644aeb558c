"""`lz init`: a new unit repository that validates cleanly and works with CI from day one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from lianzheng import __version__, open_repository
from lianzheng.report.codeowners import render_codeowners
from lianzheng.review.codeowners import codeowners
from lianzheng.spec.jsonschema import write_schemas

SCAFFOLD = Path(__file__).parent / "files"
SCHEMA_DIR = ".lz/schemas"
# At the root, where GitHub and GitLab both look for it.
CODEOWNERS_FILE = "CODEOWNERS"
GITIGNORE = ".gitignore"
GITIGNORE_COMMENT = "# lianzheng (added by lz init): cache and generated output"

# scaffold file -> where it goes in the new repository
FILES = {
    "lianzheng.yaml": "lianzheng.yaml",
    "laws.yaml": "laws.yaml",
    "powers/SAMPLE-XK-001.yaml": "powers/SAMPLE-XK-001.yaml",
    "gitignore": GITIGNORE,
    "github/lianzheng.yml": ".github/workflows/lianzheng.yml",
    "gitlab/gitlab-ci.yml": ".gitlab-ci.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}


@dataclass
class InitResult:
    """What `lz init` did: the files it wrote, the files that were there already and
    were left exactly as they were, and the lines it added to an existing `.gitignore`
    (which is then in neither list)."""

    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # lines appended to an existing .gitignore


def _pattern_key(line: str) -> str:
    """`.lz-cache/`, `/.lz-cache` and `.lz-cache` ignore the same folder at the root."""
    return line.strip().strip("/")


def _extend_gitignore(path: Path, wanted: str) -> list[str]:
    """Append to an existing `.gitignore` the lines of `wanted` it lacks, after every byte
    it had (in its own line ending), so that `.lz-cache/` and the generated folders are
    ignored; the lines appended."""
    data = path.read_bytes()
    present = {_pattern_key(line) for line in data.decode("utf-8", errors="replace").splitlines()}
    missing = [line for line in wanted.splitlines()
               if line.strip() and not line.startswith("#") and _pattern_key(line) not in present]
    if not missing:
        return []
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    lines = [GITIGNORE_COMMENT, *missing]
    addition = (newline if data and not data.endswith(b"\n") else b"") + (newline if data.strip() else b"")
    addition += newline.join(line.encode("utf-8") for line in lines) + newline
    with path.open("ab") as out:  # appended: the file keeps every byte it had
        out.write(addition)
    return missing


def init_repository(path: Path, today: dt.date | None = None) -> InitResult:
    """Write the new repository's files, never over an existing one (an existing
    `.gitignore` gets the lines it lacks appended)."""
    today = today or dt.date.today()
    values = {
        "@LZ_VERSION@": __version__,
        "@TODAY@": today.isoformat(),
        "@DUE@": (today + dt.timedelta(days=180)).isoformat(),
    }
    result = InitResult()
    for source, target in FILES.items():
        dest = path / target
        text = (SCAFFOLD / source).read_text(encoding="utf-8")
        for marker, value in values.items():
            text = text.replace(marker, value)
        if dest.exists() or dest.is_symlink():
            if target == GITIGNORE and not dest.is_symlink():  # (a link may lead out of the folder)
                result.ignored = _extend_gitignore(dest, text)
            if not (target == GITIGNORE and result.ignored):
                result.skipped.append(target)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        result.written.append(target)
    for schema in write_schemas(path / SCHEMA_DIR):
        result.written.append(schema.relative_to(path).as_posix())
    # Generated from the sample data, in the language CI checks it in (`lz codeowners --check`).
    owners = path / CODEOWNERS_FILE
    if owners.exists() or owners.is_symlink():
        result.skipped.append(CODEOWNERS_FILE)
    else:
        text = render_codeowners(codeowners(open_repository(path, cache=False)), "zh")
        owners.write_text(text, encoding="utf-8", newline="\n")
        result.written.append(CODEOWNERS_FILE)
    return result
