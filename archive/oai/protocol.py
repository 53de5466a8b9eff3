"""Answering an OAI-PMH 2.0 request: check the arguments, run the verb, report errors as the
protocol asks (``badVerb``, ``badArgument``, ``badResumptionToken``, ``cannotDisseminateFormat``,
``idDoesNotExist``, ``noRecordsMatch``).

Written on ElementTree rather than a library: ``oaipmh`` 4.0 (the maintained pyoai) leaves out
the empty ``resumptionToken`` that must end a list and the request attributes of most error
responses, and its tokens are neither signed nor dated; ``django-oai-pmh`` copies every record
into tables of its own and keeps tokens in the database (and is GPL).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from xml.etree.ElementTree import Element

from django.conf import settings

from archive.citations import citation_record, gbt7714
from archive.models import Article
from archive.oai import records
from archive.oai.records import OaiItem, Selection
from archive.oai.tokens import ResumptionState, TokenError, issue_token, read_token
from archive.oai.xml import (
    NS_OAI_DC,
    NS_OAI_IDENTIFIER,
    NS_XSI,
    OAI_DC_SCHEMA,
    OAI_IDENTIFIER_SCHEMA,
    datestamp,
    element,
    envelope,
    oai_dc,
    serialize,
)

METADATA_PREFIX = "oai_dc"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DESCRIPTION_CHARS = 200
LIST_VERBS = {"ListIdentifiers", "ListRecords"}
# Arguments each verb takes: (required, optional); a resumptionToken stands alone.
ARGUMENTS: dict[str, tuple[set[str], set[str]]] = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Repository:
    """Where the answer is written for: the base URL and how to make an article's permalink."""

    base_url: str
    absolute_url: Callable[[str], str]
    now: datetime.datetime


def handle(params: dict[str, list[str]], repository: Repository) -> bytes:
    """The XML answer to the request whose arguments (each with all its values) are ``params``."""
    arguments: dict[str, str] = {}
    try:
        verb = _verb(params)
        arguments = _arguments(verb, params)
        root = envelope(repository.now, repository.base_url, arguments)
        VERBS[verb](root, arguments, repository)
    except OaiError as error:
        # badVerb and badArgument answers must not echo the arguments (section 3.2).
        shown = {} if error.code in {"badVerb", "badArgument"} else arguments
        root = envelope(repository.now, repository.base_url, shown)
        element(root, "error", str(error), code=error.code)
    return serialize(root)


def _verb(params: dict[str, list[str]]) -> str:
    verbs = params.get("verb", [])
    if len(verbs) != 1:
        raise OaiError("badVerb", "缺少 verb 参数。" if not verbs else "verb 参数重复。")
    if verbs[0] not in ARGUMENTS:
        raise OaiError("badVerb", f"不支持的 verb：{verbs[0][:50]}。")
    return verbs[0]


def _arguments(verb: str, params: dict[str, list[str]]) -> dict[str, str]:
    required, optional = ARGUMENTS[verb]
    given = {name: values for name, values in params.items() if name != "verb"}
    for name, values in given.items():
        if name not in required | optional:
            raise OaiError("badArgument", f"{verb} 不接受参数 {name[:50]}。")
        if len(values) != 1:
            raise OaiError("badArgument", f"参数 {name} 重复。")
    arguments = {"verb": verb, **{name: values[0] for name, values in given.items()}}
    if "resumptionToken" in arguments:
        if len(arguments) > 2:
            raise OaiError("badArgument", "resumptionToken 只能单独使用。")
        return arguments
    missing = sorted(required - set(arguments))
    if missing:
        raise OaiError("badArgument", f"{verb} 缺少参数：{'、'.join(missing)}。")
    return arguments


def identifier_of(article_id: int) -> str:
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:article/{article_id}"


def article_id_of(identifier: str) -> int:
    prefix = f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:article/"
    number = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    if not number.isascii() or not number.isdigit():
        raise OaiError("idDoesNotExist", f"本库没有记录 {identifier[:100]}。")
    return int(number)


