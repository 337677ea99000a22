"""Fetch, before the tests run, what the offline suite needs from PyPI (``nox -s tests`` runs it).

The suite reaches 127.0.0.1 only, and every uv it starts runs with ``UV_OFFLINE=1``
(``tests._offline``). On a fresh machine (a CI runner, an empty HOME) uv's cache then lacks
what the tests' own projects build with. nox's ``tests`` session installs from PyPI anyway;
right after, it runs this module, which:

* builds one tiny project per build backend the suite's projects use (:data:`BUILD_BACKENDS`),
  first offline, and online only when the cache lacks the backend, so a warm machine makes no
  request;
* downloads rfc8785 0.1.2's wheel, the artifact of the real Sigstore bundle in
  ``../shared/sigstore``, into ``--wheel-dir`` (sha256 checked; kept for the next run).

It writes ``--wheel-dir``/``filled.json``; the session passes its result to pytest
(``RELEASEGATE_UV_FILLED``, ``RELEASEGATE_RFC8785_WHEEL``). Anything it cannot fetch (no
network) is one warning line, and the tests that need it skip, saying why.

    python -m tests.fill_uv_cache --wheel-dir DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests._offline import cold_cache

__all__ = ["BUILD_BACKENDS", "RFC8785_SHA256", "RFC8785_WHEEL", "BuildBackend", "main"]

RFC8785_WHEEL = "rfc8785-0.1.2-py3-none-any.whl"
RFC8785_SHA256 = "c4e92e9ecc828bef2aa7dba1de8ac983511f7532a0df11c770d39099a25cf201"
# PEP 691: the simple index as JSON (PyPI, and the mirrors that only serve the simple API)
_RFC8785_INDEX = "https://pypi.org/simple/rfc8785/"
_SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


@dataclass(frozen=True)
class BuildBackend:
    """A ``[build-system]`` table the suite's projects build with."""

    requires: tuple[str, ...]
    backend: str
    version_table: str = 'version = "1.0.0"'  # or dynamic = ["version"]


# Every [build-system] of the projects the tests build (tests/test_fill_uv_cache.py checks
# the list against the suite's sources).
BUILD_BACKENDS = (
    BuildBackend(("hatchling",), "hatchling.build"),
    BuildBackend(
        ("hatchling", "hatch-vcs"),
        "hatchling.build",
        'dynamic = ["version"]\n\n[tool.hatch.version]\nsource = "vcs"',
    ),
    BuildBackend(("setuptools>=77",), "setuptools.build_meta"),
    BuildBackend(("poetry-core",), "poetry.core.masonry.api"),
)


def _pyproject(backend: BuildBackend) -> str:
    requires = ", ".join(f'"{r}"' for r in backend.requires)
    return (
        f'[build-system]\nrequires = [{requires}]\nbuild-backend = "{backend.backend}"\n\n'
        f'[project]\nname = "fill-cache"\n{backend.version_table}\n'
        'requires-python = ">=3.10"\n'
    )


def _uv(argv: list[str], cwd: Path, *, offline: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "UV_OFFLINE"}
    if offline:
        env["UV_OFFLINE"] = "1"
    # hatch-vcs reads the version from git; a project with no repository gets this one
    env["SETUPTOOLS_SCM_PRETEND_VERSION"] = "1.0.0"
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or "uv"
    return subprocess.run(
        [uv, *argv], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def fill_build_backend(backend: BuildBackend, work: Path) -> str | None:
    """Build a tiny project with ``backend`` (offline first); return why it failed, or None."""
    project = work / backend.backend.replace(".", "-") / "-".join(backend.requires)
    (project / "src" / "fill_cache").mkdir(parents=True)
    (project / "src" / "fill_cache" / "__init__.py").write_text("", encoding="utf-8")
    (project / "pyproject.toml").write_text(_pyproject(backend), encoding="utf-8")
    argv = ["build", "--quiet", "--out-dir", str(project / "dist"), str(project)]
    built = _uv(argv, project, offline=True)
    if built.returncode and cold_cache(built.stdout + built.stderr):
        built = _uv(argv, project, offline=False)
    if built.returncode:
        lines = (built.stderr or built.stdout).strip().splitlines()
        return lines[-1] if lines else f"uv build exited {built.returncode}"
    return None


def fetch_rfc8785_wheel(wheel_dir: Path) -> Path:
    """Return rfc8785 0.1.2's wheel in ``wheel_dir``, downloaded from PyPI unless already there."""
    wheel = wheel_dir / RFC8785_WHEEL
    if wheel.is_file() and hashlib.sha256(wheel.read_bytes()).hexdigest() == RFC8785_SHA256:
        return wheel
    request = urllib.request.Request(_RFC8785_INDEX, headers={"Accept": _SIMPLE_JSON})
    with urllib.request.urlopen(request, timeout=60) as answer:
        index = json.load(answer)
    (url,) = [f["url"] for f in index["files"] if f["filename"] == RFC8785_WHEEL]
    with urllib.request.urlopen(url, timeout=60) as answer:
        content = answer.read()
    digest = hashlib.sha256(content).hexdigest()
    if digest != RFC8785_SHA256:
        msg = f"{RFC8785_WHEEL} from PyPI has sha256 {digest}, expected {RFC8785_SHA256}"
        raise ValueError(msg)
    wheel_dir.mkdir(parents=True, exist_ok=True)
    partial = wheel.with_suffix(".part")
    partial.write_bytes(content)
    partial.replace(wheel)
    return wheel


def main(argv: list[str] | None = None) -> int:
    """Fill uv's cache and fetch the wheel; write ``filled.json``; warn about what failed."""
    parser = argparse.ArgumentParser(prog="python -m tests.fill_uv_cache", description=__doc__)
    parser.add_argument("--wheel-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    wheel_dir: Path = args.wheel_dir.resolve()
    wheel_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, object] = {"uv_filled": True, "rfc8785_wheel": None}
    with tempfile.TemporaryDirectory(prefix="fill-uv-cache-") as work:
        for backend in BUILD_BACKENDS:
            failure = fill_build_backend(backend, Path(work))
            if failure:
                result["uv_filled"] = False
                print(f"warning: uv's cache lacks {backend.requires}: {failure}", file=sys.stderr)
    try:
        result["rfc8785_wheel"] = str(fetch_rfc8785_wheel(wheel_dir))
    except (OSError, ValueError, KeyError) as error:
        print(f"warning: cannot fetch {RFC8785_WHEEL}: {error}", file=sys.stderr)
    (wheel_dir / "filled.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
