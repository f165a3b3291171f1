"""Rows inserted by the thousand without a model object each.

A 100,000-row ledger import writes a task, its ``created`` event, its ancestor rows and its import key
per row. ``bulk_create`` built a model object for each and compiled every field of every row one value
at a time: nearly half of the import's time (docs/benchmarks.md, "Ledger import"), for rows whose values
the caller already holds. Here each value still goes through its field's ``get_db_prep_save``, as
``bulk_create``'s do, into one ``INSERT`` per batch; a field the rows leave out is prepared
once. Like ``bulk_create``, no ``save()`` and no signals: only for models written by their services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

from .chunks import BULK_BATCH, slices


def insert_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, returning: bool = False
) -> list[int]:
    """Insert ``rows`` (field attname → value) into ``model``'s table. A field a row leaves out gets its
    default, an auto_now field the time now, as a new object would. With ``returning``, the new rows'
    ids in the order of ``rows``."""
    if not rows:
        return []
    opts = model._meta
    connection = connections[router.db_for_write(model)]  # the backend itself: its proxy costs per value
    given = {name for row in rows for name in row}
    now = timezone.now()
    fields = [
        f for f in opts.concrete_fields if not f.generated and (f.attname in given or not f.primary_key)
    ]
    blank = {f.attname: f.get_db_prep_save(_default(f, now), connection) for f in fields}
    quote = connection.ops.quote_name
    limit = connection.features.max_query_params
    size = min(BULK_BATCH, limit // len(fields)) if limit else BULK_BATCH
    columns = ", ".join(quote(f.column) for f in fields)
    head = f"INSERT INTO {quote(opts.db_table)} ({columns}) "
    tail = f" RETURNING {quote(opts.pk.column)}" if returning else ""
    preparers = [(f.attname, f.get_db_prep_save) for f in fields]
    ids: list[int] = []
    with connection.cursor() as cursor:
        for chunk in slices(rows, size):
            values = [
                [
                    prepare(row[name], connection) if name in row else blank[name]
                    for name, prepare in preparers
                ]
                for row in chunk
            ]
            sql, params = _rows_sql(connection, fields, values)
            cursor.execute(head + sql + tail, params)
            if returning:
                ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def _rows_sql(connection: Any, fields: list[models.Field], values: list[list[Any]]) -> tuple[str, list[Any]]:
    """``VALUES (…), (…)``; on PostgreSQL one array per column, as ``bulk_create`` writes there: the driver
    binds a few arrays instead of thousands of values (a multi-row ``VALUES`` cost the import's client
    seven times the CPU there, docs/benchmarks.md)."""
    if connection.vendor == "postgresql":
        types = [str(f.db_type(connection)).split("(")[0] for f in fields]  # varchar(200) → varchar[]
        arrays = ", ".join(f"%s::{name}[]" for name in types)
        return f"SELECT * FROM UNNEST({arrays})", [list(column) for column in zip(*values, strict=True)]  # noqa: S608
    one = f"({', '.join(['%s'] * len(fields))})"
    return "VALUES " + ", ".join([one] * len(values)), [value for row in values for value in row]


def _default(field: models.Field, now: dt.datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now if isinstance(field, models.DateTimeField) else timezone.localdate(now)
    return field.get_default()
