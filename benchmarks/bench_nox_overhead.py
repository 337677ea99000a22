"""How much does nox add to the command of record? ``python benchmarks/bench_nox_overhead.py``.

Times a warm ``nox -s lint tests`` (virtualenvs reused, as on a maintainer's laptop) against the
very same tool calls made directly with the binaries in the existing ``.nox/`` environments, and
prints both medians and nox's overhead (goal: at most 30 %). It also times ``nox -R`` (reuse the
environments and skip the install step), the fastest warm run nox offers.

Only the standard library is needed; nox is taken from this interpreter if it has it, else from
PATH (or pass ``--nox "uv run nox"``). The first nox run is untimed: it creates or refreshes the
environments. Runs alternate between the variants so drift hits them alike. Arguments after
``--`` go to pytest in both variants, as ``nox -s tests -- <args>`` passes them.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOX_ENVS = ROOT / ".nox"


def lint_paths() -> list[str]:
    """Return ``LINT_PATHS`` as noxfile.py defines it, read without importing nox."""
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "LINT_PATHS" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    sys.exit("noxfile.py defines no LINT_PATHS")


def pythons() -> list[str]:
    """Return the Python versions of the tests sessions: the pyproject classifiers."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.findall(r'"Programming Language :: Python :: (3\.\d+)"', text)


def nox_command(option: str | None) -> tuple[list[str], str]:
    """Return the argv prefix that runs nox, and the interpreter nox runs on."""
    if option:
        argv = shlex.split(option)
        return argv, _interpreter_of(argv[-1])
    if importlib.util.find_spec("nox") is not None:
        return [sys.executable, "-m", "nox"], sys.executable
    found = shutil.which("nox")
    if found is None:
        sys.exit("nox not found: run with a Python that has nox, or pass --nox")
    return [found], _interpreter_of(found)


def _interpreter_of(script: str) -> str:
    """Return the interpreter in a console script's shebang (or the script itself)."""
    path = Path(shutil.which(script) or script)
    first = path.read_bytes().split(b"\n", 1)[0].decode(errors="replace")
    return first[2:].strip() if first.startswith("#!") else str(path)


def direct_steps(nox_python: str, posargs: list[str]) -> list[tuple[list[str], dict[str, str]]]:
    """Return what ``nox -s lint tests [-- posargs]`` runs, as (argv, env), with the envs' tools."""
    paths = lint_paths()
    steps: list[tuple[list[str], dict[str, str]]] = []

    def in_env(env_dir: str, *argv: str, extra: dict[str, str] | None = None) -> None:
        venv = NOX_ENVS / env_dir
        env = {
            **os.environ,
            "VIRTUAL_ENV": str(venv),
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
            **(extra or {}),
        }
        steps.append(([str(venv / "bin" / argv[0]), *argv[1:]], env))

    in_env("lint", "uv", "lock", "--check")
    in_env("lint", "ruff", "check", *paths)
    in_env("lint", "ruff", "format", "--check", *paths)
    in_env("lint", "actionlint")
    in_env("lint", "zizmor", "--offline", ".github/workflows")
    for py in pythons():
        env_dir = f"tests-{py.replace('.', '-')}"
        in_env(
            env_dir,
            *("coverage", "run", "-m", "pytest", *posargs),
            extra={"RELEASEGATE_NOX_PYTHON": nox_python},
        )
        if not posargs:
            in_env(env_dir, "coverage", "combine")
            in_env(env_dir, "coverage", "report")
    return steps


def timed(steps: list[tuple[list[str], dict[str, str]]]) -> float:
    """Run the steps in order, quietly, and return the wall time in seconds."""
    start = time.perf_counter()
    for argv, env in steps:
        proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=False)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout.decode(errors="replace"))
            sys.stderr.write(proc.stderr.decode(errors="replace"))
            sys.exit(f"failed (exit {proc.returncode}): {shlex.join(argv)}")
    return time.perf_counter() - start


def main() -> None:
    """Warm up, time the variants alternately, print the medians and the overhead."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per variant (default 3)")
    parser.add_argument("--nox", help='how to run nox, e.g. "uv run nox" (default: auto)')
    parser.add_argument("pytest_args", nargs="*", help="after --: passed to pytest, as by nox")
    args = parser.parse_args()

    nox, nox_python = nox_command(args.nox)
    posargs = ["--", *args.pytest_args] if args.pytest_args else []
    session_env = dict(os.environ)
    variants = {
        "direct": direct_steps(nox_python, args.pytest_args),
        "nox": [([*nox, "-s", "lint", "tests", *posargs], session_env)],
        "nox -R": [([*nox, "-R", "-s", "lint", "tests", *posargs], session_env)],
    }
    print(f"warming up: {shlex.join(variants['nox'][0][0])}", file=sys.stderr)
    timed(variants["nox"])

    times: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    for run in range(args.runs):
        for name in order if run % 2 == 0 else reversed(order):
            times[name].append(timed(variants[name]))
            print(f"run {run + 1}: {name:<7} {times[name][-1]:6.2f} s", file=sys.stderr)

    direct = statistics.median(times["direct"])
    print(f"direct tools (ruff, actionlint, zizmor, pytest x{len(pythons())}): {direct:6.2f} s")
    for name in ("nox", "nox -R"):
        median = statistics.median(times[name])
        overhead = (median - direct) / direct * 100
        print(f"{name + ' -s lint tests':<44} {median:6.2f} s  overhead {overhead:+5.1f} %")


if __name__ == "__main__":
    main()
