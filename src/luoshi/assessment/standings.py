"""What the ranking page shows of a period (比学赶超): of each peer group its first and last places, its red
and black boards and the reader's own unit with its neighbours — or one page of a whole group. A province's
1,464 units are never rendered at once (the Excel export lists them all): five queries of a few dozen rows,
however many units and groups there are.

Positions follow from the places. With shared places (1, 2, 2, 4) exactly ``rank - 1`` units stand before
the first unit of a place, and a place is always shown whole (every rule below picks places, not units), so
the units left out between two shown ones are counted without reading them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet

from luoshi.org.scopes import person_of

from .explain import read_ties, shown_version, visible_scores
from .models import Period, UnitScore
from .visibility import RANK

ENDS = 5  # the first and the last places of a group
NEAR = 2  # places either side of the reader's unit
IDLE = 10  # a group lists its units with nothing to assess up to this many, and counts them beyond
PER_PAGE = 25


@dataclass
class Entry:
    """A ranked unit as shown: its position in the group and how many units were left out before it."""

    score: UnitScore
    position: int
    skipped: int = 0

    @property
    def first_skipped(self) -> int:
        return self.position - self.skipped


@dataclass
class Standing:
    """One peer group as the page shows it."""

    key: str
    label: str
    units: int
    ranked: int
    seen: int  # the group's units the reader may see: before a period is published, those in reach
    entries: list[Entry] = field(default_factory=list)
    idle: list[UnitScore] = field(default_factory=list)
    after: int = 0  # ranked units left out after the last shown one
    page: Page | None = None  # set when the reader pages through the whole group
    mine: UnitScore | None = None

    @property
    def slug(self) -> str:
        return "group-" + self.key.replace(":", "-")

    @property
    def partial(self) -> bool:
        """The reader sees only some of the group (their reach, before the period is published): places
        and the units left out between them are still counted over the whole group, but not listed."""
        return self.seen < self.units

    @property
    def idle_count(self) -> int:
        return self.units - self.ranked

    @property
    def nested(self) -> bool:
        """Units of a lower level: their names repeat under each parent (every city has a 办公室), so the
        page names the parent too."""
        return not self.key.endswith(":1")

    @property
    def whole(self) -> bool:
        """Every unit of the group is on the page."""
        return self.page is None and self.ranked == len(self.entries) and self.idle_count == len(self.idle)

    @property
    def cut(self) -> bool:
        """Ranked units are left out (the group is larger than its first and last places)."""
        return self.after > 0 or any(e.skipped for e in self.entries)

    @property
    def moved(self) -> bool:
        """Some shown unit had a place last period: the table needs its 较上期 column."""
        return any(e.score.previous_rank is not None for e in self.entries)

    @property
    def noted(self) -> bool:
        """Some shown unit shares its place or carries a note: the table needs its 说明 column."""
        return any("并列" in e.score.rank_note or e.score.note for e in self.entries)

    def context(self, score: UnitScore) -> str:
        """The parent's short name beside a unit of a nested group ("青阳市 办公室")."""
        parent = score.unit.parent
        return parent.display_name if self.nested and parent is not None else ""

    def page_of(self, position: int) -> int:
        return (position - 1) // PER_PAGE + 1


def _base(period: Period, user: Any) -> QuerySet:
    return UnitScore.objects.restrict(user, RANK).filter(period=period, version=shown_version(period))


def _placed(rows: list[UnitScore]) -> list[Entry]:
    """Ranked rows of one group, by place, as entries with their positions and the gaps before them."""
    entries: list[Entry] = []
    last, tie = 0, 0
    for score in rows:
        place = score.rank or 0  # ranked rows only
        tie = tie + 1 if entries and entries[-1].score.rank == place else 0
        position = place + tie
        entries.append(Entry(score, position, position - last - 1))
        last = position
    return entries


def _order(score: UnitScore) -> tuple[str, bool, int, str, int]:
    return (score.peer_group, score.rank is None, score.rank or 0, score.unit.tree_path, score.pk)


def ends_of(period: Period) -> int:
    """How many first and last places a group shows: the boards' places at least."""
    return max(ENDS, period.scheme.honor_count)


def _rows(base: QuerySet) -> QuerySet:
    return base.select_related("unit__parent")


