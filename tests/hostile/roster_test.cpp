// SPDX-License-Identifier: Apache-2.0
// merit - hostile rosters: bad bytes, impossible values, odd headers and line ends, limits
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/limits.hpp"
#include "merit/roster.hpp"

namespace {

using merit::ast::type_kind;

std::vector<merit::input_info> schema() {
  std::vector<merit::input_info> s(5);
  s[0].name = "id";
  s[0].type = type_kind::text;
  s[0].key = true;
  s[1].name = "score";
  s[1].type = type_kind::decimal;
  s[2].name = "n";
  s[2].type = type_kind::int_;
  s[3].name = "d";
  s[3].type = type_kind::date;
  s[4].name = "t";
  s[4].type = type_kind::text;
  s[4].optional = true;
  return s;
}

merit::roster read(const std::string& text) { return merit::read_csv_text(schema(), text, "h.csv"); }

// The messages of row `row`, each as "field: message".
std::vector<std::string> errors_of(const merit::roster& r, std::size_t row) {
  std::vector<std::string> out;
  for (const auto& e : r.errors()) {
    if (e.row == row) out.push_back(e.field + ": " + e.message);
  }
  return out;
}

TEST(HostileRoster, InvalidUtf8IsAnErrorOfItsRowOnly) {
  const auto r = read("id,score,n,d,t\nA,1,1,2023-01-01,ok\nB,2,2,2023-01-02,bad\xC3(\nC,3,3,2023-01-03,\n");
  ASSERT_EQ(r.rows(), 3u);  // nothing lost
  EXPECT_TRUE(errors_of(r, 0).empty());
  EXPECT_EQ(errors_of(r, 1), std::vector<std::string>{"t: invalid UTF-8"});
  EXPECT_TRUE(errors_of(r, 2).empty());
  EXPECT_EQ(r.line(1), 3u);
}

TEST(HostileRoster, NulByteInATextCellIsKeptAsText) {
  // U+0000 is valid UTF-8 and text is any valid UTF-8 (section 9): kept, byte for byte.
  const auto r = read(std::string("id,score,n,d,t\nA,1,1,2023-01-01,a\0b\n", 35));
  ASSERT_EQ(r.rows(), 1u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.column(4).texts[0], std::string("a\0b", 3));
}

TEST(HostileRoster, NulByteInANumberCellIsAnError) {
  const auto r = read(std::string("id,score,n,d,t\nA,1\0,1,2023-01-01,\n", 33));
  ASSERT_EQ(r.rows(), 1u);
  ASSERT_EQ(errors_of(r, 0).size(), 1u);
  EXPECT_EQ(r.errors()[0].field, "score");
}

TEST(HostileRoster, ImpossibleNumbersAreErrorsNeverRounded) {
  const auto r = read(
      "id,score,n,d,t\n"
      "A,1e400,1,2023-01-01,\n"                                    // exponent
      "B,1234567890123456789012345678901234567890,1,2023-01-01,\n"  // 40 digits
      "C,0.5,9223372036854775808,2023-01-01,\n"                     // int64 + 1
      "D,abc,x1,2023-01-01,\n"                                      // text in number columns
      "E,.5,+1,2023-01-01,\n");                                     // no leading digit, plus sign
  ASSERT_EQ(r.rows(), 5u);
  ASSERT_EQ(errors_of(r, 0).size(), 1u);
  EXPECT_EQ(r.errors()[0].field, "score");
  ASSERT_EQ(errors_of(r, 1).size(), 1u);
  ASSERT_EQ(errors_of(r, 2).size(), 1u);
  EXPECT_EQ(errors_of(r, 2)[0].substr(0, 3), "n: ");
  EXPECT_EQ(errors_of(r, 3).size(), 2u);
  EXPECT_EQ(errors_of(r, 4).size(), 2u);
  for (std::size_t row = 0; row < 5; ++row) EXPECT_EQ(r.column(1).present[row], row == 2 ? 1 : 0);
}

TEST(HostileRoster, ThirtyFourDigitsAreAcceptedExactly) {
  const auto r = read("id,score,n,d,t\nA,1234567890123456789012345678901.234,-0,2023-01-01,\n");
  ASSERT_TRUE(r.errors().empty());
  EXPECT_EQ(r.column(1).decimal_at(0).to_string(), "1234567890123456789012345678901.234");
  EXPECT_EQ(r.column(1).decimal_scale, -1);  // 34 digits do not fit int64: a column of decimals
  EXPECT_EQ(r.column(2).ints[0], 0);  // "-0" is the int 0
}

TEST(HostileRoster, NegativeZeroDecimalPrintsAsZero) {
  const auto r = read("id,score,n,d,t\nA,-0,1,2023-01-01,\nB,-0.000,1,2023-01-01,\n");
  ASSERT_TRUE(r.errors().empty());
  EXPECT_EQ(r.column(1).decimal_at(0).to_string(), "0");
  EXPECT_EQ(r.column(1).decimal_at(1).to_string(), "0");
  EXPECT_EQ(r.column(1).decimal_scale, 0);  // compact: no places are needed for zero
  EXPECT_EQ(r.column(1).ints, (std::vector<std::int64_t>{0, 0}));
}

TEST(HostileRoster, ImpossibleDatesAreErrors) {
  const auto r = read("id,score,n,d,t\nA,1,1,2023-02-30,\nB,1,1,2023-2-3,\nC,1,1,2024-02-29,\nD,1,1,2023-02-29,\n");
  ASSERT_EQ(r.rows(), 4u);
  EXPECT_EQ(errors_of(r, 0).size(), 1u);
  EXPECT_EQ(errors_of(r, 1).size(), 1u);
  EXPECT_TRUE(errors_of(r, 2).empty());  // 2024 is a leap year
  EXPECT_EQ(errors_of(r, 3).size(), 1u);
}

TEST(HostileRoster, DuplicateHeaderIsAWholeRosterError) {
  try {
    read("id,score,n,score,d,t\n");
    FAIL() << "expected roster_error";
  } catch (const merit::roster_error& e) {
    EXPECT_EQ(e.code(), merit::roster_errc::format);
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.message(), "column 'score' is named twice (columns 2 and 4)");
  }
}

