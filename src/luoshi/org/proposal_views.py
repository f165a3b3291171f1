"""The security admin's 授权审批: roles and 分管 an import proposed, and units the system admin moved."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from luoshi.core.errors import ServiceError
from luoshi.core.views import require_perm

from . import services
from .choices import ProposalStatus
from .models import RightsProposal


@require_perm("org.manage_roles")
def proposals(request: HttpRequest) -> HttpResponse:
    """The security admin approves or refuses a selection, or all shown (the ids on the page, so a
    proposal that arrives meanwhile is not approved unseen)."""
    pending = RightsProposal.objects.filter(status=ProposalStatus.PENDING).select_related(
        "person__user", "person__unit", "unit", "old_parent", "new_parent", "proposed_by"
    )
    if request.method == "POST":
        ids = [
            int(pk) for pk in request.POST.getlist("ids") if pk.isascii() and pk.isdigit() and len(pk) < 19
        ]
        decide = (
            services.approve_proposals
            if request.POST.get("action") == "approve"
            else services.refuse_proposals
        )
        try:
            count = decide(ids, actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"已批准 {count} 条提议，均已生效并记入安全审计日志。"
                if decide is services.approve_proposals
                else f"已驳回 {count} 条提议。",
            )
            return redirect("org:proposals")
    decided = (
        RightsProposal.objects.exclude(status=ProposalStatus.PENDING)
        .select_related("person", "unit", "old_parent", "new_parent", "decided_by")
        .order_by("-decided_at", "-id")[:20]
    )
    return render(request, "org/proposals.html", {"pending": pending, "decided": decided})
