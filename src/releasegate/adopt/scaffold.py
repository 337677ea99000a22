"""The release setup ``init`` writes into a project: worked out first, written only on request.

:func:`plan_setup` renders every file for a detected :class:`~releasegate.adopt.project.Project` and
compares it with what is there; :func:`apply_setup` writes the result (each file atomically).
Nothing the maintainer already has is overwritten: a release-please config and manifest are
kept, existing workflows, noxfile and tasks.py are kept unless ``force``, and ``pyproject.toml``
only gains what it lacks, edited with tomlkit so formatting and comments stay.
"""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit
from packaging.utils import canonicalize_name
from packaging.version import Version

from releasegate._atomic import write_atomic
from releasegate.adopt._setup_files import Action, FileAction, compare_file
from releasegate.adopt.dependency_groups import (
    RELEASEGATE_PYTHON,
    add_dependency_groups,
    uv_conflict_members,
    uv_run,
)
from releasegate.adopt.existing_noxfile import read_noxfile
from releasegate.adopt.monorepo_setup import (
    Monorepo,
    detect_monorepo,
    member_groups,
    noxfile_values,
)
from releasegate.adopt.project import detect_project
from releasegate.adopt.project_tests import TestRequirements, detect_test_requirements
from releasegate.adopt.release_config_setup import (
    CONFIG_FILE,
    CONFIG_NAMES,
    MANIFEST_FILE,
    plan_release_files,
)
from releasegate.adopt.release_options import choose_options
from releasegate.adopt.ruff_config import (
    RuffFit,
    apply_ruff_fit,
    find_ruff_config,
    fit_ruff_config,
    uses_ruff,
)
from releasegate.adopt.templates import py_list, render
from releasegate.adopt.workflow_setup import CI_FILE, ReleaseWorkflowChoice, plan_workflows
from releasegate.engine import git
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from releasegate.adopt.dependency_groups import GroupScope
    from releasegate.adopt.project import Project
    from releasegate.adopt.ruff_config import RuffConfig

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
    "init_project",
    "plan_setup",
]

WORKFLOW_FILE = "release-please.yml"
NOXFILE = "noxfile.py"
TASKS_FILE = "tasks.py"
# The sessions the written ci.yml runs: a kept noxfile must have them all.
_CI_SESSIONS = ("lint", "typecheck", "ci_matrix", "tests", "build")
PUBLISH_ENVIRONMENT = "pypi"


@dataclass(frozen=True, slots=True)
class TrustedPublisher:
    """The trusted-publisher entry to register on PyPI: exactly what the workflow uses."""

    project: str
    owner: str | None
    repository: str | None
    workflow: str = WORKFLOW_FILE
    environment: str = PUBLISH_ENVIRONMENT

    def render(self, projects: Sequence[str] = ()) -> str:
        """The entry as PyPI's form asks for it, one field a line.

        ``projects`` lists several PyPI projects that each need this same entry (a monorepo).
        """
        unknown = "<unknown: add a GitHub 'origin' remote>"
        names = f"PyPI project names: {', '.join(projects)} (one publisher each)"
        return (
            f"  {names if projects else f'PyPI project name: {self.project}'}\n"
            f"  Owner:             {self.owner or unknown}\n"
            f"  Repository name:   {self.repository or unknown}\n"
            f"  Workflow name:     {self.workflow}\n"
            f"  Environment name:  {self.environment}\n"
        )


