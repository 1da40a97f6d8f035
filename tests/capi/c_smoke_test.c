/* SPDX-License-Identifier: Apache-2.0 */
/* merit - C99 smoke test of the whole C API (built as C, run under ASan) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merit/merit.h"

static int failures = 0;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n",        \
              __FILE__, __LINE__, #cond, merit_last_errmsg());             \
      ++failures;                                                          \
    }                                                                      \
  } while (0)

#define CHECK_RC(expr, want) CHECK((expr) == (want))

static const char* scheme_path(void) { return MERIT_SHARED_DIR "/bench/library.merit"; }

/* A small scheme whose results can be worked out by hand. */
static const char small_scheme[] =
    "scheme \"small\"\n"
    "input {\n"
    "  id: text key\n"
    "  points: decimal in [0, 100]\n"
    "  years: int = 0\n"
    "  senior: bool = false\n"
    "}\n"
    "require \"enough years\": years >= 1\n"
    "score = points\n";

static void test_versions(void) {
  CHECK(strcmp(merit_version(), MERIT_VERSION_STRING) == 0);
  CHECK(merit_version_number() == MERIT_VERSION_NUMBER);
  CHECK(merit_version_number() / 10000 == MERIT_VERSION_MAJOR);
  CHECK(merit_abi_version() == MERIT_ABI_VERSION);
  CHECK(strcmp(merit_errstr(MERIT_E_DATA), "data error") == 0);
  CHECK(strcmp(merit_errstr(12345), "unknown error") == 0);
  /* The fixed codes mirror the command line's exit codes. */
  CHECK(MERIT_E_COMPILE == 1 && MERIT_E_DATA == 2 && MERIT_E_USAGE == 3);
}

static void test_compile_error(void) {
  /* "stafff" is unknown: line 3; the column counts the CJK name as 2 code
     points: "let 總分 = " is 9 code points, so the name starts at column 10,
     byte offset 4 + 6 + 3 = 13 into the line. */
  const char* text = "scheme \"x\"\ninput { staff: int key }\nlet 總分 = stafff * 2\nscore = 總分\n";
  merit_program* p = NULL;
  size_t n = 0;
  const merit_diagnostic* d = NULL;
  size_t line3 = strlen("scheme \"x\"\ninput { staff: int key }\n");
  CHECK_RC(merit_program_compile(&p, text, MERIT_NTS, "bad.merit"), MERIT_E_COMPILE);
  CHECK(p != NULL);
  CHECK(strstr(merit_last_errmsg(), "bad.merit:3:10") != NULL);
  CHECK_RC(merit_program_diagnostic_count(&n, p), MERIT_OK);
  CHECK(n >= 1);
  CHECK_RC(merit_program_diagnostic_get(&d, p, 0), MERIT_OK);
  if (d) {
    CHECK(d->severity == MERIT_SEVERITY_ERROR);
    CHECK(d->line == 3);
    CHECK(d->column == 10);
    CHECK(d->byte_offset == line3 + 13);
    CHECK(d->byte_end == line3 + 13 + 6);
    CHECK(strstr(d->message, "stafff") != NULL);
    CHECK(strlen(d->code) > 0);
  }
  CHECK_RC(merit_program_diagnostic_get(&d, p, n), MERIT_E_USAGE);
  CHECK(d == NULL);
  CHECK(strstr(merit_program_errmsg(p), "^~~~~~") != NULL);
  {
    /* Everything but diagnostics is refused on a failed program. */
    merit_roster* r = NULL;
    const char* name = NULL;
    CHECK_RC(merit_roster_new(&r, p), MERIT_E_MISUSE);
    CHECK(r == NULL);
    CHECK_RC(merit_program_name(&name, p), MERIT_E_MISUSE);
  }
  merit_program_free(p);
}

static merit_program* compile_library(void) {
  merit_program* p = NULL;
  CHECK_RC(merit_program_compile_file(&p, scheme_path()), MERIT_OK);
  return p;
}

