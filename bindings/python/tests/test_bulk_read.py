# SPDX-License-Identifier: Apache-2.0
# merit - the bulk paths: string columns as one buffer, results read column by column
import decimal

import numpy as np
import pandas as pd
import pytest

import merit
from merit import _ffi


def _by_candidate(r):
    """to_pandas' columns worked out independently, through the per-candidate accessors."""
    return r._to_pandas_by_candidate()


def test_to_pandas_columns_equal_the_per_candidate_reading(scheme, roster_csv):
    r = scheme.evaluate(str(roster_csv), lenient=True)
    bulk, slow = r.to_pandas(), _by_candidate(r)
    assert list(bulk.columns) == list(slow.columns)
    assert len(bulk) == 2000
    for name in ("id", "status", "score", "selected", "tier", "tie", "reasons", "caps"):
        assert bulk[name].tolist() == slow[name].tolist(), name
    assert bulk["rank"].isna().tolist() == slow["rank"].isna().tolist()
    assert bulk["rank"].dropna().tolist() == slow["rank"].dropna().tolist()
    # The roster has candidates of every kind this comparison should cover.
    assert {"eligible", "vetoed"} <= set(bulk["status"])
    assert bulk["tier"].notna().any() and bulk["tier"].isna().any()
    assert any(bulk["caps"].map(len) > 0) and any(bulk["reasons"].map(len) > 0)
    assert isinstance(bulk["score"].dropna().iloc[0], decimal.Decimal)


def test_read_candidates_range_is_checked(scheme, roster_csv):
    r = scheme.evaluate(str(roster_csv), lenient=True)
    st = np.zeros(1, dtype=np.int8)
    with pytest.raises(merit.UsageError):
        _ffi.lib.merit_result_read_candidates(st.ctypes.data_as(_ffi.POINTER(_ffi.ctypes.c_int8)), None, None, None,
                                              None, r._handle(), 2000, 1)


SMALL = 'scheme "s"\ninput {\n  id: text key\n  g: enum("甲", "乙")\n  x: decimal in [0, 100]\n}\nscore = x\n'


def test_string_columns_with_missing_values_and_non_ascii():
    s = merit.compile(SMALL)
    # Row 1's id is missing (None), rows 2 and 3 hold non-ASCII text.
    df = pd.DataFrame({"id": ["a", None, "名字", "é"], "g": ["甲", "乙", "乙", "甲"], "x": [1.0, 2.0, 3.0, 4.0]})
    r = s.evaluate(df, lenient=True)
    p = r.to_pandas()
    assert p["id"].tolist() == ["a", None, "名字", "é"]
    assert p["status"].tolist() == ["eligible", "error", "eligible", "eligible"]
    assert any("missing value" in x for x in p["reasons"][1])
    # A column of str only (no isna pass): an empty str is a missing value, as
    # an empty CSV cell is; NaN (what read_csv leaves for an empty cell in an
    # object column) sends the column through isna and is missing too.
    df = pd.DataFrame({"id": ["a", "", "c"], "g": ["甲", float("nan"), "乙"], "x": [1.0, 2.0, 3.0]})
    p = s.evaluate(df, lenient=True).to_pandas()
    assert p["status"].tolist() == ["eligible", "error", "eligible"]
    assert p["id"].tolist() == ["a", None, "c"]
    assert any("field 'id': missing value" in x for x in p["reasons"][1])
    assert any("field 'g': missing value" in x for x in p["reasons"][1])
    # A value that is not a str takes the general path and is checked there.
    with pytest.raises(merit.UsageError, match="row 1"):
        s.evaluate({"id": ["a", 5], "g": ["甲", "乙"], "x": [1.0, 2.0]})
    # A str holding a NUL byte cannot use the joined buffer; the general path takes the column.
    r = s.evaluate({"id": ["a\0b", "c"], "g": ["甲", "乙"], "x": [1.0, 2.0]}, lenient=True)
    assert r.summary["rows"] == 2 and r.to_pandas()["id"][1] == "c"


FREE = 'scheme "f"\ninput {\n  id: text key\n  x: decimal optional\n}\nscore = x\n'


@pytest.mark.parametrize("values", [
    [87.25, 0.3, 100.0, 12.5, 0.0, 7.0],            # two fractional digits at most: the scaled path
    [0.1 + 0.2, 1.5, 2.25],                          # 0.30000000000000004 needs 17 digits: set_doubles
    [1e-7, 3.0],                                     # more fractional digits than the scaled path takes
    [2.0 ** 53 + 2.0, -3.5],                         # too large for the scaled path's argument
    [-0.0, 1.25],                                    # -0.0 goes through set_doubles as it always did
    [float("nan"), 4.75, -123456.125],               # NaN is a missing value
])
def test_float_columns_read_as_their_shortest_repr(values):
    s = merit.compile(FREE)
    ids = [f"r{i}" for i in range(len(values))]
    p = s.evaluate(pd.DataFrame({"id": ids, "x": np.array(values, dtype=np.float64)}), lenient=True).to_pandas()
    # Python's repr is the shortest round-trip text, worked out independently of merit.
    want = [None if v != v else decimal.Decimal(repr(v)) for v in values]
    assert p["score"].tolist() == want
