"""The error hierarchy: exit codes and the one-line ``where: what; fix`` rendering."""

from __future__ import annotations

import pytest

from releasegate import errors
from releasegate.errors import (
    BuildError,
    CheckError,
    ConfigError,
    GitError,
    GitHubError,
    PublishError,
    ReleasegateError,
    SignError,
    UsageError,
)


@pytest.mark.parametrize(
    ("cls", "exit_code"),
    [
        # bad input from the user: exit 2
        (UsageError, 2),
        (ConfigError, 2),
        # everything else that fails: exit 1
        (ReleasegateError, 1),
        (GitError, 1),
        (GitHubError, 1),
        (BuildError, 1),
        (CheckError, 1),
        (SignError, 1),
        (PublishError, 1),
    ],
)
def test_exit_code(cls: type[ReleasegateError], exit_code: int) -> None:
    """Each error class carries the exit code the CLI and invoke tasks leave with."""
    assert cls.exit_code == exit_code
    assert issubclass(cls, ReleasegateError)


def test_every_exported_name_is_an_error() -> None:
    """``__all__`` lists exactly the error classes, all rooted at ReleasegateError."""
    exported = [getattr(errors, name) for name in errors.__all__]
    assert all(issubclass(cls, ReleasegateError) for cls in exported)
    assert sorted(errors.__all__) == errors.__all__


@pytest.mark.parametrize(
    ("where", "what", "fix", "rendered"),
    [
        # with a fix: where, what and what to do, on one line
        (
            ".release-please-config.json:4:31",
            "trailing comma in object",
            "remove the ',' before '}'",
            ".release-please-config.json:4:31: trailing comma in object; remove the ',' before '}'",
        ),
        # without a fix
        (
            ".release-please-config.json",
            'packages["."].release-type: expected a string, got 3',
            None,
            '.release-please-config.json: packages["."].release-type: expected a string, got 3',
        ),
    ],
)
def test_config_error_renders_one_line(
    where: str, what: str, fix: str | None, rendered: str
) -> None:
    """ConfigError keeps its parts and renders them as ``where: what[; fix]``."""
    exc = ConfigError(where, what, fix)
    assert (exc.where, exc.what, exc.fix) == (where, what, fix)
    assert str(exc) == rendered
    assert exc.args == (rendered,)
    assert isinstance(exc, UsageError)
