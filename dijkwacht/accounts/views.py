from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dijkwacht.accounts import selectors, services
from dijkwacht.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    MailboxCodeForm,
    PasswordForgottenForm,
    TokenForm,
)
from dijkwacht.accounts.models import SECOND_FACTOR_REQUIRED
from dijkwacht.accounts.tokens import invitation_tokens, password_reset_tokens
from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.clients import client_address
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        services.session_login(request=self.request, user=form.get_user())
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "oidc_enabled": settings.OIDC_ENABLED,
            "oidc_name": settings.OIDC_NAME,
        }


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link in an invitation: the invited person chooses a password, then logs in (and sets
    up a second factor where their role asks for one). Django's reset view checks the link,
    moves it out of the address bar before the form shows, and makes it single use."""

    template_name = "accounts/invitation_accept.html"
    token_generator = invitation_tokens
    reset_url_token = "kies-wachtwoord"  # noqa: S105 (a path segment, not a secret)
    success_url = reverse_lazy("accounts:login")

    def get_user(self, uidb64):
        """Only an active person's account with an open invitation: never a service account,
        a blocked account, or one whose invitation was accepted or has expired."""
        user = super().get_user(uidb64)
        if user is None or not selectors.invitation_open(user):
            return None
        return user

    def form_valid(self, form):
        services.invitation_accept(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Your password is saved. Log in with it."))
        return redirect(self.get_success_url())


@login_not_required
@require_http_methods(["GET", "POST"])
def password_forgotten(request: HttpRequest) -> HttpResponse:
    """Ask for a link to choose a new password. The answer is the same whether the address has
    an account or not (and within the hourly limits or not): it tells nobody who has one."""
    form = PasswordForgottenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(
            email=form.cleaned_data["email"], client=client_address(request)
        )
        messages.success(
            request,
            _(
                "If %(email)s has an account, a link to choose a new password is on its way. "
                "It works for two hours."
            )
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:login")
    return render(request, "accounts/password_forgotten.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetConfirmView):
    """The link in a password-reset mail: choose a new password, then log in with it (and with
    the second factor, where the role asks for one: a reset does not replace it)."""

    template_name = "accounts/password_reset.html"
    token_generator = password_reset_tokens
    reset_url_token = "nieuw-wachtwoord"  # noqa: S105 (a path segment, not a secret)
    success_url = reverse_lazy("accounts:login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not user.is_active or user.is_service_account:
            return None
        return user

    def form_valid(self, form):
        services.password_reset_complete(
            user=form.user, password=form.cleaned_data["new_password1"]
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Your password is saved. Log in with it."))
        return redirect(self.get_success_url())


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.session_logout_record(user=request.user)
        return super().post(request, *args, **kwargs)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


@require_http_methods(["GET", "POST"])
def second_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not selectors.has_second_factor(request.user):
        return redirect("accounts:second_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_verify(
                request=request, user=request.user, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": _next_url(request)},
    )


@require_http_methods(["GET", "POST"])
def second_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    has_device = selectors.has_second_factor(user)
    if has_device and not request.user.is_verified():
        # Replacing a device needs the current one first.
        return redirect("accounts:second_factor_verify")
    if not has_device and not selectors.mailbox_proven(request, user):
        return _mailbox_step(request)
    device = services.totp_device_for_setup(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_device_confirm(
                request=request, user=user, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": selectors.totp_qr_svg(device),
            "secret": selectors.totp_secret_base32(device),
            "next": _next_url(request),
            "replacing": has_device,
        },
    )


def _mailbox_step(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Before a first authenticator: a code mailed to the user's address proves the mailbox
    is theirs (a password alone must not be enough to enrol an authenticator)."""
    user = request.user
    form = MailboxCodeForm()
    if request.method == "POST" and request.POST.get("action") == "send":
        if services.mailbox_code_send(user=user):
            messages.success(request, _("We sent a code to %(email)s.") % {"email": user.email})
        else:
            messages.info(request, _("A code was sent less than a minute ago; check your mail."))
        return redirect(f"{request.path}?{urlencode({'next': _next_url(request)})}")
    if request.method == "POST":
        form = MailboxCodeForm(request.POST)
        if form.is_valid():
            try:
                services.mailbox_code_verify(
                    request=request, user=user, token=form.cleaned_data["token"]
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                return redirect(f"{request.path}?{urlencode({'next': _next_url(request)})}")
    return render(
        request,
        "accounts/second_factor_mailbox.html",
        {"form": form, "email": user.email, "next": _next_url(request)},
    )


def _profile_context(request: AuthenticatedHttpRequest, token_form: ApiTokenForm) -> dict:
    return {
        "memberships": selectors.roles_of(request.user),
        "tokens": selectors.api_tokens_of(request.user),
        "token_form": token_form,
        "has_second_factor": selectors.has_second_factor(request.user),
        "second_factor_required": request.user.has_perm(SECOND_FACTOR_REQUIRED),
    }


@overview_page
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", _profile_context(request, ApiTokenForm()))


@require_POST
def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "accounts/api_token_created.html", {"token": token, "key": key})
    return render(request, "accounts/profile.html", _profile_context(request, form), status=400)


@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_api_token_for(request.user, pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The API token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:profile")
