#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# merit - build the libFuzzer targets (clang, ASan+UBSan) and run each for N seconds.
#
#   scripts/fuzz.sh [SECONDS]        default 60 per target; MERIT_FUZZ_SECONDS also sets it
#   MERIT_FUZZ_BUILD=DIR             build folder (default build/fuzz)
#   MERIT_FUZZ_TARGETS="a b"         which targets (default: all of them)
#
# Corpora start from examples/*/scheme.merit (fuzz_compile) and roster.csv
# (fuzz_roster; fuzz_capi reads the examples itself) and grow in
# DIR/corpus/TARGET; crashes are written to
# DIR/artifacts/. Exits non-zero on the first target that finds a crash, a
# leak, a hang (-timeout) or runs out of memory (-rss_limit_mb).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${MERIT_FUZZ_SECONDS:-60}}
build=${MERIT_FUZZ_BUILD:-build/fuzz}
targets=${MERIT_FUZZ_TARGETS:-"fuzz_compile fuzz_roster fuzz_generated fuzz_capi"}
cc=$(command -v clang-14 || command -v clang)
cxx=$(command -v clang++-14 || command -v clang++)

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
      -DMERIT_BUILD_FUZZ=ON -DMERIT_WERROR=OFF >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $targets

mkdir -p "$build/artifacts"
for t in $targets; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  case $t in
    fuzz_compile) for f in examples/*/scheme.merit; do cp "$f" "$corpus/seed-$(basename "$(dirname "$f")").merit"; done ;;
    fuzz_roster) for f in examples/*/roster.csv; do cp "$f" "$corpus/seed-$(basename "$(dirname "$f")").csv"; done ;;
  esac
  extra=()
  [ -f "tests/fuzz/$t.dict" ] && extra+=("-dict=tests/fuzz/$t.dict")
  echo "merit: fuzzing $t for ${seconds}s" >&2
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/$t" "$corpus" "${extra[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -artifact_prefix="$build/artifacts/$t-" -print_final_stats=1 2>"$build/$t.log" || {
    tail -60 "$build/$t.log" >&2
    echo "merit: $t found a problem; the input is in $build/artifacts/" >&2
    exit 1
  }
  grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE" "$build/$t.log" >&2 || true
done
echo "merit: fuzzing passed" >&2
