# SPDX-License-Identifier: Apache-2.0
# merit - Scheme.evaluate(time_limit=...): BudgetError past the limit, no change within it
import subprocess
import sys

import pytest

import merit
from conftest import SHARED


@pytest.fixture(scope="module")
def big_roster_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("budget") / "library_200000.csv"
    subprocess.run([sys.executable, str(SHARED / "bench" / "gen_roster.py"), "200000", "-o", str(path)], check=True)
    return path


def test_one_millisecond_over_200000_rows_raises(scheme, big_roster_csv):
    for threads in (1, 2):
        with pytest.raises(merit.BudgetError) as e:
            scheme.evaluate(str(big_roster_csv), lenient=True, threads=threads, time_limit=0.001)
        assert e.value.code == 8
        assert e.value.message.startswith("evaluation stopped after ")
        assert "of 200,000)" in e.value.message
        assert isinstance(e.value, merit.MeritError)


def test_generous_limit_changes_nothing(scheme, roster_csv):
    plain = scheme.evaluate(str(roster_csv), lenient=True)
    limited = scheme.evaluate(str(roster_csv), lenient=True, time_limit=86400)
    assert limited.json() == plain.json()
    assert sum(c.selected for c in limited.candidates) > 0


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "1", True])
def test_bad_limits_are_rejected(scheme, roster_csv, bad):
    with pytest.raises(ValueError):
        scheme.evaluate(str(roster_csv), lenient=True, time_limit=bad)
