"""Export and import of the register as offices keep it (台账): `lz export`, `lz import`.

    export(path, format="xlsx" | "csv" | "parquet", audience="internal" | "public", out=None)
        -> ExportResult                                   (export.py; Parquet columns there)
    import_register(file, into=".", sheet=None, dry_run=False) -> ImportResult   (importer.py)
What they print is `lianzheng.report.exchange` (reports "import" and "export").

Both raise `ExchangeError` (exit 2) for a file that cannot be read or written.
"""

from __future__ import annotations

from lianzheng.exchange.errors import ExchangeError
from lianzheng.exchange.export import ExportResult, export
from lianzheng.exchange.importer import ImportedRisk, ImportResult, Problem, import_register

__all__ = ["ExchangeError", "ExportResult", "ImportResult", "ImportedRisk", "Problem", "export", "import_register"]
