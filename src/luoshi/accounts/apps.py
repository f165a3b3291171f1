from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "luoshi.accounts"
    label = "accounts"
    verbose_name = "账号与安全"

    def ready(self) -> None:
        from . import audit, receivers  # noqa: F401  (connect the login/lockout receivers)
