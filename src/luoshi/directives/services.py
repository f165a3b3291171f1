"""Changes to directives; extraction into requirements joins here in the execution-loop work."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from luoshi.core.errors import InvalidInput
from luoshi.core.guards import attribute_history, require

from .choices import DirectiveKind, DirectiveLevel
from .models import Directive


@transaction.atomic
def create_directive(*, actor: Any, title: str, text: str, issued_on: dt.date, kind: str = DirectiveKind.SPEECH,
                     level: str = DirectiveLevel.INTERNAL, issuer: str = "") -> Directive:
    require(actor, "directives.add_directive")
    if not title.strip():
        raise InvalidInput("标题不能为空")
    if not text.strip():
        raise InvalidInput("正文为空，请粘贴文字或上传 .txt/.docx 文件", "empty_text")
    if kind not in DirectiveKind.values() or level not in DirectiveLevel.values():
        raise InvalidInput("类型或层级无法识别")
    directive = Directive(title=title.strip(), text=text, issued_on=issued_on, kind=kind, level=level,
                          issuer=issuer.strip(), created_by=actor)
    attribute_history(actor, directive)
    directive.save()
    return directive
