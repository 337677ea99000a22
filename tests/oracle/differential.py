"""Differential testing: releasegate and release-please on the same random repositories.

Usage::

    python -m tests.oracle.differential --count 300 --seed 1 [--keep-failures DIR] [--jobs 2]

Case ``i`` of seed ``s`` is drawn from ``random.Random(f"{s}-{i}")``, so ``--only i`` replays
one case. Each case gets its own temporary directory; two cases run at a time. The oracle runs
with node; releasegate runs in the worker process (``releasegate.cli.main``), or with
``--subprocess`` as ``python -m releasegate``. About half the cases carry merged pull requests
(some with ``BEGIN_COMMIT_OVERRIDE`` bodies): the oracle reads them with ``--pull-requests``,
releasegate with a token from the local GitHub stand-in serving the same repository. Both failing counts as agreement when releasegate
fails with its one-line error (not a crash). ``--self-check`` compares the oracle with itself on
a second copy of each repository (a test of this harness). Each failing case is written to
``DIR/<seed>-<i>/``: ``spec.json``, ``args.json``, ``oracle.json`` and ``releasegate.json`` (or
``*.error.txt``) and ``diff.txt``. Exit status: 0 when every case agrees, 1 otherwise, 2 when the
oracle cannot run.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.builders import git_env
from tests.oracle.case import CaseArgs, releasegate_argv, write_json
from tests.oracle.compare import diff_documents, mask_ids, spec_uuids, unified_diff
from tests.oracle.oracle import OracleError, oracle_available, run_oracle, to_releasegate_shape
from tests.oracle.pull_requests import serving
from tests.oracle.random_case import random_case, with_random_pull_requests
from tests.oracle.repo import build_repo

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["Outcome", "main", "run_case"]

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One case's result: each side's masked document or error text, and the differences."""

    name: str
    spec: dict[str, Any]
    args: dict[str, Any]
    oracle: dict[str, Any] | str
    releasegate: dict[str, Any] | str
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Whether both tools agree (same document, or both failed)."""
        return not self.problems


def _releasegate_subprocess(argv: list[str], online: dict[str, str]) -> tuple[int, str, str]:
    env = {**git_env(), **online}
    env["PYTHONPATH"] = str(ROOT / "src")
    result = subprocess.run(
        [sys.executable, "-m", "releasegate", *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return result.returncode, result.stdout, result.stderr


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set, and GitHub's variables unset otherwise, for a block."""
    names = ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GITHUB_GRAPHQL_URL", *values)
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _releasegate_in_process(argv: list[str], online: dict[str, str]) -> tuple[int, str, str]:
    from releasegate.cli import main as releasegate_main  # noqa: PLC0415 - only when used

    out, err = io.StringIO(), io.StringIO()
    with (
        _environ(online),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = releasegate_main(argv)
        except BaseException as exc:  # noqa: BLE001 - main must not raise; report it as a crash
            code = -1
            err.write(f"main() raised {type(exc).__name__}: {exc}\n")
    return code, out.getvalue(), err.getvalue()


def _run_releasegate(repo: Path, args: CaseArgs, *, subproc: bool) -> dict[str, Any] | str:
    argv = releasegate_argv(repo, args)
    run = _releasegate_subprocess if subproc else _releasegate_in_process
    if args.pull_requests is None:
        code, stdout, stderr = run(argv, {})
    else:  # with a token: releasegate reads the pull requests from the GitHub stand-in
        try:
            with serving(
                repo, args.pull_requests, github_repo=args.github_repo, branch=args.branch
            ) as online:
                code, stdout, stderr = run(argv, online)
        except AssertionError as exc:  # the stand-in saw an exchange GitHub would refuse
            return f"releasegate CRASHED: {exc}"
    if code != 0:
        # only a one-line `releasegate: error:` agrees with a failing oracle; a crash never does
        clean = stderr.startswith("releasegate: error:") and code in {1, 2}
        kind = "failed" if clean else "CRASHED"
        return f"releasegate {kind} (exit {code}): {stderr.strip()[-2000:]}"
    try:
        doc: dict[str, Any] = json.loads(stdout)
    except ValueError as exc:
        return f"releasegate printed no JSON document ({exc}): {stdout[:500]!r}"
    return doc


def _run_oracle(repo: Path, args: CaseArgs) -> dict[str, Any] | str:
    try:
        return to_releasegate_shape(run_oracle(repo, **args.oracle_kwargs()))
    except OracleError as exc:
        return str(exc)


def run_case(seed: int, index: int, *, self_check: bool = False, subproc: bool = False) -> Outcome:
    """Generate case ``index`` of ``seed``, run both tools and compare them.

    With ``self_check`` the oracle stands in for releasegate on a second, separately built copy
    of the repository: every case must pass (checks the builder's determinism and this harness).
    releasegate runs in this process unless ``subproc`` (then as ``python -m releasegate``).
    """
    spec, args = random_case(random.Random(f"{seed}-{index}"))  # noqa: S311 - test data, not crypto
    # Merged PRs come from a generator of their own, so the cases without them stay the same.
    spec, args = with_random_pull_requests(random.Random(f"{seed}-{index}-prs"), spec, args)  # noqa: S311
    keep = spec_uuids(spec)
    with tempfile.TemporaryDirectory(prefix="releasegate-diff-") as tmp:
        oracle = _run_oracle(build_repo(spec, Path(tmp) / "oracle"), args)
        repo = build_repo(spec, Path(tmp) / "releasegate") if self_check else Path(tmp) / "oracle"
        if self_check:
            ours = _run_oracle(repo, args)
        else:
            ours = _run_releasegate(repo, args, subproc=subproc)
    if isinstance(oracle, str) and self_check:
        oracle = ours = "releasegate failed: " + oracle
    if isinstance(oracle, dict):
        oracle = mask_ids(oracle, keep)
    if isinstance(ours, dict):
        ours = mask_ids(ours, keep)
    if isinstance(oracle, str) or isinstance(ours, str):
        problems = _failure_problems(oracle, ours)
    else:
        problems = tuple(diff_documents(oracle, ours))
    return Outcome(f"{seed}-{index}", spec, args.to_dict(), oracle, ours, problems)


def _titles(doc: dict[str, Any]) -> str:
    return repr([pr.get("title") for pr in doc.get("pullRequests", [])])


def _failure_problems(oracle: dict[str, Any] | str, ours: dict[str, Any] | str) -> tuple[str, ...]:
    """Compare runs of which at least one failed: both failing cleanly is agreement."""
    if isinstance(oracle, str) and isinstance(ours, str):
        if ours.startswith("releasegate failed"):
            return ()
        return (f"both failed, but releasegate crashed: {ours}\nrelease-please: {oracle}",)
    if isinstance(oracle, str):
        assert not isinstance(ours, str)
        return (f"release-please failed but releasegate opened {_titles(ours)}: {oracle}",)
    return (f"release-please opened {_titles(oracle)} but {ours}",)


def _keep(outcome: Outcome, root: Path) -> None:
    directory = root / outcome.name
    directory.mkdir(parents=True, exist_ok=True)
    write_json(directory / "spec.json", outcome.spec)
    write_json(directory / "args.json", outcome.args)
    for name, value in (("oracle", outcome.oracle), ("releasegate", outcome.releasegate)):
        if isinstance(value, str):
            (directory / f"{name}.error.txt").write_text(value + "\n", encoding="utf-8")
        else:
            write_json(directory / f"{name}.json", value)
    text = "\n\n".join(outcome.problems) + "\n"
    if isinstance(outcome.oracle, dict) and isinstance(outcome.releasegate, dict):
        whole = unified_diff(
            json.dumps(outcome.oracle, indent=2, ensure_ascii=False) + "\n",
            json.dumps(outcome.releasegate, indent=2, ensure_ascii=False) + "\n",
            "release-pr.json",
        )
        text += f"\n--- whole documents (release-please first) ---\n{whole}"
    (directory / "diff.txt").write_text(text, encoding="utf-8")


def _summary(problems: tuple[str, ...]) -> str:
    first = problems[0].splitlines()[0] if problems else ""
    return f"{first[:150]}" + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the differential test; return 0 when all cases agree."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.oracle.differential", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--count", type=int, default=300, help="number of random cases")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random cases")
    parser.add_argument("--only", type=int, action="append", default=[], help="replay case i")
    parser.add_argument("--jobs", type=int, default=2, help="cases run at a time (default 2)")
    parser.add_argument("--keep-failures", type=Path, metavar="DIR", help="write failing cases")
    parser.add_argument(
        "--subprocess", action="store_true", help="run releasegate as `python -m releasegate`"
    )
    parser.add_argument(
        "--self-check", action="store_true", help="compare the oracle with itself (harness test)"
    )
    opts = parser.parse_args(argv)
    reason = oracle_available()
    if reason is not None:
        print(f"differential: {reason}", file=sys.stderr)
        return 2
    indices = opts.only or list(range(opts.count))
    start = time.monotonic()
    passed = 0
    with ProcessPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        outcomes = pool.map(
            functools.partial(run_case, self_check=opts.self_check, subproc=opts.subprocess),
            [opts.seed] * len(indices),
            indices,
        )
        for outcome in outcomes:
            passed += outcome.passed
            if outcome.passed:
                print(f"PASS {outcome.name}")
            else:
                print(f"FAIL {outcome.name}: {_summary(outcome.problems)}")
                if opts.keep_failures is not None:
                    _keep(outcome, opts.keep_failures)
    total = len(indices)
    rate = 100.0 * passed / total if total else 100.0
    print(
        f"agreement: {passed}/{total} ({rate:.1f}%) in {time.monotonic() - start:.0f}s, "
        f"seed {opts.seed}"
        + (
            f"; failing cases in {opts.keep_failures}"
            if opts.keep_failures and passed < total
            else ""
        )
    )
    return 0 if passed == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
