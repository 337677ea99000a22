"""``chain.release``: the chain stops at the first failing step and says which."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.builders import BROKEN_README_RST

from releasegate import chain
from releasegate.errors import BuildError, CheckError, UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from tests._index_server import Index
    from tests.builders import TinyProject


@pytest.fixture(autouse=True)
def _laptop(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CI identity, no outer timestamp."""
    for name in ("GITHUB_ACTIONS", "SIGSTORE_IDENTITY_TOKEN", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)


def test_stops_at_build(tmp_path: Path) -> None:
    """Without a project the chain stops at build, in one line."""
    with pytest.raises(BuildError) as info:
        chain.release(tmp_path, dry_run=True)
    assert str(info.value).startswith("release stopped at build: ")


def test_stops_at_check(tiny_project: TinyProject) -> None:
    """A broken README stops the chain at check before anything is signed or planned."""
    project = tiny_project(readme=("README.rst", BROKEN_README_RST))
    with pytest.raises(CheckError) as info:
        chain.release(project, dry_run=True)
    assert str(info.value).startswith(
        "release stopped at check: dist/tiny_pkg-1.0.0-py3-none-any.whl: `long_description` has "
        "syntax errors in markup"
    )


def test_dry_run_plans_without_signing(
    tiny_project: TinyProject, local_index: Index, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dry run with no identity skips signing with a note, asks the index, prints the plan."""
    project = tiny_project(name="tiny-dry-plan")
    result = chain.release(project, dry_run=True, repository_url=local_index.url)
    assert result.signed is False
    assert result.published is None
    captured = capsys.readouterr()
    assert "note: dry run skips signing (no Sigstore identity here)" in captured.err
    assert captured.out.startswith(
        f"would upload 2 file(s) of tiny-dry-plan 1.0.0 to {local_index.url} (simple index "
        f"{local_index.simple_url})"
    )
    assert not list((project / "dist").glob("*.sigstore.json"))


def test_dry_run_never_signs_even_with_an_identity(
    tiny_project: TinyProject, capsys: pytest.CaptureFixture[str]
) -> None:
    """With an identity at hand a dry run still signs nothing: it says who it would sign as."""
    from tests.chain.test_sign import github_claims, jwt  # noqa: PLC0415 - shared token builder

    project = tiny_project()
    token = jwt(github_claims(email="dev@example.org", email_verified=True))
    result = chain.release(project, dry_run=True, identity_token=token, query_index=False)
    assert result.signed is False
    err = capsys.readouterr().err
    assert "note: dry run skips signing (would sign as " in err
    assert not list((project / "dist").glob("*.sigstore.json"))
    assert not list((project / "dist").glob("*.publish.attestation"))


def test_dry_run_without_credentials_says_what_the_real_run_needs(
    tiny_project: TinyProject,
    local_index: Index,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No credentials do not stop a dry run (reads need none); a note names what uploads need."""
    monkeypatch.delenv("TWINE_USERNAME", raising=False)
    monkeypatch.delenv("TWINE_PASSWORD", raising=False)
    project = tiny_project(name="tiny-dry-nocreds")
    chain.release(project, dry_run=True, sign=False, repository_url=local_index.url)
    assert (
        "note: the real run needs credentials: set TWINE_USERNAME and TWINE_PASSWORD (an API "
        "token with TWINE_USERNAME=__token__), or publish from GitHub Actions with trusted "
        "publishing"
    ) in capsys.readouterr().err.splitlines()


def test_no_index_is_only_for_a_dry_run(tiny_project: TinyProject) -> None:
    """Skipping the index read on a real run is a usage error, raised before any build."""
    project = tiny_project()
    with pytest.raises(UsageError, match=r"^--no-index: only with --dry-run; "):
        chain.release(project, sign=False, query_index=False)
    assert not (project / "dist").exists()
