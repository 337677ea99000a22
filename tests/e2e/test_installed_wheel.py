"""The installed package is the whole tool: releasegate's wheel in a fresh venv, used from there.

Issue 9: the wheel built from this repository goes into a new virtualenv with nothing but
``pip install <wheel> invoke``; its ``releasegate`` console script then runs a dry run and a real
release to a local pypiserver, with an empty ``HOME`` and only git beside the venv on ``PATH``.
The venv is made once per module. Packages come from uv's cache (offline, as everywhere in the
suite: ``tests._offline``), so the tests reach only 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests._index_server import Index, running_index
from tests._offline import online, run_filling
from tests.builders import make_project

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "installed-canary-6e1d"
UV = [sys.executable, "-m", "uv"]
# Variables of this session, its venv, nox, pytest or a CI job; a new user has none of them.
_LEAKS = (
    "VIRTUAL_ENV",
    "CONDA",
    "NOX",
    "PYTEST",
    "COV_",
    "COVERAGE",
    "RELEASEGATE",
    "TWINE",
    "SIGSTORE",
    "GITHUB",
    "ACTIONS_",
    "SOURCE_DATE_EPOCH",
    "XDG_",
    "UV_",
    "PYENV",
)
TOOLS = ["twine", "readme_renderer", "check_wheel_contents", "sigstore", "pypi_attestations", "uv"]


def _run(
    argv: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing text output; never raise on its exit status."""
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding releasegate's wheel (built from this checkout) and invoke."""
    work = tmp_path_factory.mktemp("installed")
    built = _run([*UV, "build", "--wheel", "--out-dir", str(work / "dist"), str(REPO)])
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("releasegate-*.whl")
    venv = work / "venv"
    created = _run([*UV, "venv", "--quiet", "--python", sys.executable, str(venv)])
    assert created.returncode == 0, created.stderr
    install = [*UV, "pip", "install", "--quiet", "--python", str(_bin(venv, "python"))]
    # offline, see above: from uv's cache, or once online when nox filled the cache (a fresh
    # machine's cache has the locked wheels, not the index pages this resolution reads)
    installed = run_filling([*install, str(wheel), "invoke"], env=os.environ)
    assert installed.returncode == 0, installed.stderr
    return venv


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """One pypiserver for the module."""
    with running_index(tmp_path_factory.mktemp("index"), password=PASSWORD) as running:
        yield running


def _bin(venv: Path, name: str) -> Path:
    """Return the path of a venv's script or interpreter."""
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    return scripts / (f"{name}.exe" if os.name == "nt" else name)


def _env(home: Path, venv: Path) -> dict[str, str]:
    """A new user's environment: empty HOME, the venv activated, only git besides; hostile tty.

    The machine's own settings (proxies, CA certificates, locale) stay, as they would for any
    user; what this test session, its venv or a CI job would leak is dropped.
    """
    git = shutil.which("git")
    assert git is not None
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(_LEAKS) and key not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}
    }
    env.update(
        {
            "HOME": str(home),
            "PATH": os.pathsep.join([str(_bin(venv, "python").parent), str(Path(git).parent)]),
            "VIRTUAL_ENV": str(venv),
            "TERM": "dumb",
            "COLUMNS": "80",
            "NO_COLOR": "1",
            "FORCE_COLOR": "1",
            "TWINE_USERNAME": "uploader",
            "TWINE_PASSWORD": PASSWORD,
            "RELEASEGATE_RETRY_DELAY": "0.05",
            "UV_PYTHON_DOWNLOADS": "never",
        }
    )
    # uv builds the project in an isolated environment: let it find hatchling in the same cache,
    # offline as the whole suite is (tests reach only 127.0.0.1)
    # --color never: under FORCE_COLOR=1 uv colours the path, which then names no directory
    cache = _run([*UV, "--color", "never", "cache", "dir"])
    if cache.returncode == 0 and cache.stdout.strip():
        env["UV_CACHE_DIR"] = cache.stdout.strip()
    if not online():
        env["UV_OFFLINE"] = "1"
    return env


def releasegate(venv: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the venv's ``releasegate`` console script as a new user would; scan for the secret."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    proc = _run([str(_bin(venv, "releasegate")), *args], cwd=tmp_path, env=_env(home, venv))
    assert PASSWORD not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


def test_the_venv_runs_its_own_releasegate_and_tools(venv: Path, tmp_path: Path) -> None:
    """The venv imports releasegate and every chain tool from itself, not from this checkout."""
    code = "import importlib,sys; print('\\n'.join(importlib.import_module(m).__file__ for m in sys.argv[1:]))"
    proc = _run(
        [str(_bin(venv, "python")), "-I", "-c", code, "releasegate", *TOOLS],
        env=_env(tmp_path, venv),
    )
    assert proc.returncode == 0, proc.stderr
    assert all(Path(p).is_relative_to(venv) for p in proc.stdout.split())


def test_installed_dry_run(venv: Path, tmp_path: Path, index: Index) -> None:
    """``releasegate release --dry-run`` builds, checks, reads the index and plans, uploading nothing."""
    project = make_project(tmp_path / "project", name="tiny-installed-dry")
    proc = releasegate(
        venv, tmp_path, "release", "--dry-run", "--repository-url", index.url, "-C", str(project)
    )
    assert proc.returncode == 0, proc.stderr
    assert "note: dry run skips signing (no Sigstore identity here)" in proc.stderr
    assert proc.stdout.splitlines()[0].startswith("would upload 2 file(s) of tiny-installed-dry")
    assert proc.stdout.splitlines()[-1] == "dry run: nothing was uploaded"


def test_installed_release_uploads(venv: Path, tmp_path: Path, index: Index) -> None:
    """``releasegate release --no-sign`` uploads dist/ to a local index, byte for byte."""
    project = make_project(tmp_path / "project", name="tiny-installed")
    proc = releasegate(
        venv, tmp_path, "release", "--no-sign", "--repository-url", index.url, "-C", str(project)
    )
    assert proc.returncode == 0, proc.stderr
    built = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (project / "dist").iterdir()
        if p.name.endswith((".whl", ".tar.gz"))
    }
    stored = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in index.packages.iterdir()
        if p.name.startswith("tiny_installed-")
    }
    assert len(built) == 2
    assert stored == built
    assert proc.stdout.count("uploaded tiny_installed-1.0.0") == 2
