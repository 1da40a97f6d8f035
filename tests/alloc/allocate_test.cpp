// SPDX-License-Identifier: Apache-2.0
// merit - filling one partition: hand-worked cases
//
// Each case lists its entrants in the order they are given (entrant i), their
// scores and key ranks, and works the expected order and placement out by
// hand in the comment above the assertions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "alloc/allocate.hpp"

namespace {

using merit::decimal;
using merit::detail::alloc_input;
using merit::detail::alloc_tier;
using merit::detail::allocate;

// One descending key; key ranks follow entrant index unless given.
alloc_input by_score(std::vector<std::int64_t> scores, std::int64_t quota, std::vector<alloc_tier> tiers,
                     bool descending = true) {
  alloc_input in;
  in.descending = {descending};
  for (std::size_t i = 0; i < scores.size(); ++i) {
    in.keys.push_back(decimal(scores[i]));
    in.key_rank.push_back(static_cast<std::uint32_t>(i));
  }
  in.quota = quota;
  in.tiers = std::move(tiers);
  return in;
}

bool has_warning(const merit::detail::alloc_output& out, const std::string& w) {
  for (const auto& x : out.warnings) {
    if (x == w) return true;
  }
  return false;
}

TEST(AllocateTest, FillsTiersBestFirstInOrder) {
  // Scores 50 70 90 60 80 → order 90(e2) 80(e4) 70(e1) 60(e3) 50(e0).
  // Quota 3: A = 1 takes e2; B = rest = 2 takes e4, e1.
  auto in = by_score({50, 70, 90, 60, 80}, 3, {{"A", false, 1}, {"B", true, 0}});
  const auto out = allocate(in);
  EXPECT_EQ(out.rank, (std::vector<std::uint32_t>{5, 3, 1, 4, 2}));
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{-1, 1, 0, -1, 1}));
  EXPECT_EQ(out.size, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(out.filled, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(out.tie, (std::vector<std::uint8_t>{0, 0, 0, 0, 0}));
  EXPECT_TRUE(out.warnings.empty());
}

TEST(AllocateTest, TiesKeyBreaksByKeyFieldAndFlagsTheTie) {
  // Scores 90 80 80 70; key ranks 0 2 1 3, so among the two 80s e2 comes
  // first. Order: e0 e2 e1 e3. Quota 3, A = 2 takes e0 e2, B = rest = 1
  // takes e1. e1 and e2 are equal with the same (no) cap but got A and B:
  // both flagged.
  auto in = by_score({90, 80, 80, 70}, 3, {{"A", false, 2}, {"B", true, 0}});
  in.key_rank = {0, 2, 1, 3};
  const auto out = allocate(in);
  EXPECT_EQ(out.rank, (std::vector<std::uint32_t>{1, 3, 2, 4}));
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{0, 1, 0, -1}));
  EXPECT_EQ(out.tie, (std::vector<std::uint8_t>{0, 1, 1, 0}));
}

TEST(AllocateTest, TiesShareGrowsTheTierAndLaterTiersKeepTheirSize) {
  // As above with ties share: A = 2 takes e0 e2; e1 equals e2 (the last one
  // placed) and is allowed A, so A grows to 3. B keeps size 1 and takes e3.
  auto in = by_score({90, 80, 80, 70}, 3, {{"A", false, 2}, {"B", true, 0}});
  in.key_rank = {0, 2, 1, 3};
  in.ties_share = true;
  const auto out = allocate(in);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{0, 0, 0, 1}));
  EXPECT_EQ(out.filled, (std::vector<std::int64_t>{3, 1}));
  EXPECT_EQ(out.size, (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(out.tie, (std::vector<std::uint8_t>{0, 0, 0, 0}));
  EXPECT_TRUE(has_warning(out, "tier 'A' grew from 2 to 3 by ties share"));
}

TEST(AllocateTest, CappedTopScorerFallsAndTheNextMovesUp) {
  // Scores 95 90 85 80; e0 may receive B at best (cap index 1). Quota 3,
  // A = 1, B = 1, C = rest = 1. A takes the first allowed: e1. B takes e0.
  // C takes e2. e3 is not placed.
  auto in = by_score({95, 90, 85, 80}, 3, {{"A", false, 1}, {"B", false, 1}, {"C", true, 0}});
  in.cap = {1, 0, 0, 0};
  const auto out = allocate(in);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{1, 0, 2, -1}));
  EXPECT_EQ(out.rank, (std::vector<std::uint32_t>{1, 2, 3, 4}));
}

