// SPDX-License-Identifier: Apache-2.0
// merit - lexical pieces of the grammar: characters, reserved words, literals
#pragma once

#include "parser/error_handler.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/spirit/home/support/char_encoding/unicode.hpp>

#include "merit/ast.hpp"

namespace merit::detail::parser {

inline bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

/// A letter in Unicode's sense (the same classification as x3::unicode::alpha).
inline bool is_letter(char32_t c) {
  return c <= 0x10FFFF && boost::spirit::char_encoding::unicode::isalpha(static_cast<boost::uint32_t>(c));
}

inline bool is_ident_char(char32_t c) { return c == U'_' || is_ascii_digit(c) || is_letter(c); }

/// The reserved words of LANGUAGE.md section 1.
inline constexpr std::array<std::u32string_view, 45> reserved_words = {
    U"scheme", U"input", U"key",   U"in",      U"param",    U"let",  U"score", U"require", U"veto",
    U"cap",    U"none",  U"check", U"output",  U"select",   U"by",   U"from",  U"eligible", U"all",
    U"order",  U"asc",   U"desc",  U"quota",   U"tier",     U"rest", U"ties",  U"share",   U"over",
    U"if",     U"then",  U"else",  U"match",   U"and",      U"or",   U"not",   U"true",    U"false",
    U"int",    U"decimal", U"bool", U"text",   U"date",     U"enum", U"when",  U"where",   U"optional"};

inline bool is_reserved(std::u32string_view word) {
  return std::find(reserved_words.begin(), reserved_words.end(), word) != reserved_words.end();
}

inline void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

inline bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/// `YYYY-MM-DD` with a real calendar day (proleptic Gregorian, years 1-9999).
inline bool is_valid_date(std::u32string_view s) {
  if (s.size() != 10 || s[4] != U'-' || s[7] != U'-') return false;
  int v[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (int i = 0; i < lens[k]; ++i) {
      const char32_t c = s[static_cast<std::size_t>(starts[k] + i)];
      if (!is_ascii_digit(c)) return false;
      v[k] = v[k] * 10 + static_cast<int>(c - U'0');
    }
  }
  static constexpr int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1) return false;
  const int limit = days[v[1] - 1] + (v[1] == 2 && is_leap_year(v[0]) ? 1 : 0);
  return v[2] <= limit;
}

/// Does a run of ASCII digits fit an int64 (or its negation, when `negative`)?
inline bool fits_int64(std::u32string_view digits, bool negative) {
  std::size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == U'0') ++i;  // leading zeros
  std::u32string_view d = digits.substr(i);
  const std::u32string_view max = negative ? U"9223372036854775808" : U"9223372036854775807";
  if (d.size() != max.size()) return d.size() < max.size();
  return d <= max;
}

/// Significant digits of a decimal as written: leading zeros do not count,
/// trailing zeros do.
inline std::size_t significant_digits(std::u32string_view number) {
  std::size_t n = 0;
  bool started = false;
  for (char32_t c : number) {
    if (!is_ascii_digit(c)) continue;
    if (c != U'0') started = true;
    if (started) ++n;
  }
  return n;
}

inline constexpr std::size_t max_significant_digits = 34;

/// The literal tokens: numbers (int, decimal, percent), dates and strings,
/// validated as they are read. A malformed literal is an error right here
/// (`2023-1-5` is a bad date, never a subtraction).
struct literal_parser : x3::parser<literal_parser> {
  using attribute_type = ast::literal;
  static bool const has_attribute = true;

  constexpr literal_parser(bool numbers_ = true, bool dates_ = true, bool strings_ = true, bool negated_ = false)
      : numbers(numbers_), dates(dates_), strings(strings_), negated(negated_) {}

  bool numbers;  ///< int, decimal, percent
  bool dates;
  bool strings;
  bool negated;  ///< preceded by `-` in a `lit` (admits -9223372036854775808)

