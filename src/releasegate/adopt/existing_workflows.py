"""The GitHub workflows a project already has, as ``init`` must fit its own next to them.

``init`` writes a Release workflow that calls ``ci.yml`` (``workflow_call``) and publishes
with ``releasegate publish-release``. Before it does, it reads what is there: a workflow
already running release-please-action (a second Release workflow would release each version
twice), a kept ``ci.yml`` the new workflow would call (it needs ``on: workflow_call``, and the
permissions its jobs ask for), and whether the workflow that will run publishes through
``publish-release`` (what ``draft-until-published`` relies on).

What a step releases or uploads with is read by :mod:`releasegate.adopt.workflows`, the
model ``doctor`` checks, so that ``init`` and ``doctor`` agree on it (a script the step runs
included).

Workflows are edited as text, never re-serialised, so a maintainer's comments, quoting and
order stay; every edit is checked by parsing the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from releasegate.adopt.workflows import WorkTreeSource, load_workflows, release_tools, uploads

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Workflow", "add_workflow_call", "read_workflows"]

_ON_KEY = re.compile(r"""^(?P<key>on|"on"|'on')[ \t]*:(?P<rest>.*)$""", re.MULTILINE)
_LEVELS = {"none": 0, "read": 1, "write": 2}


@dataclass(frozen=True, slots=True)
class Workflow:
    """One workflow file: its path in the repository, its text and its parsed content.

    ``release_tools`` are the tools other than releasegate that release from it
    (release-please-action, Stainless's release-please, python-semantic-release);
    ``upload_jobs`` the jobs with a step that uploads to a package index;
    ``runs_on_tag_push`` whether a tag push starts it.
    """

    path: str  # .github/workflows/<name>
    text: str
    data: dict[Any, Any]
    release_tools: frozenset[str] = frozenset()
    upload_jobs: frozenset[str] = frozenset()
    runs_on_tag_push: bool = False

    @property
    def triggers(self) -> set[str]:
        """The events under ``on:`` (YAML 1.1 reads a bare ``on`` key as True)."""
        on = self.data.get("on", self.data.get(True))
        if isinstance(on, str):
            return {on}
        if isinstance(on, (list, dict)):
            return {str(t) for t in on}
        return set()

    @property
    def steps(self) -> list[dict[str, Any]]:
        """Every step of every job, in order."""
        jobs = self.data.get("jobs")
        found: list[dict[str, Any]] = []
        for job in jobs.values() if isinstance(jobs, dict) else ():
            steps = job.get("steps") if isinstance(job, dict) else None
            found += [s for s in steps or () if isinstance(s, dict)]
        return found

    @property
    def job_names(self) -> list[str]:
        """The job ids, in file order."""
        jobs = self.data.get("jobs")
        return [str(j) for j in jobs] if isinstance(jobs, dict) else []

    @property
    def uploads(self) -> bool:
        """Whether a step uploads to a package index."""
        return bool(self.upload_jobs)

    @property
    def runs_releasegate_release(self) -> bool:
        """Whether a step runs ``releasegate github-release`` (init's Release workflow)."""
        return any(_runs(step, "github-release", "github_release") for step in self.steps)

    @property
    def runs_publish_release(self) -> bool:
        """Whether a step runs ``publish-release`` (releasegate's or invoke's)."""
        return any(_runs(step, "publish-release", "publish_release") for step in self.steps)

    def requested_permissions(self) -> dict[str, str]:
        """The most each scope is asked for, at the top level or by any job.

        A called workflow's jobs get at most what the caller grants: the job that calls
        this one must grant these. ``read-all``/``write-all`` are not expanded.
        """
        wanted: dict[str, str] = {}
        jobs = self.data.get("jobs")
        blocks = [self.data.get("permissions")]
        if isinstance(jobs, dict):
            blocks += [job.get("permissions") for job in jobs.values() if isinstance(job, dict)]
        for block in blocks:
            if not isinstance(block, dict):
                continue
            for scope, level in block.items():
                if _LEVELS.get(str(level), 0) > _LEVELS.get(wanted.get(str(scope), "none"), 0):
                    wanted[str(scope)] = str(level)
        return wanted

    def publish_environment(self) -> str | None:
        """The environment of the job that publishes (uploads, or holds ``id-token: write``)."""
        jobs = self.data.get("jobs")
        for name, job in jobs.items() if isinstance(jobs, dict) else ():
            if not isinstance(job, dict):
                continue
            permissions = job.get("permissions")
            oidc = isinstance(permissions, dict) and permissions.get("id-token") == "write"
            uploads = str(name) in self.upload_jobs
            environment = job.get("environment")
            if isinstance(environment, dict):
                environment = environment.get("name")
            if (oidc or uploads) and isinstance(environment, str) and environment:
                return environment
        return None

    def secrets(self) -> list[str]:
        """The secrets the workflow reads, ``GITHUB_TOKEN`` aside."""
        names = re.findall(r"secrets\.([A-Za-z_][A-Za-z0-9_]*)", self.text)
        return sorted({n for n in names if n != "GITHUB_TOKEN"})

    def test_scripts(self) -> list[str]:
        """The repository scripts its steps run the tests with (``./scripts/test``)."""
        found: list[str] = []
        for step in self.steps:
            for match in _TEST_SCRIPT.finditer(str(step.get("run", ""))):
                if match[1] not in found:
                    found.append(match[1])
        return found


#: A step running a test script of the repository: ./scripts/test, bash script/test.sh …
_TEST_SCRIPT = re.compile(
    r"(?:^|[\s;&|])(?:(?:bash|sh)\s+)?(?:\./)?((?:scripts?|bin|tools?)/[\w.-]*test[\w.-]*)"
)


def _runs(step: dict[str, Any], *commands: str) -> bool:
    run = str(step.get("run", ""))
    return any(re.search(rf"(^|\s){re.escape(c)}(\s|$)", run) for c in commands)


def read_workflows(root: Path) -> list[Workflow]:
    """The parseable workflows under ``.github/workflows``, sorted by name.

    A file that is not valid YAML is skipped here; ``doctor`` and actionlint report it.
    """
    folder = root / ".github" / "workflows"
    if not folder.is_dir():
        return []
    model = load_workflows(WorkTreeSource(root))
    upload_jobs: dict[str, set[str]] = {}
    for upload in uploads(model):
        upload_jobs.setdefault(upload.workflow.path, set()).add(upload.job.id)
    found: list[Workflow] = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in {".yml", ".yaml"} or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
            data = yaml.safe_load(text)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict):
            where = f".github/workflows/{path.name}"
            parsed = model.get(where)
            tools = release_tools(parsed, model) - {"releasegate"} if parsed else set()
            jobs = upload_jobs.get(where, set())
            tags = parsed.runs_on_tag_push if parsed else False
            found.append(Workflow(where, text, data, frozenset(tools), frozenset(jobs), tags))
    return found


def add_workflow_call(text: str) -> str | None:
    r"""``text`` with ``workflow_call`` added to its ``on:`` triggers; None if that fails.

    Only the ``on:`` entry changes; every other line, comment included, stays as it was. The
    forms handled are a scalar (``on: push``), a flow list (``on: [push, pull_request]``), a
    block list and a block mapping. Anything else (a flow mapping, anchors) gives None, and so
    does a result that does not parse to the same workflow plus ``workflow_call``.

    >>> print(add_workflow_call("on: [push]  # CI\\njobs: {}\\n"), end="")
    on: [push, workflow_call]  # CI
    jobs: {}
    """
    match = _ON_KEY.search(text)
    if match is None:
        return None
    value, comment = _split_comment(match["rest"])
    head = text[: match.start()] + match["key"] + ":"
    if value.strip():
        inline = value.strip()
        if inline.startswith("[") and inline.endswith("]"):
            inner = inline[1:-1].strip()
            inline = f"[{inner}, workflow_call]" if inner else "[workflow_call]"
        elif re.fullmatch(r"""["']?[\w-]+["']?""", inline):
            inline = f"[{inline}, workflow_call]"
        else:
            return None
        new = head + " " + inline + comment + text[match.end() :]
    else:
        added = _add_to_block(text, match.end())
        if added is None:
            return None
        new = added
    return new if _only_added_workflow_call(text, new) else None


def _split_comment(rest: str) -> tuple[str, str]:
    """``value  # comment`` into the value and the comment with its leading spaces."""
    quote = ""
    for index, char in enumerate(rest):
        if char in "'\"" and quote in {"", char}:
            quote = "" if quote else char
        elif char == "#" and not quote and (index == 0 or rest[index - 1] in " \t"):
            value = rest[:index]
            return value.rstrip(), rest[len(value.rstrip()) :]
    return rest.rstrip(), ""


def _add_to_block(text: str, start: int) -> str | None:
    """Append ``workflow_call`` to the indented block that follows ``on:``."""
    lines = text[start:].split("\n")[1:]
    offset = start + 1 + len(text[start:].split("\n", maxsplit=1)[0])
    block_end, indent, item = None, None, ""
    position = offset
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            if not line[:1].isspace():
                break
            if indent is None:
                indent = line[: len(line) - len(line.lstrip())]
                item = "- " if stripped.startswith("- ") or stripped == "-" else ""
            block_end = position + len(line)
        position += len(line) + 1
    if block_end is None or indent is None:
        return None
    addition = f"\n{indent}- workflow_call" if item else f"\n{indent}workflow_call:"
    return text[:block_end] + addition + text[block_end:]


def _only_added_workflow_call(old: str, new: str) -> bool:
    try:
        before, after = yaml.safe_load(old), yaml.safe_load(new)
    except yaml.YAMLError:
        return False
    if not isinstance(before, dict) or not isinstance(after, dict):
        return False
    key = "on" if "on" in before else True
    old_on, new_on = before.get(key), after.get(key)
    rest_same = {k: v for k, v in before.items() if k != key} == {
        k: v for k, v in after.items() if k != key
    }
    if isinstance(old_on, str):
        old_on = [old_on]
    if isinstance(old_on, list):
        return rest_same and new_on == [*old_on, "workflow_call"]
    if isinstance(old_on, dict) and isinstance(new_on, dict):
        return rest_same and new_on == {**old_on, "workflow_call": None}
    return False
