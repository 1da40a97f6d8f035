// SPDX-License-Identifier: Apache-2.0
// merit - the one translation unit that instantiates the scheme grammar
#include "parser/scheme_def.hpp"

namespace merit::detail::parser {

BOOST_SPIRIT_INSTANTIATE(decl_type, iterator_type, context_type)

}  // namespace merit::detail::parser
