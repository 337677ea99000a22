"""``releasegate doctor``: every check a release depends on, one line each, exit 1 on a problem."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from releasegate.adopt.doctor import DEFAULT_INDEX, Report, run_checkup
from releasegate.commands._options import Command, option

__all__ = ["COMMAND", "Options", "render_json", "render_text", "run"]


@dataclass(frozen=True, slots=True)
class Options:
    """The flags of ``releasegate doctor``."""

    project: Path = field(default=Path(), metadata=option("run in PATH", short="C", metavar="PATH"))
    branch: str | None = field(
        default=None,
        metadata=option(
            "release branch (default: the current branch; on a detached HEAD $GITHUB_REF_NAME, "
            "else origin's default branch)"
        ),
    )
    build: bool = field(
        default=False, metadata=option("also build and run twine check --strict (temp dir)")
    )
    index_url: str = field(
        default=DEFAULT_INDEX,
        metadata=option("simple index to look the next version up on", metavar="URL"),
    )
    no_index: bool = field(default=False, metadata=option("skip the index lookup"))
    json: bool = field(default=False, metadata=option("print one JSON document"))


def run(options: Options) -> int:
    """Run the checkup and print it; 1 when anything would stop a release."""
    report = run_checkup(
        options.project,
        branch=options.branch,
        build=options.build,
        index_url=None if options.no_index else options.index_url,
    )
    sys.stdout.write(render_json(report) if options.json else render_text(report))
    return 1 if report.blocked else 0


def render_text(report: Report) -> str:
    """One line per finding: ``<level>  <check>: <message>``, then a verdict."""
    lines = [f"{f.level:<8} {f.check}: {f.message}" for f in report.findings]
    problems = sum(f.level == "problem" for f in report.findings)
    warnings = sum(f.level == "warning" for f in report.findings)
    verdict = (
        f"{problems} problem(s) would stop a release" if problems else "nothing stops a release"
    )
    lines.append(f"{verdict}; {warnings} warning(s)")
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    """The report as one JSON document: ``{"ok": bool, "findings": [...]}``.

    Each finding is ``{"check", "level", "code", "message", "details"}``.
    """
    document = {"ok": not report.blocked, "findings": [f.to_json() for f in report.findings]}
    return json.dumps(document, indent=2) + "\n"


COMMAND = Command(
    name="doctor",
    help="check everything a release depends on; exit 1 when something would stop it",
    options=Options,
    run=run,
)
