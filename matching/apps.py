from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Supply-demand matching: the engine, matches and their review, rematch runs."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from listings.access import register_confidential_grant
        from listings.signals import listing_published, listing_withdrawn
        from matching import receivers
        from matching.selectors import is_party_of_approved_match, parties_of_approved_matches

        # The parties of an approved match see each other's confidential attachments (issue 2's hook).
        register_confidential_grant(is_party_of_approved_match, parties_of_approved_matches)
        listing_published.connect(receivers.on_listing_published, dispatch_uid="matching.listing_published")
        listing_withdrawn.connect(receivers.on_listing_withdrawn, dispatch_uid="matching.listing_withdrawn")