static void test_introspection(const merit_program* p) {
  size_t n = 0, i;
  const merit_input* in = NULL;
  const merit_stage* st = NULL;
  const char* s = NULL;
  CHECK_RC(merit_program_name(&s, p), MERIT_OK);
  CHECK(s && strcmp(s, "館務服務之星") == 0);
  /* library.merit declares 13 inputs: id .. complaints. */
  CHECK_RC(merit_program_input_count(&n, p), MERIT_OK);
  CHECK(n == 13);
  CHECK_RC(merit_program_input_get(&in, p, 0), MERIT_OK);
  CHECK(in && strcmp(in->name, "id") == 0 && in->type == MERIT_TYPE_TEXT && in->key == 1);
  CHECK_RC(merit_program_input_get(&in, p, 1), MERIT_OK);
  CHECK(in && in->type == MERIT_TYPE_ENUM && in->member_count == 2 && strcmp(in->members[1], "合同制館員") == 0);
  CHECK_RC(merit_program_input_get(&in, p, 2), MERIT_OK); /* director: decimal in [0, 100] */
  CHECK(in && in->type == MERIT_TYPE_DECIMAL && strcmp(in->lo, "0") == 0 && strcmp(in->hi, "100") == 0 &&
        in->default_value == NULL && in->optional == 0);
  CHECK_RC(merit_program_input_find(&i, p, "last_prize"), MERIT_OK);
  CHECK(i == 6);
  CHECK_RC(merit_program_input_get(&in, p, i), MERIT_OK); /* last_prize: int in [0, 3] = 0 */
  CHECK(in && in->type == MERIT_TYPE_INT && strcmp(in->default_value, "0") == 0);
  CHECK_RC(merit_program_input_find(&i, p, "nope"), MERIT_E_USAGE);
  CHECK(strstr(merit_last_errmsg(), "nope") != NULL);
  CHECK_RC(merit_program_input_get(&in, p, 13), MERIT_E_USAGE);
  CHECK_RC(merit_program_param_count(&n, p), MERIT_OK);
  CHECK(n == 0);
  CHECK_RC(merit_program_stage_count(&n, p), MERIT_OK);
  CHECK(n == 1);
  CHECK_RC(merit_program_stage_get(&st, p, 0), MERIT_OK);
  if (st) {
    CHECK(strcmp(st->name, "年度服務之星") == 0);
    CHECK(st->by_count == 1 && strcmp(st->by[0], "group") == 0);
    CHECK(st->tier_count == 3 && strcmp(st->tiers[0], "一等獎") == 0 && strcmp(st->tiers[2], "三等獎") == 0);
  }
  CHECK_RC(merit_program_tier_count(&n, p), MERIT_OK);
  CHECK(n == 3);
  CHECK_RC(merit_program_tier_get(&s, p, 1), MERIT_OK);
  CHECK(s && strcmp(s, "二等獎") == 0);
}

