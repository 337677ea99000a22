"""The release setup ``init`` writes into a project: worked out first, written only on request.

:func:`plan_setup` renders every file for a detected :class:`~releasegate.project.Project` and
compares it with what is there; :func:`apply_setup` writes the result (each file atomically).
Nothing the maintainer already has is overwritten: a release-please config and manifest are
kept, existing workflows, noxfile and tasks.py are kept unless ``force``, and ``pyproject.toml``
only gains what it lacks, edited with tomlkit so formatting and comments stay.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit
from packaging.utils import canonicalize_name

from releasegate import git
from releasegate._atomic import write_atomic
from releasegate._setup_files import Action, FileAction, compare_file
from releasegate.dependency_groups import add_dependency_groups
from releasegate.errors import UsageError
from releasegate.existing_noxfile import read_noxfile
from releasegate.project_tests import detect_test_requirements
from releasegate.release_options import choose_options
from releasegate.ruff_config import RuffFit, apply_ruff_fit, find_ruff_config, fit_ruff_config
from releasegate.templates import render
from releasegate.workflow_setup import ReleaseWorkflowChoice, plan_workflows

if TYPE_CHECKING:
    from releasegate.project import Project
    from releasegate.project_tests import TestRequirements
    from releasegate.ruff_config import RuffConfig

__all__ = [
    "CONFIG_FILE",
    "MANIFEST_FILE",
    "NOXFILE",
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
NOXFILE = "noxfile.py"
TASKS_FILE = "tasks.py"
# The sessions the written ci.yml runs: a kept noxfile must have them all.
_CI_SESSIONS = ("lint", "typecheck", "ci_matrix", "tests", "build")
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
_ANNOTATION = "x-release-please-version"
_WIDTH = 79  # the widest line init writes: within every common line-length
_VERSION_LINE = re.compile(
    r"^(__version__\s*(?::\s*str\s*)?=\s*['\"][^'\"]+['\"])[ \t]*$", re.MULTILINE
)


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
    """Every file of the setup with its action, plus what the maintainer should know.

    ``publisher`` is None when releasegate does not publish (a kept release workflow does);
    ``next_steps`` are commands that work on the setup as it will be.
    """

    project: Project
    files: tuple[FileAction, ...]
    notes: tuple[str, ...]
    publisher: TrustedPublisher | None
    next_steps: tuple[str, ...] = ()

    @property
    def changes(self) -> tuple[FileAction, ...]:
        """The files that would be written."""
        return tuple(f for f in self.files if f.action in {"create", "update"})


def plan_setup(
    project: Project,
    *,
    force: bool = False,
    noxfile: str = NOXFILE,
    release_workflow: ReleaseWorkflowChoice | None = None,
) -> SetupPlan:
    """Work out the setup for ``project``; read-only (see the module docstring).

    Raises UsageError (one line, naming the flag that resolves it) when the setup would not
    fit what the project has: a release-please-action workflow, a kept ``ci.yml`` that cannot
    be called, a kept noxfile without the sessions the written ``ci.yml`` runs.
    """
    root = project.root
    itself = canonicalize_name(project.name) == "releasegate"
    values = {
        "branch": project.branch,
        "name": project.name,
        # releasegate is the project itself there; elsewhere a tool in the release group.
        "run": "uv run --locked" if itself else "uv run --locked --only-group release",
        "nox": "nox" if noxfile == NOXFILE else f"nox --noxfile {noxfile}",
        **_noxfile_values(project),
    }
    workflows = plan_workflows(
        root,
        lambda template, extra: render(template, **{**values, **extra}),
        force=force,
        release_workflow=release_workflow,
    )
    nox_text, tasks_text = render("noxfile.py.tmpl", **values), render("tasks.py.tmpl", **values)
    nox_item = compare_file(root, noxfile, nox_text, keep_existing=not force)
    tasks_item = compare_file(root, TASKS_FILE, tasks_text, keep_existing=not force)
    if nox_item.action == "keep" and workflows.ci_is_ours:
        _check_kept_noxfile(root, noxfile)
    files = [nox_item, tasks_item, *workflows.files]
    notes = list(workflows.notes)

    extra_files, annotated = _version_file(project)
    existing = [n for n in _CONFIG_NAMES if (root / n).is_file()]
    prefix = _tag_prefix(project)
    written: dict[str, str] = {}
    if existing:
        files.append(FileAction(existing[0], "keep", note="release-please config kept as it is"))
    else:
        config_text = _config_text(project, extra_files, v_in_tag=prefix == "v")
        files.append(compare_file(root, CONFIG_FILE, config_text))
        written[CONFIG_FILE] = config_text
    if (root / MANIFEST_FILE).is_file():
        files.append(FileAction(MANIFEST_FILE, "keep", note="versions manifest kept as it is"))
    else:
        manifest = json.dumps({".": _release_version(project.version)}, indent=2) + "\n"
        files.append(compare_file(root, MANIFEST_FILE, manifest))
        written[MANIFEST_FILE] = manifest
    if annotated is not None:
        files.append(annotated)
        if annotated.content is not None:
            written[annotated.path] = annotated.content

    ours = {item.path: text for item, text in ((nox_item, nox_text), (tasks_item, tasks_text))
            if item.action != "keep"}  # fmt: skip
    ruff = find_ruff_config(root)
    fit = fit_ruff_config(ruff, ours)
    if fit and ruff is not None and ruff.path != "pyproject.toml":
        files.append(FileAction(ruff.path, "update", apply_ruff_fit(ruff, fit),
                                note="ruff settings for the files init writes"))  # fmt: skip
    if fit.reasons:
        notes.append(f"ruff settings for the files init writes: {'; '.join(fit.reasons)}")
    tests = detect_test_requirements(root, tests_dir=project.tests_dir)
    in_pyproject = fit if ruff is not None and ruff.path == "pyproject.toml" else None
    pyproject, pyproject_notes = _pyproject(
        project,
        itself=itself,
        tests=tests,
        ruff=(ruff, in_pyproject) if ruff is not None and in_pyproject else None,
        publishes=workflows.publishes,
        written=written,
        config_file=existing[0] if existing else CONFIG_FILE,
    )
    files += [pyproject, _gitignore(root)]
    notes += pyproject_notes
    notes += _project_notes(project, tagged=bool(existing), prefix=prefix)
    publisher = None
    if workflows.release_path is not None:
        owner, _, name = (project.repository or "").partition("/")
        workflow = Path(workflows.release_path).name
        publisher = TrustedPublisher(
            project.name, owner or None, name or None, workflow, workflows.environment
        )
    steps = _next_steps(root, noxfile, nox_item, tasks_item)
    return SetupPlan(project, tuple(files), tuple(notes), publisher, steps)


def _check_kept_noxfile(root: Path, noxfile: str) -> None:
    """A kept noxfile must have the sessions the written ci.yml runs."""
    kept = read_noxfile(root / noxfile)
    names = kept.names if kept is not None else ()
    missing = [s for s in _CI_SESSIONS if s not in names]
    if missing:
        raise UsageError(
            f"{noxfile}: kept (it is not releasegate's), but it has no session "
            f"{', '.join(missing)} that the written ci.yml runs; pass --noxfile "
            "noxfile_gates.py to write releasegate's sessions in a file of their own, or "
            "--force to replace it"
        )


def _project_notes(project: Project, *, tagged: bool, prefix: str) -> list[str]:
    notes = []
    if project.dynamic_version:
        notes.append(
            f"the version comes from git tags ({project.dynamic_version}): a release only tags, "
            "no file holds the version, so the release PR edits CHANGELOG.md and the manifest"
        )
    tag = f"{prefix}{_release_version(project.version)}"
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
            "'pip install -e .': run uv (and CI) on that one Python, or move the metadata to "
            "[project] to lock for every Python you support"
        )
    if git.run(project.root, "check-ignore", "--quiet", "uv.lock", check=False).returncode == 0:
        notes.append(
            "git ignores uv.lock (.gitignore), but every gate and workflow runs 'uv sync "
            "--locked' or 'uv run --locked': remove that ignore and commit uv.lock"
        )
    if not project.has_uv_lock:
        notes.append("run 'uv lock' and commit uv.lock: CI and the Release workflow run "
                     "'uv run --locked'")  # fmt: skip
    return notes


def _next_steps(
    root: Path, noxfile: str, nox_item: FileAction, tasks_item: FileAction
) -> tuple[str, ...]:
    """Commands that exist once the setup is written: never a session the noxfile lacks."""
    release = "uv run invoke release --dry-run"
    if tasks_item.action == "keep" and not _has_release_task(root / TASKS_FILE):
        release = "uv run releasegate release --dry-run"
    if nox_item.action != "keep":
        flag = "" if noxfile == NOXFILE else f" --noxfile {noxfile}"
        return (f"uv lock && uv run nox{flag} -s lint tests && {release}",)
    kept = read_noxfile(root / noxfile)
    names = kept.names if kept is not None else ()
    steps = [f"uv lock && {release}"]
    if names:
        steps.append(
            f"your {noxfile} is kept; its sessions: {', '.join(names)} (uv run nox -s {names[0]})"
        )
    steps.append(
        "releasegate init --noxfile noxfile_gates.py adds releasegate's lint, typecheck, "
        "tests and build sessions next to it"
    )
    return tuple(steps)


def _has_release_task(path: Path) -> bool:
    """Whether a kept tasks.py defines or imports a ``release`` task (read, never run)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return False
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "release":
            return True
        if isinstance(node, ast.ImportFrom) and any(
            (alias.asname or alias.name) == "release" for alias in node.names
        ):
            return True
    return False


