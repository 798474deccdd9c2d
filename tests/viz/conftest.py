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
