import os

import matplotlib
from hypothesis import HealthCheck, settings

# Every test draws off screen (set here, before any test module imports pyplot).
matplotlib.use("Agg")

# In CI every run draws the same examples (no flaky red builds); locally they vary,
# so repeated runs keep exploring.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# The browser test opens this notebook in JupyterLab; it is never stored executed, so
# nbval must not collect it.
collect_ignore = ["explorers.ipynb"]
