"""Pages of listings: the catalogue, listing detail, my listings, forms, import and saved searches."""

from django.urls import path

from listings.views import bulk, catalogue, mine, saved_searches

app_name = "listings"

urlpatterns = [
    # Public: the catalogue and a listing (with staff review buttons).
    path("listings/", catalogue.catalogue, name="catalogue"),
    path("listings/<int:pk>/", catalogue.detail, name="detail"),
    path(
        "listings/<int:pk>/attachments/<int:attachment_id>/",
        catalogue.attachment_download,
        name="attachment",
    ),
    path("listings/<int:pk>/approve/", catalogue.approve, name="approve"),
    path("listings/<int:pk>/reject/", catalogue.reject, name="reject"),
    # The member's own listings.
    path("my/listings/", mine.mine, name="mine"),
    path("my/listings/export/<str:file_format>/", bulk.export, name="export"),
    path("my/listings/new/", mine.create_choose, name="create_choose"),
    path("my/listings/new/<str:side>/<str:kind>/", mine.create, name="create"),
    path("my/listings/import/", bulk.import_listings, name="import"),
    path("my/listings/import/template/<str:file_format>/", bulk.import_template, name="import_template"),
    path("my/listings/<int:pk>/edit/", mine.edit, name="edit"),
    path("my/listings/<int:pk>/submit/", mine.submit, name="submit"),
    path("my/listings/<int:pk>/close/", mine.close, name="close"),
    path("my/listings/<int:pk>/delete/", mine.delete, name="delete"),
    path(
        "my/listings/<int:pk>/attachments/<int:attachment_id>/delete/",
        mine.attachment_delete,
        name="attachment_delete",
    ),
    # Saved searches.
    path("my/saved-searches/", saved_searches.saved_searches, name="saved_searches"),
    path("my/saved-searches/new/", saved_searches.saved_search_new, name="saved_search_new"),
    path(
        "my/saved-searches/<int:pk>/delete/", saved_searches.saved_search_remove, name="saved_search_delete"
    ),
]
