"""Golden release PRs: releasegate must print what release-please 17.11.2 would open, byte for byte.

Each case in ``tests/data/golden/<name>/`` is a repository spec, the ``release-pr`` arguments and
the oracle's answer (regenerate with ``python -m tests.oracle.golden``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from tests.oracle.case import Case, iter_cases, releasegate_argv
from tests.oracle.compare import ID_MASK, diff_documents, mask_ids, spec_uuids
from tests.oracle.oracle import oracle_available, run_oracle, to_releasegate_shape
from tests.oracle.pull_requests import serving

if TYPE_CHECKING:
    from tests.builders import Cli, MakeRepo

CASES = list(iter_cases())


def _expected(case: Case) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(case.expected_path.read_text(encoding="utf-8"))
    return data


def _report(case: Case, problems: list[str]) -> str:
    head = f"{case.name}: {len(problems)} difference(s) from release-please (expected first)"
    return "\n\n".join([head, *problems])


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_release_pr_matches_release_please(
    case: Case,
    make_repo: MakeRepo,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`release-pr --dry-run --json` prints the oracle's pull requests and files.

    A case with merged pull requests runs with a token against the GitHub stand-in serving
    them, as release-please reads them online.
    """
    repo = make_repo(case.spec)
    argv = releasegate_argv(repo, case.args)
    args = case.args
    if args.pull_requests is None:
        run = cli(*argv)
    else:
        with serving(
            repo, args.pull_requests, github_repo=args.github_repo, branch=args.branch
        ) as online:
            for name, value in online.items():
                monkeypatch.setenv(name, value)
            run = cli(*argv)
    assert run.code == 0, f"releasegate exited {run.code}: {run.err.strip()}"
    actual = mask_ids(run.json(), keep=spec_uuids(case.spec))
    problems = diff_documents(_expected(case), actual)
    assert not problems, _report(case, problems)


@pytest.mark.oracle
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_expected_is_current(case: Case, make_repo: MakeRepo) -> None:
    """expected.json is what the oracle answers today (the harness compared with itself)."""
    reason = oracle_available()
    if reason is not None:
        pytest.skip(reason)
    repo = make_repo(case.spec)
    fresh = to_releasegate_shape(run_oracle(repo, **case.args.oracle_kwargs()))
    problems = diff_documents(_expected(case), mask_ids(fresh, keep=spec_uuids(case.spec)))
    assert not problems, _report(case, problems)


# --- the harness itself ------------------------------------------------------------------------


def _doc(body: str = "b\n", content: str = "x\n") -> dict[str, Any]:
    pr = {
        "title": "chore(main): release 1.0.0",
        "headBranchName": "release-please--branches--main",
        "baseBranchName": "main",
        "body": body,
        "labels": ["autorelease: pending"],
        "version": "1.0.0",
        "draft": False,
        "updates": [{"path": "CHANGELOG.md", "content": content}],
    }
    return {"pullRequests": [pr]}


def test_diff_documents_equal() -> None:
    """Equal documents have no differences."""
    assert diff_documents(_doc(), _doc()) == []


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        # PR fields
        (lambda d: d["pullRequests"][0].update(title="x"), "title: expected"),
        (lambda d: d["pullRequests"][0].update(body="c\n"), "-b\n+c"),
        (lambda d: d["pullRequests"][0].update(draft=0), "draft: expected False, got 0"),
        (lambda d: d["pullRequests"][0].pop("labels"), "keys missing ['labels']"),
        # files
        (
            lambda d: d["pullRequests"][0]["updates"].clear(),
            "files not in the PR: ['CHANGELOG.md']",
        ),
        (
            lambda d: d["pullRequests"][0]["updates"].append({"path": "a", "content": ""}),
            "files the PR should not touch: ['a']",
        ),
        (
            lambda d: d["pullRequests"][0]["updates"][0].update(content="y\n"),
            "CHANGELOG.md differs",
        ),
        # documents
        (lambda d: d["pullRequests"].clear(), "expected 1 pull request(s), got 0"),
        (lambda d: d.update(extra=1), "top-level keys"),
    ],
)
def test_diff_documents_reports(mutate: Any, needle: str) -> None:
    """Each kind of difference is reported with a readable message."""
    actual = _doc()
    mutate(actual)
    report = "\n".join(diff_documents(_doc(), actual))
    assert needle in report


def test_mask_ids_keeps_existing_ids() -> None:
    """New changelog.json ids are masked; ids already in the repository are kept."""
    old, new = "3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "00000000-0000-4000-8000-000000000001"
    doc = _doc(content=f'[{{"id": "{new}"}}, {{"id": "{old}"}}]')
    doc["pullRequests"][0]["updates"][0]["path"] = "changelog.json"
    masked = mask_ids(doc, keep={old})
    assert masked["pullRequests"][0]["updates"][0]["content"] == (
        f'[{{"id": "{ID_MASK}"}}, {{"id": "{old}"}}]'
    )
