"""Signals other apps listen to (matching, orders), sent after the transaction commits.

`listings` must not import the apps to its right, so it announces what happened and they react.
"""

from django.dispatch import Signal

# A listing entered the catalogue (approved). Arguments: listing_id.
listing_published = Signal()
# A listing left the catalogue: closed, expired, or sent back to review. Arguments: listing_id, status.
listing_withdrawn = Signal()
