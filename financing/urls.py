"""The financing pages: offers, applications, the institution's workspace."""

from django.urls import URLPattern, path

from financing.views import applications as application_views
from financing.views import offers as offer_views
from financing.views import recommendations as recommendation_views
from financing.views import thread as thread_views
from financing.views import workspace as workspace_views

app_name = "financing"

urlpatterns: list[URLPattern] = [
    path("offers/", offer_views.offers, name="offers"),
    path("apply/", application_views.apply, name="apply"),
    path("applications/", application_views.mine, name="applications"),
    path("applications/<int:pk>/", application_views.detail, name="application_detail"),
    path("applications/<int:pk>/messages/", thread_views.thread_post, name="application_message_post"),
    path(
        "applications/<int:pk>/messages/<int:message_id>/file/",
        application_views.message_file,
        name="application_message_file",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_id>/",
        application_views.document_download,
        name="application_document",
    ),
    path(
        "applications/<int:pk>/<str:action>/", application_views.application_action, name="application_action"
    ),
    path("workspace/", workspace_views.workspace, name="workspace"),
    path("recommended/", recommendation_views.recommended, name="recommended"),
]
