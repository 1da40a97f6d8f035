// SPDX-License-Identifier: Apache-2.0
// merit - the state behind roster_builder and the CSV reader
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/scaled.hpp"
#include "merit/roster.hpp"

namespace merit::detail {

/// The most places a compact decimal column holds (see merit::column).
inline constexpr int max_compact_scale = max_scale;

/// A field's validation rule, read once from its input_info.
struct field_rule {
  ast::type_kind type = ast::type_kind::none;
  bool key = false;
  bool optional = false;
  std::vector<std::string> members;

  bool has_default = false;
  std::int64_t default_int = 0;  // int, bool, date (days), enum (member index)
  decimal default_decimal;
  std::string default_text;

  bool has_lo = false, has_hi = false;
  std::int64_t lo_int = 0, hi_int = 0;  // int, date (days)
  decimal lo_decimal, hi_decimal;
  // Decimal bounds at p places, for p in [0, max_compact_scale]: a value
  // c × 10^-p is in range exactly when lo_scaled[p] <= c <= hi_scaled[p]
  // (lo rounded up, hi rounded down; one past the int64 range when the
  // bound lies beyond it).
  std::array<__int128, max_compact_scale + 1> lo_scaled{}, hi_scaled{};
  std::string range_text;  // "[0, 60]" as written in the scheme

  /// Within `in [lo, hi]` (an int, or a date as days; a decimal).
  bool holds(std::int64_t v) const noexcept { return !(has_lo && v < lo_int) && !(has_hi && v > hi_int); }
  bool holds(const decimal& v) const noexcept { return !(has_lo && v < lo_decimal) && !(has_hi && v > hi_decimal); }
};

/// A schema checked once and read into validation rules: immutable, shared by
/// every builder (and roster) made from it.
struct build_schema {
  std::shared_ptr<const std::vector<input_info>> inputs;
  std::vector<field_rule> rules;  // by field
  std::map<std::string, std::size_t, std::less<>> by_name;
};

/// Checks `schema` (std::invalid_argument naming the field when a field is
/// unusable: no type, declared twice, a bound or default that does not read
/// as the field's type) and reads its rules.
std::shared_ptr<const build_schema> read_schema(std::vector<input_info> schema);

/// Filled column by column or row by row; `finish` turns it into a roster.
///
/// Every `put_*` appends one value to field `f`'s column for row `row`
/// (columns are always filled in row order) and records the row's error,
/// if any. Row mode calls them for every field of a row in schema order
/// between `begin_row` and `end_row`; column mode calls them for every row
/// of one field.
struct roster_build_state {
  enum class mode : std::uint8_t { empty, rows, columns, finished };

  explicit roster_build_state(std::shared_ptr<const build_schema> prepared);
  explicit roster_build_state(std::vector<input_info> schema) : roster_build_state(read_schema(std::move(schema))) {}

  std::shared_ptr<const build_schema> def;
  const std::vector<input_info>& schema;  // *def->inputs
  const std::vector<field_rule>& rules;   // def->rules
  const std::map<std::string, std::size_t, std::less<>>& by_name;  // def->by_name
  std::vector<column> columns;
  std::size_t rows = 0;
  std::vector<std::uint32_t> lines;  // one per row when from CSV, else empty
  std::vector<data_error> errors;
  std::vector<std::uint32_t> ranks;  // per error: 0 whole row, f + 1 field f
  std::vector<std::string> warnings;
  std::vector<std::uint8_t> column_set;  // column mode: which fields were set
  std::vector<std::string> warned_names;  // row mode: unknown names already warned about
  mode state = mode::empty;

  void reserve(std::size_t n);
  std::uint32_t line_of(std::size_t row) const noexcept { return lines.empty() ? 0 : lines[row]; }

  // Row mode.
  void begin_row(std::uint32_t line);  // line 0: not from CSV
  void end_row() noexcept { ++rows; }
  void row_error(std::size_t row, std::string message);  // a whole-row problem

