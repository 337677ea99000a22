"""Tests for releasegate.engine.tag_name."""

from __future__ import annotations

import pytest

from releasegate.engine.tag_name import TagName
from releasegate.engine.version import Version


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        # rendering
        (TagName(Version(2, 0, 1)), "v2.0.1"),
        (TagName(Version(2, 0, 1), include_v=False), "2.0.1"),
        (TagName(Version(2, 0, 1), "widget"), "widget-v2.0.1"),
        (TagName(Version(2, 0, 1), "widget", "/"), "widget/v2.0.1"),
        (TagName(Version(2, 0, 1), "widget", "@", include_v=False), "widget@2.0.1"),
        (TagName(Version(2, 0, 1, "rc.1", "b7"), "widget"), "widget-v2.0.1-rc.1+b7"),
        # an empty component is left out, separator and all
        (TagName(Version(2, 0, 1), "", "/"), "v2.0.1"),
        (TagName(Version(2, 0, 1), None, "/", include_v=False), "2.0.1"),
    ],
)
def test_str(tag: TagName, expected: str) -> None:
    """A tag renders as [component separator][v]version."""
    assert str(tag) == expected


@pytest.mark.parametrize(
    ("text", "version", "component", "separator", "include_v"),
    [
        # no component: the separator defaults to '-'
        ("v4.5.6", "4.5.6", None, "-", True),
        ("4.5.6", "4.5.6", None, "-", False),
        ("v31.5.600", "31.5.600", None, "-", True),
        ("4.5.6-rc.2+b1", "4.5.6-rc.2+b1", None, "-", False),
        # a component with any non-alphanumeric separator
        ("widget-v4.5.6", "4.5.6", "widget", "-", True),
        ("my-widget-4.5.6", "4.5.6", "my-widget", "-", False),
        ("my-widget/v4.5.6", "4.5.6", "my-widget", "/", True),
        ("libs/widget@4.5.6", "4.5.6", "libs/widget", "@", False),
        ("widget_v4.5.6-beta", "4.5.6-beta", "widget", "_", True),
        ("widget v4.5.6", "4.5.6", "widget", " ", True),
        # an empty component before a separator is kept as ''
        ("-v4.5.6", "4.5.6", "", "-", True),
        ("/4.5.6", "4.5.6", "", "/", False),
        # the component is greedy: it takes all it can
        ("x.4.5.6", "4.5.6", "x", ".", False),
        ("1.14.5.6", "14.5.6", "1", ".", False),
        ("v1.4.5.6", "4.5.6", "v1", ".", False),
        ("widget-v1.2.3-rc.4.5.6", "4.5.6", "widget-v1.2.3-rc", ".", False),
        # only a lowercase v is a prefix; an uppercase V belongs to the component
        ("widget-V-4.5.6", "4.5.6", "widget-V", "-", False),
        ("widget/v4.5.6/v4.5.7", "4.5.7", "widget/v4.5.6", "/", True),
        # leading zeros are read as numbers
        ("v04.05.06", "4.5.6", None, "-", True),
    ],
)
def test_parse(
    text: str, version: str, component: str | None, separator: str, include_v: bool
) -> None:
    """Parsing follows release-please's tag pattern exactly."""
    expected = TagName(Version.parse(version), component, separator, include_v=include_v)
    assert TagName.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # no X.Y.Z at the end
        "",
        "v",
        "v1.2",
        "widget-v1.2",
        "latest",
        # the character before [v]X.Y.Z must be a separator, not a letter or digit
        "widgetv1.2.3",
        "widget-vv1.2.3",
        "widget-V1.2.3",
        "release1.2.3",
        # a line break can end neither the component nor the version (JavaScript's '.')
        "widget\r-v1.2.3",
        "v1.2.3\n",
        "v1.2.3\u2028",
    ],
)
def test_parse_no_match(text: str) -> None:
    """Text that release-please's tag pattern rejects parses to None."""
    assert TagName.parse(text) is None


@pytest.mark.parametrize(
    "text",
    ["v1.2.3", "1.2.3", "widget-v1.2.3-rc.1+b7", "a/b/c@0.0.1", "-v1.2.3", "x.1.2.3"],
)
def test_round_trip(text: str) -> None:
    """A parsed tag renders back to the same text, unless its component is empty."""
    tag = TagName.parse(text)
    assert tag is not None
    assert str(tag) == (text.lstrip("-") if tag.component == "" else text)
