"""Org chart for everyone; unit and people management for the system admin; roles for the security admin."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from luoshi.accounts.choices import AdminRole
from luoshi.accounts.models import admin_role_of
from luoshi.accounts.services import unlock_account
from luoshi.core.errors import InvalidInput, ServiceError
from luoshi.core.filters import whole_number
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm

from . import services
from .choices import ProposalStatus, Role, UnitKind
from .forms import ROLE_CHOICES, RolesForm, UnitForm
from .imports import PERSON_COLUMNS, UNIT_COLUMNS, template_workbook
from .models import WITH_ACCOUNT, Membership, Oversight, Person, RightsProposal, Unit
from .names import alias_sources
from .scopes import person_of
from .services.resets import pending_reset
from .services.structure import pending_move

ADMIN_HOME = {
    AdminRole.SYSTEM: "org:manage",
    AdminRole.SECURITY: "org:roles",
    AdminRole.AUDIT: "accounts:audit_log",
}


def home(request: HttpRequest) -> HttpResponse:
    """Where each account lands: an administrator on their own work, everyone else on 我的待办."""
    admin_role = admin_role_of(request.user)
    if admin_role:
        return redirect(ADMIN_HOME[admin_role])
    try:
        return redirect(reverse("tasks:inbox"))
    except NoReverseMatch:
        return redirect("org:chart")


def _tree(units: list[Unit]) -> list[dict[str, Any]]:
    children: dict[int, list[dict[str, Any]]] = {u.pk: [] for u in units}
    nodes = {u.pk: {"unit": u, "children": children[u.pk]} for u in units}
    roots: list[dict[str, Any]] = []
    for unit in sorted(units, key=lambda u: (u.sort_order, u.pk)):
        parent = children.get(unit.parent_id) if unit.parent_id is not None else None
        (parent if parent is not None else roots).append(nodes[unit.pk])
    return roots


def chart(request: HttpRequest) -> HttpResponse:
    """Three queries whatever the size: units, roles, oversight."""
    units = list(
        Unit.objects.restrict(request.user).filter(is_active=True).annotate(people_count=Count("people"))
    )
    heads: dict[int, list[str]] = defaultdict(list)
    leaders_of: dict[int, list[str]] = defaultdict(list)
    for m in Membership.objects.filter(role__in=[Role.HEAD, Role.DEPUTY, Role.SECTION_HEAD]).select_related(
        "person"
    ):
        heads[m.unit_id].append(f"{m.person.name}（{Role.label(m.role)}）")
    for o in Oversight.objects.select_related("leader"):
        leaders_of[o.unit_id].append(o.leader.name)
    query = request.GET.get("q", "").strip()
    for unit in units:
        unit.heads = heads.get(unit.pk, [])
        unit.leaders = leaders_of.get(unit.pk, [])
        unit.matches = bool(query) and (
            query in unit.name or query in unit.short_name or any(query in a for a in unit.aliases)
        )
    mine = _my_units(request.user, units)
    return render(
        request, "org/chart.html", {"tree": _tree(units), "q": query, "unit_count": len(units), "mine": mine}
    )


def _my_units(user: Any, units: list[Unit]) -> dict[str, list[Unit]]:
    """What this user leads or is in charge of, shown above the chart: the user's own scope at a glance."""
    person = person_of(user)
    if person is None:
        return {}
    overseen = set(Oversight.objects.filter(leader=person).values_list("unit_id", flat=True))
    managed = set(
        Membership.objects.filter(person=person, role=Role.SECTION_HEAD).values_list("unit_id", flat=True)
    )
    ordered = sorted(units, key=lambda u: (u.sort_order, u.pk))
    return {
        label: [u for u in ordered if u.pk in ids]
        for label, ids in (("我分管的单位", overseen), ("我负责的科室", managed))
        if ids
    }


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_visible_or_404(Unit.objects.select_related("parent"), request.user, pk=pk)
    memberships = (
        Membership.objects.filter(unit=unit).select_related("person__user").order_by("role", "person__id")
    )
    people = (
        Person.objects.restrict(request.user)
        .filter(unit=unit)
        .select_related("user")
        .prefetch_related("memberships")
    )
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "aliases": alias_sources(unit),
            "memberships": memberships,
            "people": people,
            "children": unit.children.filter(is_active=True),
            "leaders": Oversight.objects.filter(unit=unit).select_related("leader"),
            "can_manage": request.user.has_perm("org.manage_org"),
            "moving": pending_move(unit) if request.user.has_perm("org.manage_org") else None,
            "can_delegate": request.user.has_perm("org.delegate_acknowledge", unit),
        },
    )


