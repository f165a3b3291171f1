"""Every page, as every role sees it: renders, speaks Chinese, loads nothing from outside the server."""

import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.conftest import ROLE_ACCOUNTS

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)
LINK = re.compile(r"""href=["'](/[^"'#?]*)""")


def crawl(client, start="/", limit=60):
    """Follow internal links from the home page, as a curious user would."""
    seen, queue, pages = set(), [start], {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or path.startswith(("/static/", "/accounts/logout")) or path.endswith(".xlsx"):
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = (response.status_code, html)
        queue.extend(LINK.findall(html))
    return pages


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_no_page_loads_anything_from_outside(client_as, demo, role):
    pages = crawl(client_as(ROLE_ACCOUNTS[role]))
    assert len(pages) >= 3
    for path, (status, html) in pages.items():
        assert status == 200, path
        assert not EXTERNAL.findall(html), (path, EXTERNAL.findall(html))
        assert '<html lang="zh-hans">' in html


def test_login_page_and_api_docs_load_nothing_from_outside(client_as, demo):
    for path in ("/accounts/login/", "/api/v1/docs/"):
        html = (
            client_as("head").get(path).content.decode()
            if "api" in path
            else client_as(None).get(path).content.decode()
        )
        assert not EXTERNAL.findall(html), path


def test_menu_follows_the_role(client_as, demo):
    staff = client_as("gb1-staff").get("/org/").content.decode()
    admin = client_as("admin").get("/org/manage/").content.decode()
    assert "系统管理" not in staff and "安全审计" not in staff
    assert "系统管理" in admin and "权限管理" not in admin and "安全审计" not in admin


def test_home_sends_each_admin_to_their_own_page(client_as, demo):
    assert client_as("admin").get("/")["Location"] == "/org/manage/"
    assert client_as("secadmin").get("/")["Location"] == "/org/roles/"
    assert client_as("auditor").get("/")["Location"] == "/accounts/audit/"


def test_unknown_page_is_a_chinese_404(client_as, demo):
    response = client_as("head").get("/no/such/page/")
    assert response.status_code == 404 and "页面或对象不存在" in response.content.decode()


def test_deploy_check_is_clean_when_debug_is_off():
    """`manage.py check --deploy` with the production defaults (HTTPS on, DEBUG off)."""
    env = {
        "LUOSHI_DEBUG": "0",
        "LUOSHI_HTTPS": "1",
        "PATH": "/usr/bin:/bin",
        "LUOSHI_DATA_DIR": os.environ["LUOSHI_DATA_DIR"],
    }
    result = subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "luoshi.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_a_refusal_page_asks_for_a_grant_only_when_a_grant_would_help(client_as, demo):
    """An admin refused on a business page is told why; 'ask the security admin' would be no answer."""
    from luoshi.org.models import Person

    generic = client_as("admin").get("/tasks/").content.decode()
    assert "如需开通，请联系安全管理员" in generic
    auditor = Person.objects.get(user__username="auditor")
    specific = client_as("admin").post(f"/org/manage/people/{auditor.pk}/reset-password/").content.decode()
    assert "管理员账号的密码不能由系统管理员重置" in specific and "如需开通" not in specific
