"""Writing OAI-PMH responses with ElementTree.

Names are written with their prefixes and the namespaces declared on the root as attributes,
so the output is the usual ``<OAI-PMH xmlns="…">`` and ElementTree's global prefix registry is
left alone.
"""

from __future__ import annotations

import datetime
import re
from xml.etree.ElementTree import Element, SubElement, tostring

NS_OAI = "http://www.openarchives.org/OAI/2.0/"
NS_OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS_OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"

# Characters XML 1.0 cannot carry at all; OCR text sometimes holds form feeds and the like.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return NOT_XML.sub("", value)


def datestamp(moment: datetime.datetime) -> str:
    """UTC, to the second: ``2023-03-14T08:00:00Z`` (the repository's granularity)."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def element(parent: Element, name: str, text: str | None = None, **attributes: str) -> Element:
    child = SubElement(parent, name, {key: value for key, value in attributes.items()})
    if text is not None:
        child.text = xml_text(text)
    return child


def envelope(
    response_date: datetime.datetime, base_url: str, request_arguments: dict[str, str]
) -> Element:
    """``<OAI-PMH>`` with ``responseDate`` and ``request`` (attributes only when given)."""
    root = Element(
        "OAI-PMH",
        {
            "xmlns": NS_OAI,
            "xmlns:xsi": NS_XSI,
            "xsi:schemaLocation": f"{NS_OAI} {OAI_SCHEMA}",
        },
    )
    element(root, "responseDate", datestamp(response_date))
    element(root, "request", base_url, **request_arguments)
    return root


def oai_dc(parent: Element, fields: list[tuple[str, str]]) -> Element:
    """``<oai_dc:dc>`` holding ``dc:<name>`` elements in the order given."""
    dc = element(
        parent,
        "oai_dc:dc",
        **{
            "xmlns:oai_dc": NS_OAI_DC,
            "xmlns:dc": NS_DC,
            "xmlns:xsi": NS_XSI,
            "xsi:schemaLocation": f"{NS_OAI_DC} {OAI_DC_SCHEMA}",
        },
    )
    for name, value in fields:
        element(dc, f"dc:{name}", value)
    return dc


def serialize(root: Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(
        root, encoding="utf-8", xml_declaration=False
    )
