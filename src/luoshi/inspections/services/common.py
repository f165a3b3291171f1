"""What the services of 督查调研 share: the acting person, required text, the campaign's trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from luoshi.core.errors import InvalidInput
from luoshi.org.models import Person

from ..models import Campaign, CampaignEvent

NO_PERSON = "该账号不能办理督查调研业务"


def required_text(value: str | None, what: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"请填写{what}", "required", errors={field: [f"请填写{what}"]})
    return value


def change(label: str, old: Any, new: Any) -> dict[str, Any]:
    """A change on the trail, values as a reader says them (as a task's trail does)."""
    return {"field": "", "label": label, "old": _shown(old), "new": _shown(new)}


def _shown(value: Any) -> str | None:
    if value is None or value == "":
        return None if value is None else "（空）"
    return str(value)


def record_event(
    campaign: Campaign, actor: Person, kind: str, note: str = "", changes: Sequence[dict[str, Any]] = ()
) -> CampaignEvent:
    return CampaignEvent.objects.create(
        campaign=campaign, actor=actor, kind=kind, note=note[:2000], changes=list(changes)
    )