@require_POST
def staff_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's head lets its staff sign off work given to the unit, or takes that back."""
    unit = get_visible_or_404(Unit.objects.all(), request.user, pk=pk)
    if not request.user.has_perm("org.delegate_acknowledge", unit):
        raise PermissionDenied("只有本单位负责人可以设置谁来签收")
    enabled = request.POST.get("enabled") == "1"
    services.set_staff_acknowledge(unit, actor=request.user, enabled=enabled)
    messages.success(
        request, "本单位干部现在可以签收交办的任务。" if enabled else "交办给本单位的任务改由负责人签收。"
    )
    return redirect("org:unit", unit.pk)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(
        Person.objects.select_related("unit", "user", *WITH_ACCOUNT), request.user, pk=pk
    )
    can_reset = request.user.has_perm("org.reset_password", person)
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("unit"),
            "oversights": person.oversights.select_related("unit"),
            "can_manage": request.user.has_perm("org.manage_accounts"),
            "can_reset": can_reset,
            "resetting": pending_reset(person) if can_reset else None,
            "can_issue_code": request.user.has_perm("accounts.issue_reset_code", person.user),
            "can_grant": request.user.has_perm("org.manage_roles"),
        },
    )


@require_perm("org.manage_org")
def manage(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    people = Person.objects.select_related("unit", "user", *WITH_ACCOUNT).order_by("unit__tree_path", "id")
    units = Unit.objects.select_related("parent").annotate(people_count=Count("people"))
    if query:
        people = people.filter(Q(name__icontains=query) | Q(user__username__icontains=query))
        units = units.filter(
            Q(name__icontains=query) | Q(code__icontains=query) | Q(short_name__icontains=query)
        )
    return render(
        request,
        "org/manage.html",
        {
            "units": units,
            "page": Paginator(people, 30).get_page(request.GET.get("page")),
            "q": query,
        },
    )


def _unit_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "short_name": data["short_name"],
        "kind": data["kind"],
        "aliases": [
            a for a in data["aliases"].replace("，", "、").replace(",", "、").split("、") if a.strip()
        ],
        "parent": Unit.objects.filter(pk=data["parent"]).first() if data["parent"] else None,
        "sort_order": data["sort_order"] or 0,
        "duties": data["duties"],
    }


@require_perm("org.manage_org")
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    unit = get_visible_or_404(Unit.objects, request.user, "manage", pk=pk) if pk else None
    initial = {}
    if unit:
        initial = {
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "aliases": "、".join(unit.aliases),
            "parent": unit.parent_id or "",
            "sort_order": unit.sort_order,
            "is_active": unit.is_active,
            "duties": unit.duties,
        }
    form = UnitForm(request.POST or None, initial=initial)
    recorded = (
        [f"{a}（{s.who}，{s.source}）" for a, s in alias_sources(unit) if s and s.source] if unit else []
    )
    if recorded:  # who taught luoshi each name, to decide whether to keep it
        form.fields["aliases"].help_text += f"。其中导入时记入的：{'、'.join(recorded)}；删去即不再按它导入"
    if request.method == "POST" and form.is_valid():
        fields = _unit_fields(form.cleaned_data)
        try:
            if unit:
                unit = services.update_unit(
                    unit,
                    actor=request.user,
                    code=form.cleaned_data["code"],
                    is_active=form.cleaned_data["is_active"],
                    **fields,
                )
            else:
                unit = services.create_unit(actor=request.user, code=form.cleaned_data["code"], **fields)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            changed = fields["parent"] != unit.parent or fields["kind"] != unit.kind
            moving = pending_move(unit) if changed else None
            messages.success(
                request,
                f"已保存单位“{unit.name}”。"
                + ("上级单位或类型的调整已提交安全管理员审批，批准后生效。" if moving else ""),
            )
            return redirect("org:unit", pk=unit.pk)
    moving = pending_move(unit) if unit else None
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "moving": moving})


