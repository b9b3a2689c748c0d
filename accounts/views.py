"""Pages of accounts: parse a form, call a service or a selector, render.

Views never write models themselves. Services raise `ValidationError` (field errors, shown under the
field) and `ApplicationError` (a rule refused the request, shown as a message); neither becomes a 500.
Objects of another enterprise are looked up through a queryset filtered by the user's enterprise, so
they are a 404; a plain member asking for a manager's action gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from accounts import notifications, selectors, services
from accounts.forms import (
    CertificationForm,
    DirectoryFilterForm,
    EnterpriseProfileForm,
    InvitationForm,
    InvitationSignupForm,
    LoginForm,
    RegistrationForm,
)
from accounts.models import Certification, Enterprise, Invitation, Membership, Notification, User
from platform_site.errors import ApplicationError
from platform_site.throttling import throttle_posts

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
DIRECTORY_PAGE_SIZE = 20
NOTIFICATIONS_PAGE_SIZE = 20

MemberView = Callable[..., HttpResponseBase]


class HtmxRequest(HttpRequest):
    """A request that went through django-htmx's middleware."""

    htmx: HtmxDetails


class AuthenticatedRequest(HtmxRequest):
    """A request of a signed-in user (behind `login_required`)."""

    user: User


# ---------------------------------------------------------------------------------------------------
# Helpers


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's `ValidationError` on the form: under its field when the form has one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        for item in errors:
            form.add_error(target, item)


def member_required(view: MemberView) -> MemberView:
    """Signed in and a member of an enterprise; the view receives the membership after the request.

    A signed-in user without an enterprise is sent to the workspace, which explains how to get one.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        membership = services.membership_of(request.user)
        if membership is None:
            messages.info(request, _("Register your enterprise or accept an invitation first."))
            return redirect("accounts:dashboard")
        return view(request, membership, *args, **kwargs)

    return wrapper


def require_manager(membership: Membership) -> None:
    """Owners and administrators only: anyone else gets 403."""
    if not membership.can_manage:
        raise PermissionDenied(_("Only the owner or an administrator of the enterprise may do this."))


def attempt(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    """Run a service for a POST button and report the outcome as a message (a refusal is not a 500)."""
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _status_label(code: str) -> str:
    return str(dict(Enterprise.Status.choices).get(code, code)) if code else ""


# ---------------------------------------------------------------------------------------------------
# Registration and sign-in


@throttle_posts("registration")
def register(request: HttpRequest) -> HttpResponse:
    """Register a person and their enterprise; the person becomes its owner and is signed in."""
    if services.membership_of(request.user) is not None:
        return redirect("accounts:dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.enterprise_register(**form.person_data(), **form.enterprise_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, registration.user, backend=MODEL_BACKEND)
            messages.success(
                request,
                _(
                    "%(name)s is registered and pending verification by the platform office. "
                    "You will be notified of the decision."
                )
                % {"name": registration.enterprise.name_zh},
            )
            return redirect("accounts:dashboard")
    return render(request, "accounts/register.html", {"form": form})


@method_decorator(throttle_posts("login"), name="dispatch")
class LoginView(auth_views.LoginView):
    """Sign in with e-mail and password; django-axes locks an account after repeated failures."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


# ---------------------------------------------------------------------------------------------------
# Workspace


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """The member's workspace: the enterprise and its verification, notifications, the audit trail."""
    membership = services.membership_of(request.user)
    context: dict[str, Any] = {"membership": membership}
    if membership is not None:
        enterprise = get_object_or_404(selectors.enterprise_queryset(), pk=membership.enterprise_id)
        events = enterprise.events.select_related("actor")[:10]
        context |= {
            "enterprise": enterprise,
            "latest_notifications": selectors.notifications_for(request.user)[:5],
            "events": [(e, _status_label(e.from_status), _status_label(e.to_status)) for e in events],
            "member_count": selectors.members_of(enterprise).count(),
        }
    elif request.user.is_staff:
        context["pending_count"] = selectors.enterprise_pending_count()
    return render(request, "accounts/dashboard.html", context)


