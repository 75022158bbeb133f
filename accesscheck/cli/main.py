"""The console entry point: run the command asked for, turn every error into one line and an
exit code. Every AccessCheckError is caught once, here; anything else is an internal error
(exit 70), with a scrubbed traceback only under --debug."""

from __future__ import annotations

import copy
import os
import signal
import sys
import threading
import traceback
from typing import TYPE_CHECKING, NoReturn

import typer

# Only what building the CLI needs is imported here: --help and --version stay fast, and each
# command imports its stages when it runs (README "Performance").
from accesscheck.errors import (
    EXIT_INTERNAL,
    EXIT_USAGE,
    AccessCheckError,
)

if TYPE_CHECKING:
    pass

from accesscheck.cli.root import _err, _state, app


class Terminated(BaseException):
    """SIGTERM outside a scan (a scan handles it itself and keeps its partial report)."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


def _command(argv: list[str]) -> typer.core.TyperGroup:
    """The click command of `app`, built for the command asked for only, its flags coerced
    without pydantic (start-up, #12).

    typer builds every command's parameters from their annotations, about a third of the
    start-up, though one command runs: `app` with only that command registered behaves the
    same for it (the root takes flags only, so the first word that is not an option names the
    command). And typer builds a pydantic TypeAdapter to coerce any option whose value is not
    already a bool, an absent flag (None) included: the root's --help when a command's help is
    asked, so `accesscheck scan --help` imported pydantic, 2.7x the time of `import typer,
    rich`. A flag needs no adapter: click gives it a bool or nothing. Best effort: another
    typer keeps its own behaviour."""
    wanted = next((word for word in argv if not word.startswith("-")), None)
    named = typer.main.get_command_name
    chosen = [
        info
        for info in app.registered_commands
        if wanted and (info.name or named(getattr(info.callback, "__name__", ""))) == wanted
    ]
    only = app
    if chosen:
        only = copy.copy(app)
        only.registered_commands = chosen
    command = typer.main.get_command(only)
    try:
        from typer._coercion import PassThroughRuntimeParam
    except ImportError:  # pragma: no cover - a typer without the adapter layer
        return command  # type: ignore[return-value]
    commands = [command, *getattr(command, "commands", {}).values()]
    # click makes (and keeps) each command's --help option on first use, from a context
    helps = [c.get_help_option(c.context_class(c, info_name=c.name)) for c in commands]
    for param in (*helps, *(p for c in commands for p in c.params)):
        described = getattr(param, "type_descriptor", None)
        if described is None or described.annotation is not bool:
            continue
        if getattr(param, "_runtime_param", False) is None:
            param._runtime_param = PassThroughRuntimeParam(
                annotation=bool, parameter_info=described.parameter_info
            )
    return command  # type: ignore[return-value]


def main() -> NoReturn:
    """Console entry point: run the app, turn every error into one line and an exit code."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        code = _command(sys.argv[1:])(standalone_mode=False)
        _exit(code if isinstance(code, int) else 0)
    except typer.Exit as done:
        _exit(done.exit_code)
    except AccessCheckError as error:
        _err(f"accesscheck: error: {error}")
        _exit(error.exit_code)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        _err("accesscheck: interrupted")
        _exit(130)
    except Terminated:
        _err("accesscheck: terminated")
        _exit(143)
    except typer.Abort:
        _exit(130)
    except typer.TyperException as error:  # usage errors: bad option, missing argument
        _hint_dashed_paste(error)
        show = getattr(error, "show", None)
        if show:
            show()
        _exit(getattr(error, "exit_code", EXIT_USAGE))
    except Exception as error:  # noqa: BLE001 - the last line of defence
        _err(f"accesscheck: internal error: {type(error).__name__} (run with --debug for details)")
        if _state["debug"]:
            _err("".join(traceback.format_exception(error)))
        _exit(EXIT_INTERNAL)


def _hint_dashed_paste(error: Exception) -> None:
    """A paste that starts with a dash (a YAML list item, `-Error: …`) reads as an unknown
    option of `explain`; say how to pass it, in the one line that reports the error. Options
    stay strict: reading an unknown one as the text would explain a mistyped flag instead."""
    # typer vendors click (typer._click) and exports none of its exception classes: by name
    unknown_option = type(error).__name__ == "NoSuchOption"
    in_explain = getattr(getattr(error, "ctx", None), "info_name", None) == "explain"
    message = getattr(error, "message", None)
    if unknown_option and in_explain and isinstance(message, str):
        hint = " (a text that starts with '-' goes after '--': explain -- TEXT)"
        setattr(error, "message", message + hint)  # noqa: B010 - click's, untyped here


def _quiet_broken_pipe() -> NoReturn:
    # stdout's reader went away (`accesscheck scan | head -1`): exit quietly.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    _exit(0)


def _exit(code: int | None) -> NoReturn:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # from here on, a SIGTERM just ends us
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    sys.exit(code or 0)
