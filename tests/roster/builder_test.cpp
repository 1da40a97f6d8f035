// SPDX-License-Identifier: Apache-2.0
// merit - tests of roster_builder: cell reading, validation, column setters
#include <gtest/gtest.h>

#include <stdexcept>

#include "merit/roster.hpp"
#include "roster_schema.hpp"

namespace {

using namespace merit_test;
using merit::data_error;
using merit::decimal;
using merit::roster;
using merit::roster_builder;
using cell = std::optional<std::string_view>;

// Field indices of small_schema().
enum { f_id, f_score, f_n, f_ok, f_when, f_kind, f_note };

std::vector<merit::input_info> small_schema() {
  return {
      key(field("id", type_kind::text)),
      range(field("score", type_kind::decimal), "0", "60"),
      with_default(range(field("n", type_kind::int_), "-5", "5"), "1"),
      optional(field("ok", type_kind::bool_)),
      optional(range(field("when", type_kind::date), "2000-01-01", "2023-12-31")),
      with_default(enum_field("kind", {"a", "b"}), "b"),
      optional(field("note", type_kind::text)),
  };
}

/// One row, every other field valid, with `name` set to `value`.
roster one_row(std::string_view name, std::string_view value) {
  roster_builder b(small_schema());
  std::vector<roster_builder::named_cell> cells = {{"id", "A1"}, {"score", "10"}};
  bool replaced = false;
  for (auto& c : cells)
    if (c.name == name) {
      c.value = value;
      replaced = true;
    }
  if (!replaced) cells.push_back({name, value});
  b.add_row(cells);
  return b.finish();
}

/// The only error of a one-row roster.
data_error only_error(const roster& r) {
  EXPECT_EQ(r.errors().size(), 1u);
  return r.errors().empty() ? data_error{} : r.errors()[0];
}

void expect_error(std::string_view name, std::string_view value, const std::string& message) {
  SCOPED_TRACE(std::string(name) + " = '" + std::string(value) + "'");
  const roster r = one_row(name, value);
  const data_error e = only_error(r);
  EXPECT_EQ(e.row, 0u);
  EXPECT_EQ(e.line, 0u);  // not from CSV
  EXPECT_EQ(e.field, name);
  EXPECT_EQ(e.message, message);
  const auto f = std::distance(r.schema().begin(),
                               std::find_if(r.schema().begin(), r.schema().end(),
                                            [&](const merit::input_info& in) { return in.name == name; }));
  EXPECT_EQ(r.column(static_cast<std::size_t>(f)).present.at(0), 0);
}

TEST(BuilderTest, ValidRowReadsEveryType) {
  roster_builder b(small_schema());
  b.add_row({{"id", "A1"}, {"score", "59.50"}, {"n", "-5"}, {"ok", "TRUE"}, {"when", "2000-03-01"},
             {"kind", "a"}, {"note", " spaced "}});
  const roster r = b.finish();
  ASSERT_EQ(r.rows(), 1u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.column(f_id).texts.at(0), "A1");
  EXPECT_EQ(r.column(f_score).decimal_at(0), decimal::parse("59.5"));
  // Compact: "59.50" is 595 at scale 1 (its trailing zero adds no place).
  EXPECT_EQ(r.column(f_score).decimal_scale, 1);
  EXPECT_EQ(r.column(f_score).ints, (std::vector<std::int64_t>{595}));
  EXPECT_EQ(r.column(f_n).ints.at(0), -5);
  EXPECT_EQ(r.column(f_ok).ints.at(0), 1);
  EXPECT_EQ(r.column(f_when).ints.at(0), 11017);  // 2000-03-01, see DateTest
  EXPECT_EQ(r.column(f_kind).ints.at(0), 0);      // "a" is member 0
  EXPECT_EQ(r.column(f_note).texts.at(0), " spaced ");  // not trimmed
  for (std::size_t f = 0; f < r.columns(); ++f) EXPECT_EQ(r.column(f).present.at(0), 1) << f;
  EXPECT_EQ(r.line(0), 0u);
  // Vectors not used by a type stay empty.
  EXPECT_TRUE(r.column(f_id).ints.empty());
  EXPECT_TRUE(r.column(f_score).decimals.empty());  // compact
  EXPECT_TRUE(r.column(f_n).decimals.empty());
}

TEST(BuilderTest, BoolSpellings) {
  for (auto [text, value] : std::vector<std::pair<std::string, int>>{
           {"true", 1}, {"True", 1}, {"tRuE", 1}, {"1", 1}, {"false", 0}, {"FALSE", 0}, {"0", 0}}) {
    const roster r = one_row("ok", text);
    EXPECT_TRUE(r.errors().empty()) << text;
    EXPECT_EQ(r.column(f_ok).ints.at(0), value) << text;
  }
}

TEST(BuilderTest, DefaultsAndOptionalFields) {
  roster_builder b(small_schema());
  b.add_row({{"id", "A1"}, {"score", "1"}});                             // absent names
  b.add_row({{"id", "A2"}, {"score", "2"}, {"n", ""}, {"kind", ""}});    // empty cells
  b.add_row({{"id", "A3"}, {"score", "3"}, {"n", std::nullopt}});        // explicit nullopt
  const roster r = b.finish();
  ASSERT_EQ(r.rows(), 3u);
  EXPECT_TRUE(r.errors().empty());
  for (std::size_t row = 0; row < 3; ++row) {
    EXPECT_EQ(r.column(f_n).ints.at(row), 1);     // default "1"
    EXPECT_EQ(r.column(f_n).present.at(row), 1);
    EXPECT_EQ(r.column(f_kind).ints.at(row), 1);  // default "b" is member 1
    EXPECT_EQ(r.column(f_kind).present.at(row), 1);
    EXPECT_EQ(r.column(f_ok).present.at(row), 0);  // optional: absent, no error
    EXPECT_EQ(r.column(f_when).present.at(row), 0);
    EXPECT_EQ(r.column(f_note).present.at(row), 0);
  }
}

TEST(BuilderTest, MissingValue) {
  roster_builder b(small_schema());
  b.add_row({{"id", "A1"}, {"score", "1"}});
  b.add_row({{"id", "A2"}, {"score", ""}});
  const roster r = b.finish();
  const data_error e = only_error(r);
  EXPECT_EQ(e.row, 1u);
  EXPECT_EQ(e.field, "score");
  EXPECT_EQ(e.message, "missing value");
}

TEST(BuilderTest, NotAnInt) {
  expect_error("n", "12.5", "'12.5' is not an int");
  expect_error("n", " 5", "' 5' is not an int");  // cells are not trimmed
  expect_error("n", "+5", "'+5' is not an int");
  expect_error("n", "-", "'-' is not an int");
  // 2^63 = 9223372036854775808 does not fit; -2^63 does (but is out of range here).
  expect_error("n", "9223372036854775808", "'9223372036854775808' is not an int (too large for 64 bits)");
  expect_error("n", "-9223372036854775808", "-9223372036854775808 is outside [-5, 5]");
}

TEST(BuilderTest, NotADecimal) {
  expect_error("score", "1e3", "'1e3' is not a decimal");
  expect_error("score", "1.", "'1.' is not a decimal");
  expect_error("score", ".5", "'.5' is not a decimal");
  expect_error("score", "1,5", "'1,5' is not a decimal");
  // 35 significant digits as written (trailing zeros count): never rounded.
  const std::string digits35 = "1." + std::string(34, '0');
  const roster r = one_row("score", digits35);
  const data_error e = only_error(r);
  EXPECT_EQ(e.field, "score");
  EXPECT_EQ(e.message.rfind("'" + digits35 + "' is not a decimal (", 0), 0u) << e.message;
  EXPECT_NE(e.message.find("34"), std::string::npos) << e.message;
  // 34 digits are fine.
  EXPECT_TRUE(one_row("score", "1." + std::string(33, '0')).errors().empty());
}

TEST(BuilderTest, NotABool) {
  expect_error("ok", "yes", "'yes' is not a bool (true, false, 1 or 0)");
  expect_error("ok", "2", "'2' is not a bool (true, false, 1 or 0)");
  expect_error("ok", "true ", "'true ' is not a bool (true, false, 1 or 0)");
}

TEST(BuilderTest, NotADate) {
  expect_error("when", "2023-02-30", "'2023-02-30' is not a real date");
  expect_error("when", "2023-2-3", "'2023-2-3' is not a date (YYYY-MM-DD)");
  expect_error("when", "2023/02/03", "'2023/02/03' is not a date (YYYY-MM-DD)");
}

TEST(BuilderTest, NotAnEnumMember) {
  expect_error("kind", "c", "'c' is not one of \"a\", \"b\"");
  expect_error("kind", "A", "'A' is not one of \"a\", \"b\"");  // exact match only
}

TEST(BuilderTest, OutsideRange) {
  expect_error("score", "60.01", "60.01 is outside [0, 60]");
  expect_error("score", "-0.5", "-0.5 is outside [0, 60]");
  expect_error("n", "6", "6 is outside [-5, 5]");
  expect_error("when", "1999-12-31", "1999-12-31 is outside [2000-01-01, 2023-12-31]");
  // The bounds themselves are inside.
  EXPECT_TRUE(one_row("score", "60.000").errors().empty());
  EXPECT_TRUE(one_row("score", "0").errors().empty());
  EXPECT_TRUE(one_row("n", "-5").errors().empty());
  EXPECT_TRUE(one_row("when", "2023-12-31").errors().empty());
}

TEST(BuilderTest, InvalidUtf8) {
  expect_error("note", "caf\xC3", "invalid UTF-8");
  expect_error("id", "\xFF", "invalid UTF-8");
}

TEST(BuilderTest, LongCellsAreCutInMessages) {
  // 70 '9's: the message shows the first 60 and an ellipsis.
  const std::string cell(70, '9');
  expect_error("n", cell + "x", "'" + std::string(60, '9') + "…' is not an int");
  // Counted in characters, not bytes: 61 CJK characters (3 bytes each).
  std::string cjk;
  for (int i = 0; i < 61; ++i) cjk += "館";
  std::string cut;
  for (int i = 0; i < 60; ++i) cut += "館";
  expect_error("kind", cjk, "'" + cut + "…' is not one of \"a\", \"b\"");
  // Exactly 60 characters are not cut.
  expect_error("kind", cut, "'" + cut + "' is not one of \"a\", \"b\"");
}

TEST(BuilderTest, DuplicateKeyOnEveryOccurrence) {
  roster_builder b(small_schema());
  b.add_row({{"id", "A1"}, {"score", "1"}});
  b.add_row({{"id", "B"}, {"score", "1"}});
  b.add_row({{"id", "A1"}, {"score", "1"}});
  b.add_row({{"id", "A1"}, {"score", "1"}});
  b.add_row({{"id", "a1"}, {"score", "1"}});  // keys are exact: a1 is another key
  const roster r = b.finish();
  ASSERT_EQ(r.errors().size(), 3u);
  const std::size_t rows[] = {0, 2, 3};
  const char* messages[] = {"duplicate key 'A1' (also in rows 2, 3)", "duplicate key 'A1' (also in rows 0, 3)",
                            "duplicate key 'A1' (also in rows 0, 2)"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.errors()[i].row, rows[i]);
    EXPECT_EQ(r.errors()[i].field, "id");
    EXPECT_EQ(r.errors()[i].message, messages[i]);
  }
  // The key itself still reads.
  EXPECT_EQ(r.column(f_id).present.at(2), 1);
}

