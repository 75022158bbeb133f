"""The closed sets the command line offers, kept free of heavy imports so that building the
CLI (and `--help`, `--version`) imports nothing but typer: the modules that act on a choice
import it from here."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """A scan report's format (accesscheck.report.FORMATS renders each)."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    JUNIT = "junit"
    PROMETHEUS = "prometheus"
    BADGE = "badge"
    HTML = "html"


class MatrixFormat(StrEnum):
    """A model × vantage matrix's format (merge, scan --vantage)."""

    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


class TextFormat(StrEnum):
    """Text for people or JSON for programs: explain, providers, discover and history (each
    command's RENDERERS dict renders these, and a test keeps them in step)."""

    TABLE = "table"
    JSON = "json"


class DiffFormat(StrEnum):
    """What `diff` prints (accesscheck.report.changes.RENDERERS)."""

    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"


class NotifyFormat(StrEnum):
    SLACK = "slack"
    JSON = "json"


class Trust(StrEnum):
    CERTIFI = "certifi"  # Mozilla's roots as certifi ships them (or $SSL_CERT_FILE)
    OS = "os"  # the operating system's trust store, through truststore


class ExportTarget(StrEnum):
    LITELLM = "litellm"
    ENV = "env"


class SchemaName(StrEnum):
    """The JSON Schemas `accesscheck schema` prints (accesscheck/schemas/NAME.schema.json)."""

    REGISTRY = "registry"
    REPORT = "report"


class Catalog(StrEnum):
    """A public model catalogue `discover --catalog` reads (accesscheck.catalog.CATALOG_URLS)."""

    MODELS_DEV = "models.dev"
    OPENROUTER = "openrouter"


class Endpoint(StrEnum):
    """Which call produced a pasted answer (explain)."""

    LIST = "list"
    GET = "get"
    GENERATE = "generate"


DEFAULT_KEEP = "90d"  # how long the scan history keeps scans

# Secrets that would show in the process list (`ps`) on a command line come from these instead.
NOTIFY_VARIABLE = "ACCESSCHECK_NOTIFY"  # webhook URLs (they carry tokens), whitespace-separated
PROXY_VARIABLE = "ACCESSCHECK_PROXY"  # the proxy URL, with its password
