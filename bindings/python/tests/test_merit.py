# SPDX-License-Identifier: Apache-2.0
# merit - tests of the Python package
import csv
import datetime
import decimal
import json
import threading

import numpy as np
import pandas as pd
import pytest

import merit


def test_version_matches_library():
    assert merit.library_version == merit.__version__
    assert merit.library_version.split(".")[0] == "0"


def test_introspection(scheme):
    assert scheme.name == "館務服務之星"
    names = [i.name for i in scheme.inputs]
    assert names[:3] == ["id", "group", "director"] and len(names) == 13
    group = scheme.inputs[1]
    assert group.type == "enum" and group.members == ("正式館員", "合同制館員")
    director = scheme.inputs[2]
    assert (director.type, director.lo, director.hi, director.required) == ("decimal", "0", "100", True)
    assert scheme.inputs[6].default == "0" and not scheme.inputs[6].required
    assert [s.name for s in scheme.stages] == ["年度服務之星"]
    assert scheme.stages[0].by == ("group",)
    assert scheme.tiers == ["一等獎", "二等獎", "三等獎"]


def test_compile_error_carries_every_diagnostic():
    text = 'scheme "x"\ninput { staff: int key }\nlet 總分 = stafff * 2\nscore = 總分 + nope\n'
    with pytest.raises(merit.CompileError) as e:
        merit.compile(text, "bad.merit")
    ds = e.value.diagnostics
    # 'stafff' at line 3 column 10 ("let 總分 = " is 9 characters); 'nope' at line 4:
    # "score = 總分 + " is 13 characters, so column 14.
    assert [(d.line, d.column) for d in ds] == [(3, 10), (4, 14)]
    assert "stafff" in ds[0].message and ds[0].severity == "error"
    assert "bad.merit:3:10" in str(e.value)
    assert e.value.code == 1


def _json(result):
    return json.loads(result.json())


