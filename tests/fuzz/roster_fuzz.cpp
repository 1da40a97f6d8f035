// SPDX-License-Identifier: Apache-2.0
// merit - fuzz target: read arbitrary bytes as a CSV roster for the library scheme and evaluate leniently
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "merit/evaluate.hpp"
#include "merit/program.hpp"
#include "merit/roster.hpp"

namespace {

const merit::program& library() {
  static const merit::program prog = [] {
    std::ifstream in(MERIT_SOURCE_DIR "/examples/04-library/scheme.merit", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    merit::compile_result r = merit::compile(s.str(), "library.merit");
    if (!r.ok()) std::abort();
    return *r.program;
  }();
  return prog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const merit::program& prog = library();
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    merit::roster rows = merit::read_csv_text(prog.inputs(), std::move(text), "fuzz.csv");
    merit::eval_options opt;
    opt.lenient = true;
    merit::result res = merit::evaluate(prog, rows, opt);
    // Invariants: one candidate per row, every row counted once, error rows
    // carry a reason, and only eligible rows have a score.
    if (res.candidates.size() != rows.rows()) std::abort();
    if (res.eligible + res.ineligible + res.vetoed + res.errors != rows.rows()) std::abort();
    for (const merit::candidate& c : res.candidates) {
      if (c.status == merit::status::error && c.reasons.empty()) std::abort();
      if (c.status != merit::status::eligible && !c.score.is_null()) std::abort();
      if (c.status == merit::status::error && c.selected) std::abort();
    }
  } catch (const merit::roster_error&) {
    // unusable as a whole: a clear error, fine
  }
  return 0;
}
