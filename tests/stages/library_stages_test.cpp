// SPDX-License-Identifier: Apache-2.0
// merit - seed scheme 4 end to end against its independent reference
//
// The expected values come from tests/reference/library_reference.py, a
// Python script with decimal written from the scheme's text that shares no
// code with the engine. Rows: LIBRARY_ROWS from the shared generator.
#include <gtest/gtest.h>

#include <sstream>

#include "merit/merit.hpp"
#include "test_support.hpp"

namespace {

using namespace merit::test;

std::vector<std::vector<std::string>> tsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');) f.push_back(cell);
    if (!line.empty() && line.back() == '\t') f.emplace_back();
    rows.push_back(std::move(f));
  }
  return rows;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "|") + x;
  return s;
}

class LibraryStagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    roster_path_ = new std::string(generated_roster(LIBRARY_ROWS));
    const std::string script = std::string(MERIT_SOURCE_DIR) + "/tests/reference/library_reference.py ";
    auto cand = run_command(python() + " " + script + *roster_path_ + " --tsv");
    auto parts = run_command(python() + " " + script + *roster_path_ + " --partitions-tsv");
    ASSERT_EQ(cand.code, 0);
    ASSERT_EQ(parts.code, 0);
    expected_ = new std::vector<std::vector<std::string>>(tsv(cand.output));
    partitions_ = new std::vector<std::vector<std::string>>(tsv(parts.output));
  }
  static std::string* roster_path_;
  static std::vector<std::vector<std::string>>* expected_;
  static std::vector<std::vector<std::string>>* partitions_;
};
std::string* LibraryStagesTest::roster_path_ = nullptr;
std::vector<std::vector<std::string>>* LibraryStagesTest::expected_ = nullptr;
std::vector<std::vector<std::string>>* LibraryStagesTest::partitions_ = nullptr;

merit::result evaluate_library(const std::string& roster_path, unsigned threads) {
  auto compiled = merit::compile(slurp(std::string(MERIT_SHARED_DIR) + "/bench/library.merit"), "library.merit");
  EXPECT_TRUE(compiled.ok());
  const merit::program& prog = *compiled.program;
  merit::roster roster = merit::read_csv_file(prog.inputs(), roster_path);
  merit::eval_options opt;
  opt.threads = threads;
  return merit::evaluate(prog, roster, opt);
}

void compare(const merit::result& res, const std::vector<std::vector<std::string>>& expected,
             const std::vector<std::vector<std::string>>& partitions) {
  ASSERT_EQ(res.candidates.size(), expected.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < expected.size() && mismatches < 20; ++i) {
    const auto& e = expected[i];
    const merit::candidate& c = res.candidates[i];
    ASSERT_EQ(e.size(), 8u);
    const std::string got = c.id.to_string() + " " + std::string(merit::to_string(c.status)) + " " +
                            (c.score.is_null() ? "" : c.score.to_string()) + " " + (c.selected ? "1" : "0") +
                            " " + (c.tier.is_null() ? "" : c.tier.to_string()) + " " +
                            (c.rank.is_null() ? "0" : c.rank.to_string()) + " " + join(c.caps) + " " +
                            (c.tie ? "1" : "0");
    const std::string want = e[0] + " " + e[1] + " " + e[2] + " " + e[3] + " " + e[4] + " " + e[5] + " " + e[6] +
                             " " + e[7];
    if (got != want) {
      ++mismatches;
      ADD_FAILURE() << "row " << i << "\n  engine:    " << got << "\n  reference: " << want;
    }
  }
  ASSERT_EQ(res.stages.size(), 1u);
  const merit::stage_summary& st = res.stages[0];
  ASSERT_EQ(st.partitions.size(), partitions.size());
  for (std::size_t p = 0; p < partitions.size(); ++p) {
    const auto& ps = st.partitions[p];
    const auto& e = partitions[p];
    ASSERT_EQ(e.size(), 8u);
    EXPECT_EQ(ps.values.at(0).second.to_string(), e[0]);
    EXPECT_EQ(ps.quota.to_string(), e[1]);
    for (std::size_t t = 0; t < 3; ++t) {
      EXPECT_EQ(std::to_string(ps.tiers.at(t).size), e[2 + t]) << "tier " << t;
      EXPECT_EQ(std::to_string(ps.tiers.at(t).filled), e[5 + t]) << "tier " << t;
    }
  }
}

TEST_F(LibraryStagesTest, EveryCandidateAndPartitionMatchesTheReference) {
  compare(evaluate_library(*roster_path_, 1), *expected_, *partitions_);
}

TEST_F(LibraryStagesTest, TwoThreadsGiveTheSameAnswer) {
  compare(evaluate_library(*roster_path_, 2), *expected_, *partitions_);
}

}  // namespace
