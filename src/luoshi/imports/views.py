"""导入台账: upload a ledger, adjust the column mapping and units in the preview, import, read the report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from luoshi.core.errors import InvalidInput, ServiceError
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm
from luoshi.org.models import Unit
from luoshi.org.names import simplified
from luoshi.org.scopes import ASSIGN, unit_scope

from . import services
from .choices import DROP_CO_UNIT, FIELDS, BatchStatus
from .export import download
from .models import ImportBatch

PERM = "imports.add_batch"


@require_perm(PERM)
def index(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise InvalidInput("请选择要导入的台账文件（.xlsx、.csv 或 .docx）", "file_required")
            batch = services.upload_ledger(actor=request.user, upload=upload)
        except ServiceError as exc:
            error = exc.message
        else:
            return redirect("imports:detail", pk=batch.pk)
    context = {"batches": services.recent_batches(request.user), "error": error}
    return render(request, "imports/index.html", context, status=400 if error else 200)


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    """The uploader's own batch; another's is a 404 like an absent one, and in the security audit."""
    return get_visible_or_404(ImportBatch.objects.all(), request.user, "view", pk=pk)


def _page(request: HttpRequest, batch: ImportBatch, error: ServiceError | None = None) -> HttpResponse:
    body = services.preview(batch, actor=request.user)
    typed: dict[str, Any] = {}
    if error is not None:  # the page as it was typed, with the refusal on top
        typed = {
            "mapping": {key[4:]: value for key, value in request.POST.items() if key.startswith("map-")},
            "units": _typed_units(request),
        }
    failed = batch.status == BatchStatus.FAILED and error is None  # a queued import that did not go in
    units = list(Unit.objects.filter(is_active=True).values_list("name", flat=True))
    chosen = Unit.objects.in_bulk(batch.unit_overrides.values())
    overrides = [
        {
            "mention": m,
            "name": chosen[pk].name if pk in chosen else "",
            "alias": pk in chosen and simplified(m) in chosen[pk].aliases,  # recorded as its alias
        }
        for m, pk in batch.unit_overrides.items()
    ]
    overrides += [{"mention": m, "name": DROP_CO_UNIT, "alias": False} for m in batch.dropped_units]
    context = {
        "batch": batch,
        "preview": body,
        "fields": FIELDS,
        "unit_names": units,
        "assignable": _assignable(request.user),
        "drop_co_unit": DROP_CO_UNIT,
        "overrides": overrides,
        "typed": typed,
        "may_alias": request.user.has_perm("org.add_unit_alias"),
        "alias_ticked": _ticked(request),  # kept ticked while its unit is still to be chosen
        "error": error.message if error else batch.error if failed else "",
        "refused": (error.errors.get("refused") or []) if error else batch.report.get("refused", []),
        "committed": batch.status == BatchStatus.COMMITTED,
        "waiting": batch.status in BatchStatus.WAITING,
        "progress": body["progress"],
        "background": services.in_background(batch),
        "spans": {
            "skipped": spans(batch.report.get("skipped_rows", []), batch.report.get("skipped", 0)),
            "left_out": spans(
                batch.report.get("skipped_by_user_rows", []), batch.report.get("skipped_by_user", 0)
            ),
        },
    }
    return render(request, "imports/detail.html", context, status=400 if error else 200)


def _assignable(user: Any) -> list[str]:
    """The names of the units ``user`` may hand work to (the import's own rule, Resolver.may_assign), in
    the tree's order: what a guessed unit may be changed to. The database keeps to the reach and gives
    one column, so a county's staff member does not read a province's units to be offered one."""
    rows = Unit.objects.filter(unit_scope(user, ASSIGN).q("pk"), is_active=True).order_by("tree_path")
    return list(rows.values_list("name", flat=True))


def spans(numbers: list[int], count: int) -> str:
    """Row numbers as runs (6–26、30), with 等 when the report listed fewer than there were."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = "、".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
    return text + ("等" if count > len(numbers) else "")


def _typed_units(request: HttpRequest) -> dict[str, str]:
    typed: dict[str, str] = {}
    for key in request.POST:
        if key.startswith("mention-"):
            typed[str(request.POST.get(key, ""))] = str(request.POST.get("unit-" + key[8:], "")).strip()
    return typed


def _ticked(request: HttpRequest) -> set[str]:
    """The names whose 记为该单位别名 box is ticked."""
    return {
        str(request.POST.get(key, ""))
        for key in request.POST
        if key.startswith("mention-") and request.POST.get("alias-" + key[8:])
    }


def _skipped(request: HttpRequest, batch: ImportBatch) -> list[int] | None:
    """The rows left out after a row's 跳过此行 / 恢复 button (``unskip=all`` restores every row)."""
    skip, unskip = request.POST.get("skip"), request.POST.get("unskip")
    if unskip == "all":
        return []
    try:
        if skip:
            return [*batch.skip_rows, int(skip)]
        if unskip:
            return [n for n in batch.skip_rows if n != int(unskip)]
    except ValueError:
        raise InvalidInput("行号无效", "invalid") from None
    return None


@require_perm(PERM)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if request.method != "POST":
        return _page(request, batch)
    mapping = {key[4:]: value for key, value in request.POST.items() if key.startswith("map-")}
    by_name = {name: pk for pk, name in Unit.objects.filter(is_active=True).values_list("pk", "name")}
    overrides: dict[str, int | None] = {}
    typed = _typed_units(request)
    dropped = [mention for mention, name in typed.items() if name == DROP_CO_UNIT]
    try:
        for mention, name in typed.items():
            if name == DROP_CO_UNIT:
                continue
            if name and name not in by_name:
                raise InvalidInput(f"“{name}”不是组织架构中的单位，请从列表中选择", "unknown_unit")
            overrides[mention] = by_name[name] if name else None
        services.update_batch(
            batch,
            actor=request.user,
            mapping=mapping,
            unit_overrides=overrides,
            dropped_units=dropped,
            skip_rows=_skipped(request, batch),
            skip_errors="skip_errors" in request.POST,
            unit_aliases=[m for m in _ticked(request) if typed.get(m) and typed[m] != DROP_CO_UNIT],
        )
    except ServiceError as exc:
        return _page(request, batch, exc)
    if request.headers.get("HX-Request"):
        return _page(request, _batch(request, pk))
    return redirect("imports:detail", pk=batch.pk)


@require_POST
@require_perm(PERM)
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        services.commit_or_queue(batch, actor=request.user)
    except ServiceError as exc:
        return _page(request, batch, exc)
    return redirect("imports:detail", pk=batch.pk)  # the page now reports what was imported, or how far


@require_POST
@require_perm(PERM)
def directive(request: HttpRequest, pk: int) -> HttpResponse:
    """The prose around a Word ledger's tables entered as a directive, opened to decide its requirements."""
    batch = _batch(request, pk)
    try:
        made, _ = services.prose_to_directive(batch, actor=request.user)
    except ServiceError as exc:
        return _page(request, batch, exc)
    return redirect("directives:detail", pk=made.pk)


@require_perm(PERM)
def export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The imported ledger in its own layout with the tasks' current values (.xlsx, or .docx for Word)."""
    batch = _batch(request, pk)
    try:
        return download(batch, request.user, request)
    except ServiceError as exc:
        return _page(request, batch, exc)


@require_perm(PERM)
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar of a queued import, polled by the page; once it ended, the page reloads."""
    batch = _batch(request, pk)
    context = {"batch": batch, "progress": services.progress_of(batch)}
    response = render(request, "imports/_progress.html", context)
    if batch.status not in BatchStatus.WAITING:
        response["HX-Refresh"] = "true"
    return response
