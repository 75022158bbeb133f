"""The Typer application, its root options (--version, --debug) and the output helpers every
command shares: stderr lines (scrubbed), colour only on a TTY without NO_COLOR."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

# Only what building the CLI needs is imported here: --help and --version stay fast, and each
# command imports its stages when it runs (README "Performance").
from accesscheck import __version__

if TYPE_CHECKING:
    pass


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # never print locals: they hold keys
    # Plain help text: rich-formatted help imports rich.markdown and markdown-it, which would
    # triple the start-up time of --help (README "Performance").
    rich_markup_mode=None,
    help="Which frontier AI models can you actually use, from where you stand, right now?",
)


_state = {"debug": False}


def _is_tty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _use_color(stream: object) -> bool:
    return _is_tty(stream) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _err(line: str) -> None:
    from accesscheck.keys import scrub

    sys.stderr.write(scrub(line) + "\n")


def _debug(line: str) -> None:
    if _state["debug"]:
        _err(f"debug: {line}")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"accesscheck {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Print each probe step on stderr (scrubbed).")
    ] = False,
) -> None:
    _state["debug"] = debug
