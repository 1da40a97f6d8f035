// SPDX-License-Identifier: Apache-2.0
// merit - C ABI regressions found by the fuzz_capi target
#include <gtest/gtest.h>

#include <cstdint>

extern "C" {
#include "merit/merit.h"
}

namespace {

// fuzz_capi: a result without candidates (a CSV with only a header) gave a
// NULL `valid` array from merit_result_read_texts and a NULL `counts` from
// merit_result_read_lists with status MERIT_OK.
TEST(CapiFuzzRegressionTest, EmptyResultBulkReadersGiveNonNullArrays) {
  merit_program* prog = nullptr;
  ASSERT_EQ(merit_program_compile(&prog, "scheme \"e\"\ninput {\n  id: text key\n  x: int\n}\nscore = x\n",
                                  MERIT_NTS, "e.merit"),
            MERIT_OK);
  merit_roster* roster = nullptr;
  ASSERT_EQ(merit_roster_read_csv_text(&roster, prog, "id,x\n", MERIT_NTS, "e.csv"), MERIT_OK);
  merit_result* res = nullptr;
  ASSERT_EQ(merit_program_evaluate(&res, prog, roster, nullptr), MERIT_OK);
  size_t n = 1;
  ASSERT_EQ(merit_result_candidate_count(&n, res), MERIT_OK);
  ASSERT_EQ(n, 0u);
  for (int column : {MERIT_TEXT_ID, MERIT_TEXT_SCORE}) {
    const char* data = nullptr;
    const std::int64_t* offsets = nullptr;
    const std::uint8_t* valid = nullptr;
    ASSERT_EQ(merit_result_read_texts(&data, &offsets, &valid, res, column), MERIT_OK);
    EXPECT_NE(data, nullptr);
    ASSERT_NE(offsets, nullptr);
    EXPECT_EQ(offsets[0], 0);  // count + 1 = 1 entry
    EXPECT_NE(valid, nullptr);
  }
  for (int list : {MERIT_LIST_REASONS, MERIT_LIST_CAPS}) {
    const char* data = nullptr;
    size_t total = 99;
    const std::int64_t* counts = nullptr;
    ASSERT_EQ(merit_result_read_lists(&data, &total, &counts, res, list), MERIT_OK);
    EXPECT_NE(data, nullptr);
    EXPECT_EQ(total, 0u);
    EXPECT_NE(counts, nullptr);
  }
  merit_result_free(res);
  merit_roster_free(roster);
  merit_program_free(prog);
}

}  // namespace
