// SPDX-License-Identifier: Apache-2.0
// merit - compact decimal columns: values as int64 at one scale per column
//
// Every expected scale and int below is worked out by hand from the cells
// (a cell with p places is its digits × 10^-p; a column keeps the largest p
// it needs). Every value read back is checked against decimal::parse of the
// cell text, an oracle independent of the compact form: equal as numbers
// and printed the same.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "merit/roster.hpp"
#include "roster_schema.hpp"

namespace {

using namespace merit_test;
using merit::decimal;
using merit::roster;
using merit::roster_builder;
using cell = std::optional<std::string_view>;

std::vector<merit::input_info> x_schema(merit::input_info x) { return {key(field("id", type_kind::text)), std::move(x)}; }

/// A roster of rows (id, x) from cells of x; ids are r0, r1, ...
roster rows_of(merit::input_info x, const std::vector<std::string>& cells) {
  roster_builder b(x_schema(std::move(x)));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string id = "r" + std::to_string(i);
    b.add_row({{"id", id}, {"x", cells[i]}});
  }
  return b.finish();
}

/// Row i reads as decimal::parse(cells[i]): the same number, printed the same.
void expect_reads_as(const merit::column& c, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i) + ": " + cells[i]);
    ASSERT_EQ(c.present.at(i), 1);
    const decimal want = decimal::parse(cells[i]);
    EXPECT_EQ(c.decimal_at(i), want);
    EXPECT_EQ(c.decimal_at(i).to_string(), want.to_string());
  }
}

std::vector<std::tuple<std::size_t, std::string, std::string>> errors_of(const roster& r) {
  std::vector<std::tuple<std::size_t, std::string, std::string>> out;
  for (const auto& e : r.errors()) out.emplace_back(e.row, e.field, e.message);
  return out;
}

TEST(CompactColumnTest, MixedPlacesShareTheLargestScale) {
  const std::vector<std::string> cells = {"1.5", "2.25", "3"};
  const roster r = merit::read_csv_text(x_schema(field("x", type_kind::decimal)), "id,x\nA,1.5\nB,2.25\nC,3\n");
  ASSERT_TRUE(r.errors().empty());
  const merit::column& c = r.column(1);
  EXPECT_EQ(c.decimal_scale, 2);
  EXPECT_EQ(c.ints, (std::vector<std::int64_t>{150, 225, 300}));
  EXPECT_TRUE(c.decimals.empty());
  expect_reads_as(c, cells);
}

TEST(CompactColumnTest, EarlierRowsAreRescaled) {
  // 7 (scale 0) → -2.5 needs 1 place: 70, -25 → 0.125 needs 3: 7000, -2500,
  // 125 → 7.5000 is 7.500 once its trailing zero goes: 7500 → 12: 12000.
  const std::vector<std::string> cells = {"7", "-2.5", "0.125", "7.5000", "12"};
  const roster r = rows_of(field("x", type_kind::decimal), cells);
  ASSERT_TRUE(r.errors().empty());
  const merit::column& c = r.column(1);
  EXPECT_EQ(c.decimal_scale, 3);
  EXPECT_EQ(c.ints, (std::vector<std::int64_t>{7000, -2500, 125, 7500, 12000}));
  expect_reads_as(c, cells);
}

TEST(CompactColumnTest, NegativeValues) {
  const std::vector<std::string> cells = {"-0.05", "-12", "-3.5", "-0"};
  const roster r = rows_of(field("x", type_kind::decimal), cells);
  ASSERT_TRUE(r.errors().empty());
  const merit::column& c = r.column(1);
  EXPECT_EQ(c.decimal_scale, 2);
  EXPECT_EQ(c.ints, (std::vector<std::int64_t>{-5, -1200, -350, 0}));
  expect_reads_as(c, cells);
  EXPECT_EQ(c.decimal_at(3).to_string(), "0");
}

