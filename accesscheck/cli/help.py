"""--help in plain words (no type names, descriptions never cut), for every command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

# Only what building the CLI needs is imported here: --help and --version stay fast, and each
# command imports its stages when it runs (README "Performance").

if TYPE_CHECKING:
    pass


def _value_name(param: typer.core.TyperOption | typer.core.TyperArgument) -> str:
    """What --help shows for a value: the metavar given, the choices, PATH, or the name in
    capitals — never Typer's type names (`<list[str]>`, `<float range>`, `{target}`)."""
    if param.metavar:
        return param.metavar
    desc = param.type_descriptor
    if desc.is_choice and desc.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + "]"
    if desc.is_path:
        return "PATH"
    return (param.name or "value").upper()


class _PlainOption(typer.core.TyperOption):
    def display_type_rich(self, ctx: Any) -> str:
        return _value_name(self)


class _PlainArgument(typer.core.TyperArgument):
    def display_type_rich(self, ctx: Any) -> None:
        return None  # the name says it; the help text says what it holds

    def _rich_display_name(self) -> str:
        desc = self.type_descriptor
        if self.metavar or not (desc.is_choice and desc.choices):
            name = self.metavar or (self.name or "value").upper()
        else:  # the choices, without the brackets that would read as "optional"
            name = _value_name(self)[1:-1]
        return name + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self._rich_display_name()
        return name if self.required else f"[{name}]"


class _PlainHelp(typer.core.TyperCommand):
    """--help in plain words: values as PATH, SECONDS, [table|json]; a command's description
    whole in the command list, never cut with "..." (issue #11)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, typer.core.TyperOption):
                param.__class__ = _PlainOption
            elif isinstance(param, typer.core.TyperArgument):
                param.__class__ = _PlainArgument

    def get_short_help_str(self, limit: int = 45) -> str:
        words = (self.short_help or self.help or "").split("\n\n")[0].split()
        end = next((i for i, word in enumerate(words) if word.endswith(".")), len(words) - 1)
        return " ".join(words[: end + 1])


def plain_help(app: typer.Typer) -> None:
    """Give every registered command the plain help (call after the commands are registered)."""
    for info in app.registered_commands:
        info.cls = _PlainHelp
