// SPDX-License-Identifier: Apache-2.0
// merit - library version (the single source of truth; CMake reads it from here)
#pragma once

#define MERIT_VERSION_MAJOR 0
#define MERIT_VERSION_MINOR 1
#define MERIT_VERSION_PATCH 0
#define MERIT_VERSION_NUMBER (MERIT_VERSION_MAJOR * 10000 + MERIT_VERSION_MINOR * 100 + MERIT_VERSION_PATCH)
#define MERIT_VERSION_STRING "0.1.0"

namespace merit {
/// The library's version as "MAJOR.MINOR.PATCH".
inline constexpr const char* version_string = MERIT_VERSION_STRING;
}  // namespace merit
