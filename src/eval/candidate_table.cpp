// SPDX-License-Identifier: Apache-2.0
// merit - candidate_table: a result's candidates, stored by column
#include <numeric>
#include <stdexcept>
#include <string>

#include "common/scaled.hpp"
#include "merit/result.hpp"

namespace merit {

namespace {

const std::string& empty_text() {
  static const std::string s;
  return s;
}

// Grows a flat [row * width + k] column to a larger width, keeping each
// row's entries and padding with `fill`.
template <class T>
void widen(std::vector<T>& v, std::size_t rows, std::size_t from, std::size_t to, const T& fill) {
  if (to <= from) return;
  std::vector<T> w(rows * to, fill);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t k = 0; k < from; ++k) w[r * to + k] = std::move(v[r * from + k]);
  v.swap(w);
}

}  // namespace

std::uint32_t candidate_table::intern(const std::string& text) {
  for (std::size_t k = 0; k < texts_.size(); ++k)
    if (texts_[k] == text) return static_cast<std::uint32_t>(k);
  texts_.push_back(text);
  return static_cast<std::uint32_t>(texts_.size() - 1);
}

value candidate_table::id(std::size_t i) const {
  if (flags_[i] & id_int_flag) return value::of_int(id_int_[i]);
  if (flags_[i] & id_text_flag) {
    const std::size_t b = i ? id_end_[i - 1] : 0;
    return value::of_text(id_chars_.substr(b, id_end_[i] - b));
  }
  return value();
}

std::string candidate_table::id_text(std::size_t i) const {
  if (flags_[i] & id_int_flag) return std::to_string(id_int_[i]);
  if (!(flags_[i] & id_text_flag)) return std::string();
  const std::size_t b = i ? id_end_[i - 1] : 0;
  return id_chars_.substr(b, id_end_[i] - b);
}

value candidate_table::score(std::size_t i) const {
  if (!(flags_[i] & score_flag)) return value();
  const decimal d = score_scale_ >= 0 ? decimal::from_scaled(score_scaled_[i], -score_scale_) : score_[i];
  if (flags_[i] & score_int_flag) {
    // Stored exactly as a decimal; an int score reads back as an int.
    if (auto v = d.to_int64()) return value::of_int(*v);
  }
  return value::of_decimal(d);
}

const std::string& candidate_table::tier_text(std::size_t i) const {
  return tier_[i] < 0 ? empty_text() : texts_[static_cast<std::size_t>(tier_[i])];
}

value candidate_table::tier(std::size_t i) const {
  return tier_[i] < 0 ? value() : value::of_text(texts_[static_cast<std::size_t>(tier_[i])]);
}

const candidate candidate_table::operator[](std::size_t i) const {
  candidate c;
  c.row = row(i);
  c.id = id(i);
  c.status = status_[i];
  c.score = score(i);
  const std::size_t nr = reason_count(i), nc = cap_count(i);
  c.reasons.reserve(nr);
  for (std::size_t k = 0; k < nr; ++k) c.reasons.push_back(reason(i, k));
  c.caps.reserve(nc);
  for (std::size_t k = 0; k < nc; ++k) c.caps.push_back(cap(i, k));
  c.outputs.assign(outputs_.begin() + static_cast<std::ptrdiff_t>(i * outputs_w_),
                   outputs_.begin() + static_cast<std::ptrdiff_t>((i + 1) * outputs_w_));
  c.values.assign(values_.begin() + static_cast<std::ptrdiff_t>(i * values_w_),
                  values_.begin() + static_cast<std::ptrdiff_t>((i + 1) * values_w_));
  c.rules.assign(rules_.begin() + static_cast<std::ptrdiff_t>(i * rules_w_),
                 rules_.begin() + static_cast<std::ptrdiff_t>((i + 1) * rules_w_));
  c.rule_errors.assign(rule_errors_.begin() + static_cast<std::ptrdiff_t>(i * rules_w_),
                       rule_errors_.begin() + static_cast<std::ptrdiff_t>((i + 1) * rules_w_));
  c.stages.reserve(places_.size());
  for (const auto& p : places_) c.stages.push_back(p[i]);
  c.selected = selected(i);
  c.tier = tier(i);
  c.rank = rank(i);
  c.tie = tie(i);
  return c;
}

const candidate candidate_table::at(std::size_t i) const {
  if (i >= size())
    throw std::out_of_range("candidate " + std::to_string(i) + " is out of range (the result has " +
                            std::to_string(size()) + " candidates)");
  return (*this)[i];
}

