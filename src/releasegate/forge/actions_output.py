"""GitHub Actions step outputs with release-please-action v4's names, written to ``$GITHUB_OUTPUT``.

release-please-action (``src/index.ts``) sets ``releases_created`` and ``paths_released`` for
the run, and for each release every field of release-please's ``CreatedRelease`` (``tagName``
as ``tag_name``, ``notes`` as ``body``, ``url`` as ``html_url``) plus ``release_created``. The
root package's (path ``.``) outputs carry no prefix; another package's are ``<path>--<key>``.
For pull requests it sets ``prs_created``, ``pr`` (the first, as JSON) and ``prs``.

Values are rendered as ``@actions/core`` does (booleans ``true``/``false``, objects as JSON,
nothing as an empty string) and written in the multi-line ``name<<delimiter`` form, so release
notes survive; every value passes :func:`~releasegate._redact.redact`. The job summary
(``$GITHUB_STEP_SUMMARY``, Markdown) is appended to by :func:`append_step_summary`.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasegate._redact import redact
from releasegate.errors import ReleasegateError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "OUTPUT_ENV",
    "SUMMARY_ENV",
    "ReleaseOutput",
    "append_step_summary",
    "pull_request_outputs",
    "release_outputs",
    "render_outputs",
    "write_outputs",
]

OUTPUT_ENV = "GITHUB_OUTPUT"
SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


@dataclass(frozen=True, slots=True)
class ReleaseOutput:
    """One created release, as release-please's ``CreatedRelease`` (None: not known)."""

    path: str
    tag_name: str
    version: str
    major: int
    minor: int
    patch: int
    sha: str
    name: str | None = None
    body: str | None = None
    html_url: str | None = None
    id: int | None = None
    draft: bool | None = None
    upload_url: str | None = None
    pr_number: int | None = None

    def fields(self) -> list[tuple[str, Any]]:
        """The output keys and values, in release-please's ``CreatedRelease`` order."""
        pairs: list[tuple[str, Any]] = [
            ("id", self.id),
            ("name", self.name),
            ("tag_name", self.tag_name),
            ("sha", self.sha),
            ("body", self.body),
            ("html_url", self.html_url),
            ("draft", self.draft),
            ("upload_url", self.upload_url),
            ("path", self.path),
            ("version", self.version),
            ("major", self.major),
            ("minor", self.minor),
            ("patch", self.patch),
            ("prNumber", self.pr_number),
        ]
        # release-please's object has no key for a field GitHub did not answer
        return [(key, value) for key, value in pairs if value is not None]


def release_outputs(releases: Sequence[ReleaseOutput]) -> list[tuple[str, str]]:
    """The outputs release-please-action's ``outputReleases`` sets for ``releases``.

    >>> release_outputs([])
    [('releases_created', 'false'), ('paths_released', '[]')]
    """
    outputs = [("releases_created", _value(bool(releases)))]
    paths: list[str] = []
    for release in releases:
        path = release.path or "."
        paths.append(path)
        outputs.append((_key(path, "release_created"), "true"))
        outputs += [(_key(path, key), _value(value)) for key, value in release.fields()]
    outputs.append(("paths_released", _value(paths)))
    return outputs


def pull_request_outputs(pull_requests: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The outputs ``outputPRs`` sets: ``prs_created``, and ``pr``/``prs`` as JSON when any."""
    outputs = [("prs_created", _value(bool(pull_requests)))]
    if pull_requests:
        outputs.append(("pr", _value(dict(pull_requests[0]))))
        outputs.append(("prs", _value([dict(p) for p in pull_requests])))
    return outputs


def render_outputs(outputs: Sequence[tuple[str, str]]) -> str:
    """The ``$GITHUB_OUTPUT`` text: ``name<<delimiter``, value, delimiter, for each output."""
    chunks = []
    for name, raw in outputs:
        value = redact(raw)
        delimiter = f"ghadelimiter_{uuid.uuid4()}"
        if delimiter in name or delimiter in value:  # pragma: no cover - a random UUID
            raise ReleasegateError(f"output {name!r}: value contains the delimiter; re-run")
        chunks.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return "".join(chunks)


def write_outputs(outputs: Sequence[tuple[str, str]], path: Path | None = None) -> Path | None:
    """Append ``outputs`` to ``path`` (default ``$GITHUB_OUTPUT``); None when there is none.

    Raises ReleasegateError when the file cannot be written.
    """
    target = path or (Path(os.environ[OUTPUT_ENV]) if os.environ.get(OUTPUT_ENV) else None)
    if target is None:
        return None
    try:
        with target.open("a", encoding="utf-8", newline="\n") as stream:
            stream.write(render_outputs(outputs))
    except OSError as exc:
        raise ReleasegateError(
            f"{target}: cannot write the step outputs ({exc.strerror}); check {OUTPUT_ENV}"
        ) from None
    return target


def append_step_summary(markdown: str, path: Path | None = None) -> Path | None:
    """Append ``markdown`` to the job summary (default ``$GITHUB_STEP_SUMMARY``); None sans one.

    The text passes :func:`~releasegate._redact.redact`. Raises ReleasegateError when the file
    cannot be written.
    """
    target = path or (Path(os.environ[SUMMARY_ENV]) if os.environ.get(SUMMARY_ENV) else None)
    if target is None:
        return None
    try:
        with target.open("a", encoding="utf-8", newline="\n") as stream:
            stream.write(redact(markdown).rstrip("\n") + "\n")
    except OSError as exc:
        raise ReleasegateError(
            f"{target}: cannot write the step summary ({exc.strerror}); check {SUMMARY_ENV}"
        ) from None
    return target


def _key(path: str, key: str) -> str:
    return key if path == "." else f"{path}--{key}"


def _value(value: Any) -> str:
    """A value as ``@actions/core``'s ``toCommandValue`` renders it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
