// SPDX-License-Identifier: Apache-2.0
// merit - the parser's entry point (Spirit stays behind this header)
#pragma once

#include <vector>

#include "merit/ast.hpp"
#include "merit/diagnostic.hpp"

namespace merit::detail {

struct parse_result {
  ast::program program;                  ///< every declaration that parsed
  std::vector<diagnostic> diagnostics;   ///< syntax errors, in source order
};

/// Parses a whole scheme. Never throws on bad input: each syntax error
/// becomes a diagnostic and parsing resumes at the next declaration, so one
/// call reports every syntax error of the file. Lexical errors (invalid
/// UTF-8, U+3000 and full-width punctuation, bad literals such as
/// `2023-1-5`) are diagnostics too.
parse_result parse(const source_file& src);

}  // namespace merit::detail