TEST(BuilderTest, DuplicateKeysAmongAscendingOnes) {
  // Keys that ascend until a repeat (B, B), then ascend again: the repeat is
  // found on both rows. Written out by hand: rows 1 and 2 share B.
  roster_builder b(small_schema());
  for (const char* id : {"A", "B", "B", "C"}) b.add_row({{"id", id}, {"score", "1"}});
  const roster r = b.finish();
  ASSERT_EQ(r.errors().size(), 2u);
  EXPECT_EQ(r.errors()[0].row, 1u);
  EXPECT_EQ(r.errors()[0].message, "duplicate key 'B' (also in row 2)");
  EXPECT_EQ(r.errors()[1].row, 2u);
  EXPECT_EQ(r.errors()[1].message, "duplicate key 'B' (also in row 1)");
  EXPECT_FALSE(r.keys_ascend());
  // Strictly ascending keys, a missing one among them: no duplicate, and the
  // roster says its keys ascend.
  roster_builder c(small_schema());
  for (const char* id : {"A", "", "B", "C"}) c.add_row({{"id", id}, {"score", "1"}});
  const roster rc = c.finish();
  ASSERT_EQ(rc.errors().size(), 1u);
  EXPECT_EQ(rc.errors()[0].message, "missing value");
  EXPECT_TRUE(rc.keys_ascend());
  // Distinct keys out of order (byte order: "B" > "AB"): not ascending.
  roster_builder d(small_schema());
  for (const char* id : {"B", "AB", "C"}) d.add_row({{"id", id}, {"score", "1"}});
  const roster rd = d.finish();
  EXPECT_TRUE(rd.errors().empty());
  EXPECT_FALSE(rd.keys_ascend());
}

