"""The git repository behind the local GitHub stand-in: refs, commits, history, file lists.

GitHub serves a repository; the stand-in serves a real one (usually the bare ``origin`` of a
test's clone), with git plumbing: refs move with ``update-ref``, ``createCommitOnBranch``
builds a real commit in a temporary index, history is ``git rev-list``.
"""

from __future__ import annotations

import base64
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tests.builders import git_env

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["GitRepository", "RefMismatchError"]

# Who GitHub says made a commit through the API: the token's user, committed by GitHub.
API_AUTHOR = ("releasegate-bot", "releasegate-bot@users.noreply.github.com")
API_COMMITTER = ("GitHub", "noreply@github.com")


class RefMismatchError(Exception):
    """A branch is not where the caller expected it (``expectedHeadOid``)."""


@dataclass(frozen=True, slots=True)
class CommitObject:
    """A commit read back: tree, parents, raw message."""

    sha: str
    tree: str
    parents: tuple[str, ...]
    message: str


class GitRepository:
    """Plumbing on the repository at ``path`` (bare or not)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def git(self, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> str:
        """Run git; return stdout (text); raise CalledProcessError on failure."""
        result = subprocess.run(
            ["git", "-C", str(self.path), *args],
            input=stdin, capture_output=True, check=True, env=env or git_env(None),
        )  # fmt: skip
        return result.stdout.decode("utf-8")

    def resolve(self, rev: str) -> str | None:
        """The commit ``rev`` names, None when there is none."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
        except subprocess.CalledProcessError:
            return None

    def branch(self, name: str) -> str | None:
        """The commit ``refs/heads/<name>`` points at, None without such a branch."""
        return self.resolve(f"refs/heads/{name}")

    def set_branch(self, name: str, sha: str) -> None:
        """Point ``refs/heads/<name>`` at ``sha`` (created or moved)."""
        self.git("update-ref", f"refs/heads/{name}", sha)

    def commit(self, sha: str) -> CommitObject | None:
        """Commit ``sha`` read back, None when the repository lacks it."""
        try:
            raw = self.git("cat-file", "commit", sha)
        except subprocess.CalledProcessError:
            return None
        header, _, message = raw.partition("\n\n")
        fields = [line.split(" ", 1) for line in header.splitlines() if " " in line]
        tree = next(v for k, v in fields if k == "tree")
        parents = tuple(v for k, v in fields if k == "parent")
        return CommitObject(sha, tree, parents, message)

    def history(self, oid: str, skip: int, count: int) -> list[str]:
        """``count`` commits of ``oid``'s history after the first ``skip``, newest first."""
        out = self.git("rev-list", f"--skip={skip}", f"--max-count={count}", oid)
        return out.split()

    def commit_files(self, sha: str) -> list[str]:
        """Paths ``sha`` changes against its first parent (renames under the new path)."""
        parents = self.commit(sha)
        base = [parents.parents[0], sha] if parents and parents.parents else ["--root", sha]
        out = self.git("diff-tree", "-r", "-z", "-M", "--name-only", "--no-commit-id", *base)
        return [p for p in out.split("\0") if p]

    def pull_request_files(self, merge_commit: str, commits: Sequence[str]) -> list[str]:
        """A merged PR's files: a merge commit's branch diff, else its commits' own diffs."""
        found = self.commit(merge_commit)
        if found is not None and len(found.parents) >= 2:  # a merge commit
            try:
                base = self.git("merge-base", found.parents[0], found.parents[1]).strip()
                out = self.git("diff-tree", "-r", "-z", "-M", "--name-only", base, found.parents[1])
                return [p for p in out.split("\0") if p]
            except subprocess.CalledProcessError:
                pass
        files: dict[str, None] = {}
        for sha in (merge_commit, *commits):
            files.update(dict.fromkeys(self.commit_files(sha)))
        return list(files)

    def create_commit_on_branch(
        self,
        branch: str,
        *,
        expected_head: str,
        additions: Sequence[tuple[str, str]],
        deletions: Sequence[str],
        message: str,
        when: int,
    ) -> CommitObject:
        """GitHub's ``createCommitOnBranch``: one commit on ``branch``, if at ``expected_head``.

        ``additions`` are (path, base64 contents); an existing file keeps its mode, a new one is
        ``100644``. Raises RefMismatchError when the branch is elsewhere (or missing).
        """
        head = self.branch(branch)
        if head is None or head != expected_head:
            raise RefMismatchError(head)
        with tempfile.TemporaryDirectory(prefix="fake-github-index-") as tmp:
            env = {**git_env(None), "GIT_INDEX_FILE": str(Path(tmp) / "index")}
            self.git("read-tree", head, env=env)
            lines = []
            for path, contents in additions:
                data = base64.b64decode(contents, validate=True)
                blob = self.git("hash-object", "-w", "--stdin", stdin=data).strip()
                listed = self.git("ls-tree", head, "--", path).split(" ", 1)[0]
                mode = listed if listed in {"100644", "100755"} else "100644"
                lines.append(f"{mode} {blob}\t{path}\n")
            if lines:
                self.git("update-index", "--index-info", stdin="".join(lines).encode(), env=env)
            for path in deletions:
                self.git("update-index", "--force-remove", "--", path, env=env)
            tree = self.git("write-tree", env=env).strip()
        who = {
            "GIT_AUTHOR_NAME": API_AUTHOR[0], "GIT_AUTHOR_EMAIL": API_AUTHOR[1],
            "GIT_COMMITTER_NAME": API_COMMITTER[0], "GIT_COMMITTER_EMAIL": API_COMMITTER[1],
            "GIT_AUTHOR_DATE": f"{when} +0000", "GIT_COMMITTER_DATE": f"{when} +0000",
        }  # fmt: skip
        # GitHub stores the message as given: no trailing newline.
        sha = self.git(
            "commit-tree", tree, "-p", head, "-F", "-",
            stdin=message.encode("utf-8"), env={**git_env(None), **who},
        ).strip()  # fmt: skip
        self.git("update-ref", f"refs/heads/{branch}", sha, head)
        created = self.commit(sha)
        assert created is not None
        return created
