"""The password rules of MLPS level 3, through Django's validate_password as every password change runs it."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from luoshi.accounts.models import PasswordHistory
from luoshi.core.models import Flag
from tests.factories import UserFactory


def refusals(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize(
    "password, message",
    [
        ("11111111111a", "密码须包含小写字母、大写字母、数字、符号中的至少3类。"),
        ("你好你好你好你好你好", "密码须包含小写字母、大写字母、数字、符号中的至少3类。"),
        ("luoshi-demo", "密码须包含小写字母、大写字母、数字、符号中的至少3类。"),
        ("luoshi-demo", "不能使用演示系统的公开密码。"),
        ("Luoshi-Demo-2026", "不能使用演示系统的公开密码。"),
    ],
)
def test_weak_passwords_are_refused_outside_the_demo(db, password, message):
    assert message in refusals(password, UserFactory(username="wang"))


def test_a_password_containing_the_username_is_refused_in_any_case(db):
    user = UserFactory(username="zz1-2")
    assert refusals("zz1-2zz1-2", user) == ["密码不能包含账号名。"]
    assert "密码不能包含账号名。" in refusals("Kz-ZZ1-2-2026", user)


def test_a_strong_password_passes(db):
    assert refusals("Qingshan-Lvshui-7", UserFactory(username="wang")) == []
    assert refusals("qingshan7lvshui!", UserFactory(username="li")) == []  # three classes are enough


def test_the_demo_password_is_allowed_in_the_demo_only(db):
    user = UserFactory(username="wang")
    assert "不能使用演示系统的公开密码。" in refusals("Luoshi-Demo-2026", user)
    Flag.objects.create(key=Flag.DEMO)
    assert refusals("Luoshi-Demo-2026", user) == []


def test_none_of_the_last_five_passwords_comes_back(db):
    user = UserFactory(username="wang")
    passwords = [f"Qingshan-Lvshui-{n}" for n in range(6)]
    for password in passwords:
        assert refusals(password, user) == []
        user.set_password(password)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5
    for password in passwords[1:]:
        assert refusals(password, user) == ["不能与最近5次使用过的密码相同。"]
    assert refusals(passwords[0], user) == []  # the sixth-last is allowed again
