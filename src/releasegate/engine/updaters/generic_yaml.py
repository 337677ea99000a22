"""Extra YAML files updated by JSONPath (release-please's ``GenericYaml``, ``generic-yaml.ts``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters._jsonpath import JsonPathError, find

if TYPE_CHECKING:
    from releasegate.engine.version import Version

__all__ = ["GenericYaml"]

_DOCUMENT_SEPARATOR = "---\n"


@dataclass(frozen=True, slots=True)
class GenericYaml:
    r"""Set every string ``jsonpath`` selects to the version (mirrors ``GenericYaml``).

    As in release-please, a file where something changed is rewritten wholesale in js-yaml's
    style: comments, quoting and layout are lost, and timestamps such as ``2024-01-01`` come back
    as ``2024-01-01T00:00:00.000Z``. Every document of a multi-document file is updated, and
    each is then written after a ``---`` line. Invalid YAML, or a path that selects no string,
    leaves the file unchanged. Unlike GenericJson the whole string is replaced.

    >>> from releasegate.engine.version import Version
    >>> GenericYaml("$.version", Version(2, 0, 0)).update_content("version: '1.0.0'  # x\n")
    'version: 2.0.0\n'
    """

    jsonpath: str
    version: Version

    def update_content(self, content: str | None) -> str:
        """Return the re-dumped documents, or ``content`` when nothing changed."""
        if content is None:
            return ""
        # PyYAML is imported only when a YAML file is updated: it costs start-up time.
        from releasegate.engine.updaters._yaml import YamlLoadError, dump, load_all  # noqa: PLC0415

        try:
            docs = load_all(content)
        except YamlLoadError:
            return content
        modified = False
        try:
            for doc in docs:
                for location in find(doc, self.jsonpath):
                    if isinstance(location.value, str):
                        location.parent[location.key] = str(self.version)
                        modified = True
        except JsonPathError as exc:
            raise UpdaterError(str(exc)) from None
        if not modified:
            return content
        if len(docs) == 1:
            return dump(docs[0])
        return "".join(_DOCUMENT_SEPARATOR + dump(doc) for doc in docs)
