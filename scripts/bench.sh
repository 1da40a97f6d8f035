#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# merit - build and run the benchmarks; print merit's time over the peer's
#
# Usage: scripts/bench.sh [BUILD_DIR] [merit_bench arguments...]
#   BUILD_DIR defaults to build-bench (configured Release with MERIT_BUILD_BENCHMARKS=ON).
#   Extra arguments go to merit_bench, e.g. --merit_rows=10000000 or
#   --benchmark_filter=Eval. The JSON goes to BUILD_DIR/bench.json and the plot
#   next to it (benchmarks/plot.py). The ratios are printed at the end.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build-bench"}
[ $# -gt 0 ] && shift
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMERIT_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" --target merit_bench merit_bench_peak -j2 >/dev/null
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2}') GB; $(date -u '+%Y-%m-%d %H:%M UTC'); load:$(uptime | sed 's/.*load average://')"
"$build/benchmarks/merit_bench" --benchmark_out="$build/bench.json" --benchmark_out_format=json "$@"
echo "load after:$(uptime | sed 's/.*load average://')"
py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3
"$py" "$root/benchmarks/plot.py" "$build/bench.json" -o "$build/bench.png" || true
