from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "luoshi.org"
    label = "org"
    verbose_name = "组织领导体系"

    def ready(self) -> None:
        from luoshi.core.visibility import register

        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
