"""专题学习 pages: the sessions one may see with the directives one's unit still has to study, the form
(phone first), a session with its photos."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from luoshi.core.errors import ServiceError
from luoshi.core.files import served
from luoshi.core.filters import whole_number
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm
from luoshi.org.models import Person, Unit

from . import services
from .forms import StudySessionForm
from .models import StudyPhoto, StudySession, directive_rows
from .progress import to_study


def listed_sessions(user: Any) -> QuerySet[StudySession]:
    """The sessions ``user`` may see, latest first: the list page and its export."""
    return (
        StudySession.objects.restrict(user)
        .select_related("unit", "led_by", "directive")
        .prefetch_related("attendees", "photos")
        .order_by("-held_on", "-id")
    )


@require_perm("study.view_session")
def session_list(request: HttpRequest) -> HttpResponse:
    units = list(services.recording_units(request.user))
    page = Paginator(listed_sessions(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "study/list.html",
        {"page": page, "to_study": to_study(units), "can_record": request.user.has_perm("study.add_session")},
    )


@require_perm("study.add_session")
def session_create(request: HttpRequest) -> HttpResponse:
    units = list(services.recording_units(request.user))
    directive = request.GET.get("directive", "")
    form = StudySessionForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        units=units,
        initial={"directive": directive} if whole_number(directive) is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.record_session(
                actor=request.user,
                directive=_directive(request, data["directive"]),
                unit=_unit(data["unit"]),
                held_on=data["held_on"],
                led_by=Person.objects.filter(pk=data["led_by"]).first(),
                attendees=list(Person.objects.filter(pk__in=data["attendees"])),
                notes=data["notes"],
                photos=data["photos"],
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
        else:
            messages.success(request, "专题学习记录已保存")
            return redirect("study:detail", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "study/form.html", {"form": form, "units": units}, status=status)


def _directive(request: HttpRequest, pk: int) -> object:
    return get_visible_or_404(directive_rows(), request.user, "view", pk=pk)


def _unit(pk: int) -> Unit:
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404("对象不存在或您无权访问")
    return unit


@require_perm("study.view_session")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_visible_or_404(
        StudySession.objects.select_related("unit", "led_by", "directive", "recorded_by"),
        request.user,
        "view",
        pk=pk,
    )
    return render(
        request,
        "study/detail.html",
        {
            "session": session,
            "attendees": list(session.attendees.order_by("id")),
            "photos": list(session.photos.all()),
        },
    )


@require_perm("study.view_session")
def session_photo(request: HttpRequest, token: str) -> HttpResponseBase:
    """By the one lookup of stored files: to whoever may see the session, while it matches its SHA-256."""
    return served(request, StudyPhoto.objects.all(), token, "session")
