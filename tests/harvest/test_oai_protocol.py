"""OAI-PMH 2.0 protocol rules at /oai: envelope, verbs, arguments, errors, sets, dates, tokens."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import override_settings
from django.utils import timezone

from archive.models import Article
from archive.oai.tokens import ResumptionState, issue_token
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.harvest.oai import NS, ask, error_code, identifiers, token

pytestmark = pytest.mark.django_db

SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
UTC = datetime.UTC


def oai_id(article: Article) -> str:
    return f"oai:newsroom.local:article/{article.pk}"


def stamp(article: Article, moment: str) -> None:
    """Set the article's datestamp (``update`` leaves ``auto_now`` out)."""
    Article.objects.filter(pk=article.pk).update(updated_at=datetime.datetime.fromisoformat(moment))


@pytest.fixture
def archive():
    wen = make_county("温县")
    daily, weekly = make_newspaper("怀川日报"), make_newspaper("河阳周报")
    first = make_page("A05", issue=make_issue("2023-03-14", daily), county=wen)
    other = make_page("B02", issue=make_issue("2023-03-15", weekly))
    articles = [
        make_article(first, title="黄河湿地迎来候鸟", byline="本报记者 李青"),
        make_article(first, title="", kind="brief", body="又讯 县农技站开展下乡服务。"),
        make_article(other, title="河阳新闻", county=None),
        make_article(other, title="河阳简讯", county=None),
        make_article(other, title="河阳图片", county=None),
    ]
    for number, article in enumerate(articles):
        stamp(article, f"2024-05-0{number + 1}T10:00:00.{number}00000+00:00")
    return articles


def test_every_response_has_a_utc_response_date_and_echoes_the_request(client, archive):
    before = timezone.now().replace(microsecond=0)
    root = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="county:wenxian")
    assert root.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
    [response_date, request] = list(root)[:2]
    assert SECOND.match(response_date.text)
    moment = datetime.datetime.strptime(response_date.text, "%Y-%m-%dT%H:%M:%SZ")
    assert before <= moment.replace(tzinfo=UTC) <= timezone.now()
    assert request.text == "http://testserver/oai"
    assert request.attrib == {
        "verb": "ListIdentifiers",
        "metadataPrefix": "oai_dc",
        "set": "county:wenxian",
    }


def test_identify_describes_the_repository(client, archive):
    identify = ask(client, verb="Identify").find("oai:Identify", NS)
    assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai"
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS) == "2024-05-01T10:00:00Z"
    assert identify.findtext("oai:adminEmail", namespaces=NS)
    scheme = identify.find("oai:description/id:oai-identifier", NS)
    assert scheme.findtext("id:repositoryIdentifier", namespaces=NS) == "newsroom.local"


@pytest.mark.parametrize(
    "params",
    [{}, {"verb": "Harvest"}, {"verb": ["Identify", "Identify"]}],
    ids=["missing", "illegal", "repeated"],
)
def test_bad_verb_is_reported_without_request_attributes(client, archive, params):
    root = ask(client, **params)
    assert error_code(root) == "badVerb"
    assert root.find("oai:request", NS).attrib == {}


@pytest.mark.parametrize(
    "params",
    [
        {"verb": "Identify", "set": "county:wenxian"},
        {"verb": "ListRecords"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from_": "2024-05"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from_": "2024-02-30"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2024-05-01T10:00Z"},
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from_": "2024-05-01",
            "until": "2024-05-03T00:00:00Z",
        },
    ],
    ids=[
        "illegal-argument",
        "missing-prefix",
        "missing-identifier",
        "repeated-argument",
        "token-not-alone",
        "month-date",
        "impossible-date",
        "minutes-only",
        "mixed-granularity",
    ],
)
def test_bad_arguments_are_reported_without_request_attributes(client, archive, params):
    root = ask(client, **params)
    assert error_code(root) == "badArgument"
    assert root.find("oai:request", NS).attrib == {}


def test_other_errors_echo_the_request(client, archive):
    root = ask(client, verb="ListRecords", metadataPrefix="marc21")
    assert error_code(root) == "cannotDisseminateFormat"
    assert root.find("oai:request", NS).attrib == {
        "verb": "ListRecords",
        "metadataPrefix": "marc21",
    }


