from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "luoshi.directives"
    label = "directives"
    verbose_name = "讲话文件"

    def ready(self) -> None:
        from luoshi.core.visibility import register

        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
