"""A real OAI-PMH client (oaipmh-scythe, over HTTP) harvests the whole demo archive from a live
server, in several resumption rounds, and every record and every response is checked."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from oaipmh_scythe import Scythe
from oaipmh_scythe.config import HTTPConfig

from archive.citations import citation_record, gbt7714, printed_page_label
from archive.models import Article, County, Newspaper
from tests.harvest.oai import NS

DEMO = Path(__file__).resolve().parents[2] / "demo" / "pages"
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
BATCH = 4


@pytest.fixture
def demo_archive(transactional_db):
    """The demo pages imported as ``make run`` does, with one article deleted afterwards."""
    call_command("import_pages", str(DEMO), manifest=DEMO / "manifest.csv", verbosity=0)
    assert Article.objects.count() > 2 * BATCH  # enough for several resumption rounds
    deleted = Article.objects.order_by("pk").first()
    deleted_pk = deleted.pk
    deleted.delete()
    return deleted_pk


@pytest.fixture
def harvester(live_server):
    """A Scythe client on the live server that keeps every raw response it receives."""
    responses = []
    scythe = Scythe(f"{live_server.url}/oai", http_config=HTTPConfig(timeout=30))
    scythe.client.event_hooks["response"].append(lambda response: responses.append(response))
    yield scythe, responses
    scythe.close()


def check_response(response, base_url: str) -> None:
    """What every OAI-PMH response must be, whatever the verb (protocol sections 3.2 and 3.5)."""
    response.read()
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['oai']}}}OAI-PMH"
    children = list(root)
    assert children[0].tag == f"{{{NS['oai']}}}responseDate"
    assert SECOND.match(children[0].text)
    assert children[1].tag == f"{{{NS['oai']}}}request" and children[1].text == base_url
    assert root.find("oai:error", NS) is None
    for datestamp in root.iterfind(".//oai:header/oai:datestamp", NS):
        assert SECOND.match(datestamp.text)
    token = root.find(".//oai:resumptionToken", NS)
    if token is not None and token.text:
        assert SECOND.match(token.get("expirationDate"))


@override_settings(OAI_BATCH_SIZE=BATCH)
def test_scythe_harvests_every_demo_record_with_the_archive_s_facts(
    demo_archive, harvester, live_server
):
    scythe, responses = harvester
    identify = scythe.identify()
    assert identify.baseURL == f"{live_server.url}/oai"
    assert identify.deletedRecord == "persistent"

    records = list(scythe.list_records(metadata_prefix="oai_dc"))
    harvested = Counter(record.header.identifier for record in records)
    articles = list(Article.objects.with_context())
    expected = {f"oai:newsroom.local:article/{a.pk}" for a in articles}
    expected.add(f"oai:newsroom.local:article/{demo_archive}")
    assert set(harvested) == expected
    assert max(harvested.values()) == 1
    assert len(responses) >= 1 + len(expected) // BATCH  # Identify, then several rounds

    by_id = {f"oai:newsroom.local:article/{a.pk}": a for a in articles}
    for record in records:
        if record.header.identifier not in by_id:
            assert record.deleted
            continue
        article = by_id[record.header.identifier]
        cited = citation_record(article, url=f"{live_server.url}{article.get_absolute_url()}")
        metadata = record.metadata
        assert metadata["title"] == [cited.full_title]
        assert metadata["date"] == [article.page.issue.date.isoformat()]
        assert metadata["publisher"] == [article.page.issue.newspaper.name]
        printed = printed_page_label(article.page)
        assert metadata["source"] == [
            f"{cited.newspaper}, {cited.date.isoformat()}" + (f", {printed}" if printed else "")
        ]
        assert metadata["identifier"] == [cited.url, gbt7714(cited)]
        assert metadata.get("creator", []) == list(cited.authors)
        if article.title == "":
            assert metadata["title"] == ["[无题]"]
        stamp = datetime.datetime.strptime(record.header.datestamp, "%Y-%m-%dT%H:%M:%SZ")
        assert stamp.replace(tzinfo=datetime.UTC) == article.updated_at.replace(microsecond=0)
        assert f"newspaper:{article.page.issue.newspaper.slug}" in record.header.setSpecs

    for response in responses:
        check_response(response, f"{live_server.url}/oai")
    last = ET.fromstring(responses[-1].content).find(".//oai:resumptionToken", NS)
    assert last.text is None  # the empty token that ends the list
    assert last.get("completeListSize") == str(len(expected))
    assert last.get("cursor") == str((len(expected) - 1) // BATCH * BATCH)


@override_settings(OAI_BATCH_SIZE=BATCH)
def test_scythe_harvests_each_set_and_the_sets_cover_the_archive(demo_archive, harvester):
    scythe, _ = harvester
    specs = {oai_set.setSpec for oai_set in scythe.list_sets()}
    newspapers = {f"newspaper:{slug}" for slug in Newspaper.objects.values_list("slug", flat=True)}
    counties = {f"county:{slug}" for slug in County.objects.values_list("slug", flat=True)}
    assert specs == {"newspaper", "county"} | newspapers | counties
    per_newspaper = [
        header.identifier
        for spec in sorted(newspapers)
        for header in scythe.list_identifiers(metadata_prefix="oai_dc", set_=spec)
    ]
    everything = [header.identifier for header in scythe.list_identifiers(metadata_prefix="oai_dc")]
    assert sorted(per_newspaper) == sorted(everything)
    live = list(scythe.list_identifiers(metadata_prefix="oai_dc", ignore_deleted=True))
    assert len(live) == Article.objects.count() == len(everything) - 1
