# /// script
# dependencies = ["nox>=2024.10.9"]
# ///
"""Quality gates: the same sessions on a laptop and in CI (``nox -s lint tests``)."""

from __future__ import annotations

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True
nox.options.sessions = ["lint", "typecheck", "tests"]
# In CI a missing interpreter fails the session instead of skipping it.
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = nox.project.python_versions(PYPROJECT)
LINT_PATHS = ["src", "tests", "benchmarks", "noxfile.py", "tasks.py"]


def install_group(session: nox.Session, group: str, *, editable: bool = True) -> None:
    """Install a PEP 735 dependency group (and the project) into the session."""
    deps = nox.project.dependency_groups(PYPROJECT, group)
    session.install(*deps, *(["-e."] if editable else []))


@nox.session(reuse_venv=True)
def lint(session: nox.Session) -> None:
    """Lint: ruff check, ruff format --check, actionlint and zizmor over the workflows."""
    install_group(session, "lint", editable=False)
    session.run("ruff", "check", *LINT_PATHS)
    session.run("ruff", "format", "--check", *LINT_PATHS)
    session.run("actionlint")
    session.run("zizmor", "--offline", ".github/workflows")


@nox.session(reuse_venv=True)
def typecheck(session: nox.Session) -> None:
    """Type-check with mypy (strict on src/); feedback, not blocking in CI."""
    install_group(session, "typecheck")
    session.run("mypy", *session.posargs)


@nox.session(python=PYTHONS, reuse_venv=True)
def tests(session: nox.Session) -> None:
    """Run pytest under coverage; arguments after -- go to pytest."""
    install_group(session, "test")
    session.run("coverage", "run", "-m", "pytest", *session.posargs)
    if not session.posargs:
        session.run("coverage", "combine", "--quiet", success_codes=[0, 1])
        session.run("coverage", "report", "--fail-under=0")


@nox.session(reuse_venv=True)
def build(session: nox.Session) -> None:
    """Build and check dist/ with the same invoke tasks a release uses."""
    install_group(session, "release")
    session.run("invoke", "build", "check")


@nox.session(default=False, reuse_venv=True)
def bench(session: nox.Session) -> None:
    """Run the benchmarks in benchmarks/ (arguments after -- go to the script)."""
    install_group(session, "test")
    if not session.posargs:
        session.error("Usage: nox -s bench -- benchmarks/<script>.py [args]")
    session.run("python", *session.posargs)
