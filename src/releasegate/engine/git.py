"""Read-only git access for the engine: tags, one streaming ``git log``, the tree at a ref.

Every call runs ``git`` with an argv list; history is read with a single ``git log`` process,
never one process per commit. :func:`run` is the one way releasegate runs git, here and in
:mod:`releasegate.forge.git_write` (which makes every write) and elsewhere: one set of settings,
UTF-8 text whatever the locale, and one redacted line when git fails.
"""

from __future__ import annotations

import os
import queue
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate import _proc
from releasegate._redact import redact
from releasegate.engine.commits import Commit, make_commit
from releasegate.errors import GitError, ReleasegateError, UsageError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = [
    "CommitLog",
    "Tag",
    "Tree",
    "TreeEntry",
    "current_branch",
    "ensure_repository",
    "head_commit",
    "is_ancestor",
    "iter_commits",
    "list_tags",
    "origin_url",
    "remote_default_branch",
    "resolve_branch",
    "resolve_ref",
    "run",
    "shallow_commits",
]

# Settings that would change what git prints; the engine needs git's plain defaults.
_GIT = (
    "git",
    "-c",
    "core.quotePath=false",
    "-c",
    "log.showRoot=true",
    "-c",
    "i18n.logOutputEncoding=UTF-8",
)
_RECORD = "\x1e"
_FIELD = "\x1f"
_CHUNK = 1 << 18  # the most read from git's pipe at once


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag peeled to its commit; ``created`` is the tagger date (or commit date)."""

    name: str
    sha: str
    created: int


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One entry of ``git ls-tree -r -t``: a blob, a tree or a submodule commit."""

    path: str
    type: str
    mode: str
    sha: str


def run(
    repo: Path,
    *args: str,
    check: bool = True,
    env: Mapping[str, str] | None = None,
    input_text: str | None = None,
    error: type[ReleasegateError] = GitError,
) -> _proc.Result:
    """Run ``git -C repo <args>`` with releasegate's settings and return its output.

    Text is UTF-8 both ways (file contents, messages and paths are, whatever the locale).
    ``env`` is added to the environment (secrets go there, never in ``args``). With ``check``,
    a failure raises ``error`` (default GitError) as one redacted line:
    ``git <command> failed (exit N): <git's last line>``.
    """
    result = _proc.run(
        [*_GIT, "-C", str(repo), *args],
        env=env,
        error=error,
        check=False,
        input_text=input_text,
        encoding="utf-8",
    )
    if check and result.returncode != 0:
        lines = [ln.strip() for ln in (result.stderr or result.stdout).splitlines() if ln.strip()]
        detail = lines[-1] if lines else "no output"
        raise error(redact(f"git {args[0]} failed (exit {result.returncode}): {detail}"))
    return result


# The short name the functions below (and any added later) call.
_git = run


def ensure_repository(repo: Path) -> None:
    """Raise UsageError unless ``repo`` is inside a git work tree or a git directory."""
    result = _git(repo, "rev-parse", "--git-dir", check=False)
    if result.returncode != 0:
        raise UsageError(f"{repo}: not a git repository; pass -C PATH of a git checkout")


