# SPDX-License-Identifier: Apache-2.0
# merit - hand-worked checks of the independent reference evaluator
"""Run with: python3 -m pytest tests/reference -q

Every expected value below is worked out by hand from the language contract, with the
working in comments, or comes from library_reference.py (an independent script for the
library scheme alone).
"""
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from merit_ref import compile_scheme, evaluate, CompileError, UsageError  # noqa: E402
from merit_ref.values import canonical  # noqa: E402
from decimal import Decimal  # noqa: E402

SHARED = os.environ.get("MERIT_SHARED_DIR",
                        os.path.join(HERE, os.pardir, os.pardir, os.pardir, "shared"))


def shared(*parts):
    path = os.path.join(SHARED, *parts)
    assert os.path.exists(path), f"{path} not found: set MERIT_SHARED_DIR to the shared folder"
    return path


def language_programs():
    with open(shared("design", "LANGUAGE.md"), encoding="utf-8") as f:
        return re.findall(r"```merit\n(.*?)```", f.read(), re.S)


def reference_programs():
    """The ```merit blocks of docs/language.md, fences at any indentation."""
    path = os.path.join(HERE, os.pardir, os.pardir, "docs", "language.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return [textwrap.dedent(m.group(2)) for m in
            re.finditer(r"^( *)```merit\n(.*?)^\1```$", text, re.S | re.M)]


def run(scheme, csv, lenient=False, params=None):
    prog = compile_scheme(scheme)
    return evaluate(prog, csv.encode("utf-8"), params or {}, lenient=lenient)


def by_id(result):
    return {c["id"]: c for c in result["candidates"]}


# ---------------------------------------------------------------- the library scheme

LIBRARY_HEADER = ("id,group,director,committee,heads,staff,last_prize,absent_days,"
                  "personal_leave_days,lapses,grid_score,bonus,complaints\n")
# All four committee scores equal X, so weighted = 0.2X*3 + 0.4X = X exactly.
LIBRARY_ROWS = """\
P1,正式館員,95,95,95,95,0,0,0,0,90,0,0
P2,正式館員,94,94,94,94,0,1.5,0,0,90,0,0
P3,正式館員,93,93,93,93,0,0,0,0,90,,0
P4,正式館員,92,92,92,92,1,0,0,0,90,0,0
P5,正式館員,96,96,96,96,0,0,0,0,60,0,0
P6,正式館員,99,99,99,99,0,0,0,0,90,0,1
P7,正式館員,97,97,97,97,0,0,0,5,90,0,0
P8,正式館員,91,91,91,91,0,0,0,0,90,0,0
P9,正式館員,91,91,91,91,0,0,2,0,90,0,0
C1,合同制館員,80,80,80,80,2,0,0,0,90,,0
C2,合同制館員,85,85,85,85,0,0,0,0,60,0,0
"""
# count() = 11 valid rows (the vetoed P6 counts too).
# cap 考勤: lapses > 0 and rank_desc(lapses) <= 20% * 11 = 2.2: only P7 (lapses 5, rank 1).
# cap 網格: rank_desc(grid) > 50% * 11 = 5.5: nine rows have 90 (rank 1), P5 and C2 have 60
#   (rank 1 + 9 = 10) -> capped `none`.
# cap 曠工: P2 (1.5 days) -> best tier 二等獎. cap 事假: P9 (2 days) -> best tier 三等獎.
# Scores: P4 = 92 - 1 (last_prize 1) = 91; C1 = 80 - 0.8 = 79.2; P3, C1 bonus empty -> 0.
# 正式館員: count 9 -> quota round_half_up(3.6) = 4; 一等 round_half_up(0.6) = 1;
#   二等 round_half_up(1.4) = 1; 三等 rest = 4 - 2 = 2.
#   Order (P6 vetoed, not an entrant): P7 97, P5 96, P1 95, P2 94, P3 93, then the 91s by
#   key: P4, P8, P9 -> ranks 1..8.
#   一等: P7 and P5 barred (none) -> P1. 二等: P2 (cap 二等 allows it). 三等 (2): P3, P4.
#   Tie: P4 and P8 equal score, same cap (none), P4 placed and P8 not -> both flagged;
#   P9 has the same score but another effective cap (三等) -> not flagged.
# 合同制館員: count 2 -> quota round_half_up(0.8) = 1; 一等 round_half_up(0.15) = 0;
#   二等 round_half_up(0.35) = 0; 三等 rest 1. Order C2 85 (rank 1, barred), C1 79.2 -> 三等.
LIBRARY_EXPECTED = {
    # id: (status, score, tier, rank, caps, tie)
    "P1": ("eligible", "95", "一等獎", 3, [], False),
    "P2": ("eligible", "94", "二等獎", 4, ["曠工1天及以上"], False),
    "P3": ("eligible", "93", "三等獎", 5, [], False),
    "P4": ("eligible", "91", "三等獎", 6, [], True),
    "P5": ("eligible", "96", None, 2, ["網格化考核居后50%"], False),
    "P6": ("vetoed", None, None, None, [], False),
    "P7": ("eligible", "97", None, 1, ["考勤累積居前20%"], False),
    "P8": ("eligible", "91", None, 7, [], True),
    "P9": ("eligible", "91", None, 8, ["事假2天及以上"], False),
    "C1": ("eligible", "79.2", "三等獎", 2, [], False),
    "C2": ("eligible", "85", None, 1, ["網格化考核居后50%"], False),
}


