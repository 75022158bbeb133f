"""The project's exceptions: each one is caught once, in the CLI, and becomes an exit code."""

from __future__ import annotations


class AccessCheckError(Exception):
    """Base of every error the CLI turns into a one-line message and an exit code."""

    exit_code = 70


class ConfigError(AccessCheckError):
    """Bad usage or configuration: a malformed registry, a bad option, a missing file.

    The message must say where and what, and must never contain a secret.
    """

    exit_code = 2
