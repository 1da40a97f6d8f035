// SPDX-License-Identifier: Apache-2.0
// merit - typed values and the result of evaluating a roster
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
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

namespace detail {
struct table_access;
}  // namespace detail

/// The candidates of a result, stored by column, in roster order.
///
/// A result over a national roster holds millions of candidates; storing
/// each as a `candidate` (with its own vectors and strings) would cost more
/// than evaluating it. The table keeps every field in a column of its own
/// (statuses as bytes, scores as decimals, reasons and caps as indices into
/// one table of texts, stage places per stage) and builds a `candidate`
/// only when one is asked for.
///
/// **Reading.** `operator[]`, `at` and iteration give each candidate *by
/// value* (const), built from the columns: `const candidate& c = t[i];` is
/// fine; a pointer into the table, or changing a candidate in place, is not
/// possible (build a new table instead). The
/// field accessors (`status(i)`, `score(i)`, `reason(i, k)`, ...) read one
/// field without building the rest, for writers that stream large results.
///
/// **Building by hand** (tests, hosts that assemble results): `push_back` or
/// assignment from candidates. Every candidate of a table has the same number
/// of outputs, lets, rules and stage places: the largest given; shorter lists
/// read back padded (null values, `not_evaluated`, non-entrant places). Ids
/// must be null, int or text (a key is text or int), scores null, int or
/// decimal, tiers null or text, ranks null or int; anything else throws
/// std::invalid_argument.
///
/// Ownership: owns everything. Thread-safety: read-only after construction;
/// reads from many threads are safe. Errors: `at` throws std::out_of_range.
class candidate_table {
 public:
  /// A random-access iterator whose `operator*` returns a candidate by value.
  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = candidate;
    using difference_type = std::ptrdiff_t;
    using reference = const candidate;
    using pointer = void;

