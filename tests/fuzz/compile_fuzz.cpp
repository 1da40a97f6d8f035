// SPDX-License-Identifier: Apache-2.0
// merit - fuzz target: compile arbitrary bytes as a scheme
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "merit/program.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  merit::compile_result r = merit::compile(text, "fuzz.merit");
  // Invariants: a program exactly when no error; every diagnostic formats.
  bool error = false;
  for (const merit::diagnostic& d : r.diagnostics) {
    if (d.severity == merit::severity::error) error = true;
    if (d.where.begin > size || d.where.end > size || d.where.begin > d.where.end) std::abort();
    (void)merit::format_diagnostic(r.source, d);
  }
  if (error == r.ok()) std::abort();
  if (r.ok()) {
    (void)r.program->inputs();
    (void)r.program->params();
    (void)r.program->stages();
    (void)r.program->tiers();
  }
  return 0;
}
