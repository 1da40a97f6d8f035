// SPDX-License-Identifier: Apache-2.0
// merit - the parser's iterator, skipper and context types
//
// The grammar runs over code points (a std::u32string decoded once from the
// validated UTF-8), so only x3::unicode classes and literals are used: X3's
// `standard` classifiers must never see a code point above 0x7F.
#pragma once

#ifndef BOOST_SPIRIT_X3_UNICODE
#define BOOST_SPIRIT_X3_UNICODE
#endif

#include <cstdint>
#include <string>
#include <vector>

#include <boost/spirit/home/x3.hpp>

namespace merit::detail::parser {

namespace x3 = boost::spirit::x3;

using iterator_type = std::u32string::const_iterator;

/// Skips what separates tokens: ASCII space, tab, CR, LF, and `#` comments
/// to the end of the line. Anything else (U+3000 included) is not skipped.
struct skipper_parser : x3::parser<skipper_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
    const It start = first;
    while (first != last) {
      const char32_t c = *first;
      if (c == U' ' || c == U'\t' || c == U'\r' || c == U'\n') {
        ++first;
      } else if (c == U'#') {
        while (first != last && *first != U'\n') ++first;
      } else {
        break;
      }
    }
    return first != start;
  }
};

inline constexpr skipper_parser skipper{};

struct state_tag;
struct parse_state;

using skipper_context_type = x3::context<x3::skipper_tag, skipper_parser const, x3::unused_type>;
using context_type = x3::context<state_tag, parse_state, skipper_context_type>;

}  // namespace merit::detail::parser
