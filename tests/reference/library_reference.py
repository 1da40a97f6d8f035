#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# merit - an independent reference for the library service-star scheme
"""Computes seed scheme 4 (library.merit) straight from its text, with Python's
decimal module, sharing no code with the engine.

Usage: library_reference.py ROSTER.csv [--tsv] > expected

Prints {"partitions": [...], "candidates": [...]} where each candidate has id,
status, score (eligible only, canonical decimal text), caps (labels, source
order), selected, tier, rank and tie, as LANGUAGE.md sections 6-8 define them.
The generated rosters have no invalid rows, so every row is valid.
With --tsv it prints one line a candidate instead, tab-separated: id, status,
score (or empty), selected (0/1), tier (or empty), rank (or 0), caps joined
by '|', tie (0/1) -- easy to read from a C++ test without a JSON parser.
With --partitions-tsv it prints one line a partition: group, quota, the
three tier sizes, the three tiers' filled counts.
"""
import csv
import json
import sys
from decimal import Decimal, Context, ROUND_HALF_EVEN, ROUND_HALF_UP, localcontext

CTX = Context(prec=34, rounding=ROUND_HALF_EVEN, Emax=6144, Emin=-6143)
GROUPS = ["正式館員", "合同制館員"]          # enum declaration order
TIERS = ["一等獎", "二等獎", "三等獎"]       # best first


def canonical(d):
    """LANGUAGE.md section 5: plain digits, no trailing zeros, no exponent."""
    if d == 0:
        return "0"
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def round_half_up(d):
    return int(d.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def main():
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    n = len(rows)
    with localcontext(CTX):
        for r in rows:
            director, committee, heads, staff = (Decimal(r[k]) for k in ("director", "committee", "heads", "staff"))
            # let weighted_score = weighted(director: 20%, committee: 20%, heads: 20%, staff: 40%)
            weighted = Decimal("0.2") * director + Decimal("0.2") * committee + Decimal("0.2") * heads \
                + Decimal("0.4") * staff
            # let carry_over = match last_prize { 1 => 1, 2 => 0.8, 3 => 0.5, else => 0 }
            carry = {1: Decimal(1), 2: Decimal("0.8"), 3: Decimal("0.5")}.get(int(r["last_prize"]), Decimal(0))
            r["_score"] = weighted - carry + Decimal(r["bonus"])
            r["_lapses"] = int(r["lapses"])
            r["_grid"] = Decimal(r["grid_score"])

        # rank_desc(x) = 1 + number of valid rows with a strictly greater x,
        # over the whole roster (the caps use no `over`).
        def rank_desc(values):
            ordered = sorted(values, reverse=True)
            first = {}
            for i, v in enumerate(ordered):
                first.setdefault(v, i + 1)
            return [first[v] for v in values]

        lapse_rank = rank_desc([r["_lapses"] for r in rows])
        grid_rank = rank_desc([r["_grid"] for r in rows])
        twenty = Decimal("0.2") * n   # 20% * count()
        fifty = Decimal("0.5") * n    # 50% * count()

        for i, r in enumerate(rows):
            r["_status"] = "vetoed" if int(r["complaints"]) > 0 else "eligible"   # veto complaints > 0
            caps, best = [], 0   # best: index of the best tier allowed (3 = none)
            if Decimal(r["absent_days"]) >= 1:
                caps.append("曠工1天及以上"); best = max(best, 1)
            if Decimal(r["personal_leave_days"]) >= 2:
                caps.append("事假2天及以上"); best = max(best, 2)
            if r["_lapses"] > 0 and lapse_rank[i] <= twenty:
                caps.append("考勤累積居前20%"); best = max(best, 3)
            if grid_rank[i] > fifty:
                caps.append("網格化考核居后50%"); best = max(best, 3)
            r["_caps"] = caps if r["_status"] == "eligible" else []
            r["_best"] = best
            r["_tier"], r["_rank"], r["_tie"] = None, None, False

        partitions = []
        for g in GROUPS:
            members = [r for r in rows if r["group"] == g]
            if not members:
                continue   # partitions are the distinct values present
            quota = round_half_up(Decimal("0.4") * len(members))   # count() = the partition's valid rows
            sizes = [max(0, round_half_up(Decimal("0.15") * quota)), max(0, round_half_up(Decimal("0.35") * quota))]
            sizes.append(max(0, quota - sizes[0] - sizes[1]))        # rest
            entrants = [r for r in members if r["_status"] == "eligible"]
            # order by score desc, then the key field ascending by code point
            entrants.sort(key=lambda r: (-r["_score"], [ord(c) for c in r["id"]]))
            for k, r in enumerate(entrants):
                r["_rank"] = k + 1
            filled = []
            for t, size in enumerate(sizes):
                taken = 0
                for r in entrants:
                    if taken == size:
                        break
                    if r["_tier"] is None and r["_best"] <= t:
                        r["_tier"] = t
                        taken += 1
                filled.append(taken)
            # tie flag: equal score, same effective cap, different outcome
            by_key = {}
            for r in entrants:
                by_key.setdefault((r["_score"], r["_best"]), []).append(r)
            for same in by_key.values():
                if len({r["_tier"] for r in same}) > 1:
                    for r in same:
                        r["_tie"] = True
            partitions.append({"group": g, "quota": quota, "sizes": sizes, "filled": filled})

    out = {"partitions": partitions, "candidates": []}
    for r in rows:
        eligible = r["_status"] == "eligible"
        out["candidates"].append({
            "id": r["id"], "status": r["_status"],
            "score": canonical(r["_score"]) if eligible else None,
            "selected": r["_tier"] is not None,
            "tier": TIERS[r["_tier"]] if r["_tier"] is not None else None,
            "rank": r["_rank"], "caps": r["_caps"], "tie": r["_tie"],
        })
    if "--partitions-tsv" in sys.argv[2:]:
        for p in out["partitions"]:
            print("\t".join([p["group"], str(p["quota"])] + [str(x) for x in p["sizes"]] +
                             [str(x) for x in p["filled"]]))
    elif "--tsv" in sys.argv[2:]:
        for c in out["candidates"]:
            print("\t".join([c["id"], c["status"], c["score"] or "", str(int(c["selected"])), c["tier"] or "",
                             str(c["rank"] or 0), "|".join(c["caps"]), str(int(c["tie"]))]))
    else:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
