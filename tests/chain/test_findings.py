"""``chain._findings``: twine's README rules and check-wheel-contents, as data, on real files."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from typing import TYPE_CHECKING

import pytest

from releasegate.chain._findings import readme_findings, wheel_findings
from releasegate.errors import CheckError

if TYPE_CHECKING:
    from pathlib import Path

BROKEN_RST = "tiny\n====\n\nBroken ``literal that never ends.\n"


def make_wheel(
    root: Path, headers: str, body: str | None, files: dict[str, str] | None = None
) -> Path:
    """Write a wheel with the given METADATA headers, description body and library files."""
    path = root / "tiny-1.0.0-py3-none-any.whl"
    metadata = f"Metadata-Version: 2.1\nName: tiny\nVersion: 1.0.0\n{headers}"
    if body is not None:
        metadata += f"\n{body}"
    contents = {
        **(files or {"tiny/__init__.py": ""}),
        "tiny-1.0.0.dist-info/METADATA": metadata,
        "tiny-1.0.0.dist-info/WHEEL": "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [
        f"{name},sha256={_digest(text)},{len(text.encode())}" for name, text in contents.items()
    ]
    contents["tiny-1.0.0.dist-info/RECORD"] = "\n".join([*record, "tiny-1.0.0.dist-info/RECORD,,"])
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in contents.items():
            zf.writestr(name, text)
    return path


def _digest(text: str) -> str:
    """RECORD's digest: urlsafe base64 of the sha256, unpadded."""
    raw = hashlib.sha256(text.encode()).digest()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("headers", "body", "messages"),
    [
        # reStructuredText that renders
        ("Description-Content-Type: text/x-rst\n", "tiny\n====\n\nFine.\n", []),
        # Markdown and plain text cannot fail to render (twine renders neither)
        ("Description-Content-Type: text/markdown\n", "# tiny\n\n``unclosed\n", []),
        ("Description-Content-Type: text/plain\n", BROKEN_RST, []),
        # broken reStructuredText: where and what, as docutils says it
        (
            "Description-Content-Type: text/x-rst\n",
            BROKEN_RST,
            [
                (
                    "`long_description` has syntax errors in markup and would not be rendered on "
                    "PyPI (line 4: Warning: Inline literal start-string without end-string)"
                )
            ],
        ),
        # twine --strict's warnings fail too
        (
            "",
            "tiny\n====\n\nFine.\n",
            ["`long_description_content_type` missing (PyPI assumes text/x-rst)"],
        ),
        ("Description-Content-Type: text/markdown\n", None, ["`long_description` missing"]),
    ],
    ids=["rst", "markdown", "plain", "broken-rst", "no-type", "no-description"],
)
def test_readme_findings(
    tmp_path: Path, headers: str, body: str | None, messages: list[str]
) -> None:
    """The README passes or fails exactly as twine check --strict would judge it."""
    wheel = make_wheel(tmp_path, headers, body)
    found = readme_findings(wheel)
    assert len(found) == len(messages)
    for finding, message in zip(found, messages, strict=True):
        assert finding.path == wheel
        assert finding.message.startswith(message)
        assert "\n" not in finding.message


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        # not a zip at all
        (None, "File is not a zip file"),
        # metadata twine refuses: PyPI takes three README content types
        ("Description-Content-Type: text/x-unknown\n", "Invalid distribution metadata"),
    ],
    ids=["not-a-zip", "bad-content-type"],
)
def test_unreadable_metadata_is_one_line(tmp_path: Path, content: str | None, detail: str) -> None:
    """A file twine cannot read is a one-line CheckError naming it."""
    if content is None:
        wheel = tmp_path / "tiny-1.0.0-py3-none-any.whl"
        wheel.write_bytes(b"not a zip")
    else:
        wheel = make_wheel(tmp_path, content, "tiny\n")
    with pytest.raises(CheckError) as info:
        readme_findings(wheel)
    assert str(info.value).startswith(f"tiny-1.0.0-py3-none-any.whl: unreadable metadata ({detail}")
    assert str(info.value).endswith("; rebuild it")


@pytest.mark.parametrize(
    ("files", "config", "codes"),
    [
        # one package: clean
        ({"tiny/__init__.py": ""}, None, []),
        # compiled files shipped by mistake
        ({"tiny/__init__.py": "", "tiny/__init__.pyc": ""}, None, ["W001"]),
        # a waived check stays waived, from the project's pyproject.toml
        (
            {"tiny/__init__.py": "", "tiny/__init__.pyc": ""},
            '[tool.check-wheel-contents]\nignore = ["W001"]\n',
            [],
        ),
    ],
    ids=["clean", "pyc", "waived"],
)
def test_wheel_findings(
    tmp_path: Path, files: dict[str, str], config: str | None, codes: list[str]
) -> None:
    """check-wheel-contents' failed checks come back as findings, configured from the project."""
    project = tmp_path / "project"
    project.mkdir()
    if config is not None:
        (project / "pyproject.toml").write_text(config, encoding="utf-8")
    wheel = make_wheel(tmp_path, "", None, files)
    assert [f.message.split(":")[0] for f in wheel_findings(wheel, project)] == codes


def test_bad_wheel_config_is_one_line(tmp_path: Path) -> None:
    """An unknown check in [tool.check-wheel-contents] is a one-line CheckError."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.check-wheel-contents]\nignore = ["W999"]\n', encoding="utf-8"
    )
    wheel = make_wheel(tmp_path, "", None)
    with pytest.raises(CheckError) as info:
        wheel_findings(wheel, tmp_path)
    assert str(info.value) == (
        f"check-wheel-contents configuration: {tmp_path / 'pyproject.toml'}: 1 validation error "
        "for Configuration ignore Value error, Unknown/invalid check prefix: 'W999' "
        "[type=value_error, input_value=['W999'], input_type=list]; fix [tool.check-wheel-contents]"
    )