@member_required
def profile_edit(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The enterprise profile and its certifications: editable by managers, read-only for members."""
    enterprise = get_object_or_404(selectors.enterprise_queryset(), pk=membership.enterprise_id)
    profile_form = EnterpriseProfileForm(enterprise=enterprise)
    cert_form = CertificationForm(prefix="cert")
    if request.method == "POST":
        require_manager(membership)
        if request.POST.get("form") == "certification":
            cert_form = CertificationForm(request.POST, prefix="cert")
            if cert_form.is_valid():
                try:
                    certification = services.certification_add(
                        enterprise=enterprise, actor=request.user, **cert_form.cleaned_data
                    )
                except ValidationError as exc:
                    add_service_errors(cert_form, exc)
                except ApplicationError as exc:
                    cert_form.add_error(None, exc.message)
                else:
                    messages.success(
                        request, _("Certification %(standard)s added.") % {"standard": certification}
                    )
                    return redirect("accounts:profile_edit")
        else:
            profile_form = EnterpriseProfileForm(request.POST, enterprise=enterprise)
            if profile_form.is_valid():
                changes, segments = profile_form.changes()
                if not changes and segments is None:
                    messages.info(request, _("Nothing changed."))
                    return redirect("accounts:profile_edit")
                try:
                    services.enterprise_update_profile(
                        enterprise=enterprise, actor=request.user, segments=segments, **changes
                    )
                except ValidationError as exc:
                    add_service_errors(profile_form, exc)
                except ApplicationError as exc:
                    profile_form.add_error(None, exc.message)
                else:
                    messages.success(request, _("The profile has been saved."))
                    return redirect("accounts:profile_edit")
    context = {
        "enterprise": enterprise,
        "can_manage": membership.can_manage,
        "profile_form": profile_form,
        "cert_form": cert_form,
        "certifications": enterprise.certifications.all(),
    }
    return render(request, "accounts/profile_edit.html", context)


@require_POST
@member_required
def resubmit(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """Send a rejected enterprise back for verification."""
    require_manager(membership)
    attempt(
        request,
        lambda: services.enterprise_resubmit(enterprise=membership.enterprise, actor=request.user),
        _("Your enterprise has been resubmitted for verification."),
    )
    return redirect("accounts:dashboard")


@require_POST
@member_required
def certification_delete(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """Remove a certification of the user's own enterprise."""
    certification = get_object_or_404(Certification, pk=pk, enterprise_id=membership.enterprise_id)
    require_manager(membership)
    attempt(
        request,
        lambda: services.certification_remove(certification=certification, actor=request.user),
        _("Certification %(standard)s removed.") % {"standard": certification.standard},
    )
    return redirect("accounts:profile_edit")


# ---------------------------------------------------------------------------------------------------
# Members and invitations


@member_required
def members(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The enterprise's members; managers also see invitations and invite people."""
    enterprise = membership.enterprise
    is_owner = membership.role == Membership.Role.OWNER
    form = InvitationForm(can_invite_admins=is_owner)
    if request.method == "POST":
        require_manager(membership)
        form = InvitationForm(request.POST, can_invite_admins=is_owner)
        if form.is_valid():
            try:
                issued = services.invitation_create(
                    enterprise=enterprise, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s.") % {"email": issued.invitation.email},
                )
                return redirect("accounts:members")
    context = {
        "enterprise": enterprise,
        "can_manage": membership.can_manage,
        "is_owner": is_owner,
        "memberships": selectors.members_of(enterprise),
        "invitations": selectors.invitations_of(enterprise) if membership.can_manage else [],
        "form": form,
        "invitation_days": settings.INVITATION_VALID_DAYS,
    }
    return render(request, "accounts/members.html", context)


@require_POST
@member_required
def member_remove(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """Remove a member of the user's own enterprise."""
    target = get_object_or_404(
        Membership.objects.select_related("user", "enterprise"), pk=pk, enterprise_id=membership.enterprise_id
    )
    require_manager(membership)
    attempt(
        request,
        lambda: services.membership_remove(membership=target, actor=request.user),
        _("%(who)s has been removed.") % {"who": target.user},
    )
    return redirect("accounts:members")


@require_POST
@member_required
def invitation_revoke(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """Withdraw a pending invitation of the user's own enterprise."""
    invitation = get_object_or_404(Invitation, pk=pk, enterprise_id=membership.enterprise_id)
    require_manager(membership)
    attempt(
        request,
        lambda: services.invitation_revoke(invitation=invitation, actor=request.user),
        _("The invitation to %(email)s has been revoked.") % {"email": invitation.email},
    )
    return redirect("accounts:members")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: join as the signed-in user, or create the account for the invited e-mail."""
    try:
        invitation = services.invitation_get_by_token(token)
    except ApplicationError as exc:
        # An unknown link is "not found"; a used, revoked or expired one is "gone".
        status = 404 if exc.code == "invitation_invalid" else 410
        return render(request, "accounts/invitation_invalid.html", {"message": exc.message}, status=status)

    user = request.user if isinstance(request.user, User) else None  # None: anonymous
    form = InvitationSignupForm(request.POST or None) if user is None else None
    error = ""
    if request.method == "POST":
        try:
            if user is not None:
                new_membership = services.invitation_accept(token=token, user=user)
            elif form is not None and form.is_valid():
                new_membership = services.invitation_accept(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password"],
                )
                login(request, new_membership.user, backend=MODEL_BACKEND)
            else:
                new_membership = None
        except ValidationError as exc:
            if form is None:
                error = " ".join(exc.messages)
            else:
                add_service_errors(form, exc)
        except ApplicationError as exc:
            error = exc.message
        else:
            if new_membership is not None:
                messages.success(
                    request,
                    _("Welcome to %(name)s on Chainmatch.") % {"name": new_membership.enterprise.name_zh},
                )
                return redirect("accounts:dashboard")
    context = {
        "invitation": invitation,
        "form": form,
        "error": error,
        "current_membership": services.membership_of(user),
        "email_matches": user is not None and user.email.lower() == invitation.email,
        "login_url": f"{reverse('accounts:login')}?next={request.path}",
    }
    return render(request, "accounts/invitation_accept.html", context)


# ---------------------------------------------------------------------------------------------------
# Public directory and profiles


def directory(request: HtmxRequest) -> HttpResponse:
    """Verified enterprises, filtered by type, segment, province and text; htmx swaps only the results."""
    form = DirectoryFilterForm(request.GET)
    form.is_valid()  # Invalid filters are reported beside the field and ignored.
    page = Paginator(selectors.enterprise_directory(**form.filters()), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "filtered": any(form.filters().values()),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "accounts/includes/directory_results.html" if partial else "accounts/directory.html"
    response = render(request, template, context)
    # The same URL answers with a fragment or a page: caches must tell them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A public profile; an enterprise not yet verified is visible only to its members and to staff."""
    enterprise = get_object_or_404(selectors.enterprise_visible_to(request.user), pk=pk)
    membership = services.membership_of(request.user)
    context = {
        "enterprise": enterprise,
        "is_own": membership is not None and membership.enterprise_id == enterprise.pk,
    }
    return render(request, "accounts/enterprise_detail.html", context)


# ---------------------------------------------------------------------------------------------------
# Notifications


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    """The user's inbox, newest first."""
    page = Paginator(selectors.notifications_for(request.user), NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "accounts/notifications.html", context)


@require_POST
@login_required
def notification_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark one notification read; htmx swaps the item in place, a plain form goes back."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.notification_mark_read(notification=notification, user=request.user)
    if request.htmx:
        return render(
            request, "accounts/includes/notification_item.html", {"n": notification, "oob_badge": True}
        )
    return redirect(_safe_next(request, reverse("accounts:notifications")))


@require_POST
@login_required
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    """Mark every notification of the user read."""
    count = notifications.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
            )
            % {"count": count},
        )
    return redirect(_safe_next(request, reverse("accounts:notifications")))


def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user's choice also sets the language of their e-mails."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response
