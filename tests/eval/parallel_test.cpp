// SPDX-License-Identifier: Apache-2.0
// merit - the evaluator's parallel helpers, and stage partitions on threads
//
// The helpers (eval/evaluator.hpp) split [0, n) into batch-aligned ranges,
// one per thread. Each test uses several batches so that two or three
// threads really get ranges of their own, and compares with the same
// computation written as a plain serial loop in the test.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "eval/evaluator.hpp"
#include "eval_support.hpp"
#include "merit/result.hpp"

namespace {

using merit::detail::batch_size;

// A deterministic spread of values: item i's bucket among `buckets`, with
// every `skip`-th item left out (bucket == buckets).
std::size_t bucket_of(std::size_t i, std::size_t buckets, std::size_t skip) {
  if (skip != 0 && i % skip == 0) return buckets;
  return (i * 7919 + i / 3) % buckets;
}

TEST(ParallelTest, BucketsAreAStableCountingSort) {
  const std::size_t n = 5 * batch_size + 123;
  for (const std::size_t buckets : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{900}}) {
    for (const unsigned threads : {1u, 2u, 3u}) {
      std::vector<std::uint32_t> out;
      std::vector<std::size_t> start;
      merit::detail::parallel_buckets<std::uint32_t>(
          n, threads, buckets, [&](std::size_t i) { return bucket_of(i, buckets, 11); }, out, start);
      // The reference: each bucket's items in ascending order, by a serial loop.
      std::vector<std::vector<std::uint32_t>> want(buckets);
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t b = bucket_of(i, buckets, 11);
        if (b != buckets) want[b].push_back(static_cast<std::uint32_t>(i));
      }
      ASSERT_EQ(start.size(), buckets + 1);
      EXPECT_EQ(start.front(), 0u);
      EXPECT_EQ(start.back(), out.size());
      for (std::size_t b = 0; b < buckets; ++b) {
        const std::vector<std::uint32_t> got(out.begin() + static_cast<std::ptrdiff_t>(start[b]),
                                             out.begin() + static_cast<std::ptrdiff_t>(start[b + 1]));
        ASSERT_EQ(got, want[b]) << "bucket " << b << " of " << buckets << " at " << threads << " threads";
      }
    }
  }
}

TEST(ParallelTest, BucketsOfNothing) {
  std::vector<std::uint32_t> out{9, 9};
  std::vector<std::size_t> start;
  merit::detail::parallel_buckets<std::uint32_t>(0, 2, 3, [](std::size_t) { return std::size_t{0}; }, out, start);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(start, (std::vector<std::size_t>{0, 0, 0, 0}));
  // Every item left out.
  merit::detail::parallel_buckets<std::uint32_t>(
      3 * batch_size, 2, 3, [](std::size_t) { return std::size_t{3}; }, out, start);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(start, (std::vector<std::size_t>{0, 0, 0, 0}));
}

TEST(ParallelTest, CountsAddUpOverThreads) {
  const std::size_t n = 4 * batch_size + 7;
  for (const std::size_t cells : {std::size_t{1}, std::size_t{2}, std::size_t{64}}) {
    for (const unsigned threads : {1u, 2u, 3u}) {
      const std::vector<std::int64_t> got = merit::detail::parallel_counts(
          n, threads, cells, [&](std::size_t i, std::vector<std::int64_t>& c) { c[i % cells] += 1 + i % 3; });
      std::vector<std::int64_t> want(cells, 0);
      for (std::size_t i = 0; i < n; ++i) want[i % cells] += 1 + i % 3;
      EXPECT_EQ(got, want) << cells << " cells at " << threads << " threads";
    }
  }
}

