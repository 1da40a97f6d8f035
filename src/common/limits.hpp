// SPDX-License-Identifier: Apache-2.0
// merit - size limits on hostile input (documented in docs/RELIABILITY.md)
#pragma once

#include <cstddef>

namespace merit::detail {

/// A scheme's source text, in bytes (1 MiB): `compile` reports a larger one
/// as an error without parsing it.
inline constexpr std::size_t max_source_bytes = std::size_t{1} << 20;
/// Top-level declarations of one scheme (an `input` block counts once).
inline constexpr std::size_t max_declarations = 10000;
/// Columns of a CSV roster's header row.
inline constexpr std::size_t max_roster_columns = 10000;
/// Data records of a CSV roster.
inline constexpr std::size_t max_roster_rows = 50000000;
/// Bytes of one CSV cell (1 MiB); a longer cell is an error of its row.
inline constexpr std::size_t max_cell_bytes = std::size_t{1} << 20;

}  // namespace merit::detail
