// SPDX-License-Identifier: Apache-2.0
// merit - tests of the CSV roster reader
#include <gtest/gtest.h>

#include <sstream>

#include "merit/roster.hpp"
#include "roster_schema.hpp"

namespace {

using namespace merit_test;
using merit::data_error;
using merit::decimal;
using merit::read_csv_text;
using merit::roster;
using merit::roster_errc;
using merit::roster_error;

enum { f_id, f_score, f_n, f_note };

std::vector<merit::input_info> schema() {
  return {
      key(field("id", type_kind::text)),
      range(field("score", type_kind::decimal), "0", "60"),
      with_default(field("n", type_kind::int_), "0"),
      optional(field("note", type_kind::text)),
  };
}

roster read(std::string text) { return read_csv_text(schema(), std::move(text), "t.csv"); }

struct error_at {
  std::size_t row;
  std::uint32_t line;
  std::string field;
  std::string message;
  friend bool operator==(const error_at&, const error_at&) = default;
  friend std::ostream& operator<<(std::ostream& os, const error_at& e) {
    return os << "{row " << e.row << ", line " << e.line << ", '" << e.field << "', \"" << e.message << "\"}";
  }
};

std::vector<error_at> errors(const roster& r) {
  std::vector<error_at> out;
  for (const data_error& e : r.errors()) out.push_back({e.row, e.line, e.field, e.message});
  return out;
}

roster_error header_error(std::string text) {
  try {
    (void)read(std::move(text));
  } catch (const roster_error& e) {
    return e;
  }
  ADD_FAILURE() << "no roster_error";
  return roster_error(roster_errc::io, "", 0, "");
}

TEST(CsvTest, ColumnsInAnyOrder) {
  const roster r = read("note,n,score,id\nhello,3,12.5,A1\n,,0,A2\n");
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_TRUE(r.warnings().empty());
  EXPECT_EQ(r.column(f_id).texts, (std::vector<std::string>{"A1", "A2"}));
  EXPECT_EQ(r.column(f_score).decimal_at(0), decimal::parse("12.5"));
  EXPECT_EQ(r.column(f_score).decimal_scale, 1);  // compact: 125 and 0 tenths
  EXPECT_EQ(r.column(f_score).ints, (std::vector<std::int64_t>{125, 0}));
  EXPECT_EQ(r.column(f_n).ints, (std::vector<std::int64_t>{3, 0}));  // row 2: default
  EXPECT_EQ(r.column(f_note).present, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_EQ(r.line(0), 2u);
  EXPECT_EQ(r.line(1), 3u);
}

TEST(CsvTest, Quoting) {
  // Line 2: a quoted comma; line 3: doubled quotes; lines 4-6: a cell with two
  // newlines, so the record after it starts on line 7.
  const roster r = read(
      "id,score,note\n"
      "A1,1,\"a, b\"\n"
      "A2,2,\"say \"\"hi\"\"\"\n"
      "A3,3,\"one\ntwo\nthree\"\n"
      "\"A4\",\"4\",\"\"\n"
      "A5,bad,x\n");
  ASSERT_EQ(r.rows(), 5u);
  EXPECT_EQ(r.column(f_note).texts.at(0), "a, b");
  EXPECT_EQ(r.column(f_note).texts.at(1), "say \"hi\"");
  EXPECT_EQ(r.column(f_note).texts.at(2), "one\ntwo\nthree");
  EXPECT_EQ(r.column(f_id).texts.at(3), "A4");
  EXPECT_EQ(r.column(f_note).present.at(3), 0);  // "" is an empty cell: missing
  EXPECT_EQ((std::vector<std::uint32_t>{r.line(0), r.line(1), r.line(2), r.line(3), r.line(4)}),
            (std::vector<std::uint32_t>{2, 3, 4, 7, 8}));
  EXPECT_EQ(errors(r), (std::vector<error_at>{{4, 8, "score", "'bad' is not a decimal"}}));
}

TEST(CsvTest, CrlfBomNoTrailingNewline) {
  const roster r = read("\xEF\xBB\xBFid,score,note\r\nA1,1,\"x\r\ny\"\r\nA2,2,last");
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.column(f_id).texts.at(0), "A1");  // the BOM is not part of 'id'
  EXPECT_EQ(r.column(f_note).texts.at(0), "x\r\ny");  // inside quotes, kept as is
  EXPECT_EQ(r.column(f_note).texts.at(1), "last");
  EXPECT_EQ(r.line(1), 4u);
}

TEST(CsvTest, BlankLinesAreSkipped) {
  const roster r = read("\n\nid,score\n\nA1,1\r\n\r\n\nA2,2\n\n");
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.line(0), 5u);
  EXPECT_EQ(r.line(1), 8u);
}