def test_only_oai_dc_is_disseminated(client, archive):
    formats = ask(client, verb="ListMetadataFormats")
    assert [n.text for n in formats.iterfind(".//oai:metadataPrefix", NS)] == ["oai_dc"]
    one = ask(client, verb="ListMetadataFormats", identifier=oai_id(archive[0]))
    assert one.findtext(".//oai:metadataPrefix", namespaces=NS) == "oai_dc"
    get = ask(client, verb="GetRecord", identifier=oai_id(archive[0]), metadataPrefix="mods")
    assert error_code(get) == "cannotDisseminateFormat"


@pytest.mark.parametrize(
    "identifier",
    [
        "oai:newsroom.local:article/999999",
        "oai:other.org:article/1",
        "article/1",
        "oai:newsroom.local:article/１",
    ],
)
def test_unknown_identifiers_do_not_exist(client, archive, identifier):
    assert (
        error_code(ask(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc"))
        == "idDoesNotExist"
    )
    assert (
        error_code(ask(client, verb="ListMetadataFormats", identifier=identifier))
        == "idDoesNotExist"
    )


def test_get_record_gives_dublin_core_from_the_citation(client, archive):
    untitled = archive[1]
    record = ask(client, verb="GetRecord", identifier=oai_id(untitled), metadataPrefix="oai_dc")
    header = record.find(".//oai:record/oai:header", NS)
    assert header.findtext("oai:identifier", namespaces=NS) == oai_id(untitled)
    assert header.findtext("oai:datestamp", namespaces=NS) == "2024-05-02T10:00:00Z"
    assert [s.text for s in header.iterfind("oai:setSpec", NS)] == [
        "newspaper:huaichuanribao",
        "county:wenxian",
    ]
    dc = record.find(".//oai:metadata/oai_dc:dc", NS)
    values = {}
    for node in dc:
        values.setdefault(node.tag.split("}")[1], []).append(node.text)
    assert values["title"] == ["[无题]"]
    assert values["date"] == ["2023-03-14"]
    assert values["publisher"] == ["怀川日报"]
    assert values["source"] == ["怀川日报, 2023-03-14, A05"]
    assert values["identifier"][0] == f"http://testserver/articles/{untitled.pk}/"
    assert values["identifier"][1] == "[无题][N]. 怀川日报, 2023-03-14(A05)."
    assert values["coverage"] == ["温县"]
    assert values["description"] == ["又讯 县农技站开展下乡服务。"]
    credited = ask(client, verb="GetRecord", identifier=oai_id(archive[0]), metadataPrefix="oai_dc")
    assert [n.text for n in credited.iterfind(".//dc:creator", NS)] == ["李青"]


def test_sets_are_newspapers_and_counties_under_two_top_sets(client, archive):
    root = ask(client, verb="ListSets")
    sets = {
        node.findtext("oai:setSpec", namespaces=NS): node.findtext("oai:setName", namespaces=NS)
        for node in root.iterfind(".//oai:set", NS)
    }
    assert sets == {
        "newspaper": "报纸",
        "county": "县区",
        "newspaper:huaichuanribao": "怀川日报",
        "newspaper:heyangzhoubao": "河阳周报",
        "county:wenxian": "焦作市温县",
    }


def test_set_from_and_until_select_records(client, archive):
    def listed(**params) -> list[str]:
        return identifiers(ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params))

    assert listed(set="newspaper:heyangzhoubao") == [oai_id(a) for a in archive[2:]]
    assert listed(set="county") == [oai_id(a) for a in archive[:2]]
    assert listed(set="newspaper") == [oai_id(a) for a in archive]
    # until is inclusive at its own granularity: the whole second, the whole day.
    assert listed(until="2024-05-02T10:00:00Z") == [oai_id(a) for a in archive[:2]]
    assert listed(from_="2024-05-02T10:00:01Z", until="2024-05-04T10:00:00Z") == [
        oai_id(a) for a in archive[2:4]
    ]
    assert listed(from_="2024-05-03", until="2024-05-04") == [oai_id(a) for a in archive[2:4]]
    assert listed(from_="2024-05-05") == [oai_id(archive[4])]
    assert listed(from_="0001-01-01", until="9999-12-31") == [oai_id(a) for a in archive]
    assert listed(until="9999-12-31T23:59:59Z") == [oai_id(a) for a in archive]


@pytest.mark.parametrize(
    "params",
    [
        {"set": "county:mengzhoushi"},
        {"set": "paper:x"},
        {"from_": "2030-01-01"},
        {"from_": "2024-05-04", "until": "2024-05-01"},
    ],
)
def test_empty_selections_match_no_records(client, archive, params):
    for verb in ("ListIdentifiers", "ListRecords"):
        assert (
            error_code(ask(client, verb=verb, metadataPrefix="oai_dc", **params))
            == "noRecordsMatch"
        )


@override_settings(OAI_BATCH_SIZE=2)
def test_resumption_tokens_walk_the_whole_list_and_an_empty_token_ends_it(client, archive):
    seen, cursors = [], []
    root = ask(client, verb="ListRecords", metadataPrefix="oai_dc")
    while True:
        seen += identifiers(root)
        resumption = token(root)
        cursors.append(resumption.get("cursor"))
        assert resumption.get("completeListSize") == "5"
        if not resumption.text:
            assert resumption.get("expirationDate") is None
            break
        assert SECOND.match(resumption.get("expirationDate"))
        root = ask(client, verb="ListRecords", resumptionToken=resumption.text)
        assert root.find("oai:request", NS).attrib == {
            "verb": "ListRecords",
            "resumptionToken": resumption.text,
        }
    assert seen == [oai_id(a) for a in archive]
    assert cursors == ["0", "2", "4"]


def test_a_list_that_fits_one_response_has_no_token(client, archive):
    assert token(ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc")) is None


@override_settings(OAI_BATCH_SIZE=2)
def test_an_article_changed_during_a_harvest_is_sent_again_not_skipped(client, archive):
    root = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    first = identifiers(root)
    archive[0].save()  # its datestamp moves to now, behind everything
    rest = []
    while token(root) is not None and token(root).text:
        root = ask(client, verb="ListIdentifiers", resumptionToken=token(root).text)
        rest += identifiers(root)
    assert first + rest == [oai_id(a) for a in archive] + [oai_id(archive[0])]


def good_state(**changes) -> ResumptionState:
    fields = dict(
        verb="ListRecords",
        metadata_prefix="oai_dc",
        set_spec="",
        from_text="",
        until_text="",
        after_datestamp="2024-05-01T10:00:00+00:00",
        after_id=0,
        cursor=1,
        complete_list_size=5,
        expires=int(timezone.now().timestamp()) + 600,
    )
    fields.update(changes)
    return ResumptionState(**fields)


@pytest.mark.parametrize(
    ("verb", "value"),
    [
        ("ListRecords", "not-a-token"),
        ("ListRecords", issue_token(good_state())[:-3] + "abc"),  # altered
        ("ListRecords", issue_token(good_state(expires=1_700_000_000))),  # expired
        ("ListIdentifiers", issue_token(good_state())),  # another verb's
        ("ListSets", issue_token(good_state())),  # ListSets never pages
    ],
    ids=["garbage", "altered", "expired", "other-verb", "list-sets"],
)
def test_unusable_resumption_tokens_are_refused(client, archive, verb, value):
    root = ask(client, verb=verb, resumptionToken=value)
    assert error_code(root) == "badResumptionToken"
    assert root.find("oai:request", NS).get("resumptionToken") == value


def test_a_good_token_resumes_after_its_position(client, archive):
    position = good_state(after_id=archive[0].pk)
    root = ask(client, verb="ListRecords", resumptionToken=issue_token(position))
    assert error_code(root) is None
    assert identifiers(root) == [oai_id(a) for a in archive[1:]]


def test_harvesters_may_post_their_requests(client, archive):
    root = ask(
        client, "post", verb="GetRecord", identifier=oai_id(archive[0]), metadataPrefix="oai_dc"
    )
    assert root.findtext(".//dc:title", namespaces=NS) == "黄河湿地迎来候鸟"


def test_characters_xml_cannot_carry_are_left_out_not_an_unreadable_answer(client, archive):
    # Control characters a database can store (PostgreSQL refuses NUL in text; forms refuse it too).
    Article.objects.filter(pk=archive[0].pk).update(body="第一段\x0c第二段\x1f。", title="标题\x1b")
    root = ask(client, verb="GetRecord", identifier=oai_id(archive[0]), metadataPrefix="oai_dc")
    assert root.findtext(".//dc:title", namespaces=NS) == "标题"
    assert root.findtext(".//dc:description", namespaces=NS) == "第一段第二段。"
