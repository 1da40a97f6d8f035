// SPDX-License-Identifier: Apache-2.0
// merit - the library scheme over 2,000 generated rows against an independent reference
//
// The reference below reads the CSV itself and computes every candidate's
// status, reasons, score and caps straight from library.merit's rules with
// scaled integers (inputs have at most 2 decimals, weights are whole
// percents, so scores are exact in units of 1/10000). It shares no code with
// the engine; ranks are counted pairwise (O(n^2)) on purpose, unlike the
// engine's sort.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "eval_support.hpp"
#include "../support/test_support.hpp"

namespace {

struct ref_row {
  std::string id;
  std::int64_t director = 0, committee = 0, heads = 0, staff = 0;  // 1/100
  std::int64_t last_prize = 0, lapses = 0, complaints = 0;
  std::int64_t absent = 0, leave = 0, grid = 0, bonus = 0;  // 1/100
};

// "87.5" → 8750 (two decimals at most, as the generator writes them).
std::int64_t hundredths(const std::string& s) {
  std::int64_t whole = 0, frac = 0;
  std::size_t i = 0;
  for (; i < s.size() && s[i] != '.'; ++i) whole = whole * 10 + (s[i] - '0');
  int digits = 0;
  if (i < s.size())
    for (++i; i < s.size(); ++i, ++digits) frac = frac * 10 + (s[i] - '0');
  if (digits > 2) throw std::runtime_error("more than 2 decimals: " + s);
  while (digits < 2) frac *= 10, ++digits;
  return whole * 100 + frac;
}

// Canonical decimal text of v / 10000.
std::string canonical(std::int64_t v) {
  std::string sign = v < 0 ? "-" : "";
  if (v < 0) v = -v;
  std::string s = std::to_string(v / 10000);
  std::string frac = std::to_string(v % 10000);
  frac = std::string(4 - frac.size(), '0') + frac;
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) s += "." + frac;
  return v == 0 ? "0" : sign + s;
}

std::vector<ref_row> read_reference(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header: id,group,director,committee,heads,staff,last_prize,absent_days,
                           // personal_leave_days,lapses,grid_score,bonus,complaints
  std::vector<ref_row> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> c;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) c.push_back(cell);
    if (c.size() != 13) throw std::runtime_error("bad line: " + line);
    ref_row r;
    r.id = c[0];
    r.director = hundredths(c[2]);
    r.committee = hundredths(c[3]);
    r.heads = hundredths(c[4]);
    r.staff = hundredths(c[5]);
    r.last_prize = std::stoll(c[6]);
    r.absent = hundredths(c[7]);
    r.leave = hundredths(c[8]);
    r.lapses = std::stoll(c[9]);
    r.grid = hundredths(c[10]);
    r.bonus = hundredths(c[11]);
    r.complaints = std::stoll(c[12]);
    rows.push_back(r);
  }
  return rows;
}

TEST(LibraryReferenceTest, EveryCandidateMatchesIndependentComputation) {
  const std::string csv = merit::test::generated_roster(2000);
  auto prog = merit::test::compile_ok(merit::test::slurp(std::string(MERIT_SHARED_DIR) + "/bench/library.merit"));
  merit::roster roster = merit::read_csv_file(prog.inputs(), csv);
  ASSERT_EQ(roster.rows(), 2000u);
  ASSERT_TRUE(roster.errors().empty());
  merit::result res = merit::evaluate(prog, roster, {});

  const std::vector<ref_row> ref = read_reference(csv);
  ASSERT_EQ(ref.size(), res.candidates.size());
  const std::int64_t n = static_cast<std::int64_t>(ref.size());
  std::size_t capped = 0, vetoed = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const ref_row& r = ref[i];
    const merit::candidate& c = res.candidates[i];
    ASSERT_EQ(c.id.to_string(), r.id);
    if (r.complaints > 0) {
      ++vetoed;
      EXPECT_EQ(c.status, merit::status::vetoed) << r.id;
      EXPECT_EQ(c.reasons, (std::vector<std::string>{"有效投訴"})) << r.id;
      EXPECT_TRUE(c.score.is_null()) << r.id;
      EXPECT_TRUE(c.caps.empty()) << r.id;
      continue;
    }
    ASSERT_EQ(c.status, merit::status::eligible) << r.id;
    EXPECT_TRUE(c.reasons.empty()) << r.id;
    // weighted: (20 d + 20 c + 20 h + 40 s) / 100 in hundredths → units of 1/10000.
    std::int64_t score = 20 * r.director + 20 * r.committee + 20 * r.heads + 40 * r.staff;
    const std::int64_t carry[] = {0, 10000, 8000, 5000};  // 0, 1, 0.8, 0.5
    score -= carry[r.last_prize];
    score += r.bonus * 100;
    EXPECT_EQ(c.score.to_string(), canonical(score)) << r.id;
    // Ranks over the whole roster (every row is valid).
    std::int64_t above_lapses = 0, above_grid = 0;
    for (const ref_row& o : ref) {
      above_lapses += o.lapses > r.lapses;
      above_grid += o.grid > r.grid;
    }
    std::vector<std::string> caps;
    if (r.absent >= 100) caps.push_back("曠工1天及以上");
    if (r.leave >= 200) caps.push_back("事假2天及以上");
    // rank <= 20% * n  ⇔  100 * rank <= 20 * n
    if (r.lapses > 0 && 100 * (above_lapses + 1) <= 20 * n) caps.push_back("考勤累積居前20%");
    if (100 * (above_grid + 1) > 50 * n) caps.push_back("網格化考核居后50%");
    capped += !caps.empty();
    EXPECT_EQ(c.caps, caps) << r.id;
  }
  // The roster exercises both outcomes (not a vacuous comparison).
  EXPECT_GT(vetoed, 10u);
  EXPECT_GT(capped, 100u);
  EXPECT_EQ(res.vetoed, vetoed);
  EXPECT_EQ(res.eligible + res.vetoed, 2000u);
}

}  // namespace
