"""api-check: the public API at the last release against the branch, in the release PR."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from tests.builders import plan_main

from releasegate.engine import git
from releasegate.engine.api_check import MARKER, compare_api, find_modules
from releasegate.engine.pull_request import parse_body

if TYPE_CHECKING:
    from pathlib import Path

    from tests.builders import MakeRepo

API = '''\
"""widget."""

__version__ = "{version}"
TIMEOUT = 5


def parse(text, strict=False):
    return text


def render(value):
    return str(value)


def _helper():
    return None


class Reader:
    def read(self, size=-1):
        return b""
'''


def widget(
    *changes: dict[str, Any], version: str = "1.2.3", option: str | None = None, **config: Any
) -> dict[str, Any]:
    """A python package ``widget`` (src layout) released as ``v<version>``, then ``changes``."""
    table = "" if option is None else f'\n[tool.releasegate]\napi-check = "{option}"\n'
    return {
        "files": {
            "pyproject.toml": f'[project]\nname = "widget"\nversion = "{version}"\n{table}',
            "src/widget/__init__.py": API.format(version=version),
        },
        "config": {"packages": {".": {"release-type": "python", **config}}},
        "manifest": {".": version},
        "steps": [{"tag": f"v{version}"}, *changes],
    }


def edit(message: str, old: str, new: str, version: str = "1.2.3") -> dict[str, Any]:
    """A commit replacing ``old`` with ``new`` in the package's ``__init__.py``."""
    text = API.format(version=version)
    assert old in text
    return {"commit": message, "files": {"src/widget/__init__.py": text.replace(old, new)}}


REMOVE_PARSE = ("def parse(text, strict=False):\n    return text\n", "")


def changes_between(repo: Path) -> list[tuple[str, str, bool]]:
    """(object, change, uncertain) from the last tag to main, location left out."""
    tag = git.resolve_ref(repo, "v1.2.3")
    head = git.resolve_ref(repo, "main")
    assert tag is not None
    assert head is not None
    found = compare_api(repo, path=".", old=tag, new=head, old_label="v1.2.3")
    assert found.warnings == ()
    return [(c.object, c.change, c.uncertain) for c in found.changes]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # definite breaks
        (*REMOVE_PARSE, [("widget.parse", "removed", False)]),
        (
            "def render(value):",
            "def render(value, style):",
            [("widget.render", "new required parameter 'style'", False)],
        ),
        (
            "def parse(text, strict=False):",
            "def parse(text):",
            [("widget.parse", "parameter 'strict' removed", False)],
        ),
        (
            "    def read(self, size=-1):",
            "    def read(self, size):",
            [("widget.Reader.read", "parameter 'size' is now required", False)],
        ),
        # uncertain: a changed value may or may not break a caller
        ("TIMEOUT = 5", "TIMEOUT = 10", [("widget.TIMEOUT", "value changed from 5 to 10", True)]),
        # not the public API: private names, added objects, dunders
        ("def _helper():\n    return None\n", "", []),
        ("class Reader:", "def added():\n    return 1\n\n\nclass Reader:", []),
        ('__version__ = "1.2.3"', '__version__ = "1.2.4"', []),
    ],
    ids=[
        "removed", "required-added", "param-removed", "now-required", "value", "private",
        "added", "dunder",
    ],
)  # fmt: skip
def test_compare_api_finds_public_changes(
    make_repo: MakeRepo, old: str, new: str, expected: list[tuple[str, str, bool]]
):
    """Breaks are reported per public object; private and additive changes are not."""
    repo = make_repo(widget(edit("fix: tidy up", old, new)))
    assert changes_between(repo) == expected


def test_values_read_short_and_version_strings_are_no_change(make_repo: MakeRepo):
    """A long value shows where it differs; a version constant moving with releases is no news."""
    long_old = "{" + ", ".join(f"'k{i}': {i}" for i in range(30)) + "}"
    long_new = long_old.replace("'k20': 20", "'k20': 21")
    spec = widget(edit("fix: tidy up", "TIMEOUT = 5", f'VERSION = "1.2.4"\nTABLE = {long_new}'))
    spec["files"]["src/widget/__init__.py"] = API.format(version="1.2.3").replace(
        "TIMEOUT = 5", f'VERSION = "1.2.3"\nTABLE = {long_old}'
    )
    ((name, change, uncertain),) = changes_between(make_repo(spec))
    assert (name, uncertain) == ("widget.TABLE", True)
    assert change.startswith("value changed from …")
    assert "'k20': 20" in change
    assert "'k20': 21" in change
    assert len(change) < 160