def library_scheme():
    with open(shared("bench", "library.merit"), encoding="utf-8") as f:
        return f.read()


def test_library_hand_roster():
    code, res = run(library_scheme(), LIBRARY_HEADER + LIBRARY_ROWS)
    assert code == 0
    got = by_id(res)
    for cid, (status, score, tier, rank, caps, tie) in LIBRARY_EXPECTED.items():
        c = got[cid]
        assert (c["status"], c["score"], c["tier"], c["rank"], c["caps"], c["tie"]) == \
            (status, score, tier, rank, caps, tie), cid
        assert c["selected"] == (tier is not None)
    assert got["P6"]["reasons"] == ["有效投訴"]
    assert [c["id"] for c in res["candidates"]] == list(LIBRARY_EXPECTED)   # roster order
    s = res["summary"]
    assert (s["rows"], s["eligible"], s["ineligible"], s["vetoed"], s["errors"]) == (11, 10, 0, 1, 0)
    parts = s["stages"]["年度服務之星"]
    assert [p["partition"] for p in parts] == [{"group": "正式館員"}, {"group": "合同制館員"}]
    assert [p["quota"] for p in parts] == [4, 1]
    assert [[(t["size"], t["filled"]) for t in p["tiers"]] for p in parts] == \
        [[(1, 1), (1, 1), (2, 2)], [(0, 0), (0, 0), (1, 1)]]
    assert [p["warnings"] for p in parts] == [[], []]


def test_library_json_key_order():
    code, res = run(library_scheme(), LIBRARY_HEADER + LIBRARY_ROWS)
    assert list(res)[:3] == ["scheme", "summary", "candidates"]
    assert list(res["summary"]) == ["rows", "eligible", "ineligible", "vetoed", "errors", "stages"]
    assert list(res["candidates"][0]) == ["id", "status", "score", "selected", "tier", "rank",
                                          "reasons", "caps", "tie", "outputs", "stages"]
    assert res["candidates"][0]["stages"] == {"年度服務之星": {"selected": True, "tier": "一等獎", "rank": 3}}
    text = json.dumps(res, ensure_ascii=False)
    assert "館務服務之星" in text


def test_library_ties_share():
    scheme = library_scheme().replace('tier "三等獎" = rest', 'tier "三等獎" = rest\n  ties share')
    code, res = run(scheme, LIBRARY_HEADER + LIBRARY_ROWS)
    got = by_id(res)
    # 三等 takes P3, P4 (size 2); the last placed is P4 (91). P8 (91, no cap) and P9 (91, cap
    # 三等獎 allows 三等) are equal on the key and allowed -> they also receive 三等 (grown by 2).
    assert [got[i]["tier"] for i in ("P3", "P4", "P8", "P9")] == ["三等獎"] * 4
    # Nobody equal on the key with the same cap got another outcome now -> no tie flag.
    assert not any(c["tie"] for c in res["candidates"])
    part = res["summary"]["stages"]["年度服務之星"][0]
    assert part["tiers"][2] == {"name": "三等獎", "size": 2, "filled": 4}
    assert part["warnings"] == [{"kind": "tier_grown", "tier": "三等獎", "count": 2}]


def test_library_agrees_with_library_reference(tmp_path):
    roster = tmp_path / "roster.csv"
    subprocess.run([sys.executable, shared("bench", "gen_roster.py"), "2000", "-o", str(roster)],
                   check=True)
    expected = json.loads(subprocess.run(
        [sys.executable, os.path.join(HERE, "library_reference.py"), str(roster)],
        check=True, capture_output=True).stdout)
    prog = compile_scheme(library_scheme())
    code, res = evaluate(prog, roster.read_bytes())
    assert code == 0
    assert len(res["candidates"]) == len(expected["candidates"]) == 2000
    for mine, theirs in zip(res["candidates"], expected["candidates"]):
        for k in ("id", "status", "score", "caps", "selected", "tier", "rank", "tie"):
            assert mine[k] == theirs[k], (mine["id"], k)
    parts = res["summary"]["stages"]["年度服務之星"]
    for mine, theirs in zip(parts, expected["partitions"]):
        assert mine["partition"]["group"] == theirs["group"]
        assert mine["quota"] == theirs["quota"]
        assert [t["size"] for t in mine["tiers"]] == theirs["sizes"]
        assert [t["filled"] for t in mine["tiers"]] == theirs["filled"]
    assert sum(c["status"] == "vetoed" for c in res["candidates"]) > 0   # the roster has vetoes


# ---------------------------------------------------------------- the shopping centre

MALL_ROSTER = """\
工號,單位,崗位,銷售額,外語會話,顧客表揚,有效投訴,技能考核,主管確認
S01,A,一線,1000,true,3,0,90,true
S02,A,一線,500,false,12,0,95,true
S03,A,後勤,,TRUE,0,0,88,false
S04,A,一線,,false,0,0,99,true
S05,A,後勤,,0,20,1,97,true
S06,A,後勤,,1,5,0,92.5,true
S07,B,一線,2000,false,10,0,80,true
S08,B,一線,3000,false,0,0,85,true
S09,B,後勤,,false,15,0,75,true
S10,B,一線,1000,false,0,0,70,false
S11,B,後勤,,false,0,0,90,true
"""


