"""Root URLs: pages, the admin, the API under /api/v1/, its schema and Swagger UI."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as accounts_views
from platform_site import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("platform_site.api.router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Split: the page loads its setup script from ?script, so the CSP (settings.py) needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("accounts.urls")),
    path("", include("listings.urls")),
    path("matches/", include("matching.urls")),
    path("", include("orders.urls")),
    path("financing/", include("financing.urls")),
    path("information/", include("information.urls")),
    path("stats/", include("stats.urls")),
]

handler404 = "platform_site.views.not_found"
handler500 = "platform_site.views.server_error"
handler403 = "platform_site.views.permission_denied"

admin.site.site_header = "Chainmatch 汽车产业供需对接平台"
admin.site.site_title = "Chainmatch"
admin.site.index_title = "Platform administration"
# The admin home shows the office's work queues above the applications (platform_site/admin_home.py).
admin.site.index_template = "admin/index_with_queues.html"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
