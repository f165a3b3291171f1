from typing import Any

from django.apps import AppConfig
from django.core.signals import request_finished
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models.signals import post_migrate

from .text import refuse_invisible

# Every text field of a form or an API body refuses a NUL character by Django's validator, whose Chinese
# reads 不允许是用空字符串 (a typo, and it speaks of an empty string): said plainly instead.
NUL_REFUSED = "文本中不能含有空字符（\\x00），它多由复制粘贴带入，请重新输入这段文字后提交"


_refuse_nul = ProhibitNullCharactersValidator.__call__


def _refuse_unreadable(validator: ProhibitNullCharactersValidator, value: Any) -> None:
    """The validator every form's and API body's text field runs refuses the invisible characters too
    (core.text): one check where text enters, whatever form or serializer takes it."""
    _refuse_nul(validator, value)
    refuse_invisible(value)


class CoreConfig(AppConfig):
    name = "luoshi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from .dbstats import analyze_after_migrate
        from .uploads import remove_uncommitted

        # Sent once per app after every migration has run; this app's signal is enough.
        post_migrate.connect(analyze_after_migrate, sender=self, dispatch_uid="luoshi.core.analyze")
        # A request whose transaction rolled back leaves no uploaded file behind.
        request_finished.connect(remove_uncommitted, dispatch_uid="luoshi.core.remove_uncommitted")
        ProhibitNullCharactersValidator.message = NUL_REFUSED
        ProhibitNullCharactersValidator.__call__ = _refuse_unreadable  # type: ignore[method-assign,assignment]