def test_shopping_centre():
    code, res = run(language_programs()[1], MALL_ROSTER)
    assert code == 0
    got = by_id(res)
    # Unit A average of front-line sales present: (1000 + 500) / 2 = 750; 120% -> 900.
    # Unit B: (2000 + 3000 + 1000) / 3 = 2000; 120% -> 2400.
    # S02 500 < 900, S07 2000 < 2400, S10 1000 < 2400 -> ineligible on the second require.
    # S04 has no sales: both requires fail (the second is `present(..) and ...`, lazily false).
    # 後勤 rows: the guard is false, so the requires hold without reading 銷售額.
    assert got["S04"]["reasons"] == ["銷售額已填報", "完成單位平均的120%以上"]
    for i in ("S02", "S07", "S10"):
        assert (got[i]["status"], got[i]["reasons"]) == ("ineligible", ["完成單位平均的120%以上"])
    assert (got["S05"]["status"], got["S05"]["reasons"]) == ("vetoed", ["有效投訴"])
    # score = 技能考核 + least(顧客表揚, 10): decimal.
    assert {i: got[i]["score"] for i in ("S01", "S03", "S06", "S08", "S09", "S11")} == \
        {"S01": "93", "S03": "88", "S06": "97.5", "S08": "85", "S09": "85", "S11": "90"}
    # 初選 per unit: quota greatest(1, round_half_up(10% * count())): A 0.6 -> 1, B 0.5 -> 1.
    # A: S06 97.5, S01 93, S03 88 -> S06. B: S11 90, S08 85, S09 85 (key breaks tie) -> S11.
    assert [got[i]["stages"]["初選"]["rank"] for i in ("S06", "S01", "S03", "S11", "S08", "S09")] \
        == [1, 2, 3, 1, 2, 3]
    assert [i for i, c in got.items() if c["stages"]["初選"]["selected"]] == ["S06", "S11"]
    # 星級員工 from 初選 where 主管確認 (both confirmed): quota 5, 三星 1, 二星 rest 4.
    # S06 97.5 -> 三星; S11 90 -> 二星; 二星 has 3 places unfilled.
    assert (got["S06"]["selected"], got["S06"]["tier"], got["S06"]["rank"]) == (True, "三星", 1)
    assert (got["S11"]["selected"], got["S11"]["tier"], got["S11"]["rank"]) == (True, "二星", 2)
    assert (got["S01"]["selected"], got["S01"]["tier"], got["S01"]["rank"]) == (False, None, None)
    assert got["S01"]["stages"]["星級員工"] == {"selected": False, "tier": None, "rank": None}
    star = res["summary"]["stages"]["星級員工"]
    assert star == [{"partition": {}, "quota": 5,
                     "tiers": [{"name": "三星", "size": 1, "filled": 1},
                               {"name": "二星", "size": 4, "filled": 1}],
                     "warnings": [{"kind": "unfilled", "tier": "二星", "count": 3}]}]
    assert [p["partition"] for p in res["summary"]["stages"]["初選"]] == [{"單位": "A"}, {"單位": "B"}]
    # output for every valid row, whatever its status; bool cells TRUE / 1 / 0 read as bools.
    assert [c["outputs"]["外語接待"] for c in res["candidates"]] == \
        ["能", "否", "能", "否", "否", "能", "否", "否", "否", "否", "否"]


# ---------------------------------------------------------------- stages

VOTES = """\
scheme "門店之星"
input {
  id: int key
  votes: int in [0, 100000]
  receipts: int in [0, 100000]
}
check "選票不多於小票": votes <= receipts
select "之星" { order by votes desc  quota 1 }
select "末位" { from all  order by votes asc  quota 1 }
output 談話 = selected("末位")
"""


def test_bottom_one_stage_and_int_keys():
    csv = "id,votes,receipts\n10,50,60\n2,7,9\n3,7,8\n4,90,95\n"
    code, res = run(VOTES, csv)
    got = by_id(res)
    # 之星: 90 (id 4). 末位 asc: 7, 7 -> the key ascending numerically puts id 2 before 3.
    assert got[4]["stages"]["之星"] == {"selected": True, "tier": "之星", "rank": 1}
    assert got[2]["stages"]["末位"] == {"selected": True, "tier": "末位", "rank": 1}
    assert got[3]["stages"]["末位"]["rank"] == 2
    assert got[10]["stages"]["末位"]["rank"] == 3
    # the last stage gives the top-level fields
    assert (got[2]["selected"], got[4]["selected"]) == (True, False)
    # 2 and 3: equal votes, no caps (from all), different outcome -> tie flagged on both
    assert (got[2]["tie"], got[3]["tie"], got[10]["tie"]) == (True, True, False)
    assert [c["outputs"]["談話"] for c in res["candidates"]] == [False, True, False, False]
    assert [c["id"] for c in res["candidates"]] == [10, 2, 3, 4]


def test_check_failure_is_a_data_error():
    csv = "id,votes,receipts\n1,5,4\n2,3,4\n"
    code, res = run(VOTES, csv)
    assert code == 2
    assert res["error"] == "data"
    assert [(r["line"], r["id"]) for r in res["rows"]] == [(2, 1)]
    assert "選票不多於小票" in res["rows"][0]["messages"][0]


NOMINATION = """\
scheme "兩級推薦"
input {
  id: text key
  dept: text
  pts: decimal in [0, 100]
  held: bool = false
}
cap "暫緩": held => "一等"
select "科室推薦" by dept { order by pts desc  quota 2 }
select "院評" {
  from "科室推薦"
  order by pts desc
  quota 3
  tier "一等" = 1
  tier "二等" = rest
}
"""


