"""A repository's GitHub Actions workflows, read for what a release depends on.

They are read from a :class:`WorkflowSource`: a commit's tree (:class:`TreeSource`, what
GitHub runs for a push of that commit) or a work tree (:class:`WorkTreeSource`).

Each workflow is parsed once into :class:`Workflow` (triggers, permissions, jobs, steps). The
questions ``doctor`` asks are answered here from what the steps actually run: which step
uploads to a package index and with which credential (:func:`uploads`), which release tool
runs (:func:`release_tools`), whether a workflow runs on a push to a branch, and which reusable
workflows a job calls. A ``run:`` that calls a script of the repository (``bash
./bin/publish``) and a step that uses a local composite action (``./.github/actions/x``) are
read too, one level deep. It only reads.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

import yaml

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from releasegate.engine.git import Tree

__all__ = [
    "WORKFLOWS_DIR",
    "Job",
    "Step",
    "TreeSource",
    "Upload",
    "WorkTreeSource",
    "Workflow",
    "WorkflowSet",
    "WorkflowSource",
    "grants_id_token",
    "job_id_token",
    "load_workflows",
    "release_tools",
    "uploads",
    "workflow_files",
]

WORKFLOWS_DIR = ".github/workflows"
_SCRIPT_LIMIT = 200_000  # bytes of a called script worth reading

#: A step that uploads distributions, by what it runs; the credential is worked out apart.
_UPLOAD_COMMANDS = {
    "twine upload": re.compile(r"\btwine\s+upload\b"),
    "uv publish": re.compile(r"\buv\s+publish\b"),
    "releasegate": re.compile(
        r"\b(?:releasegate|invoke)\s+(?:publish-release|publish_release|publish|release)(?![-\w])"
    ),
    "poetry publish": re.compile(r"\bpoetry\s+publish\b"),
    "hatch publish": re.compile(r"\bhatch\s+publish\b"),
    "flit publish": re.compile(r"\bflit\s+publish\b"),
    "pdm publish": re.compile(r"\bpdm\s+publish\b"),
    "rye publish": re.compile(r"\brye\s+publish\b"),
}
#: Tools that can exchange the job's OIDC token with PyPI (trusted publishing) by themselves.
_TRUSTED_CAPABLE = {"pypa/gh-action-pypi-publish", "twine upload", "uv publish", "releasegate",
                    "pdm publish"}  # fmt: skip
#: Environment variables and flags through which each tool takes an API token.
_TOKEN_ENV = {
    "twine upload": ("TWINE_PASSWORD",),
    "uv publish": ("UV_PUBLISH_TOKEN", "UV_PUBLISH_PASSWORD"),
    "releasegate": ("TWINE_PASSWORD",),
    "poetry publish": ("POETRY_PYPI_TOKEN_PYPI", "POETRY_HTTP_BASIC_PYPI_PASSWORD"),
    "hatch publish": ("HATCH_INDEX_AUTH",),
    "flit publish": ("FLIT_PASSWORD",),
    "pdm publish": ("PDM_PUBLISH_PASSWORD",),
    "rye publish": (),
}
_TOKEN_FLAG = re.compile(r"(?:^|\s)(?:--token|--password|-p|-t|--auth)(?:[=\s])")
#: Release tools (they tag and release on their own), by the action a step uses ...
_RELEASE_TOOLS = {
    "release-please-action": re.compile(r"release-please-action@"),
    # Stainless's SDKs (anthropic, openai, groq): release-please run by Stainless's service
    "stainless-api/trigger-release-please": re.compile(r"stainless-api/trigger-release-please@"),
    "python-semantic-release": re.compile(r"python-semantic-release/python-semantic-release@"),
}
#: ... or by what it runs.
_RELEASE_RUNS = {
    "releasegate": re.compile(r"\b(?:releasegate|invoke)\s+(?:github-release|release-pr)\b"),
    "release-please": re.compile(r"\brelease-please\s+(?:release-pr|github-release)\b"),
    "python-semantic-release": re.compile(r"\bsemantic-release\s+(?:version|publish)\b"),
}


class WorkflowSource(Protocol):
    """Where the workflows (and the scripts and actions they call) are read."""

    def read(self, path: str) -> str | None:
        """The text of the file at ``path`` (relative to the repository), None if absent."""

    def files(self, directory: str) -> list[str]:
        """The names of the files directly in ``directory``, sorted."""


class WorkTreeSource:
    """A work tree: the files as they are on disk."""

    def __init__(self, root: Path) -> None:
        """Read below ``root``."""
        self.root = root

    def read(self, path: str) -> str | None:
        """The file's text; None when it is absent or not text."""
        try:
            return (self.root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def files(self, directory: str) -> list[str]:
        """The regular files in ``directory``."""
        base = self.root / directory
        return sorted(p.name for p in base.glob("*") if p.is_file()) if base.is_dir() else []


class TreeSource:
    """A commit's tree: what GitHub runs for a push of that commit."""

    def __init__(self, tree: Tree) -> None:
        """Read from ``tree``."""
        self.tree = tree

    def read(self, path: str) -> str | None:
        """The blob's text; None when there is none."""
        return self.tree.read(path)

    def files(self, directory: str) -> list[str]:
        """The blobs directly in ``directory``."""
        prefix = directory.rstrip("/") + "/"
        return sorted(
            e.path[len(prefix) :]
            for e in self.tree.entries
            if e.type == "blob" and e.path.startswith(prefix) and "/" not in e.path[len(prefix) :]
        )


@dataclass(frozen=True, slots=True)
class Step:
    """One step: what it uses or runs, its inputs and environment.

    ``runs`` is the text the step runs: its ``run:``, plus the repository scripts it calls and
    the ``run:`` of a local composite action; ``uses_all`` likewise lists every action used.
    """

    number: int
    uses: str | None
    run: str | None
    with_: Mapping[str, Any]
    env: Mapping[str, Any]
    runs: str = ""
    uses_all: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Job:
    """One job: its steps, or the reusable workflow it calls (``uses``)."""

    id: str
    steps: tuple[Step, ...]
    permissions: Any
    environment: str | None
    env: Mapping[str, Any]
    uses: str | None = None


@dataclass(frozen=True, slots=True)
class Workflow:
    """One workflow file: ``path`` is relative to the repository (``.github/workflows/x.yml``)."""

    path: str
    on: Mapping[str, Any]
    permissions: Any
    env: Mapping[str, Any]
    jobs: tuple[Job, ...]

    @property
    def name(self) -> str:
        """The file name, as PyPI's trusted publisher and ``uses:`` name it."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def triggers(self) -> frozenset[str]:
        """The events that start it."""
        return frozenset(self.on)

    @property
    def runs_on_tag_push(self) -> bool:
        """Whether a tag push starts it (``on: push: tags:`` or ``tags-ignore:``)."""
        push = self.on.get("push")
        return isinstance(push, dict) and ("tags" in push or "tags-ignore" in push)

    def runs_on_push_to(self, branch: str) -> bool:
        """Whether a push to ``branch`` starts it (``branches``/``branches-ignore`` globs)."""
        if "push" not in self.on:
            return False
        push = self.on["push"] or {}
        if not isinstance(push, dict):
            return True
        branches = push.get("branches")
        ignored = push.get("branches-ignore")
        if branches is None and ignored is None:
            # only tags: a branch push does not start it
            return "tags" not in push and "tags-ignore" not in push
        if branches is not None:
            return _matches(branch, branches)
        return not _matches(branch, ignored)


@dataclass(frozen=True, slots=True)
class WorkflowSet:
    """Every workflow of a repository, and the files that could not be read."""

    workflows: tuple[Workflow, ...]
    unreadable: tuple[tuple[str, str], ...] = ()  # (path, one-line reason)

    def get(self, path: str) -> Workflow | None:
        """The workflow at ``path`` (``./.github/workflows/x.yml`` or without ``./``)."""
        wanted = path.removeprefix("./")
        return next((w for w in self.workflows if w.path == wanted), None)


CredentialKind = Literal["token", "trusted", "unknown"]


@dataclass(frozen=True, slots=True)
class Upload:
    """A step that uploads to a package index, and how it authenticates.

    ``credential`` is ``token`` (an API token or password is passed), ``trusted`` (none is:
    the tool exchanges the job's OIDC token, which needs ``id-token: write``) or ``unknown``
    (the tool cannot do trusted publishing and no credential is visible).
    """

    workflow: Workflow
    job: Job
    step: Step
    tool: str
    credential: CredentialKind
    token_source: str | None
    id_token: bool


def workflow_files(source: WorkflowSource) -> list[str]:
    """The paths of the workflow files (``.yml``, ``.yaml``) in ``source``."""
    names = source.files(WORKFLOWS_DIR)
    return [f"{WORKFLOWS_DIR}/{n}" for n in names if n.endswith((".yml", ".yaml"))]


def load_workflows(source: WorkflowSource) -> WorkflowSet:
    """Parse every workflow file of ``source``."""
    workflows: list[Workflow] = []
    unreadable: list[tuple[str, str]] = []
    for where in workflow_files(source):
        try:
            data = yaml.safe_load(source.read(where) or "")
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            unreadable.append((where, f"line {line + 1}" if line is not None else "the file"))
            continue
        if isinstance(data, dict):
            workflows.append(_workflow(source, where, data))
    return WorkflowSet(tuple(workflows), tuple(unreadable))


def grants_id_token(permissions: Any) -> bool:
    """Whether a ``permissions:`` value grants ``id-token: write``."""
    if permissions == "write-all":
        return True
    return isinstance(permissions, dict) and permissions.get("id-token") == "write"


def job_id_token(workflow: Workflow, job: Job) -> bool:
    """Whether ``job`` may request an OIDC token: its own permissions, else the workflow's."""
    permissions = job.permissions if job.permissions is not None else workflow.permissions
    return grants_id_token(permissions)


def uploads(workflows: WorkflowSet) -> Iterator[Upload]:
    """Every step of every workflow that uploads distributions to an index."""
    for workflow in workflows.workflows:
        for job in workflow.jobs:
            id_token = job_id_token(workflow, job)
            for step in job.steps:
                upload = _upload(workflow, job, step, id_token=id_token)
                if upload is not None:
                    yield upload


def release_tools(workflow: Workflow, workflows: WorkflowSet) -> set[str]:
    """The release tools ``workflow`` runs (through a called reusable workflow too)."""
    tools: set[str] = set()
    for job in workflow.jobs:
        if job.uses and job.uses.startswith("./"):
            called = workflows.get(job.uses)
            if called is not None and called is not workflow:
                tools |= {t for j in called.jobs for s in j.steps for t in _step_tools(s)}
        for step in job.steps:
            tools |= _step_tools(step)
    return tools


def _step_tools(step: Step) -> set[str]:
    found = {name for name, p in _RELEASE_TOOLS.items() if any(p.search(u) for u in step.uses_all)}
    return found | {name for name, p in _RELEASE_RUNS.items() if p.search(step.runs)}


def _upload(workflow: Workflow, job: Job, step: Step, *, id_token: bool) -> Upload | None:
    env = {**workflow.env, **job.env, **step.env}
    for uses in step.uses_all:
        if uses.split("@")[0] == "pypa/gh-action-pypi-publish":
            password = step.with_.get("password")
            if password:
                return Upload(workflow, job, step, "pypa/gh-action-pypi-publish", "token",
                              _secret_name(str(password)), id_token)  # fmt: skip
            return Upload(workflow, job, step, "pypa/gh-action-pypi-publish", "trusted", None,
                          id_token)  # fmt: skip
    for tool, pattern in _UPLOAD_COMMANDS.items():
        if not pattern.search(step.runs):
            continue
        names = [n for n in _TOKEN_ENV[tool] if env.get(n)]
        if names:
            return Upload(workflow, job, step, tool, "token", _secret_name(str(env[names[0]]))
                          or names[0], id_token)  # fmt: skip
        lines = [line for line in step.runs.splitlines() if pattern.search(line)]
        if any(_TOKEN_FLAG.search(line) for line in lines):
            return Upload(workflow, job, step, tool, "token", _flag_source(step, env), id_token)
        if tool in _TRUSTED_CAPABLE:
            return Upload(workflow, job, step, tool, "trusted", None, id_token)
        # poetry, hatch, flit, rye: configured in an earlier step (poetry config pypi-token …)
        configured = _job_secret(job)
        kind: CredentialKind = "token" if configured else "unknown"
        return Upload(workflow, job, step, tool, kind, configured, id_token)
    return None


def _job_secret(job: Job) -> str | None:
    """A secret named like an index token that some step of ``job`` uses, if any."""
    for step in job.steps:
        texts = [step.runs, *map(str, step.env.values()), *map(str, step.with_.values())]
        for text in texts:
            for name in re.findall(r"secrets\.([A-Za-z_][\w-]*)", text):
                if re.search(r"pypi|token|password", name, re.IGNORECASE):
                    return f"secrets.{name}"
    return None


def _secret_name(value: str) -> str | None:
    """``secrets.PYPI_TOKEN`` from ``${{ secrets.PYPI_TOKEN }}``; the expression otherwise."""
    match = re.search(r"\$\{\{\s*([^}]+?)\s*\}\}", value)
    return match[1] if match else None


def _flag_source(step: Step, env: Mapping[str, Any]) -> str:
    """Where the token a command flag passes comes from: a secret, as far as it shows."""
    for text in (step.runs, *map(str, env.values())):
        match = re.search(r"secrets\.[A-Za-z_][\w-]*", text)
        if match:
            return match[0]
    return "a command-line flag"


def _matches(branch: str, patterns: Any) -> bool:
    """Whether ``branch`` passes GitHub's filter ``patterns``, in order (``!`` negates)."""
    items = [patterns] if isinstance(patterns, str) else list(patterns or [])
    included = False
    for item in map(str, items):
        negate = item.startswith("!")
        if _glob(item[1:] if negate else item).match(branch):
            included = not negate
    return included


def _glob(pattern: str) -> re.Pattern[str]:
    """GitHub's filter pattern as a regex: ``*`` stops at ``/``, ``**`` does not."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char in "?+":  # quantifiers of the character before
            out.append(char)
        elif char == "[" and "]" in pattern[i:]:
            end = pattern.index("]", i)
            out.append(pattern[i : end + 1])
            i = end + 1
            continue
        else:
            out.append(re.escape(char))
        i += 1
    try:
        return re.compile("".join(out) + r"\Z")
    except re.error:
        return re.compile(re.escape(pattern) + r"\Z")


def _workflow(source: WorkflowSource, where: str, data: dict[Any, Any]) -> Workflow:
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on:` key as True
    if isinstance(on, str):
        triggers: dict[str, Any] = {on: {}}
    elif isinstance(on, list):
        triggers = {str(t): {} for t in on}
    elif isinstance(on, dict):
        triggers = {str(k): v for k, v in on.items()}
    else:
        triggers = {}
    raw_jobs = data.get("jobs") if isinstance(data.get("jobs"), dict) else {}
    assert isinstance(raw_jobs, dict)  # noqa: S101 - narrowed above, for mypy
    jobs = tuple(_job(source, str(k), v) for k, v in raw_jobs.items() if isinstance(v, dict))
    return Workflow(where, triggers, data.get("permissions"), _mapping(data.get("env")), jobs)


def _job(source: WorkflowSource, job_id: str, data: dict[str, Any]) -> Job:
    environment = data.get("environment")
    if isinstance(environment, dict):
        environment = environment.get("name")
    raw_steps = data.get("steps") if isinstance(data.get("steps"), list) else []
    assert isinstance(raw_steps, list)  # noqa: S101 - narrowed above, for mypy
    steps = tuple(
        _step(source, number, step)
        for number, step in enumerate(raw_steps, 1)
        if isinstance(step, dict)
    )
    uses = data.get("uses")
    return Job(
        job_id,
        steps,
        data.get("permissions"),
        str(environment) if environment is not None else None,
        _mapping(data.get("env")),
        str(uses) if isinstance(uses, str) else None,
    )


def _step(source: WorkflowSource, number: int, data: dict[str, Any]) -> Step:
    uses = data.get("uses") if isinstance(data.get("uses"), str) else None
    run = data.get("run") if isinstance(data.get("run"), str) else None
    texts = [run] if run else []
    uses_all = [uses] if uses else []
    if run:
        texts += list(_called_scripts(source, run))
    if uses and uses.startswith("./"):
        for sub in _composite_steps(source, uses):
            if isinstance(sub.get("run"), str):
                texts.append(sub["run"])
                texts += list(_called_scripts(source, sub["run"]))
            if isinstance(sub.get("uses"), str):
                uses_all.append(sub["uses"])
    return Step(
        number,
        uses,
        run,
        _mapping(data.get("with")),
        _mapping(data.get("env")),
        "\n".join(texts),
        tuple(uses_all),
    )


def _mapping(value: Any) -> dict[str, Any]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _called_scripts(source: WorkflowSource, run: str) -> Iterator[str]:
    """The text of each repository file a ``run:`` executes (``bash ./bin/x``, ``./x.sh``)."""
    try:
        words = shlex.split(run, comments=True)
    except ValueError:
        words = run.split()
    for word in words:
        if "/" not in word or word.startswith(("/", "-", "$")) or "://" in word:
            continue
        text = source.read(word.removeprefix("./"))
        if text is not None and len(text) <= _SCRIPT_LIMIT:
            yield text


def _composite_steps(source: WorkflowSource, uses: str) -> list[dict[str, Any]]:
    """The steps of the local composite action ``uses`` (``./.github/actions/x``)."""
    base = uses.removeprefix("./").rstrip("/")
    for name in ("action.yml", "action.yaml"):
        text = source.read(f"{base}/{name}")
        if text is None:
            continue
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        runs = data.get("runs") if isinstance(data, dict) else None
        steps = runs.get("steps") if isinstance(runs, dict) else None
        return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []
    return []
