"""Release PR title, branch and body rendering (release-please's PullRequestTitle/Body)."""

from __future__ import annotations

import pytest

from releasegate.engine.pull_request import (
    DEFAULT_FOOTER,
    DEFAULT_HEADER,
    BranchName,
    ReleaseData,
    branch_name,
    group_branch_name,
    parse_body,
    parse_branch_name,
    parse_title,
    render_body,
    render_title,
)
from releasegate.engine.version import Version

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
def test_render_title(
    pattern: str | None, component: str, branch: str, no_space: bool | None, expected: str
):
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
def test_branch_name(args: tuple[str, None] | tuple[str, ...], expected: str):
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


# -- reading back: expected values observed with release-please 17.11.2 (node-html-parser 6.1) --

STRAY_TAG_BODY = (
    f"{DEFAULT_HEADER}\n---\n\n\n<details><summary>pkg-a: 1.2.0</summary>\n\n"
    "## [1.2.0](https://github.com/o/r/compare/pkg-a-v1.1.0...pkg-a-v1.2.0) (2024-01-01)\n\n\n"
    "### Features\n\n* a &lt;b&gt; `<c>` ([abc1234](https://x))\n</details>\n\n"
    "<details><summary>2.0.0</summary>\n\n## 2.0.0 (2024-01-01)\n\n* y &amp; z\n</details>\n\n"
    f"---\n{DEFAULT_FOOTER}"
)


@pytest.mark.parametrize(
    ("body", "releases", "use_components"),
    [
        # a stray tag inside backticks stays open and swallows the next block, entities decoded
        (
            STRAY_TAG_BODY,
            [
                (
                    "pkg-a",
                    "1.2.0",
                    (
                        "## [1.2.0](https://github.com/o/r/compare/pkg-a-v1.1.0...pkg-a-v1.2.0) "
                        "(2024-01-01)\n\n\n### Features\n\n* a <b> `` ([abc1234](https://x))\n\n\n"
                        "2.0.0\n\n## 2.0.0 (2024-01-01)\n\n* y & z"
                    ),
                ),
                (None, "2.0.0", "## 2.0.0 (2024-01-01)\n\n* y & z"),
            ],
            True,
        ),
        # one release without <details>: the version comes from the first heading
        (
            (
                "h\n---\n\n\n## [1.0.0](https://github.com/o/r/compare/v0.1.0...v1.0.0) (2024-01-01)"
                "\n\n\n### Bug Fixes\n\n* x\n\n---\nfooter"
            ),
            [
                (
                    None,
                    "1.0.0",
                    (
                        "## [1.0.0](https://github.com/o/r/compare/v0.1.0...v1.0.0) (2024-01-01)"
                        "\n\n\n### Bug Fixes\n\n* x"
                    ),
                )
            ],
            False,
        ),
        # a single delimiter: the content stops before the last line
        (
            "header\n---\n\n## 0.1.0 (2024-01-01)\n\n* first\n",
            [(None, "0.1.0", "## 0.1.0 (2024-01-01)")],
            False,
        ),
        # CRLF, comments dropped, a nested block kept whole (summary too) in its parent
        (
            (
                "h\r\n---\r\n<details><summary>@scope/pkg: 1.0.0-rc.1</summary>\r\n\r\n<!-- c -->notes "
                "<b>bold</b> <details><summary>x: 9.9.9</summary>inner</details> tail\r\n</details>\r\n---\r\nf"
            ),
            [
                ("@scope/pkg", "1.0.0-rc.1", "notes bold x: 9.9.9inner tail"),
                ("x", "9.9.9", "inner"),
            ],
            True,
        ),
        # summaries that are no release are skipped (release-please crashes on a missing one)
        (
            "h\n---\n<details><summary>bad</summary>x</details>\n<details>no</details>\n---\nf",
            [],
            False,
        ),
    ],
    ids=["stray-tag", "single", "one-delimiter", "crlf-nested", "no-release"],
)
def test_parse_body(body: str, releases: list[tuple[str | None, str, str]], use_components: bool):
    """A merged PR body reads back into release-please's versions and notes."""
    parsed = parse_body(body)
    assert parsed is not None
    got = [(r.component, str(r.version), r.notes) for r in parsed.releases]
    assert (got, parsed.use_components) == (releases, use_components)


