"""lianzheng (`lz`): 廉政风险防控 as YAML in git.

The library behind the `lz` command. A command opens the unit's repository once
(`open_repository`) and hands it to the capability it runs: `rules.validate`,
`grading.report`, `dynamic.due`, `flowchart.draw`, `site.pipeline`, `review.diff`...
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lianzheng.repo.repository import Repository

__version__ = "0.1.0"


def open_repository(path: str | os.PathLike[str] = ".", **options: Any) -> Repository:
    """The repository holding `path`, every file through lz's rules (see `Repository.open`
    for the options: cache, models, jobs, progress, on_total)."""
    from lianzheng.repo.repository import Repository
    from lianzheng.rules.stage import STAGE

    return Repository.open(path, STAGE, **options)
