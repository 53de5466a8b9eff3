from django.urls import path, re_path, register_converter

from archive.feeds import CountyFeed, NewspaperFeed, SearchFeed
from archive.views import api, browse, cite, oai, reports, search, trend

app_name = "archive"


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("", browse.home, name="home"),
    path("papers/<slug:slug>/", browse.newspaper, name="newspaper"),
    path("papers/<slug:slug>/feed/", NewspaperFeed(), name="newspaper_feed"),
    path("papers/<slug:slug>/<int:year>/", browse.newspaper_year, name="newspaper_year"),
    path("papers/<slug:slug>/<isodate:day>/", browse.issue, name="issue"),
    path("papers/<slug:slug>/<isodate:day>/<str:label>/", browse.page, name="page"),
    path("articles/<int:pk>/", browse.article, name="article"),
    re_path(
        r"^articles/(?P<pk>[0-9]+)/cite\.(?P<fmt>ris|bib|json)$",
        cite.article_citation,
        name="article_citation",
    ),
    path("articles/<int:pk>/report/", reports.report_error, name="report_error"),
    path("counties/", browse.county_list, name="county_list"),
    path("counties/<slug:slug>/", browse.county, name="county"),
    path("counties/<slug:slug>/feed/", CountyFeed(), name="county_feed"),
    path("search/", search.search, name="search"),
    path("search/trend/", trend.trend, name="search_trend"),
    path("api/trend", trend.api_trend, name="api_trend"),
    path("search/feed/", SearchFeed(), name="search_feed"),
    re_path(
        r"^search/cite\.(?P<fmt>ris|bib|json)$", cite.search_citations, name="search_citations"
    ),
    path("oai", oai.endpoint, name="oai"),
    path("api/search", api.search, name="api_search"),
    path("api/articles/<int:pk>", api.article, name="api_article"),
]