TEST(CompactColumnTest, EighteenPlacesAndTheInt64EdgesStayCompact) {
  // 18 places is the most a compact column holds; 9.223372036854775807 at
  // scale 18 is INT64_MAX.
  const std::vector<std::string> cells = {"0.000000000000000001", "1", "-9.223372036854775807",
                                          "9.223372036854775807"};
  const roster r = rows_of(field("x", type_kind::decimal), cells);
  ASSERT_TRUE(r.errors().empty());
  const merit::column& c = r.column(1);
  EXPECT_EQ(c.decimal_scale, 18);
  EXPECT_EQ(c.ints, (std::vector<std::int64_t>{1, 1000000000000000000, -INT64_MAX, INT64_MAX}));
  expect_reads_as(c, cells);
}

TEST(CompactColumnTest, ValuesThatDoNotFitTurnTheColumnIntoDecimals) {
  const std::vector<std::vector<std::string>> cases = {
      // 25 digits do not fit int64.
      {"1.5", "1234567890123456789012345", "2.25", "-7"},
      // 19 places is more than a compact column holds.
      {"0.5", "0.0000000000000000001", "3"},
      // Each fits at its own scale, but 9e18 at scale 1 (9e19) does not.
      {"9000000000000000000", "0.5", "1"},
      // Fits at scale 18 until 9.3 (9.3e18 at scale 18) comes.
      {"9.223372036854775807", "9.3"},
      // The general reader: more than 19 characters, still exact.
      {"1.25", "-0.00000000000000000000000000000001"},
  };
  for (const auto& cells : cases) {
    SCOPED_TRACE(cells[1]);
    const roster r = rows_of(field("x", type_kind::decimal), cells);
    ASSERT_TRUE(r.errors().empty());
    const merit::column& c = r.column(1);
    EXPECT_EQ(c.decimal_scale, -1);
    EXPECT_TRUE(c.ints.empty());
    EXPECT_EQ(c.decimals.size(), cells.size());
    expect_reads_as(c, cells);
  }
}

TEST(CompactColumnTest, TrailingZerosAddNoPlaces) {
  // 20 places as written (and 21 digits), but 2.50000000000000000000 needs
  // one place: 25 at scale 1; the column stays compact at scale 2.
  const std::vector<std::string> cells = {"1.25", "2.50000000000000000000"};
  const roster r = rows_of(field("x", type_kind::decimal), cells);
  ASSERT_TRUE(r.errors().empty());
  const merit::column& c = r.column(1);
  EXPECT_EQ(c.decimal_scale, 2);
  EXPECT_EQ(c.ints, (std::vector<std::int64_t>{125, 250}));
  expect_reads_as(c, cells);
}

TEST(CompactColumnTest, RangeChecksAreExactAtEveryScale) {
  // 100.00 is 100 at scale 0 (trailing zeros add no places); 100.001 is
  // 100001 at 3 places, above 100000; 99.9999999999999999 (16 places) is
  // 999999999999999999, at most 100 × 10^16; 100.0000000000000001 is one
  // above it; the last has 31 places (the general reader, decimal bounds).
  const std::vector<std::string> cells = {"100.00",
                                          "100.001",
                                          "100",
                                          "-0.001",
                                          "0.000",
                                          "99.9999999999999999",
                                          "100.0000000000000001",
                                          "100.0000000000000000000000000000001"};
  const roster r = rows_of(range(field("x", type_kind::decimal), "0", "100"), cells);
  EXPECT_EQ(errors_of(r), (std::vector<std::tuple<std::size_t, std::string, std::string>>{
                              {1, "x", "100.001 is outside [0, 100]"},
                              {3, "x", "-0.001 is outside [0, 100]"},
                              {6, "x", "100.0000000000000001 is outside [0, 100]"},
                              {7, "x", "100.0000000000000000000000000000001 is outside [0, 100]"},
                          }));
  const merit::column& c = r.column(1);
  EXPECT_EQ(c.present, (std::vector<std::uint8_t>{1, 0, 1, 0, 1, 1, 0, 0}));
  EXPECT_EQ(c.decimal_scale, 16);
  EXPECT_EQ(c.ints, (std::vector<std::int64_t>{1000000000000000000, 0, 1000000000000000000, 0, 0,
                                               999999999999999999, 0, 0}));
  for (std::size_t i : {0u, 2u, 4u, 5u}) {
    EXPECT_EQ(c.decimal_at(i), decimal::parse(cells[i])) << i;
    EXPECT_EQ(c.decimal_at(i).to_string(), decimal::parse(cells[i]).to_string()) << i;
  }
}

