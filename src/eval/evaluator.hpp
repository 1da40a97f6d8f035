// SPDX-License-Identifier: Apache-2.0
// merit - one evaluation of a program over a roster (all its mutable state)
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "eval/plan.hpp"
#include "eval/vm.hpp"
#include "merit/evaluate.hpp"
#include "merit/program.hpp"
#include "merit/result.hpp"
#include "merit/roster.hpp"

namespace merit::detail {

/// The value of a slot or expression for one row: a value, or why not.
struct row_value {
  bool ok = false;
  merit::value v;
  std::string error;
};

/// Runs the passes of LANGUAGE.md section 6 (validation, aggregates, rows,
/// outputs). Owns every piece of scratch state, so evaluations of one
/// program never share anything mutable.
///
/// Allocation stages hook in between `run_rows()` and `run_outputs()`: they
/// need per row `result().candidates[r].status`, `score`, the cap rules'
/// outcomes (`cap_true`), and row-level expressions (`evaluate_code`, for
/// `where` and `order by` keys compiled with the same plan).
class evaluator {
 public:
  evaluator(const program& prog, const roster& rows, const eval_options& options);

  /// All passes; the result as lenient mode reports it (the caller throws
  /// in strict mode).
  merit::result run();

  // Pieces, in order (run() calls them).
  void run_validation();
  void run_rows();
  /// Allocation stages (LANGUAGE.md section 7), in source order; rows that
  /// fail while entering a stage become errors and the stages run again
  /// without them.
  void run_stages();
  void run_outputs();
  merit::result take_result();

  const plan& the_plan() const noexcept { return plan_; }
  const merit::result& current() const noexcept { return res_; }
  /// Slot `s` for row `r` (computing it when needed).
  row_value slot_value(std::int32_t s, std::size_t r);
  /// The value param `q` has in this evaluation.
  merit::value param_value(std::int32_t q) const;
  /// A field's value at row `r` (null when missing).
  merit::value field_value(std::int32_t f, std::size_t r) const;
  /// Evaluates `c` (compiled into this plan) for `rows`, in any order.
  std::vector<row_value> evaluate_code(const code& c, const std::vector<std::size_t>& rows);
  /// Per row and cap rule (source order among caps): the cap is true.
  const std::vector<std::vector<std::uint8_t>>& cap_true() const noexcept { return cap_true_; }
  /// The text naming row `r` in messages: its id, or its row number.
  std::string row_label(std::size_t r) const;
  /// Throws budget_error when the time limit has passed, or when another
  /// thread of this evaluation already found it passed. `where` names the
  /// pass; `at` of `of` rows (or partitions) tells how far it got. Cheap:
  /// one clock read, called once per batch.
  void check_budget(const char* where, std::size_t at, std::size_t of, const char* unit = "row") const;

 private:
  const program& prog_;
  const model& m_;
  const roster& rows_;
  eval_options opt_;
  const plan& plan_;  // built once, at compile time, and shared by every evaluation
  param_values params_;
  std::vector<slot_column> slots_;
  std::vector<std::uint8_t> in_progress_;
  std::vector<std::uint8_t> clean_, checked_, valid_;  // read cleanly; and passed the row checks; and all checks
  bool checked_fixed_ = false, valid_fixed_ = false;
  std::size_t n_ = 0;
  context ctx_;
  merit::result res_;
  std::vector<std::vector<std::uint8_t>> cap_true_;
  std::vector<std::vector<stage_row>> stage_rows_;  // [stage][row]
  // The time budget: no deadline when !budgeted_; over_ tells the other
  // threads that one of them found it passed.
  bool budgeted_ = false;
  std::chrono::steady_clock::time_point start_, deadline_;
  mutable std::atomic<bool> over_{false};
  const char* pass_ = "validation";

  bool run_stage(std::size_t s, const std::vector<std::uint32_t>& key_rank,
                 std::vector<std::pair<std::size_t, std::string>>& failed);
  std::vector<std::uint32_t> key_order() const;
  void mark_error(std::size_t r, std::string message);

  void parse_params();
  /// Runs the checks with (group) or without aggregates over `domain`,
  /// marking the rows that fail in `failed`.
  void run_checks(bool group, const std::vector<std::uint8_t>& domain, std::vector<std::uint8_t>& failed);
  void ensure(std::int32_t s);
  void compute_slot(std::int32_t s);
  void compute_aggregate(std::int32_t s);
  merit::value column_value(const slot_column& col, std::int32_t s, std::size_t r) const;
  merit::value typed(reg_kind k, ast::type_kind t, const std::vector<std::string>& members, std::int64_t i,
                     const decimal* d, std::string_view text) const;
};

}  // namespace merit::detail