TEST(BuilderTest, IntKeysAndMissingKeys) {
  std::vector<merit::input_info> schema = {key(field("no", type_kind::int_)), field("x", type_kind::int_)};
  roster_builder b(schema);
  b.add_row({{"no", "7"}, {"x", "1"}});
  b.add_row({{"no", ""}, {"x", "1"}});   // missing key: still a row, no duplicate
  b.add_row({{"no", ""}, {"x", "1"}});
  b.add_row({{"no", "07"}, {"x", "1"}});  // 07 is 7
  const roster r = b.finish();
  ASSERT_EQ(r.rows(), 4u);
  ASSERT_EQ(r.errors().size(), 4u);
  EXPECT_EQ(r.errors()[0].row, 0u);
  EXPECT_EQ(r.errors()[0].message, "duplicate key '7' (also in row 3)");
  EXPECT_EQ(r.errors()[1].row, 1u);
  EXPECT_EQ(r.errors()[1].message, "missing value");
  EXPECT_EQ(r.errors()[2].row, 2u);
  EXPECT_EQ(r.errors()[2].message, "missing value");
  EXPECT_EQ(r.errors()[3].row, 3u);
  EXPECT_EQ(r.errors()[3].message, "duplicate key '7' (also in row 0)");
  EXPECT_EQ(r.column(0).present.at(1), 0);
}

