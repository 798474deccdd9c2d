from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.viz.cases import shared_data


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared real data; missing data fails under CI=true and skips elsewhere."""
    path = shared_data()
    if not (path / "incidents").is_dir():
        message = f"shared data not found at {path} (set CGI_SHARED_DATA)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Headless Chromium; missing Chromium fails under CI=true and skips elsewhere."""
    from tests.viz.browser import CHROMIUM, launch

    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: apt-get install -y chromium chromium-driver"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        try:
            yield chromium
        finally:
            chromium.close()