TEST(CompactColumnTest, BoundsWithPlaces) {
  // [0.5, 2.25]: at one place 0.5 is 5 and 2.25 rounds down to 22; at two,
  // 50 and 225; at four, 5000 and 22500.
  const std::vector<std::string> cells = {"0.5", "0.49", "2.250", "2.2501", "2.2", "2.3", "-1", "0.5000"};
  const roster r = rows_of(range(field("x", type_kind::decimal), "0.5", "2.25"), cells);
  EXPECT_EQ(errors_of(r), (std::vector<std::tuple<std::size_t, std::string, std::string>>{
                              {1, "x", "0.49 is outside [0.5, 2.25]"},
                              {3, "x", "2.2501 is outside [0.5, 2.25]"},
                              {5, "x", "2.3 is outside [0.5, 2.25]"},
                              {6, "x", "-1 is outside [0.5, 2.25]"},
                          }));
  const merit::column& c = r.column(1);
  EXPECT_EQ(c.present, (std::vector<std::uint8_t>{1, 0, 1, 0, 1, 0, 0, 1}));
  EXPECT_EQ(c.decimal_scale, 2);  // the values stored need 1, 2, 1 and 1 places
  EXPECT_EQ(c.ints, (std::vector<std::int64_t>{50, 0, 225, 0, 220, 0, 0, 50}));
}

TEST(CompactColumnTest, NegativeBounds) {
  const std::vector<std::string> cells = {"-1.50", "-1.51", "1.5", "1.500000001"};
  const roster r = rows_of(range(field("x", type_kind::decimal), "-1.5", "1.5"), cells);
  EXPECT_EQ(errors_of(r), (std::vector<std::tuple<std::size_t, std::string, std::string>>{
                              {1, "x", "-1.51 is outside [-1.5, 1.5]"},
                              {3, "x", "1.500000001 is outside [-1.5, 1.5]"},
                          }));
  EXPECT_EQ(r.column(1).decimal_scale, 1);  // -1.50 is -15 at one place
  EXPECT_EQ(r.column(1).ints, (std::vector<std::int64_t>{-15, 0, 15, 0}));
}

TEST(CompactColumnTest, RangeChecksAgreeWithDecimalComparisons) {
  // Bounds with fractions on both sides of zero and cells around them at
  // several scales: a cell is in range exactly when decimal::parse(cell)
  // lies within [lo, hi] by decimal comparison (the oracle; the builder
  // compares scaled integers).
  const std::vector<std::pair<std::string, std::string>> bounds = {
      {"-12.345", "67.8"}, {"0.5", "2.25"}, {"-3", "-0.75"}, {"0.001", "0.002"}, {"-100", "100"}, {"-0.5", "0"}};
  const std::vector<std::string> cells = {"-100",   "-12.3451", "-12.345", "-12.34", "-12.35", "-3",     "-3.0001",
                                          "-0.75",  "-0.7499",  "-0.5",    "-0.5001", "0",      "0.0005", "0.001",
                                          "0.0015", "0.002",    "0.00201", "0.4999", "0.5",    "1",      "2.25",
                                          "2.2501", "67.79",    "67.8",    "67.80000001", "68", "100", "100.000000000000001"};
  for (const auto& [lo, hi] : bounds) {
    SCOPED_TRACE("[" + lo + ", " + hi + "]");
    const decimal dlo = decimal::parse(lo), dhi = decimal::parse(hi);
    // One cell per roster, so that each is checked at its own scale.
    for (const std::string& cell : cells) {
      const roster r = rows_of(range(field("x", type_kind::decimal), lo, hi), {cell});
      const decimal v = decimal::parse(cell);
      const bool inside = !(v < dlo) && !(v > dhi);
      EXPECT_EQ(r.errors().empty(), inside) << cell;
    }
  }
}