/* Rows of the small scheme, built by columns; values worked out by hand. */
static void test_columns(void) {
  merit_program* p = NULL;
  merit_roster* r = NULL;
  merit_result* res = NULL;
  const char* ids[] = {"A", "B", "C", "D"};
  const double points[] = {0.1, 87.25, 1e-7, 50};
  const int64_t years[] = {2, 5, 0, 3};
  const uint8_t years_valid[] = {1, 1, 1, 0}; /* D: default 0 */
  const uint8_t senior[] = {1, 0, 1, 0};
  merit_eval_options opt = MERIT_EVAL_OPTIONS_INIT;
  const char* s = NULL;
  int v = 0;
  size_t n = 0;
  int64_t rank = -1;
  CHECK_RC(merit_program_compile(&p, small_scheme, strlen(small_scheme), "small.merit"), MERIT_OK);
  CHECK_RC(merit_roster_new(&r, p), MERIT_OK);
  CHECK_RC(merit_roster_set_cells(r, "id", ids, 4), MERIT_OK);
  CHECK_RC(merit_roster_set_doubles(r, "points", points, NULL, 4), MERIT_OK);
  CHECK_RC(merit_roster_set_ints(r, "years", years, years_valid, 4), MERIT_OK);
  CHECK_RC(merit_roster_set_bools(r, "senior", senior, NULL, 4), MERIT_OK);
  /* Misuse of the builder: unknown field, wrong length, set twice. */
  CHECK_RC(merit_roster_set_ints(r, "nope", years, NULL, 4), MERIT_E_USAGE);
  CHECK(strstr(merit_last_errmsg(), "nope") != NULL);
  CHECK_RC(merit_roster_set_ints(r, "years", years, NULL, 3), MERIT_E_USAGE);
  CHECK_RC(merit_roster_add_row(r, ids, 4), MERIT_E_USAGE);
  CHECK_RC(merit_roster_row_count(&n, r), MERIT_OK);
  CHECK(n == 4);
  opt.lenient = 1;
  CHECK_RC(merit_program_evaluate(&res, p, r, &opt), MERIT_OK);
  CHECK_RC(merit_roster_set_ints(r, "years", years, NULL, 4), MERIT_E_MISUSE); /* finished */
  CHECK_RC(merit_result_candidate_count(&n, res), MERIT_OK);
  CHECK(n == 4);
  /* A: eligible, score 0.1 exactly (the double's shortest form). */
  CHECK_RC(merit_result_get_status(&v, res, 0), MERIT_OK);
  CHECK(v == MERIT_STATUS_ELIGIBLE);
  CHECK_RC(merit_result_get_score(&s, res, 0), MERIT_OK);
  CHECK(s && strcmp(s, "0.1") == 0);
  /* C: years 0 → ineligible, no score, reason is the require's label. */
  CHECK_RC(merit_result_get_status(&v, res, 2), MERIT_OK);
  CHECK(v == MERIT_STATUS_INELIGIBLE);
  CHECK_RC(merit_result_get_score(&s, res, 2), MERIT_OK);
  CHECK(s == NULL);
  CHECK_RC(merit_result_reason_count(&n, res, 2), MERIT_OK);
  CHECK(n == 1);
  CHECK_RC(merit_result_reason_get(&s, res, 2, 0), MERIT_OK);
  CHECK(s && strstr(s, "enough years") != NULL);
  /* D: years missing → default 0 → ineligible. */
  CHECK_RC(merit_result_get_status(&v, res, 3), MERIT_OK);
  CHECK(v == MERIT_STATUS_INELIGIBLE);
  CHECK_RC(merit_result_get_score(&s, res, 1), MERIT_OK);
  CHECK(s && strcmp(s, "87.25") == 0);
  CHECK_RC(merit_result_get_id(&s, res, 1), MERIT_OK);
  CHECK(s && strcmp(s, "B") == 0);
  CHECK_RC(merit_result_count_status(&n, res, MERIT_STATUS_ELIGIBLE), MERIT_OK);
  CHECK(n == 2);
  CHECK_RC(merit_result_count_status(&n, res, MERIT_STATUS_INELIGIBLE), MERIT_OK);
  CHECK(n == 2);
  CHECK_RC(merit_result_count_status(&n, res, 99), MERIT_E_USAGE);
  CHECK_RC(merit_result_get_rank(&rank, res, 0), MERIT_OK);
  CHECK(rank >= 0);
  CHECK_RC(merit_result_get_status(&v, res, 4), MERIT_E_USAGE);
  merit_result_free(res);
  merit_roster_free(r);
  merit_program_free(p);
}

