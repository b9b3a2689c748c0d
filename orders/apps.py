from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orders"
    verbose_name = _("Orders and quotations")

    def ready(self) -> None:
        from listings.access import register_confidential_grant
        from listings.panels import register_detail_panel
        from matching.follow_ups import register_follow_up
        from orders.selectors import is_party_of_order, parties_of_orders
        from orders.views import licences as licence_views
        from orders.views import orders as order_views
        from orders.views import quotes as quote_views
        from orders.views.common import match_follow_ups

        # The parties of an order (or of an awarded quote, which becomes one) see the listing's
        # confidential attachments.
        register_confidential_grant(is_party_of_order, parties_of_orders)
        register_detail_panel(order_views.listing_panel)
        register_follow_up(match_follow_ups)
        register_detail_panel(licence_views.listing_panel)
        register_detail_panel(quote_views.listing_panel)
