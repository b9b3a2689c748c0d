"""The one API router: every app registers its viewsets here, with kebab-case plural prefixes."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts import api_views as accounts_api
from financing.api import applications as financing_applications_api
from financing.api import offers as financing_offers_api
from information.api import events as events_api
from information.api import news as news_api
from listings import api_views as listings_api
from matching import api_views as matching_api
from orders.api import licences as licences_api
from orders.api import messages as messages_api
from orders.api import orders as orders_api
from orders.api import quotes as quotes_api
from platform_site.api import schema as _schema  # noqa: F401 - registers the schema's field extensions
from stats import api as stats_api

router = DefaultRouter()
router.register("regions", accounts_api.RegionViewSet, basename="region")
router.register("enterprises", accounts_api.EnterpriseViewSet, basename="enterprise")
router.register("certifications", accounts_api.CertificationViewSet, basename="certification")
router.register("members", accounts_api.MemberViewSet, basename="member")
router.register("invitations", accounts_api.InvitationViewSet, basename="invitation")
router.register("notifications", accounts_api.NotificationViewSet, basename="notification")
router.register("listings", listings_api.ListingViewSet, basename="listing")
router.register("saved-searches", listings_api.SavedSearchViewSet, basename="saved-search")
router.register("matches", matching_api.MatchViewSet, basename="match")
router.register("orders", orders_api.OrderViewSet, basename="order")
router.register("licence-requests", licences_api.LicenceRequestViewSet, basename="licence-request")
router.register("talent-requests", licences_api.TalentRequestViewSet, basename="talent-request")
router.register("quote-requests", quotes_api.QuoteRequestViewSet, basename="quote-request")
router.register("quotes", quotes_api.QuoteViewSet, basename="quote")
router.register("financing/offers", financing_offers_api.OfferViewSet, basename="financing-offer")
router.register("announcements", news_api.AnnouncementViewSet, basename="announcement")
router.register("events", events_api.EventViewSet, basename="event")
router.register("meetings", events_api.MeetingViewSet, basename="meeting")
router.register(
    "financing/applications",
    financing_applications_api.FinancingApplicationViewSet,
    basename="financing-application",
)

urlpatterns = [
    path("auth/token/", accounts_api.AuthTokenView.as_view(), name="auth-token"),
    path("auth/me/", accounts_api.MeView.as_view(), name="auth-me"),
    path("registrations/", accounts_api.RegistrationView.as_view(), name="registration"),
    path("invitations/accept/", accounts_api.InvitationAcceptView.as_view(), name="invitation-accept"),
    # A listing's matches, served by matching (listings cannot import it: dependencies point one way).
    path(
        "listings/<int:listing_id>/matches/",
        matching_api.ListingMatchesView.as_view(),
        name="listing-matches",
    ),
    # The conversation of each order, quote and request: before the router, which shares the prefixes.
    *[
        path(f"{prefix}/<int:pk>/messages/", messages_api.MessageThreadView.as_view(kind=kind), name=name)
        for prefix, kind, name in (
            ("orders", "order", "order-thread"),
            ("quotes", "quote", "quote-thread"),
            ("licence-requests", "licence", "licence-request-thread"),
            ("talent-requests", "talent", "talent-request-thread"),
        )
    ],
    path("messages/<int:pk>/file/", messages_api.MessageFileView.as_view(), name="message-file"),
    # Statistics: all figures, and each table as JSON or CSV (open data).
    path("stats/", stats_api.StatsView.as_view(), name="stats-figures"),
    path(
        "stats/<slug:figure>.csv",
        stats_api.StatsTableCSVView.as_view(),
        {"format": "csv"},
        name="stats-table-csv",
    ),
    path("stats/<slug:figure>/", stats_api.StatsTableView.as_view(), name="stats-table"),
    *router.urls,
]
