// SPDX-License-Identifier: Apache-2.0
// merit - a test case as a scheme text and a CSV roster text, evaluated
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "merit/merit.hpp"

namespace merit::test {

/// Compiles `scheme` (named case.merit; a compile error fails the test,
/// showing every diagnostic), reads `csv` (case.csv) against its inputs and
/// evaluates it, lenient or strict.
inline merit::result run_case(const std::string& scheme, const std::string& csv, bool lenient) {
  auto compiled = merit::compile(scheme, "case.merit");
  std::string diags;
  for (const auto& d : compiled.diagnostics) diags += merit::format_diagnostic(compiled.source, d);
  EXPECT_TRUE(compiled.ok()) << diags;
  if (!compiled.ok()) return {};
  merit::roster roster = merit::read_csv_text(compiled.program->inputs(), csv, "case.csv");
  merit::eval_options opt;
  opt.lenient = lenient;
  return merit::evaluate(*compiled.program, roster, opt);
}

}  // namespace merit::test