TEST(BuilderTest, EveryErrorOfEveryRowInFieldOrder) {
  roster_builder b(small_schema());
  b.add_row({{"kind", "z"}, {"n", "x"}, {"id", "A"}, {"score", "99"}});
  b.add_row({{"id", "B"}, {"score", "1"}});
  b.add_row({{"note", "\xC0"}, {"when", "2023-02-29"}, {"ok", "no"}});
  const roster r = b.finish();
  ASSERT_EQ(r.rows(), 3u);
  std::vector<std::pair<std::size_t, std::string>> got;
  for (const auto& e : r.errors()) got.emplace_back(e.row, e.field);
  const std::vector<std::pair<std::size_t, std::string>> want = {
      {0, "score"}, {0, "n"}, {0, "kind"}, {2, "id"}, {2, "score"}, {2, "ok"}, {2, "when"}, {2, "note"}};
  EXPECT_EQ(got, want);
}

TEST(BuilderTest, UnknownNameWarnsOnceAndDuplicateNameIsAnError) {
  roster_builder b(small_schema());
  b.add_row({{"id", "A"}, {"score", "1"}, {"extra", "x"}});
  b.add_row({{"id", "B"}, {"score", "1"}, {"extra", "y"}, {"score", "2"}});
  const roster r = b.finish();
  ASSERT_EQ(r.warnings().size(), 1u);
  EXPECT_NE(r.warnings()[0].find("'extra'"), std::string::npos);
  const data_error e = only_error(r);
  EXPECT_EQ(e.row, 1u);
  EXPECT_EQ(e.field, "score");
  EXPECT_EQ(e.message, "value given twice");
}

TEST(BuilderTest, PositionalRows) {
  roster_builder b(small_schema());
  const std::vector<cell> good = {"A", "1", "2", std::nullopt, "2001-01-01", "a", ""};
  const std::vector<cell> short_row = {"B", "1"};
  b.add_row(good);
  b.add_row(short_row);
  const roster r = b.finish();
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_EQ(r.column(f_n).ints.at(0), 2);
  EXPECT_EQ(r.column(f_note).present.at(0), 0);
  const data_error e = only_error(r);
  EXPECT_EQ(e.row, 1u);
  EXPECT_EQ(e.field, "");
  EXPECT_EQ(e.message, "expected 7 cells, found 2");
  for (std::size_t f = 0; f < r.columns(); ++f) EXPECT_EQ(r.column(f).present.at(1), 0);
}

