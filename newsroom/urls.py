from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "newsroom 报纸档案管理"
admin.site.site_title = "newsroom 管理"
admin.site.index_title = "档案管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("archive.urls")),
]
