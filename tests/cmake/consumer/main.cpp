// SPDX-License-Identifier: Apache-2.0
// merit - packaging test: compile a scheme through the installed library
#include <fstream>
#include <iostream>
#include <sstream>

#include <merit/merit.hpp>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  auto r = merit::compile(text.str(), argv[1]);
  if (!r.ok()) {
    for (auto& d : r.diagnostics) std::cerr << merit::format_diagnostic(r.source, d);
    return 1;
  }
  std::cout << r.program->scheme_name() << "\ninputs: " << r.program->inputs().size() << "\n";
  return 0;
}
