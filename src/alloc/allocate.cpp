// SPDX-License-Identifier: Apache-2.0
// merit - filling one partition of one stage
#include "alloc/allocate.hpp"

#include <algorithm>
#include <climits>
#include <optional>
#include <numeric>
#include <span>
#include <stdexcept>

namespace merit::detail {

namespace {

std::string places(std::int64_t n) {
  return std::to_string(n) + (n == 1 ? " place" : " places");
}

// The order of the entrants when there is one key and every value of it is
// an integer after scaling by a common 10^k (k <= 9) that fits 64 bits: the
// usual case (scores with a few decimals). Sorting 16-byte records of plain
// integers is several times cheaper than comparing decimals. Empty when the
// keys do not allow it; the caller then sorts by decimals. `scaled` is set
// to the keys as integers: the input's own, or ones made into `made`. When
// the order comes from counting, `rank` (one per entrant) is filled too:
// entrant i's 1-based position, written in entrant order as the counting
// places it (else the caller inverts the order, one scattered write per
// entrant), and `ranked` is set.
std::vector<std::uint32_t> compact_order(const alloc_input& in, std::vector<std::int64_t>& made,
                                         std::span<const std::int64_t>& scaled, std::vector<std::uint32_t>& rank,
                                         bool& ranked) {
  const std::size_t n = in.size();
  if (in.descending.size() != 1 || n < 2) return {};
  static const decimal pow10[] = {decimal(1),         decimal(10),         decimal(100),
                                  decimal(1000),      decimal(10000),      decimal(100000),
                                  decimal(1000000),   decimal(10000000),   decimal(100000000),
                                  decimal(1000000000)};
  constexpr int max_scale = 9;
  if (in.scaled.empty()) {
    int k = 0;
    for (const decimal& x : in.keys) {
      while (k <= max_scale && !(x * pow10[k]).is_integer()) ++k;
      if (k > max_scale) return {};
    }
    made.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::optional<std::int64_t> v = (in.keys[i] * pow10[k]).to_int64();
      if (!v) return {};
      made[i] = *v;
    }
    scaled = made;
  } else {
    scaled = in.scaled;  // read in place: a copy would be 8 more bytes per entrant to write
  }
  const bool desc = in.descending[0];
  // When key_rank ascends with the entrant index (keys already in order,
  // the usual case) and the values span a small range, a stable counting
  // sort by value gives the same order without comparisons.
  bool rank_ascends = true;
  for (std::size_t i = 1; i < n && rank_ascends; ++i) rank_ascends = in.key_rank[i - 1] < in.key_rank[i];
  if (rank_ascends) {
    const auto [lo_it, hi_it] = std::minmax_element(scaled.begin(), scaled.end());
    const std::int64_t lo = *lo_it, hi = *hi_it;
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (span < 4 * static_cast<std::uint64_t>(n) + 4096) {
      // Bucket b holds value lo + b (ascending) or hi - b (descending).
      auto bucket = [&](std::size_t i) {
        return static_cast<std::size_t>(desc ? static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(scaled[i])
                                             : static_cast<std::uint64_t>(scaled[i]) - static_cast<std::uint64_t>(lo));
      };
      std::vector<std::uint32_t> start(static_cast<std::size_t>(span) + 2, 0);
      for (std::size_t i = 0; i < n; ++i) ++start[bucket(i) + 1];
      for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
      std::vector<std::uint32_t> order(n);
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t pos = start[bucket(i)]++;
        order[pos] = static_cast<std::uint32_t>(i);
        rank[i] = pos + 1;
      }
      ranked = true;
      return order;
    }
  }
  struct entry {
    std::int64_t key;
    std::uint32_t rank;
    std::uint32_t index;
  };
  std::vector<entry> e(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t v = scaled[i];
    if (v == INT64_MIN) return {};
    e[i] = {desc ? -v : v, in.key_rank[i], static_cast<std::uint32_t>(i)};
  }
  std::sort(e.begin(), e.end(), [](const entry& a, const entry& b) {
    return a.key != b.key ? a.key < b.key : a.rank < b.rank;
  });
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = e[i].index;
  return order;
}

}  // namespace

