# SPDX-License-Identifier: Apache-2.0
# merit - differential test: the engine against the reference evaluator on generated scheme/roster pairs
"""run_differential.py --engine PROGRAM [--pairs N] [--seed S] [--stages on|off] [--jobs J] [--keep DIR]

PROGRAM is the `merit` command line, called as
`merit run SCHEME ROSTER --lenient --format json`: it prints the section 8 JSON. For every pair both results are compared field by
field, after removing what the README lists as not compared. Exit status 0
when every pair agrees; otherwise each discrepancy is printed with its seed
(regenerate with `gen_case.py SEED`) and the files are kept in DIR.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_case  # noqa: E402

REFERENCE = os.path.join(HERE, "..", "reference", "merit_ref.py")
STAGE_CANDIDATE_KEYS = ("selected", "tier", "rank", "tie", "stages")


def normalise(doc, stages):
    """Drops what is not compared: wording of messages and warnings, and (when
    stage comparison is off) every stage field."""
    if not isinstance(doc, dict) or "candidates" not in doc:
        return doc
    doc.pop("reference_warnings", None)
    summary = doc.get("summary", {})
    if stages:
        for parts in summary.get("stages", {}).values():
            for p in parts:
                p.pop("warnings", None)
    else:
        summary.pop("stages", None)
    for c in doc["candidates"]:
        if c.get("status") == "error":
            # Error messages are worded differently; their presence is compared.
            c["reasons"] = bool(c.get("reasons"))
        if not stages:
            for k in STAGE_CANDIDATE_KEYS:
                c.pop(k, None)
    return doc


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, timeout=120)
    out = p.stdout.decode("utf-8", "replace")
    try:
        doc = json.loads(out) if out.strip() else None
    except json.JSONDecodeError:
        doc = {"unparsable": out[:2000]}
    return p.returncode, doc, p.stderr.decode("utf-8", "replace")[-2000:]


def diff(a, b, path="$"):
    """The first few differing paths between two JSON values."""
    out = []
    if type(a) != type(b):
        return [f"{path}: engine {json.dumps(a, ensure_ascii=False)[:200]} / reference {json.dumps(b, ensure_ascii=False)[:200]}"]
    if isinstance(a, dict):
        for k in list(a.keys()) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'engine' if k in a else 'reference'}")
            else:
                out += diff(a[k], b[k], f"{path}.{k}")
            if len(out) > 6:
                break
        if not out and list(a.keys()) != list(b.keys()):
            out.append(f"{path}: key order {list(a.keys())} / {list(b.keys())}")
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: length {len(a)} / {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff(x, y, f"{path}[{i}]")
            if len(out) > 6:
                break
    elif a != b:
        out.append(f"{path}: engine {json.dumps(a, ensure_ascii=False)} / reference {json.dumps(b, ensure_ascii=False)}")
    return out


def one(engine, seed, stages, workdir, grouped=False):
    scheme, roster = gen_case.generate_grouped(seed) if grouped else gen_case.generate(seed, stages=stages)
    d = os.path.join(workdir, f"case-{seed}")
    os.makedirs(d, exist_ok=True)
    sp, rp = os.path.join(d, "scheme.merit"), os.path.join(d, "roster.csv")
    with open(sp, "w", encoding="utf-8") as f:
        f.write(scheme)
    with open(rp, "w", encoding="utf-8") as f:
        f.write(roster)
    ec, edoc, eerr = run([engine, "run", sp, rp, "--lenient", "--format", "json"])
    rc, rdoc, rerr = run([sys.executable, REFERENCE, sp, rp, "--lenient"])
    problems = []
    if ec != rc:
        problems.append(f"exit code: engine {ec} / reference {rc}; engine: {eerr.strip()[:600]} reference: {rerr.strip()[:600]}")
    elif ec == 0:
        problems += diff(normalise(edoc, stages), normalise(rdoc, stages))
    if not problems:
        for name in ("scheme.merit", "roster.csv"):
            os.remove(os.path.join(d, name))
        os.rmdir(d)
    return seed, ec, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", required=True)
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stages", choices=["on", "off"], default="on")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", default=None)
    ap.add_argument("--grouped", action="store_true",
                    help="schemes with `candidates by` (an extension) over rosters of lines")
    args = ap.parse_args()
    stages = args.stages == "on"
    workdir = args.keep or tempfile.mkdtemp(prefix="merit-differential-")
    os.makedirs(workdir, exist_ok=True)
    seeds = range(args.seed, args.seed + args.pairs)
    bad, compiled, codes = [], 0, {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for seed, code, problems in pool.map(lambda s: one(args.engine, s, stages, workdir, args.grouped), seeds):
            codes[code] = codes.get(code, 0) + 1
            if problems:
                bad.append((seed, problems))
    for seed, problems in bad:
        print(f"seed {seed}: kept in {os.path.join(workdir, f'case-{seed}')}")
        for p in problems:
            print(f"  {p}")
    agreed = args.pairs - len(bad)
    print(f"differential (stages {args.stages}{', grouped' if args.grouped else ''}): "
          f"exit codes {dict(sorted(codes.items()))}")
    print(f"{agreed} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
