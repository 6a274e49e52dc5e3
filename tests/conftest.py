"""Test-wide settings."""

import os

from hypothesis import settings

# CI must be repeatable: the same examples every run, so a red build means a change, not luck.
# Locally, hypothesis keeps exploring new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
