"""The release-please config and manifest ``init`` writes, and the version files it marks.

One project gets one package at ``.``, tagged ``v1.2.3`` (or ``1.2.3``, as it tags already); a
monorepo (:mod:`releasegate.adopt.monorepo_setup`) a package per member, its directory as the path
and its name as the component, tagged ``<component>-v1.2.3`` as release-please tags a
monorepo's packages (or in the format of the component tags it already has). A config or
manifest the project has is kept as it is. A version kept in a file the python release-type
does not update gets an ``extra-files`` entry and an ``x-release-please-version`` comment.

A development version in the project's file (click's ``8.5.0.dev``: the release being worked
on, PEP 440) is no release: the manifest then starts from the newest release tag on the
branch (``8.4.2``), in the project's tag style, and the first release PR writes the next
version over the development one.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from packaging.version import InvalidVersion, Version

from releasegate.adopt._setup_files import FileAction, compare_file
from releasegate.adopt.monorepo_setup import (
    dynamic_members_error,
    kept_config_notes,
    monorepo_notes,
    package_paths,
    tag_style,
)
from releasegate.engine import git

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate.adopt.monorepo_setup import Monorepo
    from releasegate.adopt.project import Project

__all__ = [
    "CONFIG_FILE",
    "CONFIG_NAMES",
    "MANIFEST_FILE",
    "ReleaseFiles",
    "is_development",
    "plan_release_files",
    "release_version",
]

CONFIG_FILE = ".release-please-config.json"
MANIFEST_FILE = ".release-please-manifest.json"
#: The config names release-please reads, the one it prefers first.
CONFIG_NAMES = ("release-please-config.json", CONFIG_FILE)
_SCHEMA = "https://raw.githubusercontent.com/googleapis/release-please/main/schemas/config.json"
_SECTIONS = [
    {"type": "feat", "section": "Features"},
    {"type": "fix", "section": "Bug Fixes"},
    {"type": "perf", "section": "Performance Improvements"},
    {"type": "docs", "section": "Documentation", "hidden": True},
    {"type": "chore", "section": "Miscellaneous Chores", "hidden": True},
    {"type": "refactor", "section": "Code Refactoring", "hidden": True},
    {"type": "test", "section": "Tests", "hidden": True},
    {"type": "ci", "section": "Continuous Integration", "hidden": True},
]
_ANNOTATION = "x-release-please-version"
_VERSION_LINE = re.compile(
    r"^(__version__\s*(?::\s*str\s*)?=\s*['\"][^'\"]+['\"])[ \t]*$", re.MULTILINE
)
#: A tag naming a final release: 1.2.3 or v1.2.3 (the two styles a project's own tags take).
_RELEASE_TAG = re.compile(r"(v?)(\d+\.\d+\.\d+)")


@dataclass(frozen=True, slots=True)
class ReleaseFiles:
    """The release-please config and manifest, version files marked, and notes about them."""

    files: list[FileAction]
    notes: list[str]


def plan_release_files(
    project: Project, monorepo: Monorepo | None, existing: str | None
) -> ReleaseFiles:
    """The config (a package per member in a monorepo), the manifest and the version files.

    ``existing`` names the project's own config, kept as it is (a kept manifest too). Raises
    UsageError for workspace members the config would release with a dynamic version.
    """
    root = project.root
    files: list[FileAction] = []
    members = monorepo.members if monorepo else ()
    # (path, project) of each package: the root alone, or every member
    packages = [(m.path, m.project) for m in members] or [(".", project)]
    extra_files: dict[str, list[str]] = {}
    for path, member in packages:
        extra, annotated = _version_file(member)
        extra_files[path] = extra
        if annotated is not None:
            where = annotated.path if path == "." else f"{path}/{annotated.path}"
            files.append(dataclasses.replace(annotated, path=where))
    kept = _read_json(root / existing) if existing else None
    if monorepo is not None:
        released = {p for p, _ in packages} if kept is None else set(package_paths(kept))
        if error := dynamic_members_error(monorepo, released):
            raise error
    last = _last_release(project) if monorepo is None and is_development(project.version) else None
    prefix = last[1] if last else _tag_prefix(project) if monorepo is None else "v"
    separator, include_v = tag_style(root, members) if monorepo else ("-", prefix == "v")
    tags: dict[str, str] = {}
    if existing is not None:
        files.insert(0, FileAction(existing, "keep", note="release-please config kept as it is"))
    else:
        config: dict[str, dict[str, Any]] = {}
        for path, member in packages:
            config[path] = {"package-name": member.name}
            if monorepo is not None:
                config[path]["component"] = member.name
                v = "v" if include_v else ""
                tags[path] = f"{member.name}{separator}{v}{release_version(member.version)}"
            if extra_files[path]:
                config[path]["extra-files"] = extra_files[path]
        text = _config_text(config, monorepo=monorepo is not None, separator=separator,
                            v_in_tag=include_v)  # fmt: skip
        files.insert(0, compare_file(root, CONFIG_FILE, text))
    manifest = {path: release_version(member.version) for path, member in packages}
    if last is not None:
        manifest["."] = last[0]
    if kept is not None and monorepo is not None:  # the kept config's packages that are members
        manifest = {path: v for path, v in manifest.items() if path in package_paths(kept)}
    if (root / MANIFEST_FILE).is_file():
        files.insert(1, FileAction(MANIFEST_FILE, "keep", note="versions manifest kept as it is"))
        read = _read_json(root / MANIFEST_FILE) or {}
        manifest = {k: v for k, v in read.items() if isinstance(v, str)}
    else:
        text = json.dumps(manifest, indent=2) + "\n"
        files.insert(1, compare_file(root, MANIFEST_FILE, text))
    if monorepo is None:
        notes = _project_notes(project, tagged=existing is not None or last is not None,
                               prefix=prefix)  # fmt: skip
        if last is not None and not (root / MANIFEST_FILE).is_file():
            notes.insert(0, (
                f"{project.version} is a development version ({project.version_source}): the "
                f"manifest starts from the last release, {last[0]} (tag {last[1]}{last[0]}), "
                "and the first release PR writes the next version over it"
            ))  # fmt: skip
        return ReleaseFiles(files, notes)
    notes = monorepo_notes(monorepo, manifest, tags=tags)
    if kept is not None and existing is not None:
        notes = kept_config_notes(monorepo, kept, existing) + notes
    return ReleaseFiles(files, notes)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _project_notes(project: Project, *, tagged: bool, prefix: str) -> list[str]:
    notes = []
    if project.dynamic_version:
        notes.append(
            f"the version comes from git tags ({project.dynamic_version}): a release only tags, "
            "no file holds the version, so the release PR edits CHANGELOG.md and the manifest"
        )
    tag = f"{prefix}{release_version(project.version)}"
    if not tagged and project.version != "0.0.0" and not _has_tag(project.root, tag):
        notes.append(
            f"no tag {tag}: tag the commit that released {project.version} "
            f"('git tag {tag} <sha>'), or the first release PR lists every commit so far"
        )
    if not project.has_readme:
        notes.append(
            "no readme in the project metadata: twine check --strict (invoke check) refuses a "
            'distribution without a long description; add readme = "README.md" to [project]'
        )
    if project.metadata != "project":
        notes.append(
            "pyproject.toml has no [project] table, so uv locks the dependency groups for the "
            "Python that runs 'uv lock' and the tests session installs the project with "
            "'pip install -e .': .python-version names that one Python, and the tests session "
            "runs on it; move the metadata to [project] to lock and test every Python you "
            "support"
        )
    return notes


def release_version(version: str) -> str:
    """``version`` with three release numbers, as release-please reads a manifest.

    >>> release_version("25.0"), release_version("2.0rc1"), release_version("1.2.3")
    ('25.0.0', '2.0.0rc1', '1.2.3')
    """
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(\D.*)?", version)
    if match is None:
        return version
    major, minor, patch, rest = match.groups()
    return f"{major}.{minor or 0}.{patch or 0}{rest or ''}"


def is_development(version: str) -> bool:
    """Whether ``version`` is a PEP 440 development release (``8.5.0.dev``, ``1.0.dev3``)."""
    try:
        return Version(version).is_devrelease
    except InvalidVersion:
        return False


def _last_release(project: Project) -> tuple[str, str] | None:
    """(version, ``v`` or ``""``) of the newest release tag on the branch, None without one."""
    head = git.head_commit(project.root)
    if head is None:
        return None
    for tag in git.list_tags(project.root):  # newest first
        match = _RELEASE_TAG.fullmatch(tag.name)
        if match and git.is_ancestor(project.root, tag.sha, head):
            return match[2], match[1]
    return None


def _tag_prefix(project: Project) -> str:
    """``v``, unless the project tags its releases without it (attrs: ``23.2.0``)."""
    names = {tag.name for tag in git.list_tags(project.root)}
    versions = {project.version, release_version(project.version)}
    if names & versions and not names & {f"v{v}" for v in versions}:
        return ""
    return "v"


def _has_tag(root: Path, name: str) -> bool:
    return any(tag.name == name for tag in git.list_tags(root))


def _config_text(
    packages: dict[str, dict[str, Any]], *, monorepo: bool, separator: str, v_in_tag: bool
) -> str:
    """The release-please config: ``v1.2.3`` tags for one project, ``core-v1.2.3`` for many."""
    config: dict[str, Any] = {
        "$schema": _SCHEMA,
        "release-type": "python",
        # one project: v1.2.3, the tag Python projects (and hatch-vcs, setuptools-scm) expect;
        # a monorepo: <component>-v1.2.3, as release-please tags its packages apart
        "include-component-in-tag": monorepo,
    }
    if separator != "-":
        config["tag-separator"] = separator  # the monorepo tags core/v1.2.3
    if not v_in_tag:
        config["include-v-in-tag"] = False  # the project tags its releases 1.2.3
    if not monorepo:  # a combined monorepo PR keeps release-please's "chore: release main"
        config["pull-request-title-pattern"] = "chore: release ${version}"
    config["changelog-sections"] = _SECTIONS
    config["packages"] = packages
    return json.dumps(config, indent=2) + "\n"


def _version_file(project: Project) -> tuple[list[str], FileAction | None]:
    """extra-files for a version file the python release-type does not update by itself.

    release-please's python strategy edits ``pyproject.toml``, ``setup.cfg``, ``setup.py``,
    ``<name>/__init__.py``, ``src/<name>/__init__.py`` and every ``version.py``; any other file
    needs an ``extra-files`` entry and an ``x-release-please-version`` comment on its line.
    """
    source = project.version_source
    if project.dynamic_version or not source.endswith(".py") or source == "setup.py":
        return [], None
    name = project.name
    covered = {
        f"{prefix}{n}/__init__.py"
        for n in (name, name.replace("-", "_"))
        for prefix in ("", "src/")
    }
    if source in covered or source.rsplit("/", 1)[-1] == "version.py":
        return [], None
    path = project.root / source
    text = path.read_text(encoding="utf-8")
    if _ANNOTATION in text:
        return [source], FileAction(source, "unchanged")
    new = _VERSION_LINE.sub(rf"\1  # {_ANNOTATION}", text, count=1)
    return [source], FileAction(source, "update", new, note=f"'# {_ANNOTATION}' on the version")