// A stage `by` an int field: partitions are the values present among the
// valid rows, in value order, over a small range (counted) and a large one
// (sorted); each partition's quota is 40% of its entrants, rounded half up.
void check_partitions_by_int(const std::vector<std::int64_t>& values) {
  const std::string scheme = R"(scheme "by int"
input {
  id: text key
  unit: int
  points: decimal in [0, 100]
}
score = points
select "star" by unit {
  order by score desc
  quota round_half_up(40% * count())
  tier "gold" = rest
}
)";
  std::string csv = "id,unit,points\n";
  for (std::size_t i = 0; i < values.size(); ++i)
    csv += "r" + std::to_string(100000 + i) + "," + std::to_string(values[i]) + "," + std::to_string(i % 97) + "\n";
  auto prog = merit::test::compile_ok(scheme);
  const merit::roster roster = merit::read_csv_text(prog.inputs(), csv);
  // The reference: rows per unit value, in value order (a std::map).
  std::map<std::int64_t, std::int64_t> rows_of;
  for (std::int64_t v : values) ++rows_of[v];
  for (const unsigned threads : {1u, 2u}) {
    merit::eval_options opt;
    opt.threads = threads;
    const merit::result res = merit::evaluate(prog, roster, opt);
    ASSERT_EQ(res.stages.size(), 1u);
    const auto& parts = res.stages[0].partitions;
    ASSERT_EQ(parts.size(), rows_of.size()) << threads << " threads";
    std::size_t p = 0;
    for (const auto& [v, count] : rows_of) {
      ASSERT_EQ(parts[p].values.size(), 1u);
      EXPECT_EQ(parts[p].values[0].second.as_int(), v) << "partition " << p;
      EXPECT_EQ(parts[p].entrants, static_cast<std::uint32_t>(count)) << "partition " << p;
      EXPECT_EQ(parts[p].quota.as_int(), (4 * count + 5) / 10) << "partition " << p;
      ++p;
    }
  }
}

// An aggregate `over` an int field: each row's count is the number of
// rows with its value, worked out with a std::map in the test.
TEST(ParallelTest, AggregateOverASmallIntRange) {
  const std::string scheme = R"(scheme "over int"
input {
  id: text key
  unit: int
  points: decimal in [0, 100]
}
let same_unit = count() over unit
score = points
)";
  std::string csv = "id,unit,points\n";
  std::vector<std::int64_t> units;
  for (std::size_t i = 0; i < 3 * batch_size + 5; ++i) {
    // Values appear first late in the roster for some units: 40 first at the last row.
    const std::int64_t u = i + 1 == 3 * batch_size + 5 ? 40 : static_cast<std::int64_t>((i * 13) % 9) - 4;
    units.push_back(u);
    csv += "r" + std::to_string(100000 + i) + "," + std::to_string(u) + "," + std::to_string(i % 89) + "\n";
  }
  std::map<std::int64_t, std::int64_t> rows_of;
  for (std::int64_t u : units) ++rows_of[u];
  auto prog = merit::test::compile_ok(scheme);
  const merit::roster roster = merit::read_csv_text(prog.inputs(), csv);
  for (const unsigned threads : {1u, 2u}) {
    merit::eval_options opt;
    opt.threads = threads;
    opt.explain = true;
    const merit::result res = merit::evaluate(prog, roster, opt);
    ASSERT_EQ(res.candidates.size(), units.size());
    for (std::size_t i = 0; i < units.size(); ++i)
      ASSERT_EQ(res.candidates[i].values.at(0).as_int(), rows_of[units[i]]) << "row " << i << " at " << threads;
  }
}

TEST(ParallelTest, StagePartitionsByASmallIntRange) {
  std::vector<std::int64_t> values;
  for (std::size_t i = 0; i < 3 * batch_size + 17; ++i)
    values.push_back(static_cast<std::int64_t>(i * 31 % 7) - 3);  // -3 .. 3
  values.push_back(9);  // one row alone at the top of the range, late in the roster
  check_partitions_by_int(values);
}

TEST(ParallelTest, StagePartitionsByAWideIntRange) {
  std::vector<std::int64_t> values;
  for (std::size_t i = 0; i < 3 * batch_size; ++i)
    values.push_back(i % 3 == 0 ? 4000000000000 : (i % 3 == 1 ? -5 : static_cast<std::int64_t>(i % 5)));
  check_partitions_by_int(values);
}

}  // namespace
