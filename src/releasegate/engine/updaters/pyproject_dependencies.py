"""Requirements on moved packages in a ``pyproject.toml`` (releasegate's ``uv-workspace`` plugin).

release-please's workspace plugins rewrite a member's dependencies on other members with each
release (``CargoToml`` and ``PackageJson`` with a versions map). For Python the requirements are
PEP 508 strings in ``[project] dependencies``, ``[project] optional-dependencies`` and
``[dependency-groups]``: a requirement on a moved package that no longer admits its new version
is rewritten to admit it, keeping its operators, extras, marker and spacing; one that still
admits it is left alone. Only the version text inside the string changes, so the rest of the
file, comments included, stays byte for byte.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, Specifier
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion
from packaging.version import Version as Pep440Version
from tomlkit.exceptions import TOMLKitError

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters._toml import Tagged, TomlEditError, parse_tagged

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = [
    "PyProjectDependencies",
    "RequirementChange",
    "requirement_changes",
    "rewrite_requirement",
]

# name, optional extras: what comes before the version specifier of a PEP 508 string
_HEAD = re.compile(r"\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?")
_CLAUSE = re.compile(r"(?P<op>~=|===|==|!=|<=|>=|<|>)(?P<space>\s*)(?P<version>[^\s,;()]+)")


@dataclass(frozen=True, slots=True)
class RequirementChange:
    """One rewritten requirement: its TOML key, the text before and after, and the specifiers.

    ``name`` is the required package's PEP 503 name, ``display_name`` as the requirement
    writes it.
    """

    key: tuple[str | int, ...]
    name: str
    display_name: str
    old: str
    new: str
    old_specifier: str
    new_specifier: str


def rewrite_requirement(text: str, version: str) -> str | None:
    """``text`` rewritten so that it admits ``version``, or None when it admits it already.

    Each clause that rejects the version keeps its operator: ``==``/``===`` take the version
    (a ``.*`` wildcard keeps its length), ``~=`` takes the version at the clause's precision,
    ``<=`` takes the version and ``<`` moves past it at the clause's precision. A requirement
    without a specifier, or with a URL, admits every version. Raises UpdaterError when no
    rewrite keeping the operators admits the version (a lower bound above it, an ``!=`` on it).

    >>> rewrite_requirement("core == 1.0.0", "1.1.0")
    'core == 1.1.0'
    >>> rewrite_requirement("ext[cli] >=1.0,<1.1 ; python_version >= '3.10'", "1.1.0")
    "ext[cli] >=1.0,<1.2 ; python_version >= '3.10'"
    >>> rewrite_requirement("ext >=1.0,<2", "1.0.1") is None
    True
    """
    requirement = _parse(text)
    new_version = Pep440Version(version)
    if requirement.url or requirement.specifier.contains(new_version, prereleases=True):
        return None
    head = _HEAD.match(text)
    start = head.end() if head else 0
    end = text.find(";", start)
    end = len(text) if end == -1 else end

    def clause(match: re.Match[str]) -> str:
        op, old = match["op"], match["version"]
        try:
            admits = Specifier(f"{op}{old}").contains(new_version, prereleases=True)
        except InvalidSpecifier:
            return match[0]
        if admits:
            return match[0]
        return f"{op}{match['space']}{_moved(op, old, new_version)}"

    rewritten = text[:start] + _CLAUSE.sub(clause, text[start:end]) + text[end:]
    after = _parse(rewritten)
    if (
        not after.specifier.contains(new_version, prereleases=True)
        or after.name != requirement.name
        or after.extras != requirement.extras
        or after.marker != requirement.marker
    ):
        raise UpdaterError(
            f"{text!r} cannot admit {version} with the same operators; edit the requirement"
        )
    return rewritten


def requirement_changes(content: str, versions: Mapping[str, str]) -> list[RequirementChange]:
    """The requirements of a ``pyproject.toml`` that ``versions`` (name → version) rewrite.

    ``versions`` is keyed by PEP 503 name. Raises UpdaterError for a file that is not valid TOML
    or a requirement that cannot admit its new version.
    """
    changes = []
    for key, tagged in _requirement_strings(_tagged(content)):
        try:
            written = Requirement(tagged.value).name
        except InvalidRequirement:
            continue  # not ours to judge: the package reader reports it
        name = canonicalize_name(written)
        if name not in versions:
            continue
        new = rewrite_requirement(tagged.value, versions[name])
        if new is not None:
            old_spec, new_spec = _specifier(tagged.value), _specifier(new)
            changes.append(
                RequirementChange(key, name, written, tagged.value, new, old_spec, new_spec)
            )
    return changes


@dataclass(frozen=True, slots=True)
class PyProjectDependencies:
    r"""Rewrite a ``pyproject.toml``'s requirements on moved packages to admit their versions.

    ``versions`` pairs PEP 503 names with new versions. Only the specifier text inside each
    string changes; the quotes stay (a string with escapes, or a multi-line one, is written
    back as a double-quoted string).

    >>> PyProjectDependencies((("core", "1.1.0"),)).update_content(
    ...     '[project]\ndependencies = ["core == 1.0.0", "other"]  # pins\n')
    '[project]\ndependencies = ["core == 1.1.0", "other"]  # pins\n'
    """

    versions: tuple[tuple[str, str], ...]

    def update_content(self, content: str | None) -> str:
        """Return ``content`` with every requirement on a moved package admitting its version."""
        if content is None:
            return ""
        changes = requirement_changes(content, dict(self.versions))
        if not changes:
            return content
        by_key = {c.key: c for c in changes}
        spans = [
            (tagged, by_key[key]) for key, tagged in _requirement_strings(_tagged(content))
            if key in by_key
        ]  # fmt: skip
        output = content
        for tagged, change in sorted(spans, key=lambda s: s[0].start, reverse=True):
            start, end = tagged.start, tagged.end
            raw = output[start:end]
            quote = raw[:1]
            if raw[:3] in {'"""', "'''"}:
                # the tagged end of a multi-line string is one past its quotes (release-please's
                # parser does so); the string ends at the quotes themselves
                end = output.index(raw[:3], start + 3) + 3
                replacement = json.dumps(change.new, ensure_ascii=False)
            elif raw[1:-1] != change.old or raw[-1:] != quote:
                replacement = json.dumps(change.new, ensure_ascii=False)  # it had escapes
            else:
                replacement = f"{quote}{change.new}{quote}"
            output = f"{output[:start]}{replacement}{output[end:]}"
        try:
            tomlkit.parse(output)
        except TOMLKitError as exc:  # pragma: no cover - a JSON string is a TOML basic string
            raise UpdaterError(f"pyproject.toml: rewriting a requirement broke it: {exc}") from None
        return output


