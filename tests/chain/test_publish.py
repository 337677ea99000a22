"""``chain.publish``: the preflight and the upload, in-process, against a real pypiserver."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import TYPE_CHECKING

import pytest
from tests._index_server import Index, running_index
from tests._tiny_project import make_project

from releasegate import chain
from releasegate._redact import Secret
from releasegate.chain.publish import Credentials, preflight, render_plan
from releasegate.chain.sign import bundle_path
from releasegate.errors import PublishError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PASSWORD = "publish-canary-71c2"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """One pypiserver for the module."""
    with running_index(tmp_path_factory.mktemp("index"), password=PASSWORD) as running:
        yield running


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Upload as the index's user, retry fast, and not as GitHub Actions."""
    monkeypatch.setenv("TWINE_USERNAME", "uploader")
    monkeypatch.setenv("TWINE_PASSWORD", PASSWORD)
    monkeypatch.setenv("RELEASEGATE_RETRY_DELAY", "0")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def built(root: Path, name: str) -> Path:
    """Make and build a tiny project called ``name``."""
    project = make_project(root, name=name)
    chain.build(project, log=False)
    return project


def fake_bundle(dist: Path) -> None:
    """Write a bundle whose digest is the file's (what the preflight checks offline)."""
    digest = base64.b64encode(hashlib.sha256(dist.read_bytes()).digest()).decode()
    bundle_path(dist).write_text(
        json.dumps({"messageSignature": {"messageDigest": {"digest": digest}}}), encoding="utf-8"
    )


def test_publish_then_preflight_refuses(tmp_path: Path, index: Index) -> None:
    """A first publish uploads both files; the next preflight refuses the same version."""
    project = built(tmp_path, "tiny-first")
    result = chain.publish(project, repository_url=index.url, require_signatures=False, log=False)
    assert sorted(p.name for p in result.uploaded) == [
        "tiny_first-1.0.0-py3-none-any.whl",
        "tiny_first-1.0.0.tar.gz",
    ]
    with pytest.raises(PublishError) as info:
        preflight(project, repository_url=index.url, require_signatures=False)
    assert str(info.value) == (
        f"{index.simple_url}: tiny-first 1.0.0 is already on the index; bump the version, or "
        "re-run with --skip-existing to finish a partial upload"
    )
    plan = preflight(
        project, repository_url=index.url, require_signatures=False, skip_existing=True
    )
    assert plan.upload == ()
    assert len(plan.skip) == 2


def test_skip_existing_refuses_other_bytes(tmp_path: Path, index: Index) -> None:
    """A file the index holds with another sha256 stops the preflight even with skip_existing."""
    project = built(tmp_path / "a", "tiny-bytes")
    chain.publish(project, repository_url=index.url, require_signatures=False, log=False)
    other = make_project(
        tmp_path / "b", name="tiny-bytes", files={"extra.txt": "changes the sdist\n"}
    )
    chain.build(other, log=False)
    with pytest.raises(
        PublishError, match=r"tiny_bytes-1\.0\.0\.tar\.gz is on the index with a different sha256"
    ):
        preflight(other, repository_url=index.url, require_signatures=False, skip_existing=True)


def test_signed_files_pass_the_signature_preflight(tmp_path: Path, index: Index) -> None:
    """Files whose bundles match their bytes pass; no attestations are planned off PyPI."""
    project = built(tmp_path, "tiny-signed")
    for dist in (project / "dist").glob("tiny_signed-*"):
        if not dist.name.endswith(".json"):
            fake_bundle(dist)
    plan = preflight(project, repository_url=index.url)
    assert len(plan.upload) == 2
    assert plan.attestations is False


def test_missing_credentials(tmp_path: Path, index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside GitHub Actions, no password means a one-line error before any upload."""
    monkeypatch.delenv("TWINE_PASSWORD")
    project = built(tmp_path, "tiny-nocreds")
    with pytest.raises(PublishError) as info:
        preflight(project, repository_url=index.url, require_signatures=False)
    assert str(info.value).startswith(
        f"{index.url}: no credentials; set TWINE_USERNAME and TWINE_PASSWORD"
    )


def test_render_plan_redacts_credentials(tmp_path: Path) -> None:
    """The dry-run plan shows URLs without userinfo and every file's sha256."""
    project = built(tmp_path, "tiny-plan")
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