def test_two_stage_nomination_with_cap():
    csv = ("id,dept,pts,held\n"
           "a1,內科,90,\nb1,外科,95,true\na2,內科,80,\na3,內科,85,\nb2,外科,70,\nc1,藥劑,60,\n")
    code, res = run(NOMINATION, csv)
    got = by_id(res)
    # 科室推薦 (partitions 內科, 外科, 藥劑 by code point: 內 U+5167 < 外 U+5916 < 藥 U+85E5):
    #   內科: a1 90, a3 85 nominated, a2 80 not; 外科: b1 95, b2 70; 藥劑: c1 60.
    parts = res["summary"]["stages"]["科室推薦"]
    assert [p["partition"]["dept"] for p in parts] == ["內科", "外科", "藥劑"]
    assert parts[2]["warnings"] == [{"kind": "unfilled", "tier": "科室推薦", "count": 1}]
    assert [i for i, c in got.items() if c["stages"]["科室推薦"]["selected"]] == \
        ["a1", "b1", "a3", "b2", "c1"]
    # 院評: b1 95, a1 90, a3 85, b2 70, c1 60. Quota 3: 一等 1, 二等 rest 2.
    # cap 暫緩 on b1 names 一等, the best tier: it bars nothing better -> b1 gets 一等.
    assert [(got[i]["tier"], got[i]["rank"]) for i in ("b1", "a1", "a3", "b2", "c1")] == \
        [("一等", 1), ("二等", 2), ("二等", 3), (None, 4), (None, 5)]
    assert got["b1"]["caps"] == ["暫緩"]
    # now a cap naming 二等 bars 一等: b1 is passed over for 一等 and takes 二等
    code, res = run(NOMINATION.replace('=> "一等"', '=> "二等"'), csv)
    got = by_id(res)
    assert [(got[i]["tier"]) for i in ("b1", "a1", "a3")] == ["二等", "一等", "二等"]


def test_sizes_warnings_and_empty_roster():
    scheme = """\
scheme "x"
param n: int = 2
input { id: text key  v: int }
select "s" {
  order by v desc
  quota n - entrants()
  tier "A" = -1
  tier "B" = quota + 1
}
"""
    # 2 entrants: quota 2 - 2 = 0; A = -1 -> 0 (warning); B = 0 + 1 = 1 > quota 0 (warning).
    code, res = run(scheme, "id,v\nx,1\ny,2\n")
    part = res["summary"]["stages"]["s"][0]
    assert part["quota"] == 0
    assert part["tiers"] == [{"name": "A", "size": 0, "filled": 0}, {"name": "B", "size": 1, "filled": 1}]
    assert {"kind": "negative_size", "tier": "A", "value": -1} in part["warnings"]
    assert {"kind": "sizes_above_quota", "sizes": 1, "quota": 0} in part["warnings"]
    assert by_id(res)["y"]["tier"] == "B"
    # param override: n = 5 -> quota 3, B = 4 > 3.
    code, res = run(scheme, "id,v\nx,1\ny,2\n", params={"n": "5"})
    assert res["summary"]["stages"]["s"][0]["quota"] == 3
    # an empty roster: one partition without `by`, no entrants; quota 2 - 0 = 2
    code, res = run(scheme, "id,v\n")
    part = res["summary"]["stages"]["s"][0]
    assert (part["partition"], part["quota"]) == ({}, 2)
    assert {"kind": "no_entrants"} in part["warnings"]
    with pytest.raises(UsageError):
        run(scheme, "id,v\n", params={"m": "1"})


# ---------------------------------------------------------------- evaluation details

LAZY = """\
scheme "lazy"
input {
  id: text key
  sales: decimal in [0, 1000000]
  visits: int in [0, 1000]
}
let per_visit = if visits == 0 then 0 else sales / visits
require "有效訪問": visits > 0 and sales / visits >= 2
score = per_visit
output strict_ratio = least(1, sales / visits)
"""


def test_lazy_evaluation_guards_division_by_zero():
    code, res = run(LAZY, "id,sales,visits\na,10,0\nb,10,4\nc,10,3\n")
    assert code == 0
    got = by_id(res)
    # a: visits 0 -> `and` does not evaluate sales / visits; ineligible, not an error.
    assert (got["a"]["status"], got["a"]["reasons"]) == ("ineligible", ["有效訪問"])
    # b: 10 / 4 = 2.5 >= 2; score 2.5.  c: 10 / 3 = 3.333...(34 digits) rounded half-even.
    assert got["b"]["score"] == "2.5"
    assert got["c"]["score"] == "3." + "3" * 33
    # function arguments are always evaluated: least(1, 10 / 0) fails -> null output
    assert got["a"]["outputs"]["strict_ratio"] is None
    assert got["b"]["outputs"]["strict_ratio"] == "1"
    assert any(w["kind"] == "output_failed" and w["line"] == 2 for w in res["reference_warnings"])


