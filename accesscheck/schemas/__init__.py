"""The JSON Schemas accesscheck ships beside this module: what users write (the registry) and
what they read (the JSON report). Generated from the code's own models by
`python3 -m accesscheck.schemas.generate`; tests/test_schema.py fails when a shipped file
differs from what the code generates today.

Reading one imports nothing but importlib: `accesscheck schema` stays as fast as `--help`."""

from __future__ import annotations

from importlib import resources

from accesscheck.choices import SchemaName


def file_name(name: SchemaName) -> str:
    return f"{name.value}.schema.json"


def shipped(name: SchemaName) -> str:
    """The shipped schema's text, as `accesscheck schema NAME` prints it."""
    return (resources.files(__name__) / file_name(name)).read_text(encoding="utf-8")