def _item_for(identifier: str) -> OaiItem:
    item = records.find_item(article_id_of(identifier))
    if item is None:
        raise OaiError("idDoesNotExist", f"本库没有记录 {identifier[:100]}。")
    return item


def _check_prefix(prefix: str) -> None:
    if prefix != METADATA_PREFIX:
        raise OaiError(
            "cannotDisseminateFormat", f"只提供 {METADATA_PREFIX} 格式，不提供 {prefix[:50]}。"
        )


def identify(root: Element, arguments: dict[str, str], repository: Repository) -> None:
    node = element(root, "Identify")
    element(node, "repositoryName", settings.OAI_REPOSITORY_NAME)
    element(node, "baseURL", repository.base_url)
    element(node, "protocolVersion", "2.0")
    element(node, "adminEmail", settings.OAI_ADMIN_EMAIL)
    earliest = records.earliest_datestamp() or repository.now
    element(node, "earliestDatestamp", datestamp(earliest))
    element(node, "deletedRecord", "persistent")
    element(node, "granularity", GRANULARITY)
    description = element(node, "description")
    scheme = element(
        description,
        "oai-identifier",
        xmlns=NS_OAI_IDENTIFIER,
        **{
            "xmlns:xsi": NS_XSI,
            "xsi:schemaLocation": f"{NS_OAI_IDENTIFIER} {OAI_IDENTIFIER_SCHEMA}",
        },
    )
    element(scheme, "scheme", "oai")
    element(scheme, "repositoryIdentifier", settings.OAI_REPOSITORY_IDENTIFIER)
    element(scheme, "delimiter", ":")
    element(scheme, "sampleIdentifier", identifier_of(1))


def list_metadata_formats(root: Element, arguments: dict[str, str], repository: Repository) -> None:
    if "identifier" in arguments:
        _item_for(arguments["identifier"])
    node = element(root, "ListMetadataFormats")
    fmt = element(node, "metadataFormat")
    element(fmt, "metadataPrefix", METADATA_PREFIX)
    element(fmt, "schema", OAI_DC_SCHEMA)
    element(fmt, "metadataNamespace", NS_OAI_DC)


def list_sets(root: Element, arguments: dict[str, str], repository: Repository) -> None:
    if "resumptionToken" in arguments:
        # Sets always come in one response, so no token was ever issued for them.
        raise OaiError("badResumptionToken", "ListSets 不分批，没有可用的 resumptionToken。")
    node = element(root, "ListSets")
    for spec, name in records.all_sets():
        entry = element(node, "set")
        element(entry, "setSpec", spec)
        element(entry, "setName", name)


def get_record(root: Element, arguments: dict[str, str], repository: Repository) -> None:
    item = _item_for(arguments["identifier"])
    _check_prefix(arguments["metadataPrefix"])
    record = element(element(root, "GetRecord"), "record")
    _write_record(record, item, repository)


def list_identifiers(root: Element, arguments: dict[str, str], repository: Repository) -> None:
    _list(root, arguments, repository, with_metadata=False)


def list_records(root: Element, arguments: dict[str, str], repository: Repository) -> None:
    _list(root, arguments, repository, with_metadata=True)


