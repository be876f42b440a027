"""Shared fixtures: where the repository, the sample data, the shared data and the
command line are. The shared data (../shared/data or $ROBO_SHARED_DATA) is optional: tests
that need it skip with a message saying where it was looked for."""
import os
import pathlib
import sys

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("ROBO_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SAMPLE_DAILY = SOURCE_DIR / "data" / "sample" / "daily"
SHARED_DATA = pathlib.Path(os.environ.get("ROBO_SHARED_DATA", SOURCE_DIR.parent / "shared" / "data"))
SHARED_DAILY = SHARED_DATA / "daily"
EXAMPLES = SOURCE_DIR / "examples" / "python"

# The examples are modules the tests import.
sys.path.insert(0, str(EXAMPLES))


@pytest.fixture(scope="session")
def sample_data():
    import robo_trader as rt
    return rt.load_data(str(SAMPLE_DAILY))


@pytest.fixture(scope="session")
def shared_daily():
    if not SHARED_DAILY.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DAILY} (set ROBO_SHARED_DATA): the 60-symbol "
                    "equivalence runs only where the shared data is")
    import robo_trader as rt
    return rt.load_data(str(SHARED_DAILY))


@pytest.fixture
def robo_binary():
    path = os.environ.get("ROBO_BINARY", str(SOURCE_DIR / "build" / "robo_trader"))
    if not os.path.exists(path):
        pytest.fail(f"the robo_trader command line is not built at {path} (ROBO_BINARY)")
    return path


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    # Sessions read ./.env and ./config.toml like the command line: run where there are none.
    monkeypatch.chdir(tmp_path)
