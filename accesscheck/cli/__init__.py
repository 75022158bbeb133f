"""The command line: Typer wiring only — parse options, call a stage, render, exit.

root.py holds the application and shared output helpers, options.py the options several
commands share and their parsers, scan.py and commands.py the commands, help.py the plain
--help, main.py the entry point (`accesscheck = "accesscheck.cli:main"`). Only what building
the CLI needs is imported at start-up: each command imports its stages when it runs.
"""

from accesscheck.cli import commands, scan
from accesscheck.cli.help import plain_help
from accesscheck.cli.main import main
from accesscheck.cli.root import app

plain_help(app)

__all__ = ["app", "commands", "main", "scan"]
