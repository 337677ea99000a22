"""A local GitHub stand-in for tests: the REST and GraphQL endpoints releasegate uses, on 127.0.0.1.

No pytest here: tests start it with ``with running_github() as gh: ...`` and point the client at
``gh.url`` and ``gh.graphql_url`` (or set ``GITHUB_API_URL``/``GITHUB_GRAPHQL_URL``; with
``enterprise=True`` they are GitHub Enterprise Server's ``/api/v3`` and ``/api/graphql``). It
speaks GitHub's documented shapes for pull requests, issue labels, issue comments, releases, git
refs and commits and the repository object (its merge settings in ``gh.repository``),
paginates with ``Link`` headers (``gh.page_size`` caps ``per_page`` so tests exercise the next
links), requires the token (401 "Bad credentials" otherwise), answers a ``gh.read_only_token``
on reads and with 403 "Resource not accessible by integration" on writes (a fork's pull request
token), logs every request in ``gh.requests`` and injects faults with ``gh.fail_next`` (rate
limits with their headers too). ``gh.stop()`` makes the API unreachable.

With ``gh.git_dir`` set (the test's bare ``origin``), refs, commits, history and
``createCommitOnBranch`` work on that real repository (``tests._github_repo``), and merged pull
requests are associated with their commits as GitHub's GraphQL ``associatedPullRequests``.

Every exchange is checked against GitHub's own API description (``tests._github_contract``): a
request GitHub does not document or an answer GitHub would not give is recorded in
``gh.violations``, and ``running_github`` fails the test at the end of its block.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from tests._github_contract import filled, graphql_violations, rest_violations
from tests._github_repo import GitRepository
from tests._loopback import POLL_INTERVAL

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    import pytest

__all__ = [
    "READ_ONLY_TOKEN",
    "TOKEN",
    "FakeGitHub",
    "Fault",
    "Request",
    "github_in_env",
    "running_github",
]

TOKEN = "ghs_stand-in-token-0123456789"
READ_ONLY_TOKEN = "ghs_stand-in-read-only-token-9876543210"
DOCS = "https://docs.github.com/rest"
_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True, slots=True)
class Request:
    """One request the server received."""

    method: str
    path: str  # decoded path, without the query
    query: dict[str, str]
    body: Any  # the JSON body, None without one
    authorization: str | None
    headers: dict[str, str]
    raw: bytes = b""


@dataclass(slots=True)
class Fault:
    """Answer ``status`` (with ``message`` and ``headers``) to the next ``times`` matches.

    ``stall`` instead holds the request unanswered until the event is set (a test kills the
    client meanwhile); the request then has no effect.
    """

    method: str
    path_prefix: str
    status: int
    times: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)
    stall: threading.Event | None = None


@dataclass(slots=True)
class FakeGitHub:
    """The server's state: pull requests and releases of one repository, plus the request log."""

    owner: str = "octo"
    repo: str = "demo"
    token: str = TOKEN
    read_only_token: str = READ_ONLY_TOKEN
    page_size: int = 100
    url: str = ""
    graphql_url: str = ""
    enterprise: bool = False
    git_dir: Path | None = None
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    pull_commits: dict[int, list[str]] = field(default_factory=dict)
    pull_files: dict[int, list[str]] = field(default_factory=dict)
    releases: dict[int, dict[str, Any]] = field(default_factory=dict)
    # issue comments by id, each with its pull request's number under "_number"
    issue_comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    # the repository object's merge settings (GET /repos/{owner}/{repo} adds the rest)
    repository: dict[str, Any] = field(
        default_factory=lambda: {
            "allow_squash_merge": True,
            "allow_merge_commit": True,
            "allow_rebase_merge": True,
            "squash_merge_commit_title": "COMMIT_OR_PR_TITLE",
            "squash_merge_commit_message": "COMMIT_MESSAGES",
        }
    )
    created_commits: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    tamper: Callable[[str, str, int, Any], Any] | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1001))
    _clock: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _server: ThreadingHTTPServer | None = None

    # -- helpers for tests -------------------------------------------------------------------

    @property
    def prefix(self) -> str:
        """The repository's API path, ``/repos/{owner}/{repo}``."""
        return f"/repos/{self.owner}/{self.repo}"

    @property
    def api_root(self) -> str:
        """The path the REST API is served under: ``/api/v3`` for GitHub Enterprise."""
        return "/api/v3" if self.enterprise else ""

    @property
    def graphql_path(self) -> str:
        """The GraphQL endpoint's path: ``/graphql``, ``/api/graphql`` for GitHub Enterprise."""
        return "/api/graphql" if self.enterprise else "/graphql"

    @property
    def git(self) -> GitRepository:
        """The repository behind the API (set ``git_dir`` first)."""
        if self.git_dir is None:
            raise RuntimeError("FakeGitHub.git_dir is not set: this test gave GitHub no repository")
        return GitRepository(self.git_dir)

    def now(self) -> int:
        """The stand-in's clock in epoch seconds (ticks once per call)."""
        return int((_EPOCH + dt.timedelta(seconds=next(self._clock))).timestamp())

    def fail_next(
        self,
        method: str,
        path_prefix: str,
        status: int,
        times: int = 1,
        message: str = "",
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next ``times`` requests ``method path_prefix*`` with ``status``.

        ``path_prefix`` may be relative to the repository (``"/pulls"``), absolute, or the
        GraphQL path (``gh.graphql_path``); ``headers`` go with the answer (rate limits).
        """
        path_prefix = self._absolute(path_prefix)
        text = message or {
            401: "Bad credentials",
            403: "Resource not accessible by integration",
            404: "Not Found",
            422: "Validation Failed",
        }.get(status, "Server Error")
        with self.lock:
            self.faults.append(
                Fault(method.upper(), path_prefix, status, times, text, dict(headers or {}))
            )

    def stall_next(self, method: str, path_prefix: str) -> threading.Event:
        """Hold the next ``method path_prefix*`` request; it proceeds (ignored) once set."""
        event = threading.Event()
        with self.lock:
            self.faults.append(
                Fault(method.upper(), self._absolute(path_prefix), 0, 1, "", stall=event)
            )
        return event

    def _absolute(self, path_prefix: str) -> str:
        if path_prefix.startswith(("/repos/", self.graphql_path)):
            return path_prefix
        return self.prefix + path_prefix

    def associated_pulls(self, sha: str) -> list[dict[str, Any]]:
        """GraphQL ``associatedPullRequests`` nodes of commit ``sha``: merged PRs naming it."""
        with self.lock:
            nodes = []
            for number, pull in self.pulls.items():
                merged = pull["merged_at"] is not None
                if not merged or sha not in (
                    pull["merge_commit_sha"],
                    *self.pull_commits.get(number, ()),
                ):
                    continue
                nodes.append(self._pull_node(number, pull))
            return nodes

    def _pull_node(self, number: int, pull: dict[str, Any]) -> dict[str, Any]:
        files = self.pull_files.get(number)
        if files is None:
            files = self.git.pull_request_files(
                pull["merge_commit_sha"], self.pull_commits.get(number, [])
            )

        def paged(items: list[dict[str, Any]]) -> Callable[..., dict[str, Any]]:
            def connection(_info: Any, first: int | None = None, **_: Any) -> dict[str, Any]:
                chunk = items if first is None else items[:first]
                more = len(chunk) < len(items)
                info = {"hasNextPage": more, "hasPreviousPage": False}
                return {
                    "nodes": chunk,
                    "pageInfo": {**info, "endCursor": None, "startCursor": None},
                }

            return connection

        return {
            "number": number,
            "title": pull["title"],
            "body": pull["body"],
            "baseRefName": pull["base"]["ref"],
            "headRefName": pull["head"]["ref"],
            "labels": paged([{"name": label["name"]} for label in pull["labels"]]),
            "mergeCommit": {"oid": pull["merge_commit_sha"]} if pull["merge_commit_sha"] else None,
            "files": paged([{"path": path} for path in files]),
        }

    def add_pull(
        self,
        *,
        title: str = "chore(main): release 1.0.0",
        head: str = "release-please--branches--main",
        base: str = "main",
        body: str = "",
        labels: tuple[str, ...] = (),
        draft: bool = False,
        merged_sha: str | None = None,
        number: int | None = None,
        commits: list[str] | None = None,
        files: list[str] | None = None,
    ) -> dict[str, Any]:
        """Create a pull request directly (merged when ``merged_sha`` is given); return it.

        ``commits`` are more commits GitHub associates with it (a rebase merge); ``files`` its
        changed paths (default: from git, as GitHub computes them).
        """
        with self.lock:
            pull = self._new_pull(
                title=title, head=head, base=base, body=body, draft=draft, number=number
            )
            for name in labels:
                pull["labels"].append(_label(name))
            if commits:
                self.pull_commits[pull["number"]] = list(commits)
            if files is not None:
                self.pull_files[pull["number"]] = list(files)
            if merged_sha is not None:
                self.merge(pull["number"], merged_sha)
            return pull

    def merge(self, number: int, sha: str) -> None:
        """Mark pull request ``number`` merged as commit ``sha``."""
        with self.lock:
            pull = self.pulls[number]
            pull.update(
                state="closed",
                merged_at="2026-01-02T03:04:05Z",
                closed_at="2026-01-02T03:04:05Z",
                merge_commit_sha=sha,
                updated_at=self._tick(),
            )

    @property
    def comments(self) -> dict[int, list[str]]:
        """The bodies of the issue comments by pull request number, oldest first."""
        with self.lock:
            found: dict[int, list[str]] = {}
            for comment in sorted(self.issue_comments.values(), key=lambda c: c["id"]):
                found.setdefault(comment["_number"], []).append(comment["body"])
            return found

    def add_comment(self, number: int, body: str, *, login: str = "a-reviewer") -> dict[str, Any]:
        """Post a comment on pull request ``number`` directly; return it."""
        with self.lock:
            return self._new_comment(number, body, login)

    def labels_of(self, number: int) -> list[str]:
        """The label names of pull request ``number``."""
        with self.lock:
            return [label["name"] for label in self.pulls[number]["labels"]]

    def add_release(
        self,
        tag: str,
        *,
        sha: str = "0" * 40,
        name: str | None = None,
        body: str = "",
        draft: bool = False,
        prerelease: bool = False,
    ) -> dict[str, Any]:
        """Create a release directly; return it."""
        with self.lock:
            return self._new_release(
                {
                    "tag_name": tag,
                    "target_commitish": sha,
                    "name": tag if name is None else name,
                    "body": body,
                    "draft": draft,
                    "prerelease": prerelease,
                }
            )

    def calls(self, method: str | None = None, path_prefix: str = "") -> list[Request]:
        """Logged requests, optionally only ``method`` and paths under ``path_prefix``."""
        if path_prefix:
            path_prefix = self._absolute(path_prefix)
        with self.lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method.upper()) and r.path.startswith(path_prefix)
            ]

    def stop(self) -> None:
        """Stop serving: from now on connections are refused."""
        with self.lock:
            for fault in self.faults:
                if fault.stall is not None:
                    fault.stall.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- state ---------------------------------------------------------------------------------

    def _tick(self) -> str:
        stamp = _EPOCH + dt.timedelta(seconds=next(self._clock))
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _new_pull(
        self, *, title: str, head: str, base: str, body: str, draft: bool, number: int | None = None
    ) -> dict[str, Any]:
        number = number if number is not None else max(self.pulls, default=0) + 1
        stamp = self._tick()
        repository = {
            "name": self.repo, "full_name": f"{self.owner}/{self.repo}",
            "owner": {"login": self.owner, "type": "Organization"},
        }  # fmt: skip
        pull: dict[str, Any] = filled(
            "pull-request",
            {
                "id": next(self._ids),
                "number": number,
                "state": "open",
                "title": title,
                "body": body,
                "draft": draft,
                "user": {"login": "releasegate-bot", "type": "Bot"},
                "head": {
                    "ref": head, "label": f"{self.owner}:{head}", "sha": "1" * 40,
                    "repo": repository,
                },
                "base": {
                    "ref": base, "label": f"{self.owner}:{base}", "sha": "2" * 40,
                    "repo": repository,
                },
                "labels": [],
                "created_at": stamp,
                "updated_at": stamp,
                "closed_at": None,
                "merged_at": None,
                "merged": False,
                "merge_commit_sha": None,
                "html_url": f"https://github.com/{self.owner}/{self.repo}/pull/{number}",
                "url": f"{self.url}{self.prefix}/pulls/{number}",
            },
        )  # fmt: skip
        self.pulls[number] = pull
        return pull

    def _new_comment(self, number: int, body: str, login: str) -> dict[str, Any]:
        comment_id = next(self._ids)
        stamp = self._tick()
        comment = filled("issue-comment", {
            "id": comment_id,
            "node_id": f"IC_{comment_id}",
            "url": f"{self.url}{self.prefix}/issues/comments/{comment_id}",
            "html_url": (
                f"https://github.com/{self.owner}/{self.repo}/pull/{number}"
                f"#issuecomment-{comment_id}"
            ),
            "issue_url": f"{self.url}{self.prefix}/issues/{number}",
            "body": body,
            "user": {"login": login, "type": "Bot" if login.endswith("[bot]") else "User"},
            "created_at": stamp,
            "updated_at": stamp,
            "author_association": "NONE",
            "_number": number,
        })  # fmt: skip
        self.issue_comments[comment_id] = comment
        return comment

    def _repository_object(self) -> dict[str, Any]:
        return filled(
            "full-repository",
            {
                "id": 1296269,
                "name": self.repo,
                "full_name": f"{self.owner}/{self.repo}",
                "owner": {"login": self.owner, "type": "Organization"},
                "private": False,
                "default_branch": "main",
                "html_url": f"https://github.com/{self.owner}/{self.repo}",
                "url": f"{self.url}{self.prefix}",
                **self.repository,
            },
        )

    def _new_release(self, fields: dict[str, Any]) -> dict[str, Any]:
        release_id = next(self._ids)
        stamp = self._tick()
        tag = fields["tag_name"]
        release = filled(
            "release",
            {
                "id": release_id,
                "tag_name": tag,
                "target_commitish": fields.get("target_commitish") or "main",
                "name": fields.get("name") or tag,
                "body": fields.get("body") or "",
                "draft": bool(fields.get("draft")),
                "prerelease": bool(fields.get("prerelease")),
                "created_at": stamp,
                "published_at": None if fields.get("draft") else stamp,
                "author": {"login": "releasegate-bot", "type": "Bot"},
                "html_url": f"https://github.com/{self.owner}/{self.repo}/releases/tag/{tag}",
                "url": f"{self.url}{self.prefix}/releases/{release_id}",
            },
        )
        self.releases[release_id] = release
        return release


@contextlib.contextmanager
def running_github(
    owner: str = "octo",
    repo: str = "demo",
    *,
    token: str = TOKEN,
    page_size: int = 100,
    git_dir: Path | None = None,
    enterprise: bool = False,
    contract: bool = True,
) -> Iterator[FakeGitHub]:
    """Serve a FakeGitHub on a free 127.0.0.1 port until the block ends.

    At the end, any exchange that broke GitHub's API description fails the block (unless
    ``contract=False``, for tests that break it on purpose and read ``gh.violations``).
    """
    state = FakeGitHub(
        owner=owner, repo=repo, token=token, page_size=page_size, git_dir=git_dir,
        enterprise=enterprise,
    )  # fmt: skip

    class Handler(_Handler):
        github = state

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    root = f"http://127.0.0.1:{server.server_address[1]}"
    state.url = root + state.api_root
    state.graphql_url = root + state.graphql_path
    state._server = server
    thread = threading.Thread(target=server.serve_forever, args=(POLL_INTERVAL,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop()
        thread.join(timeout=10)
    if contract and state.violations:
        listed = "\n  ".join(state.violations)
        raise AssertionError(f"GitHub's API description was broken:\n  {listed}")


@contextlib.contextmanager
def github_in_env(
    monkeypatch: pytest.MonkeyPatch, *, token: str = TOKEN, **options: Any
) -> Iterator[FakeGitHub]:
    """:func:`running_github`, with the environment a workflow job gives releasegate.

    ``GITHUB_API_URL`` points at the stand-in, ``GITHUB_TOKEN`` is ``token`` and
    ``GITHUB_REPOSITORY`` its ``owner/repo``; ``options`` go to :func:`running_github`.
    """
    with running_github(token=token, **options) as server:
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        monkeypatch.setenv("GITHUB_TOKEN", token)
        monkeypatch.setenv("GITHUB_REPOSITORY", f"{server.owner}/{server.repo}")
        yield server


class _Handler(BaseHTTPRequestHandler):
    github: FakeGitHub
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def log_message(self, *_: object) -> None:
        pass

    # -- dispatch ----------------------------------------------------------------------------

    def _handle(self, method: str) -> None:
        gh = self.github
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if gh.api_root and path.startswith(gh.api_root + "/"):
            path = path[len(gh.api_root) :]
        elif gh.api_root and path != gh.graphql_path:
            self._send(404, {"message": "Not Found", "documentation_url": DOCS})
            return
        multi = parse_qs(parts.query, keep_blank_values=True)
        query = {k: v[-1] for k, v in multi.items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            self._send(400, {"message": "Problems parsing JSON"})
            return
        request = Request(
            method=method,
            path=path,
            query=query,
            body=body,
            authorization=self.headers.get("Authorization"),
            headers={k.lower(): v for k, v in self.headers.items()},
            raw=raw,
        )
        with gh.lock:
            gh.requests.append(request)
            fault = self._fault(method, path)
        graphql = path == gh.graphql_path
        if graphql and method == "POST":
            document = body.get("query") if isinstance(body, dict) else None
            variables = body.get("variables") if isinstance(body, dict) else None
            self._violations(graphql_violations(document, variables))
        elif not graphql:
            self._violations(rest_violations(method, path, multi, raw, status=None, answer=b""))
        if fault is not None and fault.stall is not None:
            fault.stall.wait(timeout=60)
            self.close_connection = True
            return
        if fault is not None:
            refusal = {"message": fault.message, "documentation_url": DOCS}
            self._send(fault.status, refusal, headers=fault.headers)
            return
        read_only = request.authorization == f"Bearer {gh.read_only_token}"
        if request.authorization != f"Bearer {gh.token}" and not read_only:
            self._send(401, {"message": "Bad credentials", "documentation_url": DOCS})
            return
        if graphql:
            self._graphql(method, body, read_only=read_only)
            return
        if read_only and method != "GET":
            message = "Resource not accessible by integration"
            self._send(403, {"message": message, "documentation_url": DOCS, "status": "403"})
            return
        if path == gh.prefix and method == "GET":
            with gh.lock:
                repository = gh._repository_object()
            self._answer((method, path, multi, raw), 200, repository)
            return
        prefix = gh.prefix + "/"
        if not path.startswith(prefix):
            # GitHub answers 404 for any repository the token cannot see, whatever the
            # operation documents (like the 401 above and injected faults: not checked)
            self._send(404, {"message": "Not Found", "documentation_url": DOCS})
            return
        route = path[len(prefix) :].split("/")
        with gh.lock:
            answer = self._route(method, route, query, body if isinstance(body, dict) else {})
        if answer is None:
            answer = (404, {"message": "Not Found", "documentation_url": DOCS})
        if gh.tamper is not None:
            answer = (answer[0], gh.tamper(method, path, answer[0], answer[1]), *answer[2:])
        self._answer((method, path, multi, raw), *answer)

    def _answer(
        self,
        request: tuple[str, str, dict[str, list[str]], bytes],
        status: int,
        body: Any,
        link: str = "",
    ) -> None:
        """Send a REST answer after checking the exchange against GitHub's description."""
        method, path, query, raw = request
        data = json.dumps(body).encode()
        # the request was checked on arrival; here the answer
        checked = rest_violations(method, path, query, raw, status=status, answer=data)
        self._violations([v for v in checked if v.startswith("answer")])
        self._send(status, body, link)

    def _violations(self, found: list[str]) -> None:
        if found:
            with self.github.lock:
                self.github.violations.extend(found)

    def _graphql(self, method: str, body: Any, *, read_only: bool) -> None:
        from tests._github_graphql_server import execute  # noqa: PLC0415 - graphql-core on use

        if method != "POST" or not isinstance(body, dict) or not isinstance(body.get("query"), str):
            self._send(400, {"message": "Problems parsing JSON", "documentation_url": DOCS})
            return
        if read_only and body["query"].lstrip().startswith("mutation"):
            refusal = {"type": "FORBIDDEN", "message": "Resource not accessible by integration"}
            self._send(200, {"data": None, "errors": [refusal]})
            return
        with self.github.lock:
            answer = execute(self.github, body["query"], body.get("variables"))
        if self.github.tamper is not None:
            answer = self.github.tamper(method, self.github.graphql_path, 200, answer)
        self._send(200, answer)

    def _fault(self, method: str, path: str) -> Fault | None:
        for fault in self.github.faults:
            if fault.method == method and path.startswith(fault.path_prefix) and fault.times > 0:
                fault.times -= 1
                return fault
        return None

    def _route(
        self, method: str, route: list[str], query: dict[str, str], body: dict[str, Any]
    ) -> tuple[Any, ...] | None:
        gh = self.github
        match method, route:
            case "GET", ["pulls"]:
                return self._list_pulls(query)
            case "POST", ["pulls"]:
                return self._create_pull(body)
            case "GET", ["pulls", number] if number.isdigit() and int(number) in gh.pulls:
                pull = dict(gh.pulls[int(number)])
                pull["merged"] = pull["merged_at"] is not None
                return 200, pull
            case "PATCH", ["pulls", number] if number.isdigit() and int(number) in gh.pulls:
                pull = gh.pulls[int(number)]
                for key in ("title", "body", "state"):
                    if key in body:
                        pull[key] = body[key]
                pull["updated_at"] = gh._tick()
                return 200, pull
            case "POST", ["issues", number, "labels"] if (
                number.isdigit() and int(number) in gh.pulls
            ):
                return self._add_labels(gh.pulls[int(number)], body)
            case "POST", ["issues", number, "comments"] if (
                number.isdigit() and int(number) in gh.pulls
            ):
                if not isinstance(body.get("body"), str):
                    return _invalid("IssueComment", "body", "missing_field")
                comment = gh._new_comment(int(number), body["body"], "github-actions[bot]")
                return 201, _public(comment)
            case "GET", ["issues", number, "comments"] if (
                number.isdigit() and int(number) in gh.pulls
            ):
                listed = [
                    _public(c)
                    for c in sorted(gh.issue_comments.values(), key=lambda c: c["id"])
                    if c["_number"] == int(number)
                ]
                return self._page(listed, query)
            case "PATCH", ["issues", "comments", comment_id] if (
                comment_id.isdigit() and int(comment_id) in gh.issue_comments
            ):
                if not isinstance(body.get("body"), str):
                    return _invalid("IssueComment", "body", "missing_field")
                comment = gh.issue_comments[int(comment_id)]
                comment.update(body=body["body"], updated_at=gh._tick())
                return 200, _public(comment)
            case "DELETE", ["issues", number, "labels", name] if (
                number.isdigit() and int(number) in gh.pulls
            ):
                pull = gh.pulls[int(number)]
                if name not in [label["name"] for label in pull["labels"]]:
                    return 404, {"message": "Label does not exist", "documentation_url": DOCS}
                pull["labels"] = [label for label in pull["labels"] if label["name"] != name]
                pull["updated_at"] = gh._tick()
                return 200, pull["labels"]
            case "GET", ["releases"]:
                ordered = sorted(gh.releases.values(), key=lambda r: r["id"], reverse=True)
                return self._page(ordered, query)
            case "POST", ["releases"]:
                return self._create_release(body)
            case "GET", ["releases", "tags", *tag]:
                wanted = "/".join(tag)
                for release in gh.releases.values():
                    if release["tag_name"] == wanted and not release["draft"]:
                        return 200, release
                return None
            case "GET", ["releases", release_id] if release_id.isdigit():
                found = gh.releases.get(int(release_id))
                return None if found is None else (200, found)
            case "GET", ["git", "ref", "heads", *branch] if branch:
                sha = gh.git.branch("/".join(branch))
                return None if sha is None else (200, _git_ref(gh, "/".join(branch), sha))
            case "POST", ["git", "refs"]:
                return self._create_ref(body)
            case "PATCH", ["git", "refs", "heads", *branch] if branch:
                return self._update_ref("/".join(branch), body)
            case "GET", ["git", "commits", sha]:
                commit = gh.git.commit(sha)
                return None if commit is None else (200, _git_commit(gh, commit))
            case "PATCH", ["releases", release_id] if (
                release_id.isdigit() and int(release_id) in gh.releases
            ):
                release = gh.releases[int(release_id)]
                for key in ("tag_name", "target_commitish", "name", "body", "draft", "prerelease"):
                    if key in body:
                        release[key] = body[key]
                if not release["draft"] and release["published_at"] is None:
                    release["published_at"] = gh._tick()
                return 200, release
        return None

    def _list_pulls(self, query: dict[str, str]) -> tuple[Any, ...]:
        gh = self.github
        state = query.get("state", "open")
        pulls = [p for p in gh.pulls.values() if state in ("all", p["state"])]
        if "head" in query:
            pulls = [p for p in pulls if p["head"]["label"] == query["head"]]
        if "base" in query:
            pulls = [p for p in pulls if p["base"]["ref"] == query["base"]]
        key = "updated_at" if query.get("sort") == "updated" else "created_at"
        descending = query.get("direction", "desc" if key == "updated_at" else "asc") == "desc"
        pulls.sort(key=lambda p: (p[key], p["number"]), reverse=descending)
        return self._page(pulls, query)

    def _create_pull(self, body: dict[str, Any]) -> tuple[Any, ...]:
        gh = self.github
        missing = [k for k in ("head", "base") if not body.get(k)]
        if missing or not body.get("title"):
            return _invalid("PullRequest", missing[0] if missing else "title", "missing_field")
        for pull in gh.pulls.values():
            if (
                pull["state"] == "open"
                and pull["head"]["ref"] == body["head"]
                and pull["base"]["ref"] == body["base"]
            ):
                return 422, {
                    "message": "Validation Failed",
                    "errors": [
                        {
                            "resource": "PullRequest",
                            "code": "custom",
                            "message": f"A pull request already exists for {gh.owner}:{body['head']}.",
                        }
                    ],
                    "documentation_url": DOCS,
                }
        pull = gh._new_pull(
            title=str(body["title"]),
            head=str(body["head"]),
            base=str(body["base"]),
            body=str(body.get("body") or ""),
            draft=bool(body.get("draft")),
        )
        return 201, pull

    def _create_ref(self, body: dict[str, Any]) -> tuple[Any, ...]:
        gh = self.github
        ref, sha = body.get("ref"), body.get("sha")
        if not isinstance(ref, str) or not ref.startswith("refs/") or ref.count("/") < 2:
            return 422, {
                "message": "Reference name must start with 'refs/' and have at least two slashes.",
                "documentation_url": DOCS,
            }
        if not isinstance(sha, str) or gh.git.commit(sha) is None:
            return 422, {"message": "Object does not exist", "documentation_url": DOCS}
        if gh.git.resolve(ref) is not None:
            return 422, {"message": "Reference already exists", "documentation_url": DOCS}
        branch = ref.removeprefix("refs/heads/")
        gh.git.set_branch(branch, sha)
        return 201, _git_ref(gh, branch, sha)

    def _update_ref(self, branch: str, body: dict[str, Any]) -> tuple[Any, ...]:
        gh = self.github
        sha = body.get("sha")
        old = gh.git.branch(branch)
        if old is None:
            return 422, {"message": "Reference does not exist", "documentation_url": DOCS}
        if not isinstance(sha, str) or gh.git.commit(sha) is None:
            return 422, {"message": "Object does not exist", "documentation_url": DOCS}
        if not body.get("force") and gh.git.git("merge-base", old, sha).strip() != old:
            return 422, {"message": "Update is not a fast forward", "documentation_url": DOCS}
        gh.git.set_branch(branch, sha)
        return 200, _git_ref(gh, branch, sha)

    def _add_labels(self, pull: dict[str, Any], body: dict[str, Any]) -> tuple[Any, ...]:
        names = body.get("labels")
        if not isinstance(names, list) or not names:
            return _invalid("Label", "labels", "missing_field")
        have = [label["name"] for label in pull["labels"]]
        for name in names:
            if name not in have:
                pull["labels"].append(_label(str(name)))
                have.append(name)
        pull["updated_at"] = self.github._tick()
        return 200, pull["labels"]

    def _create_release(self, body: dict[str, Any]) -> tuple[Any, ...]:
        gh = self.github
        tag = body.get("tag_name")
        if not tag:
            return _invalid("Release", "tag_name", "missing_field")
        if any(r["tag_name"] == tag for r in gh.releases.values()):
            return _invalid("Release", "tag_name", "already_exists")
        return 201, gh._new_release(body)

    def _page(self, items: list[Any], query: dict[str, str]) -> tuple[Any, ...]:
        gh = self.github
        per_page = min(int(query.get("per_page", 30)), gh.page_size, 100)
        page = max(int(query.get("page", 1)), 1)
        chunk = items[(page - 1) * per_page : page * per_page]
        last = max((len(items) + per_page - 1) // per_page, 1)
        links = []
        base = f"{gh.url.removesuffix(gh.api_root)}{urlsplit(self.path).path}"
        if page < last:
            for rel, number in (("next", page + 1), ("last", last)):
                params = {**query, "per_page": str(per_page), "page": str(number)}
                links.append(f'<{base}?{urlencode(params)}>; rel="{rel}"')
        return 200, chunk, ", ".join(links)

    # -- wire ----------------------------------------------------------------------------------

    def _send(
        self, status: int, body: Any, link: str = "", headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if link:
            self.send_header("Link", link)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _public(comment: dict[str, Any]) -> dict[str, Any]:
    """An issue comment as the API shows it (the server's own bookkeeping left out)."""
    return {k: v for k, v in comment.items() if not k.startswith("_")}


def _label(name: str) -> dict[str, Any]:
    return filled(
        "label",
        {
            "id": abs(hash(name)) % 10**9,
            "name": name,
            "color": "ededed",
            "default": False,
            "description": "",
        },
    )


def _git_ref(gh: FakeGitHub, branch: str, sha: str) -> dict[str, Any]:
    ref = f"refs/heads/{branch}"
    return filled(
        "git-ref",
        {
            "ref": ref,
            "url": f"{gh.url}{gh.prefix}/git/{ref}",
            "object": {
                "type": "commit",
                "sha": sha,
                "url": f"{gh.url}{gh.prefix}/git/commits/{sha}",
            },
        },
    )


def _git_commit(gh: FakeGitHub, commit: Any) -> dict[str, Any]:
    return filled(
        "git-commit",
        {
            "sha": commit.sha,
            "message": commit.message,
            "tree": {"sha": commit.tree, "url": f"{gh.url}{gh.prefix}/git/trees/{commit.tree}"},
            "parents": [
                {
                    "sha": parent,
                    "url": f"{gh.url}{gh.prefix}/git/commits/{parent}",
                    "html_url": f"https://github.com/{gh.owner}/{gh.repo}/commit/{parent}",
                }
                for parent in commit.parents
            ],
        },
    )


def _invalid(resource: str, field_name: str, code: str) -> tuple[Any, ...]:
    return 422, {
        "message": "Validation Failed",
        "errors": [{"resource": resource, "field": field_name, "code": code}],
        "documentation_url": DOCS,
    }
