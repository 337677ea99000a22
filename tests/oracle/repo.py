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
:func:`tests.builders.git_env`: no user or system configuration, a fixed identity. One
``git fast-import`` writes the history (hundreds of tests build repositories; a process per
commit was most of their time); the objects are those ``git add -A`` and ``git commit`` would
write step by step, so the shas are too. A tag's ``ref`` is ``HEAD``, ``HEAD~N`` or ``HEAD^``.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import PurePosixPath
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


def _json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _data(text: str) -> bytes:
    """A fast-import ``data`` block: the byte count, then the bytes."""
    raw = text.encode("utf-8")
    return b"data %d\n%s\n" % (len(raw), raw)


def _person(env: dict[str, str], role: str) -> bytes:
    """The ``author``/``committer``/``tagger`` line git would write in ``env``."""
    kind = "COMMITTER" if role in {"committer", "tagger"} else "AUTHOR"
    name, email, date = (env[f"GIT_{kind}_{field}"] for field in ("NAME", "EMAIL", "DATE"))
    return f"{role} {name} <{email}> {date}\n".encode()


class _Stream:
    """The ``git fast-import`` input for a linear history, plus the tags to make after it."""

    def __init__(self, branch: str) -> None:
        self.ref = f"refs/heads/{branch}".encode()
        self.chunks: list[bytes] = []
        self.commits = 0  # commit k has mark :k
        self.annotated: list[tuple[str, int, str, dict[str, str]]] = []

    def commit(self, message: str, env: dict[str, str], changes: list[bytes]) -> None:
        if not message.endswith("\n"):
            message += "\n"  # what `git commit -m` stores; the rest is kept verbatim
        self.commits += 1
        self.chunks += [b"commit %s\nmark :%d\n" % (self.ref, self.commits)]
        self.chunks += [_person(env, "author"), _person(env, "committer"), _data(message)]
        if self.commits > 1:
            self.chunks.append(b"from :%d\n" % (self.commits - 1))
        self.chunks += changes

    def at(self, ref: str) -> int:
        """The mark of ``HEAD``, ``HEAD~N`` or ``HEAD^...`` at this point of the history."""
        back = _HEAD_REF.fullmatch(ref)
        if back is None:
            raise ValueError(f"build_repo: tag ref {ref!r}: write HEAD, HEAD~N or HEAD^")
        steps = int(back["tilde"] or (1 if back["tilde"] == "" else 0)) + len(back["carets"])
        if steps >= self.commits:
            raise RuntimeError(f"build_repo: tag ref {ref!r} goes past the first commit")
        return self.commits - steps

    def tag(self, step: TagStep, env: dict[str, str]) -> None:
        mark = self.at(step.ref)
        if step.annotated:
            message = step.name if step.message is None else step.message
            self.annotated.append((step.name, mark, message, env))
        else:
            self.chunks.append(b"reset refs/tags/%s\nfrom :%d\n" % (step.name.encode(), mark))


_HEAD_REF = re.compile(r"HEAD(?:~(?P<tilde>\d*))?(?P<carets>\^*)")
# git add -A reads these from the work tree; fast-import would not: keep specs free of them
_WORK_TREE_CONFIG = {".gitignore", ".gitattributes", ".gitmodules"}


def _tree_path(rel: str) -> bytes:
    """The path git stores for the file written at ``rel`` (``./a.py`` and ``a//b`` normalised)."""
    path = PurePosixPath(rel)
    if path.name in _WORK_TREE_CONFIG:
        raise ValueError(f"build_repo: {rel}: .gitignore and friends are not supported")
    return str(path).encode()


def _changes(files: dict[str, Content], delete: tuple[str, ...]) -> list[bytes]:
    out = []
    for rel, content in files.items():
        out += [b"M 100644 inline %s\n" % _tree_path(rel), _data(render_content(content))]
    out += [b"D %s\n" % _tree_path(rel) for rel in delete]
    return out


def build_repo(spec: RepoSpec | dict[str, Any], path: Path) -> Path:
    """Create the repository described by ``spec`` in ``path`` (created; must be empty).

    One ``git fast-import`` writes every commit and lightweight tag (the same objects, so the
    same shas, as ``git add -A`` and ``git commit`` step by step would), ``git tag -a`` the
    annotated tags, and ``git reset --hard`` checks the branch out. Returns ``path``. Raises
    RuntimeError when a git command fails, ValueError on a tag ``ref`` other than ``HEAD``,
    ``HEAD~N`` or ``HEAD^``.
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
    stream = _Stream(spec.branch)
    stream.commit(spec.initial_message, env, _changes(initial, ()))
    for step in spec.steps:
        clock += TICK
        if isinstance(step, CommitStep):
            author = None if step.author_date is None else _epoch(step.author_date)
            stream.commit(step.message, git_env(clock, author), _changes(step.files, step.delete))
        else:
            stream.tag(step, git_env(clock))
    marks = path / ".git" / "build-repo-marks"
    imported = subprocess.run(
        ["git", "fast-import", "--quiet", "--done", f"--export-marks={marks}"],
        cwd=path,
        env=env,
        input=b"".join([*stream.chunks, b"done\n"]),
        capture_output=True,
        check=False,
    )
    if imported.returncode != 0:
        raise RuntimeError(f"git fast-import failed in {path}: {imported.stderr.decode().strip()}")
    shas = dict(line.split() for line in marks.read_text(encoding="ascii").splitlines())
    marks.unlink()
    for name, mark, message, tag_env in stream.annotated:
        git(path, "tag", "-a", "-F", "-", name, shas[f":{mark}"], env=tag_env, stdin=message)
    git(path, "reset", "-q", "--hard", env=env)
    return path