TEST(AllocateTest, CapNoneIsNeverPlacedAndEqualScoresWithOtherCapsAreNoTie) {
  // Scores 90 90 80, e0 capped to none (cap index = number of tiers = 1).
  // Quota 2, one tier "S" of 2: e1 and e2 are placed, e0 is not. e0 and e1
  // are equal but have different caps: no tie flag.
  auto in = by_score({90, 90, 80}, 2, {{"S", false, 2}});
  in.cap = {1, 0, 0};
  const auto out = allocate(in);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{-1, 0, 0}));
  EXPECT_EQ(out.tie, (std::vector<std::uint8_t>{0, 0, 0}));
}

TEST(AllocateTest, SizesAboveTheQuotaAreHonouredWithAWarning) {
  // Quota 2 but A = 2 and B = 1: 3 places, all filled from 4 entrants.
  auto in = by_score({4, 3, 2, 1}, 2, {{"A", false, 2}, {"B", false, 1}});
  const auto out = allocate(in);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{0, 0, 1, -1}));
  EXPECT_TRUE(has_warning(out, "tier sizes add up to 3, more than the quota 2; all are honoured"));
}

TEST(AllocateTest, NegativeRestAndNegativeSizesCountAsZero) {
  // Quota 2, A = 3, B = -1, C = rest = 2 - 3 = -1 → 0.
  auto in = by_score({4, 3, 2, 1}, 2, {{"A", false, 3}, {"B", false, -1}, {"C", true, 0}});
  const auto out = allocate(in);
  EXPECT_EQ(out.size, (std::vector<std::int64_t>{3, 0, 0}));
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{0, 0, 0, -1}));
  EXPECT_TRUE(has_warning(out, "tier 'B' has a negative size (-1); it counts as 0"));
  EXPECT_TRUE(has_warning(out, "tier 'C' (rest) would be negative (-1); it counts as 0"));
}

TEST(AllocateTest, NegativeQuotaCountsAsZero) {
  auto in = by_score({1}, -3, {{"S", true, 0}});
  const auto out = allocate(in);
  EXPECT_EQ(out.quota, 0);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{-1}));
  EXPECT_TRUE(has_warning(out, "quota is negative (-3); it counts as 0"));
}

TEST(AllocateTest, NoEntrantsIsAWarningAndEveryPlaceIsUnfilled) {
  auto in = by_score({}, 2, {{"S", false, 2}});
  const auto out = allocate(in);
  EXPECT_TRUE(has_warning(out, "no entrants"));
  EXPECT_TRUE(has_warning(out, "tier 'S' has 2 places unfilled"));
  EXPECT_EQ(out.filled, (std::vector<std::int64_t>{0}));
}

TEST(AllocateTest, UnfilledPlacesAreReported) {
  auto in = by_score({5, 6}, 3, {{"S", false, 3}});
  const auto out = allocate(in);
  EXPECT_EQ(out.filled, (std::vector<std::int64_t>{2}));
  EXPECT_TRUE(has_warning(out, "tier 'S' has 1 place unfilled"));
}

TEST(AllocateTest, BottomOneWithAscendingOrder) {
  // Votes 12 3 7 3 ascending, key ranks 0 1 2 3: order e1(3) e3(3) e2 e0.
  // Quota 1: e1 is the last place; e1 and e3 tie (placed vs not).
  auto in = by_score({12, 3, 7, 3}, 1, {{"last", false, 1}}, /*descending=*/false);
  const auto out = allocate(in);
  EXPECT_EQ(out.rank, (std::vector<std::uint32_t>{4, 1, 3, 2}));
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{-1, 0, -1, -1}));
  EXPECT_EQ(out.tie, (std::vector<std::uint8_t>{0, 1, 0, 1}));
}

TEST(AllocateTest, SeveralKeysEachWithItsDirection) {
  // Keys (score desc, cases asc): e0 (80, 5), e1 (80, 3), e2 (90, 9).
  // Order: e2, then e1 (fewer cases), then e0.
  alloc_input in;
  in.descending = {true, false};
  in.keys = {decimal(80), decimal(5), decimal(80), decimal(3), decimal(90), decimal(9)};
  in.key_rank = {0, 1, 2};
  in.quota = 2;
  in.tiers = {{"S", true, 0}};
  const auto out = allocate(in);
  EXPECT_EQ(out.rank, (std::vector<std::uint32_t>{3, 2, 1}));
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{-1, 0, 0}));
}

