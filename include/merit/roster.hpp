// SPDX-License-Identifier: Apache-2.0
// merit - rosters: one typed column per input field, with validity
//
// INTERFACE CONTRACT. The read side below (date, data_error, column,
// roster::rows/column/errors/warnings/line) is what the evaluator relies on
// and stays as written; the build side (roster_builder, the column setters,
// the CSV reader, roster_error) is implemented in src/roster/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
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
/// index in declaration order); decimal → ints or decimals, as
/// `decimal_scale` says; text → texts. The other vectors are empty.
/// `present[i]` is 0 when row i has no value (an `optional` field left
/// empty, or a value that failed to read).
///
/// A decimal column is compact when `decimal_scale >= 0`: row i's value is
/// exactly `ints[i] × 10^-decimal_scale` and `decimals` is empty (8 bytes a
/// value instead of 32). The builders make every decimal column compact
/// whose values all fit int64 at one scale of at most 18 places (marks such
/// as 87.25 at scale 2); otherwise `decimal_scale` is -1 and the values are
/// in `decimals`. Read a decimal column's values with `decimal_at`; a value
/// read either way is the same number and prints the same (a compact 1.5 at
/// scale 2 is held as 1.50, which equals 1.5 and prints "1.5"). Within one
/// compact column the ints order and compare as the values do.
struct column {
  ast::type_kind type = ast::type_kind::none;
  std::vector<std::int64_t> ints;
  std::vector<decimal> decimals;
  std::vector<std::string> texts;
  std::vector<std::uint8_t> present;
  std::int8_t decimal_scale = -1;  ///< decimal columns: >= 0 compact in `ints`, -1 in `decimals`

  /// Row i's value of a decimal column, compact or not.
  decimal decimal_at(std::size_t i) const noexcept {
    return decimal_scale >= 0 ? decimal::from_scaled(ints[i], -static_cast<std::int32_t>(decimal_scale))
                              : decimals[i];
  }
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

  /// The schema; empty for a roster that was moved from.
  const std::vector<input_info>& schema() const noexcept { return schema_ ? *schema_ : no_schema(); }

  std::size_t rows() const noexcept { return rows_; }
  const merit::column& column(std::size_t field) const { return columns_[field]; }
  std::size_t columns() const noexcept { return columns_.size(); }
  /// Every row-level data error, ordered by row then field.
  const std::vector<data_error>& errors() const noexcept { return errors_; }
  /// Whole-roster warnings, e.g. an undeclared CSV column that was ignored.
  const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  /// The CSV line where row `r` starts, or 0 when the roster is not from CSV.
  std::uint32_t line(std::size_t r) const noexcept { return r < lines_.size() ? lines_[r] : 0; }
  /// True when the builder found the key field's values (where present)
  /// strictly ascending in row order, so no two rows share a key and row
  /// order is key order; false when they do not, or when not known.
  bool keys_ascend() const noexcept { return keys_ascend_; }

 protected:
  explicit roster(std::shared_ptr<const std::vector<input_info>> schema);

  std::shared_ptr<const std::vector<input_info>> schema_;  ///< shared with the roster's builder; null once moved from
  static const std::vector<input_info>& no_schema() noexcept;
  std::size_t rows_ = 0;
  std::vector<merit::column> columns_;
  std::vector<data_error> errors_;
  std::vector<std::string> warnings_;
  std::vector<std::uint32_t> lines_;
  bool keys_ascend_ = false;
};

// ---------------------------------------------------------------------------
// Building a roster
// ---------------------------------------------------------------------------

/// Why a roster could not be read at all.
enum class roster_errc : std::uint8_t {
  io,      ///< the file could not be opened or read (the CLI's exit code 3)
  format,  ///< unusable as a whole: empty, no header row, a column named twice (exit code 2)
};

/// Thrown by the CSV readers when a roster is unusable as a whole. Problems of
/// single rows are never thrown: they are listed by `roster::errors()`.
///
/// `what()` is `FILE:LINE: message` (or `FILE: message` when no line applies),
/// e.g. `staff.csv:1: column 'id' is named twice (columns 1 and 4)`.
class roster_error : public std::runtime_error {
 public:
  roster_error(roster_errc code, std::string file, std::uint32_t line, const std::string& message);
  roster_errc code() const noexcept { return code_; }
  const std::string& file() const noexcept { return file_; }
  std::uint32_t line() const noexcept { return line_; }  ///< 1-based; 0 when no line applies
  const std::string& message() const noexcept { return message_; }  ///< without `FILE:LINE: `