def test_match_with_a_decimal_arm_prints_decimals_and_int_overflow():
    scheme = """\
scheme "t"
input { id: int key  p: int  big: int }
let carry = match p { 1 => 1, 2 => 0.8, else => 0 }
score = big * 2
output c = carry
output r = round_half_up(carry)
output d = round_half_up(2.345, 2)
output e = round_half_even(2.345, 2)
output f = round_half_up(-2.5)
output g = truncate(1250, -2)
"""
    code, res = run(scheme, "id,p,big\n1,1,4\n2,2,4611686018427387904\n", lenient=True)
    got = by_id(res)
    # the match is decimal: its int arm 1 prints as the decimal "1", a JSON string
    assert got[1]["outputs"]["c"] == "1"
    assert got[2]["outputs"]["c"] == "0.8"
    assert got[1]["outputs"]["r"] == 1 and got[2]["outputs"]["r"] == 1   # 0.8 -> 1, an int
    assert got[1]["outputs"]["d"] == "2.35" and got[1]["outputs"]["e"] == "2.34"
    assert got[1]["outputs"]["f"] == -3          # ties away from zero
    assert got[1]["outputs"]["g"] == 1200        # truncate towards zero at hundreds
    assert got[1]["score"] == 8
    # 2^62 * 2 = 2^63 leaves int64: an error of that row (lenient: reported, rest evaluated)
    assert got[2]["status"] == "error" and got[2]["score"] is None
    assert "overflow" in got[2]["reasons"][0]


def test_aggregate_failing_or_empty_is_an_error_only_where_needed():
    scheme = """\
scheme "t"
input { id: text key  k: enum("x", "y")  v: decimal optional }
let avg_y = avg(v where k == "y")
let sum_all = sum(v)
require "r": k == "x" or v >= avg_y
output total = sum_all
"""
    # no y row: avg over no rows. x rows do not need it (lazy `or`); rows do not exist that
    # need it. sum(v) reads v on every row; b has none -> sum fails -> output null for all.
    code, res = run(scheme, "id,k,v\na,x,1\nb,x,\n", lenient=True)
    got = by_id(res)
    assert got["a"]["status"] == got["b"]["status"] == "eligible"
    assert got["a"]["outputs"]["total"] is None
    # a y row needs avg_y; avg over the single y row = 5 -> 5 >= 5 holds
    code, res = run(scheme, "id,k,v\na,x,1\nc,y,5\n")
    assert by_id(res)["c"]["status"] == "eligible"
    assert by_id(res)["a"]["outputs"]["total"] == "6"


def test_when_folding_default_labels_and_shared_ranks():
    scheme = """\
scheme "t"
input { id: text key  role: enum("a", "b")  x: int  d1: date  d2: date }
when role == "a" {
  require x   >=  # at least
     2
  veto x == 9
}
cap rank_desc(x) > 2 => none
output yrs = years_between(d1, d2)
output days = days_between(d1, d2)
output rk = rank_desc(x)
select "s" { order by x desc  quota 10 }
"""
    csv = ("id,role,x,d1,d2\n"
           "p,a,1,2020-02-29,2021-02-28\n"
           "q,b,1,2020-02-29,2021-03-01\n"
           "r,a,9,2021-03-01,2020-02-29\n"
           "s,b,9,2000-01-01,2023-12-31\n"
           "t,b,5,2023-12-31,2000-01-01\n")
    code, res = run(scheme, csv)
    got = by_id(res)
    # p: guard true, 1 >= 2 false -> ineligible with the collapsed default label.
    assert got["p"]["reasons"] == ["x >= 2"]
    # q: guard false -> the require holds. r: veto applies (role a, x 9). s: role b, no veto.
    assert got["q"]["status"] == "eligible"
    assert got["r"]["reasons"] == ["x == 9"]
    assert got["s"]["status"] == "eligible"
    # rank_desc over all valid rows: x = 1, 1, 9, 9, 5 -> ranks 4, 4, 1, 1, 3 (shared).
    assert [c["outputs"]["rk"] for c in res["candidates"]] == [4, 4, 1, 1, 3]
    # cap rank > 2: q (4) and t (3) capped none; s not.
    assert got["q"]["caps"] == ["rank_desc(x) > 2"] and got["s"]["caps"] == []
    assert got["s"]["tier"] == "s" and got["q"]["selected"] is False and got["t"]["selected"] is False
    # 29 February start: its year completes on 1 March -> p 0 years, q 1 year.
    assert [c["outputs"]["yrs"] for c in res["candidates"]] == [0, 1, -1, 23, -23]
    assert got["p"]["outputs"]["days"] == 365


