"""The one API router: every app registers its viewsets here, with kebab-case plural prefixes."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts import api_views as accounts_api
from listings import api_views as listings_api

router = DefaultRouter()
router.register("regions", accounts_api.RegionViewSet, basename="region")
router.register("enterprises", accounts_api.EnterpriseViewSet, basename="enterprise")
router.register("certifications", accounts_api.CertificationViewSet, basename="certification")
router.register("members", accounts_api.MemberViewSet, basename="member")
router.register("invitations", accounts_api.InvitationViewSet, basename="invitation")
router.register("notifications", accounts_api.NotificationViewSet, basename="notification")
router.register("listings", listings_api.ListingViewSet, basename="listing")
router.register("saved-searches", listings_api.SavedSearchViewSet, basename="saved-search")

urlpatterns = [
    path("auth/token/", accounts_api.AuthTokenView.as_view(), name="auth-token"),
    path("auth/me/", accounts_api.MeView.as_view(), name="auth-me"),
    path("registrations/", accounts_api.RegistrationView.as_view(), name="registration"),
    path("invitations/accept/", accounts_api.InvitationAcceptView.as_view(), name="invitation-accept"),
    *router.urls,
]
