"""The server's acts on administrators' accounts: resetting one's password, retiring one."""

import pytest
from django.test import Client

from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.core.errors import InvalidInput
from luoshi.org.services import disable_admin


def test_a_retired_administrator_signs_in_no_more_and_his_session_ends(user, client_as):
    session = client_as("auditor")
    assert session.get("/accounts/password/").status_code == 200
    disable_admin(" auditor ")
    assert not user("auditor").is_active
    assert session.get("/accounts/password/").status_code == 302
    assert (
        Client().post("/accounts/login/", {"username": "auditor", "password": "luoshi-demo"}).status_code
        == 200
    )
    assert (
        SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_DISABLED, target="auditor").count() == 1
    )
    disable_admin("auditor")
    assert (
        SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_DISABLED, target="auditor").count() == 1
    )


@pytest.mark.parametrize("username", ["gb1-staff", "nobody"])
def test_only_an_administrator_is_retired_this_way(user, username):
    with pytest.raises(InvalidInput, match="不是管理员账号"):
        disable_admin(username)
    assert user("gb1-staff").is_active