TEST(BuilderTest, ColumnSetters) {
  roster_builder b(small_schema());
  const std::vector<std::string> ids = {"A", "B", "A", ""};
  const std::vector<decimal> scores = {decimal::parse("1.5"), decimal::parse("60.5"), decimal(0), decimal(3)};
  const std::vector<std::int64_t> ns = {1, 2, 99, 4};
  const std::vector<std::uint8_t> n_valid = {1, 0, 1, 1};
  const std::vector<std::uint8_t> oks = {1, 0, 7, 1};
  const std::vector<merit::date> whens = {merit::date{11017}, merit::date{0}, merit::date{11017}, merit::date{11017}};
  const std::vector<std::string_view> kinds = {"a", "b", "c", "a"};
  b.set_texts("id", ids);
  b.set_decimals("score", scores);
  b.set_ints("n", ns, n_valid);
  b.set_bools("ok", oks);
  b.set_dates("when", whens);
  b.set_texts("kind", kinds);
  EXPECT_EQ(b.rows(), 4u);
  const roster r = b.finish();  // note: never set, optional → absent
  ASSERT_EQ(r.rows(), 4u);
  EXPECT_EQ(r.column(f_n).ints.at(1), 1);  // invalid → default 1
  EXPECT_EQ(r.column(f_score).decimal_at(0), decimal::parse("1.5"));
  // Compact at scale 1 (1.5 has one place); the bad 60.5 is absent (0).
  EXPECT_EQ(r.column(f_score).decimal_scale, 1);
  EXPECT_EQ(r.column(f_score).ints, (std::vector<std::int64_t>{15, 0, 0, 30}));
  EXPECT_EQ(r.column(f_when).ints.at(0), 11017);
  EXPECT_EQ(r.column(f_note).present.at(3), 0);
  std::vector<std::tuple<std::size_t, std::string, std::string>> got;
  for (const auto& e : r.errors()) got.emplace_back(e.row, e.field, e.message);
  const std::vector<std::tuple<std::size_t, std::string, std::string>> want = {
      {0, "id", "duplicate key 'A' (also in row 2)"},
      {1, "score", "60.5 is outside [0, 60]"},
      {1, "when", "1970-01-01 is outside [2000-01-01, 2023-12-31]"},
      {2, "id", "duplicate key 'A' (also in row 0)"},
      {2, "n", "99 is outside [-5, 5]"},
      {2, "ok", "'7' is not a bool (0 or 1)"},
      {2, "kind", "'c' is not one of \"a\", \"b\""},
      {3, "id", "missing value"},  // an empty text is a missing value
  };
  EXPECT_EQ(got, want);
}

TEST(BuilderTest, ColumnSettersConvertNumbers) {
  std::vector<merit::input_info> schema = {key(field("id", type_kind::int_)), field("d", type_kind::decimal)};
  roster_builder b(schema);
  const std::vector<decimal> ids = {decimal(1), decimal::parse("2.0"), decimal::parse("2.5")};
  const std::vector<std::int64_t> ds = {5, -7, 0};
  b.set_decimals("id", ids);
  b.set_ints("d", ds);
  const roster r = b.finish();
  EXPECT_EQ(r.column(0).ints, (std::vector<std::int64_t>{1, 2, 0}));
  EXPECT_EQ(r.column(1).decimal_at(1), decimal(-7));
  EXPECT_EQ(r.column(1).decimal_scale, 0);
  EXPECT_EQ(r.column(1).ints, (std::vector<std::int64_t>{5, -7, 0}));
  const data_error e = only_error(r);
  EXPECT_EQ(e.row, 2u);
  EXPECT_EQ(e.message, "'2.5' is not an int");
}

TEST(BuilderTest, SetCellsReadsLikeCsv) {
  roster_builder b(small_schema());
  const std::vector<cell> ids = {"A", "B"};
  const std::vector<cell> scores = {"7.25", "x"};
  b.set_cells("id", ids);
  b.set_cells("score", scores);
  const roster r = b.finish();
  EXPECT_EQ(r.column(f_score).decimal_at(0), decimal::parse("7.25"));
  EXPECT_EQ(r.column(f_score).decimal_scale, 2);
  EXPECT_EQ(r.column(f_score).ints.at(0), 725);
  const data_error e = only_error(r);
  EXPECT_EQ(e.row, 1u);
  EXPECT_EQ(e.field, "score");
  EXPECT_EQ(e.message, "'x' is not a decimal");
}

