"""The system admin's person form and password resets, and the reset code for an administrator.

A business password administrators set is two halves (``services.resets``): the system admin's half is
shown once, on the page his act (the new account saved or the reset proposed) redirects to, so that a
refresh sends nothing again. It waits in his session only until that page takes it, never in a message."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from luoshi.accounts.services import issue_reset_code
from luoshi.core.errors import Conflict, InvalidInput
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm

from . import services
from .forms import PersonForm
from .models import Person, Unit
from .services.resets import PasswordHalf

HALF_TO_SHOW = "org.password_half"


@require_perm("org.manage_accounts")
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person = (
        get_visible_or_404(Person.objects.select_related("user"), request.user, "manage", pk=pk)
        if pk
        else None
    )
    initial = {}
    if person:
        initial = {
            "username": person.username,
            "name": person.name,
            "unit": person.unit_id or "",
            "title": person.title,
            "phone": person.phone,
            "email": person.user.email,
            "is_active": person.user.is_active,
        }
    form = PersonForm(request.POST or None, initial=initial, editing=person is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = Unit.objects.filter(pk=data["unit"]).first() if data["unit"] else None
        try:
            if person is None:
                account = services.create_account(
                    actor=request.user,
                    username=data["username"],
                    name=data["name"],
                    unit=unit,
                    title=data["title"],
                    phone=data["phone"],
                    email=data["email"],
                )
                return _show_half_once(request, account.person, account.half, first=True, email=data["email"])
            person = services.update_person(
                person,
                actor=request.user,
                name=data["name"],
                unit=unit,
                title=data["title"],
                phone=data["phone"],
                is_active=data["is_active"],
                email=data["email"],
            )
        except (InvalidInput, Conflict) as exc:
            form.add_service_error(exc, request)
        else:
            waiting = [
                label
                for label, proposal in (
                    ("电子邮箱", services.pending_address(person=person)),
                    ("所在单位", services.pending_home_unit(person)),
                )
                if proposal is not None and proposal.proposed_by_id == request.user.pk
            ]
            note = f"{'和'.join(waiting)}已提交，待安全管理员批准后生效。" if waiting else ""
            messages.success(request, f"已保存“{person.name}”。{note}")
            return redirect("org:person", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "person": person})


@require_perm("org.manage_accounts")
def person_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Proposes the reset (services.resets) and shows the proposer his half of the new password; the
    password changes only when the security admin approves, who is shown the other half."""
    person = get_visible_or_404(Person.objects.select_related("user"), request.user, "manage", pk=pk)
    if request.method == "POST":
        half = services.propose_password_reset(person, actor=request.user, request=request)
        if half is not None:
            return _show_half_once(request, person, half, first=False)
        messages.info(request, f"{person.username} 的密码重置已在等待安全管理员批准，前半段已在提出时显示。")
    return redirect("org:person", pk=person.pk)


def _show_half_once(
    request: HttpRequest, person: Person, half: PasswordHalf, *, first: bool, email: str = ""
) -> HttpResponse:
    request.session[HALF_TO_SHOW] = {
        "person": person.pk,
        "half": asdict(half),
        "first": first,
        "email": email,
    }
    return redirect("org:person_half", pk=person.pk)


@require_perm("org.manage_accounts")
def person_half(request: HttpRequest, pk: int) -> HttpResponse:
    """The half a new account or a reset gave its proposer, once: shown again (a refresh, the address
    kept), it is gone and the person's page answers instead."""
    person = get_visible_or_404(Person.objects.select_related("user"), request.user, "manage", pk=pk)
    waiting: dict[str, Any] | None = request.session.get(HALF_TO_SHOW)
    if not waiting or waiting["person"] != person.pk:
        return redirect("org:person", pk=person.pk)
    del request.session[HALF_TO_SHOW]
    context = {"person": person, "half": PasswordHalf(**waiting["half"]), "first": waiting["first"]}
    return render(request, "org/password_half.html", {**context, "email": waiting["email"]})


def person_reset_code(request: HttpRequest, pk: int) -> HttpResponse:
    """For an admin account: a one-time code, shown here once, that the issuer hands its holder in person."""
    person = get_visible_or_404(Person.objects.select_related("user"), request.user, pk=pk)
    if request.method == "POST":
        code = issue_reset_code(person.user, actor=request.user, request=request)
        messages.success(
            request,
            f"已为 {person.username} 签发密码重置码：{code}（24小时内有效，仅此一次显示）。"
            "请当面交给本人，由本人在登录页“使用重置码”处设置新密码；您不会知道新密码。",
        )
    return redirect("org:person", pk=person.pk)
