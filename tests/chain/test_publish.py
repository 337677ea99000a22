"""``chain.publish``: the preflight and the upload, in-process, against a real pypiserver."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import TYPE_CHECKING

import pytest

from releasegate import chain
from releasegate._redact import Secret
from releasegate.chain.publish import Credentials, preflight, render_plan
from releasegate.chain.sign import bundle_path
from releasegate.errors import PublishError

if TYPE_CHECKING:
    from pathlib import Path

    from tests._index_server import Index
    from tests.builders import TinyProject


@pytest.fixture(autouse=True)
def _env(local_index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    """Upload as the session index's user, retry fast, and not as GitHub Actions."""
    monkeypatch.setenv("TWINE_USERNAME", local_index.username)
    monkeypatch.setenv("TWINE_PASSWORD", local_index.password)
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def built(project: Path) -> Path:
    """Build ``project``; return it."""
    chain.build(project, log=False)
    return project


def fake_bundle(dist: Path) -> None:
    """Write a bundle whose digest is the file's (what the preflight checks offline)."""
    digest = base64.b64encode(hashlib.sha256(dist.read_bytes()).digest()).decode()
    bundle_path(dist).write_text(
        json.dumps({"messageSignature": {"messageDigest": {"digest": digest}}}), encoding="utf-8"
    )


def test_publish_then_preflight_refuses(tiny_project: TinyProject, local_index: Index) -> None:
    """A first publish uploads both files; the next preflight refuses the same version."""
    project = built(tiny_project(name="tiny-first"))
    result = chain.publish(
        project, repository_url=local_index.url, require_signatures=False, log=False
    )
    assert sorted(p.name for p in result.uploaded) == [
        "tiny_first-1.0.0-py3-none-any.whl",
        "tiny_first-1.0.0.tar.gz",
    ]
    with pytest.raises(PublishError) as info:
        preflight(project, repository_url=local_index.url, require_signatures=False)
    assert str(info.value) == (
        f"{local_index.simple_url}: tiny-first 1.0.0 is already on the index; bump the version, or "
        "re-run with --skip-existing to finish a partial upload"
    )
    plan = preflight(
        project, repository_url=local_index.url, require_signatures=False, skip_existing=True
    )
    assert plan.upload == ()
    assert len(plan.skip) == 2


def test_skip_existing_refuses_other_bytes(tiny_project: TinyProject, local_index: Index) -> None:
    """A file the index holds with another sha256 stops the preflight even with skip_existing."""
    project = built(tiny_project("a", name="tiny-bytes"))
    chain.publish(project, repository_url=local_index.url, require_signatures=False, log=False)
    other = tiny_project("b", name="tiny-bytes", files={"extra.txt": "changes the sdist\n"})
    chain.build(other, log=False)
    with pytest.raises(
        PublishError, match=r"tiny_bytes-1\.0\.0\.tar\.gz is on the index with a different sha256"
    ):
        preflight(
            other, repository_url=local_index.url, require_signatures=False, skip_existing=True
        )


def test_signed_files_pass_the_signature_preflight(
    tiny_project: TinyProject, local_index: Index
) -> None:
    """Files whose bundles match their bytes pass; no attestations are planned off PyPI."""
    project = built(tiny_project(name="tiny-signed"))
    for dist in (project / "dist").glob("tiny_signed-*"):
        if not dist.name.endswith(".json"):
            fake_bundle(dist)
    plan = preflight(project, repository_url=local_index.url)
    assert len(plan.upload) == 2
    assert plan.attestations is False


def test_missing_credentials(
    tiny_project: TinyProject, local_index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside GitHub Actions, no password means a one-line error before any upload."""
    monkeypatch.delenv("TWINE_PASSWORD")
    project = built(tiny_project(name="tiny-nocreds"))
    with pytest.raises(PublishError) as info:
        preflight(project, repository_url=local_index.url, require_signatures=False)
    assert str(info.value).startswith(
        f"{local_index.url}: no credentials; set TWINE_USERNAME and TWINE_PASSWORD"
    )


def test_render_plan_redacts_credentials(tiny_project: TinyProject) -> None:
    """The dry-run plan shows URLs without userinfo and every file's sha256."""
    project = built(tiny_project(name="tiny-plan"))
    url = "https://user:hunter22@example.org/legacy/"
    plan = preflight(
        project,
        repository_url=url,
        require_signatures=False,
        query_index=False,
        credentials=Credentials("user", Secret("hunter22")),
    )
    text = render_plan(plan, project)
    assert "hunter22" not in text
    assert text.splitlines()[0] == (
        "would upload 2 file(s) of tiny-plan 1.0.0 to https://***@example.org/legacy/ "
        "(simple index https://***@example.org/simple/)"
    )
    assert all(f.sha256 in text for f in plan.upload)
