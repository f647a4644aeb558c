"""Snapshot files: expected output kept under tests/snapshots/, reviewed in the diff.

Run the tests with LZ_UPDATE_SNAPSHOTS=1 to rewrite them after an intended change."""

from __future__ import annotations

import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("LZ_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        if os.environ.get("LZ_UPDATE_SNAPSHOTS") != "1":
            raise AssertionError(f"new snapshot written: {path}; review it and run again")
        return
    with open(path, encoding="utf-8", newline="") as fh:  # byte for byte: CSV lines end in CRLF
        expected = fh.read()
    assert actual == expected, f"{name} differs from its snapshot (LZ_UPDATE_SNAPSHOTS=1 to update after review)"
