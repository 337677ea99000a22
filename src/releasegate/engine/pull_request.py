"""The release pull request: title, head branch and body, rendered as release-please does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine import _node_html
from releasegate.engine.version import Version, VersionParseError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.engine.version import Scheme

__all__ = [
    "DEFAULT_TITLE_PATTERN",
    "MANIFEST_TITLE_PATTERN",
    "BranchName",
    "PullRequestBody",
    "PullRequestTitle",
    "ReleaseData",
    "branch_name",
    "group_branch_name",
    "parse_body",
    "parse_branch_name",
    "parse_title",
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


# -- reading a merged release PR back ------------------------------------------------------------
# JavaScript's ``.`` stops at any line terminator; ``\d`` and ``\w`` are ASCII (re.ASCII below).
_JS_ANY = r"[^\n\r\u2028\u2029]"
_SUMMARY = re.compile(
    rf"(?P<component>{_JS_ANY}*[^:]):? (?P<version>\d+\.\d+\.\d+{_JS_ANY}*)\Z",
    re.ASCII,
)
_COMPONENTLESS_SUMMARY = re.compile(rf"(?P<version>\d+\.\d+\.\d+{_JS_ANY}*)\Z", re.ASCII)
_COMPARE = re.compile(r"#{2,} \[?(?P<version>\d+\.\d+\.\d+[^\]]*)\]?", re.ASCII)
_WORD = r"[\w\-./]"


@dataclass(frozen=True, slots=True)
class PullRequestBody:
    """A release PR body read back: header, footer and each package's version and notes."""

    header: str
    footer: str
    releases: tuple[ReleaseData, ...]
    use_components: bool


@dataclass(frozen=True, slots=True)
class PullRequestTitle:
    """A release PR title read back with its pattern: the parts the pattern captured."""

    version: Version | None
    component: str | None
    target_branch: str | None


@dataclass(frozen=True, slots=True)
class BranchName:
    """A release PR head branch read back (release-please's ``BranchName.parse``).

    ``kind`` names the form: ``autorelease`` (``release-<component>-v<version>``), ``component``,
    ``group``, ``default``, or the v12 forms ``v12-component`` and ``v12-default``.
    """

    kind: str
    target_branch: str | None
    component: str | None
    version: Version | None = None

    @property
    def is_component(self) -> bool:
        """True for the per-component forms, whose component must match the package's."""
        return self.kind in {"component", "v12-component"}


def parse_body(body: str, *, scheme: Scheme = "semver") -> PullRequestBody | None:
    r"""Read a release PR body back, as release-please's ``PullRequestBody.parse``.

    Returns None when the body has no ``---`` line. Each ``<details>`` block whose summary reads
    ``[component: ]X.Y.Z`` is one release (its notes: the block's text, HTML entities decoded);
    without such blocks the whole content is one release whose version is the first
    ``## [X.Y.Z]`` heading. An unreadable version drops that release.

    >>> rendered = render_body([ReleaseData("a", Version(1, 0, 0), "## 1.0.0\n\n* x")])
    >>> parsed = parse_body(rendered)
    >>> [(r.component, str(r.version), r.notes) for r in parsed.releases]
    [(None, '1.0.0', '## 1.0.0\n\n* x')]
    """
    lines = body.strip().replace("\r\n", "\n").split("\n")
    if _DELIMITER not in lines:
        return None
    first = lines.index(_DELIMITER)
    last = len(lines) - 1 - lines[::-1].index(_DELIMITER)
    if last == first:
        last = len(lines) - 1
    # an empty header or footer reads as the default, as PullRequestBody's constructor has it
    header = "\n".join(lines[:first]).strip() or DEFAULT_HEADER
    content = "\n".join(lines[first + 1 : last])
    footer = "\n".join(lines[last + 1 :]) or DEFAULT_FOOTER
    releases = _multiple_releases(content, scheme)
    if releases:
        return PullRequestBody(header, footer, tuple(releases), use_components=True)
    return PullRequestBody(
        header, footer, tuple(_single_release(content, scheme)), use_components=False
    )


def _multiple_releases(content: str, scheme: Scheme) -> list[ReleaseData]:
    releases = []
    for summary, notes in _details_blocks(content):
        if summary is None:
            continue  # release-please crashes on a <details> without <summary>; we skip it
        match = _SUMMARY.match(summary)
        component: str | None = match["component"] if match else None
        if match is None:
            match = _COMPONENTLESS_SUMMARY.match(summary)
            if match is None:
                continue
        try:
            version = Version.parse(match["version"], scheme)
        except VersionParseError:
            continue
        releases.append(ReleaseData(component, version, notes.strip()))
    return releases


