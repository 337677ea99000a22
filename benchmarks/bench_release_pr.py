"""Benchmark ``releasegate release-pr`` on a repository with many commits since the last tag.

Usage: ``python benchmarks/bench_release_pr.py [--commits 50000] [--runs 5] [--packages 300]
[--scenario single|monorepo|all] [--no-cz]``

Builds synthetic repositories (``git fast-import``) under ``benchmarks/.work/`` and times each
tool as the median of alternating runs.

``single``: one python package, one tagged release, then N conventional commits that each touch
a file:

* ``git log``: reading the messages since the tag, the floor for any tool;
* ``releasegate release-pr --dry-run --json`` over the whole range (``commit-search-depth``
  lifted) and with the default depth of 500 (``python -m releasegate`` from this environment);
* ``cz bump --get-next`` (commitizen, installed once into ``benchmarks/.work/cz-venv`` with uv).

``monorepo``: ``--packages`` python packages under ``packages/``, each released (tagged) in the
first commit, then N commits spread over them; the floor is ``git log --name-only`` (messages
and changed paths), since releasegate needs the paths to split commits among packages.

A tool that cannot run is reported as unavailable and left out of the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

WORK = Path(__file__).resolve().parent / ".work"
TAG = "v1.0.0"
DATE = "2025-01-15T12:00:00Z"
FULL_CONFIG = "release-please-config.full.json"
EPOCH = 1_704_067_200
IDENTITY = b"Bench <bench@example.com>"
TYPES = ["feat", "fix", "fix", "docs", "chore", "refactor", "perf", "test"]
SCOPES = ["", "(api)", "(core)", "(cli)"]


def git_env() -> dict[str, str]:
    """Return an environment for git without user or system configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull, LC_ALL="C")
    # An installed releasegate has its bytecode cached; without this, every timed run would
    # compile the package from source again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def _commit(mark: int, when: int, message: str, files: dict[str, str], parent: int | None) -> bytes:
    out = [
        b"commit refs/heads/main\n",
        b"mark :%d\n" % mark,
        b"author %s %d +0000\n" % (IDENTITY, when),
        b"committer %s %d +0000\n" % (IDENTITY, when),
        _data(message.encode()),
    ]
    if parent is not None:
        out.append(b"from :%d\n" % parent)
    for path, content in files.items():
        out.append(b"M 100644 inline %s\n" % path.encode())
        out.append(_data(content.encode()))
    return b"".join(out)


def _initial_files() -> dict[str, str]:
    pyproject = (
        '[project]\nname = "bench"\nversion = "1.0.0"\n\n'
        '[tool.commitizen]\nname = "cz_conventional_commits"\n'
        'version_provider = "pep621"\ntag_format = "v$version"\n'
    )
    config = {"packages": {".": {"release-type": "python"}}}
    # release-please reads only the newest 500 commits by default (commit-search-depth);
    # this config makes releasegate read the whole range, as the git log baseline does.
    full = {"commit-search-depth": 10_000_000, **config}
    return {
        "pyproject.toml": pyproject,
        "release-please-config.json": json.dumps(config, indent=2) + "\n",
        FULL_CONFIG: json.dumps(full, indent=2) + "\n",
        ".release-please-manifest.json": json.dumps({".": "1.0.0"}, indent=2) + "\n",
        "src/bench/__init__.py": '__version__ = "1.0.0"\n',
    }


