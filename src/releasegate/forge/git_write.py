"""Every git write releasegate makes: the release commit, branch and tag refs, pushes, fetches.

:mod:`releasegate.engine.git` only reads; this module is the one place that changes a repository.
The release commit is built with plumbing in a temporary index on top of the target branch's
tip (``read-tree``, ``hash-object``, ``update-index``, ``write-tree``, ``commit-tree``) and
then pointed to by ``update-ref``: nothing is ever checked out, so the user's work tree, index
and current branch stay as they were, even when a run dies half-way.

A token reaches git only through the environment (``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_n``/
``GIT_CONFIG_VALUE_n`` carrying an ``http.<url>.extraheader``), never argv and never the
repository's config; every error passes through :func:`releasegate._redact.redact`. git runs
through :func:`releasegate.engine.git.run`, with the same settings as every read.
"""

from __future__ import annotations

import base64
import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar
from urllib.parse import urlsplit

from releasegate._redact import redact
from releasegate.engine import git
from releasegate.errors import GitError, ReleasegateError, ShallowHistoryError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from releasegate import _proc
    from releasegate._redact import Secret

__all__ = [
    "DEFAULT_IDENTITY",
    "GITHUB_ACTIONS_IDENTITY",
    "Identity",
    "auth_env",
    "build_commit",
    "checkout_copy",
    "clone_commit",
    "commit_identity",
    "commit_tree",
    "create_tag",
    "deepen_until_complete",
    "fetch_commit",
    "fetch_history",
    "fetch_tags",
    "has_commit",
    "merge_preview",
    "push_branch",
    "push_tag",
    "remote_branch_sha",
    "remote_head_branch",
    "same_commit",
    "set_branch",
    "write_tree",
]

T = TypeVar("T")

_ZERO = "0" * 40
# How far each round of deepening reaches (commits), before giving up and unshallowing.
_DEEPEN_STEPS = (100, 1000)


@dataclass(frozen=True, slots=True)
class Identity:
    """A git author/committer: ``name <email>``."""

    name: str
    email: str


DEFAULT_IDENTITY = Identity("releasegate", "releasegate@users.noreply.github.com")
GITHUB_ACTIONS_IDENTITY = Identity(
    "github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com"
)


# Every git call goes through git.run: one set of settings for reads and writes alike.
_git = git.run


def _last_line(result: _proc.Result) -> str:
    lines = [ln.strip() for ln in (result.stderr or result.stdout).splitlines() if ln.strip()]
    return redact(lines[-1]) if lines else "no output"


# -- identity ------------------------------------------------------------------------------
def commit_identity(repo: Path) -> Identity | None:
    """Return the identity to impose on commits and tags, or None when git has one configured.

    git's own ``user.name``/``user.email`` (or ``GIT_COMMITTER_*``/``GIT_AUTHOR_*``) win;
    otherwise releasegate signs as ``github-actions[bot]`` in GitHub Actions and as
    :data:`DEFAULT_IDENTITY` elsewhere, so a machine without a git identity still works.
    """
    roles = [f"GIT_{who}_{what}" for who in ("AUTHOR", "COMMITTER") for what in ("NAME", "EMAIL")]
    if all(os.environ.get(name) for name in roles):
        return None
    configured = [
        _git(repo, "config", "--get", key, check=False).stdout.strip()
        for key in ("user.name", "user.email")
    ]
    if all(configured):
        return None
    return GITHUB_ACTIONS_IDENTITY if os.environ.get("GITHUB_ACTIONS") else DEFAULT_IDENTITY


def _identity_env(repo: Path) -> dict[str, str]:
    who = commit_identity(repo)
    if who is None:
        return {}
    return {
        f"GIT_{role}_{part}": value
        for role in ("AUTHOR", "COMMITTER")
        for part, value in (("NAME", who.name), ("EMAIL", who.email))
        if not os.environ.get(f"GIT_{role}_{part}")
    }


