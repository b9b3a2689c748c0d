"""The notifications of orders, quotes, licence requests and messages (msgids, rendered in each
recipient's language)."""

from django.utils.translation import gettext_noop

from accounts.notifications import Notice

# Orders ---------------------------------------------------------------------------------------------
ORDER_PLACED = Notice(
    "order.placed",
    gettext_noop("New order #%(number)s from %(buyer)s: %(title)s"),
    gettext_noop("Quantity %(quantity)s, total ¥%(total)s. Accept or reject it within %(days)s days."),
)
ORDER_ACCEPTED = Notice("order.accepted", gettext_noop("Order #%(number)s was accepted: %(title)s"))
ORDER_REJECTED = Notice(
    "order.rejected",
    gettext_noop("Order #%(number)s was rejected: %(title)s"),
    gettext_noop("Reason: %(reason)s"),
)
ORDER_CANCELLED = Notice(
    "order.cancelled",
    gettext_noop("Order #%(number)s was cancelled: %(title)s"),
    gettext_noop("Reason: %(reason)s"),
)
ORDER_CANCELLATION_REQUESTED = Notice(
    "order.cancellation_requested",
    gettext_noop("%(who)s asks to cancel order #%(number)s: %(title)s"),
    gettext_noop("Reason: %(reason)s\nConfirm or decline the cancellation on the order page."),
)
ORDER_CANCELLATION_DECLINED = Notice(
    "order.cancellation_declined",
    gettext_noop("Cancellation of order #%(number)s was declined: %(title)s"),
)
ORDER_SHIPPED = Notice(
    "order.shipped",
    gettext_noop("Order #%(number)s has been shipped: %(title)s"),
    gettext_noop("%(note)s"),
)
ORDER_DELIVERED = Notice(
    "order.delivered",
    gettext_noop("Order #%(number)s is marked delivered: %(title)s"),
    gettext_noop("Confirm receipt on the order page to complete it."),
)
ORDER_COMPLETED = Notice(
    "order.completed", gettext_noop("Order #%(number)s is completed; the buyer confirmed receipt: %(title)s")
)
ORDER_EXPIRED = Notice(
    "order.expired",
    gettext_noop("Order #%(number)s expired without acceptance: %(title)s"),
)

# Requests for quotes --------------------------------------------------------------------------------
QUOTE_SUBMITTED = Notice(
    "quote.submitted",
    gettext_noop("New quote from %(supplier)s on %(title)s"),
    gettext_noop("Unit price ¥%(unit_price)s, lead time %(lead_time)s days."),
)
QUOTE_REVISED = Notice("quote.revised", gettext_noop("%(supplier)s revised its quote on %(title)s"))
QUOTE_REPRICE_REQUESTED = Notice(
    "quote.reprice_requested",
    gettext_noop("The buyer asks you for a revised price on %(title)s"),
    gettext_noop("%(note)s"),
)
QUOTE_REPRICED = Notice("quote.repriced", gettext_noop("%(supplier)s sent a revised price on %(title)s"))
QUOTE_SHORTLISTED = Notice("quote.shortlisted", gettext_noop("Your quote on %(title)s was shortlisted"))
QUOTE_AWARDED = Notice(
    "quote.awarded",
    gettext_noop("Your quote on %(title)s was awarded"),
    gettext_noop("Order #%(number)s has been created and accepted."),
)
QUOTE_NOT_SELECTED = Notice(
    "quote.not_selected",
    gettext_noop("Your quote on %(title)s was not selected"),
    gettext_noop("Thank you for quoting; the buyer chose another offer."),
)
QUOTE_WITHDRAWN = Notice("quote.withdrawn", gettext_noop("%(supplier)s withdrew its quote on %(title)s"))
QUOTE_REQUEST_CLOSED = Notice(
    "quote.request_closed",
    gettext_noop("Quotes on %(title)s are closed: %(count)s received"),
    gettext_noop("Compare them and award one."),
)

# Licence and talent requests ------------------------------------------------------------------------
LICENCE_REQUESTED = Notice("licence.requested", gettext_noop("%(requester)s sent a request on %(title)s"))
LICENCE_ACCEPTED = Notice("licence.accepted", gettext_noop("Your request on %(title)s was accepted"))
LICENCE_DECLINED = Notice(
    "licence.declined",
    gettext_noop("Your request on %(title)s was declined"),
    gettext_noop("Reason: %(reason)s"),
)
LICENCE_WITHDRAWN = Notice(
    "licence.withdrawn", gettext_noop("%(requester)s withdrew its request on %(title)s")
)

# Messages -------------------------------------------------------------------------------------------
MESSAGE_RECEIVED = Notice(
    "message.received",
    gettext_noop("New message from %(sender)s about %(subject)s"),
    gettext_noop("%(excerpt)s"),
)
