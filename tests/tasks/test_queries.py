"""The task lists' sources: the deadline-ordered visible set agrees with the ordinary query."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F

from luoshi.core.paginator import KeyPaginator
from luoshi.tasks import services
from luoshi.tasks.models import Task, TaskAncestor
from luoshi.tasks.queries import VisibleByDueDate


@pytest.mark.django_db
def test_by_due_date_lists_what_the_visible_set_lists_page_by_page(demo_work):
    checked = 0
    for account in get_user_model().objects.order_by("pk"):
        source = VisibleByDueDate.for_list(account, {})
        if source is None:  # sees everything: the ordinary query reads the deadline index directly
            continue
        for ordering, descending in (("due_date", False), ("-due_date", True)):
            expected = list(
                Task.objects.restrict(account, "view")
                .order_by(
                    F("due_date").desc(nulls_last=True) if descending else F("due_date").asc(nulls_last=True),
                    "-id" if descending else "id",
                )
                .values_list("pk", flat=True)
            )
            source = VisibleByDueDate(account, descending=descending)
            assert source.count() == len(expected), account.username
            paginator = KeyPaginator(source, 7)
            pages = [paginator.page(n).object_list for n in paginator.page_range]
            assert [pk for page in pages for pk in page] == expected, (account.username, ordering)
            checked += len(expected)
    assert checked


def test_only_an_unfiltered_list_by_deadline_uses_it(user, demo):
    staff = user("gb1-staff")
    assert VisibleByDueDate.for_list(staff, {"page": "2"}) is not None
    assert VisibleByDueDate.for_list(staff, {"ordering": "-due_date"}) is not None
    assert VisibleByDueDate.for_list(staff, {"status": "assigned"}) is None
    assert VisibleByDueDate.for_list(staff, {"ordering": "light"}) is None
    assert VisibleByDueDate.for_list(user("head"), {}) is None


def test_the_ancestors_table_follows_a_deadline(make_task, user, today):
    parent = make_task(acknowledge=True)
    child = make_task(parent=parent, lead="gb1", due_date=today + dt.timedelta(days=20))
    assert set(TaskAncestor.objects.filter(task=child).values_list("task_due_date", flat=True)) == {
        child.due_date
    }
    services.update_task(child, actor=user("gb1-head"), due_date=today + dt.timedelta(days=25))  # a draft
    extension = services.request_extension(
        parent, actor=user("gb1-staff"), new_due_date=today + dt.timedelta(days=60), reason="调研范围扩大"
    )
    services.decide_extension(extension, actor=user("deputy1"), approve=True)
    copies = {row.task_id: row.task_due_date for row in TaskAncestor.objects.all()}
    assert copies == {row.pk: row.due_date for row in Task.objects.filter(pk__in=copies)}
    assert copies[child.pk] == today + dt.timedelta(days=25)


def test_the_ledger_names_who_signed_where_the_task_names_no_owner(make_task, user, today):
    from luoshi.tasks.queries import ledger_rows

    signed = make_task(acknowledge=True, title="签收后无责任人的")
    waiting = make_task(assign=True, title="待签收的")
    rows = {row[1]: row for row in ledger_rows(Task.objects.filter(pk__in=[signed.pk, waiting.pk]), today)}
    head = user("gb1-head").person.name
    assert rows["签收后无责任人的"][5] == f"{head}（签收人）"  # as the task page says it
    assert rows["待签收的"][5] == ""


def test_the_owner_is_named_once_for_the_page_and_the_ledger():
    from luoshi.tasks.queries import owner_words

    assert owner_words("韩立新", "assigned", "周文斌") == "韩立新"
    assert owner_words(None, "in_progress", "周文斌") == "周文斌（签收人）"
    assert owner_words(None, "returned", "周文斌") == ""  # sent back: nobody holds it for the unit
    assert owner_words(None, "acknowledged", None) == ""
