from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orders"
    verbose_name = _("Orders and quotations")

    def ready(self) -> None:
        from listings.access import register_confidential_grant
        from listings.panels import detail_panels
        from matching.follow_ups import register_follow_up
        from orders.selectors import is_party_of_order, parties_of_orders
        from orders.views import licences as licence_views
        from orders.views import orders as order_views
        from orders.views import quotes as quote_views
        from orders.views.common import match_follow_ups

        # The parties of an order (or of an awarded quote, which becomes one) see the listing's
        # confidential attachments.
        register_confidential_grant(is_party_of_order, parties_of_orders)
        detail_panels.register(order_views.listing_panel)
        register_follow_up(match_follow_ups)
        detail_panels.register(licence_views.listing_panel)
        detail_panels.register(quote_views.listing_panel)
