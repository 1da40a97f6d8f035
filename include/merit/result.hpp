// SPDX-License-Identifier: Apache-2.0
// merit - typed values and the result of evaluating a roster
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "merit/decimal.hpp"
#include "merit/roster.hpp"

namespace merit {

/// One typed value of a result: a key, a score, a `let`, an output.
///
/// Ownership: a value type (owns its text). Thread-safety: none needed.
/// Errors: the `as_*` accessors throw std::bad_variant_access when asked for
/// another kind.
///
/// **Example**
/// ```cpp
/// merit::value v = merit::value::of_decimal(merit::decimal::parse("87.250"));
/// v.to_string();  // "87.25"
/// ```
class value {
 public:
  enum class kind : std::uint8_t { null, int_, decimal, bool_, text, date, enum_ };

  /// An enum member: its index in declaration order and its name.
  struct member {
    std::int32_t index = 0;
    std::string name;
    friend bool operator==(const member&, const member&) = default;
  };

  value() = default;  ///< null
  static value of_int(std::int64_t v) { return value(v); }
  static value of_decimal(merit::decimal v) { return value(v); }
  static value of_bool(bool v) { return value(v); }
  static value of_text(std::string v) { return value(std::move(v)); }
  static value of_date(merit::date v) { return value(v); }
  static value of_enum(std::int32_t index, std::string name) { return value(member{index, std::move(name)}); }

  kind type() const noexcept { return static_cast<kind>(v_.index()); }
  bool is_null() const noexcept { return v_.index() == 0; }
  std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  const merit::decimal& as_decimal() const { return std::get<merit::decimal>(v_); }
  bool as_bool() const { return std::get<bool>(v_); }
  const std::string& as_text() const { return std::get<std::string>(v_); }
  merit::date as_date() const { return std::get<merit::date>(v_); }
  const member& as_enum() const { return std::get<member>(v_); }

  /// Plain text: ints and decimals in canonical form (LANGUAGE.md section 5),
  /// `true`/`false`, dates `YYYY-MM-DD`, texts and enum members as they are,
  /// null as `null`.
  std::string to_string() const;

  /// Same kind and same value (decimals compare numerically).
  friend bool operator==(const value& a, const value& b) { return a.v_ == b.v_; }

 private:
  template <class T>
  explicit value(T v) : v_(std::move(v)) {}
  std::variant<std::monostate, std::int64_t, merit::decimal, bool, std::string, merit::date, member> v_;
};

/// A candidate's status (LANGUAGE.md section 6).
enum class status : std::uint8_t {
  eligible,    ///< every require true, no veto true
  ineligible,  ///< a require is false
  vetoed,      ///< a veto is true
  error,       ///< a data error or an evaluation error
};

/// `eligible`, `ineligible`, `vetoed` or `error`.
std::string_view to_string(status s) noexcept;

/// The outcome of one rule for one candidate (kept when explaining).
enum class outcome : std::uint8_t {
  not_evaluated,  ///< the rule did not apply to this candidate's path
  true_,
  false_,
  error,
};

/// How one candidate fared in one stage (LANGUAGE.md sections 7 and 8).
struct stage_place {
  bool entered = false;   ///< was an entrant of the stage
  bool selected = false;  ///< received a tier
  std::int32_t tier = -1; ///< index into the stage's `stage_summary::tiers`, -1 for none
  std::uint32_t rank = 0; ///< 1-based position among its partition's entrants; 0 for non-entrants
  bool tie = false;       ///< the stage flagged it (section 7, "The tie flag")
  std::int32_t cap = 0;   ///< the effective cap: index of the best tier allowed (tier count = none)
};

/// One candidate's result, in roster order.
struct candidate {
  std::size_t row = 0;               ///< 0-based roster row
  value id;                          ///< typed like the key; null when the key is missing or invalid
  merit::status status = status::error;
  value score;                       ///< eligible candidates only; null otherwise
  std::vector<std::string> reasons;  ///< failed requires, true vetoes, or error messages
  std::vector<std::string> caps;     ///< labels of the true caps, source order
  std::vector<value> outputs;        ///< one per output, declaration order; null where it failed
  std::vector<value> values;         ///< one per `let`, declaration order (explain only)
  std::vector<outcome> rules;        ///< one per rule, source order (explain only)
  std::vector<std::string> rule_errors;  ///< per rule, the error message when outcome is error (explain only)
  std::vector<stage_place> stages;   ///< one per stage, source order
  bool selected = false;             ///< the last stage's `selected`
  value tier;                        ///< the last stage's tier name (text); null when none
  value rank;                        ///< the last stage's rank (int); null for non-entrants
  bool tie = false;                  ///< any stage flagged it
};

/// One tier of one partition of a stage.
struct tier_summary {
  std::string name;
  std::int64_t size = 0;    ///< after negative sizes became 0 and `rest` was worked out
  std::int64_t filled = 0;  ///< candidates placed (above `size` when `ties share` grew it)
};

/// One partition of a stage.
struct partition_summary {
  std::vector<std::pair<std::string, value>> values;  ///< the `by` fields and their values
  value quota;                       ///< int; null when the quota failed to evaluate
  std::vector<tier_summary> tiers;   ///< best first
  std::uint32_t entrants = 0;
  std::vector<std::string> warnings; ///< never a silent adjustment
};

/// One stage: its tiers and its partitions in partition order.
struct stage_summary {
  std::string name;
  std::vector<std::string> tiers;  ///< best first
  std::vector<partition_summary> partitions;
};

/// The result of `evaluate`.
///
/// Ownership: owns everything. Thread-safety: read-only after construction.
struct result {
  std::string scheme;
  std::vector<candidate> candidates;   ///< roster order
  std::vector<std::string> let_names;  ///< declaration order
  std::vector<std::string> output_names;  ///< declaration order
  std::vector<std::string> warnings;   ///< roster warnings, failing outputs
  std::vector<stage_summary> stages;   ///< source order
  std::size_t eligible = 0, ineligible = 0, vetoed = 0, errors = 0;
  bool explained = false;              ///< `values` and `rules` are filled

  /// The candidate whose id prints as `id`, or nullptr.
  const candidate* find(std::string_view id) const noexcept;
};

}  // namespace merit