    iterator() = default;
    const candidate operator*() const { return (*t_)[i_]; }
    const candidate operator[](difference_type d) const { return (*t_)[static_cast<std::size_t>(static_cast<difference_type>(i_) + d)]; }
    iterator& operator++() { ++i_; return *this; }
    iterator operator++(int) { iterator o = *this; ++i_; return o; }
    iterator& operator--() { --i_; return *this; }
    iterator operator--(int) { iterator o = *this; --i_; return o; }
    iterator& operator+=(difference_type d) { i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + d); return *this; }
    iterator& operator-=(difference_type d) { return *this += -d; }
    friend iterator operator+(iterator a, difference_type d) { return a += d; }
    friend iterator operator+(difference_type d, iterator a) { return a += d; }
    friend iterator operator-(iterator a, difference_type d) { return a -= d; }
    friend difference_type operator-(const iterator& a, const iterator& b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.i_ == b.i_; }
    friend auto operator<=>(const iterator& a, const iterator& b) { return a.i_ <=> b.i_; }

   private:
    friend class candidate_table;
    iterator(const candidate_table* t, std::size_t i) : t_(t), i_(i) {}
    const candidate_table* t_ = nullptr;
    std::size_t i_ = 0;
  };

  candidate_table() = default;
  candidate_table(std::initializer_list<candidate> cs) { for (const candidate& c : cs) push_back(c); }
  candidate_table& operator=(std::initializer_list<candidate> cs) {
    *this = candidate_table(cs);
    return *this;
  }

  std::size_t size() const noexcept { return status_.size(); }
  bool empty() const noexcept { return status_.empty(); }
  // Const, so that assigning to a member of the copy (which would change
  // nothing) does not compile.
  const candidate operator[](std::size_t i) const;  ///< built from the columns
  const candidate at(std::size_t i) const;          ///< as `[]`, with a bounds check
  const candidate front() const { return at(0); }
  const candidate back() const { return at(size() - 1); }
  iterator begin() const { return iterator(this, 0); }
  iterator end() const { return iterator(this, size()); }
  void push_back(const candidate& c);

  // One field of candidate i (no bounds checks).
  std::size_t row(std::size_t i) const { return row_.empty() ? i : row_[i]; }
  merit::status status(std::size_t i) const { return status_[i]; }
  value id(std::size_t i) const;
  bool has_id(std::size_t i) const { return (flags_[i] & (id_int_flag | id_text_flag)) != 0; }
  /// The id as text (ints in decimal digits); empty when null.
  std::string id_text(std::size_t i) const;
  value score(std::size_t i) const;
  bool has_score(std::size_t i) const { return (flags_[i] & score_flag) != 0; }
  std::size_t reason_count(std::size_t i) const { return reason_end_[i] - (i ? reason_end_[i - 1] : 0); }
  const std::string& reason(std::size_t i, std::size_t k) const { return texts_[reason_item_[(i ? reason_end_[i - 1] : 0) + k]]; }
  std::size_t cap_count(std::size_t i) const { return cap_end_[i] - (i ? cap_end_[i - 1] : 0); }
  const std::string& cap(std::size_t i, std::size_t k) const { return texts_[cap_item_[(i ? cap_end_[i - 1] : 0) + k]]; }
  std::size_t output_width() const noexcept { return outputs_w_; }
  const value& output(std::size_t i, std::size_t o) const { return outputs_[i * outputs_w_ + o]; }
  std::size_t value_width() const noexcept { return values_w_; }
  const value& let_value(std::size_t i, std::size_t l) const { return values_[i * values_w_ + l]; }
  std::size_t rule_width() const noexcept { return rules_w_; }
  outcome rule(std::size_t i, std::size_t j) const { return rules_[i * rules_w_ + j]; }
  const std::string& rule_error(std::size_t i, std::size_t j) const { return rule_errors_[i * rules_w_ + j]; }
  std::size_t stage_width() const noexcept { return places_.size(); }
  const stage_place& place(std::size_t i, std::size_t s) const { return places_[s][i]; }
  bool selected(std::size_t i) const { return (flags_[i] & selected_flag) != 0; }
  /// The last stage's tier name; empty when none (`tier(i)` is then null).
  const std::string& tier_text(std::size_t i) const;
  value tier(std::size_t i) const;
  bool has_rank(std::size_t i) const { return (flags_[i] & rank_flag) != 0; }
  value rank(std::size_t i) const { return has_rank(i) ? value::of_int(rank_[i]) : value(); }
  bool tie(std::size_t i) const { return (flags_[i] & tie_flag) != 0; }

 private:
  friend struct detail::table_access;
  static constexpr std::uint8_t id_int_flag = 1, id_text_flag = 2, score_flag = 4, score_int_flag = 8,
                                selected_flag = 16, tie_flag = 32, rank_flag = 64;
  std::uint32_t intern(const std::string& text);

  // row_, id_int_ and id_end_ stay empty while every entry is its default
  // (row i at index i, no int id, no text id): an evaluation's usual table.
  std::vector<std::size_t> row_;
  std::vector<merit::status> status_;
  std::vector<std::uint8_t> flags_;
  std::vector<std::int64_t> id_int_;      // int ids (0 elsewhere)
  std::string id_chars_;                  // text ids, back to back
  std::vector<std::uint64_t> id_end_;     // end of each row's text id in id_chars_
  // Scores, where score_flag: compact as int64 × 10^-score_scale_ when
  // score_scale_ >= 0 (every score a scheme computes with a few places),
  // else as decimals in score_.
  std::vector<std::int64_t> score_scaled_;
  std::vector<merit::decimal> score_;
  std::int8_t score_scale_ = 0;
  std::vector<std::string> texts_;        // reasons, caps and tier names, by index
  std::vector<std::uint32_t> reason_end_, reason_item_, cap_end_, cap_item_;
  std::vector<std::int32_t> tier_;        // index into texts_, -1 for none
  std::vector<std::int64_t> rank_;        // where rank_flag
  std::size_t outputs_w_ = 0, values_w_ = 0, rules_w_ = 0;
  std::vector<value> outputs_, values_;   // [row * width + k]
  std::vector<outcome> rules_;            // [row * rules_w_ + j]
  std::vector<std::string> rule_errors_;  // [row * rules_w_ + j]
  std::vector<std::vector<stage_place>> places_;  // [stage][row]
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
  candidate_table candidates;          ///< roster order
  std::vector<std::string> let_names;  ///< declaration order
  std::vector<std::string> output_names;  ///< declaration order
  std::vector<std::string> warnings;   ///< roster warnings, failing outputs
  std::vector<stage_summary> stages;   ///< source order
  std::size_t eligible = 0, ineligible = 0, vetoed = 0, errors = 0;
  bool explained = false;              ///< `values` and `rules` are filled

  /// The index of the candidate whose id prints as `id`, or nullopt.
  std::optional<std::size_t> find(std::string_view id) const;
};

}  // namespace merit
