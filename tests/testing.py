"""Base classes for page and API tests that build on themselves (NetBox's ViewTestCases, for pytest).

A test class declares the route and how to make the object it shows; the base class checks the four
answers every route owes: anonymous → the login (401 in the API), an account without the permission →
refused, someone whose work it is → served, someone of another unit → 404 (as for an object that does
not exist, so ids reveal nothing). The rows come from factories, not the whole demo:

    class TestTaskPrint(ViewTests):
        path = "/tasks/{pk}/print/"

        def make(self, unit):
            return task_of(unit)
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from luoshi.org.choices import Role
from luoshi.org.models import Person, Unit

from .factories import PersonFactory, UnitFactory, member


def exported_rows(client: Client, path: str, query: dict | None = None) -> list[tuple]:
    """A list's streamed 台账 workbook, its rows from the top: title, 截至 and filters, header, then data."""
    response = client.get(path, query or {})
    assert response.streaming and response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


@dataclass
class World:
    """Two units side by side, someone working in each, and an administrator, who sees no business data."""

    unit: Unit
    other_unit: Unit
    member: Person
    other_member: Person
    outsider: Person


@pytest.fixture
def world(db: Any) -> World:
    unit, other = UnitFactory(name="本单位"), UnitFactory(name="相邻单位")
    return World(
        unit=unit,
        other_unit=other,
        member=member(unit),
        other_member=member(other),
        outsider=PersonFactory(admin_role="system"),
    )


class ViewTests:
    """A page: declare ``path`` (with ``{pk}`` for an object's page) and, for an object, ``make(unit)``."""

    path: str
    # Whose work the object is: a person of this role in its unit is served.
    served_role = Role.STAFF
    # What an account without the permission gets: 403 for a page behind one, 404 for an object's page
    # (an object one may not see is answered as one that does not exist).
    refused_status = 403

    def make(self, unit: Unit) -> Any:
        """The object the page shows, belonging to ``unit``; None for a page of no object."""
        return None

    def url(self, obj: Any) -> str:
        return self.path.format(pk=obj.pk) if obj is not None else self.path

    def client(self, person: Person | None) -> Client:
        client = Client()
        if person is not None:
            client.force_login(person.user)
        return client

    def get(self, person: Person | None, obj: Any) -> Any:
        return self.client(person).get(self.url(obj))

    def test_anonymous_is_sent_to_the_login(self, world: World) -> None:
        response = self.get(None, self.make(world.unit))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_an_account_without_the_permission_is_refused(self, world: World) -> None:
        assert self.get(world.outsider, self.make(world.unit)).status_code == self.refused_status

    def test_someone_whose_work_it_is_is_served(self, world: World) -> None:
        person = world.member if self.served_role == Role.STAFF else member(world.unit, self.served_role)
        assert self.get(person, self.make(world.unit)).status_code == 200

    def test_someone_of_another_unit_gets_404(self, world: World) -> None:
        obj = self.make(world.unit)
        if obj is None:
            pytest.skip("a page of no object: what it lists is held to the visibility rule elsewhere")
        assert self.get(world.other_member, obj).status_code == 404


class APITests(ViewTests):
    """An API route: the same four answers, anonymous being a 401."""

    def client(self, person: Person | None) -> APIClient:  # type: ignore[override]
        client = APIClient()
        if person is not None:
            client.force_authenticate(person.user)
        return client

    def test_anonymous_is_sent_to_the_login(self, world: World) -> None:
        assert self.get(None, self.make(world.unit)).status_code in (401, 403)
