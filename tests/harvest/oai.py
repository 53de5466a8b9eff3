"""Helpers for OAI-PMH tests: ask /oai and read the answer with namespaces resolved."""

from __future__ import annotations

import xml.etree.ElementTree as ET

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}


def ask(client, method: str = "get", **params) -> ET.Element:
    """The parsed answer of /oai to ``params`` (``from_`` stands for ``from``)."""
    if "from_" in params:
        params["from"] = params.pop("from_")
    response = getattr(client, method)("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)


def error_code(root: ET.Element) -> str | None:
    error = root.find("oai:error", NS)
    return None if error is None else error.get("code")


def identifiers(root: ET.Element) -> list[str]:
    return [node.text for node in root.iterfind(".//oai:header/oai:identifier", NS)]


def token(root: ET.Element) -> ET.Element | None:
    return root.find(".//oai:resumptionToken", NS)