def test_strict_and_lenient(tmp_path):
    scheme = """\
scheme "t"
input { id: text key  v: decimal in [0, 10]  n: int = 3 }
score = v * n
select "s" { order by score desc  quota 1 }
"""
    csv = ('\ufeffid,v,n,extra\n'
           'a,1.5,,x\n'
           '\n'                         # blank line: skipped, still counted as a line
           'b,abc,1,x\n'
           'c,11,1,x\n'
           'd,2,1\n'                    # wrong number of cells
           'a,1,1,x\n'                  # duplicate key: both a rows are errors
           '"e","2.0",2,"multi\nline"\n'
           'f,2,1,x"y\n')               # a quote inside an unquoted cell
    code, res = run(scheme, csv)
    assert code == 2
    assert [(r["line"], r["id"]) for r in res["rows"]] == \
        [(2, "a"), (4, "b"), (5, "c"), (6, None), (7, "a"), (10, None)]
    code, res = run(scheme, csv, lenient=True)
    assert code == 0
    got = res["candidates"]
    assert [c["status"] for c in got] == ["error"] * 5 + ["eligible", "error"]
    # e: 2.0 * 2 = 4.0 -> "4"; it is the only entrant
    assert (got[5]["id"], got[5]["score"], got[5]["tier"], got[5]["rank"]) == ("e", "4", "s", 1)
    assert res["summary"]["errors"] == 6 and res["summary"]["rows"] == 7
    assert {"kind": "column_ignored", "column": "extra"} in res["reference_warnings"]
    # the command line: strict exit 2, lenient exit 0
    (tmp_path / "t.merit").write_text(scheme, encoding="utf-8")
    (tmp_path / "t.csv").write_text(csv, encoding="utf-8", newline="")
    cli = [sys.executable, os.path.join(HERE, "merit_ref.py"), str(tmp_path / "t.merit"),
           str(tmp_path / "t.csv")]
    p = subprocess.run(cli, capture_output=True)
    assert p.returncode == 2 and json.loads(p.stdout)["error"] == "data"
    p = subprocess.run(cli + ["--lenient"], capture_output=True)
    assert p.returncode == 0 and json.loads(p.stdout)["candidates"][5]["id"] == "e"
    p = subprocess.run(cli + ["--param", "zz=1"], capture_output=True)
    assert p.returncode == 3


def test_stage_entry_error_removes_the_row_and_reruns():
    scheme = """\
scheme "t"
input { id: text key  a: int  b: int }
select "first" { order by a desc  quota 1 }
select "second" { from "first"  order by 10 / b desc  quota 1 }
"""
    # x leads "first" but fails entering "second" (b = 0): it becomes an error row and the
    # stages run again without it, so y takes its place in "first" and in "second".
    code, res = run(scheme, "id,a,b\nx,9,0\ny,5,1\nz,1,1\n", lenient=True)
    got = by_id(res)
    assert got["x"]["status"] == "error"
    assert got["x"]["stages"]["first"]["selected"] is False
    assert got["y"]["stages"]["first"]["selected"] and got["y"]["selected"]


def test_compile_errors():
    bad = [
        'scheme "x" input { id: text key } let a = 1 < 2 < 3',
        'scheme "x" input { id: text key } let a = 2023-1-5',
        'scheme "x" input { id: text key } let a = .5',
        'scheme "x" input { id: text key v: int } let a = weighted(v: 50%, v: 40%)',
        'scheme "x" input { id: text key } let a = b  let b = a',
        'scheme "x" input { id: text key\u3000}',
        'scheme "x" input { id: text key e: enum("a") } let a = e == "z"',
    ]
    for src in bad:
        with pytest.raises(CompileError):
            compile_scheme(src)
    for src in language_programs():
        compile_scheme(src)
    extensions = reference_programs()
    assert len(extensions) >= 3   # the two whole programs and the extensions' examples
    for src in extensions:
        compile_scheme(src)


def test_canonical_decimals():
    assert [canonical(Decimal(s)) for s in ("88.000", "87.25", "-0.50", "0E-7", "1E-7", "-0", "1E+3")] \
        == ["88", "87.25", "-0.5", "0", "0.0000001", "0", "1000"]


def test_whole_roster_errors_and_invalid_utf8():
    from merit_ref import DataError
    scheme = 'scheme "t"\ninput { id: text key  v: int }\n'
    prog = compile_scheme(scheme)
    with pytest.raises(DataError):
        evaluate(prog, b"")                       # no header row
    with pytest.raises(DataError):
        evaluate(prog, b"id,v,v\na,1,2\n")        # a column named twice
    code, res = evaluate(prog, b"id,v\r\na,1\r\nb\xff,2\r\n", lenient=True)
    assert [(c["id"], c["status"]) for c in res["candidates"]] == [("a", "eligible"), (None, "error")]


def test_from_all_ignores_caps_and_caps_of_non_eligible_rows():
    scheme = """\
scheme "t"
input { id: text key  v: int  ok: bool }
require ok
cap "低分": v < 5 => none
select "全員" { from all  order by v desc  quota 1 }
select "複選" { from "全員"  order by v desc  quota 1 }
"""
    # 全員 draws from all: the cap is ignored, x (v 3, ineligible) is the only valid row -> placed.
    # 複選 honours caps: x enters, its cap (evaluated now although it is not eligible) bars it.
    code, res = run(scheme, "id,v,ok\nx,3,false\n")
    c = res["candidates"][0]
    assert c["status"] == "ineligible"
    assert c["stages"] == {"全員": {"selected": True, "tier": "全員", "rank": 1},
                           "複選": {"selected": False, "tier": None, "rank": 1}}
    assert c["caps"] == ["低分"]
    assert res["summary"]["stages"]["複選"][0]["warnings"] == \
        [{"kind": "unfilled", "tier": "複選", "count": 1}]


def test_cap_naming_a_tier_no_stage_has_is_a_compile_error():
    # LANGUAGE.md's checks include "a cap naming a tier no stage has"; a stage
    # without tiers has one named after itself, which a cap may name.
    base = 'scheme "t"\ninput {\n  id: text key\n}\ncap "c": true => "%s"\n' \
           'select "x" {\n  order by 1 desc\n  quota 1\n}\n'
    with pytest.raises(CompileError):
        compile_scheme(base % "nope")
    compile_scheme(base % "x")


# ---------------------------------------------------------------- extension: distinct

