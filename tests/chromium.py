"""Headless Chromium for the browser tests (test_browser, test_site): where it is, how it
is launched, and what to say when it is missing."""

import shutil

# Debian names it chromium, Ubuntu's older packages chromium-browser.
PATH = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing(what):
    """Why `what` cannot run and how to enable it."""
    return (f"{what} needs Chromium: on Debian/Ubuntu `sudo apt-get install "
            "chromium fonts-dejavu-core`, then `make test` again")


def launch(playwright):
    """Chromium, headless, from a sync_playwright() context."""
    return playwright.chromium.launch(executable_path=PATH, args=FLAGS)
