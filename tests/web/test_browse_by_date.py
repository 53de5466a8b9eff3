import pytest
from django.core.exceptions import ValidationError

from archive.models import validate_page_label
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page

pytestmark = pytest.mark.django_db


def test_home_lists_latest_issue_and_totals(client):
    issue = make_issue("2023-01-10")
    make_article(make_page(issue=issue), title="黄河滩区麦苗返青")
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2023年1月10日 星期二" in text
    assert issue.get_absolute_url() in text
    assert "<strong>1</strong> 篇文章" in text


def test_calendar_links_days_with_an_issue_and_not_other_days(client):
    paper = make_newspaper()
    make_issue("2023-01-10", paper)
    response = client.get(f"/papers/{paper.slug}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert f'href="/papers/{paper.slug}/2023-01-10/"' in text
    assert f'href="/papers/{paper.slug}/2023-01-11/"' not in text


def test_calendar_month_can_be_chosen_and_bad_month_falls_back(client):
    paper = make_newspaper()
    make_issue("2023-01-10", paper)
    make_issue("2023-03-02", paper)
    assert (
        f"/papers/{paper.slug}/2023-01-10/"
        in client.get(f"/papers/{paper.slug}/?month=2023-01").content.decode()
    )
    response = client.get(f"/papers/{paper.slug}/?month=garbage")
    assert response.status_code == 200
    assert f"/papers/{paper.slug}/2023-03-02/" in response.content.decode()


def test_year_page_shows_only_the_months_with_issues(client):
    paper = make_newspaper()
    make_issue("2024-02-23", paper)
    make_issue("2024-11-05", paper)
    make_issue("2024-11-06", paper)
    text = client.get(f"/papers/{paper.slug}/2024/").content.decode()
    assert text.count('<table class="calendar"') == 2
    assert 'aria-label="2024年2月"' in text and 'aria-label="2024年11月"' in text
    assert 'aria-label="2024年3月"' not in text
    assert f"/papers/{paper.slug}/2024-02-23/" in text
    assert f"/papers/{paper.slug}/2024-11-06/" in text
    assert "本年收录 3 期，分布在 2 个月" in text


def test_issue_page_lists_pages_articles_and_neighbour_issues(client):
    paper = make_newspaper()
    first, second, third = (
        make_issue(d, paper) for d in ("2023-01-09", "2023-01-10", "2023-01-12")
    )
    page = make_page("A08", issue=second)
    make_article(page, title="县委常委会召开")
    text = client.get(second.get_absolute_url()).content.decode()
    assert "县委常委会召开" in text
    assert first.get_absolute_url() in text and third.get_absolute_url() in text


def test_page_view_shows_articles_in_reading_order_with_neighbour_pages(client):
    issue = make_issue()
    a07, a08, a09 = (make_page(label, issue=issue) for label in ("A07", "A08", "A09"))
    make_article(a08, title="第二篇", order=2)
    make_article(a08, title="第一篇", order=1)
    text = client.get(a08.get_absolute_url()).content.decode()
    assert text.index("第一篇") < text.index("第二篇")
    assert a07.get_absolute_url() in text and a09.get_absolute_url() in text


@pytest.mark.parametrize(
    "path",
    [
        "/papers/huaichuanribao/2023-02-30/",
        "/papers/huaichuanribao/2023-01-11/",
        "/papers/huaichuanribao/2023-01-10/Z99/",
        "/papers/nosuchpaper/",
        "/papers/huaichuanribao/0/",
        "/papers/huaichuanribao/9999/",
        "/papers/huaichuanribao/2022/",
        "/articles/999999/",
        "/counties/nowhere/",
    ],
)
def test_unknown_dates_pages_and_ids_give_a_friendly_404(client, path):
    make_page(issue=make_issue("2023-01-10", make_newspaper()))
    response = client.get(path)
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


def test_county_page_groups_articles_by_date_and_filters_by_month(client):
    county = make_county("孟州市", "焦作市")
    make_article(make_page(issue=make_issue("2023-01-10"), county=county), title="一月的新闻")
    make_article(make_page(issue=make_issue("2023-03-05"), county=county), title="三月的新闻")
    text = client.get(county.get_absolute_url()).content.decode()
    assert text.index("三月的新闻") < text.index("一月的新闻")
    filtered = client.get(county.get_absolute_url() + "?year=2023&month=1").content.decode()
    assert "一月的新闻" in filtered and "三月的新闻" not in filtered


def test_county_page_paginates(client):
    county = make_county()
    page = make_page(county=county)
    for n in range(25):
        make_article(page, title=f"报道{n:02d}")
    first = client.get(county.get_absolute_url()).content.decode()
    second = client.get(county.get_absolute_url() + "?page=2").content.decode()
    assert "第 1 / 2 页" in first and "第 2 / 2 页" in second
    assert client.get(county.get_absolute_url() + "?page=banana").status_code == 200


def test_county_list_groups_counties_by_city_with_counts(client):
    wen = make_county("温县", "焦作市")
    make_county("牧野区", "新乡市")
    make_article(make_page(county=wen))
    html = client.get("/counties/").content.decode()
    text = html[html.index("<main") :]
    assert text.index("焦作市") < text.index("温县") < text.index("新乡市") < text.index("牧野区")
    assert "1 篇" in text


def test_month_navigation_jumps_to_the_nearest_month_with_issues(client):
    paper = make_newspaper()
    make_issue("2022-11-03", paper)
    make_issue("2023-01-10", paper)
    make_issue("2023-06-01", paper)
    text = client.get(f"/papers/{paper.slug}/?month=2023-01").content.decode()
    assert "?month=2022-11" in text and "?month=2023-06" in text
    assert "?month=2022-12" not in text and "?month=2023-02" not in text


@pytest.mark.parametrize("query", ["?month=9999-12", "?month=0-1", "?month=2023-13", "?month=-5-1"])
def test_out_of_range_months_fall_back_to_the_latest_issue(client, query):
    paper = make_newspaper()
    make_issue("2023-01-10", paper)
    response = client.get(f"/papers/{paper.slug}/{query}")
    assert response.status_code == 200
    assert f"/papers/{paper.slug}/2023-01-10/" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["?year=-1", "?year=10000", "?year=99999999999", "?year=2023&month=99"]
)
def test_out_of_range_county_filters_are_ignored(client, query):
    county = make_county()
    make_article(make_page(issue=make_issue("2023-01-10"), county=county), title="冬季送温暖")
    response = client.get(county.get_absolute_url() + query)
    assert response.status_code == 200
    assert "冬季送温暖" in response.content.decode()


def test_page_labels_with_a_slash_are_refused():
    validate_page_label("A08")
    with pytest.raises(ValidationError):
        validate_page_label("A08/A09")
    with pytest.raises(ValidationError):
        validate_page_label("A 08")


def test_year_page_needs_few_queries(client, django_assert_max_num_queries):
    paper = make_newspaper()
    for day in ("2024-01-03", "2024-02-23", "2024-07-01", "2023-05-05"):
        make_issue(day, paper)
    with django_assert_max_num_queries(8):
        response = client.get(f"/papers/{paper.slug}/2024/")
    assert response.content.decode().count('<table class="calendar"') == 3