# -- the release commit --------------------------------------------------------------------
def write_tree(repo: Path, *, parent: str, files: Mapping[str, str]) -> str:
    """Return the sha of ``parent``'s tree with ``files`` (path -> text) set; write no ref.

    Works in a throw-away index, so the user's index and work tree are untouched. A file
    keeps its mode (e.g. executable); new files are ``100644``. Raises GitError when git fails.
    """
    with tempfile.TemporaryDirectory(prefix="releasegate-index-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(repo, "read-tree", parent, env=env)
        modes: dict[str, str] = {}
        if files:
            listing = _git(repo, "ls-tree", "-z", parent, "--", *files).stdout
            for item in listing.split("\0"):
                if item:
                    meta, path = item.split("\t", 1)
                    modes[path] = meta.split(" ")[0]
        lines = []
        for path, content in files.items():
            blob = _git(repo, "hash-object", "-w", "--stdin", input_text=content).stdout.strip()
            mode = modes.get(path, "100644")
            if mode not in {"100644", "100755"}:
                mode = "100644"  # a symlink or submodule replaced by a regular file
            lines.append(f"{mode} {blob}\t{path}\n")
        _git(repo, "update-index", "--index-info", env=env, input_text="".join(lines))
        return _git(repo, "write-tree", env=env).stdout.strip()


def commit_tree(repo: Path, tree: str, *, parent: str, message: str) -> str:
    """Write a commit of ``tree`` with one ``parent`` and return its sha (no ref moves).

    The identity is git's configured one, else :func:`commit_identity`'s default.
    """
    text = message if message.endswith("\n") else message + "\n"
    result = _git(
        repo, "commit-tree", tree, "-p", parent, "-F", "-",
        env=_identity_env(repo), input_text=text,
    )  # fmt: skip
    return result.stdout.strip()


def build_commit(repo: Path, *, parent: str, files: Mapping[str, str], message: str) -> str:
    """Write one commit on top of ``parent`` that sets ``files`` (path -> text); return its sha.

    :func:`write_tree` then :func:`commit_tree`: no ref, work tree, index or HEAD changes, so an
    interrupted run leaves only unreferenced objects behind.
    """
    tree = write_tree(repo, parent=parent, files=files)
    return commit_tree(repo, tree, parent=parent, message=message)


def merge_preview(repo: Path, *, base: str, head: str, message: str, squash: bool) -> str | None:
    """Write the commit merging ``head`` into ``base`` would make; return its sha, or None.

    ``git merge-tree --write-tree`` computes the merged tree from objects alone, then
    ``commit-tree`` writes a commit with ``message``: ``base`` its only parent for a squash
    merge, ``base`` and ``head`` for a merge commit. No ref, work tree, index or HEAD moves;
    the commit stays unreferenced (``git gc`` prunes it). None when the merge conflicts.
    """
    result = _git(repo, "merge-tree", "--write-tree", "--no-messages", base, head, check=False)
    if result.returncode == 1:
        return None  # conflicts: GitHub would not merge it either
    if result.returncode == 129:  # noqa: PLR2004 - git's exit code for an unknown option
        raise GitError("git merge-tree --write-tree needs git 2.38 or newer; upgrade git")
    if result.returncode != 0:
        raise GitError(f"git merge-tree {base[:12]} {head[:12]} failed: {_last_line(result)}")
    tree = result.stdout.split("\n", 1)[0].strip()
    parents = ["-p", base] if squash else ["-p", base, "-p", head]
    text = message if message.endswith("\n") else message + "\n"
    committed = _git(repo, "commit-tree", tree, *parents, "-F", "-",
                     env=_identity_env(repo), input_text=text)  # fmt: skip
    return committed.stdout.strip()


def has_commit(repo: Path, sha: str) -> bool:
    """Whether the repository has commit ``sha``."""
    result = _git(repo, "cat-file", "-e", f"{sha}^{{commit}}", check=False)
    return result.returncode == 0


def same_commit(repo: Path, sha: str, *, tree: str, parent: str, message: str) -> bool:
    """Whether commit ``sha`` has exactly ``tree``, the single ``parent`` and ``message``.

    A re-run uses this to keep an existing release branch instead of writing an equal commit.
    Trailing newlines of the message do not count: GitHub stores an API commit's without one.
    """
    result = _git(repo, "cat-file", "commit", sha, check=False)
    if result.returncode != 0:
        return False  # not here (e.g. only on the remote): not known to be equal
    header, _, body = result.stdout.partition("\n\n")
    fields = [line.split(" ", 1) for line in header.splitlines() if " " in line]
    trees = [v for k, v in fields if k == "tree"]
    parents = [v for k, v in fields if k == "parent"]
    return trees == [tree] and parents == [parent] and body.rstrip("\n") == message.rstrip("\n")


def set_branch(repo: Path, branch: str, sha: str, *, old: str | None = None) -> None:
    """Point ``refs/heads/<branch>`` at ``sha``, only if it still is at ``old`` (None: any).

    Refuses (UsageError) when ``branch`` is checked out in any work tree of ``repo``: moving it
    would change files under the user's feet.
    """
    ref = f"refs/heads/{branch}"
    if _git(repo, "check-ref-format", ref, check=False).returncode != 0:
        raise UsageError(f"{branch!r} is not a valid branch name; fix the branch configuration")
    worktrees = _git(repo, "worktree", "list", "--porcelain").stdout.splitlines()
    if f"branch {ref}" in worktrees:
        raise UsageError(
            f"{repo}: branch {branch!r} is checked out; releasegate rewrites the release branch "
            "on every run, so switch to another branch first"
        )
    args = ["update-ref", "-m", "releasegate: release branch", ref, sha]
    if old is not None:
        args.append(old)
    _git(repo, *args)


# -- credentials ---------------------------------------------------------------------------
def _remote_url(repo: Path, remote: str) -> str:
    if "://" in remote or remote.startswith("/"):
        return remote
    result = _git(repo, "remote", "get-url", remote, check=False)
    if result.returncode != 0:
        raise GitError(f"{repo}: no git remote {remote!r}; add it with git remote add {remote} URL")
    return result.stdout.strip()


def _token_base(url: str) -> str | None:
    """The ``scheme://host/`` a token may go to: https, or plain http on the loopback host."""
    parts = urlsplit(url)
    loopback = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if parts.scheme == "https" or (parts.scheme == "http" and loopback):
        host = parts.netloc.rpartition("@")[2]
        return f"{parts.scheme}://{host}/"
    return None


def auth_env(repo: Path, remote: str, token: Secret | None) -> dict[str, str]:
    """Return the environment that lets git talk to ``remote``, with ``token`` when given.

    git never prompts (``GIT_TERMINAL_PROMPT=0``). With a token and an https remote, an
    ``Authorization`` header for the remote's host is added through ``GIT_CONFIG_*``
    variables, after resetting any header configured before (actions/checkout persists its
    own), so the token is in neither argv nor any config file. Other remotes get no token.
    """
    env = {"GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never"}
    if not token:
        return env
    base = _token_base(_remote_url(repo, remote))
    if base is None:
        return env
    credential = base64.b64encode(f"x-access-token:{token.reveal()}".encode()).decode()
    key = f"http.{base}.extraheader"
    # an empty value first clears the headers set before
    env.update(_config_env((key, ""), (key, f"AUTHORIZATION: basic {credential}")))
    return env


def _config_env(*pairs: tuple[str, str]) -> dict[str, str]:
    """Settings for one git command as environment: ``GIT_CONFIG_COUNT``, ``_KEY_n``, ``_VALUE_n``.

    Neither argv (``ps`` shows it) nor a config file sees them; settings the caller's
    environment passes this way are kept, these come after them.
    """
    try:
        count = int(os.environ.get("GIT_CONFIG_COUNT", "0"))
    except ValueError:
        count = 0
    env = {"GIT_CONFIG_COUNT": str(count + len(pairs))}
    for offset, (key, value) in enumerate(pairs, start=count):
        env[f"GIT_CONFIG_KEY_{offset}"] = key
        env[f"GIT_CONFIG_VALUE_{offset}"] = value
    return env


# -- remote refs ---------------------------------------------------------------------------
def _ls_remote(repo: Path, remote: str, ref: str, env: Mapping[str, str]) -> dict[str, str]:
    result = _git(repo, "ls-remote", remote, ref, f"{ref}^{{}}", env=env, check=False)
    if result.returncode != 0:
        raise GitError(
            f"cannot read {ref} from remote {remote!r}: {_last_line(result)}; "
            "check the remote URL and your access"
        )
    refs: dict[str, str] = {}
    for line in result.stdout.splitlines():
        sha, _, name = line.partition("\t")
        refs[name] = sha
    return refs


def remote_branch_sha(
    repo: Path, branch: str, *, remote: str = "origin", token: Secret | None = None
) -> str | None:
    """Return the commit ``branch`` has on ``remote`` (None when it has no such branch)."""
    ref = f"refs/heads/{branch}"
    return _ls_remote(repo, remote, ref, auth_env(repo, remote, token)).get(ref)


def remote_head_branch(
    repo: Path, *, remote: str = "origin", token: Secret | None = None
) -> str | None:
    """Ask ``remote`` for its default branch (the branch its HEAD names); None when it cannot tell.

    For a clone that never recorded it (``git remote add``, ``actions/checkout``): see
    :func:`releasegate.engine.git.remote_default_branch` for the recorded one.
    """
    try:
        env = auth_env(repo, remote, token)
    except GitError:  # no such remote
        return None
    result = _git(repo, "ls-remote", "--symref", remote, "HEAD", env=env, check=False)
    if result.returncode != 0:
        return None
    for line in result.stdout.splitlines():
        target, _, name = line.partition("\t")
        if name == "HEAD" and target.startswith("ref: refs/heads/"):
            return target.removeprefix("ref: refs/heads/")
    return None


def fetch_commit(
    repo: Path, branch: str, *, remote: str = "origin", token: Secret | None = None
) -> None:
    """Fetch the objects of ``branch`` from ``remote`` without writing any ref.

    A fresh CI clone lacks the release branch; its commit is needed to tell whether a re-run
    has anything new. Raises GitError with one line when the fetch fails.
    """
    result = _git(
        repo, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote,
        f"refs/heads/{branch}", env=auth_env(repo, remote, token), check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise GitError(
            f"cannot fetch {branch!r} from {remote!r}: {_last_line(result)}; "
            "check the remote URL and your access"
        )


def push_branch(
    repo: Path,
    branch: str,
    sha: str,
    *,
    expected: str | None,
    remote: str = "origin",
    token: Secret | None = None,
) -> None:
    """Force-push commit ``sha`` to ``branch`` on ``remote``, only if it is still at ``expected``.

    ``expected`` is the remote sha read before (None: the branch must not exist); the lease
    keeps a concurrent push from being overwritten. Local hooks do not run (the commit is
    machine-made). Raises GitError with one line naming what to do.
    """
    ref = f"refs/heads/{branch}"
    lease = f"--force-with-lease={ref}:{expected or ''}"
    result = _git(
        repo, "push", "--porcelain", "--no-verify", lease, remote, f"{sha}:{ref}",
        env=auth_env(repo, remote, token), check=False,
    )  # fmt: skip
    if result.returncode == 0:
        return
    text = result.stdout + result.stderr
    if "stale info" in text or "fetch first" in text:
        raise GitError(
            f"push of {branch!r} to {remote!r} refused: the remote branch changed while "
            "releasegate ran; run it again"
        )
    raise GitError(
        f"push of {branch!r} to {remote!r} failed: {_last_line(result)}; "
        "check your access to the remote (a token with contents: write) and run it again"
    )


# -- tags ----------------------------------------------------------------------------------
def _local_tag_commit(repo: Path, name: str) -> str | None:
    result = _git(
        repo, "rev-parse", "--verify", "--quiet", f"refs/tags/{name}^{{commit}}", check=False
    )
    return result.stdout.strip() or None if result.returncode == 0 else None


def create_tag(
    repo: Path, name: str, sha: str, *, message: str | None = None
) -> Literal["created", "exists"]:
    """Create tag ``name`` at commit ``sha`` (annotated when ``message`` is given).

    Returns ``"exists"`` when the tag already points at that commit (a re-run), ``"created"``
    otherwise. Raises GitError when it exists at another commit, UsageError for a bad name.
    """
    if _git(repo, "check-ref-format", f"refs/tags/{name}", check=False).returncode != 0:
        raise UsageError(f"{name!r} is not a valid tag name; fix the tag configuration")
    target = _git(repo, "rev-parse", "--verify", f"{sha}^{{commit}}").stdout.strip()
    existing = _local_tag_commit(repo, name)
    if existing is not None:
        if existing == target:
            return "exists"
        raise GitError(
            f"tag {name} exists at {existing}, not at {target}; delete the stale tag "
            f"(git tag -d {name}) if it is wrong, or release from {existing}"
        )
    if message is None:
        _git(repo, "update-ref", f"refs/tags/{name}", target, _ZERO)
    else:
        text = message if message.endswith("\n") else message + "\n"
        _git(
            repo, "tag", "-a", "--cleanup=verbatim", "-F", "-", "--", name, target,
            env=_identity_env(repo), input_text=text,
        )  # fmt: skip
    return "created"


def push_tag(repo: Path, name: str, *, remote: str = "origin", token: Secret | None = None) -> None:
    """Push tag ``name`` to ``remote``; success too when the remote has it at the same commit.

    Raises GitError when the remote has the tag at another commit, or refuses the push.
    """
    local = _local_tag_commit(repo, name)
    if local is None:
        raise GitError(f"tag {name} does not exist in {repo}; create it first")
    ref = f"refs/tags/{name}"
    env = auth_env(repo, remote, token)
    remote_refs = _ls_remote(repo, remote, ref, env)
    remote_commit = remote_refs.get(f"{ref}^{{}}") or remote_refs.get(ref)
    if remote_commit == local:
        return
    if remote_commit is not None:
        raise GitError(
            f"tag {name} exists on {remote!r} at {remote_commit}, not at {local}; "
            "delete the remote tag if it is wrong, or release from that commit"
        )
    result = _git(repo, "push", "--porcelain", "--no-verify", remote, f"{ref}:{ref}",
                  env=env, check=False)  # fmt: skip
    if result.returncode != 0:
        raise GitError(
            f"push of tag {name} to {remote!r} failed: {_last_line(result)}; "
            "check your access to the remote (a token with contents: write) and run it again"
        )


# -- throwaway checkouts ---------------------------------------------------------------------
def clone_commit(
    repo: Path, sha: str, into: Path, *, error: type[ReleasegateError] = GitError
) -> tuple[str, ...]:
    """Check commit ``sha`` of ``repo`` (its top level) out into the new directory ``into``.

    The clone borrows ``repo``'s objects (``--shared``): nothing in ``repo`` is written, the
    commit need not be on any branch, and the tags are there (version plugins and the chain's
    checks read them). It runs no hook, neither a template's nor a ``core.hooksPath``.
    Submodules checked out in ``repo`` are checked out at the commit's revision from those local
    clones, never fetched; the others stay empty, as in a checkout without ``--recursive``.
    Returns the paths of those left empty. Raises ``error`` (one line) when git cannot make it,
    naming the fetch when ``repo`` lacks the commit.
    """
    top = repo.resolve()
    clone = ("clone", "--quiet", "--shared", "--no-checkout", "--template=")
    _git(top, *clone, str(top), str(into), error=error)
    quiet = ("advice.detachedHead", "false")
    result = _git(into, "checkout", "--quiet", "--detach", sha, env=_clone_env(quiet), check=False)
    if result.returncode != 0:
        raise error(
            f"cannot check out {sha[:12]} from {repo}: {_last_line(result)}; fetch the "
            "history (git fetch origin, or actions/checkout with fetch-depth: 0)"
        )
    if not (into / ".gitmodules").is_file():
        return ()
    return _clone_submodules(top, into, error)


def _clone_submodules(top: Path, clone: Path, error: type[ReleasegateError]) -> tuple[str, ...]:
    """Check out in ``clone`` the submodules ``top`` has checked out; return the others' paths."""
    listed = _git(
        clone, "config", "--file", ".gitmodules", "--get-regexp", r"^submodule\..*\.path$",
        check=False,
    )  # fmt: skip
    missing: list[str] = []
    for line in listed.stdout.splitlines():
        key, _, path = line.partition(" ")
        name = key.removeprefix("submodule.").removesuffix(".path")
        local = top / path
        if not (local / ".git").exists():
            missing.append(path)
            continue
        _git(clone, "config", f"submodule.{name}.url", str(local), error=error)
        _git(
            clone, "submodule", "update", "--init", "--quiet", "--recursive", "--", path,
            env=_clone_env(("protocol.file.allow", "always")), error=error,
        )  # fmt: skip
    return tuple(missing)


def _clone_env(*pairs: tuple[str, str]) -> dict[str, str]:
    """Settings for a throwaway clone's commands: ``pairs``, and no hook runs (checkout's)."""
    return _config_env(("core.hooksPath", os.devnull), *pairs)


@contextlib.contextmanager
def checkout_copy(repo: Path, sha: str) -> Iterator[Path]:
    """A temporary clone of ``repo`` checked out at commit ``sha`` (detached), removed after.

    ``publish-release`` builds each released package from its release commit in one: the
    user's work tree, index and refs are never touched. It is :func:`clone_commit` in a
    temporary directory (submodules included). Raises GitError when the commit is not in
    ``repo``.
    """
    with tempfile.TemporaryDirectory(prefix="releasegate-checkout-") as tmp:
        copy = Path(tmp) / "checkout"
        clone_commit(repo, sha, copy)
        yield copy


# -- history completeness ------------------------------------------------------------------
def fetch_tags(repo: Path, *, remote: str = "origin", token: Secret | None = None) -> None:
    """Fetch every tag of ``remote`` (and the history they need); no branch is fetched.

    Raises ShallowHistoryError (one line naming ``fetch-depth: 0``) when the fetch fails.
    """
    _fetch(repo, remote, token, "refs/tags/*:refs/tags/*")


def fetch_history(
    repo: Path,
    branch: str,
    *,
    remote: str = "origin",
    token: Secret | None = None,
    deepen: int | None = None,
) -> None:
    """Fetch more of ``branch``'s history from ``remote`` into a shallow clone; no ref moves.

    ``deepen`` commits beyond the current shallow boundary, or the whole history when None.
    Only ``branch`` is fetched (a default refspec would pull every other branch in too).
    Raises ShallowHistoryError (one line naming ``fetch-depth: 0``) when the fetch fails.
    """
    depth = f"--deepen={deepen}" if deepen is not None else "--unshallow"
    _fetch(repo, remote, token, depth, f"refs/heads/{branch}")


def _fetch(repo: Path, remote: str, token: Secret | None, *args: str) -> None:
    try:
        env = auth_env(repo, remote, token)
    except GitError as exc:  # no such remote
        raise ShallowHistoryError.from_repo(repo, f"there is no remote {remote!r}") from exc
    result = _git(
        repo, "fetch", "--quiet", "--no-write-fetch-head", "--no-tags", remote, *args,
        env=env, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise ShallowHistoryError.from_repo(
            repo, f"fetching it from {remote!r} failed ({_last_line(result)})"
        )


def deepen_until_complete(
    repo: Path,
    read: Callable[[], T],
    *,
    branch: str,
    remote: str = "origin",
    token: Secret | None = None,
) -> T:
    """Return ``read()``, fetching more of ``branch``'s history from ``remote`` while it needs more.

    In a shallow clone the tags are fetched first (actions/checkout fetches none, and a missing
    release tag changes the plan). ``read`` raises ShallowHistoryError when it walked into the
    clone's boundary before finding what it needed; then deeper history is fetched (a few rounds
    of deepening, then the whole history) and ``read`` runs again. So a shallow clone gives the
    same answer as a full one, or a one-line error naming ``fetch-depth: 0``. A full clone
    costs one ``git rev-parse``.
    """
    if git.shallow_commits(repo):
        fetch_tags(repo, remote=remote, token=token)
    steps = [*_DEEPEN_STEPS, None]
    while True:
        try:
            return read()
        except ShallowHistoryError:  # noqa: PERF203 - a retry loop; each round runs git
            if not steps or not git.shallow_commits(repo):
                raise
            fetch_history(repo, branch, remote=remote, token=token, deepen=steps.pop(0))
