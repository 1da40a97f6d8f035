// SPDX-License-Identifier: Apache-2.0
// merit - source positions and diagnostic rendering
#include "merit/diagnostic.hpp"

#include <algorithm>

#include "common/utf8.hpp"

namespace merit {

source_file::source_file(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

location source_file::locate(std::uint32_t byte_offset) const {
  if (line_starts_.empty()) return {1, 1};
  byte_offset = std::min<std::uint32_t>(byte_offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  const std::uint32_t start = line_starts_[line - 1];
  std::string_view before(text_.data() + start, byte_offset - start);
  // A byte-order mark is not a character of the line.
  if (start == 0 && before.substr(0, 3) == "\xEF\xBB\xBF") before.remove_prefix(3);
  return {line, static_cast<std::uint32_t>(detail::count_code_points(before)) + 1};
}

std::string_view source_file::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1
                                                 : static_cast<std::uint32_t>(text_.size());
  if (end > start && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(start, end - start);
}

std::uint32_t source_file::line_start(std::uint32_t line) const {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return static_cast<std::uint32_t>(text_.size());
  return line_starts_[line - 1];
}

std::string_view source_file::slice(span s) const {
  const auto size = static_cast<std::uint32_t>(text_.size());
  const std::uint32_t b = std::min(s.begin, size);
  const std::uint32_t e = std::clamp(s.end, b, size);
  return std::string_view(text_).substr(b, e - b);
}

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  detail::for_each_code_point(utf8, [&](char32_t c) { width += detail::code_point_width(c); });
  return width;
}

std::string format_diagnostic(const source_file& src, const diagnostic& d) {
  static constexpr const char* names[] = {"error", "warning", "note"};
  const location loc = src.locate(d.where.begin);
  std::string out = src.name() + ':' + std::to_string(loc.line) + ':' + std::to_string(loc.column) +
                    ": " + names[static_cast<int>(d.severity)] + ": " + d.message + '\n';
  const std::string_view line = src.line_text(loc.line);
  const std::uint32_t line_start = src.line_start(loc.line);
  // Tabs keep their place under the caret; everything else is measured in
  // display columns so that CJK text (two columns a character) lines up.
  std::string caret;
  const std::size_t before_bytes = std::min<std::size_t>(d.where.begin - line_start, line.size());
  detail::for_each_code_point(line.substr(0, before_bytes), [&](char32_t c) {
    if (c == '\t') caret += '\t';
    else caret.append(detail::code_point_width(c), ' ');
  });
  std::size_t span_bytes = 0;
  if (d.where.end > d.where.begin) {
    span_bytes = std::min<std::size_t>(d.where.end - d.where.begin, line.size() - before_bytes);
  }
  const std::size_t marks = std::max<std::size_t>(1, display_width(line.substr(before_bytes, span_bytes)));
  caret.append(1, '^');
  caret.append(marks - 1, '~');
  out.append(line);
  out += '\n';
  out += caret;
  out += '\n';
  if (!d.hint.empty()) out += "hint: " + d.hint + '\n';
  return out;
}

}  // namespace merit