TEST(AllocateTest, ManyEqualScoresAreLinearInTheTieScan) {
  // Every entrant equal: quota 10 places ten by key rank and flags all.
  const std::size_t n = 200'000;
  auto in = by_score(std::vector<std::int64_t>(n, 7), 10, {{"S", false, 10}});
  const auto out = allocate(in);
  EXPECT_EQ(out.filled[0], 10);
  EXPECT_EQ(out.tier[9], 0);
  EXPECT_EQ(out.tier[10], -1);
  EXPECT_EQ(out.tie[0], 1);
  EXPECT_EQ(out.tie[n - 1], 1);
}

TEST(AllocateTest, DecimalKeysOrderExactlyOnBothSortPaths) {
  // 87.25, 87.3, 87.125 and -1.5 scale to integers with 10^3 (the compact
  // path); 0.0000000001 needs 10^10, which sends the same data down the
  // decimal path. Either way, descending: 87.3, 87.25, 87.125, (tiny), -1.5.
  auto make = [](bool tiny) {
    alloc_input in;
    in.descending = {true};
    in.keys = {decimal::parse("87.25"), decimal::parse("87.3"), decimal::parse("-1.5"), decimal::parse("87.125"),
               decimal::parse(tiny ? "0.0000000001" : "0")};
    in.key_rank = {0, 1, 2, 3, 4};
    in.quota = 5;
    in.tiers = {{"S", true, 0}};
    return in;
  };
  EXPECT_EQ(allocate(make(false)).rank, (std::vector<std::uint32_t>{2, 1, 5, 3, 4}));
  EXPECT_EQ(allocate(make(true)).rank, (std::vector<std::uint32_t>{2, 1, 5, 3, 4}));
}

TEST(AllocateTest, HugeKeysFallBackToDecimalOrder) {
  // 10^30 does not fit 64 bits once scaled: the decimal sort is used.
  alloc_input in;
  in.descending = {false};
  in.keys = {decimal::parse("1000000000000000000000000000000"), decimal::parse("-5"), decimal::parse("7")};
  in.key_rank = {0, 1, 2};
  in.quota = 1;
  in.tiers = {{"S", true, 0}};
  EXPECT_EQ(allocate(in).rank, (std::vector<std::uint32_t>{3, 1, 2}));
}

TEST(AllocateTest, RejectsInconsistentInput) {
  auto in = by_score({1, 2}, 1, {{"S", false, 1}});
  in.cap = {0};
  EXPECT_THROW(allocate(in), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// `distinct` (docs/language.md section 15): group[i] is entrant i's value.

TEST(AllocateDistinctTest, SpreadPassSkipsAValueAlreadyPlaced) {
  // Scores 95 90 85 80, values v0 v0 v1 v2; quota 2, one tier S of 2.
  // Spread pass: e0 (v0) is placed; e1 is skipped (v0 is placed); e2 (v1)
  // is placed and S is full. Nothing is relaxed, nothing flagged.
  auto in = by_score({95, 90, 85, 80}, 2, {{"S", true, 0}});
  in.group = {0, 0, 1, 2};
  in.distinct_text = "類型";
  const auto out = allocate(in);
  EXPECT_EQ(out.rank, (std::vector<std::uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{0, -1, 0, -1}));
  EXPECT_EQ(out.tie, (std::vector<std::uint8_t>{0, 0, 0, 0}));
  EXPECT_EQ(out.filled, (std::vector<std::int64_t>{2}));
  EXPECT_TRUE(out.warnings.empty());
}

TEST(AllocateDistinctTest, RelaxationFillsOnlyPlacesThatWouldStayEmpty) {
  // Scores 95 90 85 80, values v0 v0 v0 v1; quota 3, S = 3.
  // Spread pass: e0 (v0), then e1 and e2 skipped, e3 (v1): one place left.
  // Relaxation pass: the first not placed in order, e1, takes it. e2 is
  // left out. The warning names the field and counts the place.
  auto in = by_score({95, 90, 85, 80}, 3, {{"S", true, 0}});
  in.group = {0, 0, 0, 1};
  in.distinct_text = "類型";
  const auto out = allocate(in);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{0, 0, -1, 0}));
  EXPECT_EQ(out.filled, (std::vector<std::int64_t>{3}));
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_EQ(out.warnings[0],
            "tier 'S' took 1 entrant whose 類型 was already placed (distinct relaxed: no entrant with another "
            "value was left)");
}