static void test_scaled_and_rows(void) {
  merit_program* p = NULL;
  merit_roster* r = NULL;
  merit_result* res = NULL;
  const char* row1[] = {"A", "87.5", "2", "true"};
  const char* row2[] = {"B", "101", "2", NULL}; /* 101 is outside [0, 100] */
  const char* names[] = {"points", "id", "years"};
  const char* values[] = {"3", "C", "4"};
  const merit_data_error* e = NULL;
  const char* s = NULL;
  size_t n = 0;
  int v = 0;
  CHECK_RC(merit_program_compile(&p, small_scheme, MERIT_NTS, NULL), MERIT_OK);
  CHECK_RC(merit_roster_new(&r, p), MERIT_OK);
  CHECK_RC(merit_roster_add_row(r, row1, 4), MERIT_OK);
  CHECK_RC(merit_roster_add_row(r, row2, 4), MERIT_OK);
  CHECK_RC(merit_roster_add_row_named(r, names, values, 3), MERIT_OK);
  CHECK_RC(merit_roster_error_count(&n, r), MERIT_E_MISUSE); /* not finished */
  CHECK_RC(merit_roster_finish(r), MERIT_OK);
  CHECK_RC(merit_roster_error_count(&n, r), MERIT_OK);
  CHECK(n == 1);
  CHECK_RC(merit_roster_error_get(&e, r, 0), MERIT_OK);
  CHECK(e && e->row == 1 && strcmp(e->field, "points") == 0 && strstr(e->message, "101") != NULL);
  /* Strict: the error row fails the evaluation, but the result lists it. */
  CHECK_RC(merit_program_evaluate(&res, p, r, NULL), MERIT_E_DATA);
  CHECK(res != NULL);
  CHECK(strstr(merit_last_errmsg(), "101") != NULL);
  CHECK_RC(merit_result_get_status(&v, res, 1), MERIT_OK);
  CHECK(v == MERIT_STATUS_ERROR);
  CHECK_RC(merit_result_get_selected(&v, res, 0), MERIT_OK);
  CHECK(v == 0);
  merit_result_free(res);

  /* Scaled decimals: 8725 at scale 2 is 87.25; dates and texts_utf8. */
  merit_roster_free(r);
  CHECK_RC(merit_roster_new(&r, p), MERIT_OK);
  {
    const int64_t pts[] = {8725, -1, 5};
    const uint8_t ok[] = {1, 1, 1};
    const char data[] = "XYZ";
    const int64_t offs[] = {0, 1, 2, 3};
    const int64_t bad_offs[] = {0, 2, 1, 3};
    const int64_t yrs[] = {1, 1, 1};
    CHECK_RC(merit_roster_set_decimals_scaled(r, "points", pts, 2, ok, 3), MERIT_OK);
    CHECK_RC(merit_roster_set_texts_utf8(r, "id", data, bad_offs, NULL, 3), MERIT_E_USAGE);
    CHECK_RC(merit_roster_set_texts_utf8(r, "id", data, offs, NULL, 3), MERIT_OK);
    CHECK_RC(merit_roster_set_ints(r, "years", yrs, NULL, 3), MERIT_OK);
    CHECK_RC(merit_roster_set_decimals_scaled(r, "points", pts, 99, NULL, 3), MERIT_E_USAGE);
  }
  {
    merit_eval_options opt;
    CHECK_RC(merit_eval_options_init(&opt, MERIT_EVAL_OPTIONS_VERSION), MERIT_OK);
    CHECK(opt.version == MERIT_EVAL_OPTIONS_VERSION && opt.lenient == 0 && opt.threads == 1);
    CHECK_RC(merit_eval_options_init(&opt, 999), MERIT_E_MISUSE);
    merit_eval_options_init(&opt, MERIT_EVAL_OPTIONS_VERSION);
    opt.lenient = 1;
    CHECK_RC(merit_program_evaluate(&res, p, r, &opt), MERIT_OK);
  }
  CHECK_RC(merit_result_get_score(&s, res, 0), MERIT_OK);
  CHECK(s && strcmp(s, "87.25") == 0);
  CHECK_RC(merit_result_get_status(&v, res, 1), MERIT_OK); /* -0.01 is outside [0, 100] */
  CHECK(v == MERIT_STATUS_ERROR);
  CHECK_RC(merit_result_get_score(&s, res, 2), MERIT_OK); /* 5 at scale 2 = 0.05 */
  CHECK(s && strcmp(s, "0.05") == 0);
  CHECK_RC(merit_result_get_id(&s, res, 2), MERIT_OK);
  CHECK(s && strcmp(s, "Z") == 0);
  merit_result_free(res);
  merit_roster_free(r);
  merit_program_free(p);
}

