#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# merit - set up, build, and run the main job: the library service-star scheme
# (seed scheme 4) over its example roster, printed as a ranked table.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" --target merit_cli
build/release/merit run examples/04-library/scheme.merit examples/04-library/roster.csv
