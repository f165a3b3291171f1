"""Which units' work a user may see, manage, approve or do — written once, reused by every app.

The rule table: staff see their unit's work, section heads manage their
section's, deputies see and approve the sections in their charge, the head sees all of the
department below them. Admin accounts get no business scope at all (等保三员).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from luoshi.accounts.models import admin_role_of
from luoshi.core.errors import Forbidden

from .choices import Role

if TYPE_CHECKING:
    from .models import Person

VIEW, MANAGE, APPROVE, WORK, ASSIGN, REVIEW = "view", "manage", "approve", "work", "assign", "review"
ACTIONS = (VIEW, MANAGE, APPROVE, WORK, ASSIGN, REVIEW)

# role -> {action: "subtree" | "below" | "unit"}: how far from the membership's unit the right reaches
# ("below": the units under it, not the unit itself).
# ASSIGN is where a person may hand out work (a task's lead unit): a unit assigns to itself and below.
# REVIEW is a unit's own head vouching for its work before a leader decides: never through 分管.
ROLE_REACH: dict[str, dict[str, str]] = {
    # A head approves the work of the units below; their own unit's work is approved from above (a
    # county head heads the county's work like a section head does the section's).
    Role.HEAD: {
        VIEW: "subtree",
        MANAGE: "subtree",
        APPROVE: "below",
        WORK: "subtree",
        ASSIGN: "subtree",
        REVIEW: "subtree",
    },
    Role.SECTION_HEAD: {
        VIEW: "subtree",
        MANAGE: "subtree",
        WORK: "subtree",
        ASSIGN: "subtree",
        REVIEW: "subtree",
    },
    Role.STAFF: {VIEW: "unit", WORK: "unit", ASSIGN: "unit"},
    Role.INSPECTOR: {VIEW: "subtree"},
    Role.DEPUTY: {VIEW: "unit"},
}
# A deputy's rights come from the units in their charge (分管), each with its subtree.
OVERSIGHT_ACTIONS = (VIEW, MANAGE, APPROVE, ASSIGN)


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    unit_ids: frozenset[int] = field(default_factory=frozenset)

    def __contains__(self, unit_id: object) -> bool:
        return self.everything or unit_id in self.unit_ids

    def q(self, field: str = "lead_unit") -> Q:
        """The rows whose ``field`` lies in this reach. Never an empty ``Q()``: combined with ``|`` that
        would drop out of the condition instead of matching everything."""
        if self.everything:
            return Q(**{f"{field}__isnull": False})
        return Q(**{f"{field}__in": sorted(self.unit_ids)})

    @property
    def key(self) -> str:
        """A short name of this reach, under which what is computed for it can be shared (a cache key)."""
        if self.everything:
            return "all"
        return hashlib.sha1(
            ",".join(map(str, sorted(self.unit_ids))).encode(), usedforsecurity=False
        ).hexdigest()


def person_of(user: Any):
    """The user's Person, or None for anonymous users and bare accounts."""
    if user is None or not user.is_authenticated:
        return None
    cache = user._state.fields_cache
    if "person" not in cache:
        from .models import Person

        # With its unit: the page shell shows both on every page. With the login account too, which the
        # rules read next (kept on ``user`` unless it came with it).
        person = Person.objects.select_related("unit", "user__account").filter(user=user).first()
        if person is not None:
            user._state.fields_cache.setdefault("account", person.user._state.fields_cache.get("account"))
        cache["person"] = person
    return cache["person"]


def acting_person(user: Any, message: str, *, admins: bool = False) -> Person:
    """The person a service records as acting, refusing with ``message`` an account without one, and an
    administrator's (三员) unless ``admins``: they run the system, and most business is not theirs."""
    person = person_of(user)
    if person is None or (person.admin_role and not admins):
        raise Forbidden(message)
    return person


def own_unit_ids(person: Person) -> set[int]:
    """The units a person is of: their home unit and every unit they hold a role in — the units whose
    matters they may not decide (分工负责、相互制约)."""
    held = {person.unit_id, *person.memberships.values_list("unit_id", flat=True)}
    return {pk for pk in held if pk is not None}


def is_admin_of(user: Any, admin_role: str) -> bool:
    return bool(admin_role) and admin_role_of(user) == admin_role


def roles_of(user: Any) -> set[str]:
    return set(_grants(user)["roles"])


def oversees(user: Any) -> bool:
    """Whether the user is a leader in charge (分管) of some unit."""
    return bool(_grants(user)["overseen"])


