from django.urls import path

from dijkwacht.accounts import oidc, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("inloggen/organisatie/", oidc.ProviderLoginView.as_view(), name="oidc_login"),
    path("inloggen/organisatie/terug/", oidc.ProviderCallbackView.as_view(), name="oidc_callback"),
    path("inloggen/verificatie/", views.second_factor_verify, name="second_factor_verify"),
    path(
        "uitnodiging/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("wachtwoord-vergeten/", views.password_forgotten, name="password_forgotten"),
    path(
        "nieuw-wachtwoord/<uidb64>/<token>/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("profiel/", views.profile, name="profile"),
    path("profiel/tweede-factor/", views.second_factor_setup, name="second_factor_setup"),
    path("profiel/api-tokens/", views.api_token_create, name="api_token_create"),
    path("profiel/api-tokens/<int:pk>/intrekken/", views.api_token_revoke, name="api_token_revoke"),
]
