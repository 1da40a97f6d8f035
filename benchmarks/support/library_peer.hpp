// SPDX-License-Identifier: Apache-2.0
// merit - a hand-written peer for the library service-star scheme
//
// What a careful programmer writes for library.merit without an engine:
// plain loops over columns, scaled 64-bit fixed point, counting ranks, one
// sort per group. It is the yardstick for merit's speed (benchmarks/) and an
// independent check of its answers (tests/peer/). It accepts exactly the
// rosters gen_roster.py writes (at most two decimals a value) and says so
// when a cell is outside that.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace merit::peer {

/// The roster's columns; decimals are in hundredths.
struct library_roster {
  std::string ids;                     // all ids back to back
  std::vector<std::uint32_t> id_end;   // end offset of each id in `ids`
  std::vector<std::uint8_t> group;     // 0 正式館員, 1 合同制館員
  std::vector<std::int32_t> director, committee, heads, staff, absent_days, leave_days, grid, bonus;
  std::vector<std::int32_t> last_prize, lapses, complaints;
  bool ids_ascending = true;           // each id sorts after the one before (byte order)

  std::size_t size() const noexcept { return group.size(); }
  std::string_view id(std::size_t i) const noexcept {
    const std::uint32_t b = i == 0 ? 0 : id_end[i - 1];
    return std::string_view(ids).substr(b, id_end[i] - b);
  }
};

/// Reads a CSV with library.merit's header from memory. Returns false with
/// a message naming the line on anything it does not handle.
bool read_library_csv(std::string_view csv, library_roster& out, std::string& error);

enum : std::uint8_t { cap_absent = 1, cap_leave = 2, cap_lapses = 4, cap_grid = 8 };

struct library_result {
  std::vector<std::uint8_t> vetoed;     // 1 when complaints > 0
  std::vector<std::int64_t> score;      // in ten-thousandths
  std::vector<std::uint8_t> caps;       // cap_* bits, for eligible rows
  std::vector<std::int8_t> tier;        // 0, 1, 2 or -1
  std::vector<std::uint32_t> rank;      // 1-based within the group; 0 for vetoed rows
  std::vector<std::uint8_t> tie;
  std::int64_t quota[2] = {0, 0};
  std::int64_t size[2][3] = {{0, 0, 0}, {0, 0, 0}};
};

void evaluate_library(const library_roster& r, library_result& out);

/// `score` (ten-thousandths) in LANGUAGE.md's canonical decimal form.
std::string score_text(std::int64_t score);

}  // namespace merit::peer
