"""Random repositories and configurations for differential testing, reproducible from a seed.

:func:`random_case` returns ``(spec, args)``: a :mod:`tests.oracle.repo` spec dict and a
:class:`tests.oracle.case.CaseArgs`. It draws 1-3 python or simple packages (the root among them
or not), conventional and non-conventional messages (breaking changes, footers, nested commits,
``Release-As``, reverts, scopes, issue references, odd punctuation), tags that match the manifest
(and some that do not) and a random subset of the options releasegate supports.

Breaking changes come in the shapes real projects write: ``!`` headers and ``BREAKING CHANGE:``
/ ``BREAKING-CHANGE:`` footers whose text holds issue references such as ``(#60)``, links, code
spans, continuation lines, second paragraphs and markdown lists, next to other footers. Python
packages get every file the python strategy writes, some of them only sometimes: an existing
``CHANGELOG.md``, the repository's ``changelog.json``, ``version.py``, ``__init__.py``,
``setup.py`` and ``setup.cfg``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tests.oracle.case import CaseArgs

if TYPE_CHECKING:
    import random

__all__ = ["random_case", "random_message", "with_random_pull_requests"]

TYPES = [
    "feat", "feat", "feat", "fix", "fix", "fix", "fix", "perf", "docs", "chore", "chore",
    "refactor", "test", "ci", "build", "revert", "style", "deps", "security", "feature",
    "Fix", "Feat", "FEAT",
]  # fmt: skip
SCOPES = ["api", "core", "deps", "*", "cli", "a-b", "ui/x"]
WORDS = [
    "add", "remove", "parser", "widget", "support", "Python 3.13", "`config`", "<b>tags</b>",
    "@octocat", "(#12)", "#34", "naïve café", "a: b", "_under_", "*star*", "trailing!!",
    "https://example.com/x?y=1", "[link](x)", "ünïcode ✓", "closes #7", "v1.2.3", "\\escape",
    "   spaced", "\ttab", "semi;colon", "it's", '"quoted"',
]  # fmt: skip
NON_CONVENTIONAL = [
    "Update README.md", "WIP", "Merge pull request #12 from octo/feature-x", "Merge branch 'dev'",
    'Revert "feat: add the thing"', "Initial import", "fixed stuff", "feat add missing colon",
    "feat:no space", "fix : spaced colon", ": empty type", "feat(): empty scope", "...",
    "chore(deps): bump foo from 1.0 to 2.0",
]  # fmt: skip
# Texts of breaking-change notes, as real projects write them.
BREAKING_TEXTS = [
    "bad input now raises (#60)", "drop `old_api()` (#61)", "(#60)", "see (#60) and (#61)",
    "migrate with [the guide](https://example.com/guide#v2) (#62)",
    "see https://example.com/migrate?from=1#top", "`Config.load` returns <Config> now",
    "renamed `a` to `b`, closes #7", "removed the (#12 flag", "fixes (#1) in `x (#2)`",
    "@octocat's API is gone (#63)", "Python 3.9 is no longer supported",
]  # fmt: skip
# Shapes of the rest of a breaking-change footer after its first line.
BREAKING_TAILS = [
    "", "", "", "\n  continued on an indented line (#64)", "\n\nA second paragraph (#65).",
    "\n#### Removed\n- `a` (#66)\n- b", "\n* one\n* two", "\nnot indented (#67)",
]  # fmt: skip
OTHER_FOOTERS = [
    "Refs: #99", "Closes #5", "Fixes #6, #7", "Refs #1", "Reviewed-by: Ann", "Refs: #60",
    "Closes: https://example.com/issues/8", "Signed-off-by: Bob <bob@example.com>", "Fixes: #60",
]  # fmt: skip
SECTIONS = [
    [{"type": "feat", "section": "Features"}, {"type": "fix", "section": "Bug Fixes"}],
    [
        {"type": "feat", "section": "New"}, {"type": "fix", "section": "Fixed"},
        {"type": "perf", "section": "Fixed"}, {"type": "docs", "section": "Docs"},
        {"type": "chore", "section": "Chores", "hidden": True},
        {"type": "security", "section": "Security"},
    ],
]  # fmt: skip
PACKAGE_DIRS = ["packages/alpha", "packages/beta", "libs/gamma-py"]


def _words(rng: random.Random, low: int = 1, high: int = 5) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _subject(rng: random.Random, scopes: list[str]) -> str:
    kind = rng.choice(TYPES)
    scope = f"({rng.choice(scopes)})" if rng.random() < 0.35 else ""
    bang = "!" if rng.random() < 0.15 else ""
    text = rng.choice(BREAKING_TEXTS) if bang and rng.random() < 0.4 else _words(rng)
    suffix = f" (#{rng.randint(1, 200)})" if rng.random() < 0.2 else ""  # a squash merge's PR
    return f"{kind}{scope}{bang}: {text}{suffix}"


def _breaking_footer(rng: random.Random) -> str:
    """A ``BREAKING CHANGE`` footer (or body paragraph) as real projects write them."""
    token = rng.choice(["BREAKING CHANGE", "BREAKING CHANGE", "BREAKING-CHANGE"])
    separator = rng.choice([": ", ": ", ":", ":  "])
    text = rng.choice(BREAKING_TEXTS) if rng.random() < 0.7 else _words(rng)
    return f"{token}{separator}{text}{rng.choice(BREAKING_TAILS)}"


def random_message(rng: random.Random, scopes: list[str]) -> str:
    """Return one random commit message (conventional or not, with body and footers)."""
    if rng.random() < 0.12:
        return rng.choice(NON_CONVENTIONAL)
    parts = [_subject(rng, scopes)]
    if rng.random() < 0.3:
        parts.append(_words(rng, 3, 10))
    if rng.random() < 0.12:
        parts.append(_subject(rng, scopes))  # a second conventional message in the body
    if rng.random() < 0.06:
        inner = "\n".join(_subject(rng, scopes) for _ in range(rng.randint(1, 2)))
        parts.append(f"BEGIN_NESTED_COMMIT\n{inner}\nEND_NESTED_COMMIT")
    if rng.random() < 0.04:  # a breaking-change paragraph in the middle of the body
        parts.append(f"{_breaking_footer(rng)}\n\n{_words(rng, 2, 6)}")
    footers = []
    if rng.random() < 0.05:
        footers.extend(rng.sample(OTHER_FOOTERS, rng.randint(1, 3)))
    if rng.random() < 0.15:
        footers.append(_breaking_footer(rng))
    if rng.random() < 0.12:
        footers.extend(rng.sample(OTHER_FOOTERS, rng.randint(1, 2)))
    if rng.random() < 0.03:
        footers.append(f"Release-As: {rng.randint(1, 4)}.{rng.randint(0, 3)}.0")
    if rng.random() < 0.005:
        footers.append("Release-As: 2.0")  # release-please then fails the whole run
    if rng.random() < 0.05:
        footers.append("Co-authored-by: Ann <ann@example.com>")
    if footers:
        parts.append("\n".join(footers))
    return "\n\n".join(parts)


def _version(rng: random.Random, prerelease: bool) -> str:
    base = f"{rng.choice([0, 0, 1, 2])}.{rng.randint(0, 9)}.{rng.randint(0, 12)}"
    if prerelease:
        return f"{base}-{rng.choice(['beta', 'beta.1', 'rc.2', 'alpha'])}"
    return base


def _package(rng: random.Random, path: str) -> tuple[dict[str, Any], str]:
    """Return one package's config and its tag component ('' when tags carry none)."""
    cfg: dict[str, Any] = {"release-type": "python" if rng.random() < 0.8 else "simple"}
    component = ""
    if rng.random() < (0.75 if path != "." else 0.25):
        component = path.rsplit("/", 1)[-1] if path != "." else "root"
        cfg["component"] = component
    options: list[tuple[str, Any]] = [
        ("bump-minor-pre-major", True),
        ("bump-patch-for-minor-pre-major", True),
        (
            "versioning",
            rng.choice(
                [
                    "default",
                    "always-bump-patch",
                    "always-bump-minor",
                    "always-bump-major",
                    "service-pack",
                ]
            ),
        ),
        ("include-v-in-tag", False),
        ("tag-separator", rng.choice(["@", "/", "_"])),
        ("include-component-in-tag", False),
        ("changelog-sections", rng.choice(SECTIONS)),
        (
            "pull-request-title-pattern",
            rng.choice(
                [
                    "chore${scope}: release${component} ${version}",
                    "release: ${version}",
                    "chore: release ${component} v${version}",
                ]
            ),
        ),
        ("pull-request-header", "Release notes follow."),
        ("pull-request-footer", "Merge when ready."),
        ("skip-changelog", True),
        ("draft-pull-request", True),
        ("extra-files", ["VERSION.md", {"type": "json", "path": "meta.json", "jsonpath": "$.v"}]),
        ("exclude-paths", rng.choice([["docs"], [f"{path}/docs"], ["docs", "README.md"]])),
        ("release-as", f"{rng.randint(1, 3)}.0.0"),
        ("changelog-path", "docs/CHANGES.md"),
    ]
    cfg.update(
        (key, value)
        for key, value in options
        if rng.random() < (0.03 if key == "release-as" else 0.12)
    )
    if rng.random() < 0.1:
        cfg["versioning"] = "prerelease"
        cfg["prerelease"] = rng.random() < 0.8
        cfg["prerelease-type"] = rng.choice(["beta", "rc", "alpha"])
    if cfg.get("include-component-in-tag") is False:
        component = ""
    return cfg, component


