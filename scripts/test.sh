#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# merit - set up and run every test: a Release build (all tests, including the
# volume ones and the differential test), an ASan+UBSan build (the unit
# tests), a TSan build (the tests labelled `concurrency`) and, when CI=true or
# MERIT_FUZZ_SECONDS is set, every fuzz target for 60 s (or MERIT_FUZZ_SECONDS).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs=$(nproc)

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$jobs"
ctest --test-dir build/release -j"$jobs" --output-on-failure

cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DMERIT_SANITIZE=address,undefined >/dev/null
cmake --build build/asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/asan -L unit -j"$jobs" --output-on-failure

cmake -S . -B build/tsan -DCMAKE_BUILD_TYPE=Debug -DMERIT_SANITIZE=thread >/dev/null
cmake --build build/tsan -j"$jobs" --target eval_test library_stages_test
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build/tsan -L concurrency --output-on-failure

if [ "${CI:-}" = "true" ] || [ -n "${MERIT_FUZZ_SECONDS:-}" ]; then
  scripts/fuzz.sh "${MERIT_FUZZ_SECONDS:-60}"
fi
