"""``releasegate build|check|sign|publish|release``: the release chain on the command line.

Each subcommand mirrors the invoke task of the same name and calls one function in
``releasegate.chain``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate._redact import Secret

if TYPE_CHECKING:
    import argparse
    from types import ModuleType

    from releasegate.commands import Subparsers

__all__ = ["register"]

_HELP = {
    "build": "build a reproducible sdist and wheel into a clean dist/",
    "check": "run twine check --strict, check-wheel-contents and version checks on dist/",
    "sign": "Sigstore-sign dist/ (bundles, PEP 740 attestations) and verify every bundle",
    "publish": "preflight, then upload dist/ with twine",
    "release": "build, check, sign and publish, stopping at the first failure",
}


def register(subparsers: Subparsers) -> None:
    """Add the ``build``, ``check``, ``sign``, ``publish`` and ``release`` subcommands."""
    for name, helptext in _HELP.items():
        parser = subparsers.add_parser(name, help=helptext, description=helptext)
        parser.add_argument("-C", dest="project", type=Path, default=Path(), metavar="PATH")
        if name in {"sign", "release"}:
            _signing_options(parser)
        if name in {"publish", "release"}:
            _publish_options(parser)
        if name == "release":
            parser.add_argument(
                "--dry-run", action="store_true", help="run local steps; upload nothing"
            )
        parser.set_defaults(handler=_HANDLERS[name])


def _signing_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--identity-token",
        default=None,
        help="OIDC identity token (default: $SIGSTORE_IDENTITY_TOKEN, then the CI's own)",
    )
    parser.add_argument("--staging", action="store_true", help="use Sigstore's staging instance")
    parser.add_argument(
        "--interactive", action="store_true", help="sign in through sigstore's browser flow"
    )


def _publish_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repository-url", default=None, help="upload URL (default: PyPI)")
    parser.add_argument("--simple-url", default=None, help="the index's simple-API URL")
    parser.add_argument(
        "--skip-existing", action="store_true", help="skip files already on the index"
    )
    parser.add_argument("--no-sign", action="store_true", help="upload without Sigstore bundles")


def _chain() -> ModuleType:
    """The release chain, imported on use: other commands need not pay its start-up cost."""
    return importlib.import_module("releasegate.chain")


def _upload_url(args: argparse.Namespace) -> str:
    url: str = args.repository_url or _chain().PYPI_UPLOAD_URL
    return url


def _token(args: argparse.Namespace) -> Secret | None:
    raw = args.identity_token
    return Secret(raw) if raw else None


def _build(args: argparse.Namespace) -> int:
    _chain().build(args.project)
    return 0


def _check(args: argparse.Namespace) -> int:
    _chain().check(args.project)
    return 0


def _sign(args: argparse.Namespace) -> int:
    _chain().sign(
        args.project,
        identity_token=_token(args),
        staging=args.staging,
        interactive=args.interactive,
    )
    return 0


def _publish(args: argparse.Namespace) -> int:
    _chain().publish(
        args.project,
        repository_url=_upload_url(args),
        simple_url=args.simple_url,
        skip_existing=args.skip_existing,
        require_signatures=not args.no_sign,
    )
    return 0


def _release(args: argparse.Namespace) -> int:
    _chain().release(
        args.project,
        dry_run=args.dry_run,
        sign=not args.no_sign,
        repository_url=_upload_url(args),
        simple_url=args.simple_url,
        skip_existing=args.skip_existing,
        identity_token=_token(args),
        staging=args.staging,
        interactive=args.interactive,
    )
    return 0


_HANDLERS = {
    "build": _build,
    "check": _check,
    "sign": _sign,
    "publish": _publish,
    "release": _release,
}
