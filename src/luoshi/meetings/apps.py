from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "luoshi.meetings"
    label = "meetings"
    verbose_name = "月例会"

    def ready(self) -> None:
        from luoshi.assessment import sources
        from luoshi.core import inbox
        from luoshi.core.visibility import register
        from luoshi.notify import planners

        from . import inbox as waiting
        from .reminders import make_reminders
        from .services import count_waiting
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        planners.register("meetings", make_reminders)
        inbox.register("meetings", waiting.entries)
        sources.register("meetings", count_waiting)