static void test_library(const merit_program* p) {
  merit_roster* r = NULL;
  merit_result* res = NULL;
  merit_eval_options opt = MERIT_EVAL_OPTIONS_INIT;
  const char* csv = MERIT_CAPI_TEST_DIR "/library_small.csv";
  size_t n = 0, i, j, stages = 0, outputs = 0;
  const char* s = NULL;
  int v = 0;
  int64_t rank = 0;
  size_t selected = 0;
  CHECK_RC(merit_roster_read_csv(&r, p, "/nonexistent/roster.csv"), MERIT_E_IO);
  CHECK(r == NULL);
  CHECK_RC(merit_roster_read_csv(&r, p, csv), MERIT_OK);
  CHECK_RC(merit_roster_row_count(&n, r), MERIT_OK);
  CHECK(n == 10);
  /* Strict: row 9 (L0000009) has director 120, outside [0, 100]. */
  CHECK_RC(merit_program_evaluate(&res, p, r, &opt), MERIT_E_DATA);
  CHECK(strstr(merit_last_errmsg(), "120") != NULL);
  merit_result_free(res);
  opt.lenient = 1;
  opt.explain = 1;
  opt.threads = 2;
  CHECK_RC(merit_program_evaluate(&res, p, r, &opt), MERIT_OK);
  CHECK_RC(merit_result_candidate_count(&n, res), MERIT_OK);
  CHECK(n == 10);
  CHECK_RC(merit_result_stage_count(&stages, res), MERIT_OK);
  CHECK(stages == 1);
  CHECK_RC(merit_result_stage_name(&s, res, 0), MERIT_OK);
  CHECK(s && strcmp(s, "年度服務之星") == 0);
  CHECK_RC(merit_result_output_count(&outputs, res), MERIT_OK);
  CHECK(outputs == 0);
  CHECK_RC(merit_result_get_status(&v, res, 9), MERIT_OK);
  CHECK(v == MERIT_STATUS_ERROR);
  CHECK_RC(merit_result_get_status(&v, res, 8), MERIT_OK); /* complaints 1 → vetoed */
  CHECK(v == MERIT_STATUS_VETOED);
  CHECK_RC(merit_result_reason_get(&s, res, 8, 0), MERIT_OK);
  CHECK(s && strstr(s, "有效投訴") != NULL);
  CHECK_RC(merit_result_count_status(&n, res, MERIT_STATUS_ELIGIBLE), MERIT_OK);
  CHECK(n == 8);
  /* Read every accessor of every candidate; cross-check the last stage. */
  for (i = 0; i < 10; ++i) {
    int sel = 0, tie = 0, ssel = 0, entered = 0, stie = 0;
    const char* tier = NULL;
    const char* stier = NULL;
    int64_t srank = 0;
    CHECK_RC(merit_result_get_id(&s, res, i), MERIT_OK);
    CHECK(s != NULL);
    CHECK_RC(merit_result_get_selected(&sel, res, i), MERIT_OK);
    CHECK_RC(merit_result_get_tier(&tier, res, i), MERIT_OK);
    CHECK_RC(merit_result_get_rank(&rank, res, i), MERIT_OK);
    CHECK_RC(merit_result_get_tie(&tie, res, i), MERIT_OK);
    CHECK_RC(merit_result_cap_count(&n, res, i), MERIT_OK);
    for (j = 0; j < n; ++j) CHECK_RC(merit_result_cap_get(&s, res, i, j), MERIT_OK);
    CHECK_RC(merit_result_cap_get(&s, res, i, n), MERIT_E_USAGE);
    CHECK_RC(merit_result_reason_count(&n, res, i), MERIT_OK);
    CHECK_RC(merit_result_get_stage_entered(&entered, res, i, 0), MERIT_OK);
    CHECK_RC(merit_result_get_stage_selected(&ssel, res, i, 0), MERIT_OK);
    CHECK_RC(merit_result_get_stage_tier(&stier, res, i, 0), MERIT_OK);
    CHECK_RC(merit_result_get_stage_rank(&srank, res, i, 0), MERIT_OK);
    CHECK_RC(merit_result_get_stage_tie(&stie, res, i, 0), MERIT_OK);
    CHECK_RC(merit_result_get_stage_tier(&s, res, i, 1), MERIT_E_USAGE);
    CHECK(ssel == sel);
    CHECK(srank == rank);
    CHECK((tier == NULL) == (stier == NULL));
    CHECK(sel == (tier != NULL));
    selected += (size_t)sel;
  }
  /* 正式館員 has 7 eligible candidates: quota round_half_up(40% * 7) = 3,
     一等獎 round_half_up(15% * 3) = 0, 二等獎 round_half_up(35% * 3) = 1,
     三等獎 the rest, 2. L0000003 ranks first but its cap "網格化考核居后50%"
     allows no tier; L0000000 (83.772, second) is capped at 二等獎 and gets
     it. So at most 3 selected overall (one more in 合同制館員). */
  CHECK_RC(merit_result_get_tier(&s, res, 0), MERIT_OK);
  CHECK(s && strcmp(s, "二等獎") == 0);
  CHECK_RC(merit_result_get_rank(&rank, res, 0), MERIT_OK);
  CHECK(rank == 2);
  CHECK_RC(merit_result_get_selected(&v, res, 3), MERIT_OK);
  CHECK(v == 0);
  CHECK(selected <= 4);
  CHECK_RC(merit_result_get_output(&s, res, 0, 0), MERIT_E_USAGE);
  CHECK_RC(merit_result_warning_count(&n, res), MERIT_OK);
  CHECK_RC(merit_result_json(&s, res, 0), MERIT_OK);
  CHECK(s && strstr(s, "\"L0000000\"") != NULL && strstr(s, "年度服務之星") != NULL);
  CHECK_RC(merit_result_json(&s, res, MERIT_JSON_VALUES), MERIT_OK);
  CHECK(s && strstr(s, "weighted_score") != NULL);
  CHECK_RC(merit_result_json(&s, res, 0x80), MERIT_E_USAGE);
  CHECK_RC(merit_result_explain(&s, res, "L0000001"), MERIT_OK);
  CHECK(s && strstr(s, "weighted_score") != NULL);
  CHECK_RC(merit_result_explain(&s, res, "nobody"), MERIT_E_USAGE);
  CHECK(strstr(merit_last_errmsg(), "nobody") != NULL);
  merit_result_free(res);
  merit_roster_free(r);
}

