"""Generate the shipped JSON Schemas from the code's own models (issue #16):
`python3 -m accesscheck.schemas.generate` rewrites accesscheck/schemas/*.schema.json.

- registry: from the pydantic models of accesscheck.registry, plus what the loader does
  before them (`extends: builtin` and its partial overrides, `auth.env` as one name or a
  list) and the error families the rule table knows;
- report: from the TypedDicts of accesscheck.report.jsondoc, which report/json.py writes.

Draft-07, not pydantic's 2020-12: yaml-language-server, the editor side of the modeline in
providers.yaml, supports JSON Schema 7 and below (its README), and check-jsonschema reads
either. Runs at development time only: pydantic is imported here, never by `accesscheck
schema`, which prints the shipped file."""

from __future__ import annotations

import copy
import json
import re
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


README = Path(__file__).parents[2] / "README.md"
# Where README's registry table puts a field (`providers[].models[].tier`) → its definition.
_OWNERS = {"providers[]": "Provider", "providers[].models[]": "Model", "providers[].auth": "Auth"}


def _markdown_cells(line: str) -> list[str]:
    """The cells of a Markdown table row (`\\|` inside a cell is a pipe)."""
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [cell.strip().replace("\\|", "|") for cell in cells]


def _unlinked(markdown: str) -> str:
    """Markdown links within the README reduced to their text."""
    return re.sub(r"\[([^\]]+)\]\(#[^)]*\)", r"\1", markdown)


def registry_docs(readme: str) -> dict[str, str]:
    """The meaning of each registry field, from README's table in "The registry (contract
    v1)": the contract's own words become the editor's hover text. `providers[].source`,
    `.checked`, `.note` in one row name three fields."""
    section = readme.split("\n## The registry (contract v1)\n", 1)[1].split("\n## ", 1)[0]
    docs = {}
    for line in section.splitlines():
        cells = _markdown_cells(line) if line.startswith("| `") else []
        if len(cells) != 3:
            continue
        names = re.findall(r"`([^`]+)`", cells[0])
        stem = names[0].rpartition(".")[0]
        meaning = _unlinked(cells[2])
        kinds = cells[1].split(" / ") if len(names) > 1 else []  # URL / `YYYY-MM-DD` / text
        for i, name in enumerate(names):
            kind = f" ({kinds[i]})" if len(kinds) == len(names) else ""
            docs[stem + name if name.startswith(".") else name] = meaning + kind
    return docs


def _describe(schema: dict[str, Any], docs: Mapping[str, str]) -> None:
    for path, meaning in docs.items():
        owner, _, field = path.rpartition(".")
        where = schema if not owner else schema["definitions"][_OWNERS[owner]]
        where["properties"][field.removesuffix("[]")]["description"] = meaning


def registry_schema() -> dict[str, Any]:
    return registry_schema_with(README.read_text(encoding="utf-8"))


def registry_schema_with(readme: str) -> dict[str, Any]:
    """The registry's schema, its field descriptions taken from this README text."""
    from accesscheck.classify.rules import FAMILIES
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
    schema["properties"] = {"extends": {"const": BUILTIN, "title": "Extends"}, **props}
    _describe(schema, registry_docs(readme))
    defs = schema["definitions"]
    # Auth._one_or_many: one name or a list of names.
    env = defs["Auth"]["properties"]["env"]
    many = {k: v for k, v in env.items() if k not in ("default", "title", "description")}
    defs["Auth"]["properties"]["env"] = {
        "anyOf": [env["items"], many],
        **{k: v for k, v in env.items() if k in ("default", "title", "description")},
    }
    # Provider._family checks this table (the dialects are the Api enum): the schema lists it.
    provider = defs["Provider"]["properties"]
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


# README's JSON report section: the table after a line opening with this name → its document.
_REPORT_TABLES = {
    "`results[]`": "ResultDoc",
    "`providers[]`": "ProviderDoc",
    "`vantage`": "VantageDoc",
}


def report_docs(readme: str) -> dict[tuple[str, str], str]:
    """The meaning of each field of the results, providers and vantage objects, from README's
    tables in "The JSON report (schema v1)"; (document, field) → meaning."""
    section = readme.split("\n## The JSON report (schema v1)\n", 1)[1].split("\n## ", 1)[0]
    docs, owner = {}, None
    for line in section.splitlines():
        opener = line.split(" ", 1)[0].rstrip(":")
        if opener in _REPORT_TABLES:
            owner = _REPORT_TABLES[opener]
        cells = _markdown_cells(line) if line.startswith("| `") and owner else []
        if len(cells) == 2 and owner:
            for name in re.findall(r"`([^`]+)`", cells[0]):
                docs[owner, name] = _unlinked(cells[1])
    return docs


def report_schema() -> dict[str, Any]:
    return report_schema_with(README.read_text(encoding="utf-8"))


def report_schema_with(readme: str) -> dict[str, Any]:
    """The report's schema, its field descriptions taken from this README text."""
    from pydantic import TypeAdapter

    from accesscheck.report.jsondoc import ReportDoc

    schema = _draft7(
        TypeAdapter(ReportDoc).json_schema(ref_template=_REF),
        "accesscheck JSON report (schema v1)",
        "The document `accesscheck scan --format json` writes (README.md, 'The JSON report'). "
        "Fields are only ever added, never renamed.",
    )
    for (owner, field), meaning in report_docs(readme).items():
        schema["definitions"][owner]["properties"][field]["description"] = meaning
    return schema


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
