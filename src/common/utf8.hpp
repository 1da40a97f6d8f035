// SPDX-License-Identifier: Apache-2.0
// merit - small UTF-8 helpers shared by diagnostics, the parser and the CLI
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace merit::detail {

/// Length in bytes of the well-formed UTF-8 sequence starting at `s[i]`, or 0
/// when the bytes there are not well-formed (overlong forms, surrogates and
/// values above U+10FFFF are not well-formed). Writes the code point to `out`.
inline std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& out) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) { out = c; return 1; }
  std::size_t n;
  char32_t cp;
  char32_t min;
  if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  out = cp;
  return n;
}

/// Byte offset of the first ill-formed sequence, or npos when all is valid.
inline std::size_t find_invalid_utf8(std::string_view s) noexcept {
  char32_t c;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = decode_utf8(s, i, c);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

/// Calls f(code point) for each code point; an ill-formed byte is passed as
/// U+FFFD and counts as one.
template <class F>
void for_each_code_point(std::string_view s, F&& f) {
  char32_t c;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = decode_utf8(s, i, c);
    if (n == 0) { f(char32_t{0xFFFD}); ++i; }
    else { f(c); i += n; }
  }
}

inline std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for_each_code_point(s, [&](char32_t) { ++n; });
  return n;
}

/// Terminal columns a code point takes: 2 for East Asian Wide and Fullwidth
/// ranges, 0 for combining marks and zero-width characters, else 1.
inline unsigned code_point_width(char32_t c) noexcept {
  if (c == 0) return 0;
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) || c == 0xFEFF ||
      (c >= 0xFE20 && c <= 0xFE2F))
    return 0;
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
      (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
    return 2;
  return 1;
}

}  // namespace merit::detail