TEST(CsvTest, CellsAreNotTrimmed) {
  const roster r = read("id,score,n\nA1, 5,1\nA2,5,1 \n");
  EXPECT_EQ(errors(r), (std::vector<error_at>{{0, 2, "score", "' 5' is not a decimal"},
                                              {1, 3, "n", "'1 ' is not an int"}}));
}

TEST(CsvTest, UndeclaredColumnIsIgnoredWithWarning) {
  const roster r = read("id,remarks,score\nA1,whatever,1\n");
  EXPECT_TRUE(r.errors().empty());
  ASSERT_EQ(r.warnings().size(), 1u);
  EXPECT_EQ(r.warnings()[0], "t.csv:1: column 'remarks' is not a declared field; ignored");
}

TEST(CsvTest, MissingColumn) {
  // No 'score' column (no default): every row misses it. No 'n' column: default.
  const roster r = read("id\nA1\nA2\n");
  EXPECT_EQ(errors(r), (std::vector<error_at>{{0, 2, "score", "missing value"}, {1, 3, "score", "missing value"}}));
  EXPECT_EQ(r.column(f_n).ints, (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(r.column(f_n).present, (std::vector<std::uint8_t>{1, 1}));
  ASSERT_EQ(r.warnings().size(), 1u);
  EXPECT_NE(r.warnings()[0].find("'score'"), std::string::npos);
}

TEST(CsvTest, HeaderErrors) {
  for (const char* empty : {"", "\xEF\xBB\xBF", "\n\r\n\n"}) {
    const roster_error e = header_error(empty);
    EXPECT_EQ(e.code(), roster_errc::format);
    EXPECT_EQ(std::string(e.what()), "t.csv: the roster is empty (no header row)");
  }
  {
    const roster_error e = header_error("id,score,id\nA,1,A\n");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(std::string(e.what()), "t.csv:1: column 'id' is named twice (columns 1 and 3)");
  }
  {
    // A roster without a header row: the first row names no field.
    const roster_error e = header_error("\nA1,12.5\nA2,13\n");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.file(), "t.csv");
    EXPECT_EQ(e.message(),
              "the first row names none of the declared fields (id, score, n, note); a roster needs a header row");
  }
  {
    const roster_error e = header_error("id,sc\"ore\nA,1\n");
    EXPECT_EQ(std::string(e.what()), "t.csv:1: header row, column 2: quote inside an unquoted cell");
  }
}

TEST(CsvTest, WrongNumberOfCells) {
  const roster r = read("id,score,n\nA1,1\nA2,2,3,4\nA3,3,3\n");
  EXPECT_EQ(errors(r), (std::vector<error_at>{{0, 2, "", "expected 3 cells, found 2"},
                                              {1, 3, "", "expected 3 cells, found 4"}}));
  ASSERT_EQ(r.rows(), 3u);
  for (std::size_t f = 0; f < r.columns(); ++f) EXPECT_EQ(r.column(f).present.at(0), 0) << f;
  EXPECT_EQ(r.column(f_id).present.at(2), 1);
}

TEST(CsvTest, InvalidUtf8) {
  const roster r = read("id,score,other\nA\xE9,1,x\nA2,1,\xFF\xFE\nA3,1,ok\n");
  EXPECT_EQ(errors(r), (std::vector<error_at>{{0, 2, "id", "invalid UTF-8"},
                                              {1, 3, "", "column 'other': invalid UTF-8"}}));
}

TEST(CsvTest, QuoteProblems) {
  const roster r = read(
      "id,score,note\n"
      "A1,1,ab\"c\n"        // a quote inside an unquoted cell
      "A2,1,\"ab\"c\n"      // text after a closing quote
      "A3,1,ok\n"
      "A4,1,\"never closed\nA5,1,x\n");
  EXPECT_EQ(errors(r), (std::vector<error_at>{{0, 2, "note", "quote inside an unquoted cell"},
                                              {1, 3, "note", "text after a closing quote"},
                                              {3, 5, "note", "quoted cell not closed before the end of the file"}}));
  EXPECT_EQ(r.rows(), 4u);
  EXPECT_EQ(r.column(f_note).texts.at(2), "ok");
}

TEST(CsvTest, UnterminatedQuoteWithTooFewCells) {
  const roster r = read("id,score,note\nA1,\"1\n");
  EXPECT_EQ(errors(r),
            (std::vector<error_at>{{0, 2, "", "quoted cell not closed before the end of the file"}}));
}

TEST(CsvTest, DuplicateKeysNameTheOtherLines) {
  // Row 0 on line 2, row 2 on line 5 (a quoted newline on line 3 pushes it).
  const roster r = read("id,score,note\nA1,1,x\nB,1,\"multi\nline\"\nA1,1,y\nA1,70,z\n");
  EXPECT_EQ(errors(r), (std::vector<error_at>{
                           {0, 2, "id", "duplicate key 'A1' (also on lines 5, 6)"},
                           {2, 5, "id", "duplicate key 'A1' (also on lines 2, 6)"},
                           {3, 6, "id", "duplicate key 'A1' (also on lines 2, 5)"},
                           {3, 6, "score", "70 is outside [0, 60]"},
                       }));
}

TEST(CsvTest, TwoOccurrencesSayLine) {
  const roster r = read("id,score\nA1,1\nA2,1\nA1,1\n");
  EXPECT_EQ(errors(r), (std::vector<error_at>{{0, 2, "id", "duplicate key 'A1' (also on line 4)"},
                                              {2, 4, "id", "duplicate key 'A1' (also on line 2)"}}));
}

TEST(CsvTest, HeaderOnlyIsAnEmptyRoster) {
  const roster r = read("id,score\n");
  EXPECT_EQ(r.rows(), 0u);
  EXPECT_TRUE(r.errors().empty());
}

TEST(CsvTest, SingleColumnRoster) {
  std::vector<merit::input_info> one = {key(field("id", type_kind::text))};
  const roster r = read_csv_text(one, "id\nA\n\nB", "t.csv");
  ASSERT_EQ(r.rows(), 2u);  // the blank line is skipped, not an empty cell
  EXPECT_EQ(r.column(0).texts, (std::vector<std::string>{"A", "B"}));
}

TEST(CsvTest, FromStreamAndFile) {
  std::istringstream in("id,score\nA1,7\n");
  const roster r = merit::read_csv(schema(), in, "stream.csv");
  ASSERT_EQ(r.rows(), 1u);
  EXPECT_EQ(r.column(f_score).decimal_at(0), decimal(7));
  try {
    (void)merit::read_csv_file(schema(), "no/such/dir/roster.csv");
    ADD_FAILURE() << "no roster_error";
  } catch (const roster_error& e) {
    EXPECT_EQ(e.code(), roster_errc::io);
    EXPECT_EQ(e.file(), "no/such/dir/roster.csv");
    EXPECT_EQ(std::string(e.what()).rfind("no/such/dir/roster.csv: cannot open the roster", 0), 0u) << e.what();
  }
}

TEST(CsvTest, EveryValueErrorKindWithItsLine) {
  std::vector<merit::input_info> wide = {
      key(field("id", type_kind::text)),
      range(field("i", type_kind::int_), "0", "10"),
      range(field("d", type_kind::decimal), "0", "60"),
      optional(field("b", type_kind::bool_)),
      optional(range(field("t", type_kind::date), "2000-01-01", "2030-12-31")),
      optional(enum_field("e", {"x", "y"})),
  };
  const roster r = read_csv_text(wide,
                                 "id,i,d,b,t,e\n"
                                 "R0,1,1,true,2020-01-01,x\n"      // line 2: valid
                                 ",1,1,,,\n"                       // line 3: missing key
                                 "R2,1.5,1,,,\n"                   // line 4: not an int
                                 "R3,99999999999999999999,1,,,\n"  // line 5: int overflow
                                 "R4,11,1,,,\n"                    // line 6: int out of range
                                 "R5,1,abc,,,\n"                   // line 7: not a decimal
                                 "R6,1,87.5,,,\n"                  // line 8: decimal out of range
                                 "R7,1,1,yes,,\n"                  // line 9: not a bool
                                 "R8,1,1,,2023-02-30,\n"           // line 10: not a real date
                                 "R9,1,1,,23-02-01,\n"             // line 11: not a date
                                 "R10,1,1,,1999-12-31,\n"          // line 12: date out of range
                                 "R11,1,1,,,z\n"                   // line 13: not a member
                                 "R0,1,,,,\n",                     // line 14: duplicate key, missing d
                                 "wide.csv");
  ASSERT_EQ(r.rows(), 13u);
  EXPECT_EQ(errors(r), (std::vector<error_at>{
                           {0, 2, "id", "duplicate key 'R0' (also on line 14)"},
                           {1, 3, "id", "missing value"},
                           {2, 4, "i", "'1.5' is not an int"},
                           {3, 5, "i", "'99999999999999999999' is not an int (too large for 64 bits)"},
                           {4, 6, "i", "11 is outside [0, 10]"},
                           {5, 7, "d", "'abc' is not a decimal"},
                           {6, 8, "d", "87.5 is outside [0, 60]"},
                           {7, 9, "b", "'yes' is not a bool (true, false, 1 or 0)"},
                           {8, 10, "t", "'2023-02-30' is not a real date"},
                           {9, 11, "t", "'23-02-01' is not a date (YYYY-MM-DD)"},
                           {10, 12, "t", "1999-12-31 is outside [2000-01-01, 2030-12-31]"},
                           {11, 13, "e", "'z' is not one of \"x\", \"y\""},
                           {12, 14, "id", "duplicate key 'R0' (also on line 2)"},
                           {12, 14, "d", "missing value"},
                       }));
  EXPECT_EQ(r.column(0).present.at(1), 0);  // the row with no key is still a row
}

}  // namespace