@dataclass(frozen=True, slots=True)
class SetupPlan:
    """Every file of the setup with its action, plus what the maintainer should know.

    ``publishers`` has one trusted publisher per PyPI project (one per package of a
    monorepo), none when releasegate does not publish (a kept release workflow does);
    ``next_steps`` are commands that work on the setup as it will be; ``monorepo`` is set for
    a uv workspace or projects side by side.
    """

    project: Project
    files: tuple[FileAction, ...]
    notes: tuple[str, ...]
    publishers: tuple[TrustedPublisher, ...]
    next_steps: tuple[str, ...] = ()
    monorepo: Monorepo | None = None

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

    A uv workspace or projects side by side (:mod:`releasegate.adopt.monorepo_setup`) get one setup
    for all their packages. Raises UsageError (one line, naming the flag or the fix) when the
    setup would not fit what the project has: a release-please-action workflow, a kept
    ``ci.yml`` that cannot be called, a kept noxfile without the sessions the written
    ``ci.yml`` runs, a workspace member with a dynamic version to release.
    """
    root = project.root
    monorepo = detect_monorepo(root)
    itself = canonicalize_name(project.name) == "releasegate"
    # without [project], .python-version picks the Python (see _python_pin); a --python on
    # top would lock for another one
    pinned = monorepo is None and project.metadata != "project"
    run = uv_run(None if pinned else monorepo.python_floor if monorepo else project.python_floor)
    values = {
        "branch": project.branch,
        "name": project.name,
        "uv_run": run,
        # releasegate is the project itself there; elsewhere a tool in the release group.
        "run": run if itself else f"{run} --only-group release",
        "nox": "nox" if noxfile == NOXFILE else f"nox --noxfile {noxfile}",
        # a deployment links one page: the project's on PyPI, or a monorepo's releases
        "publish_url": f"https://pypi.org/project/{project.name}/" if monorepo is None
        else "${{ github.server_url }}/${{ github.repository }}/releases",
        **(_noxfile_values(project) if monorepo is None else noxfile_values(monorepo)),
    }  # fmt: skip
    lint_notes = []
    if not itself and not uses_ruff(root):
        # ruff's defaults on code that another linter keeps (rich: black, isort, flake8) fail
        # by the hundred: ruff checks the files init writes, the project keeps its linters
        values["lint_paths"] = py_list("LINT_PATHS", [noxfile, TASKS_FILE])
        lint_notes.append(
            "no ruff settings (ruff.toml, [tool.ruff], a ruff pre-commit hook): the lint "
            f"session runs ruff on {noxfile} and {TASKS_FILE} only, and your code keeps its "
            f'own linters; to lint it with ruff too, set LINT_PATHS = ["."] in {noxfile}'
        )
    workflows = plan_workflows(
        root,
        lambda template, extra: render(template, **{**values, **extra}),
        force=force,
        release_workflow=release_workflow,
    )
    # actionlint and zizmor check the workflows releasegate runs: a maintainer's others
    # (rich's codeql.yml on actions/checkout@v4, node 20) are theirs to lint, as their code is
    managed = [CI_FILE, *([workflows.release_path] if workflows.release_path else [])]
    values["workflows"] = py_list("WORKFLOWS", managed)
    template = "noxfile.py.tmpl" if monorepo is None else "noxfile_monorepo.py.tmpl"
    nox_text, tasks_text = render(template, **values), render("tasks.py.tmpl", **values)
    nox_item = compare_file(root, noxfile, nox_text, keep_existing=not force)
    tasks_item = compare_file(root, TASKS_FILE, tasks_text, keep_existing=not force)
    if nox_item.action == "keep" and workflows.ci_is_ours:
        _check_kept_noxfile(root, noxfile)
    files = [nox_item, tasks_item, *workflows.files]
    notes = [*workflows.notes, *lint_notes]

    existing = next((n for n in CONFIG_NAMES if (root / n).is_file()), None)
    release = plan_release_files(project, monorepo, existing)
    files += release.files
    written = {f.path: f.content for f in release.files if f.content is not None}

    ours = {item.path: text for item, text in ((nox_item, nox_text), (tasks_item, tasks_text))
            if item.action != "keep"}  # fmt: skip
    ruff = find_ruff_config(root)
    fit = fit_ruff_config(ruff, ours)
    if fit and ruff is not None and ruff.path != "pyproject.toml":
        files.append(FileAction(ruff.path, "update", apply_ruff_fit(ruff, fit),
                                note="ruff settings for the files init writes"))  # fmt: skip
    if fit.reasons:
        notes.append(f"ruff settings for the files init writes: {'; '.join(fit.reasons)}")
    in_pyproject = fit if ruff is not None and ruff.path == "pyproject.toml" else None
    groups, group_notes = member_groups(monorepo) if monorepo else ([], [])
    written |= {f.path: f.content for f in groups if f.content is not None}
    pyproject, pyproject_notes, tools_apart = _pyproject(
        project,
        itself=itself,
        tests=_root_tests(project, monorepo),
        ruff=(ruff, in_pyproject) if ruff is not None and in_pyproject else None,
        publishes=workflows.publishes,
        written=written,
        config_file=existing or CONFIG_FILE,
        monorepo=monorepo,
    )
    files += [pyproject, *groups, _gitignore(root)]
    if monorepo is None and (pin := _python_pin(project)) is not None:
        files.append(pin)
    notes += group_notes + pyproject_notes
    notes += release.notes
    notes += _lock_notes(project)
    publishers: tuple[TrustedPublisher, ...] = ()
    if workflows.release_path is not None:
        owner, _, name = (project.repository or "").partition("/")
        workflow = Path(workflows.release_path).name
        names = [m.project.name for m in monorepo.members] if monorepo else [project.name]
        publishers = tuple(
            TrustedPublisher(n, owner or None, name or None, workflow, workflows.environment)
            for n in names
        )
    # the tools' own groups, when dev does not include them ([tool.uv] conflicts)
    local = run.replace("uv run --locked", "uv run")
    prefix = (local, local)
    if tools_apart:
        prefix = (f"{local} --only-group nox", f"{local} --only-group release")
    steps = _next_steps(
        root, noxfile, nox_item, tasks_item, monorepo=monorepo is not None, uv_run=prefix
    )
    return SetupPlan(project, tuple(files), tuple(notes), publishers, steps, monorepo)


def _locked_python(project: Project) -> str:
    """The Python uv locks a project without ``[project]`` for.

    The one its ``.python-version`` names, else the oldest it supports that releasegate's
    tools run on (else its oldest).
    """
    try:
        pinned = (project.root / ".python-version").read_text(encoding="utf-8").split()
        return ".".join(pinned[0].split(".")[:2])
    except (OSError, UnicodeDecodeError, IndexError):
        pass
    floor = Version(RELEASEGATE_PYTHON)
    return next((p for p in project.pythons if Version(p) >= floor), project.pythons[0])


def _python_pin(project: Project) -> FileAction | None:
    """``.python-version`` for a project without ``[project]``, which uv locks for one Python.

    Without ``requires-python``, ``uv lock`` takes the Python it runs on as the floor, and a
    lock made on 3.12 fails ``--locked`` on 3.11: the pin makes every machine and CI use the
    oldest Python the project supports, the one the tests session runs on.
    """
    if project.metadata == "project" or not project.pythons:
        return None
    if (project.root / ".python-version").is_file():
        return FileAction(".python-version", "keep", note="uv locks for the Python it names")
    return FileAction(
        ".python-version", "create", f"{_locked_python(project)}\n",
        note="the one Python uv locks for: the project has no [project] table",
    )  # fmt: skip


def _root_tests(project: Project, monorepo: Monorepo | None) -> TestRequirements | None:
    """The test requirements of the root's ``test`` group (None: a monorepo's root has none).

    A monorepo's packages get their extras from ``PACKAGES`` in the noxfile, not the group.
    """
    if monorepo is None:
        return detect_test_requirements(project.root, tests_dir=project.tests_dir)
    member = monorepo.root_member
    return dataclasses.replace(member.tests, extras=()) if member else None


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


#: Lock files of other tools, which uv does not read.
_OTHER_LOCKS = ("poetry.lock", "pdm.lock", "Pipfile.lock", "requirements-dev.lock")


def _lock_notes(project: Project) -> list[str]:
    """What ``uv.lock`` needs: every gate and workflow runs uv with ``--locked``."""
    notes = []
    if git.run(project.root, "check-ignore", "--quiet", "uv.lock", check=False).returncode == 0:
        notes.append(
            "git ignores uv.lock (.gitignore), but every gate and workflow runs 'uv sync "
            "--locked' or 'uv run --locked': remove that ignore and commit uv.lock"
        )
    if not project.has_uv_lock:
        notes.append("run 'uv lock' and commit uv.lock: CI and the Release workflow run "
                     "'uv run --locked'")  # fmt: skip
        other = next((n for n in _OTHER_LOCKS if (project.root / n).is_file()), None)
        if other is not None:
            # rich: poetry.lock pins pygments 2.19.2, uv lock takes 2.21.0, 7 tests fail
            notes.append(
                f"{other} pins the versions your tests pass with today; 'uv lock' resolves "
                "anew, to the newest versions, so the tests session may meet newer "
                "dependencies than your CI does: pin the ones your tests depend on under "
                "[tool.uv] constraint-dependencies"
            )
    return notes


def _next_steps(
    root: Path,
    noxfile: str,
    nox_item: FileAction,
    tasks_item: FileAction,
    *,
    monorepo: bool,
    uv_run: tuple[str, str] = ("uv run", "uv run"),
) -> tuple[str, ...]:
    """Commands that exist once the setup is written: never a session the noxfile lacks.

    A monorepo's packages are built and checked by the noxfile's ``build`` session (one
    ``releasegate build -C <package>`` each), not by ``invoke release`` at the root.
    ``uv_run`` is how nox and the release tools run (``uv run``, or with ``--python`` and
    ``--only-group``).
    """
    nox_run, release_run = uv_run
    release = f"{release_run} invoke release --dry-run"
    if tasks_item.action == "keep" and not _has_release_task(root / TASKS_FILE):
        release = f"{release_run} releasegate release --dry-run"
    if nox_item.action != "keep":
        flag = "" if noxfile == NOXFILE else f" --noxfile {noxfile}"
        if monorepo:
            return (f"uv lock && {nox_run} nox{flag} -s lint tests build",)
        return (f"uv lock && {nox_run} nox{flag} -s lint tests && {release}",)
    kept = read_noxfile(root / noxfile)
    names = kept.names if kept is not None else ()
    steps = ["uv lock" if monorepo else f"uv lock && {release}"]
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


def apply_setup(plan: SetupPlan) -> None:
    """Write every created or updated file of ``plan`` (each one atomically)."""
    for item in plan.changes:
        assert item.content is not None  # noqa: S101 - create/update always carry content
        write_atomic(plan.project.root / item.path, item.content)


def init_project(
    root: Path,
    *,
    force: bool = False,
    noxfile: str = NOXFILE,
    release_workflow: ReleaseWorkflowChoice | None = None,
    dry_run: bool = False,
) -> SetupPlan:
    """``releasegate init``: detect the project at ``root``, work out its setup, write it.

    ``dry_run`` writes nothing. Returns the plan, what was (or would be) written. Raises
    UsageError as :func:`~releasegate.adopt.project.detect_project` and :func:`plan_setup` do.
    """
    plan = plan_setup(
        detect_project(root), force=force, noxfile=noxfile, release_workflow=release_workflow
    )
    if not dry_run:
        apply_setup(plan)
    return plan


def _noxfile_values(project: Project) -> dict[str, str]:
    tools_python = "None"  # nox's own
    if project.metadata != "project" and project.pythons:
        # uv locks a project without [project] for one Python (see _python_pin): every
        # session runs on it
        locked = _locked_python(project)
        pythons, source = py_list("PYTHONS", [locked]), ".python-version"
        tools_python = f'"{locked}"'
    elif project.pythons_from_classifiers:
        pythons, source = "nox.project.python_versions(PYPROJECT)", "the classifiers"
    else:
        pythons, source = py_list("PYTHONS", project.pythons), "requires-python"
    if project.test_runner == "pytest":
        command, runner = ["pytest"], "pytest"
    else:
        command = ["unittest", "discover", "-s", project.tests_dir or "."]
        runner = "unittest"
    return {
        "pythons": pythons,
        "pythons_source": source,
        "lint_paths": py_list("LINT_PATHS", ["."]),
        "typecheck_paths": py_list("TYPECHECK_PATHS", list(project.packages) or ["."]),
        "test_command": py_list("TEST_COMMAND", command),
        "runner": runner,
        "install_project": str(project.metadata != "project"),
        "tools_python": tools_python,
    }


def _pyproject(
    project: Project,
    *,
    itself: bool,
    tests: TestRequirements | None,
    ruff: tuple[RuffConfig, RuffFit] | None,
    publishes: bool,
    written: dict[str, str],
    config_file: str,
    monorepo: Monorepo | None,
) -> tuple[FileAction, list[str], bool]:
    """Dependency groups, ruff settings for the written files and ``[tool.releasegate]``.

    A monorepo's root gets the tool groups (and a ``test`` group only when it is a package
    itself); a uv workspace's gets ``plugins = ["uv-workspace"]`` and ``update-lockfile``.
    The flag says whether the tool groups stay out of ``dev`` (``[tool.uv] conflicts``).
    """
    path = project.root / "pyproject.toml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    doc = tomlkit.parse(text)
    scope: GroupScope = "all" if tests is not None else "tools"
    notes = add_dependency_groups(
        doc,
        name=project.name,
        itself=itself,
        runner=project.test_runner,
        tests=tests or TestRequirements(),
        python_floor=monorepo.python_floor if monorepo else project.python_floor,
        scope=scope,
    )
    if tests is not None and tests.sources and monorepo is None:
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
        # uv.lock holds the project's version only for a literal [project] version; a
        # workspace's holds each member's (one with a dynamic version is not released)
        locks_own_version=monorepo.workspace
        if monorepo
        else project.metadata == "project"
        and project.version_source == "pyproject.toml"
        and not project.dynamic_version,
        publishes_with_releasegate=publishes,
        config_file=config_file,
        manifest_file=MANIFEST_FILE,
        plugins=("uv-workspace",) if monorepo and monorepo.workspace else (),
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
    if monorepo is None and _include_tests_in_poetry_sdist(tool, project):
        parts.append(f"{project.tests_dir}/ in the sdist")
    new = tomlkit.dumps(doc).lstrip("\n")
    apart = bool(uv_conflict_members(doc))
    if new == text:
        return FileAction("pyproject.toml", "unchanged"), notes, apart
    action: Action = "update" if text else "create"
    return FileAction("pyproject.toml", action, new, note=", ".join(parts)), notes, apart


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