def test_same_json_as_cpp_for_every_roster_form(scheme, roster_csv, reference_json):
    want = json.loads(reference_json)
    assert len(want["candidates"]) == 2000
    # A CSV path.
    with scheme.evaluate(str(roster_csv), lenient=True) as r:
        assert r.json() == reference_json
    # A pandas DataFrame: decimals arrive as float64 (through their shortest repr).
    df = pd.read_csv(roster_csv)
    assert df["director"].dtype == np.float64 and df["lapses"].dtype == np.int64
    assert _json(scheme.evaluate(df, lenient=True)) == want
    # A dict of NumPy columns, texts as object arrays.
    cols = {k: df[k].to_numpy() for k in df.columns}
    assert _json(scheme.evaluate(cols, lenient=True)) == want
    # A list of dicts of strings, as csv.DictReader gives them.
    with open(roster_csv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert _json(scheme.evaluate(rows, lenient=True)) == want
    # A list of dicts of Python numbers and Decimals.
    typed = [{**r, "director": decimal.Decimal(r["director"]), "lapses": int(r["lapses"]),
              "staff": float(r["staff"])} for r in rows]
    assert _json(scheme.evaluate(typed, lenient=True)) == want


def test_candidates_agree_with_json(scheme, roster_csv):
    r = scheme.evaluate(str(roster_csv), lenient=True)
    doc = _json(r)
    cs = r.candidates
    assert len(cs) == 2000
    for c, j in zip(cs, doc["candidates"]):
        assert c.id == j["id"] and c.status == j["status"]
        assert c.score == (None if j["score"] is None else decimal.Decimal(j["score"]))
        assert (c.selected, c.tier, c.rank, c.tie) == (j["selected"], j["tier"], j["rank"], j["tie"])
        assert list(c.reasons) == j["reasons"] and list(c.caps) == j["caps"]
        place = c.stages["年度服務之星"]
        jp = j["stages"]["年度服務之星"]
        assert (place.selected, place.tier, place.rank) == (jp["selected"], jp["tier"], jp["rank"])
    s = r.summary
    assert s["rows"] == 2000
    assert s["eligible"] + s["ineligible"] + s["vetoed"] + s["errors"] == 2000
    assert s["eligible"] == doc["summary"]["eligible"]
    df = r.to_pandas()
    assert len(df) == 2000 and list(df["id"][:2]) == ["L0000000", "L0000001"]
    assert isinstance(df["score"][0], decimal.Decimal)
    assert "weighted_score" in r.explain("L0000001")


SMALL = 'scheme "s"\ninput {\n  id: text key\n  x: decimal in [0, 100]\n  n: int = 0\n  ok: bool = true\n  d: date optional\n}\nrequire "ok": ok\nscore = x + n\n'


def test_floats_cross_through_their_shortest_repr():
    s = merit.compile(SMALL)
    # 0.1 + 0.2 as binary doubles is 0.30000000000000004; exactly, 0.3.
    r = s.evaluate({"id": ["a", "b", "c"], "x": np.array([0.1, 0.2, 1e-7]), "n": np.array([0, 0, 0])})
    assert [c.score for c in r.candidates] == [decimal.Decimal("0.1"), decimal.Decimal("0.2"),
                                               decimal.Decimal("0.0000001")]
    r = s.evaluate([{"id": "a", "x": 0.1, "n": 2}])
    assert r.candidates[0].score == decimal.Decimal("2.1")


def test_missing_values_and_dtypes():
    s = merit.compile(SMALL)
    df = pd.DataFrame({
        "id": ["a", "b", "c"],
        "x": [1.5, np.nan, 3.0],  # NaN is a missing value: an error of row b
        "n": pd.array([1, None, 2], dtype="Int64"),  # <NA> takes the default 0
        "ok": [True, False, True],
        "d": pd.to_datetime(["2024-01-02", None, "2024-03-01"]),
    })
    r = s.evaluate(df, lenient=True)
    a, b, c = r.candidates
    assert (a.status, a.score) == ("eligible", decimal.Decimal("2.5"))
    assert b.status == "error" and any("missing value" in x for x in b.reasons)
    assert (c.status, c.score) == ("eligible", decimal.Decimal("5"))
    r = s.evaluate({"id": ["a"], "x": [1], "d": [datetime.date(2024, 2, 29)]})
    assert r.candidates[0].status == "eligible"


def test_strict_data_error_lists_bad_rows():
    s = merit.compile(SMALL)
    with pytest.raises(merit.DataError) as e:
        s.evaluate({"id": ["a", "b", "c"], "x": ["1", "101", "abc"]})
    assert [row for row, _, _ in e.value.rows] == [1, 2]
    assert e.value.rows[0][1] == "b" and "101" in e.value.rows[0][2][0]
    assert "101" in str(e.value) and e.value.code == 2
    assert e.value.result.summary["errors"] == 2


@pytest.mark.parametrize("call, exc, words", [
    (lambda s: merit.compile(42), TypeError, "scheme text"),
    (lambda s: s.evaluate(42), TypeError, "roster must be"),
    (lambda s: s.evaluate({"id": ["a"]}), merit.UsageError, "'x'"),
    (lambda s: s.evaluate({"id": ["a"], "x": np.array([True])}), merit.UsageError, "'x'"),
    (lambda s: s.evaluate({"id": ["a"], "x": [1], "ok": np.array([1])}), merit.UsageError, "'ok'"),
    (lambda s: s.evaluate({"id": ["a"], "x": [object()]}), merit.UsageError, "'x'"),
    (lambda s: s.evaluate({"id": ["a", "b"], "x": [1]}), merit.UsageError, "'x'"),
    (lambda s: s.evaluate({"id": ["a"], "x": [1], "d": [datetime.datetime(2024, 1, 1, 9)]}),
     merit.UsageError, "time of day"),
    (lambda s: s.evaluate([{"id": "a", "x": 1}, 5]), TypeError, "row 1"),
    (lambda s: s.evaluate({"id": ["a"], "x": [1]}, params={"nope": 1}), merit.UsageError, "nope"),
    (lambda s: s.evaluate({"id": ["a"], "x": [1]}, params=5), TypeError, "params"),
    (lambda s: s.evaluate({"id": ["a"], "x": [1]}, threads=0), ValueError, "threads"),
    (lambda s: s.evaluate("/nonexistent/roster.csv"), merit.MeritIOError, "roster.csv"),
    (lambda s: s.evaluate({"id": ["a"], "x": [1]}).explain("zz"), merit.UsageError, "zz"),
    (lambda s: s.evaluate({"id": ["a"], "x": [1]}).explain(3), TypeError, "candidate id"),
])
def test_bad_arguments_raise_useful_errors(call, exc, words):
    s = merit.compile(SMALL)
    with pytest.raises(exc) as e:
        call(s)
    assert words in str(e.value)


def test_closed_handles_raise():
    s = merit.compile(SMALL)
    r = s.evaluate({"id": ["a"], "x": [1]})
    s.close()
    s.close()  # twice is fine
    with pytest.raises(ValueError, match="closed"):
        s.evaluate({"id": ["a"], "x": [1]})
    assert r.candidates[0].score == 1  # a result outlives its scheme
    r.close()
    with pytest.raises(ValueError, match="closed"):
        r.json()


def test_eight_threads_evaluate_at_once(scheme, roster_csv, reference_json):
    df = pd.read_csv(roster_csv)
    want = json.loads(reference_json)
    results = [None] * 8
    errors = []
    barrier = threading.Barrier(8)

    def work(k):
        try:
            barrier.wait()
            for _ in range(3):
                with scheme.evaluate(df if k % 2 else str(roster_csv), lenient=True) as r:
                    results[k] = json.loads(r.json())
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(r == want for r in results)
