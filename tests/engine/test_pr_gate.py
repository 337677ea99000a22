"""The pull-request gate's rules: which texts land, and the verdict on each."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from releasegate.engine.commits import Commit
from releasegate.engine.pr_gate import (
    FORMAT,
    MergeMethods,
    check_text,
    merge_methods_from,
    read_event,
    texts_landing,
)
from releasegate.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

TYPES = ("feat", "fix", "perf", "docs", "chore")
NOT_CONVENTIONAL = (
    f"not a conventional commit; write '{FORMAT}' with a type of feat, fix, perf, docs, chore"
)
UNKNOWN = "type 'wip' is not one of the project's commit types"


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        # conventional, of a known type
        ("feat(api): add x", None),
        ("fix!: drop y", None),
        ("chore: tidy\n\nBREAKING CHANGE: z", None),
        ("docs: say more\n\nRelease-As: 2.0.0", None),
        # not conventional at all
        ("fix: y\n\nSigned-off-by: A Dev <a@example.com>\nRefs: #12", None),
        ("update stuff", NOT_CONVENTIONAL),
        ("WIP", NOT_CONVENTIONAL),
        ('Revert "feat: x"', NOT_CONVENTIONAL),
        ("update stuff\n\nRelease-As: 2.0.0", NOT_CONVENTIONAL),
        # parses, but the type is not the project's: it would never show in the changelog
        ("wip: half done", f"{UNKNOWN}; use one of feat, fix, perf, docs, chore"),
        ("Feat: add x", "type 'Feat' is not one of the project's commit types; write it in lower case, 'feat'"),
    ],
)  # fmt: skip
def test_check_text(message: str, problem: str | None):
    """A text is judged by the engine's parser and the project's types; the fix is named."""
    check = check_text("title", None, message, TYPES)
    assert check.problem == problem
    assert check.text == message.split("\n", maxsplit=1)[0]


def test_labels_name_the_text():
    """A problem line names the title, or the commit by short sha and subject."""
    assert check_text("title", None, "x", TYPES).label == "PR title 'x'"
    assert check_text("commit", "0123456789", "WIP\n\nbody", TYPES).label == "commit 0123456 'WIP'"


SQUASH = MergeMethods(("squash",), "test")
MERGE = MergeMethods(("merge",), "test")
EVERY = MergeMethods(("squash", "merge", "rebase"), "test")
ONE = [Commit("a" * 40, "WIP")]
TWO = [Commit("b" * 40, "fix: b"), Commit("a" * 40, "WIP")]  # newest first, as git log


@pytest.mark.parametrize(
    ("methods", "commits", "expected"),
    [
        (SQUASH, TWO, [("title", None, "feat: t")]),
        (MERGE, TWO, [("commit", "a" * 40, "WIP"), ("commit", "b" * 40, "fix: b")]),
        (EVERY, TWO, [("title", None, "feat: t"), ("commit", "a" * 40, "WIP"),
                      ("commit", "b" * 40, "fix: b")]),
        # one commit: GitHub proposes its message for the squash commit (COMMIT_OR_PR_TITLE)
        (SQUASH, ONE, [("title", None, "feat: t"), ("commit", "a" * 40, "WIP")]),
        (MergeMethods(("squash",), "test", "PR_TITLE"), ONE, [("title", None, "feat: t")]),
    ],
    ids=["squash", "merge", "every", "squash-one-commit", "squash-pr-title"],
)  # fmt: skip
def test_texts_landing(
    methods: MergeMethods, commits: list[Commit], expected: list[tuple[str, str | None, str]]
):
    """Squash lands the title (or the one commit), merge and rebase land every commit."""
    assert texts_landing("feat: t", commits, methods) == expected


@pytest.mark.parametrize(
    ("repository", "expected"),
    [
        ({"allow_squash_merge": True, "allow_merge_commit": False, "allow_rebase_merge": False},
         (("squash",), None)),
        ({"allow_squash_merge": True, "allow_merge_commit": True, "allow_rebase_merge": True,
          "squash_merge_commit_title": "PR_TITLE"}, (("squash", "merge", "rebase"), "PR_TITLE")),
        ({"allow_squash_merge": False, "allow_merge_commit": False, "allow_rebase_merge": True,
          "use_squash_pr_title_as_default": True}, (("rebase",), "PR_TITLE")),
        # a token that may not see the settings gets an object without them: unknown
        ({"full_name": "o/r"}, None),
    ],
    ids=["squash-only", "all", "rebase-old-setting", "hidden"],
)  # fmt: skip
def test_merge_methods_from(
    repository: dict[str, bool] | dict[str, bool | str] | dict[str, str],
    expected: tuple[tuple[str, ...], None] | tuple[tuple[str, ...], str] | None,
):
    """The repository's allow_* flags say which merges may land the PR."""
    found = merge_methods_from(repository, "event")
    assert (None if found is None else (found.methods, found.squash_title)) == expected


def test_read_event(tmp_path: Path):
    """A pull_request payload gives number, title, base, head and the base repository."""
    payload = {
        "action": "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "title": "feat: x",
            "base": {"ref": "main", "sha": "1" * 40, "repo": {"allow_squash_merge": True}},
            "head": {"ref": "topic", "label": "fork:topic", "sha": "2" * 40},
        },
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    event = read_event(path)
    assert event is not None
    assert (event.number, event.title, event.base_ref, event.head_sha, event.head_label) == (
        7, "feat: x", "main", "2" * 40, "fork:topic"
    )  # fmt: skip
    assert event.repository == {"allow_squash_merge": True}


def test_read_event_ignores_other_events_and_rejects_garbage(tmp_path: Path):
    """A push event is no pull request; a payload that is not JSON is one usage error."""
    push = tmp_path / "push.json"
    push.write_text('{"ref": "refs/heads/main"}', encoding="utf-8")
    assert read_event(push) is None
    assert read_event(tmp_path / "missing.json") is None
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{", encoding="utf-8")
    with pytest.raises(UsageError, match="GITHUB_EVENT_PATH"):
        read_event(garbage)