def current_branch(repo: Path) -> str:
    """Return the checked-out branch name; raise UsageError on a detached HEAD.

    GitHub Actions checks out a detached commit; on a branch push (``GITHUB_REF_TYPE`` is
    ``branch``) the branch is ``GITHUB_REF_NAME``.
    """
    result = _git(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    if result.returncode == 0 and result.stdout.strip():
        return result.stdout.strip()
    ref_name = os.environ.get("GITHUB_REF_NAME", "").strip()
    pushed_branch = os.environ.get("GITHUB_REF", "refs/heads/").startswith("refs/heads/")
    if ref_name and os.environ.get("GITHUB_REF_TYPE") == "branch" and pushed_branch:
        return ref_name
    raise UsageError(f"{repo}: HEAD is detached; pass --branch NAME")


def resolve_branch(repo: Path, branch: str) -> str:
    """Return the commit of ``branch``: a local branch, else ``origin/<branch>``, else a rev."""
    for ref in (f"refs/heads/{branch}", f"refs/remotes/origin/{branch}", branch):
        result = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        if result.returncode == 0:
            return result.stdout.strip()
    raise UsageError(
        f"branch {branch!r} not found in {repo}; pass --branch with an existing branch"
    )


def resolve_ref(repo: Path, ref: str) -> str | None:
    """Return the commit ``ref`` points at, or None when there is no such ref."""
    result = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return result.stdout.strip() or None if result.returncode == 0 else None


def head_commit(repo: Path) -> str | None:
    """Return the commit checked out in ``repo`` (None in an empty repository)."""
    result = _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    return result.stdout.strip() or None if result.returncode == 0 else None


def remote_default_branch(repo: Path, remote: str = "origin") -> str | None:
    """Return the default branch ``remote`` had when last fetched (``refs/remotes/<remote>/HEAD``).

    ``git clone`` records it; a clone made otherwise (``actions/checkout``, ``git remote add``)
    may not have it, then None.
    """
    result = _git(
        repo, "symbolic-ref", "--quiet", "--short", f"refs/remotes/{remote}/HEAD", check=False
    )
    name = result.stdout.strip()
    return name.removeprefix(f"{remote}/") or None if result.returncode == 0 else None


def is_ancestor(repo: Path, ancestor: str, descendant: str) -> bool:
    """Whether commit ``ancestor`` is in the history of ``descendant`` (False when missing)."""
    result = _git(repo, "merge-base", "--is-ancestor", ancestor, descendant, check=False)
    return result.returncode == 0


def origin_url(repo: Path) -> str | None:
    """Return the URL of the ``origin`` remote, if any."""
    result = _git(repo, "remote", "get-url", "origin", check=False)
    return result.stdout.strip() or None if result.returncode == 0 else None


def shallow_commits(repo: Path) -> frozenset[str]:
    """Return the boundary commits of a shallow clone (their parents are missing); empty if full.

    These are the commits listed in ``$GIT_DIR/shallow``: a history walk that reaches one
    has not seen everything a full clone would show.
    """
    result = _git(repo, "rev-parse", "--path-format=absolute", "--git-path", "shallow")
    try:
        text = Path(result.stdout.strip()).read_text(encoding="ascii")
    except FileNotFoundError:
        return frozenset()
    return frozenset(text.split())


def list_tags(repo: Path) -> list[Tag]:
    """Return every tag peeled to its commit, newest first by creation date."""
    fmt = _FIELD.join(
        ["%(refname:strip=2)", "%(objectname)", "%(*objectname)", "%(creatordate:unix)"]
    )
    result = _git(repo, "for-each-ref", "--sort=-creatordate", f"--format={fmt}", "refs/tags")
    tags = []
    for line in result.stdout.splitlines():
        name, obj, peeled, created = line.split(_FIELD)
        tags.append(Tag(name, peeled or obj, int(created or 0)))
    return tags


def iter_commits(
    repo: Path,
    rev: str,
    *,
    max_count: int | None = None,
    with_files: bool = True,
    first_parent: bool = False,
    no_merges: bool = False,
) -> Iterator[Commit]:
    """Yield commits reachable from ``rev``, newest first (see :class:`CommitLog`).

    ``rev`` may be a range (``base..head``). git stops when the caller stops iterating.
    """
    with CommitLog(
        repo, rev, max_count=max_count, with_files=with_files, first_parent=first_parent,
        no_merges=no_merges,
    ) as log:  # fmt: skip
        yield from log


class CommitLog:
    """One ``git log`` of ``rev``, started at once, read back as commits newest first.

    A thread drains git's output while the caller does other work (the planner loads its
    modules and lists tags meanwhile), so git walks the history at its own pace; iterating
    parses what git has written so far. Changed paths are the first-parent diff with rename
    detection (a rename counts under its new path), as release-please sees them on GitHub.
    With ``with_files=False`` git computes no diffs and every ``files`` is empty, which is much
    faster on long histories. ``first_parent`` follows only first parents: the branch's own
    commits, a merged branch's commits left out. Iterate once; ``close()`` (or leaving the
    ``with`` block) stops git, which otherwise walks on to the first commit.
    """

    def __init__(
        self,
        repo: Path,
        rev: str,
        *,
        max_count: int | None = None,
        with_files: bool = True,
        first_parent: bool = False,
        no_merges: bool = False,
    ) -> None:
        argv = [*_GIT, "-C", str(repo), "log", "-z", "--no-color"]
        if with_files:
            argv += ["--name-status", "-M", "--diff-merges=first-parent"]
        argv.append(f"--format={_RECORD}%H{_FIELD}%B{_FIELD}")
        if max_count is not None:
            argv.append(f"--max-count={max_count}")
        if first_parent:
            argv.append("--first-parent")
        if no_merges:
            argv.append("--no-merges")
        argv += [rev, "--"]
        self._parse_record = _parse_record if with_files else _parse_message
        # GIT_FLUSH=0 has git fill its buffer instead of flushing after every commit (its
        # default on a pipe), which costs both processes a wake-up per commit.
        env = {**os.environ, "GIT_FLUSH": "0"}
        pipe = subprocess.PIPE
        self._proc = subprocess.Popen(argv, stdout=pipe, stderr=pipe, bufsize=0, env=env)
        # Unbounded: at most git's whole output, a few MB for 50,000 commits.
        self._chunks: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._drain, name="git-log", daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None  # noqa: S101 - Popen with stdout=PIPE always sets it
        try:
            # An unbuffered read returns what git has written so far (the GIL is released
            # while it waits).
            while chunk := stdout.read(_CHUNK):
                self._chunks.put(chunk)
        except (OSError, ValueError):
            pass  # closed by close(): the consumer has stopped reading
        finally:
            self._chunks.put(b"")  # the end

    def __iter__(self) -> Iterator[Commit]:
        parse_record = self._parse_record
        record_end = _RECORD.encode()
        get = self._chunks.get
        pending: list[bytes] = []  # the bytes after the last record separator seen
        while chunk := get():
            cut = chunk.rfind(record_end)
            if cut < 0:
                pending.append(chunk)
                continue
            pending.append(chunk[:cut])
            # Separators are ASCII, so decoding many records at once decodes each alike.
            block = b"".join(pending).decode("utf-8", errors="replace")
            pending = [chunk[cut + 1 :]]
            for record in block.split(_RECORD):
                if record:
                    yield parse_record(record)
        for record in b"".join(pending).decode("utf-8", errors="replace").split(_RECORD):
            if record:
                yield parse_record(record)
        stderr = self._proc.stderr.read().decode(errors="replace") if self._proc.stderr else ""
        if self._proc.wait() != 0:
            lines = stderr.strip().splitlines()
            raise GitError(f"git log failed: {lines[-1] if lines else 'no output'}")

    def close(self) -> None:
        """Stop git if it still runs, and the reading thread with it."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._reader.join()
        self._proc.wait()
        for stream in (self._proc.stdout, self._proc.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> CommitLog:  # noqa: PYI034 - Self needs Python 3.11
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _parse_message(record: str) -> Commit:
    sha, message, _ = record.split(_FIELD, 2)
    return make_commit(sha, message.rstrip("\n"))


def _parse_record(record: str) -> Commit:
    sha, message, rest = record.split(_FIELD, 2)
    fields = rest.strip("\n\0").split("\0")
    files: list[str] = []
    i = 0
    while i < len(fields):
        status = fields[i].strip("\n")
        if not status:
            i += 1
            continue
        if status[0] in "RC":
            files.append(fields[i + 2])
            i += 3
        else:
            files.append(fields[i + 1])
            i += 2
    return make_commit(sha, message.rstrip("\n"), tuple(files))


class Tree:
    """The files of one commit, read lazily through a single ``git cat-file --batch``."""

    def __init__(self, repo: Path, rev: str) -> None:
        self.repo = repo
        self.rev = rev
        self._entries: list[TreeEntry] | None = None
        self._by_path: dict[str, TreeEntry] = {}
        self._by_name: dict[str, list[str]] | None = None
        self._contents: dict[str, str | None] = {}
        self._batch: subprocess.Popen[bytes] | None = None

    @property
    def entries(self) -> list[TreeEntry]:
        """Every entry, recursively, in git's tree order (``ls-tree -r -t``)."""
        if self._entries is None:
            result = _git(self.repo, "ls-tree", "-r", "-t", "-z", self.rev)
            entries = []
            for item in result.stdout.split("\0"):
                if not item:
                    continue
                meta, path = item.split("\t", 1)
                mode, kind, sha = meta.split(" ")
                entries.append(TreeEntry(path, kind, mode, sha))
            self._entries = entries
            self._by_path = {e.path: e for e in entries}
        return self._entries

    def paths_named(self, filename: str) -> list[str]:
        """Paths of the entries (submodules aside) whose last component is ``filename``, in order.

        Indexed on first use: a monorepo asks once per package for the same few names.
        """
        if self._by_name is None:
            by_name: dict[str, list[str]] = {}
            for entry in self.entries:
                if entry.type != "commit":
                    by_name.setdefault(entry.path.rsplit("/", 1)[-1], []).append(entry.path)
            self._by_name = by_name
        return list(self._by_name.get(filename, ()))

    def read(self, path: str) -> str | None:
        """Return the text of the blob at ``path``, or None when there is no such file."""
        if path in self._contents:
            return self._contents[path]
        _ = self.entries
        entry = self._by_path.get(path)
        content = None
        if entry is not None and entry.type == "blob":
            content = self._cat(entry.sha).decode("utf-8", errors="replace")
        self._contents[path] = content
        return content

    def _cat(self, sha: str) -> bytes:
        if self._batch is None:
            self._batch = subprocess.Popen(
                [*_GIT, "-C", str(self.repo), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        batch = self._batch
        assert batch.stdin is not None  # noqa: S101 - set by Popen(stdin=PIPE)
        assert batch.stdout is not None  # noqa: S101 - set by Popen(stdout=PIPE)
        batch.stdin.write(sha.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        size = int(header[2])
        data = batch.stdout.read(size)
        batch.stdout.read(1)  # the newline after the contents
        return data

    def close(self) -> None:
        """Stop the ``cat-file`` process."""
        if self._batch is not None:
            if self._batch.stdin:
                self._batch.stdin.close()
            self._batch.wait()
            if self._batch.stdout:
                self._batch.stdout.close()
            self._batch = None