def _moved(op: str, old: str, version: Pep440Version) -> str:
    """The version text that makes ``op`` admit ``version``, at ``old``'s precision."""
    if op in {"==", "==="} and old.endswith(".*"):
        size = len(old[:-2].split("."))
        return ".".join(str(n) for n in _release(version, size)) + ".*"
    if op == "~=":
        precision = len(_old_release(old))
        return _with_suffix(".".join(str(n) for n in _release(version, precision)), version)
    if op == "<":
        bound = _release(version, max(len(_old_release(old)), 1))
        bound[-1] += 1
        epoch = f"{version.epoch}!" if version.epoch else ""
        return epoch + ".".join(str(n) for n in bound)
    return str(version)  # == === <= ; > >= != cannot move up to admit it and fail the check


def _release(version: Pep440Version, size: int) -> list[int]:
    """``version``'s release numbers cut or zero-padded to ``size``."""
    release = list(version.release[:size])
    return release + [0] * (size - len(release))


def _old_release(old: str) -> tuple[int, ...]:
    try:
        return Pep440Version(old).release
    except InvalidVersion:
        return (0, 0)


def _with_suffix(release: str, version: Pep440Version) -> str:
    epoch = f"{version.epoch}!" if version.epoch else ""
    pre = f"{version.pre[0]}{version.pre[1]}" if version.pre else ""
    post = f".post{version.post}" if version.post is not None else ""
    dev = f".dev{version.dev}" if version.dev is not None else ""
    return f"{epoch}{release}{pre}{post}{dev}"


def _specifier(text: str) -> str:
    """The specifier as written (``>=1.0,<2``), without name, extras or marker."""
    head = _HEAD.match(text)
    start = head.end() if head else 0
    return text[start:].split(";", 1)[0].strip()


def _parse(text: str) -> Requirement:
    try:
        return Requirement(text)
    except InvalidRequirement as exc:  # packaging points at the column on further lines
        detail = str(exc).splitlines()[0]
        raise UpdaterError(
            f"{text!r} is not a PEP 508 requirement ({detail}); fix the requirement"
        ) from None


def _tagged(content: str) -> dict[str, object]:
    try:
        return parse_tagged(content)
    except TomlEditError as exc:
        raise UpdaterError(f"pyproject.toml: not valid TOML: {exc}") from None


def _requirement_strings(
    data: dict[str, object],
) -> Iterator[tuple[tuple[str | int, ...], Tagged]]:
    """Every requirement string with its TOML key, in the three tables that hold them."""
    project = data.get("project")
    if isinstance(project, dict):
        yield from _array(("project", "dependencies"), project.get("dependencies"))
        optional = project.get("optional-dependencies")
        if isinstance(optional, dict):
            for extra, values in optional.items():
                yield from _array(("project", "optional-dependencies", extra), values)
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for group, values in groups.items():
            yield from _array(("dependency-groups", group), values)


def _array(
    key: tuple[str | int, ...], values: object
) -> Iterator[tuple[tuple[str | int, ...], Tagged]]:
    if isinstance(values, list):
        for index, value in enumerate(values):
            if isinstance(value, Tagged) and isinstance(value.value, str):
                yield (*key, index), value
