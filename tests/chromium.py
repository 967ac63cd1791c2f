"""Headless Chromium for the browser tests (test_browser, test_site, ...): where it is, how it
is launched, and what to say when it is missing."""

import os
import shutil

import pytest

# Debian names it chromium, Ubuntu's older packages chromium-browser.
PATH = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing(what):
    """Why `what` cannot run and how to enable it."""
    return (f"{what} needs Chromium: on Debian/Ubuntu `sudo apt-get install "
            "chromium fonts-dejavu-core`, then `make test` again")


def require_or_skip(what):
    """Without Chromium: skip `what` (the calling module, or the fixture's tests) and say how
    to install it; in CI, where `.ci/run` installs it, fail instead, so nothing is skipped."""
    if PATH is not None:
        return
    message = missing(what)
    if os.environ.get("CI"):
        raise RuntimeError(f"CI must run {what}: {message}")
    pytest.skip(message, allow_module_level=True)


def launch(playwright):
    """Chromium, headless, from a sync_playwright() context."""
    return playwright.chromium.launch(executable_path=PATH, args=FLAGS)
