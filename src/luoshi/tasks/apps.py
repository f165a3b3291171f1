from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "luoshi.tasks"
    label = "tasks"
    verbose_name = "执行落实体系"

    def ready(self) -> None:
        from luoshi.core.visibility import register
        from luoshi.exports import registry
        from luoshi.notify import planners
        from luoshi.org import pickers

        from .eligibility import CO_UNITS, OWNERS, co_unit_reach, owner_reach
        from .printing import LEDGER_EXPORT
        from .reminders import make_reminders
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        planners.register("tasks", make_reminders)
        registry.register(LEDGER_EXPORT)
        pickers.add_reach(CO_UNITS, co_unit_reach)
        pickers.add_reach(OWNERS, owner_reach)
