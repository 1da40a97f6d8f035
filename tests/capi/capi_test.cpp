// SPDX-License-Identifier: Apache-2.0
// merit - the C API against the C++ API, and merit.h's version against version.hpp
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "merit/merit.hpp"
extern "C" {
#include "merit/merit.h"
}

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The value of `#define NAME value` in a header's text, read independently of
// the preprocessor (both headers define the same macros).
std::string define_of(const std::string& text, const std::string& name) {
  std::smatch m;
  const std::regex re("#define " + name + " ([^\\n]+)");
  return std::regex_search(text, m, re) ? m[1].str() : std::string("<missing>");
}

TEST(CapiVersionTest, HeaderAgreesWithVersionHpp) {
  const std::string c = slurp(std::string(MERIT_SOURCE_DIR) + "/capi/include/merit/merit.h");
  const std::string cpp = slurp(std::string(MERIT_SOURCE_DIR) + "/include/merit/version.hpp");
  for (const char* name : {"MERIT_VERSION_MAJOR", "MERIT_VERSION_MINOR", "MERIT_VERSION_PATCH",
                           "MERIT_VERSION_NUMBER", "MERIT_VERSION_STRING"}) {
    EXPECT_EQ(define_of(c, name), define_of(cpp, name)) << name;
    EXPECT_NE(define_of(c, name), "<missing>") << name;
  }
  EXPECT_EQ(merit_version_number(), MERIT_VERSION_NUMBER);
  EXPECT_STREQ(merit_version(), merit::version_string);
}

TEST(CapiTest, JsonMatchesTheCppApi) {
  const std::string scheme = slurp(std::string(MERIT_SHARED_DIR) + "/bench/library.merit");
  const std::string csv = std::string(MERIT_SOURCE_DIR) + "/tests/capi/library_small.csv";

  auto compiled = merit::compile(scheme, "library.merit");
  ASSERT_TRUE(compiled.ok());
  merit::eval_options options;
  options.lenient = true;
  const std::string expected =
      merit::to_json(merit::evaluate(*compiled.program, merit::read_csv_file(compiled.program->inputs(), csv), options));

  merit_program* p = nullptr;
  merit_roster* r = nullptr;
  merit_result* res = nullptr;
  ASSERT_EQ(merit_program_compile(&p, scheme.data(), scheme.size(), "library.merit"), MERIT_OK);
  ASSERT_EQ(merit_roster_read_csv(&r, p, csv.c_str()), MERIT_OK);
  merit_eval_options opt = MERIT_EVAL_OPTIONS_INIT;
  opt.lenient = 1;
  ASSERT_EQ(merit_program_evaluate(&res, p, r, &opt), MERIT_OK);
  const char* json = nullptr;
  ASSERT_EQ(merit_result_json(&json, res, 0), MERIT_OK);
  EXPECT_EQ(std::string(json), expected);
  merit_result_free(res);
  merit_roster_free(r);
  merit_program_free(p);
}

TEST(CapiTest, DoublesCrossAsTheirShortestDecimal) {
  // 0.1 + 0.2 in binary is 0.30000000000000004; each double is taken as its
  // shortest round-trip text, so the scores are exactly 0.1, 0.2 and 1e-7.
  const char* text = "scheme \"d\"\ninput {\n  id: int key\n  x: decimal\n}\nscore = x\n";
  merit_program* p = nullptr;
  merit_roster* r = nullptr;
  merit_result* res = nullptr;
  ASSERT_EQ(merit_program_compile(&p, text, MERIT_NTS, nullptr), MERIT_OK);
  ASSERT_EQ(merit_roster_new(&r, p), MERIT_OK);
  const std::int64_t ids[] = {1, 2, 3, 4};
  const double xs[] = {0.1, 0.2, 1e-7, 123456.789};
  ASSERT_EQ(merit_roster_set_ints(r, "id", ids, nullptr, 4), MERIT_OK);
  ASSERT_EQ(merit_roster_set_doubles(r, "x", xs, nullptr, 4), MERIT_OK);
  ASSERT_EQ(merit_program_evaluate(&res, p, r, nullptr), MERIT_OK);
  const char* s = nullptr;
  const char* want[] = {"0.1", "0.2", "0.0000001", "123456.789"};
  for (std::size_t i = 0; i < 4; ++i) {
    ASSERT_EQ(merit_result_get_score(&s, res, i), MERIT_OK);
    EXPECT_STREQ(s, want[i]) << i;
  }
  merit_result_free(res);
  merit_roster_free(r);
  merit_program_free(p);
}

TEST(CapiTest, ScaledDecimalsWithARangeErrorRow) {
  // Hundredths: 87.25, 100, 100.01 (above 100), -0.05 (below 0), 1.23, and a
  // missing value (valid 0); each score is the value itself.
  const char* text = "scheme \"s\"\ninput {\n  id: int key\n  x: decimal in [0, 100]\n}\nscore = x\n";
  merit_program* p = nullptr;
  merit_roster* r = nullptr;
  merit_result* res = nullptr;
  ASSERT_EQ(merit_program_compile(&p, text, MERIT_NTS, nullptr), MERIT_OK);
  ASSERT_EQ(merit_roster_new(&r, p), MERIT_OK);
  const std::int64_t ids[] = {1, 2, 3, 4, 5, 6};
  const std::int64_t xs[] = {8725, 10000, 10001, -5, 123, 77};
  const std::uint8_t valid[] = {1, 1, 1, 1, 1, 0};
  ASSERT_EQ(merit_roster_set_ints(r, "id", ids, nullptr, 6), MERIT_OK);
  ASSERT_EQ(merit_roster_set_decimals_scaled(r, "x", xs, 2, valid, 6), MERIT_OK);
  ASSERT_EQ(merit_roster_finish(r), MERIT_OK);
  std::size_t n = 0;
  ASSERT_EQ(merit_roster_error_count(&n, r), MERIT_OK);
  ASSERT_EQ(n, 3u);
  const char* want_errors[][2] = {{"2", "100.01 is outside [0, 100]"}, {"3", "-0.05 is outside [0, 100]"},
                                  {"5", "missing value"}};
  for (std::size_t i = 0; i < n; ++i) {
    const merit_data_error* e = nullptr;
    ASSERT_EQ(merit_roster_error_get(&e, r, i), MERIT_OK);
    EXPECT_EQ(std::to_string(e->row), want_errors[i][0]);
    EXPECT_STREQ(e->field, "x");
    EXPECT_STREQ(e->message, want_errors[i][1]);
  }
  merit_eval_options opt = MERIT_EVAL_OPTIONS_INIT;
  opt.lenient = 1;
  ASSERT_EQ(merit_program_evaluate(&res, p, r, &opt), MERIT_OK);
  const char* want_scores[] = {"87.25", "100", nullptr, nullptr, "1.23", nullptr};
  for (std::size_t i = 0; i < 6; ++i) {
    const char* s = nullptr;
    ASSERT_EQ(merit_result_get_score(&s, res, i), MERIT_OK);
    if (want_scores[i]) EXPECT_STREQ(s, want_scores[i]) << i;
    else EXPECT_EQ(s, nullptr) << i;
  }
  merit_result_free(res);
  merit_roster_free(r);
  merit_program_free(p);
}

}  // namespace
