"""The one reading of a git remote URL: host, owner and name, and whether it is GitHub."""

from __future__ import annotations

import pytest

from releasegate.forge.remote import Remote, github_remote, github_server_url, parse_remote

GHE = {"GITHUB_SERVER_URL": "https://ghe.example.com/"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # https, as GitHub shows it, with the forms people paste
        ("https://github.com/octo/widget.git", ("github.com", "octo", "widget")),
        ("https://github.com/octo/widget", ("github.com", "octo", "widget")),
        ("https://github.com/octo/widget/", ("github.com", "octo", "widget")),
        ("https://GitHub.com/Octo/Widget.git", ("github.com", "Octo", "Widget")),
        ("https://x-access-token:tok@github.com/octo/widget.git", ("github.com", "octo", "widget")),
        ("https://github.com/octo/wid.get.git", ("github.com", "octo", "wid.get")),
        ("http://127.0.0.1:8080/octo/demo.git", ("127.0.0.1", "octo", "demo")),
        # ssh, scp-like and URL forms, ports and users
        ("git@github.com:octo/widget.git", ("github.com", "octo", "widget")),
        ("git@github.com:/octo/widget.git", ("github.com", "octo", "widget")),
        ("github.com:octo/widget", ("github.com", "octo", "widget")),
        ("ssh://git@github.com/octo/widget.git", ("github.com", "octo", "widget")),
        ("ssh://git@ssh.github.com:443/octo/widget.git", ("ssh.github.com", "octo", "widget")),
        ("git+ssh://git@github.com/octo/widget.git", ("github.com", "octo", "widget")),
        ("git://github.com/octo/widget.git", ("github.com", "octo", "widget")),
        # other forges: a host, but not GitHub's
        ("git@gitlab.com:group/sub/widget.git", ("gitlab.com", "group/sub", "widget")),
        ("https://codeberg.org/octo/widget.git", ("codeberg.org", "octo", "widget")),
        ("git@ghe.example.com:octo/widget.git", ("ghe.example.com", "octo", "widget")),
        # local paths and file URLs: no host, so no owner to make up
        ("../origin-x.git", None),
        ("/tmp/work/origin-x.git", None),
        ("/home/me/src/octo/widget.git", None),
        ("./mirrors/octo/widget", None),
        ("file:///srv/git/octo/widget.git", None),
        ("C:/repos/octo/widget.git", None),
        ("C:\\repos\\octo\\widget.git", None),
        # a host without owner/name
        ("https://github.com/widget.git", None),
        ("git@github.com:widget.git", None),
        ("https://github.com/", None),
        ("", None),
    ],
)
def test_parse_remote(url: str, expected: tuple[str, str, str] | None) -> None:
    """Every URL form git takes gives host, owner and name; a local path gives none."""
    assert parse_remote(url) == (Remote(*expected) if expected else None)


@pytest.mark.parametrize(
    ("url", "environ", "slug"),
    [
        ("git@github.com:octo/widget.git", {}, "octo/widget"),
        ("ssh://git@ssh.github.com:443/octo/widget.git", {}, "octo/widget"),
        ("https://octocorp.ghe.com/octo/widget.git", {}, "octo/widget"),
        # GitHub Enterprise Server counts only where GitHub Actions names it
        ("git@ghe.example.com:octo/widget.git", {}, None),
        ("git@ghe.example.com:octo/widget.git", GHE, "octo/widget"),
        ("https://GHE.example.com/octo/widget", GHE, "octo/widget"),
        ("git@github.com:octo/widget.git", GHE, "octo/widget"),
        # not GitHub: another forge, a local path, a path GitHub never has
        ("git@gitlab.com:octo/widget.git", {}, None),
        ("/tmp/work/origin-x.git", {}, None),
        ("../origin-x.git", GHE, None),
        ("https://github.com/octo/widget/extra.git", {}, None),
    ],
)
def test_github_remote(url: str, environ: dict[str, str], slug: str | None) -> None:
    """Only github.com, *.ghe.com and $GITHUB_SERVER_URL's host are GitHub."""
    remote = github_remote(url, environ)
    assert (remote.slug if remote else None) == slug


@pytest.mark.parametrize(
    ("environ", "url"),
    [
        ({}, "https://github.com"),
        ({"GITHUB_SERVER_URL": ""}, "https://github.com"),
        (GHE, "https://ghe.example.com"),
    ],
)
def test_github_server_url(environ: dict[str, str], url: str) -> None:
    """Links go to $GITHUB_SERVER_URL (no trailing slash), else github.com."""
    assert github_server_url(environ) == url
