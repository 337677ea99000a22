"""Release PR title, branch and body rendering (release-please's PullRequestTitle/Body)."""

from __future__ import annotations

import pytest

from releasegate.pull_request import (
    ReleaseData,
    branch_name,
    group_branch_name,
    render_body,
    render_title,
)
from releasegate.version import Version

V = Version(1, 2, 3)


@pytest.mark.parametrize(
    ("pattern", "component", "branch", "no_space", "expected"),
    [
        # the default pattern: scope only from the branch, component with a space
        (None, "", "main", None, "chore(main): release 1.2.3"),
        (None, "api", "main", None, "chore(main): release api 1.2.3"),
        # custom patterns replace each placeholder once
        ("chore: release ${version}", "", "main", None, "chore: release 1.2.3"),
        ("${version} ${version}", "", "main", None, "1.2.3 ${version}"),
        (
            "chore${scope}: ${component} ${component}",
            "x",
            "dev",
            None,
            "chore(dev):  x ${component}",
        ),
        ("release ${branch}", "", "main", None, "release main"),
        # component-no-space
        ("chore: release${component} ${version}", "api", "main", True, "chore: releaseapi 1.2.3"),
        ("chore: release ${component} ${version}", "", "main", True, "chore: release 1.2.3"),
    ],
)
def test_render_title(pattern, component, branch, no_space, expected):
    """Titles render placeholders exactly as release-please's PullRequestTitle does."""
    assert (
        render_title(
            pattern,
            component=component,
            target_branch=branch,
            version=V,
            component_no_space=no_space,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("main", None), "release-please--branches--main"),
        (("main", ""), "release-please--branches--main"),
        (("main", "api"), "release-please--branches--main--components--api"),
    ],
)
def test_branch_name(args, expected):
    """Head branches follow release-please's naming."""
    assert branch_name(*args) == expected


def test_group_branch_name_is_safe():
    """Group names lose characters git branch names must avoid."""
    assert group_branch_name("my group!!v2", "main") == (
        "release-please--branches--main--groups--my-group-v2"
    )


def test_body_single_release_has_no_details_block():
    """One release renders its notes between the delimiters, with the default header/footer."""
    body = render_body([ReleaseData("", V, "## 1.2.3\n\n* x")])
    assert body.startswith(":robot: I have created a release *beep* *boop*\n---\n\n\n## 1.2.3")
    assert body.endswith(
        "\n\n---\nThis PR was generated with [Release Please](https://github.com/googleapis/release-please). See [documentation](https://github.com/googleapis/release-please#release-please)."
    )
    assert "<details>" not in body


def test_body_components_use_details_blocks():
    """Several releases (or use_components) get one <details> block each."""
    body = render_body(
        [ReleaseData("a", V, "notes a"), ReleaseData(None, Version(2, 0, 0), "notes b")],
        header="H",
        footer="F",
    )
    assert body == (
        "H\n---\n\n\n<details><summary>a: 1.2.3</summary>\n\nnotes a\n</details>\n\n"
        "<details><summary>2.0.0</summary>\n\nnotes b\n</details>\n\n---\nF"
    )
