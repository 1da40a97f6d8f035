#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# merit - install the Debian packages the build and the tests need (only the missing ones)
set -euo pipefail
packages=(cmake make g++ libboost-dev libgtest-dev libgmock-dev libbenchmark-dev
          python3 python3-pytest python3-numpy python3-pandas python3-venv python3-setuptools python3-pip
          clang-14 libfuzzer-14-dev bsdutils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "merit: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