TEST(HostileRoster, EmptyHeaderNameIsIgnoredWithAWarning) {
  const auto r = read("id,,score,n,d,t\nA,zzz,1,1,2023-01-01,\n");
  ASSERT_EQ(r.rows(), 1u);
  EXPECT_TRUE(r.errors().empty());
  ASSERT_EQ(r.warnings().size(), 1u);
  EXPECT_NE(r.warnings()[0].find("column 2 has no name"), std::string::npos);
}

TEST(HostileRoster, ByteOrderMarkBeforeTheHeaderIsSkipped) {
  const auto r = read("\xEF\xBB\xBFid,score,n,d,t\nA,1,1,2023-01-01,\n");
  ASSERT_EQ(r.rows(), 1u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_TRUE(r.warnings().empty());
  EXPECT_EQ(r.column(0).texts[0], "A");
}

TEST(HostileRoster, SecondByteOrderMarkIsPartOfTheName) {
  // Only one BOM is a BOM: the second makes the first column "\uFEFFid",
  // which is not declared, so `id` has no column: every row lacks its key.
  const auto r = read("\xEF\xBB\xBF\xEF\xBB\xBFid,score,n,d,t\nA,1,1,2023-01-01,\n");
  ASSERT_EQ(r.rows(), 1u);
  EXPECT_EQ(errors_of(r, 0), std::vector<std::string>{"id: missing value"});
  EXPECT_EQ(r.warnings().size(), 2u);  // the ignored column, the field without a column
}

TEST(HostileRoster, CrlfAndQuotedNewlinesKeepValuesAndLines) {
  const auto r = read("id,score,n,d,t\r\nA,1,1,2023-01-01,\"two\r\nlines\"\r\n\"B\",2,2,2023-01-02,\"x,\"\"y\"\"\"\r\n");
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.column(4).texts[0], "two\r\nlines");  // inside quotes the CR is content
  EXPECT_EQ(r.column(4).texts[1], "x,\"y\"");
  EXPECT_EQ(r.line(0), 2u);
  EXPECT_EQ(r.line(1), 4u);  // the quoted newline counts
}

