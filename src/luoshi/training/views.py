"""专业培训 pages: the trainings one may see and one's own hours, the plan form, a training with its
enrolment and attendance (for those who manage it), and each person's yearly hours and record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.core.errors import InvalidInput, ServiceError
from luoshi.core.filters import whole_number
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm
from luoshi.org.models import Person
from luoshi.org.scopes import ASSIGN, own_unit_ids, person_of, unit_scope

from . import services
from .choices import Attendance
from .forms import TrainingForm
from .models import Training
from .records import record_of, visible_people, with_hours


def chosen_year(request: HttpRequest) -> int:
    """The year the page shows (``?year=``), this year when none or a nonsense one is given."""
    year = whole_number(request.GET.get("year"))
    return year if year is not None and 2000 <= year <= 2100 else timezone.localdate().year


def listed_trainings(user: Any, year: int) -> QuerySet[Training]:
    """The trainings ``user`` may see that run in ``year``, latest first: the list page and its export."""
    return (
        Training.objects.restrict(user)
        .filter(starts_on__year__lte=year, ends_on__year__gte=year)
        .select_related("unit")
        .prefetch_related("enrolments")
        .order_by("-starts_on", "-id")
    )


@require_perm("training.view_training")
def training_list(request: HttpRequest) -> HttpResponse:
    year = chosen_year(request)
    trainings = listed_trainings(request.user, year)
    mine = with_hours(visible_people(request.user).filter(pk=person_of(request.user).pk), year).first()
    return render(
        request,
        "training/list.html",
        {
            "page": Paginator(trainings, 20).get_page(request.GET.get("page")),
            "year": year,
            "mine": mine,
            "can_plan": request.user.has_perm("training.add_training"),
        },
    )


@require_perm("training.add_training")
def training_create(request: HttpRequest) -> HttpResponse:
    """The planner's own unit is the host to start with, when they may plan for it."""
    reach = unit_scope(request.user, ASSIGN)
    person = person_of(request.user)
    own = person.unit_id if person is not None and person.unit_id in reach else None
    form = TrainingForm(request.POST or None, reach=reach, initial={"unit": own})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            training = services.plan_training(
                actor=request.user,
                topic=data["topic"],
                unit=data["unit"],
                audience=data["audience"],
                audience_units=data["audience_units"],
                hours=data["hours"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                place=data["place"],
                content=data["content"],
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
        else:
            messages.success(request, "培训计划已保存，请为学员报名")
            return redirect("training:detail", pk=training.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "training/form.html", {"form": form}, status=status)


@require_perm("training.view_training")
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(Training.objects.select_related("unit", "created_by"), request.user, pk=pk)
    return _detail(request, training)


def _detail(request: HttpRequest, training: Training, error: ServiceError | None = None) -> HttpResponse:
    enrolments = list(training.enrolments.select_related("person__unit"))
    manage = services.may_manage(request.user, training)
    # A unit's own people are marked from above (services.mark_attendance says why).
    ours = own_unit_ids(person_of(request.user)) if manage else set()
    enrolled = {e.person_id for e in enrolments}
    candidates = [p for p in services.audience_people(training) if p.pk not in enrolled] if manage else []
    typed = request.POST if error else None
    return render(
        request,
        "training/detail.html",
        {
            "training": training,
            "enrolments": enrolments,
            "audience_units": list(training.audience_units.order_by("tree_path")),
            "manage": manage,
            "ours": ours,
            "markable": any(e.person.unit_id not in ours for e in enrolments),
            "candidates": candidates,
            "started": training.starts_on <= timezone.localdate(),
            "attended": Attendance.ATTENDED,
            "error": error,
            "typed": typed,
            "credited": sum(e.hours for e in enrolments),
        },
        status=400 if error else 200,
    )


@require_perm("training.view_training")
@require_POST
def training_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(Training.objects.select_related("unit"), request.user, pk=pk)
    ids = [pk for pk in map(whole_number, request.POST.getlist("people")) if pk is not None]
    try:
        made = services.enrol(training, actor=request.user, people=list(Person.objects.filter(pk__in=ids)))
    except ServiceError as exc:
        return _detail(request, training, exc)
    messages.success(request, f"已报名{len(made)}人")
    return redirect("training:detail", pk=training.pk)


@require_perm("training.view_training")
@require_POST
def training_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(Training.objects.select_related("unit"), request.user, pk=pk)
    marks: dict[int, int | None] = {}
    try:
        for key in request.POST:
            person = whole_number(key.removeprefix("hours-")) if key.startswith("hours-") else None
            if person is not None:
                value = request.POST.get(key, "").strip()
                hours = whole_number(value.removeprefix("-"))
                if value and hours is None:
                    raise InvalidInput(
                        "学时应为正整数", "invalid_hours", errors={"marks": ["学时应为正整数"]}
                    )
                marks[person] = int(value) if value else None
        changed = services.mark_attendance(training, actor=request.user, marks=marks)
    except ServiceError as exc:
        return _detail(request, training, exc)
    messages.success(request, f"出勤已登记（更新{len(changed)}人）")
    return redirect("training:detail", pk=training.pk)


def listed_people(user: Any, year: int) -> QuerySet[Person]:
    """The people ``user`` may read with their hours of ``year``, by unit: the 年度学时 page and its
    export."""
    return with_hours(visible_people(user).select_related("unit"), year).order_by("unit__tree_path", "id")


@require_perm("training.view_training")
def people(request: HttpRequest) -> HttpResponse:
    year = chosen_year(request)
    rows = listed_people(request.user, year)
    return render(
        request,
        "training/people.html",
        {"page": Paginator(rows, 50).get_page(request.GET.get("page")), "year": year},
    )


@require_perm("training.view_training")
def person_record(request: HttpRequest, pk: int) -> HttpResponse:
    year = chosen_year(request)
    person = _person(request.user, pk)
    rows = record_of(person, year)
    return render(
        request,
        "training/person.html",
        {
            "person": person,
            "year": year,
            "rows": rows,
            "hours": sum(r.hours for r in rows if r.status == Attendance.ATTENDED),
        },
    )


def _person(user: Any, pk: int) -> Person:
    """One person whose record ``user`` may read; missing and forbidden alike are a 404."""
    person = visible_people(user).select_related("unit").filter(pk=pk).first()
    if person is None:
        raise Http404("对象不存在或您无权访问")
    return person
