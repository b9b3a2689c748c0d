"""Pages of listings: the public catalogue and detail, "my listings", the forms, import and saved searches.

Views parse, call a service or a selector, and render (see `accounts.views` for the conventions they
share: `member_required`, field errors under the field, refusals as messages, never a 500). A listing
of another enterprise is looked up through `selectors.listing_owned_by(<own enterprise>)`, so changing
it is a 404 and nothing happens. `listings.urls` imports the modules of this package directly.
"""