TEST(CompactColumnTest, DefaultsJoinTheColumnsScale) {
  // Default 2.5 (25 at one place). 1 → {1}; default → {10, 25}; 0.25 →
  // {100, 250, 25}; default → 250.
  const std::vector<std::string> cells = {"1", "", "0.25", ""};
  const roster r = rows_of(with_default(range(field("x", type_kind::decimal), "0", "10"), "2.5"), cells);
  ASSERT_TRUE(r.errors().empty());
  const merit::column& c = r.column(1);
  EXPECT_EQ(c.decimal_scale, 2);
  EXPECT_EQ(c.ints, (std::vector<std::int64_t>{100, 250, 25, 250}));
  EXPECT_EQ(c.present, (std::vector<std::uint8_t>{1, 1, 1, 1}));
  EXPECT_EQ(c.decimal_at(1), decimal::parse("2.5"));

  // A percentage default: 12.5% is 12.5 / 100 = 0.125, three places.
  const roster p = rows_of(with_default(field("x", type_kind::decimal), "12.5%"), {"", "1"});
  EXPECT_EQ(p.column(1).decimal_scale, 3);
  EXPECT_EQ(p.column(1).ints, (std::vector<std::int64_t>{125, 1000}));
  EXPECT_EQ(p.column(1).decimal_at(0).to_string(), "0.125");
}

TEST(CompactColumnTest, MissingValues) {
  const roster r = rows_of(optional(field("x", type_kind::decimal)), {"1.5", "", "2"});
  ASSERT_TRUE(r.errors().empty());
  const merit::column& c = r.column(1);
  EXPECT_EQ(c.present, (std::vector<std::uint8_t>{1, 0, 1}));
  EXPECT_EQ(c.decimal_scale, 1);
  EXPECT_EQ(c.ints, (std::vector<std::int64_t>{15, 0, 20}));

  const roster m = rows_of(field("x", type_kind::decimal), {"", "4.75"});
  EXPECT_EQ(errors_of(m), (std::vector<std::tuple<std::size_t, std::string, std::string>>{{0, "x", "missing value"}}));
  EXPECT_EQ(m.column(1).present, (std::vector<std::uint8_t>{0, 1}));
  EXPECT_EQ(m.column(1).ints, (std::vector<std::int64_t>{0, 475}));

  // A column widened to decimals keeps its absent rows absent.
  const roster w = rows_of(optional(field("x", type_kind::decimal)), {"", "1", "12345678901234567890.5"});
  EXPECT_EQ(w.column(1).decimal_scale, -1);
  EXPECT_EQ(w.column(1).present, (std::vector<std::uint8_t>{0, 1, 1}));
  EXPECT_EQ(w.column(1).decimal_at(2), decimal::parse("12345678901234567890.5"));
}

TEST(CompactColumnTest, SetCellsAndSetIntsAndSetDecimalsAreCompact) {
  {
    roster_builder b(x_schema(field("x", type_kind::decimal)));
    const std::vector<std::string> ids = {"a", "b", "c"};
    const std::vector<cell> xs = {"0.1", "22", "-3.33"};
    b.set_texts("id", ids);
    b.set_cells("x", xs);
    const roster r = b.finish();
    EXPECT_EQ(r.column(1).decimal_scale, 2);
    EXPECT_EQ(r.column(1).ints, (std::vector<std::int64_t>{10, 2200, -333}));
    expect_reads_as(r.column(1), {"0.1", "22", "-3.33"});
  }
  {
    roster_builder b(x_schema(range(field("x", type_kind::decimal), "-10", "10")));
    const std::vector<std::string> ids = {"a", "b", "c"};
    const std::vector<std::int64_t> xs = {4, -10, 11};
    b.set_texts("id", ids);
    b.set_ints("x", xs);
    const roster r = b.finish();
    EXPECT_EQ(errors_of(r), (std::vector<std::tuple<std::size_t, std::string, std::string>>{
                                {2, "x", "11 is outside [-10, 10]"}}));
    EXPECT_EQ(r.column(1).decimal_scale, 0);
    EXPECT_EQ(r.column(1).ints, (std::vector<std::int64_t>{4, -10, 0}));
  }
  {
    // Decimals as held: 1.50 is 150 × 10^-2 (15 at one place once its
    // trailing zero goes), 1E+3 is 1 × 10^3, 0.001 needs three places.
    roster_builder b(x_schema(field("x", type_kind::decimal)));
    const std::vector<std::string> ids = {"a", "b", "c"};
    const std::vector<decimal> xs = {decimal::parse("1.50"), decimal::parse_scientific("1E+3"),
                                     decimal::parse("0.001")};
    b.set_texts("id", ids);
    b.set_decimals("x", xs);
    const roster r = b.finish();
    EXPECT_EQ(r.column(1).decimal_scale, 3);
    EXPECT_EQ(r.column(1).ints, (std::vector<std::int64_t>{1500, 1000000, 1}));
    expect_reads_as(r.column(1), {"1.5", "1000", "0.001"});
  }
}

