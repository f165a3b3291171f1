"""Pages of keys: the same pages and totals as Django's Paginator, in one query for a filtered list."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from luoshi.core.paginator import KeyPaginator
from luoshi.org.models import Unit


@pytest.mark.parametrize("filtered", [False, True])
def test_every_page_holds_the_keys_django_would_page(demo, filtered):
    units = Unit.objects.filter(is_active=True) if filtered else Unit.objects.all()
    units = units.order_by("-tree_path", "id")
    reference = Paginator(units, 4)
    for number in reference.page_range:
        page = KeyPaginator(units, 4).get_page(number)
        assert page.object_list == [u.pk for u in reference.page(number)]
        assert page.paginator.count == reference.count and page.number == number


def test_a_filtered_page_and_its_total_are_one_query(demo, django_assert_num_queries):
    active = Unit.objects.filter(is_active=True).order_by("id")
    expected = active.count()
    with django_assert_num_queries(1):
        page = KeyPaginator(active, 3).page(2)
        assert page.paginator.count == expected
    assert page.object_list == list(active.values_list("pk", flat=True)[3:6])


@pytest.mark.parametrize("filtered", [False, True])
def test_out_of_range_and_invalid_pages_behave_as_djangos(demo, filtered):
    units = (Unit.objects.filter(is_active=True) if filtered else Unit.objects.all()).order_by("id")
    paginator = KeyPaginator(units, 5)
    last = paginator.get_page(10_000)
    assert last.number == paginator.num_pages and last.object_list
    assert paginator.get_page("x").number == 1
    with pytest.raises(EmptyPage):
        KeyPaginator(units, 5).page(0)
    with pytest.raises(PageNotAnInteger):
        KeyPaginator(units, 5).page("x")


def test_an_empty_filtered_list_has_one_empty_page(demo):
    page = KeyPaginator(Unit.objects.filter(pk__in=[]).order_by("id"), 5).get_page(1)
    assert page.object_list == [] and page.paginator.count == 0 and page.number == 1


@pytest.mark.parametrize("filtered", [False, True])
def test_a_page_number_past_any_offset_a_database_binds_is_past_the_last_page(demo, filtered):
    units = (Unit.objects.filter(is_active=True) if filtered else Unit.objects.all()).order_by("id")
    with pytest.raises(EmptyPage):
        KeyPaginator(units, 50).page(922337203685477580)
    page = KeyPaginator(units, 50).get_page(922337203685477580)
    assert page.number == page.paginator.num_pages and page.object_list