  // Appending values (with validation).
  /// A text cell read as CSV reads it. `utf8_ok`: the caller already
  /// checked the bytes are valid UTF-8.
  void put_cell(std::size_t f, std::size_t row, std::optional<std::string_view> cell, bool utf8_ok);
  void put_cell(std::size_t f, std::size_t row, std::string_view cell, bool utf8_ok);
  void put_missing(std::size_t f, std::size_t row);
  void put_absent(std::size_t f);  // no value and no error (the row is already bad)
  void put_bad(std::size_t f, std::size_t row, std::string message);
  void put_int(std::size_t f, std::size_t row, std::int64_t v);  // int field
  void put_decimal(std::size_t f, std::size_t row, const decimal& v);  // decimal field
  /// Decimal field: the value c × 10^-places (places may be negative).
  void put_scaled(std::size_t f, std::size_t row, std::int64_t c, std::int32_t places);
  void put_days(std::size_t f, std::size_t row, std::int64_t days);  // date field
  void put_bool(std::size_t f, std::size_t row, bool v);
  void put_text(std::size_t f, std::size_t row, std::string_view v);  // text field, UTF-8 checked
  void put_enum(std::size_t f, std::size_t row, std::string_view v);  // enum field

  /// Column mode, a whole column at once: when every value is given and
  /// within the field's bounds (the usual column), stores them as the put_*
  /// calls above would (an int field's as ints; a decimal field's as
  /// values[i] × 10^-scale, scale in [0, max_compact_scale]) and returns
  /// true; otherwise stores nothing and returns false.
  bool take_clean(std::size_t f, std::span<const std::int64_t> values, std::span<const std::uint8_t> valid,
                  int scale);

  roster finish();

 private:
  void field_error(std::size_t f, std::size_t row, std::string message);
  void store_int(std::size_t f, std::int64_t v);
  bool in_range_int(std::size_t f, std::size_t row, std::int64_t v, std::string_view shown);
  bool in_range_decimal(std::size_t f, std::size_t row, const decimal& v, std::string_view shown);
  bool in_range_scaled(std::size_t f, std::int64_t c, std::int32_t places) const;
  // Decimal columns: kept compact while every value fits int64 at one
  // scale of at most max_compact_scale places, else widened to decimals.
  void store_scaled(std::size_t f, std::int64_t c, std::int32_t places);
  void store_decimal(std::size_t f, const decimal& v);
  /// Errors for rows sharing a key; true when the keys strictly ascend in
  /// row order (then none can repeat).
  bool check_duplicate_keys();
};

/// Cell readers shared with the tests' expectations (LANGUAGE.md section 9).
enum class int_read : std::uint8_t { ok, syntax, overflow };
int_read read_int(std::string_view s, std::int64_t& out) noexcept;
bool is_decimal_syntax(std::string_view s) noexcept;
/// A decimal cell `-?[0-9]+(\.[0-9]+)?` as c × 10^-places, without trailing
/// fractional zeros ("87.50": 875 and 1), when c fits int64 and places <=
/// max_compact_scale; false otherwise (the cell may still be a decimal:
/// decimal::try_parse says).
bool read_scaled(std::string_view s, std::int64_t& c, std::int32_t& places) noexcept;
std::optional<bool> read_bool(std::string_view s) noexcept;
/// `'cell'`, cut after 60 code points with `…`.
std::string quote_cell(std::string_view s);
/// The cell as written, cut after 60 code points with `…` (no quotes).
std::string shorten_cell(std::string_view s);
bool is_ascii(std::string_view s) noexcept;

/// Joins pieces into one string. Used instead of `"lit" + std::string(...)`,
/// which g++ 12 at -O2 misreports under -Werror=restrict (GCC PR 105329).
template <class... Pieces>
std::string cat(const Pieces&... pieces) {
  const std::string_view views[] = {std::string_view(pieces)...};
  std::size_t n = 0;
  for (auto v : views) n += v.size();
  std::string out;
  out.reserve(n);
  for (auto v : views) out.append(v);
  return out;
}

}  // namespace merit::detail
