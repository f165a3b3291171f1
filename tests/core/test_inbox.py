"""The inbox registry: every app's entries in the order registered, the empty ones left out."""

import datetime as dt

from luoshi.core import inbox
from luoshi.core.inbox import SHOWN, InboxEntry, InboxRow, entry


def test_entries_come_from_every_registered_app_and_empty_ones_are_left_out(monkeypatch):
    monkeypatch.setattr(inbox, "_PROVIDERS", {})
    inbox.register("a", lambda user, today: [InboxEntry("a", "甲", "", 2), InboxEntry("a0", "空", "", 0)])
    inbox.register("b", lambda user, today: [InboxEntry("b", "乙", "", 1)])
    assert [e.key for e in inbox.entries_for(None, dt.date(2026, 12, 1))] == ["a", "b"]


def test_an_entry_shows_the_first_rows_and_counts_them_all(db):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    for n in range(SHOWN + 2):
        User.objects.create(username=f"u{n}")
    made = entry(
        "k", "标题", "提示", User.objects.order_by("pk"), lambda u: InboxRow(u.username, "/"), "/all/"
    )
    assert made.count == SHOWN + 2 and [r.title for r in made.rows] == [f"u{n}" for n in range(SHOWN)]
    few = entry(
        "k", "标题", "提示", User.objects.filter(username="u0"), lambda u: InboxRow(u.username, "/"), ""
    )
    assert few.count == 1
