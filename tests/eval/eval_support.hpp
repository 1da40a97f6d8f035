// SPDX-License-Identifier: Apache-2.0
// merit - helpers for the evaluation tests: compile a scheme, build a roster
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "merit/evaluate.hpp"
#include "merit/program.hpp"
#include "merit/roster.hpp"

namespace merit::test {

/// Compiles `text`, throwing with every diagnostic when it does not compile.
inline merit::program compile_ok(std::string_view text) {
  merit::compile_result r = merit::compile(text, "test.merit");
  if (!r.ok()) {
    std::string all;
    for (const auto& d : r.diagnostics) all += merit::format_diagnostic(r.source, d);
    throw std::runtime_error("scheme does not compile:\n" + all);
  }
  return *r.program;
}

/// A roster from rows of cells in schema order; an empty cell is missing.
inline merit::roster make_roster(const merit::program& p, const std::vector<std::vector<std::string>>& rows) {
  merit::roster_builder b(p.inputs());
  for (const auto& row : rows) {
    std::vector<std::optional<std::string_view>> cells;
    for (const auto& c : row) cells.emplace_back(c.empty() ? std::nullopt : std::optional<std::string_view>(c));
    b.add_row(std::span<const std::optional<std::string_view>>(cells));
  }
  return b.finish();
}

inline merit::eval_options lenient(bool explain = false) {
  merit::eval_options o;
  o.lenient = true;
  o.explain = explain;
  return o;
}

}  // namespace merit::test
