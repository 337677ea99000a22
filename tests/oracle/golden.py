"""Regenerate the golden cases' ``expected.json`` from release-please (needs node and the oracle).

Usage: ``python -m tests.oracle.golden [--case NAME ...] [--check]``

Each case's repository is rebuilt from ``spec.json`` in a temporary directory, the oracle runs
with ``args.json`` and its answer, in releasegate's shape with new release ids masked, replaces
``expected.json``. ``--check`` writes nothing and exits 1 when any expected file is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.oracle.case import GOLDEN_DIR, Case, iter_cases, write_json
from tests.oracle.compare import mask_ids, spec_uuids
from tests.oracle.oracle import (
    OracleError,
    OracleUnavailableError,
    oracle_available,
    run_oracle,
    to_releasegate_shape,
)
from tests.oracle.repo import build_repo

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["expected_for", "main"]


def expected_for(case: Case, work: Path) -> dict[str, Any]:
    """Build ``case``'s repository under ``work`` and return the oracle's masked answer."""
    repo = build_repo(case.spec, work / case.name)
    raw = run_oracle(repo, **case.args.oracle_kwargs())
    return mask_ids(to_releasegate_shape(raw), keep=spec_uuids(case.spec))


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate (or with ``--check`` verify) expected.json files; return an exit code."""
    parser = argparse.ArgumentParser(prog="python -m tests.oracle.golden", description=__doc__)
    parser.add_argument("--case", action="append", default=[], help="only this case (repeatable)")
    parser.add_argument("--check", action="store_true", help="write nothing; fail when stale")
    parser.add_argument("--root", type=Path, default=GOLDEN_DIR, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    reason = oracle_available()
    if reason is not None:
        print(f"golden: {reason}", file=sys.stderr)
        return 2
    cases = list(iter_cases(opts.root))
    unknown = set(opts.case) - {c.name for c in cases}
    if unknown:
        print(f"golden: no such case(s): {sorted(unknown)}", file=sys.stderr)
        return 2
    if opts.case:
        cases = [c for c in cases if c.name in opts.case]
    stale = failed = 0
    with tempfile.TemporaryDirectory(prefix="releasegate-golden-") as tmp:
        for case in cases:
            try:
                expected = expected_for(case, Path(tmp))
            except (OracleError, OracleUnavailableError, RuntimeError, ValueError) as exc:
                print(f"ERROR  {case.name}: {exc}", file=sys.stderr)
                failed += 1
                continue
            old = (
                json.loads(case.expected_path.read_text(encoding="utf-8"))
                if case.expected_path.exists()
                else None
            )
            status = "same" if old == expected else "CHANGED"
            stale += old != expected
            if not opts.check and old != expected:
                write_json(case.expected_path, expected)
            prs = ", ".join(pr["title"] for pr in expected["pullRequests"]) or "no PR"
            print(f"{status:7} {case.name}: {prs}")
    print(f"{len(cases)} case(s), {stale} changed, {failed} failed")
    if failed or (opts.check and stale):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
