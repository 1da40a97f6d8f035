// SPDX-License-Identifier: Apache-2.0
// merit - the checker's entry point
#pragma once

#include <vector>

#include "checker/model.hpp"
#include "merit/ast.hpp"
#include "merit/diagnostic.hpp"

namespace merit::detail {

struct check_result {
  model checked;                        ///< meaningful only when no error was reported
  std::vector<diagnostic> diagnostics;  ///< every error found, in source order
};

/// Resolves names, assigns static types and enforces every rule of
/// LANGUAGE.md sections 3, 4 and 11 that can be decided without data.
/// Reports all errors of the program, not only the first.
check_result check(const ast::program& program, const source_file& src);

}  // namespace merit::detail