 private:
  roster_errc code_;
  std::string file_;
  std::uint32_t line_;
  std::string message_;
};

namespace detail {
struct roster_build_state;
struct build_schema;
}

/// Builds a roster for a schema, row by row or column by column, validating
/// every value as LANGUAGE.md section 6 step 1 and section 9 say.
///
/// **Values.** Text cells (row-by-row, `set_cells`) are read exactly as CSV
/// cells are: not trimmed; int `-?[0-9]+` fitting 64 bits; decimal
/// `-?[0-9]+(\.[0-9]+)?` with at most 34 significant digits; bool `true` /
/// `false` in any case, or `1` / `0`; date `YYYY-MM-DD` naming a real day;
/// enum an exact member; text any valid UTF-8. An empty cell is a missing
/// value: it takes the field's default, stays absent for an `optional`
/// field, and is the error `missing value` otherwise. A value outside
/// `in [lo, hi]` is an error (`87.5 is outside [0, 60]`); so is every
/// occurrence of a duplicate key (`duplicate key 'A1' (also on line 7)`, or
/// `(also in row 6)` with 0-based row indices when the rows are not from
/// CSV). Messages quote the cell, cut after 60 characters with `…`.
///
/// **Rows and columns.** Use either `add_row` for every row, or the `set_*`
/// column setters; not both. The first column set fixes the row count; a
/// field never set is missing in every row. An empty string in a text
/// column is a missing value, like an empty CSV cell.
///
/// Ownership: owns the values added so far; `finish` moves them into the
/// roster and leaves the builder empty (any further call throws
/// std::logic_error). Thread-safety: one thread at a time. Errors: bad
/// values are never thrown, they become `roster::errors()` (every error of
/// every row, none dropped). Misuse throws: std::invalid_argument for a
/// schema whose bounds or defaults do not read as their field's type, an
/// unknown field name in a column setter, a column of the wrong type for
/// its field, a column whose length differs from the row count or whose
/// validity span has the wrong length; std::logic_error for mixing rows with
/// columns, setting a column twice, or using a finished builder;
/// std::length_error from `finish` past 2^32 - 2 rows.
///
/// **Example**
/// ```cpp
/// std::vector<merit::input_info> schema(2);
/// schema[0].name = "id";    schema[0].type = merit::ast::type_kind::text; schema[0].key = true;
/// schema[1].name = "score"; schema[1].type = merit::ast::type_kind::decimal;
/// schema[1].lo = "0"; schema[1].hi = "100";
/// merit::roster_builder b(schema);
/// b.add_row({{"id", "A1"}, {"score", "87.5"}});
/// b.add_row({{"id", "A2"}});                 // score: missing value
/// merit::roster r = b.finish();             // r.rows() == 2, r.errors().size() == 1
/// ```
/// A roster schema checked once and read into its validation rules, for
/// many builders to share (a builder made from a plain schema does this work
/// itself, each time). Opaque; immutable, so any thread may use it.
using prepared_schema = std::shared_ptr<const detail::build_schema>;

/// Checks and prepares `schema` as roster_builder's constructor does
/// (std::invalid_argument naming the field when a field is unusable).
prepared_schema prepare_schema(std::vector<input_info> schema);

class roster_builder {
 public:
  /// A cell given by field name; nullopt (or an empty string) is a missing value.
  struct named_cell {
    std::string_view name;
    std::optional<std::string_view> value;
  };

  explicit roster_builder(std::vector<input_info> schema);
  /// A builder over a schema prepared once (see prepare_schema), shared with
  /// every builder and roster made from it.
  explicit roster_builder(prepared_schema prepared);
  ~roster_builder();
  roster_builder(roster_builder&&) noexcept;
  roster_builder& operator=(roster_builder&&) noexcept;

  const std::vector<input_info>& schema() const;
  /// The index of a field by exact name, or nullopt.
  std::optional<std::size_t> field(std::string_view name) const;
  /// Rows added so far (row mode) or the fixed row count (column mode).
  std::size_t rows() const;

  /// Adds a row from cells named by field. A field not named is missing; a
  /// name the schema lacks is ignored with one warning per name; a field
  /// named twice in a row is an error of that row.
  void add_row(std::initializer_list<named_cell> cells);
  void add_row(std::span<const named_cell> cells);
  /// Adds a row from cells in schema order. A row with a different number of
  /// cells is an error of that row (`expected 3 cells, found 2`).
  void add_row(std::span<const std::optional<std::string_view>> cells);

