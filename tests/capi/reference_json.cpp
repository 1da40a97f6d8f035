// SPDX-License-Identifier: Apache-2.0
// merit - prints a CSV roster's lenient result as JSON, straight from the C++ API
#include <fstream>
#include <iostream>
#include <sstream>

#include "merit/merit.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: capi_reference_json SCHEME ROSTER.csv\n";
    return 3;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto compiled = merit::compile(text.str(), argv[1]);
  if (!compiled.ok()) {
    for (const auto& d : compiled.diagnostics) std::cerr << merit::format_diagnostic(compiled.source, d);
    return 1;
  }
  merit::roster rows = merit::read_csv_file(compiled.program->inputs(), argv[2]);
  merit::eval_options options;
  options.lenient = true;
  std::cout << merit::to_json(merit::evaluate(*compiled.program, rows, options));
  return 0;
}
