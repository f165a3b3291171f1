"""Queries over a list of keys that the ORM builds and compiles once, then runs with new keys.

A list page reads its 50 rows by key with a handful of joined names. Building that ``values()``
queryset and compiling it to SQL cost Django more than SQLite spent running it, on every page and API
call. A ``PreparedValues`` asks the ORM once per database and number of keys for the SQL and the
column converters, then only binds the keys: same SQL, same converted values, same dictionaries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Lists read pages of at most a few hundred keys; past this a query is compiled as usual, not kept.
MOST_KEYS = 500


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: list[str]
    converters: list[tuple[int, list[Any], Any]]


class PreparedValues:
    """``build(keys)`` must return a ``values()`` queryset whose only parameters are ``keys``, in order
    (``filter(pk__in=keys)`` and joins; no other literal). Anything else is run the ordinary way."""

    def __init__(self, build: Callable[[list[Any]], QuerySet]) -> None:
        self._build = build
        self._compiled: dict[tuple[str, int], _Compiled | None] = {}

    def rows(self, keys: Sequence[Any], using: str = "default") -> list[dict[str, Any]]:
        keys = list(keys)
        if not keys:
            return []
        slot = (using, len(keys))
        if slot not in self._compiled and len(keys) <= MOST_KEYS:
            self._compiled[slot] = self._compile(keys, using)
        compiled = self._compiled.get(slot)
        if compiled is None:
            return list(self._build(keys).using(using))
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, keys)
            fetched = cursor.fetchall()
        return [dict(zip(compiled.names, _convert(row, compiled.converters, connection))) for row in fetched]

    def _compile(self, keys: list[Any], using: str) -> _Compiled | None:
        query = self._build(keys).using(using).query
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
        if list(params) != keys:  # a literal besides the keys: cannot rebind by position
            return None
        names = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        converters = [
            (pos, convs, expression) for pos, (convs, expression) in compiler.get_converters(fields).items()
        ]
        return _Compiled(sql, names, converters)


def _convert(
    row: tuple[Any, ...], converters: list[tuple[int, list[Any], Any]], connection: Any
) -> list[Any]:
    """What Django's compiler does to each fetched row (dates from text on SQLite, booleans, ...)."""
    values = list(row)
    for pos, convs, expression in converters:
        value = values[pos]
        for converter in convs:
            value = converter(value, expression, connection)
        values[pos] = value
    return values
