from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "financing"
    verbose_name = _("Financing connection")

    def ready(self) -> None:
        from financing.views import applications as application_views
        from financing.views import offers as offer_views
        from listings.panels import detail_panels
        from orders.panels import order_panels

        # A financing offer's page: eligibility, the Apply button, the applications waiting.
        detail_panels.register(offer_views.offer_panel)
        # An order's page: its seller applies for order or receivables financing.
        order_panels.register(application_views.order_panel)
