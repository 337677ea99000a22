"""Command options: one dataclass gives the CLI flags and the invoke task flags alike."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from releasegate._redact import Secret
from releasegate.cli import build_parser
from releasegate.commands import COMMANDS, find_command
from releasegate.commands._options import (
    add_arguments,
    from_namespace,
    option,
    option_specs,
    options_from_values,
)
from releasegate.errors import UsageError
from releasegate.invoke_tasks import task_for


def _cli_flags(name: str) -> set[str]:
    """The long and short flags argparse knows for one subcommand."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    child = sub.choices[name]
    return {s for a in child._actions for s in a.option_strings if s not in {"-h", "--help"}}


def _cli_positionals(name: str) -> set[str]:
    """The positional arguments of one subcommand, spelled as invoke spells them (--name)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    child = sub.choices[name]
    return {f"--{a.dest}" for a in child._actions if not a.option_strings and a.dest != "help"}


def _task_positionals(name: str) -> set[str]:
    """The positional arguments invoke derives for the task of the same name."""
    return {f"--{a.name}" for a in task_for(name).get_arguments() if a.positional}


def _task_flags(name: str) -> set[str]:
    """The flags invoke derives for the task of the same name."""
    flags = set()
    for argument in task_for(name).get_arguments():
        for spelled in argument.names:
            flags.add(f"--{spelled}" if len(spelled) > 1 else f"-{spelled}")
    return flags


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_cli_and_task_have_the_same_flags(command: str):
    """Every command's CLI flags are exactly its invoke task's flags."""
    assert _cli_flags(command) == _task_flags(command) - _task_positionals(command)
    assert _cli_positionals(command) == _task_positionals(command)
    assert "-C" in _cli_flags(command) or _cli_positionals(command) == {"--project"}


@dataclass(frozen=True, slots=True)
class _Sample:
    token: Secret | None = field(default=None, metadata=option("a token"))
    where: Path = field(default=Path(), metadata=option("a place", short="C"))
    count: int = field(default=3, metadata=option("how many"))
    flag: bool = field(default=False, metadata=option("a switch"))


def test_parsed_values_are_typed_and_secrets_wrapped():
    """Text becomes Path, int and Secret; a secret's text never shows in the object's repr."""
    parser = argparse.ArgumentParser()
    add_arguments(parser, _Sample)
    parsed = from_namespace(
        _Sample, parser.parse_args(["--token", "tok-12345", "-C", "x", "--count", "5"])
    )
    assert parsed.where == Path("x")
    assert parsed.count == 5
    assert isinstance(parsed.token, Secret)
    assert parsed.token.reveal() == "tok-12345"
    assert "tok-12345" not in repr(parsed)


def test_empty_text_from_invoke_means_unset():
    """Invoke passes '' for an unset text option; it becomes None, as on the CLI."""
    built = options_from_values(find_command("release").options, {"simple_url": "", "project": "."})
    assert built.simple_url is None
    assert built.project == Path()


def test_numbers_from_invoke_are_numbers():
    """Invoke passes flags as text: a number option becomes an int, '' None, junk exit 2."""
    options = find_command("check-pr").options
    assert options_from_values(options, {"pr": "12"}).pr == 12
    assert options_from_values(options, {"pr": ""}).pr is None
    with pytest.raises(UsageError, match=r"^--pr: expected a number, got 'x'$"):
        options_from_values(options, {"pr": "x"})


def test_unsupported_option_type_is_refused():
    """A field type the front ends cannot express is a TypeError naming the field."""

    @dataclass(frozen=True)
    class Bad:
        items: list[str] = field(default_factory=list, metadata=option("items"))

    with pytest.raises(TypeError, match=r"Bad\.items: unsupported option type"):
        option_specs(Bad)