TEST(AllocateDistinctTest, OneValuePerPartitionAcrossTiersAndWithCaps) {
  // Scores 95 90 85 80 75, values v0 v1 v0 v1 v2; e0 may receive B at best
  // (cap 1). Quota 3: A = 1, B = 1, C = rest = 1.
  // A: e0 is capped, e1 (v1) is taken. B: e0 (v0) is allowed and its value
  // free. C: e2 (v0) and e3 (v1) have values placed in A and B; e4 (v2)
  // is taken. Every place is filled in the spread pass.
  auto in = by_score({95, 90, 85, 80, 75}, 3, {{"A", false, 1}, {"B", false, 1}, {"C", true, 0}});
  in.cap = {1, 0, 0, 0, 0};
  in.group = {0, 1, 0, 1, 2};
  in.distinct_text = "類型";
  const auto out = allocate(in);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{1, 0, -1, -1, 2}));
  EXPECT_TRUE(out.warnings.empty());
}

TEST(AllocateDistinctTest, TiesShareDoesNotGiveATakenValueASecondPlace) {
  // Scores 90 80 80 80, values v0 v1 v1 v2; quota 2, S = 2, ties share.
  // Spread pass: e0 (v0), e1 (v1): S is full, the last placed is e1 (80).
  // Equal to it: e2 (v1, taken: no share) and e3 (v2, free: shares). S
  // grew to 3. e1, e2, e3 are equal with the same cap and got S, nothing,
  // S: all three flagged.
  auto in = by_score({90, 80, 80, 80}, 2, {{"S", true, 0}});
  in.ties_share = true;
  in.group = {0, 1, 1, 2};
  in.distinct_text = "類型";
  const auto out = allocate(in);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{0, 0, -1, 0}));
  EXPECT_EQ(out.filled, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(out.tie, (std::vector<std::uint8_t>{0, 1, 1, 1}));
  EXPECT_TRUE(has_warning(out, "tier 'S' grew from 2 to 3 by ties share"));
  EXPECT_EQ(out.warnings.size(), 1u);
}

TEST(AllocateDistinctTest, TiesShareInTheRelaxationPass) {
  // Scores 90 80 80, all v0; quota 2, S = 2, ties share.
  // Spread pass: e0 only. Relaxation: e1 fills S (one relaxed place); the
  // last placed is e1, e2 equals it and shares (value no matter in this
  // pass). Same outcome for e1 and e2: no tie flag.
  auto in = by_score({90, 80, 80}, 2, {{"S", true, 0}});
  in.ties_share = true;
  in.group = {0, 0, 0};
  in.distinct_text = "類型";
  const auto out = allocate(in);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{0, 0, 0}));
  EXPECT_EQ(out.filled, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(out.tie, (std::vector<std::uint8_t>{0, 0, 0}));
  EXPECT_TRUE(has_warning(out, "tier 'S' grew from 2 to 3 by ties share"));
  EXPECT_TRUE(has_warning(out,
                          "tier 'S' took 1 entrant whose 類型 was already placed (distinct relaxed: no entrant "
                          "with another value was left)"));
}

TEST(AllocateDistinctTest, RelaxationGoesTiersBestFirstAndLeavesWhatNobodyCanTake) {
  // Scores 95 90 85, values v0 v0 v1; quota 4: A = 2, B = rest = 2.
  // Spread pass: A takes e0 (v0) and e2 (v1); B finds nobody (e1 has v0).
  // Relaxation: A is full; B takes e1. One place of B stays empty.
  auto in = by_score({95, 90, 85}, 4, {{"A", false, 2}, {"B", true, 0}});
  in.group = {0, 0, 1};
  in.distinct_text = "類別, 崗位";
  const auto out = allocate(in);
  EXPECT_EQ(out.tier, (std::vector<std::int32_t>{0, 1, 0}));
  EXPECT_EQ(out.filled, (std::vector<std::int64_t>{2, 1}));
  EXPECT_TRUE(has_warning(out,
                          "tier 'B' took 1 entrant whose 類別, 崗位 was already placed (distinct relaxed: no "
                          "entrant with another value was left)"));
  EXPECT_TRUE(has_warning(out, "tier 'B' has 1 place unfilled"));
}

TEST(AllocateDistinctTest, RejectsGroupsThatDoNotFitTheEntrants) {
  auto in = by_score({1, 2}, 1, {{"S", false, 1}});
  in.group = {0};
  EXPECT_THROW(allocate(in), std::invalid_argument);
  in.group = {0, 2};  // an index must be below the number of entrants
  EXPECT_THROW(allocate(in), std::invalid_argument);
}

}  // namespace