  template <class It, class Ctx, class RCtx, class Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    if (first == last) return false;
    auto& st = state_of(ctx);
    const char32_t c = *first;
    ast::literal lit;
    It end;
    if (c == U'"') {
      if (!strings) return false;
      end = read_string(first, last, st, lit);
    } else if (c == U'.' && first + 1 != last && is_ascii_digit(first[1])) {
      It e = first + 1;
      while (e != last && is_ident_char(*e)) ++e;
      throw parse_error{st.span_of(first, e), "bad-literal",
                        "'" + st.utf8(first, e) + "' is not a valid number (write a digit before the '.')",
                        "write 0" + st.utf8(first, e)};
    } else if (is_ascii_digit(c)) {
      end = read_number(first, last, st, lit);
      if (end == first) return false;
    } else {
      return false;
    }
    lit.where = st.span_of(first, end);
    first = end;
    x3::traits::move_to(std::move(lit), attr);
    return true;
  }

 private:

  template <class It>
  static It skip_digits(It it, It const& last) {
    while (it != last && is_ascii_digit(*it)) ++it;
    return it;
  }

  template <class It>
  It read_string(It const& first, It const& last, parse_state& st, ast::literal& lit) const {
    lit.kind = ast::literal_kind::string;
    It it = first + 1;
    for (;;) {
      if (it == last || *it == U'\n' || *it == U'\r') {
        throw parse_error{st.span_of(first, first + 1), "bad-literal", "unterminated string",
                          "close the string with '\"' on the same line"};
      }
      const char32_t c = *it;
      if (c == U'"') return it + 1;
      if (c == U'\\') {
        const It esc = it;
        ++it;
        if (it == last || *it == U'\n' || *it == U'\r') continue;  // reported as unterminated
        switch (*it) {
          case U'"': lit.text += '"'; break;
          case U'\\': lit.text += '\\'; break;
          case U'n': lit.text += '\n'; break;
          default:
            throw parse_error{st.span_of(esc, it + 1), "bad-literal",
                              "'" + st.utf8(esc, it + 1) + "' is not a valid escape",
                              "the escapes are \\\" \\\\ and \\n"};
        }
        ++it;
        continue;
      }
      append_utf8(lit.text, c);
      ++it;
    }
  }

  template <class It>
  It read_number(It const& first, It const& last, parse_state& st, ast::literal& lit) const {
    It it = skip_digits(first, last);
    // Three digit groups joined by '-' are a date token.
    if (it != last && *it == U'-' && it + 1 != last && is_ascii_digit(it[1])) {
      It g2 = skip_digits(it + 1, last);
      if (g2 != last && *g2 == U'-' && g2 + 1 != last && is_ascii_digit(g2[1])) {
        It e = skip_digits(g2 + 1, last);
        check_token_end(first, e, last, st);
        const std::u32string_view text(&*first, static_cast<std::size_t>(e - first));
        if (!dates) {
          throw parse_error{st.span_of(first, e), "bad-literal",
                            "'-' can only come before a number, not the date '" + st.utf8(first, e) + "'", {}};
        }
        if (!is_valid_date(text)) {
          throw parse_error{st.span_of(first, e), "bad-literal",
                            "'" + st.utf8(first, e) + "' is not a valid date (write YYYY-MM-DD)", {}};
        }
        lit.kind = ast::literal_kind::date;
        lit.text = st.utf8(first, e);
        return e;
      }
    }
    if (!numbers) return first;
    lit.kind = ast::literal_kind::integer;
    if (it != last && *it == U'.') {
      if (it + 1 == last || !is_ascii_digit(it[1])) {
        throw parse_error{st.span_of(first, it + 1), "bad-literal",
                          "'" + st.utf8(first, it + 1) + "' is not a valid number (write a digit after the '.')",
                          {}};
      }
      it = skip_digits(it + 1, last);
      lit.kind = ast::literal_kind::decimal;
    }
    const It number_end = it;
    if (it != last && *it == U'%') {
      ++it;
      lit.kind = ast::literal_kind::percent;
    }
    check_token_end(first, it, last, st);
    if (lit.kind != ast::literal_kind::percent) {
      It sp = it;
      while (sp != last && (*sp == U' ' || *sp == U'\t')) ++sp;
      if (sp != last && *sp == U'%') {
        throw parse_error{st.span_of(first, sp + 1), "bad-literal", "no space is allowed before '%'",
                          "write '" + st.utf8(first, it) + "%'"};
      }
    }
    const std::u32string_view digits(&*first, static_cast<std::size_t>(number_end - first));
    if (lit.kind == ast::literal_kind::integer) {
      if (!fits_int64(digits, negated)) {
        throw parse_error{st.span_of(first, it), "bad-literal",
                          "'" + st.utf8(first, it) + "' does not fit a 64-bit integer", {}};
      }
    } else if (significant_digits(digits) > max_significant_digits) {
      throw parse_error{st.span_of(first, it), "bad-literal",
                        "'" + st.utf8(first, it) + "' has " + std::to_string(significant_digits(digits)) +
                            " significant digits (at most 34)",
                        {}};
    }
    lit.text = st.utf8(first, number_end);
    return it;
  }

  /// A number or date running straight into a letter, digit or '.' is one
  /// malformed token (`1e5`, `12abc`, `1.2.3`), not two.
  template <class It>
  static void check_token_end(It const& first, It const& end, It const& last, parse_state& st) {
    if (end == last || !(is_ident_char(*end) || *end == U'.')) return;
    It e = end;
    while (e != last && (is_ident_char(*e) || *e == U'.' ||
                         ((*e == U'+' || *e == U'-') && (e[-1] == U'e' || e[-1] == U'E'))))
      ++e;
    const std::string token = st.utf8(first, e);
    if ((*end == U'e' || *end == U'E') && end + 1 != last &&
        (is_ascii_digit(end[1]) || end[1] == U'+' || end[1] == U'-')) {
      throw parse_error{st.span_of(first, e), "bad-literal",
                        "'" + token + "' is not a valid number (exponents are not allowed)",
                        "write the number out in plain digits"};
    }
    throw parse_error{st.span_of(first, e), "bad-literal", "'" + token + "' is not a valid number", {}};
  }
};

}  // namespace merit::detail::parser