@require_perm("org.manage_org")
def import_org(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "unit_columns": UNIT_COLUMNS,
        "person_columns": PERSON_COLUMNS,
        "kinds": UnitKind.CHOICES,
        "roles": Role.CHOICES,
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["errors"] = ["请选择要导入的Excel文件"]
        elif (upload.size or 0) > 10 * 1024 * 1024:
            context["errors"] = ["文件超过10MB，请检查是否选错了文件"]
        else:
            try:
                context["result"] = services.import_org(actor=request.user, upload=upload)
            except InvalidInput as exc:
                context["errors"] = exc.errors.get("rows") or [exc.message]
                context["summary"] = exc.message
    return render(request, "org/import.html", context)


@require_perm("org.manage_org")
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''org-import-template.xlsx"
    return response


@require_perm("org.manage_roles")
def roles(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    people = Person.objects.select_related("unit", "user", *WITH_ACCOUNT).prefetch_related(
        "memberships__unit", "oversights__unit"
    )
    if query:
        people = people.filter(Q(name__icontains=query) | Q(user__username__icontains=query))
    locked = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    return render(
        request,
        "org/roles.html",
        {
            "page": Paginator(people, 30).get_page(request.GET.get("page")),
            "q": query,
            "locked": locked,
            "delegating_units": Unit.objects.filter(
                parent__isnull=False, parent__parent__isnull=True, is_active=True
            ),
            "pending": RightsProposal.objects.filter(status=ProposalStatus.PENDING).count(),
        },
    )


@require_POST
@require_perm("org.manage_roles")
def delegation(request: HttpRequest) -> HttpResponse:
    """代上级交办: which units hand out their parent's work (the department's office, usually)."""
    pk = whole_number(request.POST.get("unit"))
    unit = Unit.objects.select_related("parent").filter(pk=pk).first() if pk is not None else None
    if unit is None:
        raise Http404("单位不存在")
    enabled = request.POST.get("enabled") == "1"
    try:
        services.set_assign_delegation(unit, actor=request.user, enabled=enabled)
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"“{unit.name}”{'可以' if enabled else '不再'}代{unit.parent.name}交办任务。"
        )
    return redirect("org:roles")


@require_perm("org.manage_roles")
def roles_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(
        Person.objects.select_related("user", "unit", *WITH_ACCOUNT), request.user, "manage", pk=pk
    )
    current = list(person.memberships.select_related("unit"))
    form = RolesForm(
        request.POST or None,
        initial={
            "admin_role": person.admin_role,
            "oversight": [str(o.unit_id) for o in person.oversights.all()],
        },
    )
    if request.method == "POST" and form.is_valid():
        kept = set(request.POST.getlist("keep"))
        wanted = [(m.unit, m.role) for m in current if f"{m.unit_id}:{m.role}" in kept]
        add_unit, add_role = request.POST.get("add_unit"), request.POST.get("add_role")
        units = {str(u.pk): u for u in Unit.objects.all()}
        if add_unit and add_role:
            if add_unit not in units:
                form.add_error(None, "所选单位不存在")
            wanted.append((units.get(add_unit), add_role))
        if not form.errors:
            try:
                made_admin = services.set_rights(
                    person,
                    actor=request.user,
                    admin_role=form.cleaned_data["admin_role"],
                    roles=wanted,
                    oversight=[units[pk] for pk in form.cleaned_data["oversight"]],
                )
            except InvalidInput as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    f"已更新“{person.name}”的角色与权限。"
                    + (
                        f"该账号原密码已作废，须在服务器上运行 luoshi createadmin --reset {person.username} "
                        "设置密码后才能登录。"
                        if made_admin
                        else ""
                    ),
                )
                return redirect("org:roles_edit", pk=person.pk)
    return render(
        request,
        "org/roles_form.html",
        {
            "person": person,
            "form": form,
            "current": current,
            "role_choices": ROLE_CHOICES,
            "unit_choices": cast(forms.ChoiceField, form.fields["oversight"]).choices,
        },
    )


@require_perm("accounts.unlock_account")
def unlock(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("username"):
        username = unlock_account(request.POST["username"], actor=request.user, request=request)
        messages.success(request, f"已解除账号 {username} 的锁定。")
    return redirect("org:roles")
