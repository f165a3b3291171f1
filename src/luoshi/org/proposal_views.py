"""The security admin's 授权审批: roles and 分管 an import proposed, units the system admin moved and the
business users' passwords he asked to reset, and the group robots' addresses he set."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from luoshi.core.errors import ServiceError
from luoshi.core.filters import whole_number
from luoshi.core.views import require_perm

from . import services
from .choices import ProposalStatus
from .models import RightsProposal
from .services.resets import PasswordHalf


@require_perm("org.manage_roles")
def proposals(request: HttpRequest) -> HttpResponse:
    """The security admin approves or refuses a selection, or all shown (the ids on the page, so a
    proposal that arrives meanwhile is not approved unseen). The second halves of the passwords approved
    resets set are in this one answer, not in a redirect's message: shown once, kept nowhere."""
    if request.method == "POST":
        ids = [pk for pk in map(whole_number, request.POST.getlist("ids")) if pk is not None]
        try:
            if request.POST.get("action") == "approve":
                approved = services.approve_proposals(ids, actor=request.user)
                messages.success(request, f"已批准 {approved.count} 条提议，均已生效并记入安全审计日志。")
                if approved.halves:
                    return _page(request, approved.halves)
            else:
                count = services.refuse_proposals(ids, actor=request.user)
                messages.success(request, f"已驳回 {count} 条提议。")
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("org:proposals")
    return _page(request)


def _page(request: HttpRequest, halves: list[PasswordHalf] | None = None) -> HttpResponse:
    pending = RightsProposal.objects.filter(status=ProposalStatus.PENDING).select_related(
        "person__user", "person__unit", "unit", "old_parent", "new_parent", "robot__unit", "proposed_by"
    )
    decided = (
        RightsProposal.objects.exclude(status=ProposalStatus.PENDING)
        .select_related("person", "unit", "old_parent", "new_parent", "robot", "decided_by")
        .order_by("-decided_at", "-id")[:20]
    )
    return render(
        request, "org/proposals.html", {"pending": pending, "decided": decided, "halves": halves or []}
    )
