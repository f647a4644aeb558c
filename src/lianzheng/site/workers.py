"""The worker processes of a publish. Each is forked from the publishing process and
started with its SiteBuild (handed over in memory by the fork, never pickled): it draws
the DOT of a batch of charts, or renders a batch of pages into the staging folders."""

from __future__ import annotations

from pathlib import Path

from lianzheng.flowchart.dot import flowchart_dot
from lianzheng.repo.storage import gc_paused
from lianzheng.site.build import SiteBuild
from lianzheng.site.pages import Page
from lianzheng.spec.models import Power

# Set by `start` in each worker process only; the publishing process never sets it.
_build: SiteBuild | None = None


def start(build: SiteBuild) -> None:
    """The pool's initializer: the build this worker works from."""
    global _build
    _build = build


def dot_batch(jobs: list[tuple[str, str, str]], build: SiteBuild | None = None) -> list[tuple[str, str, str]]:
    """The DOT source of each (edition, power id, file)."""
    build = build or _build
    assert build is not None
    out = []
    with gc_paused():
        for edition, pid, source in jobs:
            power = next(d for d in build.repo.models_of(source) if isinstance(d, Power) and d.id == pid)
            if power.flow is not None:
                out.append((edition, pid, flowchart_dot(power, build.repo.names, edition, grades=build.grades)))
        build.repo.forget_models()
    return out


def render_batch(jobs: list[tuple[str, Page, str]], build: SiteBuild | None = None) -> list[tuple[str, str]]:
    """Render each (edition, page) into its staging path; the (edition, path) of each."""
    build = build or _build
    assert build is not None
    out = []
    with gc_paused():
        for edition, page, staged in jobs:
            Path(staged).write_bytes(build.render(edition, page))
            out.append((edition, page.path))
        build.repo.forget_models()  # jobs come grouped by file: do not hold the city in memory
    return out
