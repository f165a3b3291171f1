"""Headless Debian Chromium driven by Playwright against the live test server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from luoshi.demo import load_demo

CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).exists()), None)
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Two test workers share two cores with their live servers: give pages time under load.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.fail("Chromium is missing: run `bash scripts/system-packages.sh` (make test does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_demo(transactional_db, live_server):
    load_demo(with_work=False)
    return live_server.url


@pytest.fixture
def page_as(browser, live_demo):
    contexts = []

    def make(username: str, phone: bool = False):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 860}
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_demo}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "luoshi-demo")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    yield make
    for context in contexts:
        context.close()