def role_units_of(user: Any) -> set[tuple[str, str]]:
    """(role, kind of the unit it is held in) for each of the user's memberships."""
    return set(_grants(user)["role_units"])


def member_unit_ids(user: Any) -> frozenset[int]:
    """The units the user holds a role in (the inspector's too), read with the grants: a rule asked of
    many objects in one request (我的待办) asks the database once."""
    return frozenset(_grants(user)["members"])


def unit_scope(user: Any, action: str = VIEW) -> Scope:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return _grants(user)["scopes"][action]


def reaching(how: str, path: list[int]) -> list[int]:
    """The units from which a right held with reach ``how`` (a ROLE_REACH value) reaches the unit whose
    path is ``path`` (ids root first, the unit last). The one definition of who reaches whom: scopes
    read it forwards, ``reviewers_of`` backwards. At the top nobody is above, so "below" reaches the
    root itself (as ``leaders_in_charge`` lets the top decide its own work)."""
    if how == "subtree":
        return path
    if how == "below":
        return path[:-1] or path
    if how == "unit":
        return path[-1:]
    raise ValueError(f"unknown reach {how!r}")


def reviewers_of(unit: Any) -> Any:
    """The people whose ``unit_scope(user, REVIEW)`` holds ``unit``, in one query: REVIEW comes from
    one's own memberships only (never 分管), so it reads backwards from the unit's path."""
    from luoshi.core.trees import path_ids

    from .models import Person

    path = path_ids(unit.tree_path) or [unit.pk]
    held = Q(pk__in=[])
    for role, actions in ROLE_REACH.items():
        if REVIEW in actions:
            held |= Q(memberships__role=role, memberships__unit_id__in=reaching(actions[REVIEW], path))
    return (
        Person.objects.filter(held, user__isnull=False).exclude(user__account__admin_role__gt="").distinct()
    )


def _grants(user: Any) -> dict[str, Any]:
    """Computed once per user object (so once per request) with three queries."""
    cached = getattr(user, "_luoshi_grants", None)
    if cached is not None:
        return cached
    from luoshi.core.trees import path_ids

    from .models import Membership, Oversight, Unit, subtree_q

    person = person_of(user)
    # action -> the (unit, reach) pairs it is held from
    held: dict[str, list[tuple[Unit, str]]] = {a: [] for a in ACTIONS}
    roles: list[str] = []
    members: list[int] = []
    role_units: list[tuple[str, str]] = []
    overseen: list[int] = []
    if person is not None and not admin_role_of(user):
        for membership in Membership.objects.filter(person=person).select_related("unit__parent"):
            unit = membership.unit
            roles.append(membership.role)
            members.append(membership.unit_id)
            role_units.append((membership.role, unit.kind))
            reach = ROLE_REACH.get(membership.role, {})
            for action, how in reach.items():
                held[action].append((unit, how))
            if unit.assigns_for_parent and unit.parent is not None and ASSIGN in reach:
                held[ASSIGN].append((unit.parent, "subtree"))
        for oversight in Oversight.objects.filter(leader=person).select_related("unit"):
            overseen.append(oversight.unit_id)
            for action in OVERSIGHT_ACTIONS:
                held[action].append((oversight.unit, "subtree"))

    # The candidates: the units held from, and one query for every subtree below them; a root unit
    # reached with its subtree means everything, no query needed.
    wide = [u for pairs in held.values() for u, how in pairs if how != "unit" and u.parent_id is not None]
    rows = {u.pk: u.tree_path for pairs in held.values() for u, _ in pairs}
    if wide:
        rows.update(Unit.objects.filter(subtree_q(wide)).values_list("id", "tree_path"))
    paths = {pk: path_ids(tree_path) or [pk] for pk, tree_path in rows.items()}
    scopes = {}
    for action, pairs in held.items():
        if any(how != "unit" and u.parent_id is None for u, how in pairs):
            scopes[action] = Scope(everything=True)
            continue
        froms: dict[str, set[int]] = {}
        for u, how in pairs:
            froms.setdefault(how, set()).add(u.pk)
        reached = {
            pk
            for pk, path in paths.items()
            if any(ids.intersection(reaching(how, path)) for how, ids in froms.items())
        }
        scopes[action] = Scope(unit_ids=frozenset(reached))
    grants = {
        "roles": roles,
        "members": members,
        "role_units": role_units,
        "overseen": overseen,
        "scopes": scopes,
    }
    user._luoshi_grants = grants
    return grants


def forget(user: Any) -> None:
    """Drop the cached grants after a role change made within the same request."""
    if hasattr(user, "_luoshi_grants"):
        del user._luoshi_grants
