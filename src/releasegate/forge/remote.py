"""The one reading of a git remote URL: host, owner and name, and whether it is GitHub.

Every form git accepts is read: ``https://host/owner/name.git`` (with or without userinfo, a
port or the ``.git``), ``ssh://git@host[:port]/owner/name.git``, scp-like
``git@host:owner/name.git`` and ``git://host/owner/name``. A local path (``../origin.git``,
``/srv/git/x.git``, ``C:/repos/x``) or a ``file://`` URL is no host at all, so never GitHub:
taking its parent folder for an owner would make links to someone else's repository.

GitHub is ``github.com`` (with ``ssh.github.com``, its ssh-over-443 host), a GitHub Enterprise
Cloud host under ``.ghe.com``, and the server GitHub Actions names in ``GITHUB_SERVER_URL``
(GitHub Enterprise Server, e.g. ``https://ghe.example.com``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "DEFAULT_SERVER_URL",
    "SERVER_URL_ENV",
    "Remote",
    "github_remote",
    "github_server_url",
    "is_github_host",
    "parse_remote",
]

DEFAULT_SERVER_URL = "https://github.com"
SERVER_URL_ENV = "GITHUB_SERVER_URL"
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com", "ssh.github.com"})
_NETWORK_SCHEMES = frozenset({"https", "http", "ssh", "git", "git+ssh", "ssh+git"})
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# git's scp-like syntax: [user@]host:path, with no slash before the colon (else it is a path)
_SCP = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>.*)$")


@dataclass(frozen=True, slots=True)
class Remote:
    """Where a remote URL points: its host, owner and repository name.

    ``host`` is lower case, without user or port; ``owner`` is every path part but the last
    (GitLab subgroups keep their slashes); ``name`` is the last part, without ``.git``.
    """

    host: str
    owner: str
    name: str

    @property
    def slug(self) -> str:
        """``owner/name``."""
        return f"{self.owner}/{self.name}"


def parse_remote(url: str) -> Remote | None:
    """Read host, owner and name from a remote URL; None for a local path or a bare host.

    >>> parse_remote("git@github.com:octo-org/widget.git")
    Remote(host='github.com', owner='octo-org', name='widget')
    >>> parse_remote("../origin-x.git") is None
    True
    """
    text = url.strip()
    if _URL.match(text):
        parts = urlsplit(text)
        if parts.scheme.lower() not in _NETWORK_SCHEMES or not parts.hostname:
            return None  # file:// and helpers' own schemes name no host we can link to
        host, path = parts.hostname, parts.path
    elif (match := _SCP.match(text)) and len(match["host"]) > 1:  # "C:" is a Windows drive
        host, path = match["host"], match["path"]
    else:
        return None
    path = path.strip("/").removesuffix(".git")
    owner, _, name = path.rpartition("/")
    if not owner or not name or not host:
        return None
    return Remote(host.lower(), owner, name)


def github_server_url(environ: Mapping[str, str] | None = None) -> str:
    """The GitHub web server: ``GITHUB_SERVER_URL`` (GitHub Enterprise), else github.com."""
    env = os.environ if environ is None else environ
    return env.get(SERVER_URL_ENV, "").strip().rstrip("/") or DEFAULT_SERVER_URL


def is_github_host(host: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``host`` (as :class:`Remote` has it) is GitHub's (see the module docstring)."""
    host = host.lower()
    server = (urlsplit(github_server_url(environ)).hostname or "").lower()
    return host in _GITHUB_HOSTS or host.endswith(".ghe.com") or host == server


def github_remote(url: str, environ: Mapping[str, str] | None = None) -> Remote | None:
    """The GitHub repository ``url`` points at, or None when it is not GitHub's.

    A GitHub repository is exactly ``owner/name``; a longer path is no repository.

    >>> github_remote("https://github.com/octo-org/widget")
    Remote(host='github.com', owner='octo-org', name='widget')
    >>> github_remote("git@gitlab.com:group/widget.git") is None
    True
    """
    remote = parse_remote(url)
    if remote is None or "/" in remote.owner or not is_github_host(remote.host, environ):
        return None
    return remote
