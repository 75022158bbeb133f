"""Generate the shipped JSON Schemas from the code's own models (issue #16):
`python3 -m accesscheck.schemas.generate` rewrites accesscheck/schemas/*.schema.json.

- registry: from the pydantic models of accesscheck.registry, plus what the loader does
  before them (`extends: builtin` and its partial overrides, `auth.env` as one name or a
  list) and the closed sets other tables hold (the dialects, the error families);
- report: from the TypedDicts accesscheck.report.json writes the JSON report with.

Draft-07, not pydantic's 2020-12: yaml-language-server, the editor side of the modeline in
providers.yaml, supports JSON Schema 7 and below (its README), and check-jsonschema reads
either. Runs at development time only: pydantic is imported here, never by `accesscheck
schema`, which prints the shipped file."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from accesscheck.choices import SchemaName
from accesscheck.schemas import file_name

DRAFT = "http://json-schema.org/draft-07/schema#"
_REF = "#/definitions/{model}"


def _draft7(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    """pydantic's schema with draft-07's `definitions` (its $refs already point there)."""
    body = {k: v for k, v in schema.items() if k not in ("$defs", "title", "description")}
    return {
        "$schema": DRAFT,
        "title": title,
        "description": description,
        **body,
        "definitions": schema.get("$defs", {}),
    }


def _array_of(definition: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/definitions/{definition}"}}


def registry_schema() -> dict[str, Any]:
    from accesscheck.classify.rules import FAMILIES
    from accesscheck.providers import DIALECTS
    from accesscheck.registry import BUILTIN, Registry

    schema = _draft7(
        Registry.model_json_schema(ref_template=_REF),
        "accesscheck registry (contract v1)",
        "A provider registry for accesscheck (README.md, 'The registry'). With `extends: "
        "builtin`, providers and labs of the bundled registry are named by id and only the "
        "fields given are overridden.",
    )
    props = schema["properties"]
    del props["source"]  # set by the loader (where the registry was read from), never written
    # Registry._version takes exactly 1, and the loader reads `extends` before the models.
    props["version"] = {"const": 1, "type": "integer", "title": "Version"}
    schema["properties"] = {
        "extends": {
            "const": BUILTIN,
            "title": "Extends",
            "description": "Start from the bundled registry; providers, models and labs merge "
            "into it by id.",
        },
        **props,
    }
    defs = schema["definitions"]
    # Auth._one_or_many: one name or a list of names.
    env = defs["Auth"]["properties"]["env"]
    many = {k: v for k, v in env.items() if k not in ("default", "title")}
    defs["Auth"]["properties"]["env"] = {
        "anyOf": [env["items"], many],
        "default": env["default"],
        "title": env["title"],
    }
    # Provider._dialect and Provider._family check these tables: the schema lists them.
    provider = defs["Provider"]["properties"]
    provider["api"]["enum"] = list(DIALECTS)
    provider["family"]["anyOf"][0]["enum"] = sorted(FAMILIES)
    # extends: builtin — a bundled provider or lab is named by id, and a new one cannot be
    # told from an override by the schema alone: only the id is required (the loader checks
    # the merged result).
    for name in ("Provider", "Lab"):
        defs[f"{name}Override"] = {
            **copy.deepcopy(defs[name]),
            "title": f"{name}Override",
            "required": ["id"],
        }
    full = {key: schema["properties"].pop(key) for key in ("providers", "labs")}
    for key, value in full.items():
        schema["properties"][key] = {k: v for k, v in value.items() if k != "items"}
    schema["if"] = {"required": ["extends"]}
    schema["then"] = {
        "properties": {
            "providers": _array_of("ProviderOverride"),
            "labs": _array_of("LabOverride"),
        }
    }
    schema["else"] = {"properties": full}
    return schema


def report_schema() -> dict[str, Any]:
    from pydantic import TypeAdapter

    from accesscheck.report.json import ReportDoc

    return _draft7(
        TypeAdapter(ReportDoc).json_schema(ref_template=_REF),
        "accesscheck JSON report (schema v1)",
        "The document `accesscheck scan --format json` writes (README.md, 'The JSON report'). "
        "Fields are only ever added, never renamed.",
    )


GENERATORS: Mapping[SchemaName, Callable[[], dict[str, Any]]] = {
    SchemaName.REGISTRY: registry_schema,
    SchemaName.REPORT: report_schema,
}


def text(name: SchemaName) -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(GENERATORS[name](), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    here = Path(__file__).parent
    for name in SchemaName:
        (here / file_name(name)).write_text(text(name), encoding="utf-8")
        sys.stdout.write(f"wrote {here / file_name(name)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
