"""A list as a page to print (A4 landscape, the header row on every page, no navigation or forms): the
same rows as the list's Excel file, cut at a length anyone would still read on paper."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

# A printed list longer than this is a filter too wide, not a document anyone reads on paper.
PRINTED_ROWS = 1000


def print_list(
    request: HttpRequest,
    template: str,
    *,
    title: str,
    filters: str,
    columns: list[str],
    rows: Iterable[Any],
    back_url: str,
    unit_word: str = "项",
    empty: str = "没有符合条件的记录",
    limit: int | None = None,
) -> HttpResponse:
    """``template`` (extending core/print_list.html) over the first ``limit`` of ``rows``, saying when
    there were more; ``filters`` is what the list was filtered by, in words."""
    limit = PRINTED_ROWS if limit is None else limit
    printed = list(islice(rows, limit + 1))
    return render(
        request,
        template,
        {
            "title": title,
            "as_of": timezone.localtime(),
            "filters": filters,
            "columns": columns,
            "rows": printed[:limit],
            "cut": len(printed) > limit,
            "limit": limit,
            "unit_word": unit_word,
            "empty": empty,
            "back_url": back_url,
        },
    )
