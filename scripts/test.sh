#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# merit - set up and run every test: a Release build (all tests, including the
# volume ones) and an ASan+UBSan build (the unit tests).
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
