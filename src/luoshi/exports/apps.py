from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "luoshi.exports"
    label = "exports"
    verbose_name = "导出"

    def ready(self) -> None:
        from luoshi.core.visibility import register

        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