static void test_misuse(merit_program* p) {
  merit_program* q = NULL;
  merit_roster* r = NULL;
  merit_roster* freed = NULL;
  merit_result* res = NULL;
  size_t n = 0;
  const char* s = NULL;
  CHECK_RC(merit_program_compile(NULL, "x", 1, NULL), MERIT_E_MISUSE);
  CHECK_RC(merit_program_compile(&q, NULL, 0, NULL), MERIT_E_MISUSE);
  CHECK(q == NULL);
  CHECK_RC(merit_program_compile_file(&q, "/nonexistent/x.merit"), MERIT_E_IO);
  CHECK_RC(merit_program_input_count(NULL, p), MERIT_E_MISUSE);
  CHECK_RC(merit_program_input_count(&n, NULL), MERIT_E_MISUSE);
  CHECK_RC(merit_roster_new(&r, NULL), MERIT_E_MISUSE);
  CHECK_RC(merit_roster_set_ints(NULL, "x", NULL, NULL, 0), MERIT_E_MISUSE);
  CHECK_RC(merit_program_evaluate(&res, p, NULL, NULL), MERIT_E_MISUSE);
  CHECK_RC(merit_program_evaluate(&res, NULL, NULL, NULL), MERIT_E_MISUSE);
  CHECK_RC(merit_result_candidate_count(&n, NULL), MERIT_E_MISUSE);
  CHECK_RC(merit_result_json(&s, NULL, 0), MERIT_E_MISUSE);
  /* A handle of the wrong kind is refused, not misread. */
  CHECK_RC(merit_result_candidate_count(&n, (const merit_result*)p), MERIT_E_MISUSE);
  /* A freed handle is refused. */
  CHECK_RC(merit_roster_new(&freed, p), MERIT_OK);
  merit_roster_free(freed);
  CHECK_RC(merit_roster_row_count(&n, freed), MERIT_E_MISUSE);
  CHECK(strstr(merit_last_errmsg(), "roster") != NULL);
  merit_roster_free(freed); /* double free is detected, not performed */
  /* Destructors accept NULL. */
  merit_program_free(NULL);
  merit_roster_free(NULL);
  merit_result_free(NULL);
  /* A bad options version is refused. */
  CHECK_RC(merit_roster_new(&r, p), MERIT_OK);
  {
    merit_eval_options opt = MERIT_EVAL_OPTIONS_INIT;
    const char* pn[] = {"nope"};
    const char* pv[] = {"1"};
    opt.version = 77;
    CHECK_RC(merit_program_evaluate(&res, p, r, &opt), MERIT_E_MISUSE);
    opt.version = MERIT_EVAL_OPTIONS_VERSION;
    opt.param_count = 1;
    opt.param_names = pn;
    opt.param_values = pv;
    CHECK_RC(merit_program_evaluate(&res, p, r, &opt), MERIT_E_USAGE);
    CHECK(res == NULL);
    CHECK(strstr(merit_last_errmsg(), "nope") != NULL);
  }
  merit_roster_free(r);
}

int main(void) {
  merit_program* lib;
  test_versions();
  test_compile_error();
  lib = compile_library();
  if (lib) {
    test_introspection(lib);
    test_library(lib);
    test_misuse(lib);
  }
  test_columns();
  test_scaled_and_rows();
  merit_program_free(lib);
  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("all checks passed\n");
  return 0;
}
