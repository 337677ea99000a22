# /// script
# dependencies = ["nox>=2024.10.9"]
# ///
"""Quality gates: the same sessions on a laptop and in CI (``nox -s lint tests``)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True
nox.options.sessions = ["lint", "typecheck", "tests"]
# A missing interpreter fails the session instead of skipping it, locally and in CI.
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = nox.project.python_versions(PYPROJECT)
LINT_PATHS = ["src", "tests", "benchmarks", "noxfile.py", "tasks.py"]
NOXFILE = Path(__file__).resolve()


def install_group(session: nox.Session, group: str, *, editable: bool = True) -> None:
    """Install a PEP 735 dependency group (and the project) at the versions uv.lock pins.

    Every machine runs the same tool versions: a new ruff or pytest release changes nothing
    until the lock is updated, and a lock that lags pyproject.toml fails (``--locked``).
    """
    venv = session.virtualenv.location
    selection = ["--no-default-groups", "--group", group] if editable else ["--only-group", group]
    session.run_install(
        *("uv", "sync", "--locked", "--no-progress", f"--python={venv}", *selection),
        env={"UV_PROJECT_ENVIRONMENT": venv},
        external=True,  # uv itself, found next to nox
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Lint: uv.lock is current, ruff, the import contract, actionlint, zizmor."""
    install_group(session, "lint", editable=False)
    # CI runs the nox that uv.lock pins (issue 11): a lock that lags pyproject.toml fails here.
    session.run("uv", "lock", "--check")
    session.run("ruff", "check", *LINT_PATHS)
    session.run("ruff", "format", "--check", *LINT_PATHS)
    # The layers of src/releasegate ([tool.importlinter]); it reads the source, never imports it.
    session.run("lint-imports", "--no-logo", env={"PYTHONPATH": "src"})
    session.run("actionlint")
    session.run("zizmor", "--offline", ".github/workflows")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check with mypy (strict on src/); feedback, not blocking in CI."""
    install_group(session, "typecheck")
    session.run("mypy", *session.posargs)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run pytest on parallel workers under coverage; arguments after -- go to pytest."""
    install_group(session, "test")
    # tests/test_noxfile.py lists the sessions with the nox that is running this one.
    env = {"RELEASEGATE_NOX_PYTHON": sys.executable, **fill_uv_cache(session), **bytecode(session)}
    # pytest-cov measures every xdist worker and combines their data; the report fails below
    # [tool.coverage.report] fail_under in pyproject.toml (raise it, never lower). Arguments
    # select a part of the suite, whose coverage means nothing: add --cov to measure it anyway.
    coverage = [] if session.posargs else ["--cov", "--cov-report=term"]
    session.run("pytest", *coverage, *session.posargs, env=env)


def bytecode(session: nox.Session) -> dict[str, str | None]:
    """Return the env that keeps Python's bytecode in nox's cache dir, never beside a source.

    The suite starts hundreds of Python processes (invoke, releasegate, build backends, the
    projects' own nox). With PYTHONDONTWRITEBYTECODE set, as on many CI images, each of them
    compiled every module it imported again: a fifth of the suite's CPU (issue 19).
    """
    return {
        "PYTHONDONTWRITEBYTECODE": None,  # None: unset for the run
        "PYTHONPYCACHEPREFIX": str((session.cache_dir / "pycache").resolve()),
    }


def fill_uv_cache(session: nox.Session) -> dict[str, str]:
    """Fetch what the offline suite needs from PyPI, as the install did; return pytest's env.

    The tests reach only 127.0.0.1 and run uv offline; on a fresh machine uv's cache lacks
    the build backends of the tests' projects, and the real Sigstore bundle's wheel is on
    PyPI only (tests/fill_uv_cache.py). Offline, it warns and those tests skip, saying why.
    """
    # not session.create_tmp(): it points TMPDIR into this project, under its pytest and ruff
    # settings, where the tests' own projects would pick them up
    where = session.cache_dir / "fill-uv-cache"
    session.run("python", "-m", "tests.fill_uv_cache", "--wheel-dir", str(where))
    filled = json.loads((where / "filled.json").read_text(encoding="utf-8"))
    env = {"RELEASEGATE_UV_FILLED": "1" if filled["uv_filled"] else ""}
    if filled["rfc8785_wheel"]:
        env["RELEASEGATE_RFC8785_WHEEL"] = filled["rfc8785_wheel"]
    return env


@nox.session
def build(session: nox.Session) -> None:
    """Build and check dist/ with the same invoke tasks a release uses."""
    install_group(session, "release")
    session.run("invoke", "build", "check")


# Maintainer-only sessions (default=False) below. golden and differential run release-please
# itself: they need node and ../shared/release-please-oracle (npm ci there once).


@nox.session(default=False)
def golden(session: nox.Session) -> None:
    """Regenerate tests/data/golden/*/expected.json from release-please (--check: verify only)."""
    install_group(session, "test")
    session.run("python", "-m", "tests.oracle.golden", *session.posargs)


@nox.session(default=False)
def differential(session: nox.Session) -> None:
    """Compare releasegate with release-please on random repositories (default: 300, seed 0)."""
    install_group(session, "test")
    args = session.posargs or ["--count", "300", "--seed", "0"]
    session.run(
        *("python", "-m", "tests.oracle.differential"),
        *("--keep-failures", ".differential-failures", *args),
    )


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Run the benchmarks in benchmarks/ (arguments after -- go to the script)."""
    install_group(session, "test")
    if not session.posargs:
        session.error("Usage: nox -s bench -- benchmarks/<script>.py [args]")
    session.run("python", *session.posargs)


@nox.session(python=False, default=False)
def ci_matrix(session: nox.Session) -> None:
    """Print the CI tests matrix from nox's own session list (and write it to $GITHUB_OUTPUT)."""
    listing = session.run(
        *(sys.executable, "-m", "nox", "--noxfile", str(NOXFILE)),
        *("--list", "--json", "--sessions", "tests"),
        silent=True,
        stderr=None,
        external=True,
    )
    matrix = [{"session": s["session"], "python": s["python"]} for s in json.loads(str(listing))]
    line = f"tests={json.dumps(matrix, separators=(',', ':'))}"
    print(line)
    if output := os.environ.get("GITHUB_OUTPUT"):
        with Path(output).open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