def build_repo(path: Path, commits: int) -> None:
    """Create ``path``: a tagged first commit, then ``commits`` conventional commits."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    env = git_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], env=env, check=True)
    stream = [_commit(1, EPOCH, "chore: initial commit\n", _initial_files(), None)]
    stream.append(f"reset refs/tags/{TAG}\nfrom :1\n\n".encode())
    for i in range(commits):
        kind, scope = TYPES[i % len(TYPES)], SCOPES[i % len(SCOPES)]
        message = f"{kind}{scope}: change number {i} (#{i % 997 + 1})\n"
        if i % 10 == 0:
            message += f"\nA body paragraph for change {i}.\n\nRefs: #{i}\n"
        files = {f"src/bench/mod{i % 200}.py": f"VALUE = {i}\n"}
        stream.append(_commit(i + 2, EPOCH + 60 * (i + 1), message, files, i + 1))
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=path,
        env=env,
        input=b"".join(stream),
        check=True,
    )
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=path, env=env, check=True)


def _mono_files(packages: int) -> dict[str, str]:
    config: dict[str, object] = {
        "commit-search-depth": 10_000_000,
        "packages": {
            f"packages/pkg{n:03d}": {"release-type": "python", "component": f"pkg{n:03d}"}
            for n in range(packages)
        },
    }
    manifest = {f"packages/pkg{n:03d}": "1.0.0" for n in range(packages)}
    files = {
        "release-please-config.json": json.dumps(config, indent=2) + "\n",
        ".release-please-manifest.json": json.dumps(manifest, indent=2) + "\n",
    }
    for n in range(packages):
        files[f"packages/pkg{n:03d}/pyproject.toml"] = (
            f'[project]\nname = "pkg{n:03d}"\nversion = "1.0.0"\n'
        )
    return files


def build_monorepo(path: Path, commits: int, packages: int) -> None:
    """Create ``path``: ``packages`` released packages, then ``commits`` commits over them."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    env = git_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], env=env, check=True)
    stream = [_commit(1, EPOCH, "chore: initial commit\n", _mono_files(packages), None)]
    stream.extend(
        f"reset refs/tags/pkg{n:03d}-v1.0.0\nfrom :1\n\n".encode() for n in range(packages)
    )
    for i in range(commits):
        kind, scope = TYPES[i % len(TYPES)], SCOPES[i % len(SCOPES)]
        message = f"{kind}{scope}: change number {i} (#{i % 997 + 1})\n"
        if i % 10 == 0:
            message += f"\nA body paragraph for change {i}.\n\nRefs: #{i}\n"
        touched = [i % packages] + ([(i * 7 + 3) % packages] if i % 5 == 0 else [])
        files = {f"packages/pkg{n:03d}/src/mod{i % 20}.py": f"VALUE = {i}\n" for n in touched}
        stream.append(_commit(i + 2, EPOCH + 60 * (i + 1), message, files, i + 1))
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=path,
        env=env,
        input=b"".join(stream),
        check=True,
    )
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=path, env=env, check=True)


