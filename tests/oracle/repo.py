r"""Deterministic git repositories from plain JSON specs: the same spec always gives the same shas.

A spec (what a golden case keeps in ``spec.json``)::

    {
      "branch": "main",                                  # optional, default "main"
      "files": {"pyproject.toml": ["[project]", "name = \"foo\"", "version = \"0.1.0\""]},
      "config": {"packages": {".": {"release-type": "python"}}},
      "manifest": {".": "0.1.0"},
      "config_path": "release-please-config.json",       # optional (the default shown)
      "manifest_path": ".release-please-manifest.json",  # optional (the default shown)
      "initial_message": "chore: initial commit",        # optional (the default shown)
      "steps": [
        {"tag": "v0.1.0"},                               # lightweight tag at HEAD
        {"commit": "feat: add a", "files": {"a.py": "x = 1\n"}},
        {"commit": "fix: drop b", "delete": ["b.py"], "author_date": "2024-06-01T10:00:00Z"},
        {"tag": "v0.2.0", "annotated": true, "ref": "HEAD~1", "message": "release 0.2.0"}
      ]
    }

File contents are a string, or a list of lines (joined with newlines, plus a final newline). The
first commit holds ``files``, the config and the manifest (each JSON file written with a 2-space
indent and a final newline) and is made even when all of those are empty. Every commit and tag
gets the next date of a fixed clock (2024-01-01T00:00:00Z plus one minute per step), so shas and
tag order are stable; ``author_date`` overrides only a commit's author date. Git runs in
:func:`tests.builders.git_env`: no user or system configuration, a fixed identity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from tests.builders import EPOCH, git, git_env

if TYPE_CHECKING:
    from pathlib import Path

# git_env is re-exported: it was defined here before tests.builders held the one definition
__all__ = ["CommitStep", "RepoSpec", "TagStep", "build_repo", "git_env", "render_content"]

TICK = 60  # seconds between steps on the clock that starts at tests.builders.EPOCH

Content = str | list[str]


def render_content(content: Content) -> str:
    """Return a spec file's text: a string as is, a list of lines joined with a final newline."""
    if isinstance(content, str):
        return content
    return "".join(f"{line}\n" for line in content)


@dataclass(frozen=True, slots=True)
class CommitStep:
    """One commit: files written, files deleted, the raw message and an optional author date."""

    message: str
    files: dict[str, Content] = field(default_factory=dict)
    delete: tuple[str, ...] = ()
    author_date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (keys with default values left out)."""
        out: dict[str, Any] = {"commit": self.message}
        if self.files:
            out["files"] = dict(self.files)
        if self.delete:
            out["delete"] = list(self.delete)
        if self.author_date is not None:
            out["author_date"] = self.author_date
        return out


@dataclass(frozen=True, slots=True)
class TagStep:
    """One tag at ``ref`` (default HEAD); annotated tags carry ``message`` (default: the name)."""

    name: str
    annotated: bool = False
    ref: str = "HEAD"
    message: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (keys with default values left out)."""
        out: dict[str, Any] = {"tag": self.name}
        if self.annotated:
            out["annotated"] = True
        if self.ref != "HEAD":
            out["ref"] = self.ref
        if self.message is not None:
            out["message"] = self.message
        return out


Step = CommitStep | TagStep


