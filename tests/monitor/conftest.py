"""`LZ_TEST_ENGINE=spark pytest tests/monitor -p no:xdist`: the whole monitor suite on Apache
Spark instead of DuckDB (every finding, the time rules, the real logs, with the figures the
tests expect), in one local Spark session. It takes minutes, so `make test` does not run
it; `test_spark.py` holds what the suite checks on Spark every time."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def _spark_session() -> Iterator[Any]:
    from lianzheng.engine import open_engine

    with open_engine("spark") as engine:
        yield engine


@pytest.fixture(autouse=True)
def _every_log_on_spark(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.environ.get("LZ_TEST_ENGINE") != "spark":
        return
    from lianzheng.engine.spark import SparkEngine
    import lianzheng.monitor.engine as monitor_engine

    shared = request.getfixturevalue("_spark_session")

    def borrowed(name: str, **options: Any) -> Any:
        # the session of the suite, which closing leaves running
        return SparkEngine(shared._spark, owned=False)

    monkeypatch.setattr(monitor_engine, "open_engine", borrowed)
