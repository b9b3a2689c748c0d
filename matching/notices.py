"""The notifications of matching (texts are msgids, rendered in each recipient's language)."""

from django.utils.translation import gettext_noop

from accounts.notifications import Notice

# Sent to the members of each enterprise of an approved match, about their own listing.
MATCH_APPROVED = Notice(
    "match.approved",
    gettext_noop("New match for your listing %(title)s"),
    gettext_noop(
        "%(other_enterprise)s: %(other_title)s (score %(score)s).\n"
        "See why it matches and contact them on your matches page."
    ),
)
