"""The contract checks themselves: a request or an answer that breaks GitHub's description fails.

The stand-in checks every exchange of every test against ``tests/data/github/`` (GitHub's
OpenAPI description and GraphQL schema, trimmed); these tests break one on purpose and read
the violations it recorded.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from tests._github_contract import DATA, graphql_violations, rest_violations
from tests._github_server import running_github

from releasegate._redact import Secret
from releasegate.engine.repository import Repository
from releasegate.forge._github_graphql import DOCUMENTS
from releasegate.forge.github import GitHub


def _client(url: str, token: str) -> GitHub:
    return GitHub(Repository("octo", "demo"), Secret(token), api_url=url)


def test_every_document_fits_the_schema() -> None:
    """Each GraphQL document the client sends is valid against GitHub's schema."""
    for name, document in DOCUMENTS.items():
        found = graphql_violations(document, None)  # no variables: only those are missing
        assert found, name
        assert all(v.startswith("GraphQL variables:") for v in found), (name, found)


def test_source_names_the_published_versions() -> None:
    """The trimmed copy says which package versions it came from and how to regenerate it."""
    source = json.loads((DATA / "SOURCE.json").read_text(encoding="utf-8"))
    assert source["openapi"]["package"] == "@octokit/openapi"
    assert source["graphql"]["package"] == "@octokit/graphql-schema"
    assert source["regenerate"] == "uv run python -m tests.data.github.regenerate"
    spec = json.loads((DATA / "api.github.com.json").read_text(encoding="utf-8"))
    assert spec["info"]["version"] == source["openapi"]["version"]


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "needle"),
    [
        ("POST", "/repos/o/r/pulls", {}, {"title": "t", "head": 3, "base": "main"},
         "3 is not of type 'string'"),
        ("POST", "/repos/o/r/pulls", {}, {"title": "t", "head": "h"}, "'base' is a required"),
        ("GET", "/repos/o/r/pulls", {"state": ["opened"]}, None, "state"),
        ("PATCH", "/repos/o/r/git/refs/heads/x", {}, {"force": True}, "'sha' is a required"),
        ("GET", "/repos/o/r/pull", {}, None, "not an operation of GitHub's REST API"),
        ("PUT", "/repos/o/r/pulls", {}, None, "not an operation of GitHub's REST API"),
    ],
    ids=["wrong-type", "missing-field", "bad-enum", "ref-without-sha", "unknown-path", "method"],
)  # fmt: skip
def test_request_violations(
    method: str, path: str, query: dict[str, list[str]], body: Any, needle: str
) -> None:
    """A request GitHub would not accept is reported, naming what is wrong."""
    raw = json.dumps(body).encode() if body is not None else b""
    found = rest_violations(method, path, query, raw, status=None, answer=b"")
    assert any(needle in v for v in found), found


def test_a_broken_request_fails_the_test_that_sent_it() -> None:
    """A client request with a field of the wrong type is caught by the stand-in."""
    bad = {"title": 1, "head": "h", "base": "main"}
    with running_github(contract=False) as gh, _client(gh.url, gh.token) as client:
        client._call("POST", "pulls", "test", "pull-requests: write", json=bad)
    assert any("request POST /repos/{owner}/{repo}/pulls" in v for v in gh.violations)
    with pytest.raises(AssertionError, match="GitHub's API description was broken"):  # noqa: SIM117
        with running_github() as strict, _client(strict.url, strict.token) as client:
            client._call("POST", "pulls", "test", "pull-requests: write", json=bad)


def test_a_broken_answer_fails_the_test_that_got_it() -> None:
    """An answer GitHub would not give (a pull request without its number) is caught."""
    with running_github(contract=False) as gh, _client(gh.url, gh.token) as client:
        gh.tamper = lambda _m, _p, _s, body: {k: v for k, v in body.items() if k != "number"}
        raw = client._http.request(
            "POST", f"{gh.url}{gh.prefix}/pulls", operation="test",
            json={"title": "t", "head": "h", "base": "main"},
        )  # fmt: skip
    assert raw.status_code == 201
    assert any(
        v.startswith("answer 201 to POST /repos/{owner}/{repo}/pulls") and "number" in v
        for v in gh.violations
    ), gh.violations


def test_graphql_violations() -> None:
    """A field GitHub's schema lacks, or a variable of the wrong type, is reported."""
    document = DOCUMENTS["releasegateCommitPullRequests"]
    assert graphql_violations(document.replace("mergeCommit {", "mergedCommit {"), {}) != []
    bad = {"owner": "o", "repo": "r", "oid": "a" * 40, "num": "ten", "cursor": None}
    assert any("num" in v for v in graphql_violations(document, bad))
    good = {"owner": "o", "repo": "r", "oid": "a" * 40, "num": 10, "cursor": None}
    assert graphql_violations(document, good) == []


def test_a_broken_graphql_request_is_caught_by_the_stand_in() -> None:
    """The stand-in checks GraphQL requests too: an unknown field is a violation."""
    with running_github(contract=False) as gh:
        answer = httpx.post(
            gh.graphql_url,
            json={"query": "query { viewer { login } }"},
            headers={"Authorization": f"Bearer {gh.token}"},
        )
    assert answer.status_code == 200
    assert "errors" in answer.json()
    assert any("viewer" in v for v in gh.violations)
