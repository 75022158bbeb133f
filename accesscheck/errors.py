"""The project's exceptions: each one is caught once, in the CLI, and becomes an exit code."""

from __future__ import annotations

# The exit codes (README "Exit codes"); 130/143 after SIGINT/SIGTERM.
EXIT_OK = 0
EXIT_POLICY = 1  # the policy failed: a required model, --fail-on, the baseline, coverage
EXIT_USAGE = 2
EXIT_NETWORK_DOWN = 3
EXIT_INTERNAL = 70
EXIT_SIGNALS = (130, 143)  # a scan stopped by SIGINT or SIGTERM: 128 + the signal


class AccessCheckError(Exception):
    """Base of every error the CLI turns into a one-line message and an exit code."""

    exit_code = 70


class ConfigError(AccessCheckError):
    """Bad usage or configuration: a malformed registry, a bad option, a missing file.

    The message must say where and what, and must never contain a secret.
    """

    exit_code = 2


class NetworkDown(AccessCheckError):
    """Nothing answered at the network level (DNS, TCP, TLS, the proxy): exit 3, as a scan in
    which no provider answered. Used where one fetch is the whole command (a catalogue)."""

    exit_code = EXIT_NETWORK_DOWN
