"""Driving Debian's chromium against a running workspace (Playwright), for the browser tests
and the benchmark."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def drawn(page: Page, selector: str = "#page-body") -> Page:
    """Wait until Dash has drawn the page (and the element `selector`)."""
    page.wait_for_selector(selector, timeout=20000)
    return page


def open_page(context: BrowserContext, url: str, selector: str = "#page-body") -> Page:
    page = context.new_page()
    page.goto(url)
    return drawn(page, selector)


def sign_in(browser: Browser, base: str, email: str, password: str,
            target: str = "/") -> tuple[BrowserContext, Page]:
    """A fresh context signed in through the login form, on `target`."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(f"{base}{target}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("#login-submit")
    return context, drawn(page)


def screenshot(page: Page, folder: Path, name: str) -> Path:
    """A full-page screenshot once the figures have finished drawing."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # Plotly's transitions end
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
