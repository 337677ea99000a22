"""The releasegate error hierarchy: every failure leaves as one line and one exit code."""

from __future__ import annotations

__all__ = [
    "BuildError",
    "CheckError",
    "ConfigError",
    "GitError",
    "GitHubError",
    "PublishError",
    "ReleasegateError",
    "ShallowHistoryError",
    "SignError",
    "UsageError",
]


class ReleasegateError(Exception):
    """Base class: a failure releasegate reports as one line (exit code 1)."""

    exit_code = 1


class UsageError(ReleasegateError):
    """The user's input is wrong: flags, config, manifest, project files (exit code 2)."""

    exit_code = 2


class ConfigError(UsageError):
    """A configuration or manifest file is invalid; the message names file and location."""

    def __init__(self, where: str, what: str, fix: str | None = None) -> None:
        self.where = where
        self.what = what
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}"
        return f"{text}; {self.fix}" if self.fix else text


class GitError(ReleasegateError):
    """A git command failed."""


class ShallowHistoryError(GitError):
    """A shallow clone lacks history the plan needs, and it could not be fetched."""

    @classmethod
    def from_repo(cls, repo: object, why: str = "") -> ShallowHistoryError:
        """The one-line message for ``repo``; ``why`` says what fetching more history hit."""
        detail = f" and {why}" if why else ""
        return cls(
            f"{repo}: shallow clone: the history since the last release is incomplete{detail}; "
            "fetch the full history (actions/checkout: fetch-depth: 0; locally: "
            "git fetch --unshallow --tags)"
        )


class GitHubError(ReleasegateError):
    """The GitHub API refused or failed a request."""


class BuildError(ReleasegateError):
    """Building the distributions failed."""


class CheckError(ReleasegateError):
    """A distribution failed verification."""


class SignError(ReleasegateError):
    """Signing or verifying a Sigstore bundle failed."""


class PublishError(ReleasegateError):
    """Uploading to the package index failed or was refused by the preflight."""
