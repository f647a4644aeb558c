"""`lz init`: a new unit repository that validates cleanly and works with CI from day one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lianzheng import __version__, open_repository
from lianzheng.report.codeowners import render_codeowners
from lianzheng.review.codeowners import codeowners
from lianzheng.spec.jsonschema import write_schemas

SCAFFOLD = Path(__file__).parent / "files"
SCHEMA_DIR = ".lz/schemas"
# At the root, where GitHub and GitLab both look for it.
CODEOWNERS_FILE = "CODEOWNERS"

# scaffold file -> where it goes in the new repository
FILES = {
    "lianzheng.yaml": "lianzheng.yaml",
    "laws.yaml": "laws.yaml",
    "powers/SAMPLE-XK-001.yaml": "powers/SAMPLE-XK-001.yaml",
    "gitignore": ".gitignore",
    "github/lianzheng.yml": ".github/workflows/lianzheng.yml",
    "gitlab/gitlab-ci.yml": ".gitlab-ci.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}


def init_repository(path: Path, today: dt.date | None = None) -> list[str]:
    """Write the new repository's files (never over an existing file); their paths."""
    today = today or dt.date.today()
    values = {
        "@LZ_VERSION@": __version__,
        "@TODAY@": today.isoformat(),
        "@DUE@": (today + dt.timedelta(days=180)).isoformat(),
    }
    written: list[str] = []
    for source, target in FILES.items():
        dest = path / target
        if dest.exists():
            continue
        text = (SCAFFOLD / source).read_text(encoding="utf-8")
        for marker, value in values.items():
            text = text.replace(marker, value)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        written.append(target)
    for schema in write_schemas(path / SCHEMA_DIR):
        written.append(schema.relative_to(path).as_posix())
    # Generated from the sample data, in the language CI checks it in (`lz codeowners --check`).
    owners = path / CODEOWNERS_FILE
    if not owners.exists():
        text = render_codeowners(codeowners(open_repository(path, cache=False)), "zh")
        owners.write_text(text, encoding="utf-8", newline="\n")
        written.append(CODEOWNERS_FILE)
    return written
