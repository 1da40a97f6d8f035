# SPDX-License-Identifier: Apache-2.0
# merit - pytest fixtures: the library scheme and a generated 2,000-row roster
import os
import pathlib
import subprocess
import sys

import pytest

SHARED = pathlib.Path(os.environ.get("MERIT_SHARED_DIR", pathlib.Path(__file__).resolve().parents[4] / "shared"))


@pytest.fixture(scope="session")
def library_text():
    return (SHARED / "bench" / "library.merit").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def scheme(library_text):
    import merit
    with merit.compile(library_text, "library.merit") as s:
        yield s


@pytest.fixture(scope="session")
def roster_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("roster") / "library_2000.csv"
    subprocess.run([sys.executable, str(SHARED / "bench" / "gen_roster.py"), "2000", "-o", str(path)], check=True)
    return path


@pytest.fixture(scope="session")
def reference_json(roster_csv):
    """The C++ API's JSON for the roster (lenient), from a separate C++ program."""
    tool = os.environ.get("MERIT_REFERENCE_JSON")
    if not tool:
        pytest.skip("MERIT_REFERENCE_JSON (the C++ reference program) is not set")
    out = subprocess.run([tool, str(SHARED / "bench" / "library.merit"), str(roster_csv)], check=True,
                         capture_output=True)
    return out.stdout.decode("utf-8")
