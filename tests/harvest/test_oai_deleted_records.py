"""Deleted articles stay visible to harvesters as deleted records (deletedRecord=persistent)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from archive.models import Article, DeletedArticle, Newspaper
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.harvest.oai import NS, ask, identifiers

pytestmark = pytest.mark.django_db


def oai_id(pk: int) -> str:
    return f"oai:newsroom.local:article/{pk}"


@pytest.fixture
def page():
    return make_page(
        "A05", issue=make_issue("2023-03-14", make_newspaper("怀川日报")), county=make_county()
    )


def test_a_deleted_article_is_a_deleted_record_without_metadata(client, page):
    kept, gone = make_article(page, title="留下"), make_article(page, title="删掉")
    before = timezone.now().replace(microsecond=0)
    gone_pk = gone.pk
    gone.delete()
    root = ask(client, verb="GetRecord", identifier=oai_id(gone_pk), metadataPrefix="oai_dc")
    record = root.find(".//oai:record", NS)
    header = record.find("oai:header", NS)
    assert header.get("status") == "deleted"
    assert record.find("oai:metadata", NS) is None
    assert header.findtext("oai:datestamp", namespaces=NS) >= before.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert [s.text for s in header.iterfind("oai:setSpec", NS)] == [
        "newspaper:huaichuanribao",
        "county:wenxian",
    ]
    listed = ask(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert identifiers(listed) == [oai_id(kept.pk), oai_id(gone_pk)]  # deleted last: newest
    assert len(listed.findall(".//oai:metadata", NS)) == 1
    in_set = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="county:wenxian")
    assert oai_id(gone_pk) in identifiers(in_set)


def test_a_cascading_delete_leaves_tombstones_that_name_their_sets(client, page):
    pks = [make_article(page).pk for _ in range(3)]
    Newspaper.objects.filter(name="怀川日报").delete()
    assert Article.objects.count() == 0
    tombstones = DeletedArticle.objects.order_by("pk")
    assert [t.pk for t in tombstones] == pks
    assert {(t.newspaper_slug, t.county_slug) for t in tombstones} == {
        ("huaichuanribao", "wenxian")
    }
    root = ask(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="newspaper:huaichuanribao"
    )
    assert set(identifiers(root)) == {oai_id(pk) for pk in pks}
    assert all(h.get("status") == "deleted" for h in root.iterfind(".//oai:header", NS))


def test_an_article_restored_under_its_old_id_is_no_longer_deleted(client, page):
    article = make_article(page, title="恢复")
    pk = article.pk
    article.delete()
    assert DeletedArticle.objects.filter(pk=pk).exists()
    Article.objects.create(pk=pk, page=page, title="恢复", body="正文。")
    assert not DeletedArticle.objects.filter(pk=pk).exists()
    root = ask(client, verb="GetRecord", identifier=oai_id(pk), metadataPrefix="oai_dc")
    assert root.find(".//oai:header", NS).get("status") is None
