// SPDX-License-Identifier: Apache-2.0
// merit - compiling a scheme and looking inside it
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "merit/ast.hpp"
#include "merit/diagnostic.hpp"

namespace merit {

namespace detail {
struct model;
struct plan;
}

/// A declared input field, as `program::inputs()` reports it. Range bounds and
/// defaults are given as their source literals (exact, never converted to a
/// binary number).
struct input_info {
  std::string name;
  ast::type_kind type = ast::type_kind::none;
  std::vector<std::string> members;  ///< enum members, declaration order
  bool key = false;
  bool optional = false;
  std::optional<std::string> lo, hi;        ///< `in [lo, hi]`
  std::optional<std::string> default_value; ///< `= lit`
};

struct param_info {
  std::string name;
  ast::type_kind type = ast::type_kind::none;
  std::vector<std::string> members;
  std::optional<std::string> default_value;
};

struct tier_info {
  std::string name;
  bool rest = false;
};

struct stage_info {
  std::string name;
  std::vector<std::string> by;
  std::string from;  ///< "eligible", "all", or the earlier stage's name
  std::vector<tier_info> tiers;  ///< best first; a stage without tiers has one named after it
  bool ties_share = false;
};

/// A compiled scheme.
///
/// Ownership: a cheap handle to shared immutable state; copies share it.
/// Thread-safety: immutable; any number of threads may use one program at
/// once. Errors: none after construction (compile errors come back from
/// `compile` as diagnostics, never as a half-built program).
///
/// **Example**
/// ```cpp
/// auto r = merit::compile(text, "library.merit");
/// if (!r.ok()) { for (auto& d : r.diagnostics) std::cerr << merit::format_diagnostic(r.source, d); }
/// else for (auto& in : r.program->inputs()) std::cout << in.name << '\n';
/// ```
class program {
 public:
  const std::string& scheme_name() const noexcept;
  const source_file& source() const noexcept;
  /// The roster's fields. With `candidates by` (an extension, docs/language.md
  /// section 15) these are the fields of the rows, which the evaluation
  /// groups into candidates; a field that a candidate carries is optional on
  /// each row (a row may leave it to another row of its candidate).
  std::vector<input_info> inputs() const;
  std::vector<param_info> params() const;
  std::vector<stage_info> stages() const;
  /// Every tier name of every stage, in source order, each once.
  std::vector<std::string> tiers() const;

  /// The checked model and its evaluation plan, for the evaluator
  /// (internal; not a stable API).
  const detail::model& model() const noexcept { return *model_; }
  const detail::plan& plan() const noexcept { return *plan_; }
  /// With `candidates by`: the program of the rows before they are grouped
  /// (internal); null otherwise.
  const program* rows_program() const noexcept { return rows_.get(); }

  program(std::shared_ptr<const detail::model> m, std::shared_ptr<const source_file> src);

 private:
  std::shared_ptr<const detail::model> model_;
  std::shared_ptr<const source_file> source_;
  std::shared_ptr<const detail::plan> plan_;
  std::shared_ptr<const program> rows_;
};

/// The outcome of `compile`: a program, or every diagnostic found.
struct compile_result {
  source_file source;
  std::optional<merit::program> program;  ///< present exactly when no error was found
  std::vector<diagnostic> diagnostics;    ///< errors and warnings, in source order
  bool ok() const noexcept { return program.has_value(); }
};

/// Compiles scheme text. `filename` is used in messages only. Never throws on
/// bad source (std::bad_alloc may escape).
compile_result compile(std::string_view text, std::string_view filename = "<input>");

}  // namespace merit