TEST(CompactColumnTest, ScaledEntryKeepsTheCallersValues) {
  std::vector<merit::input_info> schema = {key(field("id", type_kind::text)),
                                           range(field("m", type_kind::decimal), "0", "100"),
                                           with_default(field("d", type_kind::decimal), "2.125"),
                                           field("n", type_kind::int_)};
  roster_builder b(schema);
  const std::vector<std::string> ids = {"a", "b", "c", "d"};
  // 87.25, 100.01 (above 100), -0.01 (below 0), and a missing value.
  const std::vector<std::int64_t> m = {8725, 10001, -1, 500};
  const std::vector<std::uint8_t> m_valid = {1, 1, 1, 0};
  // 1.50 at scale 2, then the default 2.125 (three places): the column
  // moves to scale 3 (1500, 2125).
  const std::vector<std::int64_t> d = {150, 0, 7, 2};
  const std::vector<std::uint8_t> d_valid = {1, 0, 1, 1};
  // An int field: 2.5 is not an int, 3 is, 0.01 is not.
  const std::vector<std::int64_t> n = {250, 300, 1, -700};
  b.set_texts("id", ids);
  EXPECT_THROW(b.set_decimals_scaled("m", m, 35, m_valid), std::invalid_argument);
  b.set_decimals_scaled("m", m, 2, m_valid);  // the bad call above did not set the column
  b.set_decimals_scaled("d", d, 2, d_valid);
  b.set_decimals_scaled("n", n, 2);
  const roster r = b.finish();
  EXPECT_EQ(errors_of(r), (std::vector<std::tuple<std::size_t, std::string, std::string>>{
                              {0, "n", "'2.5' is not an int"},
                              {1, "m", "100.01 is outside [0, 100]"},
                              {2, "m", "-0.01 is outside [0, 100]"},
                              {2, "n", "'0.01' is not an int"},
                              {3, "m", "missing value"},
                          }));
  EXPECT_EQ(r.column(1).decimal_scale, 2);
  EXPECT_EQ(r.column(1).ints, (std::vector<std::int64_t>{8725, 0, 0, 0}));
  EXPECT_EQ(r.column(1).present, (std::vector<std::uint8_t>{1, 0, 0, 0}));
  EXPECT_EQ(r.column(1).decimal_at(0).to_string(), "87.25");
  EXPECT_EQ(r.column(2).decimal_scale, 3);
  EXPECT_EQ(r.column(2).ints, (std::vector<std::int64_t>{1500, 2125, 70, 20}));
  expect_reads_as(r.column(2), {"1.5", "2.125", "0.07", "0.02"});
  EXPECT_EQ(r.column(3).ints, (std::vector<std::int64_t>{0, 3, 0, -7}));
  EXPECT_EQ(r.column(3).present, (std::vector<std::uint8_t>{0, 1, 0, 1}));
}

