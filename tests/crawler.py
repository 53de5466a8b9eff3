"""Follow every internal link from a start page with Django's test client."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"a", "link"}:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links_in(html: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html)
    return parser.links


def crawl(
    client, start: str = "/", limit: int = 2000, skip_prefixes: tuple[str, ...] = ("/admin/",)
):
    """Visit internal pages breadth-first; returns ``{url: status}`` and ``{url: referrer}``."""
    seen: dict[str, int] = {}
    referrer: dict[str, str] = {start: "(start)"}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in links_in(response.content.decode()):
            absolute = urldefrag(urljoin("http://testserver" + url, href))[0]
            parts = urlparse(absolute)
            if parts.netloc != "testserver" or parts.path.startswith(skip_prefixes):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and target not in referrer:
                referrer[target] = url
                queue.append(target)
    return seen, referrer
