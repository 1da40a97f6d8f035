// SPDX-License-Identifier: Apache-2.0
// merit - the evaluator's write access to a candidate_table's columns
#pragma once

#include "merit/result.hpp"

namespace merit::detail {

/// The columns of a candidate_table, for the evaluator that fills them in
/// bulk (src/eval/evaluator.cpp, take_result). Whoever writes them keeps the
/// invariants documented in candidate_table: every per-row column has
/// size() entries (`id_end_`, `reason_end_`, `cap_end_` are running ends),
/// the widths times size() for the flat ones, and one places_ vector of
/// size() per stage.
struct table_access {
  static std::vector<std::size_t>& row(candidate_table& t) { return t.row_; }
  static std::vector<merit::status>& status(candidate_table& t) { return t.status_; }
  static std::vector<std::uint8_t>& flags(candidate_table& t) { return t.flags_; }
  static std::vector<std::int64_t>& id_int(candidate_table& t) { return t.id_int_; }
  static std::string& id_chars(candidate_table& t) { return t.id_chars_; }
  static std::vector<std::uint64_t>& id_end(candidate_table& t) { return t.id_end_; }
  static std::vector<std::int64_t>& score_scaled(candidate_table& t) { return t.score_scaled_; }
  static std::vector<merit::decimal>& score(candidate_table& t) { return t.score_; }
  static std::int8_t& score_scale(candidate_table& t) { return t.score_scale_; }
  static std::vector<std::uint32_t>& reason_end(candidate_table& t) { return t.reason_end_; }
  static std::vector<std::uint32_t>& reason_item(candidate_table& t) { return t.reason_item_; }
  static std::vector<std::uint32_t>& cap_end(candidate_table& t) { return t.cap_end_; }
  static std::vector<std::uint32_t>& cap_item(candidate_table& t) { return t.cap_item_; }
  static std::vector<std::int32_t>& tier(candidate_table& t) { return t.tier_; }
  static std::vector<std::int64_t>& rank(candidate_table& t) { return t.rank_; }
  static std::size_t& outputs_w(candidate_table& t) { return t.outputs_w_; }
  static std::size_t& values_w(candidate_table& t) { return t.values_w_; }
  static std::size_t& rules_w(candidate_table& t) { return t.rules_w_; }
  static std::vector<value>& outputs(candidate_table& t) { return t.outputs_; }
  static std::vector<value>& values(candidate_table& t) { return t.values_; }
  static std::vector<outcome>& rules(candidate_table& t) { return t.rules_; }
  static std::vector<std::string>& rule_errors(candidate_table& t) { return t.rule_errors_; }
  static std::vector<std::vector<stage_place>>& places(candidate_table& t) { return t.places_; }
  /// The index of `text` in the table of texts, added when new.
  static std::uint32_t intern(candidate_table& t, const std::string& text) { return t.intern(text); }
  /// Appends `text` to the table of texts without looking for an equal one.
  static std::uint32_t append_text(candidate_table& t, std::string text) {
    t.texts_.push_back(std::move(text));
    return static_cast<std::uint32_t>(t.texts_.size() - 1);
  }

  static constexpr std::uint8_t id_int_flag = candidate_table::id_int_flag;
  static constexpr std::uint8_t id_text_flag = candidate_table::id_text_flag;
  static constexpr std::uint8_t score_flag = candidate_table::score_flag;
  static constexpr std::uint8_t score_int_flag = candidate_table::score_int_flag;
  static constexpr std::uint8_t selected_flag = candidate_table::selected_flag;
  static constexpr std::uint8_t tie_flag = candidate_table::tie_flag;
  static constexpr std::uint8_t rank_flag = candidate_table::rank_flag;
};

}  // namespace merit::detail
