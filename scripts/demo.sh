#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# merit - set up, build, and run the main job: check the library service-star scheme.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" --target merit_cli
scheme=examples/04-library/scheme.merit
build/release/merit check "$scheme" && echo "merit: $scheme is a valid scheme"
