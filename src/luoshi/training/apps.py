from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "luoshi.training"
    label = "training"
    verbose_name = "专业培训"

    def ready(self) -> None:
        from luoshi.core.visibility import register
        from luoshi.exports import registry

        from .list_export import PEOPLE_EXPORT
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        registry.register(PEOPLE_EXPORT)