def _summarise(base: QuerySet, groups: list[Standing], mine: UnitScore | None, ends: int) -> None:
    """Each group's first and last ``ends`` places (the boards among them), its units with nothing to
    assess while they are few, and the reader's unit with its neighbours: one query."""
    if not groups:
        return
    # Every term names a group and a range of places: each is one range of the index on (period, version,
    # peer group, place), whatever the size of the group.
    wanted = Q(pk__in=[])
    for g in groups:
        wanted |= Q(peer_group=g.key, rank__lte=ends)
        if g.ranked > ends:
            wanted |= Q(peer_group=g.key, rank__gt=g.ranked - ends)
        if g.idle_count <= IDLE:
            wanted |= Q(peer_group=g.key, rank__isnull=True)
    if mine is not None and mine.rank is not None:
        wanted |= Q(peer_group=mine.peer_group, rank__range=(max(mine.rank - NEAR, 1), mine.rank + NEAR))
    elif mine is not None:
        wanted |= Q(pk=mine.pk)
    rows = sorted(_rows(base.filter(wanted, peer_group__in=[g.key for g in groups])), key=_order)
    for g in groups:
        members = [s for s in rows if s.peer_group == g.key]
        g.entries = _placed([s for s in members if s.rank is not None])
        g.idle = [s for s in members if s.rank is None]
        g.after = g.ranked - (g.entries[-1].position if g.entries else 0)


def _page_through(base: QuerySet, g: Standing, number: Any) -> None:
    """One page of the whole group, ranked units by place and then those with nothing to assess (a page
    number out of range shows the last page)."""
    g.page = Paginator(range(g.units), PER_PAGE).get_page(number)
    offset = g.page.start_index() - 1
    window = list(
        _rows(base.filter(peer_group=g.key)).order_by(
            F("rank").asc(nulls_last=True), "unit__tree_path", "id"
        )[offset : offset + PER_PAGE]
    )
    g.entries = [Entry(s, offset + n) for n, s in enumerate(window, 1) if s.rank is not None]
    g.idle = [s for s in window if s.rank is None]


def standings(
    period: Period, user: Any, group: str = "", page: Any = None, only: bool = False
) -> tuple[list[Standing], UnitScore | None]:
    """The peer groups ``user`` may see ranked in the shown version, the reader's own group first, and the
    reader's own unit's score (None when it has none). ``group`` and ``page`` page through that group;
    ``only`` leaves the other groups out (the page redrawing that group alone)."""
    base = _base(period, user)
    seen = dict(
        (base.filter(peer_group=group) if only else base)
        .values_list("peer_group")
        .annotate(Count("id"))
        .order_by("peer_group")
    )
    groups = [
        Standing(row["peer_group"], row["peer_label"], row["units"], row["ranked"], seen[row["peer_group"]])
        for row in UnitScore.objects.filter(
            period=period, version=shown_version(period), peer_group__in=list(seen)
        )
        .values("peer_group", "peer_label")
        .annotate(units=Count("id"), ranked=Count("rank"))
        .order_by("peer_group")
    ]
    me = person_of(user)
    if not groups or me is None or not me.unit_id:
        mine = None
    else:
        mine = _rows(base.filter(unit_id=me.unit_id)).first()
    for g in groups:
        if mine is not None and g.key == mine.peer_group:
            g.mine = mine
    paged = next((g for g in groups if g.key == group and not g.partial), None)
    if paged is not None:
        _page_through(base, paged, page)
    _summarise(base, [g for g in groups if g is not paged], mine, ends_of(period))
    read_ties(period, user, [e.score for g in groups for e in g.entries] + ([mine] if mine else []))
    groups.sort(key=lambda g: g.mine is None)  # stable: the reader's group first, then by key
    return groups, mine


def readable(period: Period, user: Any, groups: list[Standing], mine: UnitScore | None) -> set[int]:
    """Which of the shown scores ``user`` may open in full (their score pages)."""
    shown = {e.score.pk for g in groups for e in g.entries} | {s.pk for g in groups for s in g.idle}
    if mine is not None:
        shown.add(mine.pk)
    return set(visible_scores(period, user).filter(pk__in=shown).values_list("pk", flat=True))
