from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "luoshi.imports"
    label = "imports"
    verbose_name = "台账导入"

    def ready(self) -> None:
        from luoshi.core.visibility import register
        from luoshi.exports import registry

        from .export import LAYOUT_EXPORT
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        registry.register(LAYOUT_EXPORT)
