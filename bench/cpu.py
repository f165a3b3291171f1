#!/usr/bin/env python3
"""The task list API's cost in Python, as a multiple of `GET /api/v1/me/`, with and without its two shortcuts.

usage: LUOSHI_DATA_DIR=DIR python bench/cpu.py [--rounds 7] [--requests 40] [--without prepared,serializer]

In one process, without a server or a network: Django's test client sends `GET /api/v1/me/` and
`GET /api/v1/tasks/?lead_unit=<unit>&page_size=50` with the staff account's token, alternating in rounds,
and prints the median CPU time of each (this process's: other work on the machine counts little) and
their ratio (`/me/` ÷ list: the list's requests per second as a multiple of `/me/`'s; target ≥ 0.5).
`--without` runs the list the standard way instead:
``prepared``: the page's rows built and compiled by the ORM on every request (not `core.prepared`);
``serializer``: every value through DRF's field objects (not `TaskSerializer.to_representation`).
Needs a data directory made by bench/datagen.py (the staff account gb1-staff and its unit).
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")

STAFF = "gb1-staff"


def _standard_rows() -> None:
    """Every PreparedValues query built and compiled by the ORM, as any other query is."""
    from luoshi.core.prepared import PreparedValues

    def rows(self: PreparedValues, keys: Any, using: str = "default") -> list[dict[str, Any]]:
        keys = list(keys)
        return list(self._build(keys).using(using)) if keys else []

    PreparedValues.rows = rows  # type: ignore[method-assign]


def _standard_serializer() -> None:
    """TaskSerializer's output from DRF field objects reading the list row, field by field."""
    from rest_framework import serializers

    from luoshi.tasks.api import TaskSerializer

    declared: dict[str, serializers.Field] = {}
    for name, field in TaskSerializer().fields.items():
        if name == "co_units":
            declared[name] = serializers.ListField(child=serializers.IntegerField(), read_only=True)
        elif name == "co_unit_names":
            declared[name] = serializers.ListField(child=serializers.CharField(), read_only=True)
        elif isinstance(field, serializers.PrimaryKeyRelatedField):
            declared[name] = serializers.IntegerField(source=f"{name}_id", read_only=True, allow_null=True)
        else:
            declared[name] = copy.deepcopy(field._kwargs and type(field)(**field._kwargs) or type(field)())
    plain = type("PlainTaskSerializer", (serializers.Serializer,), declared)()
    TaskSerializer.to_representation = lambda self, row: plain.to_representation(row)  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=40, help="of each kind per round")
    parser.add_argument("--without", default="", help="comma-separated: prepared, serializer")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.test import Client
    from knox.models import AuthToken

    from luoshi.org.models import Person

    without = {name for name in args.without.split(",") if name}
    if "prepared" in without:
        _standard_rows()
    if "serializer" in without:
        _standard_serializer()
    person = Person.objects.select_related("user").get(user__username=STAFF)
    _, token = AuthToken.objects.create(person.user)
    unit = person.memberships.values_list("unit_id", flat=True).first()
    client = Client(
        HTTP_AUTHORIZATION=f"Token {token}",
        HTTP_ACCEPT="application/json",
        SERVER_NAME="localhost",
        HTTP_HOST="localhost",
    )
    calls = {"me": "/api/v1/me/", "list": f"/api/v1/tasks/?lead_unit={unit}&page_size=50"}
    times: dict[str, list[float]] = {name: [] for name in calls}
    for round_ in range(args.rounds + 1):  # the first round warms up and is not counted
        for name, path in calls.items():
            for _ in range(args.requests):
                started = time.process_time()
                response = client.get(path, secure=True)
                elapsed = time.process_time() - started
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
                if round_:
                    times[name].append(elapsed)
    me, listed = statistics.median(times["me"]), statistics.median(times["list"])
    print(
        f"without: {', '.join(sorted(without)) or 'nothing'}; {args.rounds} rounds × {args.requests} requests"
    )
    print(f"/me/ {me * 1000:.2f} ms, list {listed * 1000:.2f} ms (medians): list = {me / listed:.2f} × /me/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
