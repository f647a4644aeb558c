"""Imports point one way: a package imports only from the layers below its own (and from
its own modules), so the reading layer never depends on the rules, the rules never on
the site, and nothing below the command line depends on it. Lazy imports inside
functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lianzheng"

# Lowest first. Packages on one line are independent of each other.
LAYERS: list[tuple[str, ...]] = [
    ("i18n",),
    ("spec",),
    ("repo",),
    ("engine",),
    ("grading",),
    ("flowchart",),
    ("warn",),
    ("dynamic",),
    ("rules",),
    ("review", "exchange", "monitor"),
    ("assess",),
    ("rollup",),
    ("report",),
    ("site", "scaffold"),
    ("cli",),
]
LAYER = {name: n for n, names in enumerate(LAYERS) for name in names}


def package_of(module: str) -> str | None:
    """`lianzheng.repo.scan` -> `repo`; None for the package root itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every `lianzheng` import of a file, relative ones resolved."""
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    here = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    if parts[-1] == "__init__":
        here = parts[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names = [f"{module}.{a.name}" for a in node.names] if module in ("lianzheng",) else [module]
            out += [(node.lineno, m) for m in names]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
    return [(line, m) for line, m in out if m == "lianzheng" or m.startswith("lianzheng.")]


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    packages |= {p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    assert packages <= set(LAYER), sorted(packages - set(LAYER))


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_down(path: Path) -> None:
    own = package_of(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
    if own in (None, "__main__", "__init__"):
        return  # the package root opens a repository for library users; `python -m` runs the cli
    wrong = []
    for line, module in imports(path):
        other = package_of(module)
        if other is None or other == own or other in ("__version__", "open_repository"):
            continue
        if LAYER.get(other, 99) >= LAYER[own]:
            wrong.append(f"line {line}: {module} ({other}, layer {LAYER.get(other)}) from {own} (layer {LAYER[own]})")
    assert not wrong, "\n".join(wrong)
