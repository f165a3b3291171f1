from django.urls import path

from . import security_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/reset/", views.reset_with_code, name="reset_with_code"),
    path("tokens/", security_views.tokens, name="tokens"),
    path("two-factor/", security_views.two_factor, name="two_factor"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.xlsx", views.audit_log_export, name="audit_log_export"),
]
