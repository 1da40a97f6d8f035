# SPDX-License-Identifier: Apache-2.0
# merit - command line of the reference evaluator
"""merit_ref.py SCHEME.merit ROSTER.csv [--param NAME=VALUE]... [--lenient] [--values]

Prints the results as the contract's JSON (section 8). Exit codes as the contract's CLI:
0 success, 1 compile error, 2 data errors (strict), 3 usage errors.
"""
import json
import sys

from .checker import compile_scheme
from .errors import CompileError, DataError, UsageError
from .evaluator import evaluate

USAGE = "usage: merit_ref.py SCHEME.merit ROSTER.csv [--param NAME=VALUE]... [--lenient] [--values]"


def parse_args(argv):
    files, params = [], {}
    lenient = values = False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--lenient":
            lenient = True
        elif a == "--values":
            values = True
        elif a == "--param" or a.startswith("--param="):
            if a == "--param":
                i += 1
                if i >= len(argv):
                    raise UsageError("--param needs NAME=VALUE")
                spec = argv[i]
            else:
                spec = a[len("--param="):]
            if "=" not in spec:
                raise UsageError(f"--param {spec}: expected NAME=VALUE")
            name, value = spec.split("=", 1)
            if name in params:
                raise UsageError(f"param '{name}' given twice")
            params[name] = value
        elif a.startswith("-"):
            raise UsageError(f"unknown option '{a}'")
        else:
            files.append(a)
        i += 1
    if len(files) != 2:
        raise UsageError(USAGE)
    return files[0], files[1], params, lenient, values


def run(argv, out=sys.stdout, err=sys.stderr):
    try:
        scheme_path, roster_path, params, lenient, values = parse_args(argv)
        try:
            with open(scheme_path, "rb") as f:
                scheme = f.read()
            with open(roster_path, "rb") as f:
                roster = f.read()
        except OSError as e:
            raise UsageError(f"cannot read {e.filename}: {e.strerror}") from None
        try:
            prog = compile_scheme(scheme)
        except CompileError as e:
            err.write(f"{scheme_path}:{e}\n")
            return 1
        try:
            code, result = evaluate(prog, roster, params, lenient=lenient, with_values=values)
        except DataError as e:
            code, result = 2, {"error": "data", "rows": [], "message": str(e)}
    except UsageError as e:
        err.write(f"{e}\n")
        return 3
    json.dump(result, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return code


def main():
    sys.exit(run(sys.argv[1:]))
