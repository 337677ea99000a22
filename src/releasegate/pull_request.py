"""The release pull request: title, head branch and body, rendered as release-please does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.version import Version

__all__ = [
    "DEFAULT_TITLE_PATTERN",
    "MANIFEST_TITLE_PATTERN",
    "ReleaseData",
    "branch_name",
    "group_branch_name",
    "render_body",
    "render_title",
]

DEFAULT_TITLE_PATTERN = "chore${scope}: release${component} ${version}"
MANIFEST_TITLE_PATTERN = "chore: release ${branch}"
DEFAULT_HEADER = ":robot: I have created a release *beep* *boop*"
DEFAULT_FOOTER = (
    "This PR was generated with [Release Please](https://github.com/googleapis/release-please)."
    " See [documentation](https://github.com/googleapis/release-please#release-please)."
)
_DELIMITER = "---"
_BRANCH_PREFIX = "release-please--branches--"


@dataclass(frozen=True, slots=True)
class ReleaseData:
    """One package's part of a release PR body."""

    component: str | None
    version: Version | None
    notes: str


def render_title(
    pattern: str | None,
    *,
    component: str | None = None,
    target_branch: str | None = None,
    version: Version | None = None,
    component_no_space: bool | None = None,
) -> str:
    """Render a PR title pattern (``${scope}``, ``${component}``, ``${version}``, ``${branch}``).

    Each placeholder is replaced once, as release-please's string ``replace`` does.

    >>> render_title(None, target_branch="main", version=None, component="")
    'chore(main): release'
    """
    template = pattern or DEFAULT_TITLE_PATTERN
    scope = f"({target_branch})" if target_branch else ""
    if component_no_space is True:
        rendered_component = component or ""
        if not rendered_component:
            template = template.replace("${component} ", "", 1)
    else:
        rendered_component = f" {component}" if component else ""
    return (
        template.replace("${scope}", scope, 1)
        .replace("${component}", rendered_component, 1)
        .replace("${version}", str(version) if version is not None else "", 1)
        .replace("${branch}", target_branch or "", 1)
        .strip()
    )


def branch_name(target_branch: str, component: str | None = None) -> str:
    """Return release-please's head branch for a target branch and optional component."""
    if component:
        return f"{_BRANCH_PREFIX}{target_branch}--components--{component}"
    return f"{_BRANCH_PREFIX}{target_branch}"


def group_branch_name(group: str, target_branch: str) -> str:
    """Return the head branch of a linked-versions group PR."""
    safe = re.sub(r"-+", "-", re.sub(r"[^\w\d]", "-", group, flags=re.ASCII))
    return f"{_BRANCH_PREFIX}{target_branch}--groups--{safe}"


def render_body(
    releases: Sequence[ReleaseData],
    *,
    header: str | None = None,
    footer: str | None = None,
    use_components: bool | None = None,
) -> str:
    """Render the PR body: header, ``---``, the notes (``<details>`` per component), footer."""
    components = len(releases) > 1 if use_components is None else use_components
    if components:
        notes = "\n\n".join(
            f"<details><summary>{f'{r.component}: ' if r.component else ''}{r.version}</summary>"
            f"\n\n{r.notes}\n</details>"
            for r in releases
        )
    else:
        notes = "\n\n".join(r.notes for r in releases)
    return (
        f"{header or DEFAULT_HEADER}\n{_DELIMITER}\n\n\n{notes}\n\n{_DELIMITER}\n"
        f"{footer or DEFAULT_FOOTER}"
    )