def _tag(version: str, component: str, cfg: dict[str, Any]) -> str:
    v = "v" if cfg.get("include-v-in-tag", True) else ""
    if component:
        return f"{component}{cfg.get('tag-separator', '-')}{v}{version}"
    return f"{v}{version}"


def _package_files(
    rng: random.Random, path: str, cfg: dict[str, Any], version: str
) -> dict[str, Any]:
    prefix = "" if path == "." else f"{path}/"
    name = "root-pkg" if path == "." else path.rsplit("/", 1)[-1]
    if cfg["release-type"] == "simple":
        files: dict[str, Any] = {f"{prefix}version.txt": [version]}
    else:
        module = name.replace("-", "_")
        files = {
            f"{prefix}pyproject.toml": ["[project]", f'name = "{name}"', f'version = "{version}"'],
            f"{prefix}{module}/__init__.py": ['"""Pkg."""', f'__version__ = "{version}"'],
        }
        if rng.random() < 0.3:
            files[f"{prefix}{module}/version.py"] = [f'__version__ = "{version}"']
        if rng.random() < 0.15:
            files[f"{prefix}setup.py"] = [
                "from setuptools import setup",
                f'setup(name="{name}", version="{version}")',
            ]
        if rng.random() < 0.15:
            files[f"{prefix}setup.cfg"] = ["[metadata]", f"name = {name}", f"version = {version}"]
    if rng.random() < 0.3:
        changelog = cfg.get("changelog-path", "CHANGELOG.md")
        files[f"{prefix}{changelog}"] = rng.choice(
            [
                ["# Changelog", "", f"## {version} (2024-01-01)", "", "* first"],
                ["# Changelog", "", "Notes before any release."],
            ]
        )
    files[f"{prefix}VERSION.md"] = [f"Version {version} <!-- x-release-please-version -->"]
    files[f"{prefix}meta.json"] = ["{", f'  "v": "{version}"', "}"]
    return files


