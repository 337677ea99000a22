"""Extra XML files updated by XPath (release-please's ``GenericXml``, ``generic-xml.ts``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters._xml import (
    Attr,
    Element,
    Leaf,
    XmlError,
    parse,
    select,
    serialize,
    text_content,
)

if TYPE_CHECKING:
    from releasegate.engine.version import Version

__all__ = ["GenericXml"]


@dataclass(frozen=True, slots=True)
class GenericXml:
    r"""Set the text of every node ``xpath`` selects to the version (mirrors ``GenericXml``).

    When a node changes, the document is re-serialised as release-please's xmldom does (see
    ``_xml``: entities decoded and re-escaped, ``<a></a>`` written ``<a/>``, attributes
    double-quoted, line ends ``\n``), keeping a final newline. When nothing changes the file is
    returned untouched. Raises UpdaterError for XML or XPath this implementation cannot read.

    >>> from releasegate.engine.version import Version
    >>> GenericXml("/project/version", Version(2, 0, 0)).update_content(
    ...     "<project><version>1.0.0</version></project>\n")
    '<project><version>2.0.0</version></project>\n'
    """

    xpath: str
    version: Version

    def update_content(self, content: str | None) -> str:
        """Return the re-serialised document, or ``content`` when nothing changed."""
        try:
            document = parse(content or "")
            nodes = select(document, self.xpath)
        except XmlError as exc:
            raise UpdaterError(str(exc)) from None
        version = str(self.version)
        updated = False
        for node in nodes:
            if text_content(node) == version:
                continue
            updated = True
            if isinstance(node, Attr):
                node.value = version
            elif isinstance(node, Element):
                node.children = [Leaf("text", version)]
            else:
                node.data = version
        if not updated:
            return content or ""
        new = serialize(document)
        if (content or "").endswith("\n") and not new.endswith("\n"):
            return new + "\n"
        return new
