from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from archive.sitemaps import SITEMAPS
from archive.views.health import healthz

admin.site.site_header = "newsroom 报纸档案管理"
admin.site.site_title = "newsroom 管理"
admin.site.index_title = "档案管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("healthz", healthz, name="healthz"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    path("", include("archive.urls")),
]
# Page scans and tiles in development; in production the web server serves MEDIA_ROOT (README).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
