"""invoke tasks built from the CLI's commands: ``from releasegate.invoke_tasks import release``.

Each task has exactly the flags of the command of the same name (``invoke release --dry-run`` is
``releasegate release --dry-run``), because both are built from the command's options dataclass.
A failure leaves as one ``releasegate: error: …`` line with the command's exit code. invoke itself
is not a dependency of releasegate: a project's ``release`` dependency group brings it.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from invoke.exceptions import Exit
from invoke.tasks import Task

from releasegate._redact import redact
from releasegate.commands import find_command
from releasegate.commands._options import option_specs, options_from_values
from releasegate.errors import ReleasegateError

if TYPE_CHECKING:
    from invoke.context import Context

    from releasegate.commands._options import Command

__all__ = [
    "build",
    "check",
    "check_pr",
    "github_release",
    "publish",
    "publish_release",
    "release",
    "release_pr",
    "sign",
    "task_for",
]


class _CommandTask(Task[Any]):
    """A Task whose flags are the command's: same names, ``-C`` kept, no invented short flags."""

    def __init__(self, command: Command) -> None:
        self.command = command
        self._specs = {spec.name: spec for spec in option_specs(command.options)}

        def body(c: Context, **values: Any) -> None:  # noqa: ARG001 - invoke passes a Context
            try:
                code = command.run(options_from_values(command.options, values))
            except ReleasegateError as exc:
                raise Exit(f"releasegate: error: {redact(str(exc))}", code=exc.exit_code) from None
            if code:
                raise Exit(code=code)

        parameters = [inspect.Parameter("c", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        for spec in self._specs.values():
            default = spec.default
            if spec.kind == "path":
                default = str(default) if default is not None else ""
            elif default is None:
                default = ""
            parameters.append(
                inspect.Parameter(spec.name, inspect.Parameter.KEYWORD_ONLY, default=default)
            )
        body.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        body.__name__ = command.name.replace("-", "_")
        body.__doc__ = command.help[:1].upper() + command.help[1:] + "."
        super().__init__(
            body,
            name=command.name.replace("-", "_"),
            help={spec.name: spec.help for spec in self._specs.values()},
            auto_shortflags=False,
            positional=[spec.name for spec in self._specs.values() if spec.positional],
        )

    def argspec(self, body: Any) -> inspect.Signature:
        """The signature without the Context (our body is a closure with a set signature)."""
        signature = inspect.signature(body)
        return signature.replace(parameters=list(signature.parameters.values())[1:])

    def arg_opts(self, name: str, default: str, taken_names: set[str]) -> dict[str, Any]:
        """The options invoke gives one flag, plus the command's own short flag (``-C``)."""
        opts: dict[str, Any] = super().arg_opts(name, default, taken_names)
        spec = self._specs.get(name)
        if spec is not None and spec.short:
            opts["names"] = [*opts["names"], spec.short]
        return opts


def task_for(name: str) -> Task[Any]:
    """Return the invoke task of the command ``name`` (``release-pr`` or ``release_pr``)."""
    return _CommandTask(find_command(name))


build = task_for("build")
check = task_for("check")
sign = task_for("sign")
publish = task_for("publish")
release = task_for("release")
release_pr = task_for("release-pr")
github_release = task_for("github-release")
check_pr = task_for("check-pr")
publish_release = task_for("publish-release")
