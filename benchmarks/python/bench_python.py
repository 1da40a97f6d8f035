#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# merit - the Python binding's speed: a pandas DataFrame through Scheme.evaluate against merit::evaluate in C++
"""Times library.merit over a generated roster held in a pandas DataFrame,
end to end through the Python package, and the same evaluation from C++ on a
roster already in memory, in the same run; prints both, their ratio and where
the Python time goes.

    python3 benchmarks/python/bench_python.py --build BUILD_DIR [--rows 1000000] [--repeats 5]
                                              [--old-paths]

BUILD_DIR must hold libmerit_c.so and libmerit.a (targets merit_c and merit).
The C++ timer (cpp_eval_timer.cpp beside this script) is compiled with g++
into BUILD_DIR/pybench/. Before timing, the script checks that Python and C++
give the same id, status, score, selected, tier, rank and tie for every
candidate.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def best_of(fn, repeats):
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[0], times[len(times) // 2], out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True, help="build directory with libmerit_c.so and libmerit.a")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--old-paths", action="store_true",
                    help="send text columns through the general per-value path and float columns through "
                         "merit_roster_set_doubles (the package before this benchmark's changes)")
    ap.add_argument("--shared", default=os.environ.get("MERIT_SHARED_DIR", str(ROOT.parent / "shared")),
                    help="the shared folder holding bench/library.merit and bench/gen_roster.py")
    a = ap.parse_args()
    build = pathlib.Path(a.build).resolve()
    bench = pathlib.Path(a.shared) / "bench"
    work = build / "pybench"
    work.mkdir(exist_ok=True)

    # The roster (deterministic) and the C++ timer.
    csv_path = work / f"library-{a.rows}.csv"
    if not csv_path.exists():
        subprocess.run([sys.executable, str(bench / "gen_roster.py"), str(a.rows), "-o", str(csv_path)], check=True)
    timer = work / "cpp_eval_timer"
    src = HERE / "cpp_eval_timer.cpp"
    if not timer.exists() or timer.stat().st_mtime < max(src.stat().st_mtime, (build / "libmerit.a").stat().st_mtime):
        subprocess.run(["g++", "-std=c++20", "-O2", "-DNDEBUG", "-I", str(ROOT / "include"), str(src),
                        str(build / "libmerit.a"), "-pthread", "-o", str(timer)], check=True)

    os.environ["MERIT_LIBRARY"] = str(build / "libmerit_c.so")
    sys.path.insert(0, str(ROOT / "bindings" / "python"))
    import numpy as np
    import pandas as pd
    import merit
    from merit import api, _ffi
    from ctypes import byref, c_void_p

    if a.old_paths:
        api._prepare_strings = lambda values, valid: None
        api._scaled_decimals = lambda values: None
    scheme_path = bench / "library.merit"
    scheme = merit.compile_file(scheme_path)

    # The DataFrame as a host system would hold it: decimals float64, ints
    # int64, texts and enum members as Python str (object).
    dtypes = {"decimal": np.float64, "int": np.int64, "text": object, "enum": object}
    df = pd.read_csv(csv_path, dtype={i.name: dtypes[i.type] for i in scheme.inputs}, keep_default_na=False)
    assert all(df[i.name].dtype == dtypes[i.type] for i in scheme.inputs), df.dtypes

    # Same answers from C++ and Python, candidate by candidate.
    tsv = work / f"cpp-{a.rows}.tsv"
    out = subprocess.run([str(timer), str(scheme_path), str(csv_path), "1", str(tsv)], check=True,
                         capture_output=True, text=True)
    res = scheme.evaluate(df)
    p = res.to_pandas()
    status_code = {"eligible": 0, "ineligible": 1, "vetoed": 2, "error": 3}
    lines = ["\t".join((c_id or "", str(status_code[st]), "" if sc is None else str(sc), str(int(se)),
                        t or "", "" if rk is pd.NA else str(rk), str(int(ti))))
             for c_id, st, sc, se, t, rk, ti in zip(p["id"], p["status"], p["score"], p["selected"], p["tier"],
                                                    p["rank"], p["tie"])]
    py_text = "\n".join(lines) + "\n"
    cpp_text = tsv.read_text(encoding="utf-8")
    if py_text != cpp_text:
        for n, (x, y) in enumerate(zip(py_text.splitlines(), cpp_text.splitlines())):
            if x != y:
                sys.exit(f"MISMATCH at candidate {n}: python {x!r} c++ {y!r}")
        sys.exit("MISMATCH in the number of candidates")
    print(f"check: {len(lines)} candidates agree (id, status, score, selected, tier, rank, tie); "
          f"{res.summary}")
    del res, p, lines, py_text, cpp_text

    # C++ (merit::evaluate on a roster already in memory, in a server process)
    # and Python end to end, run by turns so that both see the same load.
    # Both free their result inside the timing.
    server = subprocess.Popen([str(timer), str(scheme_path), str(csv_path), "serve"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert server.stdout.readline().startswith("ready")
    cpp_times, py_times = [], []
    for _ in range(a.repeats):
        server.stdin.write("eval\n")
        server.stdin.flush()
        cpp_times.append(float(server.stdout.readline()))
        t0 = time.perf_counter()
        scheme.evaluate(df).close()
        py_times.append(time.perf_counter() - t0)
    server.stdin.close()
    server.wait()
    cpp_times.sort()
    py_times.sort()
    cpp_best, cpp_median = cpp_times[0], cpp_times[len(cpp_times) // 2]
    py_best, py_median = py_times[0], py_times[len(py_times) // 2]

    # Where the Python time goes.
    h = scheme._handle()
    columns = {str(k): df[k] for k in df.columns}
    t_prep, _, prepared = best_of(lambda: api._prepare_columns(scheme, columns), a.repeats)

    def build_roster():
        r = api._roster_from_prepared(scheme, prepared)
        _ffi.lib.merit_roster_finish(r)
        return r

    opts = api._options(None, False, False, 1)
    build_times, eval_times = [], []
    kept = None
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        r = build_roster()
        build_times.append(time.perf_counter() - t0)
        o = c_void_p()
        t0 = time.perf_counter()
        _ffi.lib.merit_program_evaluate(byref(o), h, r, byref(opts))
        eval_times.append(time.perf_counter() - t0)
        _ffi.lib.merit_roster_free(r)
        if kept is not None:
            _ffi.lib.merit_result_free(kept)
        kept = o
    t_build, t_eval = min(build_times), min(eval_times)
    results = [kept]

    def read_back():
        view = api.Result(results[0], scheme)  # a fresh view: nothing cached on the Python side
        try:
            return view.to_pandas()
        finally:
            view._h = None  # the handle is freed below, once

    t_read, _, _ = best_of(read_back, 1)  # the C side packs each column on the first call
    t_read2, _, _ = best_of(read_back, a.repeats)
    _ffi.lib.merit_result_free(results[0])

    print(f"rows: {a.rows}, repeats: {a.repeats} (best, median in seconds)")
    print(f"C++    merit::evaluate (roster in memory):   best {cpp_best:.3f}  median {cpp_median:.3f}")
    print(f"Python scheme.evaluate(DataFrame):           best {py_best:.3f}  median {py_median:.3f}")
    print(f"ratio  Python / C++:                         best {py_best / cpp_best:.2f}  "
          f"median {py_median / cpp_median:.2f}")
    print("Python breakdown (best of each):")
    print(f"  DataFrame -> buffers (_prepare_columns):   {t_prep:.3f}")
    print(f"  C ABI roster build + finish:               {t_build:.3f}")
    print(f"  merit_program_evaluate:                    {t_eval:.3f}")
    print(f"  result -> pandas (to_pandas, first call):  {t_read:.3f}")
    print(f"  result -> pandas (to_pandas, again):       {t_read2:.3f}")


if __name__ == "__main__":
    main()