TEST(BuilderTest, MissingColumnInColumnMode) {
  roster_builder b(small_schema());
  const std::vector<std::string> ids = {"A", "B"};
  b.set_texts("id", ids);
  const roster r = b.finish();  // score never set: missing in every row
  ASSERT_EQ(r.errors().size(), 2u);
  EXPECT_EQ(r.errors()[0].row, 0u);
  EXPECT_EQ(r.errors()[1].row, 1u);
  EXPECT_EQ(r.errors()[1].field, "score");
  EXPECT_EQ(r.errors()[1].message, "missing value");
}

TEST(BuilderTest, MisuseThrows) {
  {
    roster_builder b(small_schema());
    const std::vector<std::string> ids = {"A", "B"};
    const std::vector<decimal> one = {decimal(1)};
    b.set_texts("id", ids);
    EXPECT_THROW(b.set_decimals("score", one), std::invalid_argument);  // wrong length
    EXPECT_THROW(b.set_texts("id", ids), std::logic_error);             // twice
    EXPECT_THROW(b.set_texts("nope", ids), std::invalid_argument);      // unknown field
    EXPECT_THROW(b.set_texts("score", ids), std::invalid_argument);     // wrong type
    const std::vector<std::uint8_t> valid = {1};
    const std::vector<decimal> two = {decimal(1), decimal(2)};
    EXPECT_THROW(b.set_decimals("score", two, valid), std::invalid_argument);
    EXPECT_THROW(b.add_row({{"id", "C"}}), std::logic_error);  // rows after columns
    (void)b.finish();
    EXPECT_THROW((void)b.finish(), std::logic_error);
  }
  {
    roster_builder b(small_schema());
    b.add_row({{"id", "C"}});
    const std::vector<std::string> ids = {"A"};
    EXPECT_THROW(b.set_texts("id", ids), std::logic_error);  // columns after rows
  }
  // A bad schema: a default that is not of its field's type, or out of range.
  EXPECT_THROW(roster_builder({with_default(field("x", type_kind::int_), "1.5")}), std::invalid_argument);
  EXPECT_THROW(roster_builder({with_default(range(field("x", type_kind::int_), "0", "3"), "4")}),
               std::invalid_argument);
  EXPECT_THROW(roster_builder({range(field("x", type_kind::text), "a", "b")}), std::invalid_argument);
  EXPECT_THROW(roster_builder({field("x", type_kind::int_), field("x", type_kind::int_)}), std::invalid_argument);
}

// Builders sharing one prepared schema read rows exactly as builders made
// from the plain schema do, and the rosters they finish keep the schema.
TEST(BuilderTest, PreparedSchemaIsSharedAndReadsTheSame) {
  const merit::prepared_schema prepared = merit::prepare_schema(small_schema());
  auto fill = [](roster_builder& b) {
    b.add_row({{"id", "A1"}, {"score", "59.5"}, {"n", "-5"}, {"ok", "true"}, {"when", "2001-02-03"}, {"kind", "a"}});
    b.add_row({{"id", "A2"}, {"score", "61"}, {"n", "x"}});  // out of range; not an int
    b.add_row({{"id", "A1"}});                                // a repeated key
  };
  roster_builder plain(small_schema()), first(prepared), second(prepared);
  fill(plain);
  fill(first);
  fill(second);
  const roster want = plain.finish();
  for (roster got : {first.finish(), second.finish()}) {
    ASSERT_EQ(got.schema().size(), want.schema().size());
    for (std::size_t f = 0; f < want.schema().size(); ++f) EXPECT_EQ(got.schema()[f].name, want.schema()[f].name);
    ASSERT_EQ(got.rows(), 3u);
    ASSERT_EQ(got.errors().size(), want.errors().size());
    for (std::size_t i = 0; i < want.errors().size(); ++i) {
      EXPECT_EQ(got.errors()[i].row, want.errors()[i].row);
      EXPECT_EQ(got.errors()[i].field, want.errors()[i].field);
      EXPECT_EQ(got.errors()[i].message, want.errors()[i].message);
    }
    EXPECT_EQ(got.column(f_score).decimal_at(0), decimal::parse("59.5"));
    EXPECT_EQ(got.column(f_n).ints[0], -5);
    EXPECT_EQ(got.column(f_kind).ints[1], 1);  // the default, "b"
  }
  // Errors: row 1's score out of range and n not an int; row 2's score
  // missing; the key on both of its rows (0 and 2).
  EXPECT_EQ(want.errors().size(), 5u);
  // A roster moved from keeps no schema (and says so with an empty one).
  roster_builder third(prepared);
  fill(third);
  roster taken = third.finish();
  const roster kept = std::move(taken);
  EXPECT_EQ(kept.schema().size(), 7u);
  EXPECT_TRUE(taken.schema().empty());  // NOLINT(bugprone-use-after-move): the moved-from state is the point
  // A schema that cannot be prepared fails as a builder's would.
  EXPECT_THROW(merit::prepare_schema({field("x", type_kind::int_), field("x", type_kind::int_)}),
               std::invalid_argument);
}

