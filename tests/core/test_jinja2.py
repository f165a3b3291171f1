"""The pages' ``url``: remembered answers are still the answers Django's reverse gives."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from luoshi.core.jinja2 import url


def test_a_remembered_path_is_what_reverse_gives():
    assert url("tasks:detail", 7) == url("tasks:detail", 7) == reverse("tasks:detail", args=[7])
    assert url("tasks:action", 7, "assign") == reverse("tasks:action", args=[7, "assign"])
    assert url("tasks:detail", pk=8) == reverse("tasks:detail", kwargs={"pk": 8})


def test_a_path_follows_the_script_prefix_it_is_served_under():
    plain = url("tasks:detail", 7)
    set_script_prefix("/luoshi/")
    try:
        assert url("tasks:detail", 7) == "/luoshi" + plain
    finally:
        clear_script_prefix()
    assert url("tasks:detail", 7) == plain


def test_an_unknown_route_still_fails_every_time():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            url("tasks:no_such_page", 7)
