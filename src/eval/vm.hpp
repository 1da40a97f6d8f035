// SPDX-License-Identifier: Apache-2.0
// merit - running plan code over one batch of rows
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/scaled.hpp"
#include "eval/plan.hpp"
#include "merit/result.hpp"
#include "merit/roster.hpp"

namespace merit::detail {

/// A whole-roster column of a slot, filled once per evaluation. A decimal
/// slot is compact when `scale >= 0`: row r's value is i[r] × 10^-scale
/// (its code ran on scaled registers, see scale_plan); otherwise the values
/// are in `d`. Read a decimal slot with `dec`.
struct slot_column {
  std::vector<std::int64_t> i;
  std::vector<decimal> d;
  std::vector<std::string_view> t;
  std::vector<std::uint8_t> state;  ///< per row: 0 value, 1 error, 2 no value
  std::unordered_map<std::size_t, std::string> errors;  ///< row → message, for state 1
  std::int8_t scale = -1;
  bool done = false;
  bool released = false;  ///< done, then its values freed: nothing after the row pass reads it
  bool complete = false;  ///< every row has a value (no state but 0), so loads need no checks

  void resize(reg_kind k, std::size_t n, int decimal_scale = -1) {
    scale = static_cast<std::int8_t>(k == reg_kind::d ? decimal_scale : -1);
    if (k == reg_kind::i || scale >= 0) i.assign(n, 0);
    if (k == reg_kind::d && scale < 0) d.assign(n, decimal());
    if (k == reg_kind::t) t.assign(n, std::string_view());
    state.assign(n, 2);
  }
  decimal dec(std::size_t r) const noexcept { return scale >= 0 ? decimal::from_scaled(i[r], -scale) : d[r]; }
  /// A compact decimal column held as decimals instead (for a value that
  /// does not fit int64 at its scale).
  void widen() {
    if (scale < 0) return;
    d.resize(i.size());
    for (std::size_t r = 0; r < i.size(); ++r) d[r] = dec(r);
    std::vector<std::int64_t>().swap(i);
    scale = -1;
  }
};

/// Param values of one evaluation, by param index (only the vector of the
/// param's register kind is meaningful).
struct param_values {
  std::vector<std::int64_t> i;
  std::vector<decimal> d;
  std::vector<std::string> t;
};

/// Everything code reads. Read-only while code runs.
struct context {
  const plan* p = nullptr;
  const roster* rows = nullptr;
  const param_values* params = nullptr;
  const std::vector<slot_column>* slots = nullptr;
  /// Per field: every row of the roster has a value (no `present` byte is
  /// 0), so loading it cannot fail. Empty: not known, every load checks.
  const std::vector<std::uint8_t>* complete = nullptr;
  /// Stage places so far, [stage][row]; read by selected(), tier(), rank()
  /// (a row's tier is -1 and its rank 0 until its stage placed it).
  const std::vector<std::vector<stage_place>>* places = nullptr;
  /// The partition being sized: entrants() and quota.
  std::int64_t entrants = 0;
  std::int64_t quota = 0;
};

/// Registers of one kind for one batch: register r's value at batch row k
/// is (*this)[r][k]. One allocation for all of them.
template <class T>
class reg_file {
 public:
  void assign(std::size_t regs, std::size_t rows) {
    rows_ = rows;
    data_.assign(regs * rows, T());
  }
  T* operator[](std::size_t r) noexcept { return data_.data() + r * rows_; }
  const T* operator[](std::size_t r) const noexcept { return data_.data() + r * rows_; }

 private:
  std::vector<T> data_;
  std::size_t rows_ = 0;
};

/// Per-thread registers and selections for one batch.
///
/// Decimal registers come two ways. When every decimal a code touches has a
/// scale known before it runs (compact columns and slots, constants, params;
/// no division), the code runs on `rx`: each register is int64 at its scale
/// `xs[reg]` (see scale_plan). A row whose value leaves int64 runs again on
/// decimals (`rd`), and `wide[k]` says so. Read a decimal result with `dec`.
struct scratch {
  reg_file<std::int64_t> ri;
  reg_file<decimal> rd;
  reg_file<std::int64_t> rx;
  reg_file<std::string_view> rt;
  std::vector<std::vector<std::uint16_t>> sels;
  std::vector<std::uint8_t> err;  ///< per batch row: the row failed
  std::vector<std::string> msg;   ///< per batch row: why
  std::vector<std::int8_t> xs;    ///< per decimal register: its scale, when `scaled`
  bool scaled = false;            ///< the last run held its decimals in `rx`
  std::vector<std::uint8_t> wide; ///< per batch row: after a scaled run, the row's decimals are in `rd`
  std::vector<std::uint16_t> redo;

  /// Registers for `rows` rows a batch (at most batch_size): a small roster
  /// does not pay for a full batch of every register.
  explicit scratch(const plan& p, std::size_t rows = batch_size);

  /// Decimal register `reg` at batch row `k` after a run.
  decimal dec(std::int32_t reg, std::uint16_t k) const noexcept {
    return scaled && !wide[k] ? decimal::from_scaled(rx[reg][k], -xs[reg]) : rd[reg][k];
  }
};

/// Whether `c` can run on scaled decimal registers in this context, and at
/// which scale each register is then held (`xs`, by decimal register): a
/// decimal loaded has the places its column, slot, constant or param is held
/// with; + - least greatest clamp take the larger of their operands', * their
/// sum, round the places it keeps; a merged register (if, match) the largest
/// of its branches'. False when a scale passes max_scale or is unknown (a
/// column or slot of decimals, a division). The answer depends only on the
/// code and the context, so every batch of an evaluation gets the same one.
bool scale_plan(const code& c, const context& ctx, std::vector<std::int8_t>& xs);

/// Runs `c` for the rows `base + k`, k in `sel` (ascending offsets below
/// batch_size). Afterwards the result register holds each row's value, or
/// `err[k]` is set with `msg[k]` saying why.
void run(const code& c, const context& ctx, scratch& s, std::size_t base, const std::vector<std::uint16_t>& sel);

/// A decimal error as a message about expression `text`.
std::string decimal_message(const decimal_error& e, std::string_view text);

}  // namespace merit::detail
