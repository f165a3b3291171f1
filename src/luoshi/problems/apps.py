from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "luoshi.problems"
    label = "problems"
    verbose_name = "问题清单"

    def ready(self) -> None:
        from luoshi.core import inbox
        from luoshi.core.visibility import register
        from luoshi.exports import registry
        from luoshi.notify import planners
        from luoshi.tasks import matters
        from luoshi.tasks import rules as task_rules
        from luoshi.tasks import services as task_services

        from . import inbox as waiting
        from . import receivers  # noqa: F401  (a measure's task changed: its problem follows)
        from .export import LEDGER_EXPORT
        from .queries import measure_matter
        from .reminders import make_reminders
        from .rules import measure_cancel_refusal
        from .services import measure_reopen_conflict
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        planners.register("problems", make_reminders)
        registry.register(LEDGER_EXPORT)
        inbox.register("problems", waiting.entries)
        task_rules.add_cancel_refusal(measure_cancel_refusal)
        task_services.add_reopen_check(measure_reopen_conflict)
        matters.add_matter_lookup(measure_matter)
