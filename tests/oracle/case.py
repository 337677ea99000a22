"""A comparison case: a repository spec plus the release-pr arguments, and how to run each tool.

A golden case is a directory ``tests/data/golden/<name>/`` holding ``spec.json`` (a
:class:`tests.oracle.repo.RepoSpec`), ``args.json`` (a :class:`CaseArgs`), optionally
``pull_requests.json`` (merged pull requests, see :mod:`tests.oracle.pull_requests`) and
``expected.json`` (the oracle's answer in releasegate's shape, ids masked).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "DEFAULT_DATE",
    "GOLDEN_DIR",
    "Case",
    "CaseArgs",
    "iter_cases",
    "releasegate_argv",
    "write_json",
]

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "data" / "golden"
DEFAULT_DATE = "2025-01-15T12:00:00Z"


@dataclass(frozen=True, slots=True)
class CaseArgs:
    """The ``release-pr`` options of a case; ``None`` file names mean the tools' defaults.

    ``pull_requests`` are merged pull requests as GitHub would report them (None: no token, no
    pull requests read; the oracle runs without ``--pull-requests``).
    """

    config: str | None = None
    manifest: str | None = None
    branch: str = "main"
    github_repo: str = "acme/widget"
    date: str = DEFAULT_DATE
    pull_requests: tuple[dict[str, Any], ...] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseArgs:
        """Read ``args.json``; raise ValueError on unknown keys."""
        unknown = set(data) - {
            "config", "manifest", "branch", "github_repo", "date", "pull_requests",
        }  # fmt: skip
        if unknown:
            raise ValueError(f"args: unknown keys {sorted(unknown)}")
        pulls = data.get("pull_requests")
        return cls(**{**data, "pull_requests": None if pulls is None else tuple(pulls)})

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (``pull_requests`` only when there are some)."""
        out = asdict(self)
        if self.pull_requests is None:
            del out["pull_requests"]
        else:
            out["pull_requests"] = list(self.pull_requests)
        return out

    def oracle_kwargs(self) -> dict[str, Any]:
        """Return the keyword arguments for :func:`tests.oracle.oracle.run_oracle`."""
        return asdict(self)


def releasegate_argv(repo: Path, args: CaseArgs) -> list[str]:
    """Return the ``releasegate`` arguments (without the program) that match the oracle run."""
    argv = ["release-pr", "--dry-run", "--json", "-C", str(repo)]
    if args.config is not None:
        argv += ["--config", args.config]
    if args.manifest is not None:
        argv += ["--manifest", args.manifest]
    argv += ["--branch", args.branch, "--github-repo", args.github_repo, "--date", args.date]
    return argv


@dataclass(frozen=True, slots=True)
class Case:
    """A golden case directory, read."""

    name: str
    directory: Path
    spec: dict[str, Any]
    args: CaseArgs

    @property
    def expected_path(self) -> Path:
        """Where the case's expected output lives."""
        return self.directory / "expected.json"

    @classmethod
    def load(cls, directory: Path) -> Case:
        """Read ``spec.json``, ``args.json`` (missing: all defaults) and ``pull_requests.json``."""
        spec = json.loads((directory / "spec.json").read_text(encoding="utf-8"))
        args_file = directory / "args.json"
        raw = json.loads(args_file.read_text(encoding="utf-8")) if args_file.exists() else {}
        args = CaseArgs.from_dict(raw)
        pulls_file = directory / "pull_requests.json"
        if pulls_file.exists():
            pulls = json.loads(pulls_file.read_text(encoding="utf-8"))
            args = replace(args, pull_requests=tuple(pulls))
        return cls(directory.name, directory, spec, args)


def iter_cases(root: Path = GOLDEN_DIR) -> Iterator[Case]:
    """Yield every case directory under ``root`` (those with a ``spec.json``), sorted by name."""
    for directory in sorted(root.iterdir()):
        if (directory / "spec.json").is_file():
            yield Case.load(directory)


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as 2-space-indented UTF-8 JSON with a final newline."""
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
