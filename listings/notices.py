"""The notifications of listings (texts are msgids, rendered in each recipient's language)."""

from django.utils.translation import gettext_noop

from accounts.notifications import Notice

LISTING_SUBMITTED = Notice("listing.submitted", gettext_noop("Listing awaiting review: %(title)s"))
LISTING_RETURNED_TO_REVIEW = Notice(
    "listing.returned_to_review", gettext_noop("Edited listing awaiting review again: %(title)s")
)
LISTING_APPROVED = Notice(
    "listing.approved",
    gettext_noop("Your listing %(title)s is published"),
    gettext_noop("It is now in the catalogue and takes part in matching."),
)
LISTING_REJECTED = Notice(
    "listing.rejected",
    gettext_noop("Your listing %(title)s was not approved"),
    gettext_noop("Reason: %(reason)s\nEdit the listing and submit it again."),
)
LISTING_EXPIRING = Notice(
    "listing.expiring",
    gettext_noop("Your listing %(title)s expires on %(date)s"),
    gettext_noop("Extend its validity to keep it in the catalogue."),
)
LISTING_EXPIRED = Notice(
    "listing.expired",
    gettext_noop("Your listing %(title)s has expired"),
    gettext_noop("Set a new validity date and submit it again to publish it."),
)
SAVED_SEARCH_MATCH = Notice(
    "listing.saved_search_match", gettext_noop("New listing for your saved search %(name)s: %(title)s")
)
LISTINGS_IMPORTED = Notice(
    "listing.imported", gettext_noop("%(count)s imported listings of %(name)s await review")
)