def commitizen() -> Path | None:
    """Return the ``cz`` executable in the cached venv, installing it with uv the first time."""
    venv = WORK / "cz-venv"
    cz = venv / ("Scripts/cz.exe" if os.name == "nt" else "bin/cz")
    if cz.exists():
        return cz
    uv = shutil.which("uv")
    if uv is None:
        print("commitizen: skipped (uv is not on PATH)", file=sys.stderr)
        return None
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    try:
        subprocess.run([uv, "venv", "-q", str(venv)], check=True, capture_output=True)
        subprocess.run(
            [uv, "pip", "install", "-q", "--python", str(python), "commitizen"],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as exc:
        print(
            f"commitizen: skipped (install failed: {exc.stderr.decode()[-300:]})", file=sys.stderr
        )
        shutil.rmtree(venv, ignore_errors=True)
        return None
    return cz if cz.exists() else None


def time_once(argv: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    """Run ``argv`` once and return the wall time in seconds and the result."""
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, env=git_env(), capture_output=True, check=False)
    return time.perf_counter() - start, result


def run_tools(
    tools: dict[str, list[str]], cwd: Path, runs: int
) -> tuple[dict[str, float], dict[str, str]]:
    """Time each tool ``runs`` times, alternating; return medians and why others failed."""
    times: dict[str, list[float]] = {name: [] for name in tools}
    unavailable: dict[str, str] = {}
    for _ in range(runs):
        for name, argv in tools.items():
            if name in unavailable:
                continue
            elapsed, result = time_once(argv, cwd)
            if result.returncode != 0:
                lines = result.stderr.decode(errors="replace").strip().splitlines()
                unavailable[name] = f"exit {result.returncode}: {lines[-1] if lines else ''}"
                continue
            times[name].append(elapsed)
    medians = {name: statistics.median(ts) for name, ts in times.items() if ts}
    return medians, unavailable


def report(
    title: str,
    tools: dict[str, list[str]],
    medians: dict[str, float],
    unavailable: dict[str, str],
    ratios: list[tuple[str, str, str]],
) -> None:
    """Print one scenario's medians and ratios."""
    print(f"\n{title}\n{'tool':<28}{'median (s)':>12}")
    for name in tools:
        if name in medians:
            print(f"{name:<28}{medians[name]:>12.3f}")
        else:
            print(f"{name:<28}{'n/a':>12}  {unavailable.get(name, '')}")
    for label, num, den in ratios:
        if num in medians and den in medians:
            print(f"{label:<28}{medians[num] / medians[den]:>11.2f}x")


def releasegate_argv(repo: Path, *extra: str) -> list[str]:
    """The ``release-pr --dry-run --json`` command line the benchmark times."""
    return [
        *(sys.executable, "-m", "releasegate", "release-pr", "--dry-run", "--json"),
        *("-C", str(repo), "--github-repo", "acme/widget", "--date", DATE),
        *extra,
    ]


def single(commits: int, runs: int, *, cz: bool) -> None:
    """The one-package scenario: the full range and depth 500 against ``git log``."""
    repo = WORK / f"repo-{commits}"
    start = time.perf_counter()
    build_repo(repo, commits)
    print(f"built {repo} ({commits} commits) in {time.perf_counter() - start:.1f}s")
    tools: dict[str, list[str]] = {
        "git log": ["git", "log", "--format=%H%x00%B%x00", f"{TAG}..HEAD"],
        "releasegate": releasegate_argv(repo, "--config", FULL_CONFIG),
        "releasegate (depth 500)": releasegate_argv(repo),
    }
    executable = commitizen() if cz else None
    if executable is not None:
        tools["cz bump --get-next"] = [str(executable), "bump", "--get-next"]
    medians, unavailable = run_tools(tools, repo, runs)
    report(
        f"single package, {commits} commits since the tag (medians of {runs} runs)",
        tools,
        medians,
        unavailable,
        [
            ("releasegate / git log", "releasegate", "git log"),
            ("depth 500 / git log", "releasegate (depth 500)", "git log"),
            ("cz / releasegate", "cz bump --get-next", "releasegate"),
        ],
    )


def monorepo(commits: int, packages: int, runs: int) -> None:
    """The monorepo scenario: releasegate against ``git log --name-only`` of the range."""
    repo = WORK / f"mono-{packages}-{commits}"
    start = time.perf_counter()
    build_monorepo(repo, commits, packages)
    took = time.perf_counter() - start
    print(f"built {repo} ({packages} packages, {commits} commits) in {took:.1f}s")
    tools: dict[str, list[str]] = {
        "git log --name-only": [
            *("git", "log", "--format=%H%x00%B%x00", "--name-only"),
            "pkg000-v1.0.0..HEAD",
        ],
        "releasegate": releasegate_argv(repo),
    }
    medians, unavailable = run_tools(tools, repo, runs)
    report(
        f"monorepo, {packages} packages, {commits} commits since the tags (medians of {runs} runs)",
        tools,
        medians,
        unavailable,
        [("releasegate / git log --name-only", "releasegate", "git log --name-only")],
    )
    if "releasegate" in unavailable:
        print(f"releasegate failed: {unavailable['releasegate']}", file=sys.stderr)


def main() -> int:
    """Build the repositories, time the tools, print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=50_000, help="commits after the tag")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool")
    parser.add_argument("--packages", type=int, default=300, help="packages of the monorepo")
    parser.add_argument(
        "--scenario", choices=["single", "monorepo", "all"], default="all", help="what to time"
    )
    parser.add_argument("--no-cz", action="store_true", help="leave commitizen out")
    opts = parser.parse_args()
    if opts.scenario in {"single", "all"}:
        single(opts.commits, opts.runs, cz=not opts.no_cz)
    if opts.scenario in {"monorepo", "all"}:
        monorepo(opts.commits, opts.packages, opts.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