DISTINCT_SCHEME = """scheme "spread"
input {
  id: text key
  縣: text
  類型: text
  s: int
  amount: decimal = 0
  note: text optional
}
score = s
select "窗口" by 縣 {
  order by score desc
  quota 2
  distinct 類型
}
select "市級" {
  from "窗口"
  order by score desc
  quota 2
  distinct 類型
}
"""


def test_distinct_spreads_places_and_relaxes_only_for_empty_places():
    # 甲: order A1 (稅務 95), A2 (稅務 90), A3 (社保 85), A4 (社保 80). The
    # spread pass places A1, skips A2 (稅務 is placed), places A3: full.
    # 乙: B1 (稅務 70) is placed, B2 (稅務 60) skipped; one place would stay
    # empty, so the relaxation pass gives it to B2 (warning, count 1).
    # 市級 draws from 窗口's four (A1, A3, B1, B2): A1's placement in 窗口
    # does not take 稅務 here; the spread places A1 (稅務) and A3 (社保).
    csv = ("id,縣,類型,s\nA1,甲,稅務,95\nA2,甲,稅務,90\nA3,甲,社保,85\nA4,甲,社保,80\n"
           "B1,乙,稅務,70\nB2,乙,稅務,60\n")
    code, res = run(DISTINCT_SCHEME, csv)
    assert code == 0
    c = by_id(res)
    window = {k: (v["stages"]["窗口"]["selected"], v["stages"]["窗口"]["rank"]) for k, v in c.items()}
    assert window == {"A1": (True, 1), "A2": (False, 2), "A3": (True, 3), "A4": (False, 4),
                      "B1": (True, 1), "B2": (True, 2)}
    city = {k: v["stages"]["市級"]["selected"] for k, v in c.items()}
    assert city == {"A1": True, "A2": False, "A3": True, "A4": False, "B1": False, "B2": False}
    parts = res["summary"]["stages"]["窗口"]
    assert parts[0]["partition"] == {"縣": "乙"} and parts[1]["partition"] == {"縣": "甲"}
    assert parts[0]["warnings"] == [{"kind": "distinct_relaxed", "tier": "窗口", "count": 1}]
    assert parts[1]["warnings"] == []
    assert not any(v["tie"] for v in c.values())


def test_distinct_compile_errors():
    base = DISTINCT_SCHEME.split('select "市級"')[0]
    for clause in ["distinct 類型\n  distinct 類型",   # the clause twice
                   "distinct 類别",                   # unknown field
                   "distinct 縣",                     # a `by` field
                   "distinct amount",                 # decimal
                   "distinct note",                   # optional
                   "distinct 類型, 類型"]:            # a field twice
        with pytest.raises(CompileError):
            compile_scheme(base.replace("distinct 類型", clause))
    # `distinct` is not reserved: it stays usable as a name
    compile_scheme(base.replace("s: int", "s: int\n  distinct: int = 0").replace(
        "distinct 類型", "distinct distinct"))


# ---------------------------------------------------------------- extension: over f = g

def test_join_puts_an_award_on_the_supervisors_row():
    # star by group among rows with a boss: A — a1 (90) over a2 (80); B — b2
    # (95) over b1 (70). M1 bosses a1, a2 and b2: two stars, 800, team 3. M2
    # bosses b1 (no star): 0, team 1. Nobody reports to a1, a2, b1, b2: sum 0,
    # count 0. M1 and M2 have no boss: they belong to no group.
    scheme = """scheme "t"
input {
  id: text key
  group: text
  boss: text optional
  pts: int = 0
}
score = pts
select "star" by group {
  where present(boss)
  order by score desc
  quota 1
}
output boss_award = sum(400 where selected("star")) over boss = id
output team = count() over boss = id
output team_avg = avg(pts) over boss = id
"""
    code, res = run(scheme, "id,group,boss,pts\nM1,A,,\nM2,B,,\na1,A,M1,90\na2,A,M1,80\n"
                            "b1,B,M2,70\nb2,B,M1,95\n", lenient=True)
    assert code == 0
    out = {c["id"]: c["outputs"] for c in res["candidates"]}
    # team_avg: M1 (90 + 80 + 95) / 3 = 88.333...; M2 70; an empty group has no avg
    assert out == {"M1": {"boss_award": 800, "team": 3, "team_avg": "88.33333333333333333333333333333333"},
                   "M2": {"boss_award": 0, "team": 1, "team_avg": "70"},
                   "a1": {"boss_award": 0, "team": 0, "team_avg": None},
                   "a2": {"boss_award": 0, "team": 0, "team_avg": None},
                   "b1": {"boss_award": 0, "team": 0, "team_avg": None},
                   "b2": {"boss_award": 0, "team": 0, "team_avg": None}}


def test_join_tuples_and_a_failing_member():
    # over (boss, month) = (person, month): M-1 (M in 1月) reads x1 (3) and
    # y1 (0): team_pts 3, and ratio fails on y1 (100 / 0), so M-1's ratio is
    # null. M-2 (M in 2月) reads x2 (5): 5 and 100 / 5 = 20. x1, y1 and x2
    # lead nobody: sums over an empty group are 0.
    scheme = """scheme "t"
input {
  id: text key
  person: text
  boss: text optional
  month: enum("1月", "2月")
  pts: int = 0
}
output team_pts = sum(pts) over (boss, month) = (person, month)
output ratio = sum(100 / pts) over (boss, month) = (person, month)
"""
    code, res = run(scheme, "id,person,boss,month,pts\nM-1,M,,1月,0\nM-2,M,,2月,0\n"
                            "x1,x,M,1月,3\ny1,y,M,1月,0\nx2,x,M,2月,5\n", lenient=True)
    assert code == 0
    out = {c["id"]: c["outputs"] for c in res["candidates"]}
    assert out == {"M-1": {"team_pts": 3, "ratio": None}, "M-2": {"team_pts": 5, "ratio": "20"},
                   "x1": {"team_pts": 0, "ratio": "0"}, "y1": {"team_pts": 0, "ratio": "0"},
                   "x2": {"team_pts": 0, "ratio": "0"}}


