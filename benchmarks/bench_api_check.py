"""Benchmark api-check: griffe comparing a package's public API between two commits.

Usage: ``python benchmarks/bench_api_check.py REPO OLD NEW [--module NAME] [--path .]
[--runs 3]``

``REPO`` is any git clone (e.g. of pydantic or httpx), ``OLD`` and ``NEW`` two revisions (a
release tag and a branch). Each run reads both revisions' Python files from git into a temporary
directory, loads them with griffe (static analysis, nothing imported) and compares them, as
``release-pr`` does for each python package with ``api-check`` on, and ``check-pr`` once more
for the PR's own changes. Prints the median and every run, the number of modules and lines of
the newer revision, and what was found. Nothing is cached between runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from releasegate.engine import api_check, git


def _lines(repo: Path, rev: str, directory: str) -> tuple[int, int]:
    """(.py files, lines) under ``directory`` at ``rev``."""
    files = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "--name-only", rev, "--", directory],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    sources = [f for f in files if f.endswith(".py")]
    total = 0
    for name in sources:
        text = subprocess.run(
            ["git", "-C", str(repo), "show", f"{rev}:{name}"],
            check=True, capture_output=True, text=True, errors="replace",
        ).stdout  # fmt: skip
        total += text.count("\n")
    return len(sources), total


def main() -> int:
    """Time compare_api; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--module", help="the distribution or module name (default: pyproject)")
    parser.add_argument("--path", default=".", help="the package's directory in the repository")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    old, new = git.resolve_ref(args.repo, args.old), git.resolve_ref(args.repo, args.new)
    if old is None or new is None:
        parser.error(f"{args.old!r} or {args.new!r} is not a commit of {args.repo}")
    names = [args.module] if args.module else []
    times = []
    found = None
    for _ in range(args.runs):
        api_check._LOADED.clear()  # noqa: SLF001 - each run loads both revisions afresh
        start = time.perf_counter()
        found = api_check.compare_api(
            args.repo, path=args.path, old=old, new=new, old_label=args.old, names=names
        )
        times.append(time.perf_counter() - start)
    assert found is not None  # noqa: S101 - runs >= 1
    tree = git.Tree(args.repo, new)
    try:
        roots = api_check.find_modules(tree, args.path, names or api_check.project_names(tree, "."))
    finally:
        tree.close()
    size = [_lines(args.repo, new, f"{root}{module}") for root, module in roots]
    files, lines = sum(f for f, _ in size), sum(n for _, n in size)
    print(f"{args.repo.name}: modules {', '.join(found.modules)}; {files} files, {lines} lines")
    print(f"compare_api {args.old} -> {args.new}: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)})")  # fmt: skip
    print(f"found {len(found.breaks)} break(s), {len(found.uncertain)} uncertain, "
          f"{len(found.warnings)} warning(s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