def test_parse_body_defaults_and_no_delimiter():
    """Without a --- line there is no body; an empty header or footer reads as the default."""
    assert parse_body("no delimiter here") is None
    parsed = parse_body("---\n## 1.0.0\n---\n")
    assert parsed is not None
    assert (parsed.header, parsed.footer) == (DEFAULT_HEADER, DEFAULT_FOOTER)


@pytest.mark.parametrize(
    "releases",
    [
        [ReleaseData(None, Version(1, 0, 0), "## [1.0.0](https://x) (2024-01-01)\n\n* a")],
        [
            ReleaseData("a", Version(0, 2, 0), "## [0.2.0](https://x) (2024-01-01)\n\n* `x` &"),
            ReleaseData(None, Version(3, 0, 0, "beta.1"), "## 3.0.0-beta.1 (2024-01-01)"),
        ],
    ],
    ids=["single", "components"],
)
def test_parse_body_inverts_render_body(releases: list[ReleaseData]):
    """parse_body gives back what render_body rendered (notes without markup)."""
    parsed = parse_body(render_body(releases, header="head", footer="foot"))
    assert parsed is not None
    assert (parsed.header, parsed.footer) == ("head", "foot")
    assert [(r.component, r.version, r.notes) for r in parsed.releases] == [
        (r.component if len(releases) > 1 else None, r.version, r.notes) for r in releases
    ]


@pytest.mark.parametrize(
    ("title", "pattern", "no_space", "expected"),
    [
        ("chore(main): release 1.2.3", None, None, ("1.2.3", None, "main")),
        ("chore(main): release my-lib 1.2.3", None, None, ("1.2.3", "my-lib", "main")),
        ("chore: release main", "chore: release ${branch}", None, (None, None, "main")),
        ("chore(main): release v1.2.3-rc.1", None, None, ("1.2.3-rc.1", None, "main")),
        ("chore(main): release@scope/x 2.0.0", None, True, ("2.0.0", "@scope/x", "main")),
        ("release: 1.0.0 [main]", "release: ${version} [${branch}]", None, ("1.0.0", None, "main")),
        ("chore(release/1.x): release pkg 1.0.0", None, None, ("1.0.0", "pkg", "release/1.x")),
        # no match; release-please throws on a version it cannot read
        ("feat: x", None, None, None),
        ("chore(main): release", None, None, None),
        ("chore(main): release 1.2", None, None, None),
    ],
)
def test_parse_title(
    title: str,
    pattern: str | None,
    no_space: bool | None,
    expected: tuple[str, None, str] | tuple[str, ...] | tuple[None, None, str] | None,
):
    """Titles read back with their pattern as release-please's PullRequestTitle.parse."""
    parsed = parse_title(title, pattern, component_no_space=no_space)
    got = (
        None
        if parsed is None
        else (
            str(parsed.version) if parsed.version else None,
            parsed.component,
            parsed.target_branch,
        )
    )
    assert got == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("release-please--branches--main", BranchName("default", "main", None)),
        (
            "release-please--branches--main--components--my-lib",
            BranchName("component", "main", "my-lib"),
        ),
        ("release-please--branches--main--groups--g-1", BranchName("group", "main", "g-1")),
        ("release-please/branches/main", BranchName("v12-default", "main", None)),
        (
            "release-please/branches/main/components/x",
            BranchName("v12-component", "main", "x"),
        ),
        ("release-lib-v1.2.3", BranchName("autorelease", None, "lib", Version(1, 2, 3))),
        ("release-v1.2.3", BranchName("autorelease", None, None, Version(1, 2, 3))),
        ("feature/x", None),
    ],
)
def test_parse_branch_name(name: str, expected: BranchName | None):
    """Head branches read back as release-please's BranchName.parse."""
    assert parse_branch_name(name) == expected
