// SPDX-License-Identifier: Apache-2.0
// merit - running plan code over one batch of rows
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/plan.hpp"
#include "merit/roster.hpp"

namespace merit::detail {

/// A whole-roster column of a slot, filled once per evaluation.
struct slot_column {
  std::vector<std::int64_t> i;
  std::vector<decimal> d;
  std::vector<std::string_view> t;
  std::vector<std::uint8_t> state;  ///< per row: 0 value, 1 error, 2 no value
  std::unordered_map<std::size_t, std::string> errors;  ///< row → message, for state 1
  bool done = false;

  void resize(reg_kind k, std::size_t n) {
    if (k == reg_kind::i) i.assign(n, 0);
    if (k == reg_kind::d) d.assign(n, decimal());
    if (k == reg_kind::t) t.assign(n, std::string_view());
    state.assign(n, 2);
  }
};

/// Param values of one evaluation, by param index (only the vector of the
/// param's register kind is meaningful).
struct param_values {
  std::vector<std::int64_t> i;
  std::vector<decimal> d;
  std::vector<std::string> t;
};

/// Per row and stage: what the stage gave it (for selected/tier/rank()).
struct stage_row {
  std::int32_t tier = -1;  ///< -1: none
  std::uint32_t rank = 0;  ///< 0: not an entrant
};

/// Everything code reads. Read-only while code runs.
struct context {
  const plan* p = nullptr;
  const roster* rows = nullptr;
  const param_values* params = nullptr;
  const std::vector<slot_column>* slots = nullptr;
  /// Stage results so far, [stage][row]; read by selected(), tier(), rank().
  const std::vector<std::vector<stage_row>>* stage_rows = nullptr;
  /// The partition being sized: entrants() and quota.
  std::int64_t entrants = 0;
  std::int64_t quota = 0;
};

/// Per-thread registers and selections for one batch.
struct scratch {
  std::vector<std::vector<std::int64_t>> ri;
  std::vector<std::vector<decimal>> rd;
  std::vector<std::vector<std::string_view>> rt;
  std::vector<std::vector<std::uint16_t>> sels;
  std::vector<std::uint8_t> err;  ///< per batch row: the row failed
  std::vector<std::string> msg;   ///< per batch row: why

  /// Registers for `rows` rows a batch (at most batch_size): a small roster
  /// does not pay for a full batch of every register.
  explicit scratch(const plan& p, std::size_t rows = batch_size);
};

/// Runs `c` for the rows `base + k`, k in `sel` (ascending offsets below
/// batch_size). Afterwards the result register holds each row's value, or
/// `err[k]` is set with `msg[k]` saying why.
void run(const code& c, const context& ctx, scratch& s, std::size_t base, const std::vector<std::uint16_t>& sel);

/// A decimal error as a message about expression `text`.
std::string decimal_message(const decimal_error& e, std::string_view text);

}  // namespace merit::detail
