// SPDX-License-Identifier: Apache-2.0
// merit - source text, positions and diagnostics
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace merit {

/// A half-open range of UTF-8 byte offsets into a scheme's source text.
///
/// Every AST node carries one. Offsets are bytes so that they can be handed to
/// C callers unchanged (`byte_offset` in the C ABI); lines and columns are
/// derived from them by `source_file::locate`.
struct span {
  std::uint32_t begin = 0;  ///< first byte
  std::uint32_t end = 0;    ///< one past the last byte
};

/// A line and a column, both 1-based. Columns count Unicode code points, not
/// bytes, so a Chinese name before an error does not shift the caret.
struct location {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

/// The text of one scheme and its name for messages.
///
/// Ownership: owns a copy of the text. Thread-safety: immutable after
/// construction; share freely. Errors: none (invalid UTF-8 is reported by the
/// compiler, not here; `locate` counts each byte of a broken sequence as one
/// column).
///
/// **Example**
/// ```cpp
/// merit::source_file src("a.merit", "scheme \"x\"\n");
/// auto loc = src.locate(7);  // {1, 8}
/// ```
class source_file {
 public:
  source_file() = default;
  source_file(std::string name, std::string text);

  const std::string& name() const noexcept { return name_; }
  const std::string& text() const noexcept { return text_; }

  /// Line and column (code points) of a byte offset; offsets past the end
  /// locate at the end.
  location locate(std::uint32_t byte_offset) const;

  /// The text of line `line` (1-based) without its line terminator.
  std::string_view line_text(std::uint32_t line) const;

  /// Byte offset where line `line` (1-based) starts.
  std::uint32_t line_start(std::uint32_t line) const;

  /// The source text of a span.
  std::string_view slice(span s) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;  // byte offset of each line's start
};

enum class severity : std::uint8_t { error, warning, note };

/// One compile-time finding.
///
/// `code` is a stable short identifier (e.g. `"unknown-name"`); `message` is
/// the human sentence; `hint` is optional advice (did-you-mean, a suggested
/// replacement). Positions are filled in by the compiler from `where`.
struct diagnostic {
  merit::severity severity = severity::error;
  span where;
  location loc;  ///< of `where.begin`
  std::string code;
  std::string message;
  std::string hint;  ///< empty when there is none
};

/// Renders one diagnostic as `FILE:LINE:COL: error: MESSAGE`, then the source
/// line and a caret line under the span (carets counted in display columns,
/// so CJK text stays aligned in a terminal), then `hint: ...` when present.
std::string format_diagnostic(const source_file& src, const diagnostic& d);

/// Display width of UTF-8 text in terminal columns: East Asian wide and
/// full-width characters count two, combining marks zero, the rest one.
std::size_t display_width(std::string_view utf8);

}  // namespace merit
