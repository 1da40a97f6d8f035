// SPDX-License-Identifier: Apache-2.0
// merit - a candidate table built candidate by candidate reads back as built
//
// An evaluation's table keeps some columns empty while they hold only
// defaults (row i at index i, no int ids, no text ids) and its scores
// compact; a table built with push_back must read back every field as it
// went in whichever way it is held. Expected values are the inputs.
#include <gtest/gtest.h>

#include <string>

#include "merit/result.hpp"

namespace {

merit::candidate make(merit::value id, std::size_t row, merit::value score) {
  merit::candidate c;
  c.row = row;
  c.id = std::move(id);
  c.status = merit::status::eligible;
  c.score = std::move(score);
  return c;
}

// A table built candidate by candidate holds its scores compact until one
// does not fit the places so far; each reads back as it went in.
TEST(CandidateTableTest, ScoresReadBackAsAppended) {
  merit::candidate_table t;
  t.push_back(make(merit::value::of_text("x"), t.size(), merit::value::of_int(3)));
  t.push_back(make(merit::value::of_text("x"), t.size(), merit::value()));
  t.push_back(make(merit::value::of_text("x"), t.size(), merit::value::of_int(-7)));
  t.push_back(make(merit::value::of_text("x"), t.size(), merit::value::of_decimal(merit::decimal::parse("1.50"))));  // a fraction: as decimals now
  t.push_back(make(merit::value::of_text("x"), t.size(), merit::value::of_decimal(merit::decimal::parse("12345678901234567890.5"))));
  t.push_back(make(merit::value::of_text("x"), t.size(), merit::value::of_int(4)));
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t.score(0).type(), merit::value::kind::int_);
  EXPECT_EQ(t.score(0).as_int(), 3);
  EXPECT_EQ(t.score(1).type(), merit::value::kind::null);
  EXPECT_EQ(t.score(2).as_int(), -7);
  EXPECT_EQ(t.score(3).type(), merit::value::kind::decimal);
  EXPECT_EQ(t.score(3).as_decimal().to_string(), "1.5");
  EXPECT_EQ(t.score(4).as_decimal().to_string(), "12345678901234567890.5");
  EXPECT_EQ(t.score(5).type(), merit::value::kind::int_);
  EXPECT_EQ(t.score(5).as_int(), 4);
}


// Rows in order with text ids, then a row out of order, an int id and a
// null id: each column takes its first other value when it comes.
TEST(CandidateTableTest, RowsAndIdsReadBackAsAppended) {
  merit::candidate_table t;
  t.push_back(make(merit::value::of_text("a"), 0, merit::value()));
  t.push_back(make(merit::value(), 1, merit::value()));
  t.push_back(make(merit::value::of_text("bb"), 2, merit::value()));
  t.push_back(make(merit::value::of_int(42), 7, merit::value()));
  t.push_back(make(merit::value::of_text("ccc"), 4, merit::value()));
  t.push_back(make(merit::value(), 5, merit::value()));
  ASSERT_EQ(t.size(), 6u);
  const std::size_t rows[] = {0, 1, 2, 7, 4, 5};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(t.row(i), rows[i]) << i;
  EXPECT_EQ(t.id(0).as_text(), "a");
  EXPECT_FALSE(t.has_id(1));
  EXPECT_EQ(t.id_text(1), "");
  EXPECT_EQ(t.id(2).as_text(), "bb");
  EXPECT_EQ(t.id(3).as_int(), 42);
  EXPECT_EQ(t.id_text(3), "42");
  EXPECT_EQ(t.id(4).as_text(), "ccc");
  EXPECT_EQ(t.id(5).type(), merit::value::kind::null);
  EXPECT_EQ(t[3].row, 7u);
  EXPECT_EQ(t[4].id.as_text(), "ccc");
}

// Int ids only, rows in order: read back, and null where none was given.
TEST(CandidateTableTest, IntIdsAfterNullIds) {
  merit::candidate_table t;
  t.push_back(make(merit::value(), 0, merit::value()));
  t.push_back(make(merit::value::of_int(-3), 1, merit::value()));
  EXPECT_EQ(t.id(0).type(), merit::value::kind::null);
  EXPECT_EQ(t.id(1).as_int(), -3);
  EXPECT_EQ(t.row(1), 1u);
}

}  // namespace