@dataclass(frozen=True, slots=True)
class RepoSpec:
    """A repository: the first commit's files, the release-please files, then the steps."""

    files: dict[str, Content] = field(default_factory=dict)
    config: dict[str, Any] | None = None
    manifest: dict[str, Any] | None = None
    steps: tuple[Step, ...] = ()
    branch: str = "main"
    config_path: str = "release-please-config.json"
    manifest_path: str = ".release-please-manifest.json"
    initial_message: str = "chore: initial commit"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RepoSpec:
        """Read a spec dict (as in ``spec.json``); raise ValueError on unknown keys or steps."""
        known = {
            "files", "config", "manifest", "steps", "branch",
            "config_path", "manifest_path", "initial_message",
        }  # fmt: skip
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"spec: unknown keys {sorted(unknown)}")
        steps: list[Step] = []
        for index, raw in enumerate(data.get("steps", [])):
            if "commit" in raw:
                steps.append(
                    CommitStep(
                        message=raw["commit"],
                        files=dict(raw.get("files", {})),
                        delete=tuple(raw.get("delete", ())),
                        author_date=raw.get("author_date"),
                    )
                )
            elif "tag" in raw:
                steps.append(
                    TagStep(
                        name=raw["tag"],
                        annotated=bool(raw.get("annotated", False)),
                        ref=raw.get("ref", "HEAD"),
                        message=raw.get("message"),
                    )
                )
            else:
                raise ValueError(f"spec: steps[{index}] is neither a commit nor a tag: {raw!r}")
        return cls(
            files=dict(data.get("files", {})),
            config=data.get("config"),
            manifest=data.get("manifest"),
            steps=tuple(steps),
            branch=data.get("branch", "main"),
            config_path=data.get("config_path", "release-please-config.json"),
            manifest_path=data.get("manifest_path", ".release-please-manifest.json"),
            initial_message=data.get("initial_message", "chore: initial commit"),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (optional keys with default values left out)."""
        out: dict[str, Any] = {}
        if self.branch != "main":
            out["branch"] = self.branch
        out["files"] = dict(self.files)
        out["config"] = self.config
        out["manifest"] = self.manifest
        if self.config_path != "release-please-config.json":
            out["config_path"] = self.config_path
        if self.manifest_path != ".release-please-manifest.json":
            out["manifest_path"] = self.manifest_path
        if self.initial_message != "chore: initial commit":
            out["initial_message"] = self.initial_message
        out["steps"] = [step.to_dict() for step in self.steps]
        return out


def _epoch(date: str) -> int:
    """Parse an ISO 8601 date (``Z`` allowed; naive means UTC) into epoch seconds."""
    parsed = datetime.fromisoformat(date.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return int(parsed.timestamp())


def _write(root: Path, files: dict[str, Content]) -> None:
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_content(content).encode("utf-8"))


def _json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _commit(path: Path, message: str, env: dict[str, str]) -> None:
    if not message.endswith("\n"):
        message += "\n"  # what `git commit -m` stores; --cleanup=verbatim keeps the rest as is
    git(path, "add", "-A", env=env)
    git(
        path,
        "commit", "-q", "--allow-empty", "--allow-empty-message", "--no-verify",
        "--cleanup=verbatim", "-F", "-",
        env=env, stdin=message,
    )  # fmt: skip


def build_repo(spec: RepoSpec | dict[str, Any], path: Path) -> Path:
    """Create the repository described by ``spec`` in ``path`` (created; must be empty).

    Returns ``path``. Raises RuntimeError when a git command fails (e.g. a bad tag ``ref``).
    """
    if not isinstance(spec, RepoSpec):
        spec = RepoSpec.from_dict(spec)
    path.mkdir(parents=True, exist_ok=True)
    if any(path.iterdir()):
        raise ValueError(f"build_repo: {path} is not empty")
    clock = EPOCH
    env = git_env(clock)
    git(path, "init", "-q", "-b", spec.branch, env=env)
    initial = dict(spec.files)
    if spec.config is not None:
        initial[spec.config_path] = _json_text(spec.config)
    if spec.manifest is not None:
        initial[spec.manifest_path] = _json_text(spec.manifest)
    _write(path, initial)
    _commit(path, spec.initial_message, env)
    for step in spec.steps:
        clock += TICK
        if isinstance(step, CommitStep):
            author = None if step.author_date is None else _epoch(step.author_date)
            env = git_env(clock, author)
            _write(path, step.files)
            for rel in step.delete:
                (path / rel).unlink()
            _commit(path, step.message, env)
        else:
            env = git_env(clock)
            if step.annotated:
                msg = step.name if step.message is None else step.message
                git(path, "tag", "-a", "-F", "-", step.name, step.ref, env=env, stdin=msg)
            else:
                git(path, "tag", step.name, step.ref, env=env)
    return path