alloc_output allocate(const alloc_input& in) {
  const std::size_t n = in.size();
  const std::size_t nkeys = in.descending.size();
  const std::size_t ntiers = in.tiers.size();
  const bool by_scaled = !in.scaled.empty() || (nkeys == 1 && n == 0 && in.keys.empty());
  if ((by_scaled ? (nkeys != 1 || in.scaled.size() != n || !(in.keys.empty() || in.keys.size() == n))
                 : in.keys.size() != n * nkeys) ||
      (!in.cap.empty() && in.cap.size() != n) || ntiers == 0 || (!in.group.empty() && in.group.size() != n) ||
      std::any_of(in.group.begin(), in.group.end(), [n](std::uint32_t g) { return g >= n; })) {
    throw std::invalid_argument("allocate: inconsistent input");
  }
  alloc_output out;
  out.rank.assign(n, 0);
  out.tier.assign(n, -1);
  out.tie.assign(n, 0);

  // Sizes are fixed before filling (negative ones count as 0, `rest` takes
  // what the others leave of the quota).
  out.quota = in.quota;
  if (in.quota < 0) {
    out.warnings.push_back("quota is negative (" + std::to_string(in.quota) + "); it counts as 0");
    out.quota = 0;
  }
  out.size.assign(ntiers, 0);
  std::int64_t named = 0;
  std::int64_t rest_tier = -1;
  for (std::size_t t = 0; t < ntiers; ++t) {
    if (in.tiers[t].rest) {
      rest_tier = static_cast<std::int64_t>(t);
      continue;
    }
    std::int64_t s = in.tiers[t].size;
    if (s < 0) {
      out.warnings.push_back("tier '" + in.tiers[t].name + "' has a negative size (" + std::to_string(s) +
                             "); it counts as 0");
      s = 0;
    }
    out.size[t] = s;
    named += s;
  }
  if (rest_tier >= 0) {
    const std::int64_t r = out.quota - named;
    if (r < 0) {
      out.warnings.push_back("tier '" + in.tiers[static_cast<std::size_t>(rest_tier)].name +
                             "' (rest) would be negative (" + std::to_string(r) + "); it counts as 0");
    }
    out.size[static_cast<std::size_t>(rest_tier)] = std::max<std::int64_t>(0, r);
  }
  const std::int64_t total = std::accumulate(out.size.begin(), out.size.end(), std::int64_t{0});
  if (total > out.quota) {
    out.warnings.push_back("tier sizes add up to " + std::to_string(total) + ", more than the quota " +
                           std::to_string(out.quota) + "; all are honoured");
  } else if (total < out.quota) {
    out.warnings.push_back("tier sizes add up to " + std::to_string(total) + ", less than the quota " +
                           std::to_string(out.quota) + "; " + places(out.quota - total) +
                           " of the quota belong to no tier");
  }
  if (n == 0) {
    out.warnings.push_back("no entrants");
    out.filled.assign(ntiers, 0);
    for (std::size_t t = 0; t < ntiers; ++t) {
      if (out.size[t] > 0) {
        out.warnings.push_back("tier '" + in.tiers[t].name + "' has " + places(out.size[t]) + " unfilled");
      }
    }
    return out;
  }

  // One sort of the entrants: the order-by keys, then the key field.
  // The keys as scaled integers, when compact_order could use them.
  std::vector<std::int64_t> made;
  std::span<const std::int64_t> scaled;
  const auto compare_keys = [&](std::uint32_t a, std::uint32_t b) -> int {
    if (!scaled.empty()) {
      if (scaled[a] == scaled[b]) return 0;
      return (scaled[a] < scaled[b]) != in.descending[0] ? -1 : 1;
    }
    for (std::size_t k = 0; k < nkeys; ++k) {
      const auto c = in.keys[a * nkeys + k] <=> in.keys[b * nkeys + k];
      if (c != 0) {
        const int r = c < 0 ? -1 : 1;
        return in.descending[k] ? -r : r;
      }
    }
    return 0;
  };
  bool ranked = false;
  std::vector<std::uint32_t> order = compact_order(in, made, scaled, out.rank, ranked);
  if (order.empty() && !in.scaled.empty() && in.keys.size() != n) {
    // Scaled keys only, one of them INT64_MIN (descending cannot negate it).
    scaled = in.scaled;
    order.resize(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const int c = compare_keys(a, b);
      return c != 0 ? c < 0 : in.key_rank[a] < in.key_rank[b];
    });
  } else if (order.empty()) {
    scaled = {};
    order.resize(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const int c = compare_keys(a, b);
      return c != 0 ? c < 0 : in.key_rank[a] < in.key_rank[b];
    });
  }
  if (!ranked)
    for (std::size_t i = 0; i < n; ++i) out.rank[order[i]] = static_cast<std::uint32_t>(i + 1);

  // The filling and the tie flags walk the entrants in order, so they work
  // on positions in `order`: each position's cap, distinct value and tier
  // side by side (read in sequence), written back by entrant at the end.
  // Reading them by entrant, out of order, was most of the filling's time.
  std::vector<std::int32_t> cap_at(in.cap.empty() ? 0 : n);
  for (std::size_t i = 0; i < cap_at.size(); ++i) cap_at[i] = in.cap[order[i]];
  std::vector<std::uint32_t> group_at(in.group.empty() ? 0 : n);
  for (std::size_t i = 0; i < group_at.size(); ++i) group_at[i] = in.group[order[i]];
  std::vector<std::int32_t> tier_at(n, -1);
  const auto allowed = [&](std::size_t i, std::size_t t) {
    return cap_at.empty() || static_cast<std::size_t>(cap_at[i]) <= t;
  };

  // Tiers are filled best first; each takes, in order, the entrants not yet
  // placed that its caps allow, up to its size. With `distinct` this is the
  // spread pass, which also skips entrants whose value is already placed (in
  // any tier); a relaxation pass then fills the places still empty, tiers
  // best first, whatever the value (docs/language.md section 15).
  const bool spread = !in.group.empty();
  std::vector<std::uint8_t> taken;  // per distinct value: an entrant with it is placed
  if (spread) taken.assign(*std::max_element(in.group.begin(), in.group.end()) + std::size_t{1}, 0);
  const auto eligible_for = [&](std::size_t i, std::size_t t, bool spreading) {
    return tier_at[i] < 0 && allowed(i, t) && !(spreading && taken[group_at[i]]);
  };
  const auto place = [&](std::size_t i, std::size_t t) {
    tier_at[i] = static_cast<std::int32_t>(t);
    ++out.filled[t];
    if (spread) taken[group_at[i]] = 1;
  };
  out.filled.assign(ntiers, 0);
  std::vector<std::int64_t> normal(ntiers, 0);   // placed by the fill itself, not by ties share
  std::vector<std::int64_t> relaxed(ntiers, 0);  // placed by the relaxation pass
  const auto fill = [&](std::size_t t, bool spreading) {
    const std::int64_t size = out.size[t];
    std::int64_t last = -1;  // position in `order` of the last entrant this pass placed here
    if (!spread) {
      // Without `distinct`, one pass with no branch on whether an entrant
      // is taken: caps make that as good as random.
      const auto tt = static_cast<std::int32_t>(t);
      std::int64_t placed = 0;
      const std::int32_t* const caps = cap_at.empty() ? nullptr : cap_at.data();
      for (std::size_t i = 0; i < n && normal[t] + placed < size; ++i) {
        const bool take = (tier_at[i] < 0) & (caps == nullptr || static_cast<std::size_t>(caps[i]) <= t);
        tier_at[i] = take ? tt : tier_at[i];
        placed += take;
        last = take ? static_cast<std::int64_t>(i) : last;
      }
      normal[t] += placed;
      out.filled[t] += placed;
    } else {
      for (std::size_t i = 0; i < n && normal[t] < size; ++i) {
        if (!eligible_for(i, t, spreading)) continue;
        place(i, t);
        ++normal[t];
        if (!spreading) ++relaxed[t];
        last = static_cast<std::int64_t>(i);
      }
    }
    if (in.ties_share && last >= 0 && normal[t] == size) {
      // Entrants equal on every key to the last one placed sit right after it.
      const std::uint32_t anchor = order[static_cast<std::size_t>(last)];
      for (std::size_t i = static_cast<std::size_t>(last) + 1; i < n; ++i) {
        if (compare_keys(anchor, order[i]) != 0) break;
        if (eligible_for(i, t, spreading)) place(i, t);
      }
    }
  };
  for (std::size_t t = 0; t < ntiers; ++t) fill(t, spread);
  if (spread)
    for (std::size_t t = 0; t < ntiers; ++t)
      if (normal[t] < out.size[t]) fill(t, false);
  for (std::size_t t = 0; t < ntiers; ++t) {
    const std::int64_t size = out.size[t];
    if (out.filled[t] > size) {
      out.warnings.push_back("tier '" + in.tiers[t].name + "' grew from " + std::to_string(size) + " to " +
                             std::to_string(out.filled[t]) + " by ties share");
    }
    if (relaxed[t] > 0) {
      out.warnings.push_back("tier '" + in.tiers[t].name + "' took " + std::to_string(relaxed[t]) +
                             (relaxed[t] == 1 ? " entrant whose " : " entrants whose ") + in.distinct_text +
                             " was already placed (distinct relaxed: no entrant with another value was left)");
    }
    if (normal[t] < size) {
      out.warnings.push_back("tier '" + in.tiers[t].name + "' has " + places(size - normal[t]) + " unfilled");
    }
  }

  // The tie flag: within each run of entrants equal on every key, the
  // entrants of one effective cap are all flagged when they got more than
  // one outcome. Linear in the run, so a million equal scores stay cheap.
  struct cap_group {
    bool seen = false;
    bool mixed = false;
    std::int32_t outcome = -1;
  };
  std::vector<cap_group> groups(ntiers + 1);
  const auto cap_of = [&](std::size_t i) {
    return cap_at.empty() ? std::size_t{0} : std::min<std::size_t>(static_cast<std::size_t>(cap_at[i]), ntiers);
  };
  // Runs of equal keys: with scaled keys, compared by position (one pass
  // reads each key in order) rather than through `order` for every pair.
  std::vector<std::int64_t> key_at(scaled.empty() ? 0 : n);
  for (std::size_t i = 0; i < key_at.size(); ++i) key_at[i] = scaled[order[i]];
  const auto same_key = [&](std::size_t i, std::size_t j) {
    return key_at.empty() ? compare_keys(order[i], order[j]) == 0 : key_at[i] == key_at[j];
  };
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && same_key(i, j)) ++j;
    if (j - i > 1) {
      std::fill(groups.begin(), groups.end(), cap_group{});
      for (std::size_t a = i; a < j; ++a) {
        cap_group& g = groups[cap_of(a)];
        if (!g.seen) {
          g.seen = true;
          g.outcome = tier_at[a];
        } else if (g.outcome != tier_at[a]) {
          g.mixed = true;
        }
      }
      for (std::size_t a = i; a < j; ++a) out.tie[order[a]] = groups[cap_of(a)].mixed;
    }
    i = j;
  }
  // Read back by position, written by entrant: scattered reads overlap
  // where scattered writes would not.
  for (std::size_t i = 0; i < n; ++i) out.tier[i] = tier_at[out.rank[i] - 1];
  return out;
}

}  // namespace merit::detail
