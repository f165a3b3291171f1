"""Every answer carries a Content-Security-Policy without inline script; business answers are never cached,
static files are; no template holds an inline script or event handler."""

import re
from pathlib import Path

import pytest

from tests.conftest import ROLE_ACCOUNTS

TEMPLATES = sorted(Path(__file__).parents[2].glob("src/luoshi/*/jinja2/**/*.html"))
# A script element without src runs inline; a JSON data block does not run.
INLINE_SCRIPT = re.compile(r"""<script(?![^>]*\b(?:src=|type=["']application/json))[^>]*>""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)
PAGES = ["/tasks/", "/tasks/inbox/", "/tasks/overview/", "/directives/", "/org/", "/notify/"]


def policy(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parents[1].name}/{p.name}")
def test_no_template_holds_an_inline_script_or_event_handler(template):
    html = template.read_text()
    assert not INLINE_SCRIPT.findall(html) and not EVENT_HANDLER.findall(html) and not JS_URL.findall(html)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_forbids_inline_script_and_is_never_cached(client_as, path):
    response = client_as("head").get(path, follow=True)
    assert response.status_code == 200
    rules = policy(response)
    assert rules["script-src"] == "'self'" and rules["object-src"] == "'none'"
    assert rules["frame-ancestors"] == "'none'" and rules["default-src"] == "'self'"
    assert "no-store" in response["Cache-Control"]
    assert not INLINE_SCRIPT.findall(response.content.decode())


def test_the_login_page_and_error_pages_carry_the_policy(client_as):
    for response in (client_as(None).get("/accounts/login/"), client_as("head").get("/no-such-page/")):
        assert policy(response)["script-src"] == "'self'" and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_api_answers_are_never_cached(api_as, role):
    response = api_as(ROLE_ACCOUNTS[role]).get("/api/v1/me/")
    assert "no-store" in response["Cache-Control"] and "Content-Security-Policy" in response


def test_the_ledger_export_is_never_cached(client_as):
    response = client_as("head").get("/tasks/export.xlsx")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_the_api_docs_load_their_script_from_a_file_the_policy_allows(client_as):
    client = client_as("head")
    page = client.get("/api/v1/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and not INLINE_SCRIPT.findall(html)
    assert policy(page)["script-src"] == "'self'" and "data:" in policy(page)["img-src"]
    script = re.search(r'<script src="(/api/v1/docs/\?[^"]*script[^"]*)"', html).group(1)
    init = client.get(script.replace("&amp;", "&"))
    assert init.status_code == 200 and init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()


def test_static_files_keep_their_cache(client_as):
    response = client_as(None).get("/static/luoshi/confirm.js")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
