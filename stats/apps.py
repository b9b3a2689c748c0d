from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Statistics: no models of its own; it reads the other apps' tables."""

    name = "stats"
    verbose_name = _("Statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Invalidate the cached figures when any table they are computed from changes.
        from stats import receivers

        receivers.connect()
