"""A list page as a 台账 workbook, declared once: the page's own rows under its own filters as the reader
sees them (the page's function, never a second rule), the columns, and from these the streamed export
and, for a list that can be large, the export job. The rows are read in chunks, so the queries do not
grow with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.utils import timezone

from luoshi.accounts.audit import record_export
from luoshi.core.errors import InvalidInput
from luoshi.core.jobs import counted
from luoshi.core.views import require_perm
from luoshi.reports.ledger import ledger_response, write_ledger

from .registry import ExportKind, Prepared, Progress, request_as, save

CHUNK_ROWS = 500


@dataclass(frozen=True)
class Selected:
    """A list's rows as its page selects them, and its filters in words (the line under the title)."""

    rows: QuerySet
    note: str


@dataclass(frozen=True)
class ListExport:
    title: str  # the workbook's title and sheet: "一线走访"
    permission: str  # who may export it: the list page's own permission
    page: str  # the list page's URL name, where a bad filter is explained
    columns: list[tuple[str, int]]  # (header, width), the first is 序号
    select: Callable[[HttpRequest], Selected]  # the page's function: its queryset under its filters
    row: Callable[[Any], list[Any]]  # one object's cells after its 序号, in the columns' order

    def rows(self, queryset: QuerySet) -> Iterator[list[Any]]:
        """Each object numbered from 1, read ``CHUNK_ROWS`` at a time (prefetches run once per chunk)."""
        for number, item in enumerate(queryset.iterator(chunk_size=CHUNK_ROWS), start=1):
            yield [number, *self.row(item)]


def streamed(listing: ListExport) -> Callable[[HttpRequest], HttpResponseBase]:
    """The list's 导出Excel view: the page's rows under the page's filters, streamed as they are written,
    the export recorded in the security audit."""

    @require_perm(listing.permission)
    def export(request: HttpRequest) -> HttpResponseBase:
        selected = listing.select(request)
        response = ledger_response(listing.rows(selected.rows), listing.title, selected.note, listing.columns)
        record_export(request, listing.title, filters=request.GET.urlencode())
        return response

    return export


def export_kind(listing: ListExport, key: str, direct: str) -> ExportKind:
    """The list as an export job (``key`` in URLs, ``direct`` the streamed export's URL name): the page's
    filters re-run as the requester, written by the streamed export's own writer."""

    def prepare(user: Any, params: QueryDict) -> Prepared:
        selected = listing.select(request_as(user, params))

        def write(path: Path, progress: Progress) -> None:
            rows = counted(listing.rows(selected.rows), progress)
            as_of, note = timezone.localtime(), selected.note
            save(path, write_ledger(rows, listing.title, as_of=as_of, note=note, columns=listing.columns))

        return Prepared(total=selected.rows.count(), note=selected.note, write=write)

    return ExportKind(
        key=key,
        title=listing.title,
        permission=listing.permission,
        page=listing.page,
        direct=direct,
        prepare=prepare,
    )


def filtered_kind(
    *,
    key: str,
    title: str,
    permission: str,
    page: str,
    direct: str,
    select: Callable[[HttpRequest], tuple[Any, QuerySet | None, str]],
    describe: Callable[[Any], str],
    chunks: Callable[[QuerySet, str, dt.datetime, Progress], Iterable[bytes]],
) -> ExportKind:
    """A ledger with a workbook writer of its own as an export job: the page's ``select`` (its filterset,
    its queryset or None and why) re-run as the requester, a bad filter refused in the page's words, the
    filters in words by ``describe``, and the file written by the streamed export's own ``chunks``."""

    def prepare(user: Any, params: QueryDict) -> Prepared:
        filterset, queryset, error = select(request_as(user, params))
        if queryset is None:
            raise InvalidInput(error, "bad_filter")
        note = describe(filterset)

        def write(path: Path, progress: Progress) -> None:
            save(path, chunks(queryset, note, timezone.localtime(), progress))

        return Prepared(total=queryset.count(), note=note, write=write)

    return ExportKind(key=key, title=title, permission=permission, page=page, direct=direct, prepare=prepare)
