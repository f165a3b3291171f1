"""Pages of primary keys, for lists that read their rows afterwards (a "late row lookup")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "_page_total"
MAX_OFFSET = 2**62


class KeySource(Protocol):
    """What a KeyPaginator reads a page of keys from, instead of a queryset."""

    def keys_with_total(self, offset: int, limit: int) -> list[tuple[int, int]]: ...

    def count(self) -> int: ...


class KeyPaginator(Paginator):
    """Django's Paginator counts, then reads the page: over a visible set resolved from several indexes
    that is the same work twice. A filtered list therefore reads its page with the total beside each key
    (``COUNT(*) OVER ()``), in one query. An unfiltered list keeps the plain count (one index read) and a
    page that stops after its first rows in index order. Either way the page holds keys, in order.

    Instead of a queryset it also takes a source of its own that answers ``keys_with_total(offset,
    limit)`` (keys with the total beside each) and ``count()``."""

    object_list: Any  # a queryset, or a source answering keys_with_total() and count()

    def __init__(self, object_list: QuerySet[Any] | KeySource, per_page: int | str, **kwargs: Any) -> None:
        # django-stubs wants a sliceable list; Django's Paginator only keeps it and calls its count(),
        # and page() below reads a KeySource itself.
        super().__init__(object_list, per_page, **kwargs)  # type: ignore[arg-type]

    if TYPE_CHECKING:

        def _get_page(self, *args: Any, **kwargs: Any) -> Page: ...  # Django's hook for the Page class

    def page(self, number: Any) -> Page:
        source = self.object_list
        if isinstance(source, QuerySet) and not source.query.where:
            page = super().page(number)
            sliced: QuerySet = page.object_list  # type: ignore[assignment]  # a slice of the queryset
            page.object_list = list(sliced.values_list("pk", flat=True))
            return page
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        if bottom > MAX_OFFSET:  # no list is that long, and no database binds such an offset
            return self._get_page([], self.validate_number(number), self)
        if isinstance(source, QuerySet):
            rows = list(
                source.annotate(**{TOTAL: Window(Count("*"))}).values_list("pk", TOTAL)[
                    bottom : bottom + self.per_page
                ]
            )
        else:
            rows = source.keys_with_total(bottom, self.per_page)
        if not rows:  # past the last page, or nothing at all: Django's own answer (EmptyPage or page 1)
            return self._get_page([], self.validate_number(number), self)
        self.__dict__["count"] = rows[0][1]
        return self._get_page([pk for pk, _ in rows], number, self)
