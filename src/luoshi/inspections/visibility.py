"""Who may see a campaign, a visit or an issued document.

- A campaign: whoever reaches one of its target units (org.scopes' VIEW: the units' own people, their
  heads and leaders in charge, the head, inspectors), its author, and its teams' leaders and members.
- A visit: its author, and whoever reaches the unit it concerns.
- Within a campaign, a target unit's checklist and findings: who runs the campaign (its organiser, its teams)
  reads every target's; any other reader only the targets they may view (their own unit, the units they are
  over). The evidence drawn from tasks keeps the tasks' own rule (Task.objects.restrict).
- A document: what it is about — its task or problem (their own rules), its campaign (above) — and its issuer;
  a bulletin of a period belongs to the whole department's reading.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from luoshi.core.visibility import Rule
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import VIEW, person_of, unit_scope
from luoshi.problems.models import Problem
from luoshi.tasks.models import Task

from .choices import DocumentKind
from .models import Campaign, IssuedDocument, Team, Visit


def visible_campaigns(user: Any) -> QuerySet:
    person = person_of(user)
    if person is None or not is_business_user(user):
        return Campaign.objects.none()
    scope = unit_scope(user, VIEW)
    if scope.everything:
        return Campaign.objects.all()
    targeted = Campaign.target_units.through.objects.filter(unit_id__in=sorted(scope.unit_ids)).values(
        "campaign_id"
    )
    led = Team.objects.filter(leader=person).values("campaign_id")
    member = Team.members.through.objects.filter(person=person).values("team__campaign_id")
    return Campaign.objects.filter(
        Q(created_by=person) | Q(pk__in=targeted) | Q(pk__in=led) | Q(pk__in=member)
    )


def readable_targets(user: Any, campaign: Campaign) -> set[int]:
    """The ids of the campaign's target units whose checklist and findings ``user`` reads."""
    person = person_of(user)
    targets = set(campaign.target_units.values_list("pk", flat=True))
    if person is None or not is_business_user(user):
        return set()
    runs = (
        campaign.created_by_id == person.pk
        or Team.objects.filter(Q(leader=person) | Q(members=person), campaign=campaign).exists()
    )
    if runs:
        return targets
    scope = unit_scope(user, VIEW)
    return {pk for pk in targets if pk in scope}


class CampaignRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        if action != VIEW:
            return queryset.none()
        return queryset.filter(pk__in=visible_campaigns(user).values("pk"))


class VisitRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        person = person_of(user)
        if action != VIEW or person is None or not is_business_user(user):
            return queryset.none()
        scope = unit_scope(user, VIEW)
        if scope.everything:
            return queryset
        return queryset.filter(Q(author=person) | Q(unit_id__in=sorted(scope.unit_ids)))

    def allows(self, obj: Any, user: Any, action: str) -> bool:
        person = person_of(user)
        if action != VIEW or person is None or not is_business_user(user):
            return False
        return obj.author_id == person.pk or obj.unit_id in unit_scope(user, VIEW)


class DocumentRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        person = person_of(user)
        if action != VIEW or person is None or not is_business_user(user):
            return queryset.none()
        return queryset.filter(
            Q(issued_by=person)
            | Q(task__in=Task.objects.restrict(user).values("pk"))
            | Q(problem__in=Problem.objects.restrict(user).values("pk"))
            | Q(campaign__in=visible_campaigns(user).values("pk"))
            | Q(kind=DocumentKind.BULLETIN, campaign__isnull=True)
        )


RULES: dict[type, Rule] = {Campaign: CampaignRule(), Visit: VisitRule(), IssuedDocument: DocumentRule()}