def _single_release(content: str, scheme: Scheme) -> list[ReleaseData]:
    notes = content.strip()
    match = _COMPARE.match(notes)
    if match is None:
        return []
    try:
        return [ReleaseData(None, Version.parse(match["version"], scheme), notes)]
    except VersionParseError:
        return []


def parse_title(
    title: str,
    pattern: str | None,
    *,
    component_no_space: bool | None = None,
    scheme: Scheme = "semver",
) -> PullRequestTitle | None:
    """Read a release PR title with its pattern, as release-please's ``PullRequestTitle.parse``.

    The pattern is used as a regular expression after release-please's substitutions, so a
    pattern that is not a valid one matches nothing. None when the title does not match.

    >>> parsed = parse_title("chore(main): release my-lib 1.2.3", None)
    >>> str(parsed.version), parsed.component, parsed.target_branch
    ('1.2.3', 'my-lib', 'main')
    """
    component = (
        rf"?(?P<component>@?{_WORD}*)?"
        if component_no_space is True
        else rf" ?(?P<component>@?{_WORD}*)?"
    )
    source = (
        (pattern or DEFAULT_TITLE_PATTERN)
        .replace("[", r"\[")
        .replace("]", r"\]")
        .replace("(", r"\(")
        .replace(")", r"\)")
        .replace("${scope}", rf"(\((?P<branch>{_WORD}+)\))?", 1)
        .replace("${component}", component, 1)
        .replace("${version}", rf"v?(?P<version>[0-9]{_JS_ANY}*)", 1)
        .replace("${branch}", rf"(?P<branch>{_WORD}+)?", 1)
    )
    try:
        match = re.match(f"(?:{source})\\Z", title, re.ASCII)
    except re.error:
        return None
    if match is None:
        return None
    groups = match.groupdict()
    version = None
    if groups.get("version"):
        try:
            version = Version.parse(groups["version"], scheme)
        except VersionParseError:
            return None
    # JavaScript leaves an optional group that matched nothing undefined; Python gives ''
    return PullRequestTitle(version, groups.get("component") or None, groups.get("branch") or None)


_PREFIX = "release-please--branches--"
_V12 = "release-please/branches/"
_BRANCH_FORMS = tuple(
    (kind, re.compile(pattern + r"\Z", re.ASCII))
    for kind, pattern in (
        ("component", rf"{_PREFIX}(?P<branch>.+)--components--(?P<component>.+)"),
        ("group", rf"{_PREFIX}(?P<branch>.+)--groups--(?P<component>.+)"),
        ("default", rf"{_PREFIX}(?P<branch>.+)"),
        ("v12-component", rf"{_V12}(?P<branch>[^/]+)/components/(?P<component>.+)"),
        ("v12-default", rf"{_V12}(?P<branch>[^/]+)"),
    )
)
_AUTORELEASE = re.compile(
    rf"release-?(?P<component>[\w\-.]*)?-v(?P<version>[0-9]{_JS_ANY}*)\Z", re.ASCII
)


def parse_branch_name(name: str, *, scheme: Scheme = "semver") -> BranchName | None:
    """Read a release PR head branch, as release-please's ``BranchName.parse``; None if foreign.

    >>> parse_branch_name("release-please--branches--main--components--my-lib")
    BranchName(kind='component', target_branch='main', component='my-lib', version=None)
    """
    if not name.startswith("release-please--branches"):
        match = _AUTORELEASE.match(name)
        if match is not None:
            try:
                version = Version.parse(match["version"], scheme)
            except VersionParseError:
                return None
            return BranchName("autorelease", None, match["component"] or None, version)
    for kind, form in _BRANCH_FORMS:
        match = form.match(name)
        if match is not None:
            return BranchName(kind, match["branch"], match.groupdict().get("component"))
    return None


def _details_blocks(content: str) -> list[tuple[str | None, str]]:
    """Each ``<details>`` block in document order: its summary text and its other text.

    The block's text is read after removing the summary when that is a direct child, as
    release-please does, and only when the summary matches a release (``matches``).
    """
    blocks: list[tuple[str | None, str]] = []
    for detail in _node_html.parse(content).elements("details"):
        summaries = detail.elements("summary")
        if not summaries:
            blocks.append((None, ""))
            continue
        summary = summaries[0]
        text = summary.text_content()
        if _SUMMARY.match(text) or _COMPONENTLESS_SUMMARY.match(text):
            detail.remove(summary)
        blocks.append((text, detail.text_content()))
    return blocks