  /// Column setters. `valid`, when not empty, has one entry per value; 0
  /// marks a missing value. Which field types each accepts:
  /// `set_ints`: int, decimal (exact). `set_decimals`, `set_decimals_scaled`:
  /// decimal, int (a value that is not an integer fitting 64 bits is an
  /// error of its row).
  /// `set_bools`: bool (0 false, 1 true, anything else an error of its row).
  /// `set_dates`: date. `set_texts`: text, enum. `set_cells`: any type,
  /// each cell read as a CSV cell is.
  void set_ints(std::string_view field, std::span<const std::int64_t> values,
                std::span<const std::uint8_t> valid = {});
  void set_decimals(std::string_view field, std::span<const decimal> values,
                    std::span<const std::uint8_t> valid = {});
  /// Decimals as scaled integers: row i's value is exactly
  /// `values[i] × 10^-scale` (8725 at scale 2 is 87.25), `scale` in
  /// [-34, 34] (else std::invalid_argument). For a decimal field and a scale
  /// in [0, 18] the values are kept as given, a compact column at that scale
  /// (see `column`), each checked against the bounds once.
  void set_decimals_scaled(std::string_view field, std::span<const std::int64_t> values, int scale,
                           std::span<const std::uint8_t> valid = {});
  void set_bools(std::string_view field, std::span<const std::uint8_t> values,
                 std::span<const std::uint8_t> valid = {});
  void set_dates(std::string_view field, std::span<const date> values,
                 std::span<const std::uint8_t> valid = {});
  void set_texts(std::string_view field, std::span<const std::string> values,
                 std::span<const std::uint8_t> valid = {});
  void set_texts(std::string_view field, std::span<const std::string_view> values,
                 std::span<const std::uint8_t> valid = {});
  void set_cells(std::string_view field, std::span<const std::optional<std::string_view>> cells);

  /// Checks keys for duplicates, fills fields never set, orders the errors
  /// (by row, then: whole-row problems, then fields in schema order), and
  /// hands the roster over.
  roster finish();

 private:
  detail::roster_build_state& state();
  const detail::roster_build_state& state() const;
  std::unique_ptr<detail::roster_build_state> state_;
};

/// Reads a CSV roster (LANGUAGE.md section 9): UTF-8 with an optional BOM,
/// RFC 4180 quoting (doubled quotes, quoted commas and newlines), LF or CRLF
/// line ends, a last line with or without its line end, blank lines
/// skipped, and a header row whose names are matched to the schema's fields
/// exactly, in any order.
///
/// A column the schema does not declare is ignored with a warning naming it;
/// a declared field without a column is missing in every row (its default,
/// absent when `optional`, otherwise `missing value` in every row and a
/// warning). Row problems become `roster::errors()` with the CSV line where
/// the record starts: a record with the wrong number of cells
/// (`expected 13 cells, found 12`, the whole record unread), invalid UTF-8,
/// a quote inside an unquoted cell, text after a closing quote, a quoted cell
/// left open at the end of the file, and every value error `roster_builder`
/// describes. `roster::line(r)` gives each row's line.
///
/// Throws roster_error (code `format`) for an empty file (or only a BOM or
/// blank lines), a header row that names none of the declared fields (taken
/// as a roster without a header row), a column named twice, or a header row
/// with a quoting or UTF-8 problem; roster_error (code `io`) when the file
/// cannot be opened or read; std::invalid_argument for a bad schema, as
/// `roster_builder` does. `name` is used in messages only.
///
/// Speed: the text is read whole and parsed in place; apart from the
/// columns themselves (and text cells longer than a short string), no memory
/// is allocated per cell.
///
/// **Example**
/// ```cpp
/// try {
///   merit::roster r = merit::read_csv_file(program.inputs(), "staff.csv");
///   for (const auto& e : r.errors())
///     std::cerr << "staff.csv:" << e.line << ": " << e.field << ": " << e.message << '\n';
/// } catch (const merit::roster_error& e) {
///   std::cerr << e.what() << '\n';
/// }
/// ```
roster read_csv_file(std::vector<input_info> schema, const std::filesystem::path& path);
roster read_csv(std::vector<input_info> schema, std::istream& in, std::string_view name = "<roster>");
/// As read_csv, from text already in memory (taken over and parsed in place).
roster read_csv_text(std::vector<input_info> schema, std::string text, std::string_view name = "<roster>");

}  // namespace merit