void candidate_table::push_back(const candidate& c) {
  using k = value::kind;
  auto bad = [](const char* what) { throw std::invalid_argument(std::string("candidate_table: ") + what); };
  if (c.id.type() != k::null && c.id.type() != k::int_ && c.id.type() != k::text) bad("an id must be null, int or text");
  if (c.score.type() != k::null && c.score.type() != k::int_ && c.score.type() != k::decimal)
    bad("a score must be null, int or decimal");
  if (c.tier.type() != k::null && c.tier.type() != k::text) bad("a tier must be null or text");
  if (c.rank.type() != k::null && c.rank.type() != k::int_) bad("a rank must be null or int");
  const std::size_t n = size();
  // Widths grow to the longest list given so far; earlier rows are padded.
  if (c.outputs.size() > outputs_w_) {
    widen(outputs_, n, outputs_w_, c.outputs.size(), value());
    outputs_w_ = c.outputs.size();
  }
  if (c.values.size() > values_w_) {
    widen(values_, n, values_w_, c.values.size(), value());
    values_w_ = c.values.size();
  }
  const std::size_t nrules = std::max(c.rules.size(), c.rule_errors.size());
  if (nrules > rules_w_) {
    widen(rules_, n, rules_w_, nrules, outcome::not_evaluated);
    widen(rule_errors_, n, rules_w_, nrules, std::string());
    rules_w_ = nrules;
  }
  while (places_.size() < c.stages.size()) places_.emplace_back(n);

  std::uint8_t f = 0;
  const std::size_t i = status_.size();
  // Columns kept empty while they hold only defaults take their first other
  // value here.
  if (!row_.empty() || c.row != i) {
    if (row_.empty()) {
      row_.resize(i);
      std::iota(row_.begin(), row_.end(), std::size_t{0});
    }
    row_.push_back(c.row);
  }
  status_.push_back(c.status);
  if (c.id.type() == k::int_) {
    f |= id_int_flag;
    id_int_.resize(i, 0);
    id_int_.push_back(c.id.as_int());
  } else if (!id_int_.empty()) {
    id_int_.push_back(0);
  }
  if (c.id.type() == k::text) {
    f |= id_text_flag;
    id_chars_ += c.id.as_text();
    id_end_.resize(i, id_end_.empty() ? 0 : id_end_.back());
  }
  if (!id_end_.empty() || c.id.type() == k::text) id_end_.push_back(id_chars_.size());
  decimal score;
  if (c.score.type() == k::int_) {
    f |= score_flag | score_int_flag;
    score = decimal(c.score.as_int());
  } else if (c.score.type() == k::decimal) {
    f |= score_flag;
    score = c.score.as_decimal();
  }
  std::int64_t scaled = 0;
  if (score_scale_ >= 0 && !detail::scaled_at(score, score_scale_, scaled)) {
    // Not at the scores' places: every score as a decimal from now on.
    score_.resize(score_scaled_.size());
    for (std::size_t j = 0; j < score_scaled_.size(); ++j)
      score_[j] = decimal::from_scaled(score_scaled_[j], -score_scale_);
    std::vector<std::int64_t>().swap(score_scaled_);
    score_scale_ = -1;
  }
  if (score_scale_ >= 0) score_scaled_.push_back(scaled);
  else score_.push_back(score);
  for (const std::string& r : c.reasons) {
    texts_.push_back(r);
    reason_item_.push_back(static_cast<std::uint32_t>(texts_.size() - 1));
  }
  reason_end_.push_back(static_cast<std::uint32_t>(reason_item_.size()));
  for (const std::string& cp : c.caps) cap_item_.push_back(intern(cp));
  cap_end_.push_back(static_cast<std::uint32_t>(cap_item_.size()));
  tier_.push_back(c.tier.type() == k::text ? static_cast<std::int32_t>(intern(c.tier.as_text())) : -1);
  rank_.push_back(c.rank.type() == k::int_ ? c.rank.as_int() : 0);
  if (c.rank.type() == k::int_) f |= rank_flag;
  if (c.selected) f |= selected_flag;
  if (c.tie) f |= tie_flag;
  flags_.push_back(f);
  for (std::size_t o = 0; o < outputs_w_; ++o) outputs_.push_back(o < c.outputs.size() ? c.outputs[o] : value());
  for (std::size_t l = 0; l < values_w_; ++l) values_.push_back(l < c.values.size() ? c.values[l] : value());
  for (std::size_t j = 0; j < rules_w_; ++j) {
    rules_.push_back(j < c.rules.size() ? c.rules[j] : outcome::not_evaluated);
    rule_errors_.push_back(j < c.rule_errors.size() ? c.rule_errors[j] : std::string());
  }
  for (std::size_t s = 0; s < places_.size(); ++s) places_[s].push_back(s < c.stages.size() ? c.stages[s] : stage_place{});
}

}  // namespace merit