def _list(
    root: Element, arguments: dict[str, str], repository: Repository, *, with_metadata: bool
) -> None:
    verb = arguments["verb"]
    if "resumptionToken" in arguments:
        try:
            state = read_token(arguments["resumptionToken"], verb, repository.now)
        except TokenError as error:
            raise OaiError("badResumptionToken", str(error)) from error
        after = (datetime.datetime.fromisoformat(state.after_datestamp), state.after_id)
    else:
        state = ResumptionState(
            verb=verb,
            metadata_prefix=arguments["metadataPrefix"],
            set_spec=arguments.get("set", ""),
            from_text=arguments.get("from", ""),
            until_text=arguments.get("until", ""),
            after_datestamp="",
            after_id=0,
            cursor=0,
            complete_list_size=0,
            expires=0,
        )
        after = None
    selection = _selection(state)
    _check_prefix(state.metadata_prefix)
    batch_size = settings.OAI_BATCH_SIZE
    items, more = records.list_items(selection, batch_size, after)
    if after is None:
        if not items:
            raise OaiError("noRecordsMatch", "没有符合条件的记录。")
        state = replace(state, complete_list_size=records.count_items(selection))
    node = element(root, verb)
    for item in items:
        if with_metadata:
            _write_record(element(node, "record"), item, repository)
        else:
            _write_header(node, item)
    if after is None and not more:
        return  # the whole list fit in one response: no token at all
    attributes = {"completeListSize": str(state.complete_list_size), "cursor": str(state.cursor)}
    if not more:
        element(node, "resumptionToken", "", **attributes)  # an empty token ends the list
        return
    expires = repository.now + datetime.timedelta(seconds=settings.OAI_TOKEN_MAX_AGE)
    following = replace(
        state,
        after_datestamp=items[-1].datestamp.isoformat(),
        after_id=items[-1].article_id,
        cursor=state.cursor + len(items),
        expires=int(expires.timestamp()),
    )
    element(
        node,
        "resumptionToken",
        issue_token(following),
        expirationDate=datestamp(expires),
        **attributes,
    )


def _selection(state: ResumptionState) -> Selection:
    start = _parse_datestamp(state.from_text, "from") if state.from_text else None
    end = _parse_datestamp(state.until_text, "until") if state.until_text else None
    if (
        start
        and end
        and (DAY.match(state.from_text) is None) != (DAY.match(state.until_text) is None)
    ):
        raise OaiError("badArgument", "from 与 until 的时间精度不同。")
    before = None
    if end:
        step = (
            datetime.timedelta(days=1)
            if DAY.match(state.until_text)
            else datetime.timedelta(seconds=1)
        )
        try:
            before = end + step  # until is inclusive at its own granularity
        except OverflowError:
            before = None  # until the end of time
    return Selection(from_=start, before=before, set_spec=state.set_spec)


def _parse_datestamp(text: str, name: str) -> datetime.datetime:
    try:
        if DAY.match(text):
            day = datetime.date.fromisoformat(text)
            return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
        if SECOND.match(text):
            return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.UTC
            )
    except ValueError:
        pass
    raise OaiError(
        "badArgument",
        f"{name} 的值 {text[:30]} 不是有效的时间（YYYY-MM-DD 或 YYYY-MM-DDThh:mm:ssZ）。",
    )


def _write_header(parent: Element, item: OaiItem) -> None:
    attributes = {"status": "deleted"} if item.deleted else {}
    header = element(parent, "header", **attributes)
    element(header, "identifier", identifier_of(item.article_id))
    element(header, "datestamp", datestamp(item.datestamp))
    for spec in item.set_specs:
        element(header, "setSpec", spec)


def _write_record(record: Element, item: OaiItem, repository: Repository) -> None:
    _write_header(record, item)
    if item.article is not None:
        oai_dc(element(record, "metadata"), dublin_core(item.article, repository))


def dublin_core(article: Article, repository: Repository) -> list[tuple[str, str]]:
    """The oai_dc fields of an article, from the same citation record as every other format."""
    cited = citation_record(article, url=repository.absolute_url(article.get_absolute_url()))
    fields = [("title", cited.full_title)]
    fields += [("creator", author) for author in cited.authors]
    fields += [
        ("publisher", cited.newspaper),
        ("date", cited.date.isoformat()),
        ("type", "Text"),
        ("identifier", cited.url),
        ("identifier", gbt7714(cited)),
        ("source", ", ".join(filter(None, (cited.newspaper, cited.date.isoformat(), cited.page)))),
        ("language", "zh"),
    ]
    if cited.county:
        fields.append(("coverage", cited.county))
    excerpt = article.excerpt
    if excerpt:
        cut = excerpt[:DESCRIPTION_CHARS]
        fields.append(("description", cut + ("…" if len(excerpt) > DESCRIPTION_CHARS else "")))
    return fields


VERBS: dict[str, Callable[[Element, dict[str, str], Repository], None]] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
