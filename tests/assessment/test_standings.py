"""The ranking page's share of a large peer group: the first and last places, the boards, the reader's unit
with its neighbours and how many units are left out between them — or one page of the whole group; the
same few queries whatever the size of the group."""

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from luoshi.assessment.choices import PeriodStatus
from luoshi.assessment.models import Period, UnitScore
from luoshi.assessment.standings import ENDS, NEAR, PER_PAGE, standings
from luoshi.org.choices import Role
from tests.factories import UnitFactory, member


def scored(org, period, places, idle=0, published=True):
    """Sections of the department holding ``places`` (ties repeated, in order) and ``idle`` sections with
    nothing to assess, as the period's first version; the units in that order."""
    Period.objects.filter(pk=period.pk).update(
        version=1,
        published_version=1 if published else None,
        status=PeriodStatus.PUBLISHED if published else PeriodStatus.OPEN,
    )
    period.refresh_from_db()
    UnitScore.objects.filter(period=period).delete()
    units = [UnitFactory(name=f"科室{n:03d}", parent=org.root) for n in range(len(places) + idle)]
    ranks = [*places, *[None] * idle]
    UnitScore.objects.bulk_create(
        UnitScore(
            period=period,
            version=1,
            unit=unit,
            peer_group="section:1",
            peer_label="科室",
            assessable=rank is not None,
            total=None if rank is None else Decimal(100 - rank),
            rank=rank,
            board="" if rank is None else "red" if rank <= 3 else "black" if rank > len(places) - 3 else "",
        )
        for unit, rank in zip(units, ranks, strict=True)
    )
    return units


def group_of(period, user, **paging):
    groups, _ = standings(period, user, **paging)
    return groups[0]


def test_a_large_group_shows_its_first_and_last_places_and_counts_the_rest(org, october):
    scored(org, october, list(range(1, 41)))
    group = group_of(october, org.head.user)  # the head's department is in no peer group
    assert [e.position for e in group.entries] == [1, 2, 3, 4, 5, 36, 37, 38, 39, 40]
    assert [e.skipped for e in group.entries][5] == 30 and group.after == 0 and not group.whole
    assert group.page_of(group.entries[5].first_skipped) == 1 and group.page_of(30) == 2
    assert {e.score.board for e in group.entries[:3]} == {"red"} and group.mine is None


def test_the_readers_unit_comes_first_with_its_neighbours(org, october):
    units = scored(org, october, list(range(1, 41)))
    reader = member(units[19], Role.STAFF)  # the 20th place
    groups, mine = standings(october, reader.user)
    group = groups[0]
    assert mine.unit == units[19] and group.mine == mine
    shown = [e.position for e in group.entries]
    assert shown == [1, 2, 3, 4, 5, *range(20 - NEAR, 21 + NEAR), 36, 37, 38, 39, 40]
    assert [e.skipped for e in group.entries if e.skipped] == [12, 13]


def test_shared_places_are_shown_whole_and_positions_follow_them(org, october):
    places = [1, 2, 3, 4, 5, 5, 5, *range(8, 31)]
    scored(org, october, places)
    group = group_of(october, org.head.user)
    head = group.entries[:7]
    assert [e.score.rank for e in head] == [1, 2, 3, 4, 5, 5, 5] and head[-1].position == 7
    assert group.entries[7].position == 26 and group.entries[7].skipped == 18


def test_units_with_nothing_to_assess_are_listed_while_few_and_counted_beyond(org, october):
    scored(org, october, list(range(1, 8)), idle=3)
    few = group_of(october, org.head.user)
    assert few.whole and len(few.idle) == few.idle_count == 3
    scored(org, october, list(range(1, 8)), idle=12)
    many = group_of(october, org.head.user)
    assert many.idle == [] and many.idle_count == 12 and not many.whole


def test_paging_through_a_group_reads_one_page_ranked_first(org, october):
    scored(org, october, list(range(1, 41)), idle=12)
    second = group_of(october, org.head.user, group="section:1", page=2)
    assert [e.position for e in second.entries] == list(range(PER_PAGE + 1, 41))
    assert len(second.idle) == 2 * PER_PAGE - 40 and second.page.number == 2
    last = group_of(october, org.head.user, group="section:1", page="99")  # out of range: the last page
    assert last.page.number == 3 and len(last.idle) == 52 - 2 * PER_PAGE and not last.entries


def test_the_page_reads_the_same_queries_for_ten_units_or_sixty(org, october):
    client = Client()
    client.force_login(org.head.user)
    counted = []
    for size in (10, 60):
        scored(org, october, list(range(1, size + 1)), idle=size // 4)
        client.get(f"/assessment/periods/{october.pk}/")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/assessment/periods/{october.pk}/").content.decode()
        counted.append(len(queries))
    assert counted[0] == counted[1]
    assert page.count('class="ls-gap"') == 1 and f"略去{60 - 2 * ENDS}个单位" in page
    assert "查看全部75个单位" in page and "等15个单位" not in page


def test_paging_redraws_the_groups_card_alone(org, october):
    units = scored(org, october, list(range(1, 41)))
    reader = member(units[30], Role.STAFF)
    client = Client()
    client.force_login(reader.user)
    url = f"/assessment/periods/{october.pk}/"
    page = client.get(url).content.decode()
    assert "本单位所在组" in page and "在科室中第" in page and 'aria-current="true"' in page
    card = client.get(url, {"group": "section:1", "page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert card.lstrip().startswith("<section") and "<html" not in card
    assert 'id="group-section-1"' in card and "第 2/2 页" in card and "科室030" in card
    whole = client.get(url, {"group": "section:1", "page": 2}).content.decode()
    assert "<html" in whole and "第 2/2 页" in whole and "收起，只看前后名次" in whole
    unknown = client.get(url, {"group": "nothing", "page": 1}, HTTP_HX_REQUEST="true")
    assert unknown.status_code == 200 and "没有这个比较组" in unknown.content.decode()


def test_before_publication_a_reader_sees_their_own_place_counted_over_the_whole_group(org, october):
    units = scored(org, october, list(range(1, 11)), published=False)
    reader = member(units[6], Role.STAFF)  # 7th of ten, and sees only their own unit before publication
    group = group_of(october, reader.user)
    assert group.partial and group.units == group.ranked == 10 and group.seen == 1
    assert [(e.position, e.skipped) for e in group.entries] == [(7, 6)] and group.after == 3
    paged = group_of(october, reader.user, group="section:1", page=1)
    assert paged.page is None  # a group the reader cannot see whole is not paged through
    client = Client()
    client.force_login(reader.user)
    page = client.get(f"/assessment/periods/{october.pk}/").content.decode()
    assert "第<strong" in page and "（10个单位参加排名）" in page
    assert "略去6个单位" in page and "略去3个单位" in page and "略去-" not in page
    assert "查看全部10个单位" not in page and "只列出您所辖单位的名次" in page
