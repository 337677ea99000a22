"""Command options as frozen dataclasses: one definition for the CLI flags and the invoke task.

A command declares its options once::

    @dataclass(frozen=True, slots=True)
    class Options:
        project: Path = field(default=Path(), metadata=option("run in PATH", short="C"))
        dry_run: bool = field(default=False, metadata=option("print what would be done"))

:func:`add_arguments` turns the fields into argparse flags, :func:`from_namespace` reads them
back, and ``releasegate.invoke_tasks`` builds an invoke task with the same flags. Supported
field types: ``bool`` (a switch, default False), ``str``, ``int``, ``Path`` and their ``| None``
forms, and ``Secret | None`` (read as text, wrapped in a Secret at once).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from releasegate._redact import Secret
from releasegate.errors import UsageError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

__all__ = [
    "Command",
    "OptionSpec",
    "add_arguments",
    "from_namespace",
    "option",
    "option_specs",
    "options_from_values",
]

Kind = Literal["bool", "str", "int", "path", "secret"]
# Annotations are read as written (``from __future__ import annotations`` keeps them text), so
# option modules may import Path and Secret for type checking only.
_KINDS: dict[str, Kind] = {"bool": "bool", "str": "str", "int": "int", "Path": "path",
                           "Secret": "secret"}  # fmt: skip


def option(
    help: str,  # noqa: A002 - argparse's own name for it
    *,
    short: str | None = None,
    metavar: str | None = None,
    choices: tuple[str, ...] | None = None,
    env: str | None = None,
    positional: bool = False,
) -> dict[str, Any]:
    """Field metadata describing a command-line option (see the module docstring).

    ``short`` is a one-letter alias (``"C"`` gives ``-C``); ``env`` names an environment
    variable the command reads when the option is not given (shown in the help only);
    ``positional`` makes it an optional positional argument (``releasegate init [PATH]``).
    """
    return {"releasegate": {"help": help, "short": short, "metavar": metavar, "choices": choices,
                            "env": env, "positional": positional}}  # fmt: skip


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One option of a command, as both front ends see it."""

    name: str  # the dataclass field: dry_run
    flag: str  # the long flag: --dry-run
    kind: Kind
    optional: bool  # the type admits None
    default: Any
    help: str
    short: str | None
    metavar: str | None
    choices: tuple[str, ...] | None
    positional: bool = False


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand: its name, help, options class and the function that runs it."""

    name: str
    help: str
    options: type[Any]
    run: Callable[[Any], int]
    description: str | None = None


def option_specs(options: type[Any]) -> list[OptionSpec]:
    """The options of a dataclass, in field order; raise TypeError for an unsupported field."""
    specs = []
    for spec in dataclasses.fields(options):
        meta = spec.metadata.get("releasegate")
        if meta is None:
            raise TypeError(f"{options.__name__}.{spec.name}: no option() metadata")
        kind, optional = _kind(str(spec.type), f"{options.__name__}.{spec.name}")
        help_text = meta["help"] + (f" (default: ${meta['env']})" if meta["env"] else "")
        specs.append(
            OptionSpec(
                name=spec.name,
                flag="--" + spec.name.replace("_", "-"),
                kind=kind,
                optional=optional,
                default=spec.default,
                help=help_text,
                short=meta["short"],
                metavar=meta["metavar"],
                choices=meta["choices"],
                positional=meta.get("positional", False),
            )
        )
    return specs


def _kind(annotation: str, where: str) -> tuple[Kind, bool]:
    parts = [part.strip() for part in annotation.split("|")]
    optional = "None" in parts
    rest = [part for part in parts if part != "None"]
    kind = _KINDS.get(rest[0]) if len(rest) == 1 else None
    if kind is None:
        raise TypeError(f"{where}: unsupported option type {annotation!r}")
    return kind, optional


def add_arguments(parser: argparse.ArgumentParser, options: type[Any]) -> None:
    """Add one argparse flag per option of ``options``."""
    for spec in option_specs(options):
        converter: Callable[[str], Any] = {"int": int, "path": Path}.get(spec.kind, str)
        if spec.positional:
            parser.add_argument(
                spec.name,
                nargs="?",
                type=converter,
                default=spec.default,
                metavar=spec.metavar,
                help=spec.help,
            )
            continue
        names = [spec.flag] + ([f"-{spec.short}"] if spec.short else [])
        if spec.kind == "bool":
            parser.add_argument(*names, dest=spec.name, action="store_true", help=spec.help)
            continue
        parser.add_argument(
            *names,
            dest=spec.name,
            type=converter,
            default=spec.default,
            metavar=spec.metavar,
            choices=spec.choices,
            help=spec.help,
        )


def from_namespace(options: type[Any], namespace: argparse.Namespace) -> Any:
    """Build the options object from parsed arguments (secrets wrapped at once)."""
    return options_from_values(
        options, {spec.name: getattr(namespace, spec.name) for spec in option_specs(options)}
    )


def options_from_values(options: type[Any], values: dict[str, Any]) -> Any:
    """Build the options object from raw values: text for secrets, paths as Path."""
    converted: dict[str, Any] = {}
    for spec in option_specs(options):
        value = values.get(spec.name, spec.default)
        if spec.kind == "secret" and isinstance(value, str):
            value = Secret(value) if value else None
        elif spec.kind == "path" and isinstance(value, str):
            value = Path(value)
        elif spec.optional and value == "" and spec.kind in {"str", "path", "int"}:
            value = None
        elif spec.kind == "int" and isinstance(value, str):  # invoke hands flags over as text
            try:
                value = int(value)
            except ValueError:
                raise UsageError(f"{spec.flag}: expected a number, got {value!r}") from None
        converted[spec.name] = value
    return options(**converted)