def _release_version(version: str) -> str:
    """``version`` with three release numbers, as release-please reads a manifest.

    >>> _release_version("25.0"), _release_version("2.0rc1"), _release_version("1.2.3")
    ('25.0.0', '2.0.0rc1', '1.2.3')
    """
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(\D.*)?", version)
    if match is None:
        return version
    major, minor, patch, rest = match.groups()
    return f"{major}.{minor or 0}.{patch or 0}{rest or ''}"


def _tag_prefix(project: Project) -> str:
    """``v``, unless the project tags its releases without it (attrs: ``23.2.0``)."""
    names = {tag.name for tag in git.list_tags(project.root)}
    versions = {project.version, _release_version(project.version)}
    if names & versions and not names & {f"v{v}" for v in versions}:
        return ""
    return "v"


def _has_tag(root: Path, name: str) -> bool:
    return any(tag.name == name for tag in git.list_tags(root))


def apply_setup(plan: SetupPlan) -> None:
    """Write every created or updated file of ``plan`` (each one atomically)."""
    for item in plan.changes:
        assert item.content is not None  # noqa: S101 - create/update always carry content
        write_atomic(plan.project.root / item.path, item.content)


def _noxfile_values(project: Project) -> dict[str, str]:
    if project.pythons_from_classifiers:
        pythons, source = "nox.project.python_versions(PYPROJECT)", "the classifiers"
    else:
        pythons, source = _py_list("PYTHONS", project.pythons), "requires-python"
    if project.test_runner == "pytest":
        command, runner = ["pytest"], "pytest"
    else:
        command = ["unittest", "discover", "-s", project.tests_dir or "."]
        runner = "unittest"
    return {
        "pythons": pythons,
        "pythons_source": source,
        "lint_paths": _py_list("LINT_PATHS", ["."]),
        "typecheck_paths": _py_list("TYPECHECK_PATHS", list(project.packages) or ["."]),
        "test_command": _py_list("TEST_COMMAND", command),
        "runner": runner,
        "install_project": str(project.metadata != "project"),
    }


