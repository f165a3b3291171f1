"""Screenshots of pages as a user sees them, desktop and phone, for a look before a change lands.

usage: python scripts/screenshots.py BASE_URL OUT_DIR USERNAME:PATH[,PATH…] …
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/lib/chromium/chromium" if Path("/usr/lib/chromium/chromium").exists() else "/usr/bin/chromium"
VIEWPORTS = {"desktop": {"width": 1366, "height": 860}, "phone": {"width": 390, "height": 844}}
PASSWORD = "luoshi-demo"


def main(base: str, out: str, specs: list[str]) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for spec in specs:
            username, paths = spec.split(":", 1)
            for name, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, locale="zh-CN",
                                              is_mobile=name == "phone", device_scale_factor=1)
                page = context.new_page()
                if username != "anon":
                    page.goto(base + "/accounts/login/")
                    page.fill("#id_username", username)
                    page.fill("#id_password", PASSWORD)
                    page.click("button[type=submit]")
                for path in paths.split(","):
                    page.goto(base + path)
                    slug = path.strip("/").replace("/", "_") or "home"
                    page.screenshot(path=f"{out}/{username}-{slug}-{name}.png", full_page=True)
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
