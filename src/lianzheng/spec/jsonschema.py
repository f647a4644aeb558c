"""JSON Schemas from the models: one per kind, and one for any lianzheng document.

These are what editors (yaml-language-server) use to complete and check fields; the
committed `schemas/` folder is exactly what `write_schemas` produces."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

from lianzheng.spec.models import API_VERSION, KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ANY_DOCUMENT = "lianzheng.schema.json"


def schema_file(kind: str) -> str:
    """`DiscretionBenchmark` -> `discretion-benchmark.schema.json`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower() + ".schema.json"


def kind_schema(kind: str) -> dict[str, Any]:
    cls = KINDS[kind]
    schema = cls.model_json_schema(by_alias=True)
    return {"$schema": DIALECT, **schema}


def any_schema() -> dict[str, Any]:
    _, defs = models_json_schema([(cls, "validation") for cls in KINDS.values()], by_alias=True)
    branches = [
        {
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"$ref": f"#/$defs/{cls.__name__}"},
        }
        for kind, cls in KINDS.items()
    ]
    return {
        "$schema": DIALECT,
        "title": "lianzheng 文档",
        "description": f"lianzheng 数据文件中的任一文档（apiVersion: {API_VERSION}），按 kind 区分类型。",
        "type": "object",
        "required": ["apiVersion", "kind"],
        "properties": {
            "apiVersion": {"const": API_VERSION, "title": "接口版本"},
            "kind": {"enum": list(KINDS), "title": "文档类型",
                     "description": "Unit 单位 · Power 职权 · RiskRegister 岗位风险登记表 · "
                                    "DiscretionBenchmark 裁量基准 · LawRegistry 法律法规登记表 · "
                                    "CaseLog 办件数据 · Signals 预警信号 · Disposals 预警处置"},
        },
        "allOf": branches,
        "$defs": defs["$defs"],
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    out = {schema_file(kind): kind_schema(kind) for kind in KINDS}
    out[ANY_DOCUMENT] = any_schema()
    return out


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in sorted(all_schemas().items()):
        path = out / name
        path.write_text(dumps(schema), encoding="utf-8")
        written.append(path)
    return written