def _changelog_json(rng: random.Random) -> str:
    """An existing ``changelog.json``: empty, or with one earlier release entry."""
    entries: list[dict[str, Any]] = []
    if rng.random() < 0.5:
        change = {"type": "feat", "sha": "0" * 40, "message": "first", "issues": ["3"]}
        entries.append(
            {
                "changes": [change],
                "version": "0.1.0",
                "language": "PYTHON",
                "artifactName": "root-pkg",
                "id": "3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "createTime": "2024-01-01T00:00:00.000Z",
            }
        )
    doc = {
        "repository": "acme/widget",
        "entries": entries,
        "updateTime": "2024-01-01T00:00:00.000Z",
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def random_case(rng: random.Random) -> tuple[dict[str, Any], CaseArgs]:
    """Return a random repository spec and the release-pr arguments to run on it."""
    count = rng.choice([1, 1, 2, 2, 3])
    paths = rng.sample(PACKAGE_DIRS, count)
    if rng.random() < 0.5:
        paths[0] = "."
    packages: dict[str, Any] = {}
    manifest: dict[str, str] = {}
    files: dict[str, Any] = {"README.md": ["# repo"]}
    tags: list[str] = []
    components: list[str] = []
    for path in paths:
        cfg, component = _package(rng, path)
        packages[path] = cfg
        version = _version(rng, cfg.get("versioning") == "prerelease")
        if rng.random() < 0.85:
            manifest[path] = version
            if rng.random() < 0.85:
                tags.append(_tag(version, component, cfg))
        files.update(_package_files(rng, path, cfg, version if path in manifest else "0.0.0"))
        if "component" in cfg:
            components.append(cfg["component"])
    if rng.random() < 0.5:  # the python strategy adds its release to the root changelog.json
        files["changelog.json"] = _changelog_json(rng)
    config: dict[str, Any] = {"packages": packages}
    if rng.random() < 0.25 and len(paths) > 1:
        config["separate-pull-requests"] = True
    plugins: list[Any] = []
    if rng.random() < 0.2 and len(components) > 1:
        plugins.append({"type": "linked-versions", "groupName": "grp", "components": components})
    if rng.random() < 0.15:
        plugins.append("sentence-case")
    if plugins:
        config["plugins"] = plugins
    if rng.random() < 0.1:
        config["changelog-host"] = "https://git.example.org"
    if rng.random() < 0.1:
        config["group-pull-request-title-pattern"] = "chore${scope}: release${component} all"

    dirs = [p for p in paths if p != "."] + ["", "docs"]
    scopes = SCOPES + components
    steps: list[dict[str, Any]] = []
    counter = 0

    def commit() -> dict[str, Any]:
        nonlocal counter
        touched: dict[str, Any] = {}
        for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
            counter += 1
            folder = rng.choice(dirs)
            touched[f"{folder}/f{counter % 7}.py".lstrip("/")] = f"x = {counter}\n"
        return {"commit": random_message(rng, scopes), "files": touched}

    steps.extend(commit() for _ in range(rng.randint(0, 3)))
    steps.extend({"tag": tag, "annotated": rng.random() < 0.3} for tag in tags)
    if rng.random() < 0.1:
        steps.append({"tag": "v0.0.1-unrelated"})
    steps.extend(commit() for _ in range(rng.randint(1, 12)))
    spec = {"files": files, "config": config, "manifest": manifest, "steps": steps}
    return spec, CaseArgs(github_repo=rng.choice(["acme/widget", "octo-org/lib"]))


OVERRIDE_EXTRAS = [
    "chore: internal only", "docs: reword the notes", "Nothing user-facing here",
    "fix: the real change\nfeat!: another change", "feat(api): one\n\nfix(core): two (#77)",
    "refactor: moved code\n\nBREAKING CHANGE: `a` is gone",
]  # fmt: skip


def _override_body(rng: random.Random, scopes: list[str]) -> str:
    """A pull request body, often with a BEGIN_COMMIT_OVERRIDE block of one or more messages."""
    shape = rng.choice(["plain", "override", "override", "override", "empty", "open", "twice"])
    intro = rng.choice(["", "Adds the thing.\n\n", "## Summary\r\n\r\nSee below.\r\n\r\n"])
    if shape == "plain":
        return intro + _words(rng, 2, 8)
    if shape == "empty":
        return f"{intro}BEGIN_COMMIT_OVERRIDE\n  \nEND_COMMIT_OVERRIDE"
    if rng.random() < 0.35:
        inner = rng.choice(OVERRIDE_EXTRAS)
    else:
        joiner = rng.choice(["\n", "\n\n"])
        inner = joiner.join(random_message(rng, scopes) for _ in range(rng.randint(1, 3)))
    block = f"BEGIN_COMMIT_OVERRIDE\n{inner}\n"
    if shape == "open":  # no END marker: the rest of the body is the override
        return intro + block
    block += "END_COMMIT_OVERRIDE"
    if shape == "twice":
        block += f"\n\nBEGIN_COMMIT_OVERRIDE\n{_subject(rng, scopes)}\nEND_COMMIT_OVERRIDE"
    return intro + block + rng.choice(["", "\n", "\n\nThanks!"])


def with_random_pull_requests(
    rng: random.Random, spec: dict[str, Any], args: CaseArgs
) -> tuple[dict[str, Any], CaseArgs]:
    """Half the time, merged pull requests for some of ``spec``'s commits (and a batch size).

    Squash merges (the PR's merge commit), rebase merges (more commits associated with the
    PR, in the same page of ``commit-batch-size`` or not), bodies with and without
    ``BEGIN_COMMIT_OVERRIDE``, explicit, empty and over-100 file lists that move a commit to
    other packages. ``rng`` is separate from :func:`random_case`'s, so a case without pull
    requests is exactly the case drawn before they existed.
    """
    if rng.random() < 0.5:
        return spec, args
    commits = [step for step in spec["steps"] if "commit" in step]
    total = len(commits)
    if not total:
        return spec, args
    packages = list(spec["config"]["packages"])
    dirs = [p for p in packages if p != "."] + ["", "docs"]
    scopes = [*SCOPES, *(c.get("component", "") for c in spec["config"]["packages"].values())]
    numbers = rng.sample(range(1, 400), total)
    pulls: list[dict[str, Any]] = []
    for index in range(total):
        if rng.random() < 0.35:
            continue
        ref = f"HEAD~{total - 1 - index}"
        entry: dict[str, Any] = {"number": numbers[index], "mergeCommitSha": ref}
        if rng.random() < 0.7:
            entry["title"] = _subject(rng, scopes)
        entry["body"] = _override_body(rng, scopes)
        if rng.random() < 0.2:
            entry["labels"] = rng.sample(["enhancement", "bug", "autorelease: pending"], 1)
        if rng.random() < 0.2:
            entry["headBranchName"] = rng.choice(["feature/x", "fix-y"])
        draw = rng.random()
        if draw < 0.15:
            entry["files"] = []
        elif draw < 0.35:
            entry["files"] = [
                f"{rng.choice(dirs)}/g{n}.py".lstrip("/") for n in range(rng.randint(1, 3))
            ]
        elif draw < 0.4:
            folder = rng.choice(dirs)
            entry["files"] = [f"{folder}/many{n}.py".lstrip("/") for n in range(101)]
        if rng.random() < 0.25:  # a rebase merge: GitHub associates the PR's other commits too
            near = [i for i in range(max(0, index - 3), min(total, index + 3)) if i != index]
            if near:
                picked = rng.sample(near, rng.randint(1, min(2, len(near))))
                entry["commits"] = [f"HEAD~{total - 1 - i}" for i in picked]
        pulls.append(entry)
    if not pulls:
        return spec, args
    if rng.random() < 0.4:
        spec = {**spec, "config": {**spec["config"], "commit-batch-size": rng.choice([1, 2, 3, 5])}}
    return spec, replace(args, pull_requests=tuple(pulls))
