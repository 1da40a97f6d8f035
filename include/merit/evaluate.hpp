// SPDX-License-Identifier: Apache-2.0
// merit - evaluating a compiled program over a roster
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "merit/program.hpp"
#include "merit/result.hpp"
#include "merit/roster.hpp"

namespace merit {

/// How to evaluate.
struct eval_options {
  /// `name` → value as text, parsed per the param's type (int `-?[0-9]+`,
  /// decimal, bool `true`/`false`/`1`/`0`, date `YYYY-MM-DD`, text as is, an
  /// enum member's name). A list, so that a repeated name can be reported.
  std::vector<std::pair<std::string, std::string>> params;
  bool lenient = false;  ///< mark error rows `error` and evaluate the rest (default: strict)
  bool explain = false;  ///< keep every `let` value and every rule outcome per candidate
  /// Threads for the row passes; results do not depend on it. Above 1, the
  /// calling thread works alongside worker threads that the library starts
  /// on first use and keeps, idle, for the process (as many as the largest
  /// `threads` asked for less one, shared by every evaluation).
  unsigned threads = 1;
  /// Wall-clock budget for one evaluation, counted from the call; zero (the
  /// default) or negative means none. Checked between batches of rows of
  /// every pass (validation, aggregates, rows, stage partitions, outputs) by
  /// every thread; past it, evaluate() throws budget_error.
  std::chrono::milliseconds time_limit{0};
};

/// A mistake of the caller, not of the data: an unknown, repeated or missing
/// param, or a param value that does not read as its type (exit code 3).
class usage_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// The evaluation ran past `eval_options::time_limit`. `what()` names the
/// time spent and the pass reached, e.g. "evaluation stopped after 2.004 s
/// (time limit 2.000 s), in the row pass (at row 812,032 of 1,000,000)".
/// Nothing partial is returned: a half-evaluated roster could select the
/// wrong people.
class budget_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Strict mode found error rows. `what()` lists every error row; `rows()`
/// gives them structured, and `partial()` the whole result as lenient mode
/// would have reported it (nothing is selected).
class evaluation_error : public std::runtime_error {
 public:
  evaluation_error(const std::string& what, merit::result partial);
  /// The error candidates, roster order.
  std::vector<candidate> rows() const;
  const merit::result& partial() const noexcept { return partial_; }

 private:
  merit::result partial_;
};

/// Evaluates `prog` over `rows` (LANGUAGE.md section 6).
///
/// Thread-safety: any number of threads may evaluate one program at once
/// (over the same or different rosters); all scratch state belongs to the
/// call. Errors: usage_error for bad params; evaluation_error in strict mode
/// when any row is an error; budget_error past `options.time_limit`;
/// std::bad_alloc may escape.
///
/// **Example**
/// ```cpp
/// merit::eval_options opt;
/// opt.lenient = true;
/// merit::result r = merit::evaluate(prog, roster, opt);
/// for (const auto& c : r.candidates) std::cout << c.id.to_string() << ' ' << to_string(c.status) << '\n';
/// ```
result evaluate(const program& prog, const roster& rows, const eval_options& options = {});

/// Why candidate `id` got what it got: every `let` value, every rule's
/// outcome with its label and the values of the fields and lets it reads,
/// the score and the caps. Deterministic text, one item per line. When `res`
/// was not evaluated with `explain`, the roster is evaluated again (lenient,
/// with `options`' params). Throws usage_error when no candidate has that id.
std::string explain(const program& prog, const roster& rows, const result& res, std::string_view id,
                    const eval_options& options = {});

}  // namespace merit
