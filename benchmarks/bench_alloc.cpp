// SPDX-License-Identifier: Apache-2.0
// merit - benchmark: allocating one partition, merit's allocator and a hand-written fill
//
// The growth of allocation alone for n = 10^4 ... 10^7 entrants: one order
// key shaped like the library scheme's scores (three decimals), caps on a
// tenth of the entrants, three tiers splitting a 40 % quota 15 / 35 / rest.
// The peer sorts (scaled key, index) pairs and fills the tiers in one pass,
// as a careful programmer would for this one shape.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <random>

#include "alloc/allocate.hpp"
#include "support/bench_timing.hpp"

namespace merit::bench {

namespace {

struct alloc_case {
  std::vector<std::int64_t> millis;  // the key in thousandths
  detail::alloc_input input;
};

const alloc_case& make_case(std::size_t n) {
  static std::map<std::size_t, alloc_case> cases;
  auto it = cases.find(n);
  if (it != cases.end()) return it->second;
  alloc_case c;
  std::mt19937_64 rnd(2023);
  std::uniform_int_distribution<std::int64_t> score(60000, 100000);
  std::uniform_int_distribution<int> capped(0, 9);
  const decimal thousandth = decimal::parse("0.001");
  c.input.descending = {true};
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t v = score(rnd);
    c.millis.push_back(v);
    c.input.keys.push_back(decimal(v) * thousandth);
    c.input.key_rank.push_back(static_cast<std::uint32_t>(i));
    c.input.cap.push_back(capped(rnd) == 0 ? 1 : 0);
  }
  const auto quota = static_cast<std::int64_t>((4 * n + 5) / 10);
  c.input.quota = quota;
  c.input.tiers = {{"一等獎", false, (15 * quota + 50) / 100}, {"二等獎", false, (35 * quota + 50) / 100},
                   {"三等獎", true, 0}};
  return cases.emplace(n, std::move(c)).first->second;
}

// The peer: sort (key desc, index) and fill best tier first, honouring caps.
std::vector<std::int32_t> peer_fill(const alloc_case& c) {
  const std::size_t n = c.millis.size();
  std::vector<std::pair<std::int64_t, std::uint32_t>> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = {-c.millis[i], static_cast<std::uint32_t>(i)};
  std::sort(order.begin(), order.end());
  std::vector<std::int32_t> tier(n, -1);
  std::int64_t left[3] = {c.input.tiers[0].size, c.input.tiers[1].size,
                          c.input.quota - c.input.tiers[0].size - c.input.tiers[1].size};
  for (int t = 0; t < 3; ++t) {
    for (std::size_t k = 0; k < n && left[t] > 0; ++k) {
      const std::uint32_t e = order[k].second;
      if (tier[e] < 0 && c.input.cap[e] <= t) {
        tier[e] = t;
        --left[t];
      }
    }
  }
  return tier;
}

std::string key(const char* who, std::size_t n) { return std::string("Allocate/") + who + "/" + std::to_string(n); }

void BM_Allocate_Peer(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const alloc_case& c = make_case(n);
  timed_loop(state, key("Peer", n), "", n, 0, [&] {
    auto t = peer_fill(c);
    benchmark::DoNotOptimize(t);
  });
}

void BM_Allocate_Merit(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const alloc_case& c = make_case(n);
  if (detail::allocate(c.input).tier != peer_fill(c)) {
    state.SkipWithError("merit's allocator and the peer place the entrants differently");
    return;
  }
  timed_loop(state, key("Merit", n), key("Peer", n), n, 0, [&] {
    auto out = detail::allocate(c.input);
    benchmark::DoNotOptimize(out);
  });
}

}  // namespace

void register_alloc() {
  for (auto* bm : {benchmark::RegisterBenchmark("BM_Allocate_Peer", BM_Allocate_Peer),
                   benchmark::RegisterBenchmark("BM_Allocate_Merit", BM_Allocate_Merit)}) {
    bm->Arg(10000)->Arg(100000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond);
  }
}

}  // namespace merit::bench
