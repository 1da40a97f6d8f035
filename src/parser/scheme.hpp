// SPDX-License-Identifier: Apache-2.0
// merit - the declaration rule of the scheme grammar (defined in scheme_def.hpp)
#pragma once

#include "parser/config.hpp"

#include "merit/ast.hpp"

namespace merit::detail::parser {

struct decl_class;
using decl_type = x3::rule<decl_class, ast::decl>;
BOOST_SPIRIT_DECLARE(decl_type)

/// One declaration; on a syntax error it throws parse_error
/// (error_handler.hpp), and it fails without consuming when no declaration
/// starts here.
decl_type const& decl();

}  // namespace merit::detail::parser
