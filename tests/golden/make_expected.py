# SPDX-License-Identifier: Apache-2.0
# merit - (re)generate examples/NN-*/expected*.json with the independent reference evaluator
"""Regenerates the golden files of the examples.

For every examples/NN-*/ folder holding scheme.merit and roster.csv, runs the
reference evaluator (tests/reference/merit_ref.py, written from the language
contract alone and sharing no code with the engine) and writes its JSON to
expected.json in that folder. A folder that also holds roster-with-errors.csv (the
roster plus rows that fail the scheme's checks) gets expected-with-errors.json too,
from the reference in lenient mode (error rows reported, the others evaluated).
The files are generated, never edited by hand:
when the contract or an example changes, run this script again and review the
diff.

    python3 tests/golden/make_expected.py [--check]

--check writes nothing and exits 1 when any expected file is missing or
differs from what the reference produces now.
"""
import argparse
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tests" / "reference" / "merit_ref.py"


def example_dirs(examples):
    return sorted(d for d in examples.iterdir()
                  if d.is_dir() and d.name[:2].isdigit() and (d / "scheme.merit").is_file()
                  and (d / "roster.csv").is_file())


# (roster, expected file, reference options): lenient for the roster with error rows
GOLDEN_PAIRS = (("roster.csv", "expected.json", []),
                ("roster-with-errors.csv", "expected-with-errors.json", ["--lenient"]))


def reference_json(example, roster="roster.csv", options=()):
    proc = subprocess.run([sys.executable, str(REFERENCE), str(example / "scheme.merit"),
                           str(example / roster), *options], capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise SystemExit(f"{example.name}: the reference evaluator exited {proc.returncode}:\n{proc.stderr}")
    doc = json.loads(proc.stdout)
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=pathlib.Path, default=ROOT / "examples")
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args()
    stale = 0
    for example in example_dirs(args.examples):
        for roster, expected, options in GOLDEN_PAIRS:
            target = example / expected
            if not (example / roster).is_file():
                if target.exists():
                    print(f"{target}: no {roster} to generate it from")
                    stale += 1
                continue
            text = reference_json(example, roster, options)
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if args.check:
                if current != text:
                    print(f"{target}: {'missing' if current is None else 'out of date'}")
                    stale += 1
            elif current != text:
                target.write_text(text, encoding="utf-8")
                print(f"wrote {target}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