def test_join_compile_errors():
    base = 'scheme "t"\ninput {\n  id: text key\n  boss: text optional\n  n: int = 0\n' \
           '  d: decimal = 0\n}\n'
    compile_scheme(base + "output z = count() over boss = id\n")
    for bad in ["output z = count() over boss = n",            # text with int
                "output z = count() over (boss, n) = id",      # 2 and 1 fields
                "output z = rank_desc(n) over boss = id",      # no join for a rank
                "output z = count() over d = d",               # decimal
                "output z = count() over boss",                # optional without a join
                "select \"s\" {\n  order by n desc\n  quota count() over boss = id\n}"]:
        with pytest.raises(CompileError):
            compile_scheme(base + bad + "\n")


# ---------------------------------------------------------------- extension: candidates by

BALLOTS = """scheme "t"
input {
  工號: text
  店面: text
  姓名: text
  愛崗敬業: bool = false
  小票編號: text optional
  點數: int in [0, 5] = 1
}
candidates by 工號 {
  店面
  姓名
  愛崗敬業
  得票數 = count(where present(小票編號))
  點數合計 = sum(點數 where present(小票編號))
}
require "愛崗敬業": 愛崗敬業
score = 得票數
select "星" by 店面 {
  order by score desc
  quota 1
}
output 總點數 = 點數合計
"""
BALLOTS_HEADER = "工號,店面,姓名,愛崗敬業,小票編號,點數\n"


def test_candidates_from_rows():
    # A1: sheet (line 2) and ballot R1 (line 4): 1 ballot, 1 point. A2: sheet
    # (line 3), R2 (line 5) and R3 with 3 points (line 6): 2 ballots, 4
    # points, the star of 北. A3: a sheet without 愛崗敬業: the default false,
    # ineligible; no ballot: 0 and 0. Candidates come in first-row order.
    code, res = run(BALLOTS, BALLOTS_HEADER + "A1,北,甲,true,,\nA2,北,乙,true,,\nA1,,,,R1,\n"
                                              "A2,,,,R2,\nA2,,,,R3,3\nA3,北,丙,,,\n")
    assert code == 0
    got = [(c["id"], c["status"], c["score"], c["selected"], c["outputs"]["總點數"])
           for c in res["candidates"]]
    assert got == [("A1", "eligible", 1, False, 1), ("A2", "eligible", 2, True, 4),
                   ("A3", "ineligible", None, False, 0)]
    assert res["summary"]["rows"] == 3


def test_candidates_keep_every_bad_row():
    # A1's ballot (line 4) has 9 points, outside [0, 5]; A2's rows give 店面 北
    # (line 3) and 南 (line 5); line 6 has no 工號 (a candidate of its own,
    # id null); no row of A3 gives 姓名. Each is an error; nothing is dropped.
    code, res = run(BALLOTS, BALLOTS_HEADER + "A1,北,甲,true,,\nA2,北,乙,true,,\nA1,,,,R1,9\n"
                                              "A2,南,,,R2,\n,,,,R3,\nA3,北,,true,,\n", lenient=True)
    assert code == 0
    assert [(c["id"], c["status"]) for c in res["candidates"]] == \
        [("A1", "error"), ("A2", "error"), (None, "error"), ("A3", "error")]
    reasons = [c["reasons"] for c in res["candidates"]]
    assert any("line 4" in m for m in reasons[0])
    assert any("line 3" in m and "line 5" in m for m in reasons[1])
    assert any("line 6" in m for m in reasons[2])
    # strict: exit 2, the error rows by their first line
    code, res = run(BALLOTS, BALLOTS_HEADER + "A1,北,甲,true,,\nA1,,,,R1,9\n")
    assert code == 2 and [r["line"] for r in res["rows"]] == [2]


def test_candidates_compile_errors():
    base = BALLOTS.split("candidates by")[0]
    for bad in ["candidates by 店鋪 {\n}",                           # unknown key
                "candidates by 點數 {\n}",                           # key with a default
                "candidates by 小票編號 {\n}",                       # optional key
                "candidates by 工號 {\n  名字\n}",                   # carries no field
                "candidates by 工號 {\n  工號\n}",                   # the key again
                "candidates by 工號 {\n  點數 = count()\n}",          # a computed field named like a row field
                "candidates by 工號 {\n  n = 點數 + 1\n}",            # a row field outside an aggregate
                "candidates by 工號 {\n  n = sum(點數) over 店面\n}",  # over
                "candidates by 工號 {\n  n = rank_desc(點數)\n}",     # a rank
                "candidates by 工號 {\n  n = count()\n}\nscore = 點數"]:  # a row field outside
        with pytest.raises(CompileError):
            compile_scheme(base + bad + "\n")
    compile_scheme(base + "candidates by 工號 {\n  n = count()\n}\nlet candidates = 1\n")
