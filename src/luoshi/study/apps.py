from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "luoshi.study"
    label = "study"
    verbose_name = "专题学习"

    def ready(self) -> None:
        from luoshi.core.visibility import register
        from luoshi.exports import registry

        from .list_export import SESSION_EXPORT
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        registry.register(SESSION_EXPORT)
