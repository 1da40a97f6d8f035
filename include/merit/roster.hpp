// SPDX-License-Identifier: Apache-2.0
// merit - rosters: one typed column per input field, with validity
//
// INTERFACE CONTRACT. The read side below (date, data_error, column,
// roster::rows/column/errors/warnings/line) is what the evaluator relies on
// and stays as written; the build side (row-by-row builder, column setters,
// CSV reader) is designed in src/roster/ and documented here when added.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "merit/ast.hpp"
#include "merit/decimal.hpp"
#include "merit/program.hpp"

namespace merit {

/// A calendar date (proleptic Gregorian), as days since 1970-01-01.
struct date {
  std::int32_t days = 0;
  /// Strictly `YYYY-MM-DD` and a real day (`2023-02-30` is nullopt).
  static std::optional<date> parse(std::string_view text) noexcept;
  static date from_ymd(int year, unsigned month, unsigned day) noexcept;
  void to_ymd(int& year, unsigned& month, unsigned& day) const noexcept;
  std::string to_string() const;  ///< `YYYY-MM-DD`
  friend auto operator<=>(date, date) = default;
};

/// One bad row found while reading or validating a roster.
struct data_error {
  std::size_t row = 0;     ///< 0-based row index in the roster
  std::uint32_t line = 0;  ///< CSV line number where the record starts; 0 when not from CSV
  std::string field;       ///< the field's name; empty for a whole-record problem
  std::string message;     ///< e.g. "missing value", "12.5 is not an int"
};

/// One input field's values. Which vector holds them depends on `type`:
/// int → ints; bool → ints (0/1); date → ints (days); enum → ints (member
/// index in declaration order); decimal → decimals; text → texts. The other
/// vectors are empty. `present[i]` is 0 when row i has no value (an
/// `optional` field left empty, or a value that failed to read).
struct column {
  ast::type_kind type = ast::type_kind::none;
  std::vector<std::int64_t> ints;
  std::vector<decimal> decimals;
  std::vector<std::string> texts;
  std::vector<std::uint8_t> present;
};

/// A roster for one program's input schema.
///
/// Ownership: owns its columns. Thread-safety: build from one thread; once
/// built it is read-only and may be read by many threads. Errors: rows that
/// fail validation (LANGUAGE.md section 6 step 1, except `check` rules, which
/// the evaluator runs) are listed by `errors()`; nothing is dropped — a bad
/// row is still a row.
class roster {
 public:
  /// An empty roster for a schema (`program::inputs()`), one column per field.
  explicit roster(std::vector<input_info> schema);

  const std::vector<input_info>& schema() const noexcept { return schema_; }

  std::size_t rows() const noexcept { return rows_; }
  const merit::column& column(std::size_t field) const { return columns_[field]; }
  std::size_t columns() const noexcept { return columns_.size(); }
  /// Every row-level data error, ordered by row then field.
  const std::vector<data_error>& errors() const noexcept { return errors_; }
  /// Whole-roster warnings, e.g. an undeclared CSV column that was ignored.
  const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  /// The CSV line where row `r` starts, or 0 when the roster is not from CSV.
  std::uint32_t line(std::size_t r) const noexcept { return r < lines_.size() ? lines_[r] : 0; }

 protected:
  std::vector<input_info> schema_;
  std::size_t rows_ = 0;
  std::vector<merit::column> columns_;
  std::vector<data_error> errors_;
  std::vector<std::string> warnings_;
  std::vector<std::uint32_t> lines_;
};

}  // namespace merit
