// SPDX-License-Identifier: Apache-2.0
// merit - the benchmark peer agrees with the independent Python reference
#include <gtest/gtest.h>

#include <sstream>

#include "library_peer.hpp"
#include "test_support.hpp"

namespace {

using namespace merit::test;

constexpr const char* tier_names[] = {"一等獎", "二等獎", "三等獎"};
constexpr const char* cap_labels[] = {"曠工1天及以上", "事假2天及以上", "考勤累積居前20%", "網格化考核居后50%"};

void compare_with_reference(std::size_t rows, int seed) {
  const std::string roster = generated_roster(rows, seed);
  const auto ref = run_command(python() + " " + MERIT_SOURCE_DIR + "/tests/reference/library_reference.py " +
                               roster + " --tsv");
  ASSERT_EQ(ref.code, 0);
  merit::peer::library_roster r;
  std::string error;
  ASSERT_TRUE(merit::peer::read_library_csv(slurp(roster), r, error)) << error;
  ASSERT_EQ(r.size(), rows);
  merit::peer::library_result out;
  merit::peer::evaluate_library(r, out);

  std::istringstream lines(ref.output);
  std::string line;
  std::size_t i = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(i, rows);
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');) f.push_back(cell);
    f.resize(8);
    SCOPED_TRACE(f[0]);
    EXPECT_EQ(r.id(i), f[0]);
    EXPECT_EQ(out.vetoed[i] ? "vetoed" : "eligible", f[1]);
    if (!out.vetoed[i]) {
      EXPECT_EQ(merit::peer::score_text(out.score[i]), f[2]);
    }
    EXPECT_EQ(out.tier[i] >= 0 ? "1" : "0", f[3]);
    EXPECT_EQ(out.tier[i] >= 0 ? tier_names[out.tier[i]] : "", f[4]);
    EXPECT_EQ(std::to_string(out.rank[i]), f[5]);
    std::string caps;
    for (int b = 0; b < 4; ++b) {
      if (out.caps[i] & (1 << b)) caps += (caps.empty() ? "" : "|") + std::string(cap_labels[b]);
    }
    EXPECT_EQ(caps, f[6]);
    EXPECT_EQ(std::to_string(out.tie[i]), f[7]);
    ++i;
  }
  EXPECT_EQ(i, rows);
}

TEST(PeerTest, AgreesWithTheReferenceOn2000Rows) { compare_with_reference(2000, 2023); }
TEST(PeerTest, AgreesWithTheReferenceOnAnotherSeed) { compare_with_reference(3000, 7); }

TEST(PeerTest, ScoreTextIsCanonical) {
  EXPECT_EQ(merit::peer::score_text(837720), "83.772");
  EXPECT_EQ(merit::peer::score_text(800000), "80");
  EXPECT_EQ(merit::peer::score_text(-5000), "-0.5");
  EXPECT_EQ(merit::peer::score_text(0), "0");
}

// Rosters out of id order take the id comparison (generated rosters never do).
// Three equal scores in one group: ranks follow the ids A < B < C whatever the
// row order. quota = round_half_up(40% * 3) = 1, tiers 15% and 35% of 1 round
// to 0, so the one place is the rest tier (index 2) and goes to A; the other
// two, with the same score and cap, end in another tier, so all three tie.
TEST(PeerTest, BreaksEqualScoresByIdWhenRowsAreNotInIdOrder) {
  const std::string header =
      "id,group,director,committee,heads,staff,last_prize,absent_days,personal_leave_days,lapses,grid_score,bonus,"
      "complaints\n";
  const std::string tail = ",正式館員,80,80,80,80,0,0,0,0,90,0,0\n";
  merit::peer::library_roster r;
  std::string error;
  ASSERT_TRUE(merit::peer::read_library_csv(header + "B" + tail + "A" + tail + "C" + tail, r, error)) << error;
  EXPECT_FALSE(r.ids_ascending);
  merit::peer::library_result out;
  merit::peer::evaluate_library(r, out);
  EXPECT_EQ(out.rank, (std::vector<std::uint32_t>{2, 1, 3}));
  EXPECT_EQ(out.tier, (std::vector<std::int8_t>{-1, 2, -1}));
  EXPECT_EQ(out.tie, (std::vector<std::uint8_t>{1, 1, 1}));
}

TEST(PeerTest, RejectsWhatItDoesNotHandle) {
  merit::peer::library_roster r;
  std::string error;
  EXPECT_FALSE(merit::peer::read_library_csv("id,x\n", r, error));
  EXPECT_EQ(error, "line 1: not library.merit's header");
}

}  // namespace
