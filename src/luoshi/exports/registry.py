"""The lists that can be exported as a job. Each app registers its own from its ``ready`` (exports knows
no domain app): the kind names the list's permission, its page and its streamed export, and ``prepare``
re-runs the list's filters as a user and hands back the same writer the streamed export uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.http import HttpRequest, QueryDict
from django.urls import reverse

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Prepared:
    """A list as its user sees it now: how many rows, what the filters say, and how to write the file
    (to ``path``, telling ``progress`` the rows written so far). A file named after what it holds rather
    than the kind (one imported ledger) gives its ``title``; one that is no workbook its ``suffix``."""

    total: int
    note: str
    write: Callable[[Path, Progress], None]
    title: str = ""
    suffix: str = "xlsx"


@dataclass(frozen=True)
class ExportKind:
    key: str  # in URLs and the API: "tasks-ledger"
    title: str  # the file's title: "任务台账"
    permission: str  # who may export it (checked again when the job runs)
    page: str  # the list page's URL name, where a bad filter is explained
    direct: str  # the streamed export's URL name, for a list small enough to write in the request
    prepare: Callable[[Any, QueryDict], Prepared]  # raises ServiceError (Chinese) on a bad filter
    # the parameters that name the object in the page's and the streamed export's path ("pk" of one
    # imported ledger), not in their query string; ``prepare`` refuses a value that names nothing
    path_params: tuple[str, ...] = ()
    page_title: str = ""  # the page's name in 回到…, when it is not the file's title

    def page_url(self, params: QueryDict) -> str:
        return self._url(self.page, params)

    def direct_url(self, params: QueryDict) -> str:
        return self._url(self.direct, params)

    def _url(self, name: str, params: QueryDict) -> str:
        query = params.copy()
        kwargs = {key: query.pop(key, [""])[-1] for key in self.path_params}
        rest = query.urlencode()
        return reverse(name, kwargs=kwargs) + (f"?{rest}" if rest else "")


KINDS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    KINDS[kind.key] = kind


def kind_of(key: str) -> ExportKind | None:
    return KINDS.get(key)


def request_as(user: Any, params: QueryDict) -> HttpRequest:
    """A request of ``user`` carrying a list's query string: filters written against a request run the
    same outside one, as the job's requester."""
    request = HttpRequest()
    request.user = user
    request.GET = params
    return request


def save(path: Path, chunks: Iterable[bytes]) -> None:
    """A streamed file written to ``path`` chunk by chunk, as the job's worker keeps it."""
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
