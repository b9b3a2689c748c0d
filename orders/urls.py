"""The pages of orders, quotes, licence and talent requests and their conversations."""

from django.urls import URLPattern, path

from orders.views import licences as licence_views
from orders.views import messages as thread_views
from orders.views import orders
from orders.views import quotes as quote_views

app_name = "orders"

urlpatterns: list[URLPattern] = [
    path("orders/", orders.mine, name="orders_mine"),
    path("orders/<int:pk>/", orders.detail, name="order_detail"),
    path("orders/<int:pk>/<str:action>/", orders.transition, name="order_transition"),
    path("listings/<int:listing_id>/order/", orders.place, name="order_place"),
    path("threads/<slug:kind>/<int:pk>/messages/", thread_views.thread_post, name="thread_post"),
    path("messages/<int:pk>/file/", thread_views.message_file, name="message_file"),
    # Each area adds its pages below.
    path("listings/<int:listing_id>/request/", licence_views.request_new, name="licence_new"),
    path("requests/", licence_views.request_list, name="licence_list"),
    path("requests/<int:pk>/", licence_views.request_detail, name="licence_detail"),
    path("requests/<int:pk>/<str:action>/", licence_views.request_action, name="licence_action"),
    path("rfq/", quote_views.rfq_mine, name="rfq_mine"),
    path("rfq/<int:pk>/", quote_views.rfq_detail, name="rfq_detail"),
    path("rfq/<int:pk>/<str:action>/", quote_views.rfq_action, name="rfq_action"),
    path("listings/<int:listing_id>/rfq/open/", quote_views.rfq_open, name="rfq_open"),
    path("listings/<int:listing_id>/quote/", quote_views.quote_submit, name="quote_submit"),
    path("quotes/", quote_views.quote_mine, name="quote_mine"),
    path("quotes/<int:pk>/", quote_views.quote_detail, name="quote_detail"),
    path(
        "quotes/<int:pk>/attachments/<int:attachment_id>/",
        quote_views.quote_attachment,
        name="quote_attachment",
    ),
    path("quotes/<int:pk>/<str:action>/", quote_views.quote_action, name="quote_action"),
]
