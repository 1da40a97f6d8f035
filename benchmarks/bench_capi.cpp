// SPDX-License-Identifier: Apache-2.0
// merit - benchmark: one candidate's evaluation through the C ABI
#include <benchmark/benchmark.h>

#include <array>
#include <sstream>
#include <string>
#include <vector>

#include "merit/merit.h"
#include "support/bench_timing.hpp"
#include "support/library_peer.hpp"

namespace merit::bench {

namespace {

// The first data row of the generated roster, as its 13 text cells.
std::vector<std::string> first_row() {
  std::istringstream in(read_file(roster_path(10000)));
  std::string header, line;
  std::getline(in, header);
  std::getline(in, line);
  std::vector<std::string> cells;
  std::stringstream ss(line);
  for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
  return cells;
}

// One roster of one row, evaluated; returns the candidate's score text (or
// an empty string) through `score`, and the status code.
int evaluate_one(const merit_program* program, const std::array<const char*, 13>& cells, std::string* score) {
  ::merit_roster* rows = nullptr;
  int rc = merit_roster_new(&rows, program);
  if (rc == MERIT_OK) rc = merit_roster_add_row(rows, cells.data(), cells.size());
  merit_result* result = nullptr;
  if (rc == MERIT_OK) rc = merit_program_evaluate(&result, program, rows, nullptr);
  if (rc == MERIT_OK && score) {
    const char* s = nullptr;
    if (merit_result_get_score(&s, result, 0) == MERIT_OK && s) *score = s;
  }
  merit_result_free(result);
  merit_roster_free(rows);
  return rc;
}

void BM_CApi_OneCandidate(benchmark::State& state) {
  merit_program* program = nullptr;
  const std::string& text = scheme_text();
  if (merit_program_compile(&program, text.data(), text.size(), "library.merit") != MERIT_OK) {
    state.SkipWithError("library.merit did not compile through the C ABI");
    merit_program_free(program);
    return;
  }
  const std::vector<std::string> row = first_row();
  if (row.size() != 13) {
    state.SkipWithError("the generated roster's first row does not have 13 cells");
    merit_program_free(program);
    return;
  }
  std::array<const char*, 13> cells{};
  for (std::size_t i = 0; i < cells.size(); ++i) cells[i] = row[i].c_str();

  // Reference: the peer's score for the same one-row roster.
  std::string csv = "id,group,director,committee,heads,staff,last_prize,absent_days,personal_leave_days,lapses,"
                    "grid_score,bonus,complaints\n";
  for (std::size_t i = 0; i < row.size(); ++i) csv += (i ? "," : "") + row[i];
  csv += '\n';
  merit::peer::library_roster peer_roster;
  std::string error;
  merit::peer::library_result peer;
  if (!merit::peer::read_library_csv(csv, peer_roster, error)) {
    state.SkipWithError(("the peer cannot read the row: " + error).c_str());
    merit_program_free(program);
    return;
  }
  merit::peer::evaluate_library(peer_roster, peer);
  std::string score;
  if (evaluate_one(program, cells, &score) != MERIT_OK ||
      (!peer.vetoed[0] && score != merit::peer::score_text(peer.score[0]))) {
    state.SkipWithError(("one candidate through the C ABI disagrees with the peer: " + score).c_str());
    merit_program_free(program);
    return;
  }
  timed_loop(state, "CApi/OneCandidate", "", 1, 0, [&] {
    const int rc = evaluate_one(program, cells, nullptr);
    benchmark::DoNotOptimize(rc);
  });
  merit_program_free(program);
}

}  // namespace

void register_capi() {
  benchmark::RegisterBenchmark("BM_CApi_OneCandidate", BM_CApi_OneCandidate)->Unit(benchmark::kMicrosecond);
}

}  // namespace merit::bench