def _py_list(name: str, items: tuple[str, ...] | list[str]) -> str:
    """A list literal for ``NAME = [...]``, as ``ruff format`` lays it out at any width."""
    one_line = "[" + ", ".join(json.dumps(i) for i in items) + "]"
    if len(f"{name} = {one_line}") <= _WIDTH:
        return one_line
    return "[\n" + "".join(f"    {json.dumps(i)},\n" for i in items) + "]"


def _config_text(project: Project, extra_files: list[str], *, v_in_tag: bool) -> str:
    package: dict[str, Any] = {"package-name": project.name}
    if extra_files:
        package["extra-files"] = extra_files
    config: dict[str, Any] = {
        "$schema": _SCHEMA,
        "release-type": "python",
        # v1.2.3, the tag Python projects (and hatch-vcs, setuptools-scm) expect
        "include-component-in-tag": False,
    }
    if not v_in_tag:
        config["include-v-in-tag"] = False  # the project tags its releases 1.2.3
    config["pull-request-title-pattern"] = "chore: release ${version}"
    config["changelog-sections"] = _SECTIONS
    config["packages"] = {".": package}
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


def _pyproject(
    project: Project,
    *,
    itself: bool,
    tests: TestRequirements,
    ruff: tuple[RuffConfig, RuffFit] | None,
    publishes: bool,
    written: dict[str, str],
    config_file: str,
) -> tuple[FileAction, list[str]]:
    """Dependency groups, ruff settings for the written files and ``[tool.releasegate]``."""
    path = project.root / "pyproject.toml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    doc = tomlkit.parse(text)
    notes = add_dependency_groups(
        doc,
        name=project.name,
        itself=itself,
        runner=project.test_runner,
        tests=tests,
        python_floor=project.python_floor,
    )
    if tests.sources:
        notes.insert(0, "the tests session installs the project's own test requirements: "
                     + "; ".join(tests.sources))  # fmt: skip
    parts = ["dependency groups"]
    if ruff is not None:
        doc = tomlkit.parse(apply_ruff_fit(*ruff, document=doc))
        parts.append("ruff settings for the written files")
    tool: Any = doc.setdefault("tool", tomlkit.table(is_super_table=True))
    present = tool.get("releasegate", {})
    choice = choose_options(
        project.root,
        present,
        {**written, "pyproject.toml": tomlkit.dumps(doc)},
        # uv.lock holds the project's version only for a literal [project] version
        locks_own_version=project.metadata == "project"
        and project.version_source == "pyproject.toml"
        and not project.dynamic_version,
        publishes_with_releasegate=publishes,
        config_file=config_file,
        manifest_file=MANIFEST_FILE,
    )
    notes += choice.notes
    if choice.options:
        own: Any = tool.get("releasegate")
        created = own is None
        if created:
            own = tomlkit.table()
            tool["releasegate"] = own
        for key, value in choice.options.items():
            own[key] = value
        if created:
            own.add(tomlkit.nl())  # a blank line before whatever table comes next
        parts.append("[tool.releasegate]")
    if _include_tests_in_poetry_sdist(tool, project):
        parts.append(f"{project.tests_dir}/ in the sdist")
    new = tomlkit.dumps(doc).lstrip("\n")
    if new == text:
        return FileAction("pyproject.toml", "unchanged"), notes
    action: Action = "update" if text else "create"
    return FileAction("pyproject.toml", action, new, note=", ".join(parts)), notes


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