TEST(BuilderTest, EmptyRoster) {
  roster_builder b(small_schema());
  const roster r = b.finish();
  EXPECT_EQ(r.rows(), 0u);
  EXPECT_EQ(r.columns(), 7u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.column(f_kind).type, type_kind::enum_);
}

}  // namespace

namespace {

// A column set in one call reads the same whether every value is clean (the
// builder then takes the column whole) or one row is not (it then goes row
// by row): the clean rows' values are the caller's, by construction of the
// inputs below.
TEST(BuilderTest, WholeColumnsAndRowByRowColumnsReadAlike) {
  std::vector<merit::input_info> schema = {key(field("id", type_kind::int_)),
                                           range(field("n", type_kind::int_), "0", "10"),
                                           range(field("x", type_kind::decimal), "0", "100")};
  const std::vector<std::int64_t> ids = {1, 2, 3, 4};
  const std::vector<std::int64_t> ns = {0, 10, 5, 7};
  const std::vector<std::int64_t> xs = {0, 10000, 8725, 50};  // hundredths: 0, 100, 87.25, 0.5
  {
    roster_builder b(schema);
    b.set_ints("id", ids);
    b.set_ints("n", ns);
    b.set_decimals_scaled("x", xs, 2);
    const roster r = b.finish();
    EXPECT_TRUE(r.errors().empty());
    EXPECT_EQ(r.column(1).ints, ns);
    EXPECT_EQ(r.column(2).decimal_scale, 2);
    EXPECT_EQ(r.column(2).ints, xs);
    EXPECT_EQ(r.column(2).decimal_at(2), decimal::parse("87.25"));
  }
  {
    // Row 1's n is 11 (above 10), row 3's x is missing, row 2's x is 100.01.
    roster_builder b(schema);
    b.set_ints("id", ids);
    b.set_ints("n", std::vector<std::int64_t>{0, 11, 5, 7});
    const std::vector<std::uint8_t> valid = {1, 1, 1, 0};
    b.set_decimals_scaled("x", std::vector<std::int64_t>{0, 10000, 10001, 50}, 2, valid);
    const roster r = b.finish();
    ASSERT_EQ(r.errors().size(), 3u);
    EXPECT_EQ(r.errors()[0].row, 1u);
    EXPECT_EQ(r.errors()[0].message, "11 is outside [0, 10]");
    EXPECT_EQ(r.errors()[1].row, 2u);
    EXPECT_EQ(r.errors()[1].message, "100.01 is outside [0, 100]");
    EXPECT_EQ(r.errors()[2].row, 3u);
    EXPECT_EQ(r.errors()[2].message, "missing value");
    EXPECT_EQ(r.column(1).present, (std::vector<std::uint8_t>{1, 0, 1, 1}));
    EXPECT_EQ(r.column(1).ints.at(2), 5);
    EXPECT_EQ(r.column(2).present, (std::vector<std::uint8_t>{1, 1, 0, 0}));
    EXPECT_EQ(r.column(2).decimal_at(1), decimal::parse("100"));
  }
}

}  // namespace