def test_removed_object_is_located_where_it_was_at_the_release(make_repo: MakeRepo):
    """A removed function's location is its file and line at the release tag."""
    repo = make_repo(widget(edit("fix: tidy up", *REMOVE_PARSE)))
    tag, head = git.resolve_ref(repo, "v1.2.3"), git.resolve_ref(repo, "main")
    assert tag is not None
    assert head is not None
    (change,) = compare_api(repo, path=".", old=tag, new=head, old_label="v1.2.3").changes
    assert change.location == "src/widget/__init__.py:7 in v1.2.3"


def test_the_work_tree_is_never_read(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch):
    """Run from the checkout, with the package edited there: only the commits are compared."""
    repo = make_repo(widget(edit("fix: tidy up", *REMOVE_PARSE)))
    (repo / "src" / "widget" / "__init__.py").write_text("", encoding="utf-8")
    (repo / "widget").mkdir()  # a directory named like the module, where griffe might look
    (repo / "widget" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.chdir(repo)
    assert changes_between(repo) == [("widget.parse", "removed", False)]


def test_all_decides_what_is_public(make_repo: MakeRepo):
    """With ``__all__``, a function left out of it is private: removing it is no break."""
    spec = widget(edit("fix: tidy up", *REMOVE_PARSE))
    source = API.format(version="1.2.3").replace('"""widget."""', '"""w."""\n__all__ = ["render"]')
    spec["files"]["src/widget/__init__.py"] = source
    spec["steps"][1]["files"]["src/widget/__init__.py"] = source.replace(REMOVE_PARSE[0], "")
    assert changes_between(make_repo(spec)) == []


@pytest.mark.parametrize(
    ("files", "names", "expected"),
    [
        ({"src/widget/__init__.py": ""}, ["widget"], [("src/", "widget")]),
        ({"my_lib/__init__.py": ""}, ["my-lib"], [("", "my_lib")]),
        ({"single.py": ""}, ["single"], [("", "single")]),
        ({"src/a/__init__.py": "", "src/b/__init__.py": "", "src/c.txt": ""}, ["dist-name"],
         [("src/", "a"), ("src/", "b")]),
        ({"tests/__init__.py": "", "docs/conf.py": ""}, ["nothing"], []),
    ],
    ids=["src", "flat-normalised", "module-file", "src-fallback", "none"],
)  # fmt: skip
def test_find_modules(
    make_repo: MakeRepo, files: dict[str, str], names: list[str], expected: list[tuple[str, str]]
):
    """The distribution's module, found by its normalised name under src/ or the root."""
    repo = make_repo({"files": files, "steps": []})
    tree = git.Tree(repo, "HEAD")
    try:
        assert find_modules(tree, ".", names) == expected
    finally:
        tree.close()


# -- the release PR --------------------------------------------------------------------------


def only_pr(repo: Path) -> tuple[str | None, str]:
    """The version and body of the plan's single release PR."""
    (pr,) = plan_main(repo).pull_requests
    return pr.version, pr.body


def test_report_lists_the_break_and_keeps_the_patch(make_repo: MakeRepo):
    """``fix:`` removing a public function: a patch, with the break listed above the notes."""
    repo = make_repo(widget(edit("fix: tidy up", *REMOVE_PARSE), option="report"))
    version, body = only_pr(repo)
    assert version == "1.2.4"
    header, _, _ = body.partition("\n---\n")
    assert MARKER in header
    assert "public API of `widget` at v1.2.3 with this release: 1.2.4 is lower than" in header
    assert "1.2.4 is lower than these changes need (2.0.0)" in header
    assert "* `widget.parse`: removed (src/widget/__init__.py:7 in v1.2.3)" in header
    parsed = parse_body(body)
    assert parsed is not None
    (release,) = parsed.releases
    assert str(release.version) == "1.2.4"
    assert "widget.parse" not in release.notes  # github-release's notes stay the changelog's


@pytest.mark.parametrize(
    ("version", "config", "expected"),
    [
        ("1.2.3", {}, "2.0.0"),
        ("0.4.0", {"bump-minor-pre-major": True}, "0.5.0"),
        ("0.4.0", {}, "1.0.0"),
    ],
    ids=["major", "minor-pre-major", "pre-major-without-option"],
)
def test_bump_raises_the_version_and_the_notes_say_why(
    make_repo: MakeRepo, version: str, config: dict[str, str] | dict[str, bool], expected: str
):
    """With "bump" the breaks raise the version by the package's own versioning rules."""
    old, new = REMOVE_PARSE
    spec = widget(edit("fix: tidy up", old, new, version), version=version, option="bump",
                  **config)  # fmt: skip
    plan = plan_main(make_repo(spec))
    (pr,) = plan.pull_requests
    assert pr.version == expected
    assert MARKER not in pr.body
    assert "### ⚠ BREAKING CHANGES\n\n* **api:** `widget.parse`: removed (" in pr.body
    (package,) = plan.packages
    assert package.commits == 1  # the synthetic commit is not counted as one of git's
    assert package.reason.endswith("api-check found 1 public API break(s)")
    assert package.api_check is not None
    assert package.api_check.raised


def test_private_removal_changes_nothing(make_repo: MakeRepo):
    """A private function removed under "bump" leaves the release exactly as without the check."""
    change = edit("fix: tidy up", "def _helper():\n    return None\n", "")
    checked = only_pr(make_repo(widget(change, option="bump"), "checked"))
    plain = only_pr(make_repo(widget(change), "plain"))
    # the two repositories differ in pyproject.toml, so in their commits' shas
    assert checked[0] == plain[0]
    assert re.sub("[0-9a-f]{7,40}", "SHA", checked[1]) == re.sub("[0-9a-f]{7,40}", "SHA", plain[1])


def test_uncertain_changes_are_listed_apart_and_never_raise(make_repo: MakeRepo):
    """A changed attribute value is listed as possibly breaking; "bump" keeps the patch."""
    repo = make_repo(widget(edit("fix: tune", "TIMEOUT = 5", "TIMEOUT = 10"), option="bump"))
    version, body = only_pr(repo)
    assert version == "1.2.4"
    header = body.partition("\n---\n")[0]
    assert "Possibly breaking (changed values; they never raise the version):" in header
    assert "* `widget.TIMEOUT`: value changed from 5 to 10 (src/widget/__init__.py:4)" in header
    assert "is lower than" not in header


def test_declared_break_needs_no_section(make_repo: MakeRepo):
    """A ``fix!:`` commit already makes the major release the break needs: nothing to add."""
    repo = make_repo(widget(edit("fix!: drop parse", *REMOVE_PARSE), option="report"))
    version, body = only_pr(repo)
    assert version == "2.0.0"
    assert MARKER not in body


def test_report_warns_when_no_commit_releases_the_break(make_repo: MakeRepo):
    """A break under a hidden type makes no release PR; the plan warns in one line instead."""
    repo = make_repo(widget(edit("chore: tidy up", *REMOVE_PARSE), option="report"))
    plan = plan_main(repo)
    assert plan.pull_requests == ()
    (warning,) = plan.warnings
    assert warning.startswith("api-check: packages['.']: the public API changed incompatibly")


def test_option_off_is_release_pleases_output(make_repo: MakeRepo):
    """Without the option nothing is compared: the plan is the plain one, and has no api-check."""
    plan = plan_main(make_repo(widget(edit("fix: tidy up", *REMOVE_PARSE))))
    (package,) = plan.packages
    assert package.api_check is None
    assert plan.pull_requests[0].version == "1.2.4"
    assert MARKER not in plan.pull_requests[0].body


@pytest.mark.parametrize(
    ("at_release", "at_head"),
    [
        ({"src/widget/__init__.py": "from . import (\n"}, {}),
        ({"src/widget/extra.py": "def ok():\n    return 1\n"},
         {"src/widget/extra.py": "def broken(:\n"}),
    ],
    ids=["package-at-release", "submodule-at-head"],
)  # fmt: skip
def test_a_package_griffe_cannot_load_is_one_warning_never_a_stop(
    make_repo: MakeRepo, at_release: dict[str, str], at_head: dict[str, str]
):
    """Unparsable code: the release is planned as without the check, plus one warning line.

    A submodule griffe skips must not read as removed: its package is not compared at all.
    """
    spec = widget(edit("fix: tidy up", *REMOVE_PARSE), option="bump")
    spec["files"].update(at_release)
    spec["steps"][1]["files"].update(at_head)
    plan = plan_main(make_repo(spec))
    assert plan.pull_requests[0].version == "1.2.4"
    (warning,) = plan.warnings
    assert warning.startswith("api-check: packages['.']: module 'widget' at ")
    assert "griffe cannot load" in warning
    assert "\n" not in warning