TEST(CompactColumnTest, ScaledEntryOutsideTheCompactScales) {
  std::vector<merit::input_info> schema = {key(field("id", type_kind::text)), field("a", type_kind::decimal),
                                           field("b", type_kind::decimal), field("c", type_kind::decimal)};
  roster_builder b(schema);
  const std::vector<std::string> ids = {"x", "y"};
  b.set_texts("id", ids);
  // Scale 20: 1.23e-18 needs 20 places (decimals); 100 × 10^-20 is 10^-18,
  // 18 places (compact); scale -3: 5 is 5000.
  const std::vector<std::int64_t> a = {123, -5}, bs = {100, 0}, c = {5, -2};
  b.set_decimals_scaled("a", a, 20);
  b.set_decimals_scaled("b", bs, 20);
  b.set_decimals_scaled("c", c, -3);
  const roster r = b.finish();
  ASSERT_TRUE(r.errors().empty());
  EXPECT_EQ(r.column(1).decimal_scale, -1);
  expect_reads_as(r.column(1), {"0.00000000000000000123", "-0.00000000000000000005"});
  EXPECT_EQ(r.column(2).decimal_scale, 18);
  EXPECT_EQ(r.column(2).ints, (std::vector<std::int64_t>{1, 0}));
  expect_reads_as(r.column(2), {"0.000000000000000001", "0"});
  EXPECT_EQ(r.column(3).decimal_scale, 0);
  EXPECT_EQ(r.column(3).ints, (std::vector<std::int64_t>{5000, -2000}));
}

TEST(CompactColumnTest, ReadsLikeTheGeneralReaderOverManyShapes) {
  // One column per list, each value checked against decimal::parse; the
  // last list ends with a value that widens the column, so both forms are
  // read.
  const std::vector<std::vector<std::string>> lists = {
      {"0", "0.0", "-0.00", "00012.50", "1", "10", "100.10", "0.09", "-99.99"},
      {"123456789012345678", "-0.5"},  // 18 digits: ×10 still fits int64
      {"0.25", "0.5", "1", "0.01", "3.14159", "2.718281828459045", "-1.000000000000000001"},
      {"87.25", "59.5", "60", "0.01", "3.14159", "99999999999999999999.5"},
  };
  for (const auto& cells : lists) {
    SCOPED_TRACE(cells.back());
    const roster r = rows_of(field("x", type_kind::decimal), cells);
    ASSERT_TRUE(r.errors().empty());
    expect_reads_as(r.column(1), cells);
  }
  EXPECT_EQ(rows_of(field("x", type_kind::decimal), lists[0]).column(1).decimal_scale, 2);
  EXPECT_EQ(rows_of(field("x", type_kind::decimal), lists[1]).column(1).decimal_scale, 1);
  EXPECT_EQ(rows_of(field("x", type_kind::decimal), lists[2]).column(1).decimal_scale, 18);
  EXPECT_EQ(rows_of(field("x", type_kind::decimal), lists[3]).column(1).decimal_scale, -1);
}

TEST(CompactColumnTest, FromScaledAndToScaled) {
  // from_scaled is exact and keeps the coefficient as given.
  EXPECT_EQ(decimal::from_scaled(150, -2), decimal::parse("1.5"));
  EXPECT_EQ(decimal::from_scaled(150, -2).to_string(), "1.5");
  EXPECT_EQ(decimal::from_scaled(-5, 3).to_string(), "-5000");
  EXPECT_EQ(decimal::from_scaled(INT64_MIN, 0).to_string(), "-9223372036854775808");
  EXPECT_EQ(decimal::from_scaled(0, -7).to_string(), "0");
  std::int64_t c = 0;
  std::int32_t e = 0;
  ASSERT_TRUE(decimal::parse("1.50").to_scaled(c, e));
  EXPECT_EQ(c, 150);
  EXPECT_EQ(e, -2);
  ASSERT_TRUE(decimal::parse("-9223372036854775807").to_scaled(c, e));
  EXPECT_EQ(c, -INT64_MAX);
  EXPECT_EQ(e, 0);
  EXPECT_FALSE(decimal::parse("9223372036854775808").to_scaled(c, e));  // 2^63
}

}  // namespace
