"""GenericXml: input file text → release-please 17.11.2's output (captured from its own updater)."""

from __future__ import annotations

import pytest

from releasegate.engine.updaters import UpdaterError
from releasegate.engine.updaters.generic_xml import GenericXml
from releasegate.engine.version import Version

CASES = [
    pytest.param(
        GenericXml("/project/version", Version.parse("1.2.3")),
        '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <version>1.0.0</version>\n</project>\n',
        '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <version>1.0.0</version>\n</project>\n',
        id="xml-version-1.0-encoding-UTF-8-project-v",
    ),
    pytest.param(
        GenericXml("//*[local-name()='version']", Version.parse("1.2.3")),
        '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\r\n  <!-- c -->\n  <version>1.0.0</version>\n  <empty></empty>\n  <a   b=\'x&amp;y\'  c="&quot;"/>\n  <t>&quot;q&apos; &gt; &#65;</t>\n</project>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <!-- c -->\n  <version>1.2.3</version>\n  <empty/>\n  <a b="x&amp;y" c="&quot;"/>\n  <t>"q\' &gt; A</t>\n</project>',
        id="xml-version-1.0-encoding-UTF-8-*[local-n",
    ),
    pytest.param(
        GenericXml("/Project/PropertyGroup/Version", Version.parse("1.2.3")),
        '<Project Sdk="Microsoft.NET.Sdk">\n\n  <PropertyGroup>\n    <Version>1.0.0</Version>\n    <Desc><![CDATA[a<b]]></Desc>\n  </PropertyGroup>\n</Project>\n',
        '<Project Sdk="Microsoft.NET.Sdk">\n\n  <PropertyGroup>\n    <Version>1.2.3</Version>\n    <Desc><![CDATA[a<b]]></Desc>\n  </PropertyGroup>\n</Project>\n',
        id="Project-Sdk-Microsoft.NET.Sdk-Project-Pr",
    ),
    pytest.param(
        GenericXml("/root/version", Version.parse("1.2.3")),
        "<root><version>1.2.3</version></root>\n",
        "<root><version>1.2.3</version></root>\n",
        id="root-version-1.2.3-version-root-root-ver",
    ),
    pytest.param(
        GenericXml("/root/v/@a", Version.parse("1.2.3")),
        '<root>\n<v a="1.0.0" b="z"/>\n</root>\n',
        '<root>\n<v a="1.2.3" b="z"/>\n</root>\n',
        id="root-root-v-a",
    ),
    pytest.param(
        GenericXml("/root/v[2]", Version.parse("1.2.3")),
        "<root><v>1.0.0</v><v>2.0.0</v></root>",
        "<root><v>1.0.0</v><v>1.2.3</v></root>",
        id="root-v-1.0.0-v-v-2.0.0-v-root-root-v[2]",
    ),
    pytest.param(
        GenericXml("//v", Version.parse("1.2.3")),
        "<root><v>1.0.0</v><w><v>2.0.0</v></w></root>",
        "<root><v>1.2.3</v><w><v>1.2.3</v></w></root>",
        id="root-v-1.0.0-v-w-v-2.0.0-v-w-root-v",
    ),
    pytest.param(
        GenericXml("/root/v", Version.parse("1.2.3")),
        "<root><v>a<b>c</b></v></root>",
        "<root><v>1.2.3</v></root>",
        id="root-v-a-b-c-b-v-root-root-v",
    ),
    pytest.param(
        GenericXml("/r/v[@k='y']", Version.parse("1.2.3")),
        '<r><v k="x">1</v><v k="y">2</v></r>\n',
        '<r><v k="x">1</v><v k="y">1.2.3</v></r>\n',
        id="r-v-k-x-1-v-v-k-y-2-v-r-r-v[-k-y-]",
    ),
    pytest.param(
        GenericXml("/r/v/text()", Version.parse("1.2.3")),
        '<?xml version="1.0"?>\n<!DOCTYPE r>\n<r>\n\t<v>1.0.0</v>\n</r>\n',
        '<?xml version="1.0"?>\n<!DOCTYPE r>\n<r>\n\t<v>1.2.3</v>\n</r>\n',
        id="xml-version-1.0-r-v-text",
    ),
    pytest.param(
        GenericXml("/*/version", Version.parse("1.2.3")),
        "<r><v>1.0.0</v></r>",
        "<r><v>1.0.0</v></r>",
        id="r-v-1.0.0-v-r-*-version",
    ),
    pytest.param(
        GenericXml("/*/v", Version.parse("1.2.3")),
        "<r><v>1.0.0</v></r>",
        "<r><v>1.2.3</v></r>",
        id="r-v-1.0.0-v-r-*-v",
    ),
]


@pytest.mark.parametrize(("updater", "content", "expected"), CASES)
def test_update_content(updater: GenericXml, content: str | None, expected: str) -> None:
    """GenericXml writes exactly what release-please writes."""
    assert updater.update_content(content) == expected


FAILURES = [
    pytest.param(
        GenericXml("/r/m:v", Version.parse("1.2.3")),
        '<r xmlns:m="urn:m"><m:v>1.0.0</m:v></r>',
        id="r-xmlns-m-urn-m-m-v-1.0.0-m-v-r-r-m-v",
    ),  # release-please: Cannot resolve QName m
]


@pytest.mark.parametrize(("updater", "content"), FAILURES)
def test_update_content_fails(updater: GenericXml, content: str) -> None:
    """Where release-please throws (and fails the run), the updater raises UpdaterError."""
    with pytest.raises(UpdaterError):
        updater.update_content(content)
