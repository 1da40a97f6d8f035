// SPDX-License-Identifier: Apache-2.0
// merit - the C ABI's time limit (MERIT_E_BUDGET) and version-1 options structs
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "merit/merit.h"
}

namespace {

// merit_eval_options exactly as version 1 of the header declared it.
struct options_v1 {
  unsigned version;
  int lenient;
  int explain;
  unsigned threads;
  size_t param_count;
  const char* const* param_names;
  const char* const* param_values;
};
static_assert(sizeof(options_v1) == offsetof(merit_eval_options, time_limit_ms));

// A scheme with an aggregate and a rank, so that every row pass has work.
constexpr const char* scheme =
    "scheme \"b\"\n"
    "input {\n"
    "  id: int key\n"
    "  x: int in [0, 1000000]\n"
    "}\n"
    "let mean = avg(x)\n"
    "let place = rank_desc(x)\n"
    "score = x - mean + place\n";

struct fixture {
  merit_program* prog = nullptr;
  merit_roster* roster = nullptr;
  ~fixture() {
    merit_roster_free(roster);
    merit_program_free(prog);
  }
};

// 200,000 rows: id i, x = i * 7919 mod 1,000,001 (distinct values).
void build(fixture& f, std::size_t n) {
  ASSERT_EQ(merit_program_compile(&f.prog, scheme, MERIT_NTS, "b.merit"), MERIT_OK) << merit_program_errmsg(f.prog);
  ASSERT_EQ(merit_roster_new(&f.roster, f.prog), MERIT_OK);
  std::vector<std::int64_t> id(n), x(n);
  for (std::size_t i = 0; i < n; ++i) {
    id[i] = static_cast<std::int64_t>(i);
    x[i] = static_cast<std::int64_t>(i * 7919 % 1000001);
  }
  ASSERT_EQ(merit_roster_set_ints(f.roster, "id", id.data(), nullptr, n), MERIT_OK);
  ASSERT_EQ(merit_roster_set_ints(f.roster, "x", x.data(), nullptr, n), MERIT_OK);
  ASSERT_EQ(merit_roster_finish(f.roster), MERIT_OK);
}

std::string json_of(merit_result* r) {
  const char* j = nullptr;
  EXPECT_EQ(merit_result_json(&j, r, 0), MERIT_OK);
  return j ? j : "";
}

TEST(CapiBudgetTest, CodeIsAppendedAndNamed) {
  EXPECT_EQ(MERIT_E_BUDGET, 8);  // after MERIT_E_INTERNAL (7); 0..7 never change
  EXPECT_STREQ(merit_errstr(MERIT_E_BUDGET), "time limit exceeded");
  EXPECT_EQ(MERIT_EVAL_OPTIONS_VERSION, 2);
  merit_eval_options o;
  std::memset(&o, 0x5a, sizeof o);
  ASSERT_EQ(merit_eval_options_init(&o, MERIT_EVAL_OPTIONS_VERSION), MERIT_OK);
  EXPECT_EQ(o.time_limit_ms, 0u);
  EXPECT_EQ(o.version, 2u);
}

TEST(CapiBudgetTest, OneMillisecondOverManyRowsFails) {
  fixture f;
  build(f, 200000);
  for (unsigned threads : {1u, 2u}) {
    merit_eval_options o = MERIT_EVAL_OPTIONS_INIT;
    o.threads = threads;
    o.time_limit_ms = 1;
    merit_result* r = reinterpret_cast<merit_result*>(1);
    EXPECT_EQ(merit_program_evaluate(&r, f.prog, f.roster, &o), MERIT_E_BUDGET);
    EXPECT_EQ(r, nullptr);  // nothing partial
    EXPECT_EQ(std::string(merit_last_errmsg()).rfind("evaluation stopped after ", 0), 0u) << merit_last_errmsg();
  }
}

TEST(CapiBudgetTest, GenerousLimitChangesNothing) {
  fixture f;
  build(f, 20000);
  merit_result* plain = nullptr;
  ASSERT_EQ(merit_program_evaluate(&plain, f.prog, f.roster, nullptr), MERIT_OK);
  merit_eval_options o = MERIT_EVAL_OPTIONS_INIT;
  o.time_limit_ms = 24ull * 3600 * 1000;
  merit_result* limited = nullptr;
  ASSERT_EQ(merit_program_evaluate(&limited, f.prog, f.roster, &o), MERIT_OK);
  EXPECT_EQ(json_of(limited), json_of(plain));
  // UINT64_MAX milliseconds is no limit either.
  merit_result* huge = nullptr;
  o.time_limit_ms = UINT64_MAX;
  ASSERT_EQ(merit_program_evaluate(&huge, f.prog, f.roster, &o), MERIT_OK);
  EXPECT_EQ(json_of(huge), json_of(plain));
  merit_result_free(huge);
  merit_result_free(limited);
  merit_result_free(plain);
}

// An old caller's struct is shorter. It is placed at the very end of a page
// whose next page is inaccessible: reading or writing time_limit_ms (or
// anything past the version-1 fields) would crash this test.
TEST(CapiBudgetTest, VersionOneStructStillWorks) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  void* mem = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  ASSERT_EQ(mprotect(static_cast<char*>(mem) + page, page, PROT_NONE), 0);
  auto* old = reinterpret_cast<options_v1*>(static_cast<char*>(mem) + page - sizeof(options_v1));

  ASSERT_EQ(merit_eval_options_init(reinterpret_cast<merit_eval_options*>(old), 1), MERIT_OK);
  EXPECT_EQ(old->version, 1u);
  EXPECT_EQ(old->lenient, 0);
  EXPECT_EQ(old->threads, 1u);
  EXPECT_EQ(old->param_count, 0u);

  fixture f;
  build(f, 200000);
  old->threads = 2;
  merit_result* r = nullptr;
  // No time limit in a version-1 struct: the big roster is evaluated in full.
  ASSERT_EQ(merit_program_evaluate(&r, f.prog, f.roster, reinterpret_cast<const merit_eval_options*>(old)),
            MERIT_OK)
      << merit_last_errmsg();
  size_t n = 0;
  ASSERT_EQ(merit_result_candidate_count(&n, r), MERIT_OK);
  EXPECT_EQ(n, 200000u);
  merit_result_free(r);
  munmap(mem, 2 * page);
}

TEST(CapiBudgetTest, UnknownVersionIsStillMisuse) {
  merit_eval_options o = MERIT_EVAL_OPTIONS_INIT;
  EXPECT_EQ(merit_eval_options_init(&o, 3), MERIT_E_MISUSE);
  fixture f;
  build(f, 10);
  o.version = 3;
  merit_result* r = nullptr;
  EXPECT_EQ(merit_program_evaluate(&r, f.prog, f.roster, &o), MERIT_E_MISUSE);
  EXPECT_EQ(r, nullptr);
}

}  // namespace