TEST(HostileRoster, NoRows) {
  const auto r = read("id,score,n,d,t\n");
  EXPECT_EQ(r.rows(), 0u);
  EXPECT_TRUE(r.errors().empty());
}

TEST(HostileRoster, EmptyFileIsAWholeRosterError) {
  EXPECT_THROW(read(""), merit::roster_error);
  EXPECT_THROW(read("\xEF\xBB\xBF\n\n"), merit::roster_error);
}

TEST(HostileRoster, OneColumn) {
  std::vector<merit::input_info> s(1);
  s[0].name = "id";
  s[0].type = type_kind::int_;
  s[0].key = true;
  const auto r = merit::read_csv_text(s, "id\n3\n1\n\n2\n", "one.csv");
  ASSERT_EQ(r.rows(), 3u);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.column(0).ints, (std::vector<std::int64_t>{3, 1, 2}));
  EXPECT_EQ(r.line(2), 5u);  // the blank line counts
}

TEST(HostileRoster, RepeatedKeyIsAnErrorOfEveryOccurrence) {
  const auto r = read("id,score,n,d,t\nA,1,1,2023-01-01,\nB,1,1,2023-01-01,\nA,2,2,2023-01-01,\n");
  ASSERT_EQ(r.rows(), 3u);
  ASSERT_EQ(errors_of(r, 0).size(), 1u);
  EXPECT_TRUE(errors_of(r, 1).empty());
  ASSERT_EQ(errors_of(r, 2).size(), 1u);
  EXPECT_NE(errors_of(r, 0)[0].find("duplicate key"), std::string::npos);
  EXPECT_NE(errors_of(r, 0)[0].find("line 4"), std::string::npos);
  EXPECT_NE(errors_of(r, 2)[0].find("line 2"), std::string::npos);
}

TEST(HostileRoster, WrongCellCountIsAnErrorOfItsRow) {
  const auto r = read("id,score,n,d,t\nA,1,1\nB,1,1,2023-01-01,,extra\n");
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_EQ(errors_of(r, 0), std::vector<std::string>{": expected 5 cells, found 3"});
  EXPECT_EQ(errors_of(r, 1), std::vector<std::string>{": expected 5 cells, found 6"});
}

TEST(HostileRoster, CellAboveTheLimitIsAnErrorOfItsRow) {
  const std::string big(merit::detail::max_cell_bytes + 1, 'x');
  const auto r = read("id,score,n,d,t\nA,1,1,2023-01-01," + big + "\nB,1,1,2023-01-01,y\n");
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_EQ(errors_of(r, 0), std::vector<std::string>{"t: cell longer than 1048576 bytes"});
  EXPECT_TRUE(errors_of(r, 1).empty());
  // Exactly the limit is accepted.
  const auto ok = read("id,score,n,d,t\nA,1,1,2023-01-01," + big.substr(1) + "\n");
  EXPECT_TRUE(ok.errors().empty());
}

TEST(HostileRoster, TooManyColumnsIsAWholeRosterError) {
  std::string header = "id,score,n,d,t";
  for (std::size_t i = 5; i <= merit::detail::max_roster_columns; ++i) header += ",c" + std::to_string(i);
  try {
    read(header + "\n");
    FAIL() << "expected roster_error";
  } catch (const merit::roster_error& e) {
    EXPECT_EQ(e.code(), merit::roster_errc::format);
    EXPECT_EQ(e.message(), "the header row has 10001 columns; at most 10000 are accepted");
  }
}

}  // namespace
