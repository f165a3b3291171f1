"""一线走访 pages: the list, the phone form (its draft kept in the browser, sent once when the signal
returns: static/inspections/visit.js), a visit and its photos."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from luoshi.core.errors import ServiceError
from luoshi.core.files import served
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm

from . import services
from .forms import VisitForm, lines
from .models import Visit, VisitPhoto


def listed_visits(user: Any) -> QuerySet[Visit]:
    """The visits ``user`` may see, newest first: the list page and its export."""
    return (
        Visit.objects.restrict(user)
        .select_related("unit", "author")
        .prefetch_related("photos")
        .order_by("-visited_at", "-id")
    )


@require_perm("inspections.view_visit")
def visit_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(listed_visits(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "inspections/visits.html", {"page": page})


@require_perm("inspections.add_visit")
def visit_create(request: HttpRequest) -> HttpResponse:
    """The page works without script too: a plain multipart post, deduplicated by the draft's key."""
    form = VisitForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                actor=request.user,
                place=data["place"],
                visited_at=data["visited_at"],
                heard=data["heard"],
                people_met=data["people_met"],
                unit=data["unit"],
                photos=data["photos"],
                keep_location=data["keep_location"],
                raised=lines(data["raised"]),
                client_key=data["client_key"],
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
        else:
            messages.success(request, "走访记录已保存")
            return redirect("inspections:visit", pk=visit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/visit_form.html", {"form": form}, status=status)


@require_perm("inspections.view_visit")
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visible_or_404(Visit.objects.select_related("unit", "author"), request.user, "view", pk=pk)
    return render(
        request,
        "inspections/visit.html",
        {"visit": visit, "photos": list(visit.photos.all()), "sent": visit.client_key},
    )


@require_perm("inspections.view_visit")
def visit_photo(request: HttpRequest, token: str) -> HttpResponseBase:
    """By the one lookup of stored files: to whoever may see the visit, while it matches its SHA-256."""
    return served(request, VisitPhoto.objects.all(), token, "visit")
