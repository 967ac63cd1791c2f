import os

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

# The shared checks in layer_checks.py fail with pytest's detailed assertion messages too.
pytest.register_assert_rewrite("layer_checks")

# Every test draws off screen (set here, before any test module imports pyplot).
matplotlib.use("Agg")

# In CI every run draws the same examples (no flaky red builds); locally they vary,
# so repeated runs keep exploring.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")
# `make check` (the quick loop) passes --hypothesis-profile=quick: fewer examples per property.
settings.register_profile("quick", max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])

# The browser test opens this notebook in JupyterLab; it is never stored executed, so
# nbval must not collect it.
collect_ignore = ["explorers.ipynb"]

# Markers for the quick loop (`make check` = pytest -m "not browser and not slow", no nbval):
# the modules that drive Chromium, and the one that runs nbgrader end to end.
BROWSER = {"test_browser.py", "test_site.py", "test_presenting.py"}
SLOW = {"test_assignments.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        name = item.path.name
        if name in BROWSER:
            item.add_marker(pytest.mark.browser)
        if name in SLOW or name.endswith(".ipynb"):
            item.add_marker(pytest.mark.slow)
