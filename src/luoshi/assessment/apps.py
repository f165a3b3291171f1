from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "luoshi.assessment"
    label = "assessment"
    verbose_name = "考核评价"

    def ready(self) -> None:
        from luoshi.core import inbox
        from luoshi.core.visibility import register
        from luoshi.notify import planners

        from . import inbox as waiting
        from .services.accountability import plan_matters
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        planners.register("accountability", plan_matters)
        inbox.register("assessment", waiting.entries)
