"""Where GitHub's APIs are: REST and GraphQL, for github.com and GitHub Enterprise Server.

GitHub Actions sets ``GITHUB_API_URL`` and ``GITHUB_GRAPHQL_URL`` on every runner, github.com's
and a GitHub Enterprise Server's (``https://HOST/api/v3``, ``https://HOST/api/graphql``) alike;
elsewhere GraphQL's is derived from the API URL. The web address (``GITHUB_SERVER_URL``) is
:func:`releasegate.forge.remote.github_server_url`'s.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "API_URL_ENV",
    "DEFAULT_API_URL",
    "GRAPHQL_URL_ENV",
    "api_url_from_env",
    "graphql_url_for",
]

DEFAULT_API_URL = "https://api.github.com"
API_URL_ENV = "GITHUB_API_URL"
GRAPHQL_URL_ENV = "GITHUB_GRAPHQL_URL"
_GHES_API_SUFFIX = "/api/v3"


def api_url_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``GITHUB_API_URL`` (GitHub Enterprise: ``https://HOST/api/v3``), else api.github.com."""
    env = os.environ if environ is None else environ
    return env.get(API_URL_ENV, "").strip() or DEFAULT_API_URL


def graphql_url_for(api_url: str, environ: Mapping[str, str] | None = None) -> str:
    """The GraphQL endpoint that goes with ``api_url``; ``GITHUB_GRAPHQL_URL`` wins when set.

    >>> graphql_url_for("https://api.github.com", {})
    'https://api.github.com/graphql'
    >>> graphql_url_for("https://ghe.example.com/api/v3/", {})
    'https://ghe.example.com/api/graphql'
    """
    env = os.environ if environ is None else environ
    explicit = env.get(GRAPHQL_URL_ENV, "").strip()
    if explicit:
        return explicit
    base = api_url.rstrip("/")
    if base.endswith(_GHES_API_SUFFIX):
        return base[: -len(_GHES_API_SUFFIX)] + "/api/graphql"
    return base + "/graphql"
