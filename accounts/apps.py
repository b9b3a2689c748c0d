from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, enterprises, memberships, the taxonomy, registration, verification and notifications."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and enterprises")

    def ready(self) -> None:
        from accounts import region_table  # noqa: F401 - connects the table's signal receivers
